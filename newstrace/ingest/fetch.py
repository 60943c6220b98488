"""The HTTP client: the one part of newstrace that opens network connections, and only for URLs a user gave.

:class:`Fetcher` asks each host at most once per ``delay`` seconds (longer when its robots.txt names a
Crawl-delay), obeys robots.txt, connects only to public addresses (:mod:`.addresses`: on every redirect hop, to
the very address checked), follows at most MAX_REDIRECTS redirects itself, retries 429 and 5xx answers after
their Retry-After, sends an earlier fetch's validators so an unchanged page costs one 304, decodes gzip and brotli
in bounded steps under the byte cap, and can add each page's request and response to a WARC file. It runs no
JavaScript.
"""

from __future__ import annotations

import io
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import brotli
import httpcore
import httpx
from protego import Protego
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ..errors import human_bytes, one_line
from .addresses import CheckedBackend
from .urls import PAGE_FORMATS, WEB_SCHEMES, Fetched, FetchFailed, FetchSettings, Validators, host_of

# Answers asked again after a wait (too many requests; server errors that pass), and the redirects followed.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Redirects followed from one URL, as the issue and most browsers' loop guards allow.
MAX_REDIRECTS = 5
# Tries of one request in all (the first and two retries); the longest wait between them (a Retry-After beyond it
# gives the URL up rather than stall the batch).
MAX_TRIES = 3
MAX_RETRY_WAIT = 60.0
# Longest a robots.txt Crawl-delay may space the requests to one host.
MAX_CRAWL_DELAY = 30.0
# Longest a connection may take to open (at most --timeout).
CONNECT_TIMEOUT = 10.0
# A whole answer may take this many --timeout's: a server sending a byte at a time cannot hold the batch.
RESPONSE_TIME_FACTOR = 4
# Decoded bytes made per step: a compressed bomb (brotli makes 200 MB of 329 bytes) is stopped at the cap having
# decoded at most this much past it. httpx's own decoders decode a network read whole, so ours are used.
DECODE_STEP = 64 * 1024
ACCEPT_ENCODING = "gzip, br"
GZIP_ENCODINGS = ("gzip", "x-gzip", "deflate")
# Headers of a stored response that no longer describe its bytes (stored decoded, not chunked).
NOT_STORED_HEADERS = ("transfer-encoding", "content-length", "content-encoding")


class Fetcher:
    """Fetches URLs one at a time, politely and safely (see the module's docstring); a context manager."""

    def __init__(self, settings: FetchSettings, max_bytes: int):
        self.settings, self.max_bytes = settings, max_bytes
        self._client: httpx.Client | None = None
        self._warc = None
        self._next_turn: dict[str, float] = {}  # host -> monotonic time it may be asked again
        self._host_delay: dict[str, float] = {}  # host -> its Crawl-delay, when longer than settings.delay
        self._robots: dict[str, Protego | FetchFailed | None] = {}  # origin -> rules, none, or why unreadable

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._warc is not None:
            self._warc.close()

    # --- politeness -----------------------------------------------------------

    def ready_at(self, url: str) -> float:
        """The monotonic clock time at which ``url``'s host may be asked again (0.0: now)."""
        return self._next_turn.get(host_of(url), 0.0)

    def robots_known(self, url: str) -> bool:
        """Has the robots.txt of ``url``'s site been read (or found unreadable)?"""
        return _origin(url) in self._robots

    def read_robots(self, url: str) -> None:
        """Read the robots.txt of ``url``'s site: one request to its host, which then waits its turn."""
        origin = _origin(url)
        if urlsplit(url).scheme.lower() not in WEB_SCHEMES:
            self._robots[origin] = None  # fetch() refuses the URL itself
            return
        try:
            self._robots[origin] = self._robots_rules(origin + "/robots.txt")
        except FetchFailed as exc:
            self._robots[origin] = exc

    def _wait_turn(self, url: str) -> None:
        time.sleep(max(0.0, self.ready_at(url) - time.monotonic()))

    def _hold(self, url: str, seconds: float) -> None:
        """Ask ``url``'s host nothing for ``seconds`` from now (or longer, if it is held longer already)."""
        host = host_of(url)
        self._next_turn[host] = max(self._next_turn.get(host, 0.0), time.monotonic() + seconds)

    def _delay(self, url: str) -> float:
        return max(self.settings.delay, self._host_delay.get(host_of(url), 0.0))

    # --- fetching ---------------------------------------------------------------

    def fetch(self, url: str, known: Validators | None = None) -> Fetched:
        """``url`` fetched: its page, or a 304 when ``known`` still holds. Raises :class:`FetchFailed` (one line)."""
        final, response, body = self._follow(url, _conditional_headers(known), pages=True)
        if response.status_code == 304 and known is None:
            raise FetchFailed("HTTP 304 to a request that asked for no comparison")
        if not (200 <= response.status_code < 300 or response.status_code == 304):
            raise FetchFailed(_status_line(response) + _redirected(url, final))
        fetched = _fetched(url, final, response, body, known)
        if not fetched.not_modified and self.settings.warc:
            self._warc_writer().add(fetched, response)
        return fetched

    def _follow(self, url: str, headers: dict[str, str], *, pages: bool) -> tuple[str, httpx.Response, bytes]:
        """GET ``url`` and the redirects it leads to, at most MAX_REDIRECTS: (final URL, its answer, its body).
        With ``pages``, each hop must be allowed by its site's robots.txt and answer a page's content type."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                if pages:
                    self._obey_robots(current)
                response, body = self._get(current, headers, pages_only=pages)
            except FetchFailed as exc:
                raise FetchFailed(exc.reason + _redirected(url, current)) from exc
            if response.status_code not in REDIRECT_STATUSES or "location" not in response.headers:
                return current, response, body
            current = urljoin(current, response.headers["location"].strip())
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects (last to {current})")

    def _obey_robots(self, url: str) -> None:
        if not self.robots_known(url):
            self.read_robots(url)
        rules = self._robots[_origin(url)]
        if isinstance(rules, FetchFailed):
            raise FetchFailed(rules.reason)
        if rules is not None and not rules.can_fetch(url, self.settings.user_agent):
            raise FetchFailed("disallowed by the site's robots.txt")

    def _robots_rules(self, robots_url: str) -> Protego | None:
        """The rules of a robots.txt (RFC 9309): none when it is missing (4xx); unreadable (5xx, network) means
        fetch nothing there. A Crawl-delay longer than --delay spaces that host's requests (up to a bound)."""
        _, response, body = self._follow(robots_url, {}, pages=False)  # a host that cannot be reached fails here
        if 400 <= response.status_code < 500:
            return None
        if not 200 <= response.status_code < 300:
            raise FetchFailed(f"the site's robots.txt answers {_status_line(response)}, so fetches nothing there")
        rules = Protego.parse(body.decode("utf-8", errors="replace"))
        if crawl_delay := rules.crawl_delay(self.settings.user_agent):
            self._host_delay[host_of(robots_url)] = min(float(crawl_delay), MAX_CRAWL_DELAY)
        return rules

    def _get(self, url: str, headers: dict[str, str], *, pages_only: bool) -> tuple[httpx.Response, bytes]:
        """One GET, its turn waited for, asked again after a 429 or 5xx: (response, decoded body)."""
        if urlsplit(url).scheme.lower() not in WEB_SCHEMES:
            raise FetchFailed(f"only http and https URLs are fetched, not {url[:100]}")
        for attempt in range(MAX_TRIES):
            self._wait_turn(url)
            try:
                client = self._client_for()
                with _http_errors(self.settings.timeout), client.stream("GET", url, headers=headers) as response:
                    if self._retry_later(url, response, attempt):
                        continue
                    return response, self._body(response, pages_only)
            finally:
                self._hold(url, self._delay(url))  # the next request waits from the end of this one
        raise AssertionError("unreachable: the last try returns")

    def _retry_later(self, url: str, response: httpx.Response, attempt: int) -> bool:
        """Is this a 429 or 5xx to ask again (the host then held for its Retry-After, or a growing wait)?"""
        if response.status_code not in RETRY_STATUSES or attempt + 1 >= MAX_TRIES:
            return False
        wait = retry_wait(response.headers.get("retry-after"), self.settings.retry_wait * 2**attempt)
        if wait > MAX_RETRY_WAIT:
            raise FetchFailed(f"{_status_line(response)}, asked to wait {wait:.0f} s (over {MAX_RETRY_WAIT:.0f})")
        self._hold(url, wait)
        return True

    def _body(self, response: httpx.Response, pages_only: bool) -> bytes:
        """The body of a 2xx answer (none of others); with ``pages_only``, refused unless a page, before it is read."""
        if not 200 <= response.status_code < 300:
            return b""
        if pages_only and (kind := _media_type(response)) and kind not in PAGE_FORMATS:
            raise FetchFailed(f"content type {kind} is not HTML, XML, a feed or plain text; skipped")
        return self._read_body(response)

    def _read_body(self, response: httpx.Response) -> bytes:
        """The decoded bytes of an answer, refused past the byte cap or past its time."""
        cap = self.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchFailed(f"{human_bytes(int(declared))}, over the {human_bytes(cap)} cap (--max-bytes)")
        allowed = self.settings.timeout * RESPONSE_TIME_FACTOR
        body = bytearray()
        for piece in decoded(_timed(response.iter_raw(), allowed), response.headers.get("content-encoding", "")):
            body += piece
            if len(body) > cap:
                raise FetchFailed(f"over the {human_bytes(cap)} cap (--max-bytes)")
        return bytes(body)

    def _client_for(self) -> httpx.Client:
        if self._client is None:
            self._client = _client(self.settings)
        return self._client

    def _warc_writer(self) -> WarcFile:
        if self._warc is None:
            self._warc = WarcFile(self.settings.warc)
        return self._warc


def _client(settings: FetchSettings) -> httpx.Client:
    """An httpx client that follows no redirect, reads no proxy from the environment, and connects only to
    addresses the settings allow."""
    transport = httpx.HTTPTransport()
    # httpx (pinned at 0.28.1) takes no network backend; its connection pool does: connections are made by ours.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(), network_backend=CheckedBackend(settings)
    )
    timeout = httpx.Timeout(settings.timeout, connect=min(CONNECT_TIMEOUT, settings.timeout))
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING}
    return httpx.Client(transport=transport, timeout=timeout, headers=headers, follow_redirects=False, trust_env=False)


def retry_wait(retry_after: str | None, fallback: float, now: datetime | None = None) -> float:
    """Seconds to wait before asking again: a Retry-After in seconds or as an HTTP date, else ``fallback``."""
    if retry_after:
        value = retry_after.strip()
        if value.isdigit():
            return float(value)
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return fallback
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
    return fallback


def decoded(chunks: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """The bytes of a body sent with a Content-Encoding (gzip, deflate, br or none), in pieces of at most
    DECODE_STEP however much the compressed data expands."""
    encoding = encoding.strip().lower()
    try:
        if encoding in ("", "identity"):
            yield from chunks
        elif encoding in GZIP_ENCODINGS:
            inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 32)  # a gzip or a zlib header
            for chunk in chunks:
                while chunk:
                    yield inflater.decompress(chunk, DECODE_STEP)
                    chunk = inflater.unconsumed_tail
                if inflater.eof:
                    return  # what follows the compressed data is not read
        elif encoding == "br":
            decoder = brotli.Decompressor()
            for chunk in chunks:
                yield decoder.process(chunk, output_buffer_limit=DECODE_STEP)
                while not decoder.can_accept_more_data():
                    yield decoder.process(b"", output_buffer_limit=DECODE_STEP)
                if decoder.is_finished():
                    return
        else:
            raise FetchFailed(f"content encoding {encoding[:40]} is not one newstrace decodes")
    except (zlib.error, brotli.error) as exc:
        raise FetchFailed(f"corrupt {encoding} data ({exc})") from exc


def _timed(chunks: Iterator[bytes], seconds: float) -> Iterator[bytes]:
    """The chunks, for ``seconds`` from now at most."""
    deadline = time.monotonic() + seconds
    for chunk in chunks:
        if time.monotonic() > deadline:
            raise FetchFailed(f"answer too slow: not whole within {seconds:g} s (4 times --timeout)")
        yield chunk


@contextmanager
def _http_errors(timeout: float) -> Iterator[None]:
    """httpx's errors as one-line FetchFailed reasons."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise FetchFailed(f"timed out: no answer within {timeout:g} s (--timeout)") from exc
    except httpx.InvalidURL as exc:
        raise FetchFailed(f"not a valid URL ({exc})") from exc
    except httpx.ConnectError as exc:
        raise FetchFailed(f"cannot connect ({' '.join(str(exc).split())[:200]})") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(f"broken answer ({one_line(exc)})") from exc


def _conditional_headers(known: Validators | None) -> dict[str, str]:
    if known is None:
        return {}
    headers = {"If-None-Match": known.etag, "If-Modified-Since": known.last_modified}
    return {name: value for name, value in headers.items() if value}


def _fetched(url: str, final: str, response: httpx.Response, body: bytes, known: Validators | None) -> Fetched:
    known = known or Validators()
    return Fetched(
        url=url,
        final_url=final,
        status=response.status_code,
        fetched=datetime.now(UTC).isoformat(timespec="seconds"),
        content_type=_media_type(response),
        body=body,
        etag=response.headers.get("etag") or known.etag,
        last_modified=response.headers.get("last-modified") or known.last_modified,
    )


def _media_type(response: httpx.Response) -> str | None:
    return response.headers.get("content-type", "").split(";")[0].strip().lower() or None


def _status_line(response: httpx.Response) -> str:
    return f"HTTP {response.status_code} {response.reason_phrase}".strip()


def _redirected(url: str, current: str) -> str:
    return "" if current == url else f" (redirected to {current})"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class WarcFile:
    """A WARC file fetched pages are added to, each as a request and a response record (warcio), so the crawl can
    be read again offline. The response holds the page's bytes with the content encoding undone (its
    Content-Encoding header dropped): any WARC reader reads it, brotli or not."""

    def __init__(self, path: str):
        self.stream = open(path, "ab")  # noqa: SIM115 (closed by close())
        self.writer = WARCWriter(self.stream, gzip=path.lower().endswith(".gz"))

    def add(self, fetched: Fetched, response: httpx.Response) -> None:
        request = response.request
        asked = StatusAndHeaders(
            f"GET {request.url.raw_path.decode('ascii')} HTTP/1.1", request.headers.multi_items(), is_http_request=True
        )
        kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in NOT_STORED_HEADERS]
        answer = StatusAndHeaders(f"{response.status_code} {response.reason_phrase}", kept, protocol="HTTP/1.1")
        answer.add_header("Content-Length", str(len(fetched.body)))
        self.writer.write_request_response_pair(
            self._record(fetched, "request", b"", asked), self._record(fetched, "response", fetched.body, answer)
        )

    def _record(self, fetched: Fetched, kind: str, payload: bytes, http_headers: StatusAndHeaders):
        date = {"WARC-Date": fetched.fetched.replace("+00:00", "Z")}
        return self.writer.create_warc_record(
            fetched.final_url, kind, payload=io.BytesIO(payload), http_headers=http_headers, warc_headers_dict=date
        )

    def close(self) -> None:
        self.stream.close()
