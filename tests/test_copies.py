"""Copied passages: alignment, direction, shared quotes, clusters, the index, seeds and a quality floor."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import FNC1_BODIES, REPO, SEEDS, need
from rapidfuzz.distance import Indel

from newstrace.ingest.text import normalize_text
from newstrace.link import CopyIndex, align, copied_passages, direction, find_copies, fingerprints, link_copies
from newstrace.link import copies as copies_module
from newstrace.models import Article

SHARED = (
    "Russian officials said 26 cruise missiles launched from warships have already hit "
    "the provinces of Raqqa and Aleppo in the north and Idlib province in the northwest."
)
SECOND = (
    "The Islamic State group has strongholds in Raqqa and Aleppo, while the Nusra Front, "
    "an affiliate of al-Qaeda, has a strong presence across much of Idlib."
)
HOST_A = "The mayor opened the new bridge on Monday after years of delay. Traffic was light at first."
HOST_B = "Farmers in the valley expect a poor harvest this year because of the drought. Prices rose."
OTHER = (
    "A small museum in the harbour town reopened its doors after a long renovation, showing paintings "
    "of fishing boats, old maps of the coast and letters written by sailors to their families."
)


def article(key: str, text: str, **fields) -> Article:
    return Article(key, text, f"{key}.txt", "test", "0" * 64, **fields)


def only(passages):
    assert len(passages) == 1, passages
    return passages[0]


def test_shared_sentence_found_with_exact_spans():
    a_text = f"{HOST_A} {SHARED} The council will meet again next week."
    b_text = f"{HOST_B}\n\n{SHARED}\n\nNo one was hurt."
    found = only(align(a_text, b_text))
    assert found.a_span.text == SHARED and found.b_span.text == SHARED
    assert found.a_span.start == a_text.index(SHARED) and found.b_span.start == b_text.index(SHARED)
    assert found.similarity == 1.0


@pytest.mark.parametrize(
    "edited",
    [
        SHARED.replace("already hit", "now hit"),  # a changed word
        SHARED.replace(" in the north and", ", in the north, and").replace(".", "!"),  # punctuation
        SHARED.replace(" launched from warships", ""),  # a dropped clause
        f"{SECOND} {SHARED}",  # re-ordered sentences
    ],
)
def test_lightly_edited_passage_found(edited):
    original = f"{SHARED} {SECOND}" if SECOND in edited else SHARED
    a = article("a", f"{HOST_A} {original} The council will meet again next week.")
    b = article("b", f"{HOST_B} {edited} No one was hurt.")
    found = only(copied_passages(a, b))
    for text, span in ((a.text, found.a_span), (b.text, found.b_span)):
        assert text[span.start : span.end] == span.text
    assert found.a_span.start == a.text.index(original)
    assert found.b_span.start == b.text.index(edited)
    assert found.a_span.end >= a.text.index(original) + len(original) - 1
    assert found.similarity >= 0.75 and found.kind == "copy"
    assert 0 < found.a_share < 1 and 0 < found.b_share < 1


def test_short_shared_phrase_and_credit_line_not_reported():
    phrase = "the provinces of Raqqa and Aleppo in the north and Idlib province in the"  # 14 words
    credit = "The Associated Press contributed to this report."
    a = article("a", f"Strikes hit {phrase} morning. {HOST_A}\n\n{credit}")
    b = article("b", f"Rockets fell on {phrase} night. {HOST_B}\n\n{credit}")
    assert copied_passages(a, b) == []
    index = CopyIndex()
    index.add("a", fingerprints(a.text))
    assert find_copies(b, index, {"a": a}.__getitem__) == []


FOOTER = (
    "Copyright 2015 The Associated Press. All rights reserved. "
    "This material may not be published, broadcast, rewritten or redistributed."
)
NEWSLETTER = (
    "Sign up for our morning newsletter to get the most important stories about the region "
    "delivered to your inbox every weekday."
)


def test_passages_in_boilerplate_are_not_copies():
    credit = "Reuters contributed to this report."
    a = article("a", f"{HOST_A}\n\n{FOOTER}\n\n{NEWSLETTER}")
    b = article("b", f"{HOST_B}\n\n{NEWSLETTER}\n\n{FOOTER}")
    assert align(a.text, b.text), "the footers align: only the boilerplate filter drops them"
    assert copied_passages(a, b) == []
    teaser_a = article("ta", f"{HOST_A}\n\n{credit}\n\n{OTHER}")  # another story's lead glued after the credit
    teaser_b = article("tb", f"{HOST_B}\n\n{credit}\n\n{OTHER}")
    assert copied_passages(teaser_a, teaser_b) == []
    # The same words inside reporting are a copy.
    body = f"{NEWSLETTER[0].lower()}{NEWSLETTER[1:]}"
    found = only(copied_passages(article("c", f"{HOST_A} It said: {body}"), article("d", f"{HOST_B} They {body}")))
    assert found.kind == "copy"


def test_shared_quotation_is_a_shared_quote():
    quote = (
        "We will not stand by while our citizens are threatened, and we will respond with every means available to us"
    )
    a = article("a", f'{HOST_A} "{quote}," the minister told reporters.')
    b = article("b", f"{HOST_B} “{quote},” he said in a statement on Friday.")
    assert only(copied_passages(a, b)).kind == "shared_quote"
    plain = article("c", f"{HOST_B} {quote}, and then he left.")
    assert only(copied_passages(a, plain)).kind == "copy"


def shared_pair(a_fields, b_fields, a_extra="", b_extra=""):
    a = article("a", f"{a_extra}{HOST_A} {SHARED}", **a_fields)
    b = article("b", f"{b_extra}{HOST_B} {SHARED}", **b_fields)
    return a, b


@pytest.mark.parametrize(
    ("a_fields", "b_fields", "a_extra", "b_extra", "expected"),
    [
        ({"published": "2015-10-08"}, {"published": "2015-10-09"}, "", "", (True, "earlier publication")),
        ({"published": "2015-10-09"}, {"published": "2015-10-08"}, "", "", (False, "earlier publication")),
        (
            {"published": "2015-10-08T14:00:00+02:00"},
            {"published": "2015-10-08T13:30:00+00:00"},
            "",
            "",
            (True, "earlier publication"),
        ),
        ({"published": "2015-10-08"}, {"published": "2015-10-08"}, "", "MOSCOW (AP) — ", (False, "wire dateline")),
        ({}, {}, "PARIS — AFP — ", "", (True, "wire dateline")),
        ({}, {"outlet": "Reuters"}, "", "", (False, "wire outlet")),
        ({"url": "https://apnews.com/article/x"}, {}, "", "", (True, "wire outlet")),
        (
            {},
            {},
            "",
            "Fox News' Lucas Tomlinson and The Associated Press contributed to this report.\n\n",
            (True, "credit line"),
        ),
        (  # the same day: the article citing the other's outlet as its source took the passage from it
            {"published": "2015-10-08"},
            {"published": "2015-10-08", "outlet": "Baltic Courier"},
            "The ferry sank, according to the Baltic Courier. ",
            "",
            (False, "cites the other's outlet"),
        ),
        (
            {"outlet": "Tallinn Times"},
            {},
            "",
            "The Tallinn Times reported on Monday. ",
            (True, "cites the other's outlet"),
        ),
        ({"outlet": "Tallinn Times"}, {}, "", "The Tallinn Times building. ", (None, "no evidence")),
        ({}, {}, "", "", (None, "no evidence")),
        ({"published": "2015-10-08"}, {"published": None}, "", "", (None, "no evidence")),
    ],
)
def test_direction(a_fields, b_fields, a_extra, b_extra, expected):
    a, b = shared_pair(a_fields, b_fields, a_extra, b_extra)
    assert direction(a, b) == expected


def test_credit_line_declines_when_both_drew_on_the_wire():
    a, b = shared_pair({}, {}, "Officials spoke to the Associated Press on Thursday. ", "")
    b = article("b", b.text + "\n\nThe Associated Press contributed to this report.")
    assert direction(a, b) == (None, "no evidence")


def test_records_put_the_origin_first():
    a, b = shared_pair({"published": "2015-10-09"}, {"published": "2015-10-08"})
    found = only(copied_passages(a, b))
    assert (found.a, found.b, found.direction, found.reason) == ("b", "a", "a->b", "earlier publication")
    assert found.a_span.text == SHARED and b.text[found.a_span.start : found.a_span.end] == SHARED


def test_copies_of_copies_form_one_cluster_with_the_earliest_origin():
    origin = article("wire", f"{HOST_A} {SHARED}", published="2015-10-07")
    first = article("first", f"{HOST_B} {SHARED} {SECOND}", published="2015-10-08")
    second = article("second", f"{OTHER} {SECOND}", published="2015-10-09")
    unrelated = article("unrelated", "The school board voted to extend the term by a week. Parents were not consulted.")
    passages, clusters = link_copies([first, second, unrelated, origin])
    assert {(p.a, p.b) for p in passages} == {("wire", "first"), ("first", "second")}
    assert {p.cluster for p in passages} == {1}
    (cluster,) = clusters
    assert cluster.origin == "wire" and cluster.members == ("wire", "first", "second")


def test_index_never_aligns_unrelated_articles(monkeypatch):
    calls = []
    real_align = copies_module.align

    def counting_align(a_text, b_text, **kwargs):
        calls.append((a_text, b_text))
        return real_align(a_text, b_text, **kwargs)

    monkeypatch.setattr(copies_module, "align", counting_align)
    index = CopyIndex()
    stored = {}
    words = OTHER.split()
    for n in range(30):  # unrelated articles: the same words, shuffled differently each time
        text = " ".join(words[n % len(words) :] + words[: n % len(words)][::-1])[: 60 + n]
        stored[f"u{n}"] = article(f"u{n}", f"Story {n}: {text}.")
    stored["src"] = article("src", f"{HOST_A} {SHARED}")
    for key, item in stored.items():
        index.add(key, fingerprints(item.text))
    fresh = article("new", f"{HOST_B} {SHARED}")
    found = find_copies(fresh, index, stored.__getitem__)
    assert [p.a for p in found] == ["src"]
    assert len(calls) == 1
    calls.clear()
    assert find_copies(article("lone", HOST_B), index, stored.__getitem__) == []
    assert calls == []


def test_postings_stop_at_the_document_frequency_cap_and_keep_the_first_holders():
    index = CopyIndex(df_cap=3)
    for n in range(5):
        index.add(f"d{n}", fingerprints(f"{HOST_A} {SHARED}"))
    assert all(len(index.posting(value)) <= 3 for value in index.first_)
    # the sixth reprint of a passage still meets its earliest copies, the origin first among equals
    assert [c.key for c in index.candidates(fingerprints(f"{HOST_B} {SHARED}"))] == ["d0", "d1", "d2"]
    with pytest.raises(ValueError, match="already indexed"):
        index.add("d0", [])


def test_postings_grow_from_one_holder_to_the_cap():
    prints = fingerprints(f"{HOST_A} {SHARED}")
    for cap, expected in ((1, (0,)), (2, (0, 1)), (50, (0, 1, 2))):
        index = CopyIndex(df_cap=cap)
        for n in range(3):
            index.add(f"d{n}", prints)
        assert {index.posting(fp.hash) for fp in prints} == {expected}
        assert index.posting(-1) == ()
        found = index.candidates(fingerprints(f"{HOST_B} {SHARED}"))
        assert [c.key for c in found] == [f"d{n}" for n in expected]


def test_bad_arguments_raise_value_error():
    with pytest.raises(ValueError, match="min_similarity"):
        align("a", "b", min_similarity=1.5)
    with pytest.raises(ValueError, match="min_words"):
        fingerprints("text", min_words=2)
    with pytest.raises(ValueError, match="df_cap"):
        CopyIndex(df_cap=0)


def test_seed_articles_share_wire_paragraphs():
    paths = sorted(need(SEEDS).glob("*.txt"))
    if len(paths) < 2:
        pytest.skip(f"{SEEDS} holds fewer than two seed articles")
    a, b = (article(p.stem, normalize_text(p.read_text(encoding="utf-8"))) for p in paths[:2])
    passages = copied_passages(a, b)
    assert len(passages) >= 2
    for p in passages:
        first, second = (a, b) if p.a == a.external_id else (b, a)
        assert first.text[p.a_span.start : p.a_span.end] == p.a_span.text
        assert second.text[p.b_span.start : p.b_span.end] == p.b_span.text
        assert len(p.a_span.text.split()) >= 15 and len(p.b_span.text.split()) >= 15
        assert Indel.normalized_similarity(p.a_span.text.casefold(), p.b_span.text.casefold()) >= 0.7
    assert sum(p.a_share for p in passages[:1]) > 0.1


def _reuse_synth():
    spec = importlib.util.spec_from_file_location("reuse_synth", REPO / "bench" / "reuse_synth.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_quality_floor_on_planted_passages():
    bench = _reuse_synth()
    bodies = bench.load_bodies(need(FNC1_BODIES))
    scores, *_ = bench.run(bodies, pairs=50, rate=0.5, seed=7, limit=160)
    assert scores["pair_f1"] >= 0.95, scores
    assert scores["char_f1"] >= 0.90, scores
    assert scores["direction_accuracy"] >= 0.95, scores


def test_a_dateline_or_credit_naming_the_other_outlet_decides_direction():
    from newstrace.link.copies import credits_outlet

    assert credits_outlet("OSLO (NWS) — The storm hit at dawn.", "Nordic Wire Service")
    assert credits_outlet(
        "The storm hit.\n\nThe Nordic Wire Service contributed to this report.", "Nordic Wire Service"
    )
    assert not credits_outlet("OSLO — The storm hit at dawn.", "Nordic Wire Service")
    assert not credits_outlet("OSLO (NWS) — The storm hit.", None)


def test_linking_skips_full_garbage_collections_and_restores_the_threshold():
    import gc

    from newstrace.link.copies import FULL_GC_THRESHOLD, young_collections_only

    before = gc.get_threshold()
    with pytest.raises(RuntimeError), young_collections_only():
        assert gc.get_threshold() == (*before[:2], FULL_GC_THRESHOLD)
        raise RuntimeError("the threshold comes back even so")
    assert gc.get_threshold() == before


def test_a_wire_story_reprinted_past_the_cap_is_still_found_as_a_copy_of_the_wire():
    index, stored = CopyIndex(df_cap=5), {}
    wire = article("wire", f"{SHARED} {HOST_A}", outlet="Nordic Press Agency", published="2026-03-10T08:00:00+00:00")
    reprints = [
        article(f"r{n}", f"{SHARED} Local note {n}.", published=f"2026-03-10T{9 + n:02d}:00:00+00:00") for n in range(8)
    ]
    for item in [wire, *reprints]:
        find_copies(item, index, stored.__getitem__)
        index.add(item.external_id, fingerprints(item.text))
        stored[item.external_id] = item
    late = article("late", f"{SHARED} {HOST_B}", published="2026-03-11T08:00:00+00:00")
    passages = find_copies(late, index, stored.__getitem__)
    assert "wire" in {p.a for p in passages if p.direction == "a->b" and p.b == "late"}
