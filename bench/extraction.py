"""Extraction of pages shaped like real news templates: per-field accuracy and text similarity.

``tests/data/extraction/`` holds 20 pages of our own (fictional) writing in the shapes extraction meets: a
wire story, a broadcaster with JSON-LD, a tabloid with ads and comments, a WordPress blog, an AMP page, a
paywall teaser, a republished article, a live blog, a photo gallery, a local paper with a dateline and two
authors, an opinion column, a press release with a JSON-LD graph, an updated story, a fact check, a story
with inline "read also" links, an interview, a breaking brief, an explainer with subheads, a story with a
captioned photo and one with a long comment thread.
``expected.json`` gives each page's title, outlet, publication time, authors and article text, written by
hand. Each page goes through ``newstrace.ingest.html.extract_page`` (what `ingest` does with a page); the
script prints, per field, the share of pages exactly right, the text's mean and lowest similarity
(rapidfuzz ratio, 0-100) and each page's misses.

Run: python bench/extraction.py
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's newstrace, not an installed one

from rapidfuzz import fuzz

from newstrace.ingest.html import extract_page
from newstrace.ingest.text import normalize_text

PAGES = Path(__file__).resolve().parents[1] / "tests" / "data" / "extraction"
FIELDS = ("title", "outlet", "published", "authors")


def measure(folder: Path = PAGES) -> dict:
    """Per field the pages right, the text similarities, and each page's misses."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    right = dict.fromkeys(FIELDS, 0)
    similarities, misses = {}, {}
    for name, want in sorted(expected.items()):
        page = extract_page((folder / name).read_bytes())
        got = {"title": page.title, "outlet": page.outlet, "published": page.published, "authors": page.authors}
        for field in FIELDS:
            if got[field] == want[field]:
                right[field] += 1
            else:
                misses.setdefault(name, []).append(f"{field}: want {want[field]!r}, got {got[field]!r}")
        similarities[name] = fuzz.ratio(normalize_text(want["text"]), page.text)
    return {"pages": len(expected), "right": right, "similarity": similarities, "misses": misses}


def main() -> int:
    found = measure()
    pages = found["pages"]
    print(f"{pages} pages: " + "  ".join(f"{field} {found['right'][field] / pages:.2f}" for field in FIELDS))
    values = found["similarity"].values()
    print(f"text similarity: mean {statistics.mean(values):.1f}, lowest {min(values):.1f}")
    for name, similarity in sorted(found["similarity"].items(), key=lambda item: item[1])[:3]:
        print(f"  lowest text: {name} {similarity:.1f}")
    for name, missed in found["misses"].items():
        print(f"  {name}: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
