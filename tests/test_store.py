"""The store on SQLite and PostgreSQL (``any_db``): schema, pragmas, idempotent ingest, versions, full-text search."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from newstrace.errors import NotFound, SchemaTooNew
from newstrace.models import Article, sha256_hex
from newstrace.store import SCHEMA_VERSION, Store


def article(
    external_id="a1",
    text="The bridge opened on Monday.",
    url="https://news.example.com/bridge",
    **fields,
):
    return Article(
        external_id=external_id,
        text=text,
        url=url,
        source_path="test",
        extraction_method="record",
        raw_sha256=sha256_hex(text.encode()),
        **fields,
    )


def test_new_database_has_schema_wal_and_fts(db_path):
    with Store(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "articles_fts", "newstrace_meta"} <= tables
    conn.close()


def test_foreign_keys_are_on(db_path):
    with Store(db_path) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_reopening_does_not_migrate_again(any_db):
    with Store(any_db) as store:
        store.add_articles([article()])
    with Store(any_db) as store:
        assert store.counts()["articles"] == 1


def test_migrations_run_forward_from_an_older_schema(any_db, monkeypatch):
    import newstrace.store as store_module

    calls = []
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, lambda conn: calls.append(conn)])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Store(any_db) as store:
        assert store.schema_version() == SCHEMA_VERSION + 1
    assert len(calls) == 1
    with Store(any_db):
        pass
    assert len(calls) == 1


def test_newer_schema_is_refused(any_db):
    with Store(any_db) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE newstrace_meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(SchemaTooNew, match="schema version 99"):
        Store(any_db)


def test_same_article_twice_is_stored_once(any_db):
    with Store(any_db) as store:
        first, again = store.add_articles([article(), article()])
        assert (first.action, again.action) == ("added", "unchanged")
        assert store.counts() == {"articles": 1, "skipped": 0, "rows": 1}


def test_same_url_in_another_form_is_the_same_document(any_db):
    with Store(any_db) as store:
        store.add_articles([article()])
        [outcome] = store.add_articles(
            [article(external_id="copy", url="http://www.news.example.com/bridge/?utm_source=x")]
        )
        assert outcome.action == "unchanged"


def test_changed_text_at_a_known_url_is_a_new_version(any_db):
    with Store(any_db) as store:
        store.add_articles([article(text="First draft.")])
        [outcome] = store.add_articles([article(text="Corrected text.")])
        assert outcome.action == "new_version"
        assert outcome.article.version == 2
        [latest] = list(store.articles())
        assert latest.text == "Corrected text."
        assert [v.text for v in store.versions(latest)] == ["First draft.", "Corrected text."]
        assert store.counts() == {"articles": 1, "skipped": 0, "rows": 2}
        # the old text coming back adds nothing
        [outcome] = store.add_articles([article(text="First draft.")])
        assert outcome.action == "unchanged"


def test_records_without_url_are_keyed_by_id(any_db):
    with Store(any_db) as store:
        outcomes = store.add_articles([article("x", "One.", url=None), article("y", "One.", url=None)])
        assert [o.action for o in outcomes] == ["added", "added"]


def test_clashing_external_ids_are_made_unique(any_db):
    with Store(any_db) as store:
        store.add_articles(
            [
                article("1", "One.", url="https://a.example.com/1"),
                article("1", "Two.", url="https://b.example.com/1"),
            ]
        )
        ids = sorted(a.external_id for a in store.articles())
        assert ids[0] == "1" and ids[1].startswith("1~") and len(ids) == 2


def test_nul_characters_are_left_out_of_what_is_stored_on_every_backend(any_db):
    """PostgreSQL's text holds no NUL: an id, URL, outlet or author with one is stored without it, on both."""
    nul = article("n\x00ul", url="https://news.example.com/a\x00b", outlet="Out\x00let", authors=["A\x00B"])
    with Store(any_db) as store:
        [outcome] = store.add_articles([nul])
        assert outcome.action == "added"
        found = store.article("n\x00ul")
        assert (found.external_id, found.url, found.outlet, found.authors) == (
            "nul",
            "https://news.example.com/ab",
            "Outlet",
            ["AB"],
        )


def test_lookup_by_external_or_row_id(any_db):
    with Store(any_db) as store:
        [outcome] = store.add_articles([article("story-7")])
        assert store.article("story-7").id == outcome.article.id
        assert store.article(str(outcome.article.id)).external_id == "story-7"
        with pytest.raises(NotFound, match="no article with id 'nope'"):
            store.article("nope")


def test_full_text_search_is_safe_and_finds_words(any_db):
    with Store(any_db) as store:
        store.add_articles(
            [
                article("a", "The ferry capsized in the storm.", url=None, title="Ferry lost"),
                article("b", "Council votes on the tram.", url=None, title="Tram vote"),
            ]
        )
        assert [a.external_id for a in store.articles(search="ferry storm")] == ["a"]
        assert [a.external_id for a in store.articles(search="tram")] == ["b"]
        assert list(store.articles(search='ferry" OR "tram')) == []  # no FTS syntax from users
        assert list(store.articles(search="NEAR(")) == []


def test_listing_sorts_by_utc_time(any_db):
    with Store(any_db) as store:
        store.add_articles(
            [
                article("early-but-later-offset", "A.", url=None, published="2026-03-10T10:48:00-04:00"),  # 14:48Z
                article("later-local", "B.", url=None, published="2026-03-10T13:05:00+02:00"),  # 11:05Z
                article("undated", "C.", url=None),
            ]
        )
        assert [a.external_id for a in store.articles()] == [
            "early-but-later-offset",
            "later-local",
            "undated",
        ]


def test_works_on_any_sqlalchemy_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'via-url.db'}"
    with Store(url) as store:
        store.add_articles([article()])
        assert store.counts()["articles"] == 1
    assert isinstance(sa.create_engine(url), sa.Engine)


def test_a_search_without_full_text_index_takes_percent_and_underscore_as_characters():
    """PostgreSQL's search (ILIKE): "%" matched every article there and none on SQLite; now it is a character."""
    from sqlalchemy.dialects import postgresql

    from newstrace.store import words_in_article

    compiled = words_in_article("100%_sure").compile(dialect=postgresql.dialect())
    assert "ESCAPE '/'" in str(compiled) and set(compiled.params.values()) == {"100/%/_sure"}


def test_no_message_shows_the_password_of_a_database_url():
    from newstrace.store import shown_db

    assert shown_db("postgresql+psycopg://news:s3cret@127.0.0.1:5432/newsroom") == (
        "postgresql+psycopg://news:***@127.0.0.1:5432/newsroom"
    )
    assert shown_db("crawl.db") == "crawl.db"


def test_a_database_that_cannot_be_opened_is_named_without_its_password(tmp_path):
    from click.testing import CliRunner

    from newstrace.cli import cli

    url = "postgresql+psycopg://news:s3cret@127.0.0.1:1/newsroom"
    result = CliRunner().invoke(cli, ["articles", "--db", url])
    assert result.exit_code != 0 and "s3cret" not in result.output
    assert result.output.startswith("Error: cannot use database postgresql+psycopg://news:***@127.0.0.1:1/newsroom")
