"""The charts as Chromium draws them: no label on another, no graph edge under a label, sibling copies without
arrows, and the copy page's changed words marked. Boxes are compared in the page (getBoundingClientRect);
screenshots go to tmp_path.

Uses Debian's Chromium (/usr/bin/chromium; .ci/run installs it) through Playwright, like test_web_e2e.py.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

import pytest
import test_web_e2e as e2e
from test_web import EXAMPLES_ARG

# The browser, page and served example corpus of the click-through tests, shared.
CHROMIUM, site, browser, page = e2e.CHROMIUM, e2e.site, e2e.browser, e2e.page

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium (.ci/run does)"
)

NPA = os.path.join(EXAMPLES_ARG, "npa-ferry-capsizes-gulf-of-finland.html")
NORTHSTAR = os.path.join(EXAMPLES_ARG, "northstartimes-ferry-overturns-off-estonia.html")
# Overlaps smaller than this (square pixels) are antialiasing, not a collision.
SLACK = 1.0

# Elements whose boxes overlap: pairs within one selector's matches, or, given a second, across the two.
OVERLAPPING = """([first, second]) => {
  const a = [...document.querySelectorAll(first)], b = second ? [...document.querySelectorAll(second)] : a;
  const found = [];
  a.forEach((x, i) => b.forEach((y, j) => {
    if (!second && j <= i) return;
    const p = x.getBoundingClientRect(), q = y.getBoundingClientRect();
    const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
    const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
    if (w > 0 && h > 0 && w * h > SLACK) found.push([x.textContent.trim(), y.textContent.trim()]);
  }));
  return found;
}""".replace("SLACK", str(SLACK))


def overlapping(page, first: str, second: str | None = None) -> list:
    return page.evaluate(OVERLAPPING, [first, second])


# Points of the graph's edges (sampled every 2 user units, in screen pixels) lying inside a label's box.
EDGES_UNDER_LABELS = """() => {
  const svg = document.querySelector("svg.graph");
  const boxes = [...svg.querySelectorAll("text.label")].map(t => [t.textContent, t.getBoundingClientRect()]);
  const found = [];
  for (const path of svg.querySelectorAll("path.edge")) {
    const ctm = path.getScreenCTM(), length = path.getTotalLength();
    for (let at = 0; at <= length; at += 2) {
      const p = path.getPointAtLength(at).matrixTransform(ctm);
      for (const [text, b] of boxes) {
        if (p.x > b.left + 0.5 && p.x < b.right - 0.5 && p.y > b.top + 0.5 && p.y < b.bottom - 0.5) {
          found.push([path.dataset.from, path.dataset.to, text]);
        }
      }
    }
  }
  return found;
}"""


def _texts(where, selector: str) -> list[str]:
    """The text of every match (SVG text has no innerText)."""
    return where.locator(selector).evaluate_all("found => found.map(e => e.textContent.trim())")


def _story(site, page, tmp_path):
    page.goto(site + "/story/1")
    page.screenshot(path=str(tmp_path / "story.png"), full_page=True)
    return page


def test_graph_labels_overlap_no_label_or_edge(site, page, tmp_path):
    _story(site, page, tmp_path)
    graph = page.locator("svg.graph")
    graph.screenshot(path=str(tmp_path / "graph.png"))
    assert page.locator("svg.graph text.label").count() >= 8
    assert page.locator("svg.graph path.edge").count() >= 8
    assert overlapping(page, "svg.graph text.label") == []
    assert overlapping(page, "svg.graph .node rect") == [], "node boxes overlap"
    assert page.evaluate(EDGES_UNDER_LABELS) == []
    assert page.locator("svg.graph .node").count() <= 25


def test_sibling_copies_are_not_drawn_as_arrows(site, page, tmp_path):
    _story(site, page, tmp_path)
    copies = page.request.get(site + "/story/1.json").json()["copies"]
    siblings = [c for c in copies if c["siblings"]]
    assert any({c["a_name"], c["b_name"]} == {"Northstar Times", "Coastline Daily"} for c in siblings)
    for c in siblings:
        for a, b in ((c["a_name"], c["b_name"]), (c["b_name"], c["a_name"])):
            key_a, key_b = (name.lower().removeprefix("the ") for name in (a, b))
            edge = f'svg.graph path.edge[data-from="outlet:{key_a}"][data-to="outlet:{key_b}"]'
            assert page.locator(edge).count() == 0, (a, b)
    wire = page.locator('svg.graph path.edge[data-from="outlet:nordic press agency"][data-to="outlet:northstar times"]')
    assert wire.get_attribute("marker-end") == "url(#arrow)"
    for undirected in page.locator("svg.graph path.copy-unknown").all():
        assert undirected.get_attribute("marker-end") is None and undirected.get_attribute("marker-start") is None
    rows = page.locator("table.copies tbody tr")
    assert rows.count() == len(copies) and len({frozenset((c["a"], c["b"])) for c in copies}) == len(copies)
    sibling_row = page.locator("table.copies tr.siblings", has_text="Northstar Times and Coastline Daily")
    assert "both copied Nordic Press Agency" in sibling_row.inner_text()
    assert "/" not in "".join(page.locator("table.copies td:first-child").all_inner_texts()), "named, not by path"


def test_map_labels_overlap_no_other(site, page, tmp_path):
    _story(site, page, tmp_path)
    page.locator("svg.map").screenshot(path=str(tmp_path / "map.png"))
    names = _texts(page, "svg.map text.label")
    assert {"Helsinki", "Finland", "Tallinn", "Estonia"} <= set(names)
    assert overlapping(page, "svg.map text.label") == []
    assert overlapping(page, "svg.map text.label", "svg.map circle.place") == [], "a name covers a dot"


def test_timeline_labels_overlap_no_other(site, page, tmp_path):
    _story(site, page, tmp_path)
    page.locator("svg.timeline").screenshot(path=str(tmp_path / "timeline.png"))
    ticks = _texts(page, "svg.timeline text.tick")
    assert "undated" in ticks and len(ticks) >= 3
    assert overlapping(page, "svg.timeline text.label") == []
    assert "(outlet unknown)" not in _texts(page, "svg.timeline text.label"), "an article is named by its title"


def test_story_and_claim_pages_explain_statuses_and_stances(site, page, tmp_path):
    _story(site, page, tmp_path)
    assert page.locator(".legend-box").first.get_attribute("open") is None, "folded: the claim table comes first"
    page.click(".legend-box summary >> nth=0")
    legend = page.locator(".legend-box").first.inner_text()
    assert all(word in legend for word in ("corroborated", "single source", "disputed", "denied", "unverified"))
    assert all(word in legend for word in ("supports", "denies", "unconfirmed", "mentions"))
    page.click("a.claim-link >> nth=0")
    page.click(".legend-box summary")
    assert "corroborated" in page.locator(".legend-box").inner_text()
    page.screenshot(path=str(tmp_path / "claim.png"), full_page=True)


def test_copy_page_marks_the_words_that_differ(site, page, tmp_path):
    page.goto(site + "/copy?" + urlencode({"a": NPA, "b": NORTHSTAR}))
    page.screenshot(path=str(tmp_path / "copy.png"), full_page=True)
    row = page.locator(".side-by-side:not(.head)").first
    left, right = (_texts(row.locator(".passage").nth(i), ".changed") for i in (0, 1))
    assert "bound for" in left and "heading to" in right
    assert "stormy" in right and "heavy" in left
    meta = page.locator(".row-meta >> nth=0").inner_text()
    assert "origin: Nordic Press Agency" in meta and "/" not in meta.split("origin:")[1].split("(")[0]
