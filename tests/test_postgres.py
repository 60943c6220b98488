"""PostgreSQL for teams: URLs and drivers, messages that keep the password, full-text search that finds what
SQLite's finds, and migrations. (The store, pipeline and web tests run on both backends too: ``any_db``,
``BACKENDS``.)"""

from __future__ import annotations

import sys

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from test_store import article

import newstrace.store as store_module
from newstrace.cli import cli
from newstrace.store import Store
from newstrace.store.engine import database_url

# Articles whose words trip naive searches: percent signs, underscores, quotes, hyphens, host names, decimals.
CORPUS = {
    "ferry": ("Ferry lost", "The ferry-boat capsized in the storm, 100% of the crew were saved (o'brien@example.com)."),
    "tram": ("Tram vote", 'Council votes on the tram: "a 3.5 km line", said Mr O\'Brien of tram_watch.'),
    "rates": ("Rates", "Rates rose 0.5% to 5_000 points; see www.example.com/rates for the 50% rule."),
    "quiet": ("Nothing", "A quiet day on the harbour, with no news at all."),
    "naive": ("Café", "A naïve plan for the café near the FERRY terminal."),
}
# Searches that must find the same articles on both backends: words, case, and everything that is not a word.
SEARCHES = [
    "ferry",
    "FERRY storm",
    "tram ferry",
    "%",
    "_",
    "100%",
    "50%",
    "5_000",
    "tram_watch",
    "watch",
    '"',
    "''",
    "o'brien",
    "brien",
    "ferry-boat",
    "boat",
    "example.com",
    "example",
    "www",
    "3.5",
    "5",
    "café",
    "naïve plan",
    'ferry" OR "tram',
    "NEAR(ferry tram)",
    "ferry*",
    "-ferry",
    "a\x00b",
    "\x00",
    "ferry %",
    "news at all",
]
# How many of those searches find something: the comparison must not pass on two empty results.
FINDING = 22


def found(db: str, search: str) -> list[str]:
    with Store(db) as store:
        return sorted(a.external_id for a in store.articles(search=search))


def store_corpus(db: str) -> str:
    with Store(db) as store:
        store.add_articles([article(key, text, url=None, title=title) for key, (title, text) in CORPUS.items()])
    return db


def test_a_plain_postgresql_url_names_psycopg_3():
    assert (
        database_url("postgresql://news@db.example.com/newsroom") == "postgresql+psycopg://news@db.example.com/newsroom"
    )
    assert database_url("postgres://news@db/n") == "postgresql+psycopg://news@db/n"
    assert database_url("postgresql+psycopg2://news@db/n") == "postgresql+psycopg2://news@db/n"  # a driver named
    assert database_url("crawl.db") == "sqlite:///crawl.db"


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_missing_driver_is_one_line_saying_how_to_install_it(monkeypatch, how):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # what `import psycopg` does where it is not installed
    url = "postgresql://news:s3cret@127.0.0.1:1/newsroom"
    args, env = (["--db", url], {}) if how == "option" else ([], {"NEWSTRACE_DB": url})
    result = CliRunner().invoke(cli, ["articles", *args], env=env)
    assert result.exit_code == 1
    assert result.output == (
        "Error: cannot use database postgresql://news:***@127.0.0.1:1/newsroom: "
        "its PostgreSQL driver is not installed: pip install 'newstrace[scale]'\n"
    )


def test_search_finds_the_same_articles_on_sqlite_and_postgresql(db_path, postgres_db):
    sqlite, postgresql = store_corpus(db_path), store_corpus(postgres_db)
    results = {search: found(sqlite, search) for search in SEARCHES}
    assert {search: found(postgresql, search) for search in SEARCHES} == results
    assert sum(1 for ids in results.values() if ids) == FINDING
    assert results["ferry"] == ["ferry", "naive"] and results["100%"] == ["ferry"] and results["%"] == []
    assert results["example"] == ["ferry", "rates"] and results["5_000"] == ["rates"]


def test_the_home_page_search_is_postgresql_full_text_search(postgres_db):
    from fastapi.testclient import TestClient

    from newstrace.web import create_app

    store_corpus(postgres_db)
    with TestClient(create_app(postgres_db), base_url="http://127.0.0.1") as client:
        results = client.get("/index.json", params={"q": "ferry-boat 100%"}).json()["results"]
        assert [r["external_id"] for r in results] == ["ferry"]
    with Store(postgres_db) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # five rows: otherwise a scan is cheaper
        query = sa.select(store_module.articles_table.c.id).where(store_module.search_clause("postgresql", "tram"))
        plan = " ".join(
            conn.execute(sa.text(f"EXPLAIN {query.compile(conn, compile_kwargs={'literal_binds': True})}")).scalars()
        )
    assert "ix_articles_search_words" in plan


def test_an_older_postgresql_database_gains_full_text_search(postgres_db, monkeypatch):
    with monkeypatch.context() as before:  # the database as newstrace left it before migration 12
        before.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:11])
        before.setattr(store_module, "SCHEMA_VERSION", 11)
        store_corpus(postgres_db)
        with Store(postgres_db) as store:
            assert store.schema_version() == 11
    with Store(postgres_db) as store:
        assert store.schema_version() == store_module.SCHEMA_VERSION
        assert [a.external_id for a in store.articles(search="tram_watch 3.5")] == ["tram"]


@pytest.mark.parametrize("problem", ["refused", "wrong password", "no such database"])
def test_server_errors_are_one_line_without_the_password(postgres_server, problem):
    url = sa.engine.make_url(postgres_server)
    url = {
        "refused": url.set(port=1, password="s3cret-refused"),
        "wrong password": url.set(password="s3cret-wrong"),
        "no such database": url.set(database="newstrace_absent"),
    }[problem]
    plain = url.render_as_string(hide_password=False)
    if problem == "wrong password" and _accepts(plain):  # NEWSTRACE_TEST_POSTGRES may name a server that trusts all
        pytest.skip("this server does not ask for a password")
    for command in (["articles"], ["ingest", "-"], ["serve", "--port", "1"]):  # serve first says what it serves
        result = CliRunner().invoke(cli, [*command, "--db", plain], input="")
        assert result.exit_code == 1 and url.password not in result.output, result.output
        error = result.output.splitlines()[-1]
        assert error.startswith(f"Error: cannot use database {url.render_as_string(hide_password=True)}: ")
        assert result.output.endswith(error + "\n") and result.output.count("Error") == 1, result.output


def _accepts(url: str) -> bool:
    engine = sa.create_engine(database_url(url))
    try:
        with engine.connect():
            return True
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()
