"""Watching feeds and sitemaps (`newstrace watch`) against the news site on 127.0.0.1 (tests/fetch_server.py):
new pages fetched once, stored as pages, the pipeline run on them; no test reaches past the site."""

from __future__ import annotations

import signal

import pytest
from click.testing import CliRunner
from conftest import needs_dask

import newstrace.watch
from newstrace.cli import cli
from newstrace.errors import BadInput
from newstrace.ingest.fetch import Fetcher
from newstrace.ingest.listings import Listed, choose_pages, listing, opml_feeds
from newstrace.store import Store
from newstrace.watch import parse_interval

# Every watch on the local site: it is at 127.0.0.1, and no test waits a second per request.
LOCAL = ("--allow-private", "--delay", "0", "--quiet")


def stored(db_path: str) -> dict[str, object]:
    """The latest version of each stored article, by URL."""
    with Store(db_path) as store:
        return {article.url: article for article in store.articles()}


def lines(output: str, prefix: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(prefix)]


def pages(site, *numbers: int) -> set[str]:
    return {site.url(f"/news/{n}") for n in numbers}


def watch_again(db_path: str, *args: str):
    """`watch` in a fresh CliRunner, as a restarted process would run it."""
    return CliRunner().invoke(cli, ["watch", *args, "--db", db_path], catch_exceptions=False)


def test_a_feed_watched_once_ingests_its_pages_and_runs_the_pipeline(run, db_path, news_site):
    feed = news_site.url("/feed.rss")
    result = run("watch", feed, *LOCAL)
    assert result.exit_code == 0, result.output
    assert f"{feed}: 3 listed, 3 new, 3 fetched, 0 failed\n" in result.output
    assert "Ingested 3 inputs: 3 added" in result.output
    articles = stored(db_path)
    assert set(articles) == pages(news_site, 1, 2, 3)
    for article in articles.values():  # the page, not the feed's one-sentence summary
        assert article.extraction_method != "feed" and "Paragraph 3 of story" in article.text
    with Store(db_path) as store:
        assert not store.unanalysed_ids() and store.unlinked() == []
        assert store.stories() and store.stale_stories() == []
    assert "Analyzed 3 articles" in result.output and "Assessed" in result.output


@needs_dask
def test_a_watch_can_run_its_pipeline_on_a_dask_cluster(run, db_path, news_site):
    feed = news_site.url("/feed.rss")
    result = run("watch", feed, "--dask", "local:1", *LOCAL)
    assert result.exit_code == 0, result.output
    assert set(stored(db_path)) == pages(news_site, 1, 2, 3)
    with Store(db_path) as store:
        assert not store.unanalysed_ids() and store.stale_stories() == [] and store.claims()


def test_a_second_round_fetches_nothing_it_fetched_before(run, db_path, news_site):
    feed = news_site.url("/feed.rss")
    assert run("watch", feed, *LOCAL).exit_code == 0
    result = run("watch", feed, *LOCAL)
    assert result.exit_code == 0, result.output
    assert f"{feed}: 3 listed, 0 new, 0 fetched, 0 failed" in result.output
    assert len(news_site.seen("/feed.rss")) == 2
    assert [len(news_site.seen(f"/news/{n}")) for n in (1, 2, 3)] == [1, 1, 1]


def test_a_sitemap_index_is_followed_to_its_sitemaps_pages(run, db_path, news_site):
    index = news_site.url("/watch/sitemap.xml")
    result = run("watch", index, *LOCAL)
    assert result.exit_code == 0, result.output
    assert f"{index}: 4 listed, 4 new, 4 fetched, 0 failed" in result.output
    assert set(stored(db_path)) == pages(news_site, 20, 21, 22, 23)


def test_a_gzipped_sitemap_is_read_and_an_empty_feed_lists_nothing_without_failing(run, db_path, news_site):
    packed, empty = news_site.url("/watch/sitemap.xml.gz"), news_site.url("/watch/empty.rss")
    result = run("watch", packed, empty, *LOCAL)
    assert result.exit_code == 0, result.output
    assert f"{packed}: 2 listed, 2 new, 2 fetched, 0 failed" in result.output
    assert f"{empty}: 0 listed, 0 new, 0 fetched, 0 failed" in result.output
    assert set(stored(db_path)) == pages(news_site, 24, 25)


def test_since_skips_older_pages_and_sitemaps_not_changed_since(run, db_path, news_site, tmp_path):
    feed, index = news_site.url("/feed.rss"), news_site.url("/watch/sitemap.xml")
    result = run("watch", feed, index, "--since", "12 March 2026", *LOCAL)
    assert result.exit_code == 0, result.output
    assert f"{feed}: 3 listed, 2 new, 2 fetched, 0 failed, 1 skipped as old (--since)" in result.output
    assert news_site.seen("/watch/sitemap-2026-03-01.xml") == []  # last changed before --since: not read
    assert set(stored(db_path)) == pages(news_site, 2, 3, 22, 23)
    assert news_site.seen("/news/1") == []


def test_max_bounds_a_round_newest_first_and_a_restart_fetches_only_the_rest(run, db_path, news_site):
    feed = news_site.url("/feed.rss")
    result = run("watch", feed, "--max", "2", *LOCAL)
    assert result.exit_code == 0, result.output
    assert f"{feed}: 3 listed, 3 new, 2 fetched, 0 failed, 1 left for" in result.output
    assert set(stored(db_path)) == pages(news_site, 2, 3)  # dated 12 and 13 March: the newest
    again = watch_again(db_path, feed, "--max", "2", *LOCAL)
    assert again.exit_code == 0, again.output
    assert f"{feed}: 3 listed, 1 new, 1 fetched, 0 failed" in again.output
    assert set(stored(db_path)) == pages(news_site, 1, 2, 3)
    assert [len(news_site.seen(f"/news/{n}")) for n in (1, 2, 3)] == [1, 1, 1]


def test_a_sitemap_index_that_lists_itself_is_read_two_levels_deep_then_named(run, news_site):
    loop = news_site.url("/watch/loop.xml")
    result = run("watch", loop, *LOCAL)
    assert result.exit_code == 1, result.output
    assert lines(result.output, "failed:") == [f"failed: {loop}: sitemap indexes nested more than 2 deep"]
    assert len(news_site.seen("/watch/loop.xml")) == 3


def test_every_feed_of_an_opml_file_is_watched(run, db_path, news_site, tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>Desk</title></head><body>'
        f'<outline text="Baltic"><outline text="Herald" type="rss" xmlUrl="{news_site.url("/feed.rss")}"/></outline>'
        f'<outline text="Watch" type="rss" xmlUrl="{news_site.url("/watch/feed.rss")}"/></body></opml>',
        encoding="utf-8",
    )
    result = run("watch", str(opml), *LOCAL)
    assert result.exit_code == 0, result.output
    assert set(stored(db_path)) == pages(news_site, 1, 2, 3, 24, 25)
    assert len(lines(result.output, "http://")) == 2  # a line per feed


def test_a_file_listing_sources_is_watched_and_its_bad_lines_named(run, db_path, news_site, tmp_path):
    listing_file = tmp_path / "sources.txt"
    listing_file.write_text(f"# the desk's feeds\n{news_site.url('/watch/feed.rss')}\nnot a url\n", encoding="utf-8")
    result = run("watch", str(listing_file), *LOCAL)
    assert result.exit_code == 1, result.output
    assert lines(result.output, "failed:") == [f"failed: {listing_file}: line 3: not a URL: 'not a url'"]
    assert set(stored(db_path)) == pages(news_site, 24, 25)


def test_a_source_that_fails_is_one_line_and_the_others_go_on(run, db_path, news_site, tmp_path):
    missing, page, feed = (news_site.url(p) for p in ("/watch/missing.rss", "/news/1", "/watch/feed.rss"))
    result = run("watch", missing, page, feed, str(tmp_path / "nowhere.opml"), *LOCAL)
    assert result.exit_code == 1, result.output
    failed = lines(result.output, "failed:")
    assert failed[0].startswith(f"failed: {tmp_path / 'nowhere.opml'}: cannot read it (No such file")
    assert failed[1] == f"failed: {missing}: HTTP 404 Not Found"
    assert failed[2].startswith(f"failed: {page}: not an RSS or Atom feed with entries")
    assert len(failed) == 3
    assert f"{missing}: not read" in result.output
    assert set(stored(db_path)) == pages(news_site, 24, 25)


def test_a_page_that_fails_is_one_line_its_summary_is_not_stored_and_it_is_asked_again(run, db_path, news_site):
    feed = news_site.url("/watch/broken.rss")
    result = run("watch", feed, *LOCAL)
    assert result.exit_code == 1, result.output
    assert lines(result.output, "failed:") == [f"failed: {news_site.url('/gone')}: HTTP 404 Not Found"]
    assert f"{feed}: 2 listed, 2 new, 1 fetched, 1 failed" in result.output
    assert set(stored(db_path)) == pages(news_site, 24)  # no article from the feed's summary of /gone
    assert run("watch", feed, *LOCAL).exit_code == 1
    assert (len(news_site.seen("/gone")), len(news_site.seen("/news/24"))) == (2, 1)


def test_every_keeps_watching_until_ctrl_c_and_exits_cleanly(run, db_path, news_site, monkeypatch):
    waits = []

    def pause(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt  # Ctrl-C while waiting for the third round

    monkeypatch.setattr(newstrace.watch, "pause", pause)
    feed, unchanged = news_site.url("/feed.rss"), news_site.url("/watch/etag.rss")
    result = run("watch", feed, unchanged, "--every", "15m", *LOCAL)
    assert result.exit_code == 0, result.output
    assert len(lines(result.output, "Round ")) == 2
    assert 0 < waits[0] <= 900
    assert result.output.rstrip().endswith("Stopped after 2 rounds: 5 pages fetched, 0 failed")
    assert lines(result.output, f"{feed}: ")[1].startswith(f"{feed}: 3 listed, 0 new")
    assert lines(result.output, f"{unchanged}: ")[1].startswith(f"{unchanged}: 2 listed, 0 new")
    assert [len(news_site.seen(f"/news/{n}")) for n in (1, 2, 3, 24, 25)] == [1, 1, 1, 1, 1]
    asked = news_site.seen("/watch/etag.rss")  # the second round asks whether the feed changed: a 304
    assert len(asked) == 2 and asked[1].headers["If-None-Match"] == '"v1"'
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_ctrl_c_in_a_round_stores_the_article_in_hand_then_stops(run, db_path, news_site, monkeypatch):
    fetch = Fetcher.fetch

    def interrupted_after_news(self, url, known=None):
        fetched = fetch(self, url, known)
        if "/news/" in url:
            signal.raise_signal(signal.SIGINT)  # as Ctrl-C would, while the page is in hand
        return fetched

    monkeypatch.setattr(Fetcher, "fetch", interrupted_after_news)
    feed = news_site.url("/feed.rss")
    result = run("watch", feed, "--every", "1h", *LOCAL)
    assert result.exit_code == 0, result.output
    assert f"{feed}: 3 listed, 3 new, 1 fetched, 0 failed, 2 left" in result.output
    assert result.output.rstrip().endswith("Stopped after 1 round: 1 page fetched, 0 failed")
    assert set(stored(db_path)) == pages(news_site, 3)
    assert "Analyzed" not in result.output  # the stages wait for the next run
    monkeypatch.undo()
    again = watch_again(db_path, feed, *LOCAL)
    assert again.exit_code == 0, again.output
    assert set(stored(db_path)) == pages(news_site, 1, 2, 3)
    assert "Analyzed 3 articles" in again.output


@pytest.mark.parametrize(("written", "seconds"), [("90s", 90), ("15m", 900), ("2h", 7200), ("300", 300), ("1.5M", 90)])
def test_intervals_read_with_their_units(written, seconds):
    assert parse_interval(written) == seconds


def test_a_bad_interval_or_date_is_refused_in_one_line(run, news_site):
    bad_every = run("watch", news_site.url("/feed.rss"), "--every", "soon", *LOCAL)
    assert bad_every.exit_code == 2
    assert lines(bad_every.output, "Error:") == [
        "Error: Invalid value for '--every': 'soon' is not a positive interval such as 90s, 15m or 2h"
    ]
    bad_since = run("watch", news_site.url("/feed.rss"), "--since", "someday", *LOCAL)
    assert bad_since.exit_code == 1
    assert lines(bad_since.output, "Error:") == [
        "Error: --since='someday' is not accepted; expected a date such as 2026-03-11 or '11 March 2026'"
    ]
    assert news_site.requests == []


def test_listings_are_read_safely_and_chosen_newest_first():
    sitemap = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        b' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
        b' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
        b"<url><loc>/a</loc><image:image><image:loc>http://x.test/a.jpg</image:loc></image:image>"
        b"<news:news><news:publication_date>2026-03-12T10:00:00Z</news:publication_date></news:news></url>"
        b"<url><loc>ftp://x.test/b</loc></url><url><loc>/c</loc><lastmod>2026-03-14</lastmod></url></urlset>"
    )
    found = listing(sitemap, "http://x.test/sitemap.xml")
    assert found.pages == [  # the page's <loc>, not its image's; its news date over its lastmod; no ftp
        Listed("http://x.test/a", "2026-03-12T10:00:00+00:00"),
        Listed("http://x.test/c", "2026-03-14"),
    ]
    chosen = choose_pages({"s": [*found.pages, Listed("http://x.test/d")]}, {"http://x.test/c"}, "2026-03-01", 1)
    assert [page.url for page in chosen.pages] == ["http://x.test/a"] and chosen.later == {"s": 1}
    with pytest.raises(BadInput, match="external entity"):
        opml_feeds(
            b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<opml><body><outline xmlUrl="http://x.test/&e;"/></body></opml>'
        )
    entities = "".join(f'<!ENTITY e{k} "{f"&e{k - 1};" * 10}">' for k in range(1, 10))
    bomb = f'<!DOCTYPE u [<!ENTITY e0 "lol">{entities}]><urlset><url><loc>/&e9;</loc></url></urlset>'
    with pytest.raises(BadInput, match="not a readable sitemap"):
        listing(bomb.encode(), "http://x.test/sitemap.xml")  # a billion laughs: refused, never expanded
