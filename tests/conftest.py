"""Fixtures: real SQLite files under tmp_path, the CLI runner, and the shared data."""

from __future__ import annotations

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
