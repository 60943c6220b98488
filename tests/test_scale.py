"""Flat cost, bounded memory: what linking holds follows its time windows, not the corpus (small corpora;
the big runs are bench/pipeline_scale.py's)."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from test_store import article

from newstrace.link import CopyIndex, fingerprints
from newstrace.link.stories import StoryClusterer
from newstrace.link.window import CopyWindow
from newstrace.models import Article, StoryDoc
from newstrace.store import Store

START = date(2025, 1, 1)
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def event_text(topic: int, variant: int) -> str:
    """A report of event ``topic`` in words of its own (no two events share one): four sentences, which
    ``variant`` rotates."""
    rng = random.Random(topic)
    words = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 9))) for _ in range(48)]
    sentences = [" ".join(words[i : i + 12]).capitalize() + "." for i in range(0, 48, 12)]
    return " ".join(sentences[variant:] + sentences[:variant])


def test_the_copy_window_holds_the_articles_of_its_days_and_frees_the_index():
    window = CopyWindow(days=10)
    held = []
    for n in range(200):
        text = event_text(n, 0)
        window.add(Article(f"a{n}", text, "t", "t", "", published=str(START + timedelta(days=n))), fingerprints(text))
        held.append(len(window))
    assert max(held) == 11  # today and the ten days before: not the 200 added
    assert len(window.index) == 11 and set(window.articles_) == {f"a{n}" for n in range(189, 200)}
    alone = CopyIndex()
    for n in range(189, 200):
        alone.add(f"a{n}", fingerprints(event_text(n, 0)))
    assert window.index.first_.keys() <= alone.first_.keys() | alone.postings_.keys()  # nothing left of the rest
    with pytest.raises(KeyError):
        window.article("a0")


def test_a_removed_article_is_no_candidate_and_its_hashes_go():
    index, text = CopyIndex(), event_text(1, 0)
    index.add("old", fingerprints(text))
    index.add("new", fingerprints(text))
    index.remove("old")
    assert [c.key for c in index.candidates(fingerprints(text))] == ["new"]
    index.remove("new")
    assert len(index) == 0 and not index.first_ and not index.postings_ and not index.keys_


def test_stories_out_of_the_window_leave_memory_and_are_handed_over_once():
    clusterer = StoryClusterer(window_days=14, keep_days=30)
    in_memory, handed = [], []
    for topic in range(120):  # an event every 3 days, told three times over 2 days
        for variant in range(3):
            day = START + timedelta(days=3 * topic + variant)
            clusterer.add(StoryDoc(f"{topic}-{variant}", event_text(topic, variant), published=str(day)))
            in_memory.append(len(clusterer.members_))
        handed += clusterer.take_forgotten()
    assert max(in_memory) <= 3 * (14 + 30 + 3) // 3 + 3  # the articles of the window and the keep, not 360
    stories = handed + clusterer.stories()
    assert sorted(k for s in stories for k in s.articles) == sorted(f"{t}-{v}" for t in range(120) for v in range(3))
    assert all(len(s.articles) == 3 and s.title for s in stories)  # each event one story, titled
    assert clusterer.take_forgotten() == []


def _dated_corpus() -> list[Article]:
    """Events ten days apart, each told by a wire article and a paper copying it the next day."""
    found = []
    for topic in range(25):
        day = START + timedelta(days=10 * topic)
        wire = event_text(topic, 0)
        found.append(article(f"w{topic}", wire, url=f"https://wire.example/{topic}", published=str(day)))
        copy = f"Our reporter adds: {wire}"
        later = str(day + timedelta(days=1))
        found.append(article(f"p{topic}", copy, url=f"https://paper.example/{topic}", published=later))
    return found


def _link(tmp_path, name: str) -> tuple[set, list]:
    from newstrace.batch import link_stored

    with Store(str(tmp_path / f"{name}.db")) as store:
        store.add_articles(_dated_corpus())
        link_stored(store, quiet=True)
        copies = {(p.a, p.b, p.a_span, p.b_span, p.cluster) for p in store.copies()}
        # A story's title is its most central member's; a story that left memory was titled then, with the
        # term weights of then: of two near-equal members it may name the other one.
        assert all(s.title for s in store.stories())
        stories = sorted((s.first_published, s.last_published, tuple(s.articles)) for s in store.stories())
    return copies, stories


def test_link_holds_a_window_of_articles_and_a_page_at_a_time_and_finds_what_it_found_unbounded(tmp_path, monkeypatch):
    from newstrace import batch
    from newstrace.link import stories, window

    monkeypatch.setattr(window, "COPY_WINDOW_DAYS", None)
    monkeypatch.setattr(stories, "KEEP_DAYS", None)
    unbounded = _link(tmp_path, "unbounded")
    monkeypatch.setattr(window, "COPY_WINDOW_DAYS", 15.0)
    monkeypatch.setattr(stories, "KEEP_DAYS", 5.0)
    monkeypatch.setattr(batch, "LINK_PAGE", 4)
    held, pages = [], []
    add, by_id = CopyWindow.add, Store.articles_by_id

    def counting_add(self, *a):
        add(self, *a)
        held.append(len(self))

    def counting_pages(self, ids):
        pages.append(len(ids))
        return by_id(self, ids)

    monkeypatch.setattr(CopyWindow, "add", counting_add)
    monkeypatch.setattr(Store, "articles_by_id", counting_pages)
    bounded = _link(tmp_path, "bounded")
    assert max(held) <= 5 and max(pages) == 4  # 50 articles: two events' worth held, four read at a time
    assert bounded == unbounded  # the same copies (a copy a day after its wire) and stories
    assert len(bounded[0]) == 25 and len(bounded[1]) == 25


def test_analyze_reads_the_articles_to_analyse_a_page_at_a_time(tmp_path, monkeypatch):
    from newstrace import batch
    from newstrace.settings import Settings

    records = tmp_path / "many.jsonl"
    records.write_text(
        "".join(
            json.dumps({"id": f"a{i}", "text": f"The harbour of Port Elwood reopened on day {i} after the storm."})
            + "\n"
            for i in range(7)
        )
    )
    monkeypatch.setattr(batch, "ANALYZE_PAGE", 3)
    with Store(str(tmp_path / "t.db")) as store:
        batch.ingest_paths([str(records)], store, Settings(db=str(tmp_path / "t.db")), quiet=True)
        pages = []
        read = store.articles_by_id
        monkeypatch.setattr(store, "articles_by_id", lambda ids: pages.append(len(ids)) or read(ids))
        assert batch.analyze_stored(store, quiet=True) == 7
        assert pages == [3, 3, 1]
        assert not store.unanalysed_ids() and all(store.analysis(a).sentences for a in store.articles())
