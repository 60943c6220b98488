"""Fetching URLs: politeness, safety, and pages going in as files do, against a news site on 127.0.0.1
(tests/fetch_server.py). No test reaches past it."""

from __future__ import annotations

import itertools
import socket
import time
import tracemalloc
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from newstrace.cli import cli
from newstrace.ingest.addresses import address_refusal
from newstrace.ingest.fetch import Fetcher, decoded, retry_wait
from newstrace.ingest.urls import FetchFailed, FetchSettings, PoliteQueue, page_format
from newstrace.store import Store

# Fetch options every CLI test on the local site passes: it is at 127.0.0.1, and no test waits a second per page.
LOCAL = ("--allow-private", "--delay", "0", "--quiet")
# The site at 127.0.0.1 allowed, every other non-public address refused: how a redirect's refusal is shown.
LOOPBACK_ONLY = FetchSettings(delay=0, allowed_networks=("127.0.0.0/8",), retry_wait=0.05)
MB = 1_000_000


def stored(db_path: str) -> dict[str, object]:
    """The latest version of each stored article, by external id."""
    with Store(db_path) as store:
        return {article.external_id: article for article in store.articles()}


def lines(output: str, prefix: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(prefix)]


def test_a_page_goes_in_with_its_url_fetch_time_and_fetch_state(run, db_path, news_site):
    url = news_site.url("/news/1")
    before = datetime.now(UTC).replace(microsecond=0)
    result = run("ingest", url, *LOCAL)
    assert result.exit_code == 0, result.output
    assert "Ingested 1 input: 1 added" in result.output
    article = stored(db_path)[url]
    assert article.title == "Harbour authority closes the old ferry pier after inspection"
    assert (article.url, article.source_path, article.published) == (url, url, "2026-03-11T08:00:00+00:00")
    assert before <= datetime.fromisoformat(article.crawled) <= datetime.now(UTC)
    with Store(db_path) as store, store.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT url, final_url, status, fetched FROM fetches").one()
    assert row[:3] == (url, url, 200) and row[3] == article.crawled


def test_what_the_user_says_of_a_fetched_page_wins(run, db_path, news_site):
    url = news_site.url("/news/1")
    result = run("ingest", url, "--outlet", "Harbour Gazette", "--published", "2026-03-12", "--id", "pier-1", *LOCAL)
    assert result.exit_code == 0, result.output
    with Store(db_path) as store:
        [article] = list(store.articles())
    assert (article.external_id, article.outlet, article.published, article.url) == (
        "pier-1",
        "Harbour Gazette",
        "2026-03-12",
        url,
    )


def test_a_redirect_is_followed_and_the_article_keeps_the_final_url(run, db_path, news_site):
    result = run("ingest", news_site.url("/redirect"), *LOCAL)
    assert result.exit_code == 0, result.output
    article = stored(db_path)[news_site.url("/news/1")]
    assert (article.url, article.source_path) == (news_site.url("/news/1"), news_site.url("/redirect"))
    with Store(db_path) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT url, final_url FROM fetches").one() == tuple(
            news_site.url(p) for p in ("/redirect", "/news/1")
        )


def test_urls_file_skips_blanks_and_comments_and_names_a_bad_line(run, db_path, news_site, tmp_path):
    listing = tmp_path / "links.txt"
    listing.write_text(
        f"# the morning's links\n\n{news_site.url('/news/1')}\n  {news_site.url('/news/2')}  \nnews/3.html\n",
        encoding="utf-8",
    )
    result = run("ingest", "--urls", str(listing), *LOCAL)
    assert result.exit_code == 1, result.output
    assert lines(result.output, "failed:") == [f"failed: {listing}: line 5: not a URL: 'news/3.html'"]
    assert set(stored(db_path)) == {news_site.url("/news/1"), news_site.url("/news/2")}


def test_ingest_needs_paths_urls_or_a_url_list(run):
    result = run("ingest")
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...': give files, folders, URLs or --urls FILE." in result.output


def test_a_page_robots_txt_disallows_is_never_asked_for(run, db_path, news_site):
    secret, allowed = news_site.url("/private/secret"), news_site.url("/news/1")
    result = run("ingest", secret, allowed, *LOCAL)
    assert result.exit_code == 1, result.output
    assert lines(result.output, "failed:") == [f"failed: {secret}: disallowed by the site's robots.txt"]
    assert news_site.seen("/private/secret") == []
    assert len(news_site.seen("/robots.txt")) == 1  # read once per site and run
    assert set(stored(db_path)) == {allowed}


def test_an_unchanged_page_costs_one_conditional_request_and_counts_unchanged(run, db_path, news_site):
    url = news_site.url("/etag")
    assert run("ingest", url, *LOCAL).exit_code == 0
    first = stored(db_path)[url]
    result = run("ingest", url, *LOCAL)
    assert result.exit_code == 0, result.output
    assert "Ingested 1 input: 0 added, 0 new versions, 1 unchanged" in result.output
    asked = news_site.seen("/etag")
    assert len(asked) == 2
    assert "If-None-Match" not in asked[0].headers
    assert asked[1].headers["If-None-Match"] == '"v1"'
    assert asked[1].headers["If-Modified-Since"] == "Wed, 11 Mar 2026 08:00:00 GMT"
    after = stored(db_path)[url]
    assert (after.version, after.ingested, after.text) == (1, first.ingested, first.text)


def test_a_slow_page_times_out_in_one_line(run, news_site):
    url = news_site.url("/slow")
    started = time.monotonic()
    result = run("ingest", url, *LOCAL, "--timeout", "0.5")
    assert time.monotonic() - started < 2.5
    assert result.exit_code == 2
    assert lines(result.output, "failed:") == [f"failed: {url}: timed out: no answer within 0.5 s (--timeout)"]


def test_a_trickling_page_is_given_up_after_four_timeouts(news_site):
    settings = FetchSettings(delay=0, allow_private=True, timeout=0.3)
    started = time.monotonic()
    with (
        Fetcher(settings, MB) as fetcher,
        pytest.raises(FetchFailed, match=r"answer too slow: not whole within 1\.2 s"),
    ):
        fetcher.fetch(news_site.url("/drip"))
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("path", ["/huge", "/huge-streamed"])
def test_a_huge_page_is_refused_at_the_byte_cap(run, news_site, path):
    """Refused on its Content-Length before a byte is read, or when the bytes read pass the cap."""
    url = news_site.url(path)
    result = run("ingest", url, *LOCAL, "--max-bytes", str(MB))
    assert result.exit_code == 2
    (line,) = lines(result.output, "failed:")
    assert line.startswith(f"failed: {url}: ") and line.endswith("over the 977 KB cap (--max-bytes)")


def test_a_brotli_bomb_is_stopped_at_the_cap_in_bounded_memory(news_site):
    """200 MB of brotli in 300 bytes: decoded in 64 KB steps, stopped just past a 1 MB cap."""
    with Fetcher(FetchSettings(delay=0, allow_private=True), MB) as fetcher:
        tracemalloc.start()
        try:
            with pytest.raises(FetchFailed, match="over the 977 KB cap"):
                fetcher.fetch(news_site.url("/bomb"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 10 * MB


def test_gzip_and_brotli_answers_are_decoded(run, db_path, news_site):
    urls = [news_site.url("/gzip"), news_site.url("/brotli")]
    result = run("ingest", *urls, *LOCAL)
    assert result.exit_code == 0, result.output
    found = stored(db_path)
    assert [found[url].title for url in urls] == [
        "Report number 10 from the newsroom of the Narva Herald",
        "Report number 11 from the newsroom of the Narva Herald",
    ]
    assert all("Paragraph 3 of story" in found[url].text for url in urls)
    assert all("br" in request.headers["Accept-Encoding"] for request in news_site.requests)


def test_content_that_is_not_a_page_is_skipped_with_a_reason(run, db_path, news_site):
    image, page = news_site.url("/image.png"), news_site.url("/news/2")
    result = run("ingest", image, page, *LOCAL)
    assert result.exit_code == 1
    assert lines(result.output, "failed:") == [
        f"failed: {image}: content type image/png is not HTML, XML, a feed or plain text; skipped"
    ]
    assert set(stored(db_path)) == {page}


def test_a_feed_and_a_text_page_fetched_go_in_as_files_of_their_kind_do(run, db_path, news_site):
    feed, notes = news_site.url("/feed.atom"), news_site.url("/notes.txt")
    result = run("ingest", feed, notes, *LOCAL)
    assert result.exit_code == 0, result.output
    found = stored(db_path)
    assert {news_site.url(f"/news/{n}") for n in (1, 2, 3)} <= set(found)
    assert found[news_site.url("/news/2")].outlet == "Narva Herald"
    assert (found[notes].title, found[notes].url) == ("Tram line notes", notes)


def test_a_429_is_asked_again_after_its_retry_after(run, db_path, news_site):
    url = news_site.url("/busy")
    result = run("ingest", url, *LOCAL)
    assert result.exit_code == 0, result.output
    first, second = news_site.seen("/busy")
    assert second.at - first.at >= 1.0
    assert stored(db_path)[url].title == "Port traffic doubled in the first quarter of the year"


def test_a_503_is_asked_again_after_a_backoff(news_site):
    with Fetcher(LOOPBACK_ONLY, MB) as fetcher:
        fetched = fetcher.fetch(news_site.url("/flaky"))
    assert fetched.status == 200
    first, second = news_site.seen("/flaky")
    assert second.at - first.at >= 0.05


def test_requests_to_one_host_are_a_delay_apart(run, news_site):
    result = run("ingest", news_site.url("/news/1"), news_site.url("/news/2"), "--allow-private", "--delay", "0.4")
    assert result.exit_code == 0, result.output
    times = [request.at for request in news_site.requests]
    assert [request.path for request in news_site.requests] == ["/robots.txt", "/news/1", "/news/2"]
    assert all(later - earlier >= 0.4 for earlier, later in itertools.pairwise(times))


def test_the_host_that_may_be_asked_soonest_goes_first():
    """Twenty outlets' URLs listed outlet by outlet are taken one outlet after another, not one a second."""
    clock = {"a.example": 5.0, "b.example": 0.0, "c.example": 2.0}
    queue = PoliteQueue(lambda url: clock[url.split("/")[2]], window=3)
    urls = ["http://a.example/1", "http://a.example/2", "http://b.example/1", "http://c.example/1"]
    order = []
    for url in queue.order(urls):
        order.append(url)
        clock[url.split("/")[2]] += 10  # asking a host moves its turn on
    assert order == ["http://b.example/1", "http://c.example/1", "http://a.example/1", "http://a.example/2"]


def test_a_redirect_to_a_private_address_is_refused_before_any_connection(news_site, monkeypatch):
    connected = []
    real_connect = socket.create_connection
    monkeypatch.setattr(
        socket,
        "create_connection",
        lambda address, *a, **k: connected.append(address[0]) or real_connect(address, *a, **k),
    )
    with Fetcher(LOOPBACK_ONLY, MB) as fetcher:
        for path, target, why in [
            ("/redirect-private", "http://10.0.0.1/admin", "10.0.0.1 is a private address"),
            (
                "/redirect-metadata",
                "http://169.254.169.254/latest/meta-data/",
                "169.254.169.254 is a link-local address",
            ),
        ]:
            with pytest.raises(FetchFailed) as refused:
                fetcher.fetch(news_site.url(path))
            assert refused.value.reason == f"refused: {why} (--allow-private fetches it) (redirected to {target})"
    assert set(connected) == {"127.0.0.1"}
    assert [request.path for request in news_site.requests] == [
        "/robots.txt",
        "/redirect-private",
        "/redirect-metadata",
    ]


def test_loopback_is_refused_without_allow_private_and_nothing_is_asked(run, news_site):
    url = news_site.url("/news/1")
    result = run("ingest", url, "--delay", "0")
    assert result.exit_code == 2
    assert lines(result.output, "failed:") == [
        f"failed: {url}: refused: 127.0.0.1 is a loopback address (--allow-private fetches it)"
    ]
    assert news_site.requests == []


def test_a_name_is_refused_by_the_address_it_resolves_to(monkeypatch):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.1.9", port))],
    )
    with Fetcher(FetchSettings(delay=0), MB) as fetcher, pytest.raises(FetchFailed) as refused:
        fetcher.fetch("http://intranet.example/")
    assert (
        refused.value.reason
        == "refused: intranet.example (192.168.1.9) is a private address (--allow-private fetches it)"
    )


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "a loopback"),
        ("::1", "a loopback"),
        ("10.1.2.3", "a private"),
        ("::ffff:10.0.0.1", "a private"),
        ("169.254.169.254", "a link-local"),
        ("fe80::1", "a link-local"),
        ("224.0.0.1", "a multicast"),
        ("0.0.0.0", "an unspecified"),
        ("240.0.0.1", "a reserved"),
        ("100.64.0.1", "a non-public"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_every_non_public_address_is_named_and_refused(address, why):
    assert address_refusal(address) == why


def test_only_http_and_https_are_fetched_and_bad_urls_are_one_line_each(run, news_site, monkeypatch):
    def no_such_host(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    good = news_site.url("/news/3")
    inputs = ["ftp://example.org/x", "file:///etc/passwd", f"http://127.0.0.1:{port}/", news_site.url("/missing"), good]
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *a, **k: no_such_host(host) if host == "nowhere.example" else real(host, *a, **k),
    )
    result = run("ingest", *inputs, "http://nowhere.example/news", *LOCAL)
    assert result.exit_code == 1, result.output
    assert sorted(lines(result.output, "failed:")) == sorted(
        [
            "failed: ftp://example.org/x: only http and https URLs are fetched, not ftp://example.org/x",
            "failed: file:///etc/passwd: only http and https URLs are fetched, not file:///etc/passwd",
            f"failed: http://127.0.0.1:{port}/: cannot connect ([Errno 111] Connection refused)",
            f"failed: {news_site.url('/missing')}: HTTP 404 Not Found",
            "failed: http://nowhere.example/news: cannot resolve host nowhere.example (Name or service not known)",
        ]
    )
    assert "Ingested 1 input: 1 added, 0 new versions, 0 unchanged, 5 failed" in result.output


def test_a_redirect_loop_stops_after_five(news_site):
    with Fetcher(LOOPBACK_ONLY, MB) as fetcher, pytest.raises(FetchFailed, match="more than 5 redirects"):
        fetcher.fetch(news_site.url("/loop"))
    assert len(news_site.seen("/loop")) == 6


def test_the_warc_written_while_fetching_is_ingested_offline_to_the_same_articles(run, db_path, tmp_path, news_site):
    warc, offline = tmp_path / "crawl.warc.gz", str(tmp_path / "offline.db")
    urls = [news_site.url("/news/1"), news_site.url("/brotli"), news_site.url("/gzip")]
    assert run("ingest", *urls, *LOCAL, "--warc", str(warc)).exit_code == 0
    news_site.requests.clear()
    result = CliRunner().invoke(cli, ["ingest", str(warc), "--db", offline], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert news_site.requests == []
    fetched, again = stored(db_path), stored(offline)
    fields = ("external_id", "url", "title", "text", "published", "crawled", "outlet", "raw_sha256")
    for url in urls:
        assert [getattr(again[url], f) for f in fields] == [getattr(fetched[url], f) for f in fields]


def test_run_fetches_urls_too(run, news_site):
    result = run("run", news_site.url("/news/1"), *LOCAL)
    assert result.exit_code == 0, result.output
    assert "Ingested 1 input: 1 added" in result.output


def test_retry_after_is_read_in_seconds_or_as_a_date():
    now = datetime(2026, 3, 11, 8, 0, 0, tzinfo=UTC)
    assert retry_wait("7", 1.0, now) == 7.0
    assert retry_wait("Wed, 11 Mar 2026 08:00:30 GMT", 1.0, now) == 30.0
    assert retry_wait("Wed, 11 Mar 2026 07:00:00 GMT", 1.0, now) == 0.0
    assert retry_wait("soon", 2.0, now) == 2.0
    assert retry_wait(None, 4.0, now) == 4.0


def test_a_fetched_body_is_read_by_its_content_type_or_its_first_bytes():
    assert page_format("text/html", b"anything") == "html"
    assert page_format("application/rss+xml", b"<rss>") == "feed"
    assert page_format("application/xml", b"<?xml version='1.0'?><feed xmlns='...'>") == "feed"
    assert page_format(None, b"<!doctype html><p>hi") == "html"
    assert page_format(None, b"PK\x03\x04 a zip") is None
    assert page_format("application/pdf", b"%PDF") is None


def test_decoding_stops_where_the_compressed_data_ends():
    import gzip

    data = gzip.compress(b"page" * 100) + b"trailing bytes never decoded"
    assert b"".join(decoded([data[:10], data[10:]], "gzip")) == b"page" * 100
    with pytest.raises(FetchFailed, match="content encoding zstd is not one newstrace decodes"):
        list(decoded([b"x"], "zstd"))


def test_fetch_settings_refuse_bad_values_by_name():
    with pytest.raises(ValueError, match="user_agent="):
        FetchSettings(user_agent="newstrace\r\nX-Injected: 1")
    with pytest.raises(ValueError, match="delay=-1"):
        FetchSettings(delay=-1)
    with pytest.raises(ValueError, match="allowed_networks='intranet'"):
        FetchSettings(allowed_networks=("intranet",))
