"""`newstrace check`: a claim in the user's words judged over every article of its stories.

The seeds keep their structure (four missiles rest on unnamed U.S. officials relayed in parallel by Fox News and
CNN; Russia disputes; Iran's FARS cannot confirm); the hand-counted origin set of tests/data/origins is counted
with a quality floor; the CLI and the web app give the same JSON.
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import DATA, SEEDS, need

from newstrace.assess.check import JUDGED
from newstrace.cli import cli
from newstrace.export import check_record
from newstrace.store import Store

MISSILES = "Four Russian cruise missiles crashed in Iran"
ORIGINS = DATA / "origins"
# Claims of tests/data/origins whose supporting and disputing origin counts must both be exactly the hand-counted
# ones: 7 of 18 when this test was written, 8 since articles supporting a claim in their own words count, 9 since a
# headline stating a claim sums up its attributed lead, 10 since a count agreeing with the claim's is the same term
# ("about 3,400 displaced", the U.N.'s, states "more than 3,000 displaced"), 9 again since "the company" in Punta
# Loma's first article is Minera Punta Loma, not the union (whose name, "Sindicato ...", says it is one): the lead
# it speaks in, "Workers walked off the job, the company and the mine's largest union said", passes for a
# statement of "Chile's Labour Ministry will appoint a mediator" (at the bar, by the story's words), which counted
# one origin only while both speakers were the union; 10 since a sentence whose source doubts a claim ("said they
# were not ruling out that it had been started deliberately") is no support in the article's own words. The rest
# are listed when it fails, to read against expected.json.
ORIGINS_EXACT_FLOOR = 10


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    for seed in sorted(need(SEEDS).glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    path = str(folder / "seeds.db")
    result = invoke("run", str(folder), "--db", path, "--quiet")
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def origins_db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("origins") / "origins.db")
    result = invoke("run", *sorted(str(p) for p in ORIGINS.glob("*.jsonl")), "--db", path, "--quiet")
    assert result.exit_code == 0, result.output
    return path


def test_the_seeds_four_missiles_rest_on_one_origin_relayed_in_parallel_russia_disputes_iran_cannot_confirm(
    seeds_db,
):
    result = invoke("check", MISSILES, "--db", seeds_db, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    origins = {side: [o["key"] for o in found["origins"][side]] for side in found["origins"]}
    assert origins["supporting"] == ["state:united states"]
    assert origins["disputing"] == ["state:russia"]
    assert origins["unconfirmed"] == ["state:iran"]
    assert found["status"] == "disputed"
    assert (found["counts"]["supporting"], found["counts"]["disputing"], found["counts"]["unconfirmed"]) == (1, 1, 1)
    stances = {a["external_id"].rsplit("/", 1)[-1]: a["stance"] for a in found["articles"]}
    assert stances == {"000_3c785f62490fcbd7.txt": "supports", "002_8be2dfa13b836c33.txt": "unconfirmed"}
    trail = "\n".join(found["trail"])
    assert "Claimed by: the U.S. government" in trail and "via Fox News and CNN (in parallel)" in trail
    assert "Disputed by: the Russian government" in trail and "Cannot confirm: the Iranian government" in trail
    for article in found["articles"]:
        for span in article["evidence"]:
            assert span["text"] and span["end"] > span["start"]  # sentences of the text, offsets into it


def test_the_seeds_story_lists_the_four_missiles_claim_first_and_stores_its_sources(seeds_db):
    with Store(seeds_db) as store:
        claims = store.claims()
        entities = store.story_entities(claims[0].story)
    top = claims[0]
    assert top.rank == 1 and "missiles" in top.text and "Iran" in top.text
    assert top.claimed_by == "the U.S. government" and top.status == "disputed"
    assert {s.article.rsplit("/", 1)[-1]: s.stance for s in top.stances}["000_3c785f62490fcbd7.txt"] == "supports"
    russian = [e for e in entities if e.principal == "state:russia"]
    assert {e.type for e in russian} >= {"anonymous", "government"}  # officials and the defense ministry: one origin
    assert {e.principal for e in entities if e.name in ("FARS news agency", "Syrian Arab News Agency")} == {
        "state:iran",
        "state:syria",
    }  # state media speak for their state


def test_the_hand_counted_origins_are_counted_above_a_floor(origins_db):
    expected = json.loads((ORIGINS / "expected.json").read_text(encoding="utf-8"))
    wrong = []
    with Store(origins_db) as store:
        from newstrace.batch import check_stored

        for case in expected:
            claim = check_stored(store, case["claim"]).claim
            want = (len(case["supporting"]), len(case["disputing"]))
            if (claim.supporting, claim.disputing) != want:
                wrong.append(f"{case['claim']}: want {want}, got {(claim.supporting, claim.disputing)}")
    exact = len(expected) - len(wrong)
    assert exact >= ORIGINS_EXACT_FLOOR, "\n".join(wrong)


def test_every_article_of_a_story_is_judged_however_link_grouped_them(origins_db):
    with Store(origins_db) as store:
        from newstrace.batch import check_stored

        claim = check_stored(store, "A Turkish military helicopter made an emergency landing near Kars").claim
    judged = {s.article for s in claim.stances}
    assert {f"kars-helicopter-{n}" for n in range(1, 5)} <= judged  # the day-after report too, if linked apart
    assert not any(a.startswith("hammerfest") for a in judged)


def test_a_copy_and_a_republication_of_a_single_source_claim_add_no_origin(origins_db):
    with Store(origins_db) as store:
        from newstrace.batch import check_stored

        claim = check_stored(store, "The MV Kerstin ran aground off Ventspils after losing engine power").claim
    [operator] = claim.origins["supporting"]  # the wire story, its copy with a credit line, and a republication
    assert set(operator.articles) == {"ventspils-grounding-1", "ventspils-grounding-2", "ventspils-grounding-3"}
    copies = [s for s in claim.stances if (s.collapsed or "").startswith("copy of Baltic Wire")]
    assert {s.article for s in copies} == {"ventspils-grounding-2", "ventspils-grounding-3"}
    assert claim.status == "single_source" and claim.sides["supporting"].relays == 2


def test_an_eyewitness_quoted_by_several_outlets_is_one_origin(origins_db):
    with Store(origins_db) as store:
        from newstrace.batch import check_stored

        claim = check_stored(store, "A neighbour heard an explosion before the fish plant caught fire").claim
    [solberg] = claim.origins["supporting"]  # "Ingrid Solberg, who lives...", "a nurse", "the eyewitness", "Solberg"
    assert solberg.key == "person:ingrid solberg" and len(solberg.articles) >= 2
    assert claim.status == "single_source"


def test_check_needs_a_database_and_a_close_story(tmp_path, seeds_db):
    missing = invoke("check", MISSILES, "--db", str(tmp_path / "nothing.db"))
    assert missing.exit_code == 1
    assert missing.output.strip().startswith(f"Error: no database at {tmp_path / 'nothing.db'}")
    assert not (tmp_path / "nothing.db").exists()  # no empty database left behind
    far = invoke("check", "The council approved a new budget for the city library", "--db", seeds_db)
    assert far.exit_code == 1 and "no story is close to this claim" in far.output
    assert invoke("check", "  ", "--db", seeds_db).exit_code == 1


def test_check_prints_the_judgement_for_people(seeds_db):
    result = invoke("check", MISSILES, "--db", seeds_db)
    assert result.exit_code == 0
    assert result.output.startswith(f"Claim: {MISSILES}")
    assert "Status: disputed" in result.output and "unconfirmed" in result.output


def test_the_web_app_checks_a_claim_and_its_json_twin_matches_the_cli(seeds_db):
    from fastapi.testclient import TestClient

    from newstrace.web import create_app

    client = TestClient(create_app(seeds_db), base_url="http://127.0.0.1")
    page = client.get("/check", params={"claim": MISSILES})
    assert page.status_code == 200 and "Claimed by" in page.text and "the Russian government" in page.text
    twin = client.get("/check.json", params={"claim": MISSILES}).json()
    cli = json.loads(invoke("check", MISSILES, "--db", seeds_db, "--json").output)
    assert twin["result"]["counts"] == cli["counts"] and twin["result"]["origins"] == cli["origins"]
    assert 'name="claim"' in client.get("/").text  # the check form on the home page
    with Store(seeds_db) as store:
        story = store.claims()[0].story
    assert 'name="claim"' in client.get(f"/story/{story}").text
    assert client.get("/check.json", params={"claim": "The council approved a new library budget"}).status_code == 404


def test_check_record_has_the_documented_shape():
    from newstrace.models import ArticleStance, Claim, TextSpan

    claim = Claim(1, 1, "x", "unverified", stances=[ArticleStance("a", "mentions", (TextSpan(0, 1, "x"),))])
    record = check_record(claim, [1])
    assert list(record) == [
        "claim",
        "stories",
        "similarity",
        "status",
        "counts",
        "sides",
        "origins",
        "articles",
        "trail",
    ]
    assert list(record["counts"]) == ["supporting", "disputing", "unconfirmed", "relays", "articles", "outlets"]
    assert record["articles"][0]["evidence"] == [{"start": 0, "end": 1, "text": "x"}]


def test_every_article_of_a_story_is_judged_on_each_of_its_top_claims(origins_db):
    """A claim absorbed by a better one frees its place in the top: the next claim is judged in its place, so no
    unjudged claim sits among the top JUDGED."""
    with Store(origins_db) as store:
        for story in store.stories():
            top = sorted(store.claims(story.id), key=lambda c: c.rank)[:JUDGED]
            for claim in top:
                assert {s.article for s in claim.stances} == set(story.articles), (story.id, claim.rank, claim.text)
