"""The main job on the bundled examples: copies with direction, stories, claims with independent origins."""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner
from conftest import BACKENDS, EXAMPLES, database, needs_dask

from newstrace.cli import cli
from newstrace.store import Store

NPA = "examples/npa-ferry-capsizes-gulf-of-finland.html"
NORTHSTAR = "examples/northstartimes-ferry-overturns-off-estonia.html"
MERIDIAN = "examples/dailymeridian-larkspur-survivors-hospital-toll.html"
COASTLINE = "coastlinedaily-0001"
GULF_HERALD = "gulfherald-20260310-larkspur-families"
TRAM = {"examples/castlemoorstar-council-approves-riverside-tram.html", "penninebiz-20260311-tram-contractors"}


def run_examples(db: str) -> str:
    """The examples through `newstrace run` into ``db`` (relative paths as in the README)."""
    here = os.getcwd()
    os.chdir(EXAMPLES.parent)
    try:
        result = CliRunner().invoke(cli, ["run", "examples", "--db", db, "--quiet"], catch_exceptions=False)
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def sqlite_run(request, tmp_path_factory):
    return run_examples(database(request, "sqlite", tmp_path_factory.mktemp("run")))


@pytest.fixture(scope="module")
def postgresql_run(request, tmp_path_factory):
    return run_examples(database(request, "postgresql", tmp_path_factory.mktemp("run")))


@pytest.fixture(scope="module", params=BACKENDS)
def db(request):
    """The examples run once for this module on each backend."""
    return request.getfixturevalue(f"{request.param}_run")


def ids(external_id: str) -> str:
    return external_id.split("examples/")[-1]


def pairs(store, kind="copy"):
    return {(ids(p.a), ids(p.b)): p for p in store.copies() if p.kind == kind}


def test_wire_copies_are_found_with_their_origin(db):
    with Store(db) as store:
        copies = pairs(store)
    npa = ids(NPA)
    assert copies[(npa, ids(NORTHSTAR))].direction == "a->b"  # published later the same day
    assert copies[(npa, ids(MERIDIAN))].direction == "a->b"
    coastline = copies[(npa, COASTLINE)]  # undated: the (NPA) dateline and credit line decide
    assert coastline.direction == "a->b", coastline.reason
    assert coastline.b_share > 0.9
    meridian_passages = [p for (a, b), p in copies.items() if (a, b) == (npa, ids(MERIDIAN))]
    assert meridian_passages and copies[(npa, ids(MERIDIAN))].b_share < 0.5  # three paragraphs, not the article


def test_a_shared_quote_is_not_a_copy_and_the_tram_story_stays_apart(db):
    with Store(db) as store:
        copies, quotes = pairs(store), pairs(store, "shared_quote")
        stories = store.stories()
    linked = {x for pair in copies for x in pair}
    assert ids(GULF_HERALD) not in linked
    assert any(ids(GULF_HERALD) in pair for pair in quotes)
    assert not linked & {ids(t) for t in TRAM}
    tram_stories = {s.id for s in stories for a in s.articles if a in TRAM}
    ferry_stories = {s.id for s in stories for a in s.articles if a in (NPA, NORTHSTAR, MERIDIAN, COASTLINE)}
    assert len(tram_stories) == 1 and not tram_stories & ferry_stories


def test_copies_do_not_inflate_a_claim(db):
    with Store(db) as store:
        claims = store.claims()
    unclear = [c for c in claims if "cause of the accident was not immediately clear" in c.text]
    assert unclear, "the wire's hedged sentence is not a claim"
    claim = unclear[0]
    assert {m.article for m in claim.mentions} >= {NPA, NORTHSTAR, MERIDIAN, COASTLINE}
    assert claim.supporting + claim.disputing <= 1  # four articles, one origin: the wire
    assert claim.relays >= 3


def test_warning_claim_rests_on_documents_and_is_disputed_by_the_regulator(db):
    with Store(db) as store:
        claims = store.claims()
    warned = [c for c in claims if any("warned regulators" in m.span.text for m in c.mentions)]
    assert warned
    origins = set()
    for claim in warned:
        supporters = [m for m in claim.mentions if "warned regulators" in m.span.text]
        assert all("Baltic Courier" in [s.name for s in m.chain] for m in supporters)  # relayed from the Courier
        origins |= {m.origin for m in supporters}
        assert claim.supporting == 1  # the documents the Courier saw, however many outlets relay them
    assert len(origins) == 1, origins  # one origin across articles (and stories)
    disputed = [c for c in warned if c.status == "disputed"]
    assert disputed and any("Maritime Safety Board" in line for c in disputed for line in c.evidence)


def test_claims_command_and_exports(db):
    runner = CliRunner()
    table = runner.invoke(cli, ["claims", "--db", db], catch_exceptions=False)
    assert table.exit_code == 0 and "disputed" in table.output
    exported = json.loads(runner.invoke(cli, ["export", "--db", db], catch_exceptions=False).output)
    assert exported["reuse"] and exported["stories"] and exported["claims"]
    assert {"a", "b", "a_span", "b_span", "similarity", "direction"} <= set(exported["reuse"][0])
    assert {"id", "title", "articles"} <= set(exported["stories"][0])
    reviews = json.loads(
        runner.invoke(cli, ["export", "--db", db, "--format", "claimreview"], catch_exceptions=False).output
    )
    assert reviews[0]["@type"] == "ClaimReview" and len(reviews[0]["claimReviewed"]) <= 75
    again = runner.invoke(cli, ["link", "--db", db], catch_exceptions=False)
    assert "Linked 0 new articles" in again.output  # incremental: nothing new, nothing added


def test_a_republished_article_speaks_for_the_outlet_it_republishes(db):
    blog = "examples/ferrywatch-republishes-radio-harju.html"
    with Store(db) as store:
        frames = [a for _, a in store.attributions(store.article(blog)) if a.kind == "republished"]
        mentions = [m for c in store.claims() for m in c.mentions if m.article == blog]
    assert [s.name for f in frames for s in f.sources] == ["Radio Harju"]
    assert mentions and all(m.chain and m.chain[0].name == "Radio Harju" for m in mentions)
    assert not [m for m in mentions if m.origin == "outlet:ferry watch"]  # never its own origin
    assert all(m.collapsed for m in mentions)  # a copy of Radio Harju, or its relay: never counted twice


def test_two_outlets_reporting_the_same_figures_in_their_own_words_corroborate_it(db):
    # "the 9.6-kilometre line" and "will add 9.6 kilometres of track": one measure, however it is worded
    with Store(db) as store:
        claims = store.claims()
    [claim] = [c for c in claims if len({m.outlet for m in c.mentions if "9.6" in m.span.text}) >= 2]
    assert {m.outlet for m in claim.mentions} >= {"Castlemoor Evening Star", "Pennine Business Review"}
    assert claim.status == "corroborated" and claim.supporting == 2


def test_a_source_denying_something_else_does_not_dispute_the_passenger_count(db):
    # Radio Harju quotes Nordvik calling a suggestion about its inspections "simply false": a denial of another
    # allegation, in a sentence far from the claim; only Finland's "more than 200" disputes the 186 passengers
    with Store(db) as store:
        [claim] = [c for c in store.claims() if c.text.startswith("The MV Larkspur, operated by")]
    assert claim.status == "disputed"
    assert [o.key for o in claim.origins["disputing"]] == ["state:finland"]


def test_a_contested_count_keeps_its_dispute_whatever_claim_states_it_too(db):
    # "killing at least 14 people" states the official toll of 14 too, but only the toll's own claim is contradicted
    # by the hospital's "at least 17": it is not absorbed into the other, or the dispute would be lost
    with Store(db) as store:
        [claim] = [c for c in store.claims() if any("number of dead at 14" in m.span.text for m in c.mentions)]
    assert claim.status == "disputed" and claim.conflicts


def test_a_claim_in_conflict_reads_as_what_is_contested(db):
    """The examples' conflicts are all between counts, so each conflicting claim's text states a number."""
    number = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?)\b", re.I)
    with Store(db) as store:
        conflicting = [c for c in store.claims() if c.conflicts]
    assert len(conflicting) >= 4
    assert all(number.search(c.text) for c in conflicting), [c.text for c in conflicting]


def _claims_as_assessed(path: str) -> list[tuple]:
    with Store(path) as store:
        return sorted(
            (
                claim.story,
                claim.rank,
                claim.text,
                claim.status,
                claim.supporting,
                claim.disputing,
                claim.unconfirmed,
                tuple(sorted((s.article, s.stance) for s in claim.stances)),
            )
            for claim in store.claims()
        )


def test_assessing_in_two_processes_gives_what_one_process_gives(sqlite_run, tmp_path):
    import shutil

    from newstrace.batch import assess_stored

    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    shutil.copy(sqlite_run, one)
    shutil.copy(sqlite_run, two)
    for path, workers in ((one, 1), (two, 2)):
        with Store(path) as store:
            assert assess_stored(store, force=True, quiet=True, workers=workers) > 1
    assert _claims_as_assessed(one) == _claims_as_assessed(two)


def test_by_default_a_large_batch_is_assessed_in_one_process_per_core_and_a_small_one_in_one(monkeypatch):
    from newstrace import batch

    monkeypatch.setattr(batch.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert batch.assessing_workers(batch.AUTO_WORKERS, batch.AUTO_PROCESS_ARTICLES - 1) == 1
    assert batch.assessing_workers(batch.AUTO_WORKERS, batch.AUTO_PROCESS_ARTICLES) == 2
    assert batch.assessing_workers(3, 10) == 3  # a number given is taken as given
    assert batch.assessing_workers(batch.AUTO_WORKERS, batch.AUTO_PARSE_ARTICLES, batch.AUTO_PARSE_ARTICLES) == 2
    monkeypatch.setattr(batch.os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert batch.assessing_workers(batch.AUTO_WORKERS, 10**6) == batch.MAX_AUTO_WORKERS


def test_by_default_analyze_parses_a_large_batch_in_one_process_per_core(monkeypatch):
    from newstrace import batch

    monkeypatch.setattr(batch.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    asked = []
    monkeypatch.setattr(batch, "analysed_here", lambda model, articles, workers: asked.append(workers) or [])

    class Pending:  # a store with n articles waiting to be analysed
        def __init__(self, n):
            self.n = n

        def unanalysed_ids(self, force=False):
            return list(range(self.n))

        def articles_by_id(self, ids):
            return ids

    for n in (batch.AUTO_PARSE_ARTICLES - 1, batch.AUTO_PARSE_ARTICLES):
        batch.analyze_stored(Pending(n), quiet=True, workers=batch.AUTO_WORKERS)
    batch.analyze_stored(Pending(5), quiet=True, workers=3)
    assert asked == [1, 2, 3]


# What differs between two runs of the same inputs, and is left out of the comparison: row ids and ingest times.
RUN_STAMPS = {"id", "ingested"}


def comparable(value):
    """A JSON value with the run stamps left out, at every depth."""
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items() if key not in RUN_STAMPS}
    return [comparable(item) for item in value] if isinstance(value, list) else value


def _exported(db: str) -> dict[str, list[str]]:
    """`newstrace export --format json` of ``db``, each section's records as sorted JSON, run stamps left out."""
    result = CliRunner().invoke(cli, ["export", "--format", "json", "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    return {
        name: sorted(json.dumps(comparable(record), sort_keys=True) for record in section)
        for name, section in document.items()
        if isinstance(section, list)
    }


def test_run_exports_the_same_on_sqlite_and_postgresql(sqlite_run, postgresql_run):
    on_sqlite, on_postgresql = _exported(sqlite_run), _exported(postgresql_run)
    assert all(on_sqlite[name] for name in ("articles", "reuse", "stories", "claims", "sources"))
    for name in on_sqlite:
        assert on_postgresql[name] == on_sqlite[name], name
    assert on_postgresql == on_sqlite


def _pages(db: str) -> dict[str, object]:
    """Every page's JSON twin in the web app on ``db``: home and searches, each story, claim, article and copy."""
    from fastapi.testclient import TestClient

    from newstrace.web import create_app

    with Store(db) as store:
        stories, claims, articles = store.stories(), store.claims(), list(store.articles())
        pairs = {(p.a, p.b) for p in store.copies()}
    urls = ["/index.json", "/index.json?q=ferry", "/index.json?q=100%25", "/check.json?claim=the+ferry+capsized"]
    urls += [f"/story/{s.id}.json" for s in stories] + [f"/claim/{c.id}.json" for c in claims]
    urls += [f"/article.json?id={a.external_id}" for a in articles]
    urls += [f"/copy.json?a={a}&b={b}" for a, b in sorted(pairs)]
    with TestClient(create_app(db), base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        responses = {url: client.get(url) for url in urls}
    return {url: (response.status_code, comparable(response.json())) for url, response in responses.items()}


def test_every_page_of_the_web_app_is_the_same_on_sqlite_and_postgresql(sqlite_run, postgresql_run):
    on_sqlite, on_postgresql = _pages(sqlite_run), _pages(postgresql_run)
    assert len(on_sqlite) > 40 and {status for status, _ in on_sqlite.values()} == {200}
    for url, page in on_sqlite.items():
        assert on_postgresql[url] == page, url


# Every command that reads a database, as a user types it: what each prints must not depend on the backend.
READING_COMMANDS = [
    ["articles"],
    ["articles", "--json", "--search", "ferry 100%"],
    ["articles", "--nl", "--search", "%"],
    ["show", NPA, "--json", "--claims", "--copies"],
    ["copies", "--json"],
    ["stories"],
    ["claims", "--all"],
    ["claims", "--json", "--evidence"],
    ["sources", "--json"],
    ["check", "The ferry was carrying 186 passengers", "--json"],
]


def _printed(command: list[str], db: str):
    result = CliRunner().invoke(cli, [*command, "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, (command, result.output)
    try:
        return comparable(json.loads(result.stdout))
    except json.JSONDecodeError:
        return result.stdout


@pytest.mark.parametrize("command", READING_COMMANDS, ids=" ".join)
def test_every_command_prints_the_same_on_sqlite_and_postgresql(sqlite_run, postgresql_run, command):
    assert _printed(command, postgresql_run) == _printed(command, sqlite_run)


def _analyses_as_stored(path: str) -> dict[str, tuple]:
    from dataclasses import asdict

    with Store(path) as store:
        return {a.external_id: (asdict(store.analysis(a)), a.problem) for a in store.articles(include_skipped=True)}


@needs_dask
def test_analyzing_and_assessing_on_a_dask_cluster_gives_what_one_process_gives(sqlite_run, tmp_path):
    """`analyze` and `assess` on a LocalCluster of 2 processes store what `run` stores in one process."""
    db = str(tmp_path / "dask.db")
    runner = CliRunner()
    here = os.getcwd()
    os.chdir(EXAMPLES.parent)  # the external ids of files are their paths, as `run_examples` gives them
    try:
        steps = [["ingest", "examples"], ["analyze", "--dask", "local:2"], ["link"], ["assess", "--dask", "local:2"]]
        for step in steps:
            result = runner.invoke(cli, [*step, "--db", db, "--quiet"], catch_exceptions=False)
            assert result.exit_code == 0, result.output
    finally:
        os.chdir(here)
    assert "Assessed 3 stories" in result.output
    assert _analyses_as_stored(db) == _analyses_as_stored(sqlite_run)
    assert _claims_as_assessed(db) == _claims_as_assessed(sqlite_run)


def test_the_readmes_check_rests_the_warning_on_the_documents_not_on_whom_they_name(db):
    """ "Nordvik warned regulators ...": the Courier's sentence rests on the documents it saw; Nordvik, whom the
    claim names, made no public statement of it (the README's `check` example)."""
    claim = "Nordvik warned regulators about a faulty valve before the Larkspur sank"
    result = CliRunner().invoke(cli, ["check", claim, "--db", db, "--json"], catch_exceptions=False)
    found = json.loads(result.output)
    assert [o["key"] for o in found["origins"]["supporting"]] == ["document:documents@baltic courier"]
    assert found["counts"]["supporting"] == 1 and found["counts"]["disputing"] == 1
