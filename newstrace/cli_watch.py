"""``newstrace watch``: follow feeds and sitemaps. The command parses; :mod:`newstrace.watch` does the work.

Imported at the end of :mod:`newstrace.cli`, once the helpers it builds on exist; it adds itself to the group."""

from __future__ import annotations

import sys
from dataclasses import replace

import click

from .batch import EXIT_SOME_FAILED
from .cli import MAX_BYTES_OPTION, cli, dask_option, db_option, friendly_errors, say, workers_option, writing_store
from .cli_fetch import how_to_fetch
from .cluster import dask_client
from .console import plural
from .ingest.urls import FetchSettings
from .settings import Settings
from .watch import StopRequest, WatchOptions, parse_interval, parse_since, watch_rounds


class Interval(click.ParamType):
    """An interval written 90s, 15m or 2h, as seconds."""

    name = "interval"

    def convert(self, value, param, ctx) -> float:
        if isinstance(value, float):
            return value
        try:
            return parse_interval(value)
        except ValueError:
            self.fail(f"{value!r} is not a positive interval such as 90s, 15m or 2h", param, ctx)


@cli.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@db_option
@click.option(
    "--every",
    type=Interval(),
    metavar="INTERVAL",
    help="Keep watching: a round every INTERVAL (90s, 15m, 2h) until Ctrl-C. Without it, one round.",
)
@click.option("--since", metavar="DATE", help="Skip pages their feed or sitemap dates before this day (2026-03-11).")
@click.option(
    "--max",
    "max_new",
    type=click.IntRange(min=1),
    metavar="N",
    help="Fetch at most N new pages a round, newest first; the others wait for the next round.",
)
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm, else its re-upload).")
@workers_option
@dask_option
@MAX_BYTES_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@friendly_errors
@how_to_fetch
def watch(
    sources: tuple[str, ...],
    db: str,
    every: float | None,
    since: str | None,
    max_new: int | None,
    model: str | None,
    workers: int,
    dask: str | None,
    max_bytes: int,
    quiet: bool,
    fetch: FetchSettings,
) -> None:
    """Follow RSS/Atom feeds and sitemaps: fetch the pages they list that are new, then analyze, link and assess.

    SOURCE is a feed URL, a sitemap or sitemap index URL, an OPML file of
    feeds, or a file listing such URLs one a line. Each round reads every
    source, fetches the pages never fetched into this database before (the
    database remembers them, so a restart fetches nothing twice), stores them
    as `ingest` stores pages, and runs the pipeline on them. Feed summaries
    are not stored: the page is the article. A page that fails is one line,
    and asked for again next round. Prints a line per source each round;
    exit code 1 when a source or page failed (one round), 0 after Ctrl-C.

    Fetching is as polite and safe as `ingest`'s: robots.txt obeyed, one
    request per host per --delay seconds (1), only public addresses unless
    --allow-private. With --every, Ctrl-C stops after the article in hand.

    \b
    Example:
        newstrace watch https://example.org/rss.xml https://example.org/sitemap.xml
        newstrace watch feeds.opml --every 15m --since 2026-03-01 --max 50
    """
    options = WatchOptions(
        fetch=fetch,
        settings=Settings(db=db, max_bytes=max_bytes),
        since=parse_since(since) if since is not None else None,
        max_new=max_new,
        model=model,
        workers=workers,
        quiet=quiet,
    )
    stop = StopRequest()
    with stop.on_sigint(), dask_client(dask) as client:
        options = replace(options, client=client)
        reports = list(watch_rounds(list(sources), lambda: writing_store(db), options, say, stop, every))
    if stop.requested or every is not None:
        fetched, failed = sum(r.fetched for r in reports), sum(len(r.ingest.failures) for r in reports)
        say(f"Stopped after {plural(len(reports), 'round')}: {plural(fetched, 'page')} fetched, {failed} failed")
        return
    sys.exit(EXIT_SOME_FAILED if reports[-1].failed else 0)
