"""``newstrace info``: versions, models, the database and what it holds, as ``spacy info`` prints its own.

Imported at the end of :mod:`newstrace.cli`, once the helpers it builds on exist; it adds itself to the group."""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
from typing import Any

import click

from . import __version__, meaning
from .cli import cli, existing_db_option, friendly_errors
from .settings import DEFAULT_MODELS
from .store import Store, shown_db


@cli.command()
@existing_db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@friendly_errors
def info(db: str, as_json: bool) -> None:
    """Print newstrace's version, Python's, spaCy's and its pipeline's, the sentence encoder, the database (path
    and size) and the rows in each of its tables: what a bug report needs.

    Reads package versions, not the models themselves, so it is quick.

    \b
    Example:
        newstrace info
        newstrace info --json | jq .tables
    """
    with Store(db) as store:
        tables = store.table_counts()
    record = info_record(db, tables)
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    for line in info_lines(record):
        click.echo(line)


def info_record(db: str, tables: dict[str, int]) -> dict[str, Any]:
    """What `info` reports, as one record (the --json output)."""
    pipeline = installed_pipeline()
    return {
        "newstrace": __version__,
        "python": platform.python_version(),
        "spacy": package_version("spacy"),
        "spacy_pipeline": {"name": pipeline, "version": package_version(pipeline)} if pipeline else None,
        "sentence_encoder": meaning.model_id(),
        "database": shown_db(db),
        "database_bytes": database_bytes(db),
        "tables": tables,
    }


def info_lines(record: dict[str, Any]) -> list[str]:
    """The record as aligned "name  value" lines, the table counts indented below "tables"."""
    pipeline = record["spacy_pipeline"]
    size = record["database_bytes"]
    fields = {
        "newstrace": record["newstrace"],
        "Python": record["python"],
        "spaCy": record["spacy"] or "not installed",
        "spaCy pipeline": f"{pipeline['name']} {pipeline['version']}" if pipeline else "none installed",
        "sentence encoder": record["sentence_encoder"] or "off (claims grouped by words alone)",
        "database": record["database"] + (f" ({size:,} bytes)" if size is not None else ""),
    }
    width = max([len(name) for name in fields] + [len(name) + 2 for name in record["tables"]]) + 2
    lines = [f"{name:<{width}}{value}" for name, value in fields.items()]
    lines.append("tables")
    lines += [f"  {name:<{width - 2}}{count:,}" for name, count in record["tables"].items()]
    return lines


def installed_pipeline() -> str | None:
    """The spaCy pipeline `analyze` would load by default: the first of DEFAULT_MODELS installed, or None."""
    return next((name for name in DEFAULT_MODELS if package_version(name)), None)


def package_version(name: str) -> str | None:
    """The installed version of package ``name``, or None; no import, so a model is not loaded to say it."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def database_bytes(db: str) -> int | None:
    """An SQLite database's size on disk, its write-ahead log included; None for a server's database (a URL)."""
    if "://" in db:
        return None
    return sum(os.path.getsize(path) for path in (db, f"{db}-wal") if os.path.exists(path))
