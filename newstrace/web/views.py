"""One function per page: each gathers the page's context dict from Store calls.

No SQL and no NLP here: records come from :class:`~newstrace.store.Store` and
are passed on; :mod:`.svg` and :mod:`.markup` only lay them out. The same dict
is rendered as a template or, for a ``.json`` URL, as JSON (datasette style).
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import replace
from urllib.parse import urlencode

from ..batch import check_stored
from ..errors import NotFound
from ..export import check_record
from ..models import Article, Attribution, Claim, CopiedPassage, article_label
from ..store import Store
from . import svg
from .markup import Mark, safe_url, segments

# Search results shown on the home page.
SEARCH_LIMIT = 50
# Statuses that count as "disputed" on the home page's story list.
# Stances shown in the claim page's two columns; the rest are listed below them.
SUPPORTING, DISPUTING = ("supports",), ("denies",)
# Articles, claims and copied passages listed per page of a story; counts and charts cover them all.
PER_PAGE = 50
# Story digests (see story_digest) kept in memory, least recently used dropped first: each holds
# its story's copy ids (about 1 MB for 30,000 copies) and two charts.
DIGESTS = 16
# The highest page number asked for that is answered (an empty page past the end; beyond, a bad request).
MAX_PAGE = 10**6
# The story page's paged lists, each with its own page number (a query parameter of that name).
PAGED = ("articles", "claims", "copies")
# Characters of context shown around a shared passage on the copy page.
CONTEXT_CHARS = 160


def article_href(article: Article | str) -> str:
    external_id = article if isinstance(article, str) else article.external_id
    return "/article?" + urlencode({"id": external_id})


def copy_href(a: str, b: str) -> str:
    return "/copy?" + urlencode({"a": a, "b": b})


def card(article: Article) -> dict:
    """An article without its text, for lists."""
    return {
        "external_id": article.external_id,
        "href": article_href(article),
        "title": article.title,
        "label": article_label(article.title),
        "outlet": article.outlet,
        "published": article.published,
        "date_guessed": article.date_guessed,
        "url": safe_url(article.url),
        "authors": article.authors,
        "words": len(article.text.split()),
        "problem": article.problem,
    }


# --- pages ----------------------------------------------------------------------


def home(store: Store, q: str | None = None) -> dict:
    """Stories, most recent first, with their counts; and full-text search results for ``q``."""
    counts = store.story_counts()
    empty = {"articles": 0, "outlets": 0, "claims": 0, "disputed": 0}
    listed = [
        {
            "id": story.id,
            "href": f"/story/{story.id}",
            "title": story.title,
            "first_published": story.first_published,
            "last_published": story.last_published,
            **counts.get(story.id, empty),
        }
        for story in store.stories()
    ]
    query = (q or "").strip() or None
    results = [card(a) for a in store.articles(search=query, limit=SEARCH_LIMIT)] if query else []
    return {"query": query, "stories": listed, "results": results, "counts": store.counts()}


def story(store: Store, story_id: int, path: str, pages: dict[str, int] | None = None) -> dict:
    """A story: its exact counts, timeline, provenance graph and map, and one page of each long list.

    Articles, claims and copied passages are paged (``PER_PAGE`` each, page
    numbers in ``pages`` under the list's name, 1 by default); ``paging`` gives
    each list's total and the URLs (on ``path``) of its previous and next
    pages, for the HTML page and its JSON twin alike. Counts are made in SQL
    (copies by :func:`story_digest`), so no long list is read whole.
    """
    pages = _page_numbers(pages or {})
    found = store.story(story_id)
    digest = story_digest(store, story_id)
    totals = store.story_totals(story_id) | {"copies": len(digest["copy_ids"])}
    offset = {name: (number - 1) * PER_PAGE for name, number in pages.items()}
    articles = store.story_articles(story_id, limit=PER_PAGE, offset=offset["articles"])
    claims = store.story_claims(story_id, limit=PER_PAGE, offset=offset["claims"])
    copies = store.copies_by_id(digest["copy_ids"][offset["copies"] : offset["copies"] + PER_PAGE])
    sizes = {"articles": totals["articles"], "claims": totals["claims"], "copies": totals["copies"]}
    return {
        "story": found,
        "totals": totals,
        "articles": [card(a) for a in articles],
        "claims": [_claim_row(claim, mentions) for claim, mentions in claims],
        "copies": [_copy_row(c, {c.a: a_outlet, c.b: b_outlet}) for c, a_outlet, b_outlet in copies],
        "copies_total": totals["copies"],
        "paging": {name: _pager(path, pages, name, total) for name, total in sizes.items()},
        "timeline": digest["timeline"],
        "graph": digest["graph"],
        "map": svg.world_map_counts(store.story_places(story_id)),
        "sources": store.story_entities(story_id),
    }


_digests: OrderedDict[tuple[str, int], tuple[tuple, dict]] = OrderedDict()
_digests_lock = threading.Lock()


def story_digest(store: Store, story_id: int) -> dict:
    """What a story page derives from all of a story's copies, members and claim mentions: the copies'
    ids in listing order (largest share first), the timeline and the provenance graph.

    Reading every copy of a 1,000-article story takes a few hundred
    milliseconds (the rows carry the passages' text), so digests are kept in
    memory, ``DIGESTS`` of them, each until link or assess touches its story:
    the key includes :meth:`Store.story_stamp`, which those stages advance.
    """
    key, stamp = (store.db, story_id), store.story_stamp(story_id)
    with _digests_lock:
        kept = _digests.get(key)
        if kept is not None and kept[0] == stamp:
            _digests.move_to_end(key)
            return kept[1]
    ranking = store.story_copy_ranking(story_id)
    flows = Counter((a_outlet, b_outlet, direction) for _, a_outlet, b_outlet, direction, _ in ranking)
    chains, origins = store.story_chains(story_id)
    digest = {
        "copy_ids": [row[0] for row in ranking],
        "timeline": svg.timeline(store.story_publications(story_id), article_href),
        "graph": svg.provenance([(*flow, n) for flow, n in flows.items()], chains, origins),
    }
    with _digests_lock:
        _digests[key] = (stamp, digest)
        _digests.move_to_end(key)
        while len(_digests) > DIGESTS:
            _digests.popitem(last=False)
    return digest


def _page_numbers(pages: dict[str, int]) -> dict[str, int]:
    unknown = set(pages) - set(PAGED)
    if unknown:
        raise ValueError(f"pages={sorted(unknown)}: the story page pages {', '.join(PAGED)}")
    for name, number in pages.items():
        if not isinstance(number, int) or not 1 <= number <= MAX_PAGE:
            raise ValueError(f"{name}={number!r}: page numbers run from 1 to {MAX_PAGE}")
    return {name: pages.get(name, 1) for name in PAGED}


def _pager(path: str, pages: dict[str, int], name: str, total: int) -> dict:
    """One list's place in its pages: what it shows of ``total`` and the URLs of its neighbours."""
    page = pages[name]
    last_page = max(1, -(-total // PER_PAGE))

    def href(number: int) -> str:
        query = {key: value for key, value in (pages | {name: number}).items() if value != 1}
        return path + ("?" + urlencode(query) if query else "")

    return {
        "page": page,
        "pages": last_page,
        "per_page": PER_PAGE,
        "total": total,
        "first": min(total, (page - 1) * PER_PAGE + 1),
        "last": min(total, page * PER_PAGE),
        "prev": href(page - 1) if page > 1 else None,
        "next": href(page + 1) if page < last_page else None,
    }


def _claim_row(claim: Claim, mentions: int) -> dict:
    return {
        "id": claim.id,
        "href": f"/claim/{claim.id}",
        "rank": claim.rank,
        "text": claim.text,
        "status": claim.status,
        "supporting": claim.supporting,
        "disputing": claim.disputing,
        "unconfirmed": claim.unconfirmed,
        "relays": claim.relays,
        "claimed_by": claim.claimed_by,
        "mentions": mentions,
        "first_seen": claim.first_seen,
    }


def _copy_row(copy: CopiedPassage, outlets: dict[str, str] | None = None) -> dict:
    outlets = outlets or {}
    return {
        "a_outlet": outlets.get(copy.a, copy.a),
        "b_outlet": outlets.get(copy.b, copy.b),
        "a": copy.a,
        "b": copy.b,
        "href": copy_href(copy.a, copy.b),
        "direction": copy.direction,
        "reason": copy.reason,
        "kind": copy.kind,
        "similarity": copy.similarity,
        "text": copy.b_span.text,
    }


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


# Collapsed mentions (copies, relays) listed per column of a claim page before the rest are only counted,
# and lines of the evidence trail shown: a claim of a 1,000-article story has hundreds of each.
FOLDED_SHOWN = 25
EVIDENCE_SHOWN = 120

# CSS class of each attribution role on the article page.
ROLE_CLASSES = {"source": "role-source", "cue": "role-cue", "content": "role-content"}


def article(store: Store, ident: str) -> dict:
    """An article's text with sources, cues and contents marked, and passages copied from or to it."""
    found = store.article(ident)
    attributions = [a for _, a in store.attributions(found)]
    copies = store.copies(found)
    marks = [
        Mark(span.start, span.end, css)
        for attribution in attributions
        for role, css in ROLE_CLASSES.items()
        for span in attribution.spans(role)
    ]
    shared = []
    for copy in copies:
        mine, other = (copy.a_span, copy.b) if copy.a == found.external_id else (copy.b_span, copy.a)
        is_copy = copy.b == found.external_id and copy.direction == "a->b"
        label = f"copied from {other}" if is_copy else f"shared with {other}"
        marks.append(Mark(mine.start, mine.end, "copied", copy_href(copy.a, copy.b), label))
        shared.append({**_copy_row(copy), "other": other, "other_href": article_href(other), "label": label})
    places = [p for _, p in store.facts("places", found)]
    return {
        "article": card(found),
        "meta": {key: getattr(found, key) for key in ("language", "version", "crawled", "ingested", "source_path")},
        "versions": [v.version for v in store.versions(found)],
        "segments": segments(found.text, marks),
        "attributions": [_attribution_row(a, attributions) for a in attributions],
        "copies": shared,
        "places": sorted(Counter(p.name for p in places).items()),
    }


def _attribution_row(attribution: Attribution, found: list[Attribution]) -> dict:
    chain, seen, link = [], set(), attribution
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        chain.insert(0, " and ".join(s.name for s in link.sources) or "?")
        link = found[link.parent] if link.parent is not None and 0 <= link.parent < len(found) else None
    return {
        "chain": chain,
        "cue": " … ".join(s.text for s in attribution.cue),
        "content": " … ".join(s.text for s in attribution.content),
        "cue_class": attribution.cue_class,
        "negated": attribution.negated,
        "hedges": list(attribution.hedges),
    }


def copy(store: Store, a: str, b: str) -> dict:
    """Two articles side by side, their shared passages aligned row by row."""
    left, right = store.article(a), store.article(b)
    passages = [c for c in store.copies(left) if {c.a, c.b} == {left.external_id, right.external_id}]
    if not passages:
        raise NotFound(f"no shared passages between {a!r} and {b!r}")
    rows = []
    for passage in sorted(passages, key=lambda c: c.a_span.start if c.a == left.external_id else c.b_span.start):
        mine, theirs = (
            (passage.a_span, passage.b_span) if passage.a == left.external_id else (passage.b_span, passage.a_span)
        )
        rows.append(
            {
                "left": _in_context(left.text, mine.start, mine.end),
                "right": _in_context(right.text, theirs.start, theirs.end),
                "similarity": passage.similarity,
                "direction": passage.direction,
                "origin": passage.a if passage.direction == "a->b" else None,
                "reason": passage.reason,
                "kind": passage.kind,
            }
        )
    return {"left": card(left), "right": card(right), "rows": rows}


def _in_context(text: str, start: int, end: int) -> dict:
    return {
        "before": text[max(0, start - CONTEXT_CHARS) : start],
        "passage": text[start:end],
        "after": text[end : end + CONTEXT_CHARS],
    }


def job(job_record) -> dict:
    """An ingest job's progress, for the progress page and its JSON twin."""
    return {"job": job_record, "running": job_record.state in ("queued", "running")}
