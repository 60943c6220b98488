"""The ``newstrace`` command: parses arguments and hands the work to the library."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any

import click
import sqlalchemy.exc
from rich.console import Console
from rich.table import Table

from . import __version__
from .batch import analyze_stored, ingest_paths
from .console import stderr
from .errors import NewstraceError
from .export import FORMATS, attribution_record, fact_record, write_export
from .models import Article
from .settings import DEFAULT_DB, DEFAULT_MAX_BYTES, Settings, parse_field_map
from .store import FACT_TABLES, Store

# Metadata lines of `show`, most useful first.
SHOW_ORDER = (
    "external_id",
    "title",
    "outlet",
    "published",
    "url",
    "authors",
    "language",
    "version",
    "crawled",
    "ingested",
    "source_path",
    "extraction_method",
    "skipped_reason",
    "raw_sha256",
    "text_sha256",
)
# Longest title shown in the human-readable article table.
TITLE_WIDTH = 70


def db_option(command: Callable) -> Callable:
    """``--db PATH`` with the ``NEWSTRACE_DB`` fallback, the same on every command."""
    return click.option(
        "--db",
        default=DEFAULT_DB,
        envvar="NEWSTRACE_DB",
        show_default=True,
        show_envvar=True,
        help="SQLite database file (or an SQLAlchemy URL).",
    )(command)


def output_options(command: Callable) -> Callable:
    """``--json`` and ``--nl``, meaning the same on every command that lists things."""
    command = click.option("--nl", "as_nl", is_flag=True, help="One JSON object per line, for streaming.")(command)
    return click.option("--json", "as_json", is_flag=True, help="One JSON document.")(command)


def friendly_errors(command: Callable) -> Callable:
    """Library errors become one ``Error: ...`` line and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (NewstraceError, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc
        except sqlalchemy.exc.DatabaseError as exc:
            db = click.get_current_context().params.get("db", "")
            raise click.ClickException(f"cannot use database {db}: {exc.orig or exc}") from exc

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newstrace")
def cli() -> None:
    """Trace who claims what in the news, on whose authority, and who copied whom.

    \b
    Example:
        newstrace ingest examples/
        newstrace articles
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--map",
    "field_map",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Read FIELD (id, url, outlet, title, published, authors, text, html, language) from COLUMN.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest document read.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@friendly_errors
def ingest(paths: tuple[str, ...], db: str, field_map: tuple[str, ...], max_bytes: int, quiet: bool) -> None:
    """Store the articles found in files, folders, globs or stdin (-).

    Reads HTML pages, plain text, JSONL / JSON / CSV exports, WARC archives and
    RSS/Atom feeds, also inside .gz and .zip files. Re-ingesting adds nothing;
    changed text at a known URL is stored as a new version. Bad inputs are
    listed at the end; exit code 0 when all went in, 1 when some failed, 2
    when nothing usable was found.

    \b
    Example:
        newstrace ingest examples/ 'crawl/*.warc.gz'
        newstrace ingest train_bodies.csv --map text=articleBody --map "id=Body ID"
        cat export.jsonl | newstrace ingest -
    """
    settings = Settings(db=db, max_bytes=max_bytes, field_map=parse_field_map(field_map))
    with Store(db) as store:
        report = ingest_paths(list(paths), store, settings, quiet=quiet)
    for line in report.problem_lines():
        stderr.print(line, markup=False)
    stderr.print(report.summary(), markup=False)
    sys.exit(report.exit_code)


@cli.command()
@db_option
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm, else its re-upload).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Parser processes.")
@click.option("--force", is_flag=True, help="Analyse every article again, not only new ones.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@friendly_errors
def analyze(db: str, model: str | None, workers: int, force: bool, quiet: bool) -> None:
    """Find who says what in every stored article not yet analysed.

    Stores attributions (source, cue, content spans; source type, affiliation
    and canonical name; cue class; hedges and negation; nesting).

    \b
    Example:
        newstrace analyze
        newstrace analyze --force --model en_core_web_md
    """
    with Store(db) as store:
        count = analyze_stored(store, model=model, workers=workers, force=force, quiet=quiet)
    stderr.print(f"Analyzed {count} articles", markup=False)


@cli.command()
@db_option
@output_options
@click.option("--search", "-s", help="Only articles whose title or text contains all these words.")
@click.option("--outlet", help="Only articles from this outlet.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many articles.")
@click.option("--all", "include_all", is_flag=True, help="Include skipped articles and older versions.")
@click.option("--with-text", is_flag=True, help="Include the text in --json / --nl output.")
@friendly_errors
def articles(
    db: str,
    as_json: bool,
    as_nl: bool,
    search: str | None,
    outlet: str | None,
    limit: int | None,
    include_all: bool,
    with_text: bool,
) -> None:
    """List stored articles, newest first.

    \b
    Example:
        newstrace articles --search "ferry capsized" --limit 20
        newstrace articles --nl | jq .title
    """
    with Store(db) as store:
        found = store.articles(
            search=search,
            outlet=outlet,
            limit=limit,
            include_skipped=include_all,
            all_versions=include_all,
        )
        if as_json or as_nl:
            emit_records((_listing_record(a, with_text) for a in found), as_nl=as_nl)
        else:
            _print_article_table(list(found))


def _listing_record(article: Article, with_text: bool) -> dict[str, Any]:
    record = article.to_dict()
    record["word_count"] = len(article.text.split())
    if not with_text:
        record.pop("text")
    return record


def _print_article_table(found: list[Article]) -> None:
    table = Table(box=None, header_style="bold")
    for column in ("id", "published", "outlet", "title", "words"):
        table.add_column(column, justify="right" if column == "words" else "left", overflow="fold")
    for article in found:
        title = article.title or ""
        if len(title) > TITLE_WIDTH:
            title = title[: TITLE_WIDTH - 1] + "…"
        if article.skipped_reason:
            title = f"[skipped: {article.skipped_reason}] {title}"
        table.add_row(
            article.external_id,
            article.published or "",
            article.outlet or "",
            title,
            str(len(article.text.split())),
        )
    out = Console(highlight=False, markup=False, width=200 if not sys.stdout.isatty() else None)
    out.print(table)
    stderr.print(f"{len(found)} articles", markup=False)


@cli.command()
@click.argument("article_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The article as one JSON object.")
@click.option("--claims", is_flag=True, help="Mark sources [[...]], cues <<...>> and contents {{...}} in the text.")
@friendly_errors
def show(article_id: str, db: str, as_json: bool, claims: bool) -> None:
    """Show one article: its metadata, then its text.

    ARTICLE_ID is the external id (as `newstrace articles` lists it) or the row id.

    \b
    Example:
        newstrace show examples/npa-wire.html
    """
    with Store(db) as store:
        article = store.article(article_id)
        versions = store.versions(article)
        found = [a for _, a in store.attributions(article)]
        facts = {name: [asdict(r) for _, r in store.facts(name, article)] for name in FACT_TABLES}
    if as_json:
        record = article.to_dict()
        record["attributions"] = [attribution_record(a) for a in found]
        record.update(facts)
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    record = article.to_dict()
    text = record.pop("text")
    record["authors"] = "; ".join(record["authors"])
    record["version"] = ", ".join(
        f"{v.version} ({v.ingested})" if v.id != article.id else f"[{v.version}]" for v in versions
    )
    fields = {key: record[key] for key in SHOW_ORDER if key in record}
    width = max(len(key) for key in fields)
    for key, value in fields.items():
        if value not in (None, ""):
            click.echo(f"{key:<{width}}  {value}")
    click.echo()
    if not claims:
        click.echo(text)
        return
    click.echo(mark_attributions(text, found))
    click.echo()
    click.echo(f"{len(found)} attributions (chain: relaying source -> source):")
    for attribution in found:
        click.echo("  " + describe_chain(attribution, found))


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
@click.option("--all", "include_all", is_flag=True, help="Include skipped articles and older versions.")
@friendly_errors
def export(db: str, fmt: str, out: str | None, include_all: bool) -> None:
    """Export the database in a documented, stable schema (docs/export.md).

    \b
    Example:
        newstrace export --format json --out newstrace.json
        newstrace export --format csv > articles.csv
    """
    with Store(db) as store:
        found = store.articles(include_skipped=include_all, all_versions=include_all)
        sections = {"attributions": (attribution_record(a, eid) for eid, a in store.attributions())}
        for name in FACT_TABLES:
            sections[name] = (fact_record(record, eid) for eid, record in store.facts(name))
        if out:
            with open(out, "w", encoding="utf-8", newline="") as handle:
                count = write_export(found, handle, fmt, sections)
            stderr.print(f"Wrote {count} articles to {out}", markup=False)
        else:
            write_export(found, sys.stdout, fmt, sections)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it local).")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Port to listen on.")
@friendly_errors
def serve(db: str, host: str, port: int) -> None:
    """Browse stories, claims and articles in a local web app, with JSON twins.

    Every page has a JSON twin: add .json to its path. Articles can be added
    from the browser (upload or paste); the pipeline runs in the background.

    \b
    Example:
        newstrace serve
        newstrace serve --db crawl.db --port 8001
    """
    import uvicorn

    from .web import create_app

    stderr.print(f"Serving {db} at http://{host}:{port}/ (Ctrl-C stops)", markup=False)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object mapping each file to its attributions.")
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm, else its re-upload).")
@friendly_errors
def attributions(files: tuple[str, ...], as_json: bool, model: str | None) -> None:
    """Print who says what in plain-text files, without a database.

    Each attribution has `source`, `cue` and `content`: null, one
    {"start", "end", "text"} span, or a list of spans when discontinuous;
    offsets are characters in the file's text as read (UTF-8).

    \b
    Example:
        newstrace attributions article.txt --json
    """
    from .analyze import find_attributions, load_model

    nlp = load_model(model)
    texts = {}
    for path in files:
        with open(path, encoding="utf-8", newline="") as handle:  # offsets must match the file
            texts[path] = handle.read()
    result = {path: [attribution_record(a) for a in find_attributions(nlp(text))] for path, text in texts.items()}
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for path, records in result.items():
        click.echo(f"{path}: {len(records)} attributions")
        for record in records:
            parts = [_span_text(record[role]) for role in ("source", "cue", "content")]
            click.echo("  " + " | ".join(parts))


def _span_text(value) -> str:
    if value is None:
        return "-"
    spans = value if isinstance(value, list) else [value]
    return " … ".join(span["text"] for span in spans)


# Markers `show --claims` puts around each role (plain text, so it pipes and copies well).
ROLE_MARKERS = {"source": ("[[", "]]"), "cue": ("<<", ">>"), "content": ("{{", "}}")}


def mark_attributions(text: str, found: list) -> str:
    """The text with every source, cue and content span wrapped in its role's markers."""
    marked = {
        (role, span.start, span.end)
        for attribution in found
        for role in ROLE_MARKERS
        for span in getattr(attribution, role)
    }  # a span two attributions share ("X denied A and rejected B") is marked once
    inserts: list[tuple[int, int, str]] = []
    for role, start, end in marked:
        opening, closing = ROLE_MARKERS[role]
        inserts.append((start, 1, opening))  # at one offset: closings first
        inserts.append((end, 0, closing))
    pieces, last = [], 0
    for offset, _, marker in sorted(inserts, key=lambda item: (item[0], item[1])):
        pieces += [text[last:offset], marker]
        last = offset
    return "".join(pieces) + text[last:]


def describe_chain(attribution, found: list) -> str:
    """ "CNN (news_outlet) -> Iran's FARS news agency (news_outlet, Iran): «content»"."""
    chain, seen = [attribution], {id(attribution)}
    while chain[0].parent is not None and id(found[chain[0].parent]) not in seen:
        chain.insert(0, found[chain[0].parent])
        seen.add(id(chain[0]))
    names = []
    for link in chain:
        who = " and ".join(f"{s.name} ({s.type}{', ' + s.affiliation if s.affiliation else ''})" for s in link.sources)
        names.append(who or "?")
    flags = [f"cue: {attribution.cue_class}"]
    if attribution.negated:
        flags.append("negated")
    if attribution.hedges:
        flags.append("hedged: " + ", ".join(attribution.hedges))
    content = " … ".join(span.text for span in attribution.content)
    return f"{' -> '.join(names)} [{'; '.join(flags)}]: «{content}»"


def emit_records(records: Iterable[dict[str, Any]], *, as_nl: bool) -> None:
    """Records to stdout: one JSON document, or one object per line with ``as_nl``."""
    if as_nl:
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    click.echo(json.dumps(list(records), ensure_ascii=False, indent=2))
