"""A small news site on 127.0.0.1 for the tests that fetch: articles, an RSS and an Atom feed, a sitemap index,
robots.txt, and the answers a crawler must survive (304s, slow and trickling pages, huge pages and compressed
bombs, redirects to private addresses, 429s). Nothing reaches past it.

``serve()`` runs it in a thread; the ``news_site`` fixture (conftest.py) hands each test a fresh one.
"""

from __future__ import annotations

import functools
import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli

# The pages' one version: what /etag answers to a request that names it.
ETAG = '"v1"'
LAST_MODIFIED = "Wed, 11 Mar 2026 08:00:00 GMT"
# Sizes of the oversize answers; tests cap documents below them (--max-bytes 1000000).
HUGE_BYTES = 3_000_000
BOMB_BYTES = 200 * 1024 * 1024
# How long /slow keeps a client waiting before it answers, and how /drip trickles.
SLOW_SECONDS = 3.0
DRIP_SECONDS, DRIP_EVERY = 4.0, 0.05

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
TITLES = {
    1: "Harbour authority closes the old ferry pier after inspection",
    2: "City council votes to extend the tram line to the airport",
    3: "Local bakery wins the national rye bread championship",
}


def article_html(number: int, title: str | None = None) -> bytes:
    """An article page: a title, a publication time in its metadata, and three paragraphs that name it."""
    title = title or TITLES.get(number, f"Report number {number} from the newsroom of the Narva Herald")
    paragraphs = "".join(
        f"<p>Paragraph {k} of story {number}: {title.lower()}, officials said on Tuesday, adding that residents "
        f"would be told more about the decision at a public meeting in the town hall next week.</p>"
        for k in (1, 2, 3)
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="2026-03-{10 + number % 18:02d}T08:00:00+00:00">'
        f"</head><body><nav>Home | World | Sport</nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Copyright the Narva Herald</footer></body></html>"
    ).encode()


@dataclass
class Seen:
    """One request the site received."""

    path: str
    headers: dict[str, str]
    at: float  # time.monotonic()


@dataclass
class NewsSite:
    """The running site: its base URL, and every request it received, in order."""

    base: str
    requests: list[Seen] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base + path

    def seen(self, path: str) -> list[Seen]:
        return [request for request in self.requests if request.path == path]


Answer = tuple[int, dict[str, str], bytes]


def _page(body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> Answer:
    return 200, {"Content-Type": content_type, **headers}, body


def _redirect(to: str) -> Callable[[Handler], Answer]:
    return lambda handler: (302, {"Location": to}, b"")


def _etag(handler: Handler) -> Answer:
    if handler.headers.get("If-None-Match") == ETAG:
        return 304, {"ETag": ETAG}, b""
    return _page(
        article_html(4, "Ferry timetable changes for the spring season"), ETag=ETAG, **{"Last-Modified": LAST_MODIFIED}
    )


def _slow(handler: Handler) -> Answer:
    time.sleep(SLOW_SECONDS)
    return _page(article_html(5))


def _busy(handler: Handler) -> Answer:
    """429 with Retry-After: 1 the first time, the page after."""
    if handler.site.hits["/busy"] == 1:
        return 429, {"Retry-After": "1"}, b"slow down"
    return _page(article_html(6, "Port traffic doubled in the first quarter of the year"))


def _flaky(handler: Handler) -> Answer:
    """503 the first time, the page after."""
    if handler.site.hits["/flaky"] == 1:
        return 503, {}, b"try later"
    return _page(article_html(7, "Water supply restored to the northern districts"))


def _feed(kind: str) -> Callable[[Handler], Answer]:
    def answer(handler: Handler) -> Answer:
        base = handler.site.base
        if kind == "rss":
            items = "".join(
                f"<item><title>{TITLES[n]}</title><link>{base}/news/{n}</link><guid>{base}/news/{n}</guid>"
                f"<pubDate>Tue, 1{n} Mar 2026 08:00:00 GMT</pubDate>"
                f"<description>&lt;p&gt;{TITLES[n]}, officials said on Tuesday.&lt;/p&gt;</description></item>"
                for n in TITLES
            )
            body = (
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>Narva Herald</title>{items}</channel></rss>'
            )
            return _page(body.encode(), "application/rss+xml")
        entries = "".join(
            f"<entry><title>{TITLES[n]}</title><link href='{base}/news/{n}'/><id>{base}/news/{n}</id>"
            f"<updated>2026-03-1{n}T08:00:00Z</updated><summary>{TITLES[n]}, officials said.</summary></entry>"
            for n in TITLES
        )
        body = (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Narva Herald</title><id>{base}/</id><updated>2026-03-13T08:00:00Z</updated>{entries}</feed>"
        )
        return _page(body.encode(), "application/atom+xml")

    return answer


def _sitemap_index(handler: Handler) -> Answer:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{handler.site.base}/sitemap-news.xml</loc><lastmod>2026-03-13</lastmod></sitemap>"
        "</sitemapindex>"
    )
    return _page(body.encode(), "application/xml")


def _sitemap(handler: Handler) -> Answer:
    urls = "".join(f"<url><loc>{handler.site.base}/news/{n}</loc><lastmod>2026-03-1{n}</lastmod></url>" for n in TITLES)
    body = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    return _page(body.encode(), "application/xml")


# Pages the watch tests list in their own feed and sitemaps (tests/test_watch.py), with the date each lists them by.
WATCHED = {20: "2026-03-01", 21: "2026-03-01", 22: "2026-03-13", 23: "2026-03-13", 24: "2026-03-14", 25: "2026-03-15"}


def _rss(paths: dict[str, str], title: str = "Narva Watch") -> Callable[[Handler], Answer]:
    """An RSS feed of these pages (path -> ISO date), each with a summary of its own."""

    def answer(handler: Handler) -> Answer:
        items = "".join(
            f"<item><title>Entry {path}</title><link>{handler.site.base}{path}</link>"
            f"<pubDate>{datetime.fromisoformat(day):%a, %d %b %Y} 08:00:00 GMT</pubDate>"
            f"<description>Summary of {path} from the feed.</description></item>"
            for path, day in paths.items()
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'
        return _page(body.encode(), "application/rss+xml")

    return answer


def _urlset(numbers: list[int]) -> Callable[[Handler], Answer]:
    def answer(handler: Handler) -> Answer:
        urls = "".join(
            f"<url><loc>{handler.site.base}/news/{n}</loc><lastmod>{WATCHED[n]}</lastmod></url>" for n in numbers
        )
        body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        return _page(body.encode(), "application/xml")

    return answer


def _watch_index(handler: Handler) -> Answer:
    """A sitemap index of two sitemaps: early March's pages, and the 13th's."""
    sitemaps = "".join(
        f"<sitemap><loc>{handler.site.base}/watch/sitemap-{day}.xml</loc><lastmod>{day}</lastmod></sitemap>"
        for day in ("2026-03-01", "2026-03-13")
    )
    body = f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{sitemaps}</sitemapindex>'
    return _page(body.encode(), "text/xml")


def _unchanged_feed(handler: Handler) -> Answer:
    """A feed that answers 304 to a request naming its ETag."""
    if handler.headers.get("If-None-Match") == ETAG:
        return 304, {"ETag": ETAG}, b""
    status, headers, body = _rss({"/news/24": WATCHED[24], "/news/25": WATCHED[25]})(handler)
    return status, {**headers, "ETag": ETAG}, body


WATCH_ROUTES: dict[str, Callable[[Handler], Answer]] = {
    **{f"/news/{n}": (lambda handler, n=n: _page(article_html(n))) for n in WATCHED},
    "/watch/sitemap.xml": _watch_index,
    "/watch/sitemap-2026-03-01.xml": _urlset([20, 21]),
    "/watch/sitemap-2026-03-13.xml": _urlset([22, 23]),
    "/watch/feed.rss": _rss({"/news/24": WATCHED[24], "/news/25": WATCHED[25]}),
    "/watch/sitemap.xml.gz": lambda handler: _page(gzip.compress(_urlset([24, 25])(handler)[2]), "application/x-gzip"),
    "/watch/empty.rss": lambda handler: _page(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet desk</title></channel></rss>',
        "application/rss+xml",
    ),
    "/watch/broken.rss": _rss({"/news/24": WATCHED[24], "/gone": "2026-03-16"}),
    "/watch/etag.rss": _unchanged_feed,
    "/watch/loop.xml": lambda handler: _page(
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{handler.site.base}'
        "/watch/loop.xml</loc></sitemap></sitemapindex>".encode(),
        "application/xml",
    ),
}


@functools.cache
def _bomb() -> bytes:
    """BOMB_BYTES of spaces as a few hundred bytes of brotli, made a megabyte at a time."""
    compressor, megabyte = brotli.Compressor(quality=5), b" " * 2**20
    return b"".join(compressor.process(megabyte) for _ in range(BOMB_BYTES // 2**20)) + compressor.finish()


ROUTES: dict[str, Callable[[Handler], Answer]] = {
    "/robots.txt": lambda handler: _page(ROBOTS, "text/plain"),
    **{f"/news/{n}": (lambda handler, n=n: _page(article_html(n))) for n in TITLES},
    "/private/secret": lambda handler: _page(article_html(9, "What robots.txt keeps out")),
    "/etag": _etag,
    "/slow": _slow,
    "/busy": _busy,
    "/flaky": _flaky,
    "/gzip": lambda handler: _page(gzip.compress(article_html(10)), **{"Content-Encoding": "gzip"}),
    "/brotli": lambda handler: _page(brotli.compress(article_html(11)), **{"Content-Encoding": "br"}),
    "/bomb": lambda handler: _page(_bomb(), **{"Content-Encoding": "br"}),
    "/huge": lambda handler: _page(b"<html><body><p>" + b"news " * (HUGE_BYTES // 5) + b"</p></body></html>"),
    "/image.png": lambda handler: _page(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png"),
    "/notes.txt": lambda handler: _page(b"Tram line notes\n\nThe council voted on Tuesday to extend it.", "text/plain"),
    "/feed.rss": _feed("rss"),
    "/feed.atom": _feed("atom"),
    "/sitemap.xml": _sitemap_index,
    "/sitemap-news.xml": _sitemap,
    "/redirect": _redirect("/news/1"),
    "/loop": _redirect("/loop"),
    "/redirect-private": _redirect("http://10.0.0.1/admin"),
    "/redirect-metadata": _redirect("http://169.254.169.254/latest/meta-data/"),
    **WATCH_ROUTES,
}
# Answers written by hand: sent without a Content-Length, or a byte at a time.
STREAMED = ("/huge-streamed", "/drip")


class Handler(BaseHTTPRequestHandler):
    site: NewsSite
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.site.requests.append(Seen(path, dict(self.headers.items()), time.monotonic()))
        self.site.hits[path] = self.site.hits.get(path, 0) + 1
        if path in STREAMED:
            return self._stream(path)
        status, headers, body = ROUTES.get(path, lambda handler: (404, {}, b"not here"))(self)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, path: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            if path == "/huge-streamed":
                for _ in range(HUGE_BYTES // 50_000):
                    self.wfile.write(b"<p>" + b"x" * 50_000 + b"</p>")
            else:
                ends = time.monotonic() + DRIP_SECONDS
                while time.monotonic() < ends:
                    self.wfile.write(b"<p>")
                    self.wfile.flush()
                    time.sleep(DRIP_EVERY)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def log_message(self, format, *args) -> None:
        pass


@contextmanager
def serve(host: str = "127.0.0.1", port: int = 0) -> Iterator[NewsSite]:
    """The site, listening on ``host`` (a free port unless told) until the block ends."""
    site = NewsSite("")
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    site.base = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
