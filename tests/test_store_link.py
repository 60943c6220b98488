"""Link and assess records through the store: stories, copies, claims, round-tripped."""

from __future__ import annotations

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
