"""The claim page and the check page: a claim's supporting and disputing columns, its origins, each article's
stance and the trail, from Store calls (see :mod:`.views` for the other pages)."""

from __future__ import annotations

from dataclasses import replace

from ..batch import check_stored
from ..export import check_record
from ..models import Claim, article_label
from ..store import Store
from .markup import Mark, segments
from .views import article_href

# The stances a claim page's columns take.
SUPPORTING, DISPUTING = ("supports",), ("denies",)
# Collapsed mentions (copies, relays) listed per column of a claim page before the rest are only counted,
# and lines of the evidence trail shown: a claim of a 1,000-article story has hundreds of each.
FOLDED_SHOWN = 25
EVIDENCE_SHOWN = 120


def claim(store: Store, claim_id: int, *, full: bool = False) -> dict:
    """A claim's evidence: supporting and disputing mentions side by side, copies and relays collapsed.

    Every counted mention is listed; past FOLDED_SHOWN per column the collapsed
    ones (copies and relays) and past EVIDENCE_SHOWN the trail's lines are only
    counted (``folded_hidden``, ``evidence_hidden``), unless ``full``.
    """
    found = store.claim(claim_id)
    columns: dict[str, list] = {"supporting": [], "disputing": [], "other": []}
    for mention in found.mentions:
        column = (
            "supporting" if mention.stance in SUPPORTING else "disputing" if mention.stance in DISPUTING else "other"
        )
        columns[column].append(_mention_row(mention))
    for other_id in found.conflicts:  # who backs a contradicting claim, in the words that contradict, disputes it
        other = store.claim(other_id)
        for mention in other.mentions:
            if mention.stance in SUPPORTING and not mention.collapsed and mention.origin in found.disputed_by:
                row = _mention_row(mention, via=f"conflicting claim #{other.id}", stance="denies")
                columns["disputing"].append(row)
    hidden = {name: 0 for name in columns}
    evidence, evidence_hidden = found.evidence, 0
    if not full:
        for name, rows in columns.items():
            folded = [i for i, row in enumerate(rows) if row["mention"].collapsed][FOLDED_SHOWN:]
            hidden[name] = len(folded)
            dropped = set(folded)
            columns[name] = [row for i, row in enumerate(rows) if i not in dropped]
        evidence, evidence_hidden = evidence[:EVIDENCE_SHOWN], max(0, len(evidence) - EVIDENCE_SHOWN)
    return {
        "claim": replace(found, evidence=evidence, mentions=found.mentions if full else [], stances=[]),
        "story_href": f"/story/{found.story}",
        "conflicts": [{"id": i, "href": f"/claim/{i}"} for i in found.conflicts],
        "origins": _origin_rows(found),
        "stances": _stance_rows(found.stances),
        **columns,
        "folded_hidden": hidden,
        "evidence_hidden": evidence_hidden,
        "full_href": f"/claim/{claim_id}?full=1" if any(hidden.values()) or evidence_hidden else None,
    }


def _mention_row(mention, via: str | None = None, stance: str | None = None) -> dict:
    """A mention as the claim page lists it; ``stance`` is its stance toward this claim (a supporter of a
    conflicting claim denies this one), its own by default."""
    sentence = mention.sentence
    start, end = mention.span.start - sentence.start, mention.span.end - sentence.start
    stance = stance or mention.stance
    return {
        "mention": mention,
        "stance": stance,
        "href": article_href(mention.article),
        "label": mention.outlet or article_label(mention.title),
        "segments": segments(sentence.text, [Mark(start, end, "stance-" + stance)]),
        "chain": [" + ".join(s.name for s in level) for level in mention.relay_levels()],
        "via": via,
    }


def _origin_rows(claim: Claim) -> list[dict]:
    """Each side's independent origins, with the source entities each gathers and how many articles carry it."""
    headings = {"supporting": "Claimed by", "disputing": "Disputed by", "unconfirmed": "Cannot confirm"}
    return [
        {
            "side": side,
            "heading": heading,
            "origins": [
                {"key": o.key, "name": o.name, "entities": list(o.entities), "articles": len(o.articles)}
                for o in claim.origins.get(side, [])
            ],
        }
        for side, heading in headings.items()
        if claim.origins.get(side)
    ]


def _stance_rows(stances: list) -> list[dict]:
    """Every judged article's stance on the claim, what stands on a side first."""
    order = ("supports", "denies", "unconfirmed", "mentions", "unrelated")
    return [
        {
            "article": s.article,
            "href": article_href(s.article),
            "label": s.outlet or article_label(s.title),
            "outlet": s.outlet,
            "published": s.published,
            "stance": s.stance,
            "evidence": s.evidence[0].text if s.evidence else "",
            "collapsed": s.collapsed,
        }
        for s in sorted(stances, key=lambda s: order.index(s.stance))
    ]


def check(store: Store, text: str | None, story_id: int | None = None) -> dict:
    """A claim in the user's words judged over its stories (see :func:`newstrace.batch.check_stored`); an empty
    ``text`` gives the empty form."""
    query = (text or "").strip()
    context = {"query": query, "story_id": story_id, "result": None, "stories": [], "stances": [], "origins": []}
    if not query:
        return context
    found = check_stored(store, query, story=story_id)
    record = check_record(found.claim, found.stories, found.similarity)
    stories = [store.story(story) for story in found.stories]
    return context | {
        "result": record,
        "stories": [{"id": s.id, "title": s.title, "href": f"/story/{s.id}"} for s in stories],
        "stances": _stance_rows(found.claim.stances),
        "origins": _origin_rows(found.claim),
    }
