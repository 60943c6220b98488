"""Datasette reads the examples' database with `newstrace datasette-metadata`: labels, full-text search on
articles, canned queries."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import database
from test_pipeline_examples import run_examples

from newstrace.cli import cli
from newstrace.datasette import HIDDEN, TABLES
from newstrace.store import Store
from newstrace.store.schema import metadata as schema

datasette_app = pytest.importorskip("datasette.app")


@pytest.fixture(scope="module")
def examples_db(request, tmp_path_factory) -> str:
    return run_examples(database(request, "sqlite", tmp_path_factory.mktemp("datasette")))


def metadata_for(db: str) -> dict:
    result = CliRunner().invoke(cli, ["datasette-metadata", "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def get_json(db: str, *paths: str) -> list:
    """Each path's JSON from Datasette serving ``db`` with its metadata, through Datasette's own client."""

    async def fetch():
        ds = datasette_app.Datasette([db], metadata=metadata_for(db))
        await ds.invoke_startup()
        answers = []
        for path in paths:
            response = await ds.client.get(path)
            assert response.status_code == 200, (path, response.text[:500])
            answers.append(response.json())
        return answers

    return asyncio.run(fetch())


def test_search_articles_and_run_the_canned_queries(examples_db):
    name = Path(examples_db).stem
    found, disputed, copies, table = get_json(
        examples_db,
        f"/{name}/articles.json?_search=Larkspur+ballast&_shape=array",
        f"/{name}/disputed_claims.json?_shape=array",
        f"/{name}/copies_per_outlet_pair.json?_shape=array",
        f"/{name}/claims.json?_shape=array&_size=1",
    )
    with Store(examples_db) as store:
        expected = {a.external_id for a in store.articles(search="Larkspur ballast", include_skipped=True)}
        statuses = [c.status for c in store.claims()]
    assert found and {row["external_id"] for row in found} == expected
    assert len(disputed) == statuses.count("disputed")
    first = disputed[0]
    assert first["supporting_origins"] == "the Estonian government"
    assert first["disputing_origins"] == "the Finnish government"
    npa = [row for row in copies if row["outlet_a"] == "Nordic Press Agency" and row["relation"] == "b copied a"]
    assert {"Northstar Times", "Coastline Daily"} <= {row["outlet_b"] for row in npa}
    assert all(row["passages"] >= row["article_pairs"] >= 1 for row in copies)
    assert table and table[0]["text"]


def test_datasette_shows_the_labels_and_the_search_box(examples_db):
    name = Path(examples_db).stem

    async def fetch():
        ds = datasette_app.Datasette([examples_db], metadata=metadata_for(examples_db))
        await ds.invoke_startup()
        page = await ds.client.get(f"/{name}/articles")
        searched = await ds.client.get(f"/{name}/articles.json?_search=ferry&_size=1")
        return page.text, searched.json()

    page, searched = asyncio.run(fetch())
    assert 'name="_search"' in page  # Datasette offers the search: it found the FTS table through the metadata
    labels = TABLES["articles"]
    assert labels["description"] in page and f"<dt>url</dt><dd>{labels['columns']['url']}</dd>" in page
    assert 'search matches "ferry"' in searched["human_description_en"]


def test_every_labelled_table_and_column_exists(examples_db):
    for table, labels in TABLES.items():
        assert table in schema.tables, table
        assert labels["title"] and labels["description"]
        assert set(labels.get("columns", {})) <= set(schema.tables[table].columns.keys()), table
    assert set(TABLES) | set(HIDDEN) == set(schema.tables)  # every table labelled, or hidden


def test_a_database_url_has_no_datasette_metadata():
    result = CliRunner().invoke(cli, ["datasette-metadata", "--db", "postgresql://me:secret@db/news"])
    assert result.exit_code == 2 and "postgresql://me:***@db/news" in result.output
