"""Watching feeds and sitemaps (``newstrace watch``): each round reads what the sources list, fetches the pages
never fetched before, stores them as `ingest` stores fetched pages, and runs the rest of the pipeline.

Every request (feeds, sitemaps, pages, robots.txt) goes through one :class:`~newstrace.ingest.fetch.Fetcher` per
round, so the politeness and address checks of `ingest` hold across them. What was fetched is the store's
``fetches`` table: a restart fetches nothing twice. Feed summaries are never stored: the page is the article.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .batch import IngestReport, ingest_inputs, rest_of_pipeline
from .errors import BadInput, bad_value
from .ingest.fetch import Fetcher
from .ingest.listings import Chosen, Listed, Listing, choose_pages, is_before, listing, source_urls
from .ingest.meta import date_problem, iso_date
from .ingest.urls import Fetched, FetchFailed, FetchSettings, Validators, polite_fetches
from .models import IngestFailure
from .settings import Settings
from .store import Store
from .store.fetches import FetchLog

# Sitemaps read below one source per round, newest first by their <lastmod>: a news site's index may list years
# of daily sitemaps, and only the recent ones hold new pages.
MAX_SITEMAPS = 50
# Levels of sitemaps read below a source: an index's sitemaps, and those of an index inside it (sitemaps.org
# allows no nesting; some sites nest once). A loop of indexes ends here too.
MAX_SITEMAP_DEPTH = 2
# Rounds a page may fail in before this process stops asking for it (a 503 may pass; a 404 will not), so that
# failing pages cannot take every --max place. A restart asks again.
GIVE_UP_AFTER = 3
# --every INTERVAL: a number and a unit (seconds, minutes, hours); a bare number is seconds.
INTERVAL_PATTERN = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", re.IGNORECASE)
INTERVAL_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


@dataclass(frozen=True)
class WatchOptions:
    """How a watch runs: what is fetched and how, which pages a round takes, and the pipeline's settings."""

    fetch: FetchSettings = field(default_factory=FetchSettings)
    settings: Settings = field(default_factory=Settings)
    # Pages dated (by their feed or sitemap) before this day are passed over (ISO 8601), or None.
    since: str | None = None
    # New pages fetched per round at most (newest first), or None for all.
    max_new: int | None = None
    model: str | None = None
    workers: int = 1
    quiet: bool = False
    client: Any = None  # a Dask client the heavy stages run on (newstrace.cluster), or None


@dataclass
class SourceReport:
    """What one round did with one source (a feed, a sitemap or sitemap index)."""

    source: str
    listed: int = 0
    fetched: int = 0
    failed: int = 0
    old: int = 0  # dated before --since
    later: int = 0  # left for the next round by --max, or by Ctrl-C
    given_up: int = 0  # failed in GIVE_UP_AFTER rounds of this process
    problems: list[IngestFailure] = field(default_factory=list)  # the source, or a sitemap below it, unreadable

    @property
    def new(self) -> int:
        return self.fetched + self.failed + self.later

    def line(self) -> str:
        counts = f"{self.listed} listed, {self.new} new, {self.fetched} fetched, {self.failed} failed"
        if self.old:
            counts += f", {self.old} skipped as old (--since)"
        if self.later:
            counts += f", {self.later} left for the next round"
        if self.given_up:
            counts += f", {self.given_up} given up after {GIVE_UP_AFTER} failed rounds"
        return f"{self.source}: " + ("not read" if self.problems and not self.listed else counts)


@dataclass
class RoundReport:
    """What one round did: per source, the ingest of the pages fetched, and the pipeline's problems."""

    sources: list[SourceReport] = field(default_factory=list)
    unread: list[IngestFailure] = field(default_factory=list)  # an OPML file or list that is missing, a bad line
    ingest: IngestReport = field(default_factory=IngestReport)
    problems: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.unread or self.ingest.failures or self.problems or any(s.problems for s in self.sources))

    @property
    def fetched(self) -> int:
        return sum(source.fetched for source in self.sources)

    def problem_lines(self) -> list[str]:
        """One line per unreadable source or sitemap, then `ingest`'s (failed, skipped, warning)."""
        problems = [*self.unread, *(problem for s in self.sources for problem in s.problems)]
        return [f"failed: {problem}" for problem in problems] + self.ingest.problem_lines()


@dataclass
class WatchState:
    """What a watching process keeps between rounds (the store keeps what must survive a restart): each feed's
    or sitemap's last answer, to ask whether it changed, and how many rounds each page failed in."""

    listings: dict[str, tuple[Validators, Listing]] = field(default_factory=dict)
    failed_rounds: dict[str, int] = field(default_factory=dict)

    def given_up(self) -> set[str]:
        return {url for url, rounds in self.failed_rounds.items() if rounds >= GIVE_UP_AFTER}


class StopRequest:
    """Ctrl-C while watching: the first stops the round after the article in hand and skips the stages left (the
    next run does them); a second, or one while waiting for the next round, stops at once."""

    def __init__(self) -> None:
        self.requested = False
        self.waiting = False

    @contextmanager
    def on_sigint(self) -> Iterator[StopRequest]:
        """This request answers SIGINT inside the block (only the main thread can take signals)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = signal.signal(signal.SIGINT, self._interrupted)
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, previous)

    def _interrupted(self, signum, frame) -> None:
        if self.requested or self.waiting:
            raise KeyboardInterrupt
        self.requested = True


def parse_interval(text: str) -> float:
    """Seconds of an interval written ``90s``, ``15m``, ``2h`` or ``300``; raises ValueError unless positive."""
    match = INTERVAL_PATTERN.fullmatch(text)
    seconds = float(match[1]) * INTERVAL_UNITS[match[2].lower()] if match else 0.0
    if seconds <= 0:
        raise bad_value("--every", text, "a positive interval such as 90s, 15m or 2h")
    return seconds


def parse_since(text: str) -> str:
    """The ISO 8601 day of a written date (``2026-03-11``, ``11 March 2026``); raises ValueError when it reads as
    no date or an impossible one."""
    found = iso_date(text)
    if found is None or date_problem(found):
        raise bad_value("--since", text, "a date such as 2026-03-11 or '11 March 2026'")
    return found[:10]


def pause(seconds: float) -> None:
    """Wait between rounds (its own name, so tests can stop a watch here)."""
    time.sleep(seconds)


def watch_rounds(
    sources: list[str],
    open_store: Callable[[], AbstractContextManager[Store]],
    options: WatchOptions,
    say: Callable[[str], None],
    stop: StopRequest,
    every: float | None = None,
) -> Iterator[RoundReport]:
    """Watch rounds: one, or with ``every`` one each ``every`` seconds (from start to start) until ``stop`` is
    requested. The store is opened for each round only (``open_store``), so other runs can write in between."""
    state, number = WatchState(), 0
    while True:
        started, number = time.monotonic(), number + 1
        if every is not None:
            say(f"Round {number}, {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
        with open_store() as store:
            report = watch_round(sources, store, options, state, say, stop)
        yield report
        if every is None or stop.requested:
            return
        stop.waiting = True
        try:
            pause(max(0.0, every - (time.monotonic() - started)))
        except KeyboardInterrupt:
            stop.requested = True
            return
        finally:
            stop.waiting = False


def watch_round(
    sources: list[str],
    store: Store,
    options: WatchOptions,
    state: WatchState,
    say: Callable[[str], None],
    stop: StopRequest,
) -> RoundReport:
    """One round: list every source, fetch and store the new pages, then analyze, link and assess (unless a stop
    was requested). Summary lines go to ``say``."""
    report = RoundReport()
    with Fetcher(options.fetch, options.settings.max_bytes) as fetcher:
        listings = _read_sources(sources, fetcher, options, state, report, stop)
        with store.engine.connect() as conn:
            listed = {page.url for pages in listings.values() for page in pages}
            passed_over = FetchLog(conn).fetched_before(listed) | state.given_up()
        chosen = choose_pages(listings, passed_over, options.since, options.max_new)
        _count_listed(report, listings, chosen, state.given_up())
        urls, asked = [page.url for page in chosen.pages], set()

        def inputs(fetches: FetchLog) -> Iterator[Fetched | IngestFailure]:
            return _until_stopped(polite_fetches(fetcher, urls, fetches.validators), stop, asked)

        report.ingest = ingest_inputs(inputs, store, options.settings, quiet=options.quiet)
    _count_fetched(report, chosen.source_of, urls, asked, state)
    for line in [*report.problem_lines(), *(s.line() for s in report.sources), report.ingest.summary()]:
        say(line)
    if not stop.requested:
        stages = {"model": options.model, "workers": options.workers, "quiet": options.quiet, "client": options.client}
        report.problems = rest_of_pipeline(store, say, **stages)
    return report


def _read_sources(
    sources: Iterable[str],
    fetcher: Fetcher,
    options: WatchOptions,
    state: WatchState,
    report: RoundReport,
    stop: StopRequest,
) -> dict[str, list[Listed]]:
    """The pages each source lists (a source given twice is read once), until a stop is requested; a source that
    cannot be read is kept in ``report`` with its problem."""
    listings: dict[str, list[Listed]] = {}
    for arg in sources:
        for source in source_urls(arg, options.settings.max_bytes):
            if isinstance(source, IngestFailure):
                report.unread.append(source)
                continue
            if source in listings or stop.requested:
                continue
            source_report = SourceReport(source)
            report.sources.append(source_report)
            try:
                listings[source] = _pages_below(source, fetcher, options.since, state, source_report.problems, 0)
            except (FetchFailed, BadInput) as exc:
                source_report.problems.append(IngestFailure(source, exc.reason))
                listings[source] = []
    return listings


def _pages_below(
    url: str, fetcher: Fetcher, since: str | None, state: WatchState, problems: list[IngestFailure], depth: int
) -> list[Listed]:
    """The pages a feed or sitemap lists, and those of the sitemaps a sitemap index lists (not dated before
    ``since``, MAX_SITEMAPS newest, MAX_SITEMAP_DEPTH deep); an unreadable sitemap below is one problem."""
    found = _listing(url, fetcher, state)
    pages = list(found.pages)
    sitemaps = [sitemap for sitemap in found.sitemaps if not is_before(sitemap.date, since)]
    sitemaps.sort(key=lambda sitemap: sitemap.date or "", reverse=True)
    for sitemap in sitemaps[:MAX_SITEMAPS]:
        if depth >= MAX_SITEMAP_DEPTH:
            problems.append(IngestFailure(sitemap.url, f"sitemap indexes nested more than {MAX_SITEMAP_DEPTH} deep"))
            continue
        try:
            pages += _pages_below(sitemap.url, fetcher, since, state, problems, depth + 1)
        except (FetchFailed, BadInput) as exc:
            problems.append(IngestFailure(sitemap.url, exc.reason))
    return pages


def _listing(url: str, fetcher: Fetcher, state: WatchState) -> Listing:
    """What the feed or sitemap at ``url`` lists: asked for with its last answer's validators, so an unchanged
    one costs a 304 and its last listing stands."""
    validators, last = state.listings.get(url, (None, None))
    fetched = fetcher.fetch(url, validators)
    if fetched.not_modified and last is not None:
        return last
    found = listing(fetched.body, fetched.final_url)
    if fetched.etag or fetched.last_modified:
        state.listings[url] = (Validators(fetched.etag, fetched.last_modified), found)
    return found


def _until_stopped(
    items: Iterable[Fetched | IngestFailure], stop: StopRequest, asked: set[str]
) -> Iterator[Fetched | IngestFailure]:
    """The fetched pages until a stop is requested: the page in hand is stored first (the consumer asks for the
    next one only once it has), and none is fetched after. ``asked`` gathers the URLs handed on."""
    pending = iter(items)
    while not stop.requested and (item := next(pending, None)) is not None:
        asked.add(item.url if isinstance(item, Fetched) else item.path)
        yield item


def _count_listed(report: RoundReport, listings: dict[str, list[Listed]], chosen: Chosen, given_up: set[str]) -> None:
    """Each source's pages listed, dated before --since, left for later by --max, and given up."""
    by_source = {s.source: s for s in report.sources}
    for source, pages in listings.items():
        by_source[source].listed = len(pages)
        by_source[source].old = chosen.old[source]
        by_source[source].later = chosen.later[source]
        by_source[source].given_up = sum(page.url in given_up for page in pages)


def _count_fetched(
    report: RoundReport, source_of: dict[str, str], urls: list[str], asked: set[str], state: WatchState
) -> None:
    """Each chosen page as fetched, failed, or left for later (a stop came first), per source; the failed rounds
    of each page are counted in ``state``."""
    failed = {failure.path for failure in report.ingest.failures}
    by_source = {s.source: s for s in report.sources}
    for url in urls:
        counts = by_source[source_of[url]]
        if url in failed:
            counts.failed += 1
            state.failed_rounds[url] = state.failed_rounds.get(url, 0) + 1
        elif url in asked:
            counts.fetched += 1
            state.failed_rounds.pop(url, None)
        else:
            counts.later += 1
