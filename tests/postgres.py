"""A PostgreSQL server for the tests: the one NEWSTRACE_TEST_POSTGRES names, or a throwaway cluster of our own.

The throwaway cluster lives in a temporary folder, listens on 127.0.0.1 on a free port, asks for a password
(so a wrong one is refused, as on a real server), and is stopped and removed at the end of the session.
PostgreSQL refuses to run as root: as root (CI), its programs run as the ``postgres`` user that Debian's
package creates.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from newstrace.store.engine import database_url

# An SQLAlchemy URL of a role that may create databases, on a server to test against; unset: start our own.
SERVER_VARIABLE = "NEWSTRACE_TEST_POSTGRES"
# Set to 1 (CI does): a missing PostgreSQL fails the tests that need it, never skips them.
REQUIRE_VARIABLE = "NEWSTRACE_REQUIRE_POSTGRES"
# The throwaway cluster's superuser and password (connections over TCP must give it).
SUPERUSER, PASSWORD = "postgres", "pg-test-secret"
# Where Debian's packages put initdb and pg_ctl (not on PATH there).
DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin"
# Settings for a cluster whose data may be lost: no waiting on the disk.
THROWAWAY_SETTINGS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
# Seconds to wait for the cluster to start or stop.
START_SECONDS = 60


class Unavailable(Exception):
    """No PostgreSQL server can be had here; the message says why."""


def required() -> bool:
    """Whether a missing server must fail the tests instead of skipping them."""
    return os.environ.get(REQUIRE_VARIABLE, "") not in ("", "0")


@contextmanager
def server() -> Iterator[str]:
    """The admin URL of a server to test against (raises :class:`Unavailable` when there is none)."""
    if importlib.util.find_spec("psycopg") is None:
        raise Unavailable("its driver is not installed: pip install -e '.[test,scale]'")
    given = os.environ.get(SERVER_VARIABLE)
    if given:
        yield given
        return
    with throwaway_cluster() as url:
        yield url


def binary(name: str) -> str:
    """The path of a PostgreSQL program, on PATH or where Debian installs it."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"{DEBIAN_BINARIES}/{name}"), reverse=True)), None)
    if found is None:
        raise Unavailable(f"{name} is not installed (apt-get install postgresql), and {SERVER_VARIABLE} is not set")
    return found


def as_owner(command: list[str]) -> list[str]:
    """The command as the cluster's owner: ourselves, or the ``postgres`` user when we are root."""
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise Unavailable("running as root and there is no postgres user to run PostgreSQL as") from exc
    return ["runuser", "-u", "postgres", "--", *command]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """initdb and pg_ctl start in a temporary folder; stopped and removed on exit."""
    initdb, pg_ctl = binary("initdb"), binary("pg_ctl")
    folder = tempfile.mkdtemp(prefix="newstrace-pg-")
    data, password_file, port = os.path.join(folder, "data"), os.path.join(folder, "password"), free_port()
    with open(password_file, "w", encoding="utf-8") as handle:
        handle.write(PASSWORD + "\n")
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        for path in (folder, password_file):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    options = f"-h 127.0.0.1 -p {port} -k {folder} {THROWAWAY_SETTINGS}"
    try:
        _run(as_owner([initdb, "-D", data, "-U", SUPERUSER, f"--pwfile={password_file}", "-A", "scram-sha-256", "-N"]))
        _run(as_owner([pg_ctl, "-D", data, "-l", os.path.join(folder, "log"), "-o", options, "-w", "start"]))
        try:
            yield f"postgresql://{SUPERUSER}:{PASSWORD}@127.0.0.1:{port}/postgres"
        finally:
            _run(as_owner([pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str]) -> None:
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=START_SECONDS, env={**os.environ, "LC_ALL": "C.UTF-8"}
    )
    if done.returncode != 0:
        raise Unavailable(f"{' '.join(command)} failed: {(done.stderr or done.stdout).strip()[-500:]}")


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new, empty database on the server, as a plain ``postgresql://`` URL; dropped on exit."""
    name = f"newstrace_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(database_url(admin_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = sa.engine.make_url(admin_url).set(database=name)
        yield url.set(drivername="postgresql").render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
