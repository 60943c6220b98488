"""``newstrace datasette-metadata``: Datasette's metadata.json for the database. :mod:`newstrace.datasette` builds it.

Imported at the end of :mod:`newstrace.cli`, once the helpers it builds on exist; it adds itself to the group."""

from __future__ import annotations

import json

import click

from .cli import cli, db_option, friendly_errors
from .datasette import database_name, datasette_metadata
from .store import shown_db


@cli.command("datasette-metadata")
@db_option
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-", help="Write here instead of stdout.")
@friendly_errors
def datasette_metadata_command(db: str, out) -> None:
    """Print Datasette's metadata.json for the database: table and column labels, full-text search on
    articles, canned queries (disputed claims with their origins, copies per outlet pair).

    \b
    Example:
        newstrace datasette-metadata --out metadata.json
        datasette newstrace.db --metadata metadata.json
    """
    if "://" in db:
        raise click.UsageError(f"Datasette opens SQLite files; {shown_db(db)} is a database URL")
    json.dump(datasette_metadata(database_name(db)), out, ensure_ascii=False, indent=2)
    out.write("\n")
