"""Fixtures: real SQLite files under tmp_path, PostgreSQL databases (tests/postgres.py), the CLI runner, and the
shared data."""

from __future__ import annotations

import contextlib
import importlib.util
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrace.cli import cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"
# ../shared sits beside the repo on developer machines and in CI; tests that need it skip without it.
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
# Property tests run their examples times this (bench/fuzz.py raises it for a long run; CI keeps it short).
FUZZ_FACTOR = int(os.environ.get("NEWSTRACE_FUZZ_FACTOR", "1"))


# Tests of the Dask paths skip where Dask (the `scale` extra) is not installed, except in CI, which installs it:
# there they must run, and fail if it is missing.
needs_dask = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None and not os.environ.get("CI"),
    reason="Dask is not installed (pip install 'newstrace[scale]'); CI installs it and runs this",
)


def fuzz(examples: int) -> int:
    """How many examples a property test runs: ``examples`` in the suite, more under bench/fuzz.py."""
    return examples * FUZZ_FACTOR


FNC1_BODIES = SHARED / "data" / "fnc-1" / "train_bodies.csv"


def need(path: Path) -> Path:
    """Skip the calling test, saying why, when shared data is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent: put the project's shared/ folder beside the repo")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "newstrace.db")


@pytest.fixture
def run(db_path: str):
    """Run the CLI against a fresh database file; returns click's Result."""
    runner = CliRunner()

    def invoke(*args: str, input: bytes | str | None = None):
        return runner.invoke(cli, [*args, "--db", db_path], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def news_site():
    """A small news site on 127.0.0.1 (tests/fetch_server.py), fresh for each test."""
    from fetch_server import serve

    with serve() as site:
        yield site


# The backends the store, pipeline and web tests run on (PostgreSQL's skip without a server, or fail in CI).
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_server():
    """The admin URL of a PostgreSQL server: NEWSTRACE_TEST_POSTGRES, or a throwaway cluster for the session."""
    from postgres import Unavailable, required, server

    stack = contextlib.ExitStack()
    try:
        url = stack.enter_context(server())
    except Unavailable as exc:
        (pytest.fail if required() else pytest.skip)(f"no PostgreSQL server to test against: {exc}")
    with stack:
        yield url


def database(request: pytest.FixtureRequest, backend: str, folder: Path) -> str:
    """A fresh database for a fixture of any scope: an SQLite file in ``folder``, or a new PostgreSQL database as a
    plain ``postgresql://`` URL, dropped when the fixture ends."""
    if backend == "sqlite":
        return str(folder / "newstrace.db")
    from postgres import fresh_database

    stack = contextlib.ExitStack()
    request.addfinalizer(stack.close)
    return stack.enter_context(fresh_database(request.getfixturevalue("postgres_server")))


@pytest.fixture
def postgres_db(request, tmp_path) -> str:
    """A fresh PostgreSQL database's URL (password included), dropped after the test."""
    return database(request, "postgresql", tmp_path)


@pytest.fixture(params=BACKENDS)
def any_db(request, tmp_path) -> str:
    """A fresh database on each backend in turn: an SQLite file, then a PostgreSQL database."""
    return database(request, request.param, tmp_path)
