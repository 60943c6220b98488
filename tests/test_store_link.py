"""Link and assess records through the store: stories, copies, claims, round-tripped."""

from __future__ import annotations

import json

import pytest
from test_store import article

from newstrace.errors import NotFound
from newstrace.models import Claim, ClaimMention, CopiedPassage, Fingerprint, Source, Story, TextSpan
from newstrace.store import Store

WIRE = "Rescuers pulled twelve people from the water near the harbour mouth on Monday night."


def _two_articles(store):
    first = article("wire-1", WIRE, url="https://wire.example/1", published="2026-03-09")
    second = article("copy-1", "Local news. " + WIRE, url="https://paper.example/1", published="2026-03-10")
    store.add_articles([first, second])
    return store.article("wire-1"), store.article("copy-1")


def _passage(a, b):
    a_start, b_start = a.text.index(WIRE), b.text.index(WIRE)
    return CopiedPassage(
        a=a.external_id,
        b=b.external_id,
        a_span=TextSpan(a_start, a_start + len(WIRE), WIRE),
        b_span=TextSpan(b_start, b_start + len(WIRE), WIRE),
        similarity=1.0,
        a_share=1.0,
        b_share=len(WIRE) / len(b.text),
        direction="a->b",
        reason="earlier publication",
    )


def test_link_results_round_trip_and_are_incremental(db_path):
    with Store(db_path) as store:
        wire, copy = _two_articles(store)
        assert [a.external_id for a in store.unlinked()] == ["wire-1", "copy-1"]  # earliest first
        story_id = 3
        store.save_link(wire, [Fingerprint(2**62, 0, 9, 0)], [], story_id)
        store.save_link(copy, [Fingerprint(-5, 3, 20, 1)], [_passage(wire, copy)], story_id)
        store.save_stories([Story(story_id, "Harbour rescue", [], "2026-03-09", "2026-03-10")])
        assert store.unlinked() == []
        [story] = store.stories()
        assert (story.id, story.articles, story.last_published) == (story_id, ["wire-1", "copy-1"], "2026-03-10")
        assert [a.external_id for a in store.articles(story=story_id)] == ["copy-1", "wire-1"]
        [passage] = store.copies(copy)
        assert passage == _passage(wire, copy)
        assert [(a.external_id, blob, sid) for a, blob, sid in store.linked()] == [
            ("wire-1", [Fingerprint(2**62, 0, 9, 0)], story_id),
            ("copy-1", [Fingerprint(-5, 3, 20, 1)], story_id),
        ]
        store.set_clusters({("wire-1", "copy-1"): 7})
        assert store.copies()[0].cluster == 7


def test_unlinked_articles_are_read_a_page_at_a_time_in_link_order(db_path):
    with Store(db_path) as store:
        wire, copy = _two_articles(store)
        store.add_articles([article("undated", "No date on this one.", url="https://paper.example/u")])
        ids = store.unlinked_ids()
        assert [a.external_id for a in store.articles_by_id(ids)] == ["wire-1", "copy-1", "undated"]
        assert store.articles_by_id(ids[::-1][:2]) == store.articles_by_id([ids[2], ids[1]])  # the order given
        assert store.link_dates({"wire-1", "copy-1"}) == []  # none linked yet
        store.save_link(copy, [], [], 1)
        store.save_link(wire, [], [], 1)
        assert store.unlinked_ids() == [ids[2]]
        assert store.link_dates({"wire-1", "copy-1"}) == [("copy-1", "2026-03-10"), ("wire-1", "2026-03-09")]


def test_claims_replace_per_story_and_mark_it_assessed(db_path):
    with Store(db_path) as store:
        wire, _ = _two_articles(store)
        story_id = 1
        store.save_link(wire, [], [], story_id)
        assert [s.id for s in store.stale_stories()] == [story_id]
        span = TextSpan(0, len(WIRE), WIRE)
        officials = Source("harbour officials", "harbour officials", "anonymous")
        mention = ClaimMention("wire-1", span, span, "supports", (officials,), origin="anonymous:harbour officials")
        claims = [
            Claim(
                1, story_id, "twelve people rescued", "single_source", supporting=1, mentions=[mention], conflicts=[2]
            ),
            Claim(
                2,
                story_id,
                "nobody rescued",
                "denied",
                disputing=1,
                conflicts=[1],
                disputed_by=["anonymous:harbour officials"],
            ),
        ]
        saved = store.save_claims(story_id, claims)
        assert store.stale_stories() == []
        first, second = store.claims(story_id)
        assert first.conflicts == [second.id] and second.conflicts == [first.id]
        assert first.disputed_by == [] and second.disputed_by == ["anonymous:harbour officials"]
        assert first.mentions[0].chain == (officials,) and first.mentions[0].published == "2026-03-09"
        assert store.claim(saved[0].id).text == "twelve people rescued"
        store.save_claims(story_id, claims[:0])
        assert store.claims(story_id) == []
        with pytest.raises(NotFound):
            store.claim(saved[0].id)
        with pytest.raises(NotFound):
            store.story(999)


LONG_WIRE = (
    "Rescuers pulled twelve people from the water near the harbour mouth on Monday night after "
    "a ferry carrying forty passengers struck the breakwater in high winds, the coast guard said."
)


def test_link_stored_is_incremental_and_writes_only_changed_clusters(db_path, monkeypatch):
    from newstrace.batch import link_stored

    with Store(db_path) as store:
        store.add_articles(
            [
                article("w", f"{LONG_WIRE} More later.", url="https://wire.example/w", published="2026-03-09"),
                article("p1", f"Local news. {LONG_WIRE}", url="https://paper.example/1", published="2026-03-10"),
            ]
        )
        assert link_stored(store, quiet=True).passages == 1
        assert {(p.a, p.b, p.cluster) for p in store.copies()} == {("w", "p1", 1)}
        written = []
        real = store.set_clusters
        monkeypatch.setattr(store, "set_clusters", lambda clusters: written.append(clusters) or real(clusters))
        store.add_articles([article("p2", f"Also: {LONG_WIRE}", url="https://paper.example/2", published="2026-03-11")])
        report = link_stored(store, quiet=True)
        assert (report.articles, report.passages) == (1, 2)  # p2 copies both earlier articles
        assert {(p.a, p.b, p.cluster) for p in store.copies()} == {("w", "p1", 1), ("w", "p2", 1), ("p1", "p2", 1)}
        assert written == [{("w", "p2"): 1, ("p1", "p2"): 1}]  # the stored pair kept its cluster: not rewritten


def test_a_new_version_replaces_the_old_one_in_its_story_and_copies(tmp_path):
    import json

    from click.testing import CliRunner

    from newstrace.cli import cli

    text = (
        "The Harbour Line ferry ran aground off Vormsi on Monday, the coast guard said. All 40 passengers were safe "
        "and were taken ashore by a rescue boat. The ferry will be towed to Rohuküla on Tuesday, the company said."
    )
    first, second, retitled = tmp_path / "v1.jsonl", tmp_path / "v2.jsonl", tmp_path / "v3.jsonl"
    page = {"id": "a", "url": "https://example.com/a", "title": "Ferry aground"}
    first.write_text(
        json.dumps({**page, "text": text})
        + "\n"
        + json.dumps({"id": "b", "url": "https://example.com/b", "text": text.replace("Monday", "Monday morning")})
        + "\n",
        encoding="utf-8",
    )
    second.write_text(json.dumps({**page, "text": text + " The captain was questioned on Tuesday."}) + "\n")
    retitled.write_text(
        json.dumps({**page, "title": "Captain questioned", "text": text + " The captain was questioned on Tuesday."})
        + "\n"
    )
    db = str(tmp_path / "v.db")
    runner = CliRunner()
    for path in (first, second):
        assert runner.invoke(cli, ["run", str(path), "--db", db, "--quiet"]).exit_code == 0
    with Store(db) as store:
        members = [a for story in store.stories() for a in story.articles]
        assert sorted(members) == ["a", "b"]  # version 2 of a only, once
        versions = {(p.a, p.b) for p in store.copies()}
        assert len(store.copies()) == len(versions) == 1
        current = store.article("a")
        assert current.version == 2
        assert [v.version for v in store.versions(current)] == [1, 2]
    old = runner.invoke(cli, ["show", "a", "--db", db, "--version", "1"])
    assert old.exit_code == 0 and "The captain" not in old.output and "[1]" in old.output
    ingest = runner.invoke(cli, ["ingest", str(retitled), "--db", db])
    assert "1 new version," in ingest.output  # a new title alone is a new version


COLUMNS = (
    "a_id, b_id, a_start, a_end, a_text, b_start, b_end, b_text, similarity, a_share, b_share, direction, reason, "
    "kind, cluster"
)
DUPLICATE_COPIES = f"INSERT INTO copies ({COLUMNS}) SELECT {COLUMNS} FROM copies"


def test_opening_a_database_repairs_what_two_runs_at_once_left(tmp_path):
    """A database written before runs took a lock (schema 9) may hold a copied passage twice and a story
    without members; opening it with this newstrace removes both, and a passage cannot be stored twice again."""
    import sqlalchemy as sa
    from click.testing import CliRunner

    from newstrace.cli import cli

    text = "The Harbour Line ferry ran aground off Vormsi on Monday, the coast guard said. All 40 passengers were safe."
    records = tmp_path / "r.jsonl"
    records.write_text(
        json.dumps({"id": "a", "text": text}) + "\n" + json.dumps({"id": "b", "text": text + " More soon."}) + "\n"
    )
    db = str(tmp_path / "old.db")
    assert CliRunner().invoke(cli, ["run", str(records), "--db", db, "--quiet"]).exit_code == 0
    with Store(db) as store, store.engine.begin() as conn:  # as two runs at once left it
        conn.exec_driver_sql("DROP INDEX uq_copies_spans")
        conn.exec_driver_sql(DUPLICATE_COPIES)
        conn.exec_driver_sql("INSERT INTO stories (id, title, updated) VALUES (999, 'empty', '2026-01-01')")
        conn.exec_driver_sql("UPDATE newstrace_meta SET value = '9' WHERE key = 'schema_version'")
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM copies").scalar() == 2
    with Store(db) as store:
        assert len(store.copies()) == 1 and 999 not in [s.id for s in store.stories()]
        with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
            conn.exec_driver_sql(DUPLICATE_COPIES)


def test_an_analysis_read_in_part_holds_only_the_parts_asked_for(db_path):
    from newstrace.analyze import analyze_text
    from newstrace.link.stories import STORY_PARTS

    text = "Rescuers pulled twelve people from the water near Tallinn on Monday, the coast guard said."
    with Store(db_path) as store:
        store.add_articles([article("wire-1", text)])
        stored = store.article("wire-1")
        store.save_analysis(stored, analyze_text(text), "test")
        whole, part = store.analysis(stored), store.analysis(stored, STORY_PARTS)
    assert whole.sentences and whole.attributions and whole.places
    assert part.attributions == whole.attributions and part.places == whole.places
    assert not part.sentences and not part.entities and not part.quantities and not part.dates


def test_analyses_read_together_are_each_articles_own_in_the_order_asked(db_path, monkeypatch):
    """Many articles' analyses are read a page at a time (a query per part, not per article and part)."""
    import newstrace.store as store_module
    from newstrace.analyze import analyze_text

    monkeypatch.setattr(store_module, "ANALYSES_PAGE", 2)  # pages end mid-list
    texts = {
        "wire-1": "Rescuers pulled twelve people from the water near Tallinn on Monday, the coast guard said.",
        "wire-2": "The ministry said 40 homes in Riga were flooded on Friday.",
        "wire-3": "No one was hurt, police in Tartu said.",
    }
    with Store(db_path) as store:
        store.add_articles([article(key, text) for key, text in texts.items()] + [article("bare", "Not analysed.")])
        stored = {key: store.article(key) for key in [*texts, "bare"]}
        for key, text in texts.items():
            store.save_analysis(stored[key], analyze_text(text), "test")
        order = ["wire-3", "bare", "wire-1", "wire-2"]
        together = store.analyses([stored[key] for key in order])
        places = store.analyses([stored[key] for key in order], ("places",))
    assert [a.sentences[0].span.text if a.sentences else None for a in together] == [
        texts["wire-3"],
        None,
        texts["wire-1"],
        texts["wire-2"],
    ]
    assert together[2] == analyze_text(texts["wire-1"]) and together[1] == type(together[1])()
    assert [[p.name for p in a.places] for a in places] == [[], [], ["Tallinn"], ["Riga"]]
    assert not any(a.sentences or a.attributions for a in places)
