"""One function per page: each gathers the page's context dict from Store calls (the claim and check pages
are in :mod:`.claim_views`).

No SQL and no NLP here: records come from :class:`~newstrace.store.Store` and
are passed on; :mod:`.timeline`, :mod:`.graph`, :mod:`.map`, :mod:`.pairs`, :mod:`.diff`
and :mod:`.markup` only lay them out. The same dict
is rendered as a template or, for a ``.json`` URL, as JSON (datasette style).
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from urllib.parse import urlencode

from ..errors import NotFound
from ..models import Article, Attribution, Claim, CopiedPassage, article_label
from ..store import Store, utc_sort_key
from .diff import word_diff
from .graph import UNKNOWN_OUTLET, provenance
from .map import world_map_counts
from .markup import Mark, safe_url, segments
from .pairs import ArticlePair, article_pairs, common_sources, outlet_flows
from .timeline import timeline

# Search results shown on the home page.
SEARCH_LIMIT = 50
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

    Articles, claims and copying article pairs are paged (``PER_PAGE`` each,
    page numbers in ``pages`` under the list's name, 1 by default); ``paging``
    gives each list's total and the URLs (on ``path``) of its previous and
    next pages, for the HTML page and its JSON twin alike. Articles and claims
    are counted in SQL; copies by :func:`story_digest`.
    """
    pages = _page_numbers(pages or {})
    found = store.story(story_id)
    digest = story_digest(store, story_id)
    pairs = digest["pairs"]
    totals = store.story_totals(story_id) | {"copies": sum(p.passages for p in pairs), "copy_pairs": len(pairs)}
    offset = {name: (number - 1) * PER_PAGE for name, number in pages.items()}
    articles = store.story_articles(story_id, limit=PER_PAGE, offset=offset["articles"])
    claims = store.story_claims(story_id, limit=PER_PAGE, offset=offset["claims"])
    sizes = {"articles": totals["articles"], "claims": totals["claims"], "copies": len(pairs)}
    return {
        "story": found,
        "totals": totals,
        "articles": [card(a) for a in articles],
        "claims": [_claim_row(claim, mentions) for claim, mentions in claims],
        "copies": [_pair_row(p, digest["names"]) for p in pairs[offset["copies"] : offset["copies"] + PER_PAGE]],
        "copies_total": totals["copies"],
        "paging": {name: _pager(path, pages, name, total) for name, total in sizes.items()},
        "timeline": digest["timeline"],
        "graph": digest["graph"],
        "map": world_map_counts(store.story_places(story_id)),
        "sources": store.story_entities(story_id),
    }


_digests: OrderedDict[tuple[str, int], tuple[tuple, dict]] = OrderedDict()
_digests_lock = threading.Lock()


def story_digest(store: Store, story_id: int) -> dict:
    """What a story page derives from all of a story's copies, members and claim mentions: its copying
    article pairs (largest share first), each article's name, the timeline and the provenance graph.

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
    publications = store.story_publications(story_id)
    outlets = {p["external_id"]: p["outlet"] for p in publications}
    pairs = article_pairs(store.copies(story=story_id))
    chains, origins = store.story_chains(story_id)
    first_seen: dict[str, str] = {}
    for p in publications:
        when = utc_sort_key(p["published"]) or "~"  # undated last
        first_seen[p["outlet"] or ""] = min(when, first_seen.get(p["outlet"] or "", "~"))
    unnamed = [p for p in publications if not p["outlet"]]
    digest = {
        "pairs": pairs,
        "names": {p["external_id"]: p["outlet"] or article_label(p["title"]) for p in publications},
        "timeline": timeline(publications, article_href),
        "graph": provenance(
            outlet_flows(pairs, outlets),
            chains,
            origins,
            first_seen,
            article_label(unnamed[0]["title"]) if len(unnamed) == 1 else UNKNOWN_OUTLET,
        ),
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


def _pair_row(pair: ArticlePair, names: dict[str, str]) -> dict:
    """One row of the story's copies: two articles, their passages counted, and the sources both copied."""
    return {
        "a": pair.a,
        "b": pair.b,
        "a_name": names.get(pair.a, pair.a),
        "b_name": names.get(pair.b, pair.b),
        "href": copy_href(pair.a, pair.b),
        "passages": pair.passages,
        "direction": pair.direction,
        "reason": pair.reason,
        "kind": pair.kind,
        "similarity": pair.similarity,
        "share": pair.share,
        "siblings": pair.siblings,
        "common": [names.get(c, c) for c in pair.common],
    }


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
    names = {}
    for other in {c.a for c in copies} | {c.b for c in copies}:
        names[other] = _name(store.article(other)) if other != found.external_id else _name(found)
    shared = []
    for copy in copies:
        mine, other = (copy.a_span, copy.b) if copy.a == found.external_id else (copy.b_span, copy.a)
        is_copy = copy.b == found.external_id and copy.direction == "a->b"
        is_origin = copy.a == found.external_id and copy.direction == "a->b"
        verb = "copied from" if is_copy else "copied by" if is_origin else "shared with"
        label = f"{verb} {names[other]}"
        marks.append(Mark(mine.start, mine.end, "copied", copy_href(copy.a, copy.b), label))
        row = _copy_row(copy, names) | {"other": other, "other_name": names[other], "other_href": article_href(other)}
        shared.append(row | {"label": label})
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


def _name(article: Article) -> str:
    """How a page names an article beside another: its outlet and title."""
    return f"{article.outlet}: {article_label(article.title)}" if article.outlet else article_label(article.title)


def copy(store: Store, a: str, b: str) -> dict:
    """Two articles side by side, their shared passages aligned row by row, the words that differ marked, and the
    articles both took them from (the two are then siblings, not a copy of each other)."""
    left, right = store.article(a), store.article(b)
    copies = store.copies(left)
    passages = [c for c in copies if {c.a, c.b} == {left.external_id, right.external_id}]
    if not passages:
        raise NotFound(f"no shared passages between {a!r} and {b!r}")
    taken: dict[str, list] = {}
    for c in [*copies, *store.copies(right)]:
        if c.direction == "a->b":
            taken.setdefault(c.b, []).append((c.a, c.b_span))
    names = {left.external_id: _name(left), right.external_id: _name(right)}
    rows = []
    for passage in sorted(passages, key=lambda c: c.a_span.start if c.a == left.external_id else c.b_span.start):
        mine, theirs = (
            (passage.a_span, passage.b_span) if passage.a == left.external_id else (passage.b_span, passage.a_span)
        )
        ours, other = word_diff(left.text[mine.start : mine.end], right.text[theirs.start : theirs.end])
        common = sorted(common_sources(passage, taken))
        for source in common:
            names.setdefault(source, _name(store.article(source)))
        rows.append(
            {
                "left": _in_context(left.text, mine.start, mine.end) | {"pieces": ours},
                "right": _in_context(right.text, theirs.start, theirs.end) | {"pieces": other},
                "similarity": passage.similarity,
                "direction": passage.direction,
                "origin": passage.a if passage.direction == "a->b" else None,
                "origin_name": names[passage.a] if passage.direction == "a->b" else None,
                "common": [{"id": c, "name": names[c], "href": article_href(c)} for c in common],
                "reason": passage.reason,
                "kind": passage.kind,
                "changed_words": sum(len(p.text.split()) for p in ours + other if p.changed),
            }
        )
    return {
        "left": card(left) | {"name": names[left.external_id]},
        "right": card(right) | {"name": names[right.external_id]},
        "rows": rows,
    }


def _in_context(text: str, start: int, end: int) -> dict:
    return {
        "before": text[max(0, start - CONTEXT_CHARS) : start],
        "passage": text[start:end],
        "after": text[end : end + CONTEXT_CHARS],
    }


def job(job_record) -> dict:
    """An ingest job's progress, for the progress page and its JSON twin."""
    return {"job": job_record, "running": job_record.state in ("queued", "running")}
