"""How the listing commands print rows: the output flags (--json, --nl, --csv, --tsv), the records they write,
the claim tables, and the summary `run` ends with. Nothing here reads the database; commands hand records in."""

from __future__ import annotations

import functools
import itertools
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from .assess.status import STATUSES
from .console import plural
from .export_claims import write_table
from .ingest.text import clip
from .models import Claim, Story

# The output flags of a listing command, and the format each asks for (none: the human-readable table).
OUTPUT_FLAGS = {
    "json": "One JSON document.",
    "nl": "One JSON object per line, for streaming.",
    "csv": "CSV with a header row; lists joined with '; ', nested parts (spans' fields aside) left to --json.",
    "tsv": "Tab-separated, as --csv.",
}
# Lists in a CSV cell are joined with this, as the export's CSV joins authors (docs/export.md).
LIST_SEPARATOR = "; "
# Longest "claimed by" and claim text shown in a claim table.
CLAIMED_BY_WIDTH = 40
CLAIM_WIDTH = 80
# `run` ends with the top claims of its largest stories only: enough to see what was found, short enough to read.
SUMMARY_STORIES = 3
SUMMARY_CLAIMS = 5


def output_options(command: Callable) -> Callable:
    """--json, --nl, --csv and --tsv, meaning the same on every command that lists things; the command is given
    one ``output`` in their place: the flag's name, or None for the table. Two of them at once is a usage error."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        chosen = [name for name in OUTPUT_FLAGS if kwargs.pop(f"as_{name}")]
        if len(chosen) > 1:
            raise click.UsageError(f"choose one of {', '.join('--' + name for name in chosen)}")
        return command(*args, output=chosen[0] if chosen else None, **kwargs)

    for name, help_text in reversed(OUTPUT_FLAGS.items()):
        wrapper = click.option(f"--{name}", f"as_{name}", is_flag=True, help=help_text)(wrapper)
    return wrapper


def emit_records(records: Iterable[dict[str, Any]], output: str) -> None:
    """Records to stdout as ``output`` says: json (one document), nl (one object a line), csv or tsv."""
    if output == "nl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    elif output in ("csv", "tsv"):
        write_rows((flat_record(record) for record in records), sys.stdout, "\t" if output == "tsv" else ",")
    else:
        click.echo(json.dumps(list(records), ensure_ascii=False, indent=2))


def write_rows(rows: Iterable[dict[str, Any]], out, delimiter: str = ",") -> int:
    """Flat rows as CSV (or TSV) with a header row, the columns those of the first row; the count written."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    return write_table(itertools.chain([first], rows), tuple(first), out, delimiter, lineterminator="\r\n")


def flat_record(record: dict[str, Any]) -> dict[str, Any]:
    """A record as one CSV row: lists of plain values joined with "; ", a dict of plain values (a span) as
    ``name.field`` columns; deeper parts (mentions, origins by side) are left out: --json has them."""
    row: dict[str, Any] = {}
    for name, value in record.items():
        if isinstance(value, dict) and all(_plain(v) for v in value.values()):
            row.update({f"{name}.{key}": inner for key, inner in value.items()})
        elif isinstance(value, list | tuple) and all(_plain(v) for v in value):
            row[name] = LIST_SEPARATOR.join(str(v) for v in value)
        elif _plain(value):
            row[name] = value
    return row


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def table_console() -> Console:
    """The console tables print to: stdout, wide when it is not a terminal (so piped rows are not folded)."""
    return Console(highlight=False, markup=False, width=200 if not sys.stdout.isatty() else None)


# --- claims --------------------------------------------------------------------------------------------------


def claim_filter_options(command: Callable) -> Callable:
    """--status (repeatable, or a comma list) and --min-origins, given to the command as ``statuses`` (a tuple)
    and ``min_origins``."""
    command = click.option(
        "--min-origins",
        type=click.IntRange(min=0),
        default=0,
        metavar="N",
        help="Only claims that N or more independent origins support (a government's ministries, officials and "
        "state media count once; relays and copies count for nothing).",
    )(command)
    return click.option(
        "--status",
        "statuses",
        multiple=True,
        callback=_statuses,
        metavar="STATUS",
        help=f"Only claims with this status: {', '.join(STATUSES)} (repeatable, or a comma list).",
    )(command)


def _statuses(context: click.Context, param: click.Parameter, given: tuple[str, ...]) -> tuple[str, ...]:
    chosen = tuple(name.strip() for value in given for name in value.split(",") if name.strip())
    unknown = [name for name in chosen if name not in STATUSES]
    if unknown:
        raise click.BadParameter(f"{unknown[0]!r} is not one of {', '.join(STATUSES)}")
    return chosen


def print_claim_table(
    out: Console, story: int, title: str, claims: list[Claim], limit: int | None, rest: str, evidence: bool = False
) -> None:
    """One story's claims as a table, the first ``limit`` of them (all with None), then how many are left and
    ``rest``, how to see them; with ``evidence``, each shown claim's trail."""
    out.print(f"Story {story}: {title}", style="bold")
    shown = claims if limit is None else claims[:limit]
    table = Table(box=None, header_style="bold")
    for column in ("rank", "id", "status", "for", "against", "unconf.", "relays", "claimed by", "claim"):
        table.add_column(column, overflow="fold")
    for claim in shown:
        table.add_row(
            str(claim.rank or ""),
            str(claim.id),
            claim.status,
            str(claim.supporting),
            str(claim.disputing),
            str(claim.unconfirmed),
            str(claim.relays),
            clip(claim.claimed_by or "", CLAIMED_BY_WIDTH),
            clip(claim.text, CLAIM_WIDTH),
        )
    out.print(table)
    if len(shown) < len(claims):
        out.print(f"  … {plural(len(claims) - len(shown), 'more claim')} ranked lower: {rest}")
    if evidence:
        for claim in shown:
            out.print(f"#{claim.id}", style="bold")
            for line in claim.evidence:
                out.print("  " + line)
    out.print()


def by_story(claims: Iterable[Claim]) -> dict[int, list[Claim]]:
    """Claims grouped by story, in the order given (a story's claims by rank)."""
    grouped: dict[int, list[Claim]] = {}
    for claim in claims:
        grouped.setdefault(claim.story, []).append(claim)
    return grouped


def status_counts(claims: Iterable[Claim]) -> str:
    """ "3 corroborated, 40 single_source, 2 disputed": each status present, in the order of STATUSES, named as
    `claims --status` takes it."""
    counts = {status: 0 for status in STATUSES}
    for claim in claims:
        counts[claim.status] = counts.get(claim.status, 0) + 1
    return ", ".join(f"{count} {status}" for status, count in counts.items() if count)


def print_run_summary(out: Console, stories: list[Story], claims: list[Claim]) -> None:
    """What `run` ends with: stories and claims by status, the top claims of the largest stories, and the
    commands that show the rest."""
    grouped = by_story(claims)
    counted = f"{plural(len(stories), 'story', 'stories')}, {plural(len(claims), 'claim')}"
    out.print(f"{counted}: {status_counts(claims)}" if claims else counted)
    out.print()
    largest = sorted((s for s in stories if grouped.get(s.id)), key=lambda s: (-len(s.articles), s.id))
    for story in largest[:SUMMARY_STORIES]:
        title = f"{story.title} ({plural(len(story.articles), 'article')})"
        rest = f"newstrace claims --story {story.id}"
        print_claim_table(out, story.id, title, grouped[story.id], SUMMARY_CLAIMS, rest)
    if len(largest) > SUMMARY_STORIES:
        out.print(f"… {plural(len(largest) - SUMMARY_STORIES, 'more story', 'more stories')}: newstrace stories")
    out.print("Every claim of a story: newstrace claims --story ID; to browse them all: newstrace serve")
