"""The charts' geometry without a browser: label placement, the provenance graph's layout, sibling copies,
the timeline's axis labels, the map's labels and the copy page's word diff."""

from __future__ import annotations

import re
from datetime import datetime
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.models import CopiedPassage, Source, TextSpan
from newstrace.web.diff import word_diff
from newstrace.web.graph import BOX_H, MAX_GRAPH_NODES, provenance
from newstrace.web.labels import Box, keep_apart, place_labels, text_width
from newstrace.web.map import world_map_counts
from newstrace.web.pairs import article_pairs, outlet_flows
from newstrace.web.timeline import timeline

coordinate = st.floats(min_value=0, max_value=100, allow_nan=False)
anchor = st.tuples(coordinate, coordinate, st.floats(0.1, 3), st.floats(1, 30), st.floats(1, 6))


@settings(max_examples=60, deadline=None)
@given(st.lists(anchor, max_size=25), st.floats(0, 2))
def test_placed_labels_never_overlap_each_other_or_the_points(anchors, gap):
    dots = [Box(x - r, y - r, x + r, y + r) for x, y, r, _, _ in anchors]
    bounds = Box(-20, -20, 120, 120)
    boxes = place_labels(anchors, obstacles=dots, bounds=bounds, gap=gap)
    assert len(boxes) == len(anchors)
    placed = [b for b in boxes if b is not None]
    assert all(b.inside(bounds) for b in placed)
    assert not any(a.overlaps(b, gap) for a, b in combinations(placed, 2))
    assert not any(b.overlaps(dot) for b in placed for dot in dots)


def test_a_lone_label_goes_to_the_right_of_its_point():
    (box,) = place_labels([(10, 10, 1, 5, 2)])
    assert box.x0 > 11 and box.y0 < 10 < box.y1


@given(st.lists(st.tuples(coordinate, st.floats(1, 30)), max_size=20))
def test_keep_apart_keeps_the_first_and_no_two_overlapping(spans):
    boxes = [Box(x, 0, x + w, 1) for x, w in spans]
    keep = keep_apart(boxes)
    assert not spans or keep[0]
    kept = [b for b, k in zip(boxes, keep, strict=True) if k]
    assert not any(a.overlaps(b) for a, b in combinations(kept, 2))


def test_text_width_grows_with_the_text_and_the_size():
    assert 0 == text_width("", 12) < text_width("il", 12) < text_width("mm", 12) < text_width("mm", 24)


def _passage(a, b, a_span, b_span, direction="a->b"):
    return CopiedPassage(a, b, TextSpan(*a_span, ""), TextSpan(*b_span, ""), 0.95, 0.5, 0.5, direction, "x")


def test_two_copies_of_one_wire_are_siblings_not_a_copy_of_each_other():
    passages = [
        _passage("wire", "north", (0, 100), (10, 110)),
        _passage("wire", "coast", (0, 100), (0, 100)),
        _passage("north", "coast", (10, 110), (0, 100), "unknown"),  # what both took from the wire
        _passage("north", "coast", (500, 600), (300, 400), "unknown"),  # not the wire's: their own
    ]
    pairs = {(p.a, p.b): p for p in article_pairs(passages)}
    both = pairs[("north", "coast")]
    assert both.passages == 2 and both.explained == 1 and both.common == ("wire",) and not both.siblings
    outlets = {"wire": "Wire", "north": "North", "coast": "Coast"}
    assert sorted(outlet_flows(list(pairs.values()), outlets)) == [
        ("North", "Coast", "unknown", 1),
        ("Wire", "Coast", "a->b", 1),
        ("Wire", "North", "a->b", 1),
    ]
    only_wire = article_pairs(passages[:3])
    assert [p.siblings for p in only_wire] == [False, False, True]
    graph = provenance(outlet_flows(only_wire, outlets), [], set())
    assert {(e["from"], e["to"]) for e in graph["edges"]} == {
        ("outlet:wire", "outlet:north"),
        ("outlet:wire", "outlet:coast"),
    }


def test_a_copy_of_a_copy_of_the_wire_points_to_the_wire():
    passages = [
        _passage("wire", "north", (0, 100), (10, 110)),
        _passage("north", "coast", (10, 110), (0, 100)),  # the coast ran the north's copy of the wire's text
        _passage("wire", "coast", (0, 100), (0, 100)),
        _passage("coast", "bay", (0, 100), (50, 150)),  # and the bay ran the coast's
        _passage("wire", "bay", (0, 100), (50, 150)),
    ]
    pairs = article_pairs(passages)
    assert {(p.a, p.b) for p in pairs if not p.siblings} == {("wire", "north"), ("wire", "coast"), ("wire", "bay")}
    outlets = {name: name.title() for name in ("wire", "north", "coast", "bay")}
    graph = provenance(outlet_flows(pairs, outlets), [], set())
    assert {e["from"] for e in graph["edges"]} == {"outlet:wire"}


def test_only_a_known_direction_gets_an_arrowhead_and_time_orders_the_rest():
    graph = provenance(
        [("Later", "Earlier", "unknown", 2)], [], set(), {"Earlier": "2026-01-01", "Later": "2026-02-01"}
    )
    (edge,) = graph["edges"]
    assert edge["kind"] == "copy-unknown" and not edge["arrow_end"] and not edge["arrow_start"]
    x = {n["key"]: n["x"] for n in graph["nodes"]}
    assert x["outlet:earlier"] < x["outlet:later"]


def test_a_source_named_like_an_outlet_is_that_outlet_and_inherited_citations_are_not_drawn():
    police = Source("the police", "police", "government")
    courier = Source("the Courier", "courier", "news_outlet")
    chains = [("Courier", (police,), 1), ("Copier", (police,), 1), ("Blog", (courier,), 1)]
    graph = provenance([("Courier", "Copier", "a->b", 2)], chains, set())
    edges = {(e["from"], e["to"]) for e in graph["edges"]}
    assert ("outlet:courier", "outlet:blog") in edges, "a cited outlet is the outlet's own node"
    assert ("source:police", "outlet:copier") not in edges, "the copier cites the police because it copied"
    assert ("source:police", "outlet:courier") in edges and ("outlet:courier", "outlet:copier") in edges


def _random_graph(data):
    names = [f"Outlet {i}" for i in range(data.draw(st.integers(2, 14)))]
    flows = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(names), st.sampled_from(names), st.sampled_from(["a->b", "unknown"]), st.integers(1, 5)
            ),
            max_size=30,
        )
    )
    sources = [Source(f"Source {i}", f"s{i}", "person") for i in range(data.draw(st.integers(0, 20)))]
    chains = []
    if sources:
        chains = data.draw(
            st.lists(
                st.tuples(
                    st.sampled_from(names),
                    st.lists(st.sampled_from(sources), min_size=1, max_size=3).map(tuple),
                    st.integers(1, 3),
                ),
                max_size=40,
            )
        )
    return flows, chains


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_graph_boxes_never_overlap_and_edges_run_left_to_right(data):
    flows, chains = _random_graph(data)
    graph = provenance(flows, chains, set())
    nodes = {n["key"]: n for n in graph["nodes"]}
    assert len(nodes) <= MAX_GRAPH_NODES
    boxes = [Box(n["x"], n["y"], n["x"] + n["w"], n["y"] + n["h"]) for n in nodes.values()]
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))
    assert all(b.x1 <= graph["width"] and b.y1 <= graph["height"] for b in boxes)
    for edge in graph["edges"]:
        a, b = nodes[edge["from"]], nodes[edge["to"]]
        assert a["x"] != b["x"], "no edge within one column"
        start, end = (a, b) if a["x"] < b["x"] else (b, a)
        numbers = [float(v) for v in re.findall(r"-?[\d.]+", edge["d"])]
        first, last = numbers[:2], numbers[-2:]
        assert first == pytest.approx([start["x"] + start["w"], start["y"] + BOX_H / 2], abs=0.2), (
            "leaves its right side"
        )
        assert last == pytest.approx([end["x"], end["y"] + BOX_H / 2], abs=0.2), "enters its box's left side"
        assert edge["arrow_end"] or edge["arrow_start"] or edge["kind"] == "copy-unknown"


def _pub(eid, outlet, published):
    return {"external_id": eid, "outlet": outlet, "title": "Title " + eid, "published": published}


@given(st.lists(st.datetimes(datetime(1990, 1, 1), datetime(2090, 1, 1)), min_size=1, max_size=12), st.booleans())
def test_timeline_axis_labels_never_overlap(moments, undated):
    publications = [_pub(str(i), f"O{i % 4}", m.isoformat() + "+00:00") for i, m in enumerate(moments)]
    if undated:
        publications.append(_pub("u", "Undated Daily", None))
    chart = timeline(publications, lambda eid: "/a?" + eid)
    boxes = [Box(t["x"] - t["width"] / 2, 0, t["x"] + t["width"] / 2, 1) for t in chart["ticks"]]
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))
    assert any(t["label"] == "undated" for t in chart["ticks"]) == undated


def test_timeline_names_an_article_without_outlet_by_its_title():
    chart = timeline([_pub("a", None, "2026-03-10T12:00:00+00:00")], lambda eid: "/a?" + eid)
    assert [row["label"] for row in chart["rows"]] == ["Title a"]
    assert chart["points"][0]["label"] == "Title a (10 Mar 2026, 12:00 UTC)"


def test_map_labels_of_a_country_at_its_capital_do_not_overlap():
    located = [
        ("Estonia", 59.44, 24.75, 12),
        ("Tallinn", 59.44, 24.75, 11),
        ("Helsinki", 60.17, 24.94, 10),
        ("Finland", 60.17, 24.94, 9),
        ("Gulf of Finland", 59.83, 26.0, 7),
    ]
    chart = world_map_counts(located)
    assert chart["unlabelled"] == []
    boxes = [Box(*p["label"]["box"]) for p in chart["points"]]
    dots = [Box(p["x"] - p["r"], p["y"] - p["r"], p["x"] + p["r"], p["y"] + p["r"]) for p in chart["points"]]
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))
    assert not any(b.overlaps(d) for b in boxes for d in dots)


def test_word_diff_marks_the_edits_inside_a_passage():
    left = "A passenger ferry bound for Helsinki capsized in heavy seas."
    right = "A passenger ferry heading to Helsinki capsized in stormy seas."
    ours, theirs = word_diff(left, right)
    assert "".join(p.text for p in ours) == left and "".join(p.text for p in theirs) == right
    assert [p.text for p in ours if p.changed] == ["bound for", "heavy"]
    assert [p.text for p in theirs if p.changed] == ["heading to", "stormy"]
    same, _ = word_diff(left, left)
    assert not any(p.changed for p in same)
