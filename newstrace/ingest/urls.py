"""URLs as inputs: how they are fetched (:class:`FetchSettings`), what a fetch gives (:class:`Fetched`), in what
order they are asked for, and how a fetched page becomes articles.

The network itself is :mod:`newstrace.ingest.fetch`, imported only once there is a URL to fetch: nothing is fetched
unless the user gave a URL.
"""

from __future__ import annotations

import io
import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import metadata
from itertools import chain
from typing import TYPE_CHECKING

from ..errors import BadInput, bad_value
from ..models import Article, IngestFailure
from ..settings import Settings
from .sources import Entry, expand_paths, sniff_format

if TYPE_CHECKING:
    from .fetch import Fetcher

# Who we are to the servers we ask: a product token robots.txt rules can name, and where to learn what we do.
USER_AGENT = f"newstrace/{metadata.version('newstrace')} (+https://github.com/newstrace/newstrace)"
# Seconds between two requests to one host (a robots.txt Crawl-delay may ask for more): the usual courtesy.
DEFAULT_DELAY = 1.0
# Seconds to wait for a connection, or for the next bytes of a response.
DEFAULT_TIMEOUT = 30.0
# Seconds waited before the first retry of a 429 or 5xx answer that names no Retry-After (doubled at each retry).
DEFAULT_RETRY_WAIT = 1.0
# URLs looked ahead of the one in hand for a host that may be asked now: twenty outlets' URLs listed outlet by
# outlet are fetched twenty at a time, not one a second, and memory stays bounded on a list of millions.
POLITE_WINDOW = 200
# What a URL looks like on the command line: a scheme and "://". Only http and https are fetched.
URL_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
WEB_SCHEMES = ("http", "https")
# Content types fetched, and the reader of each (None: told by the first bytes, as a feed or a page).
PAGE_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": None,
    "text/xml": None,
    # A gzipped sitemap (sitemap.xml.gz) as servers label it: `watch` unpacks it; as a page it is no format.
    "application/x-gzip": None,
    "application/gzip": None,
}
# What a response without a content type may be, told by its first bytes; anything else is not fetched.
SNIFFED_FORMATS = ("html", "text", "feed")


@dataclass(frozen=True)
class FetchSettings:
    """How URLs are fetched (``newstrace ingest --delay --timeout --user-agent --allow-private --warc``)."""

    # The User-Agent header, naming newstrace and where to reach its makers; robots.txt rules are matched on it.
    user_agent: str = USER_AGENT
    # Seconds between two requests to one host.
    delay: float = DEFAULT_DELAY
    # Seconds to wait for a connection or the next bytes of an answer.
    timeout: float = DEFAULT_TIMEOUT
    # Fetch hosts at private, loopback, link-local and other non-public addresses too (a local mirror).
    allow_private: bool = False
    # Non-public networks fetched although allow_private is off ("127.0.0.0/8"), the others still refused.
    allowed_networks: tuple[str, ...] = ()
    # A WARC file each fetched page's request and response are added to, or None.
    warc: str | None = None
    # Seconds before the first retry when the server names no wait.
    retry_wait: float = DEFAULT_RETRY_WAIT

    def __post_init__(self) -> None:
        if not self.user_agent.strip() or any(c in self.user_agent for c in "\r\n"):
            raise bad_value("user_agent", self.user_agent, "one line naming the client")
        if self.delay < 0:
            raise bad_value("delay", self.delay, "0 or more seconds")
        if self.timeout <= 0:
            raise bad_value("timeout", self.timeout, "a positive number of seconds")
        for network in self.allowed_networks:
            try:
                ipaddress.ip_network(network)
            except ValueError:
                raise bad_value("allowed_networks", network, "networks such as 127.0.0.0/8") from None


@dataclass(frozen=True)
class Validators:
    """What an earlier fetch of a URL was told, to ask whether it changed (If-None-Match, If-Modified-Since)."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
    """One fetched URL: as asked for, where it led, the answer's status, and when (ISO 8601, UTC)."""

    url: str
    final_url: str
    status: int
    fetched: str
    content_type: str | None = None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """Did the server answer 304: the page as stored stands?"""
        return self.status == 304


class FetchFailed(BadInput):
    """A URL that could not be fetched; the reason is one line."""


def is_url(arg: str) -> bool:
    """Is this command-line argument a URL (any scheme), not a path?"""
    return bool(URL_PATTERN.match(arg))


def split_urls(args: Iterable[str]) -> tuple[list[str], list[str]]:
    """(paths, URLs) of command-line arguments, each in the order given."""
    args = list(args)
    return [a for a in args if not is_url(a)], [a for a in args if is_url(a)]


def url_list(path: str | None) -> Iterator[str | IngestFailure]:
    """The URLs of a file listing one per line (blank lines and # comments passed over); a line that is not an
    http(s) URL is a failure naming it."""
    if path is None:
        return
    with open(path, encoding="utf-8-sig", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            url = line.strip()
            if not url or url.startswith("#"):
                continue
            if is_url(url):
                yield url
            else:
                yield IngestFailure(path, f"not a URL: {url[:100]!r}", f"line {number}")


def host_of(url: str) -> str:
    """The host a URL names, lower-cased: what politeness is counted per."""
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower()


class PoliteQueue:
    """Hands out URLs so that the next is always one whose host may be asked soonest (``ready_at(url)``: a clock
    time, read afresh for each choice), looking at most ``window`` URLs ahead; ties keep the order given."""

    def __init__(self, ready_at: Callable[[str], float], window: int = POLITE_WINDOW):
        self.ready_at, self.window = ready_at, window
        self.pending: list[str] = []

    def order(self, urls: Iterable[str]) -> Iterator[str]:
        for url in urls:
            self.pending.append(url)
            while len(self.pending) >= self.window:
                yield self._pop_soonest()
        while self.pending:
            yield self._pop_soonest()

    def put_back(self, url: str) -> None:
        """Hand ``url`` out again when its host's turn comes, before the others of its host."""
        self.pending.insert(0, url)

    def _pop_soonest(self) -> str:
        ready = [self.ready_at(url) for url in self.pending]
        return self.pending.pop(min(range(len(ready)), key=ready.__getitem__))


def page_format(content_type: str | None, head: bytes) -> str | None:
    """The reader of a fetched body ("html", "text", "feed"), by its content type, else by its first bytes; None
    for content newstrace does not read (images, PDF, JSON, archives)."""
    if content_type:
        if content_type not in PAGE_FORMATS:
            return None
        if PAGE_FORMATS[content_type]:
            return PAGE_FORMATS[content_type]
    found = sniff_format(head)
    return found if found in SNIFFED_FORMATS else None


def fetched_entry(fetched: Fetched) -> Entry:
    """The fetched body as an input like a file's, named by the URL asked for."""
    fmt = page_format(fetched.content_type, fetched.body[:4096])
    if fmt is None:
        raise FetchFailed(f"content type {fetched.content_type or 'unknown'} is not a page newstrace reads")
    return Entry(fetched.url, fmt, lambda: io.BytesIO(fetched.body), len(fetched.body))


def read_fetched(fetched: Fetched, settings: Settings) -> Iterator[Article | IngestFailure]:
    """The articles of a fetched page, read as a file of its kind is, with the final URL and fetch time.

    A page goes through the same extraction as an HTML file, with its final URL as the fallback for the
    canonical one; plain text gets the final URL as its URL; feed entries keep their own. A 304 gives none: the
    stored article stands."""
    from . import _from_page, extract_page, read_entry, with_given_facts

    if fetched.not_modified:
        return
    try:
        entry = fetched_entry(fetched)
        if entry.format == "html":
            page = extract_page(fetched.body, url=fetched.final_url)
            article = _from_page(
                page, external_id=fetched.final_url, entry=entry, raw=fetched.body, crawled=fetched.fetched
            )
            yield with_given_facts(article, settings.given)
            return
    except BadInput as exc:
        yield IngestFailure(fetched.url, exc.reason)
        return
    for result in read_entry(entry, settings):
        if isinstance(result, Article):
            result = replace(result, crawled=fetched.fetched)
            if entry.format == "text":
                result = replace(result, url=result.url or fetched.final_url)
        yield result


def fetched_pages(
    urls: Iterable[str | IngestFailure],
    settings: FetchSettings,
    max_bytes: int,
    known: Callable[[str], Validators | None],
) -> Iterator[Fetched | IngestFailure]:
    """Each URL fetched (``known(url)``: the validators of its last fetch), or a failure naming it and why, in
    :class:`PoliteQueue`'s order; the failures among ``urls`` (bad lines of a URL list) are passed on."""
    from .fetch import Fetcher

    with Fetcher(settings, max_bytes) as fetcher:
        yield from polite_fetches(fetcher, urls, known)


def polite_fetches(
    fetcher: Fetcher, urls: Iterable[str | IngestFailure], known: Callable[[str], Validators | None]
) -> Iterator[Fetched | IngestFailure]:
    """As :func:`fetched_pages`, with ``fetcher``: its hosts' turns and robots.txt rules are shared with the
    caller's other requests (``watch`` fetches feeds, then their pages)."""
    failures: list[IngestFailure] = []
    queue = PoliteQueue(fetcher.ready_at)
    for url in queue.order(_urls_only(urls, failures)):
        yield from failures
        failures.clear()
        if not fetcher.robots_known(url):
            fetcher.read_robots(url)  # a request to its host: the page waits its turn, other hosts go first
            queue.put_back(url)
            continue
        try:
            yield fetcher.fetch(url, known(url))
        except FetchFailed as exc:
            yield IngestFailure(url, exc.reason)
    yield from failures


def _urls_only(items: Iterable[str | IngestFailure], failures: list[IngestFailure]) -> Iterator[str]:
    """The URLs among ``items``; the failures are put aside in ``failures``."""
    for item in items:
        if isinstance(item, IngestFailure):
            failures.append(item)
        else:
            yield item


def inputs_of(
    paths: Iterable[str],
    url_file: str | None,
    settings: FetchSettings,
    max_bytes: int,
    known: Callable[[str], Validators | None],
) -> Iterator[Entry | Fetched | IngestFailure]:
    """Every input the user named: the files under ``paths`` as entries, streamed, then the URLs among
    ``paths`` and in ``url_file`` fetched (see :func:`fetched_pages`); without a URL, nothing is fetched."""
    files, urls = split_urls(paths)
    yield from expand_paths(files)
    if urls or url_file:
        yield from fetched_pages(chain(urls, url_list(url_file)), settings, max_bytes, known)
