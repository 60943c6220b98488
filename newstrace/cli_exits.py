"""What each command's exit code means, shown at the end of its --help (and so in docs/cli.md).

One table, so scripts can rely on the codes and the reference cannot drift from them; tests/test_cli_conventions.py
checks that every command has its entry."""

from __future__ import annotations

import click

# What every command's codes mean unless its entry says more: click gives 2 to a command line it cannot parse.
COMMON = {
    0: "done",
    1: 'an error, in one "Error:" line (no database there, no such article or story, a value it cannot use)',
    2: "a usage error: an unknown option, a missing argument",
}
# A batch's codes (newstrace.batch: EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING_USABLE), for `ingest` and `run`.
BATCH = {
    0: "every input went in",
    1: "some inputs failed or were skipped (each listed on stderr), or an error",
    2: "nothing usable was found, or a usage error",
}
# Per command, what differs from COMMON.
EXIT_CODES: dict[str, dict[int, str]] = {
    "analyze": {1: "some articles failed to be analysed (each listed on stderr), or an error"},
    "articles": {},
    "assess": {},
    "attributions": {1: "a file could not be read as UTF-8 text, no spaCy pipeline installed, or an error"},
    "check": {1: "no story is close enough to the claim (name one with --story), or an error"},
    "claims": {},
    "copies": {},
    "datasette-metadata": {},
    "export": {},
    "info": {},
    "ingest": BATCH,
    "link": {},
    "run": {
        **BATCH,
        1: BATCH[1] + "; some articles failed a later stage; with --serve, the port is in use",
    },
    "serve": {0: "stopped with Ctrl-C", 1: "the port is in use (try another --port), or an error"},
    "show": {},
    "sources": {},
    "stories": {},
    "watch": {
        0: "the round went through, or Ctrl-C stopped --every",
        1: "a source or page failed in the round (each listed), or an error",
    },
}


def exit_codes_text(name: str) -> str:
    """The "Exit codes:" block of command ``name``'s help, kept unwrapped by click's \\b."""
    codes = {**COMMON, **EXIT_CODES.get(name, {})}
    return "\b\nExit codes:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in sorted(codes.items()))


def document_exit_codes(group: click.Group) -> None:
    """End every command's --help with its exit codes (COMMON for a command EXIT_CODES lacks: a test fails)."""
    for name, command in group.commands.items():
        command.epilog = exit_codes_text(name)
