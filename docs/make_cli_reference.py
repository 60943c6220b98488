"""Write docs/cli.md from the commands' own --help, so the reference cannot drift.

Run: python docs/make_cli_reference.py   (tests/test_docs.py fails when it is stale)
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from newstrace.cli import cli

OUT = Path(__file__).with_name("cli.md")


def reference() -> str:
    runner = CliRunner()
    parts = [
        "# CLI reference\n",
        "Generated from `--help` by `python docs/make_cli_reference.py`.\n",
    ]
    for args in [[], *([name] for name in sorted(cli.commands))]:
        title = " ".join(["newstrace", *args])
        help_text = runner.invoke(cli, [*args, "--help"], prog_name="newstrace", terminal_width=100).output
        parts.append(f"## {title}\n\n```\n{help_text.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    OUT.write_text(reference(), encoding="utf-8")
    print(f"wrote {OUT}")
