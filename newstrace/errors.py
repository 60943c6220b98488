"""Exceptions newstrace raises, and helpers that give their messages one shape.

Three kinds of trouble (see STYLE.md, section 4):

* misuse of the API raises ``ValueError``/``TypeError`` at once, built with
  :func:`bad_value`;
* unusable data raises :class:`BadInput` inside a reader, which the ingest
  loop turns into an :class:`~newstrace.models.IngestFailure` and moves on;
* the CLI turns any :class:`NewstraceError` into a one-line ``Error: ...``.
"""

from __future__ import annotations

from typing import Any


class NewstraceError(Exception):
    """Base class of the errors the CLI reports as one line."""


class BadInput(NewstraceError):
    """A file or record that cannot be read; ``record`` locates it inside a file."""

    def __init__(self, reason: str, record: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.record = record


class NotFound(NewstraceError):
    """A looked-up item (an article id, say) is not in the database."""


class SchemaTooNew(NewstraceError):
    """The database was written by a newer newstrace than this one."""


def bad_value(name: str, value: Any, accepted: str) -> ValueError:
    """A ``ValueError`` naming the argument, the value given and what is accepted."""
    return ValueError(f"{name}={value!r} is not accepted; expected {accepted}")


def human_bytes(size: int) -> str:
    """``20971520`` -> ``'20 MB'``: sizes in messages read the same everywhere."""
    step = 1024.0
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < step or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" or value >= 10 else f"{value:.1f} {unit}"
        value /= step
    raise AssertionError("unreachable")


# Longest message kept of an error recorded on a record (the rest is in no log anyone reads).
MAX_ERROR_CHARS = 300


def one_line(error: BaseException) -> str:
    """An error as one bounded line: "OverflowError: date value out of range"."""
    message = " ".join(str(error).split())[:MAX_ERROR_CHARS]
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
