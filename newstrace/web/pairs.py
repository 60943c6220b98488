"""Copied passages gathered per article pair, and the pairs that only share what both copied from one source.

Two outlets that both ran the same wire story share its passages with each
other too; they are siblings, not a copy of each other. A passage two articles
share is *explained* by a third article when each of the two took that
passage from it (a passage with a known direction, from the third, covering
at least ``COVERED`` of the shared passage on that side). A pair whose every
passage is explained is drawn as siblings under their common sources, never
as an arrow between them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..models import CopiedPassage, TextSpan

# Share of a passage that a copy from a common source must cover on each side for that source to explain it.
COVERED = 0.5


@dataclass(frozen=True)
class ArticlePair:
    """The passages two articles share: ``a`` is the origin when ``direction`` is "a->b".

    ``passages`` counts them, ``similarity`` is the highest, ``share`` the
    copy's share of its text taken from the other; ``common`` names the
    articles both took the shared passages from (siblings when ``explained``
    equals ``passages``).
    """

    a: str
    b: str
    passages: int
    similarity: float
    share: float
    direction: str
    reason: str
    kind: str
    explained: int = 0
    common: tuple[str, ...] = ()

    @property
    def siblings(self) -> bool:
        return bool(self.common) and self.explained == self.passages


def _covers(outer: TextSpan, inner: TextSpan) -> bool:
    overlap = min(outer.end, inner.end) - max(outer.start, inner.start)
    return overlap > 0 and overlap >= COVERED * (inner.end - inner.start)


def common_sources(passage: CopiedPassage, taken: dict[str, list[tuple[str, TextSpan]]]) -> set[str]:
    """Articles that both sides of ``passage`` copied it from; ``taken`` maps an article to the
    ``(origin, span in the article)`` of every passage it copied with a known direction."""
    left = {origin for origin, span in taken.get(passage.a, ()) if _covers(span, passage.a_span)}
    right = {origin for origin, span in taken.get(passage.b, ()) if _covers(span, passage.b_span)}
    return (left & right) - {passage.a, passage.b}


def article_pairs(passages: list[CopiedPassage]) -> list[ArticlePair]:
    """One :class:`ArticlePair` per pair of articles sharing ``passages``, in the order of each pair's first
    passage (:meth:`Store.copies` lists the largest share first)."""
    taken: dict[str, list[tuple[str, TextSpan]]] = defaultdict(list)
    for p in passages:
        if p.direction == "a->b":
            taken[p.b].append((p.a, p.b_span))
    grouped: dict[frozenset, list[CopiedPassage]] = {}
    for p in passages:
        grouped.setdefault(frozenset((p.a, p.b)), []).append(p)
    pairs = []
    for members in grouped.values():
        directed = [p for p in members if p.direction == "a->b"]
        lead = directed[0] if directed else members[0]
        explained, common = 0, set()
        for p in members:
            sources = common_sources(p, taken)
            explained += bool(sources)
            common |= sources
        pairs.append(
            ArticlePair(
                a=lead.a,
                b=lead.b,
                passages=len(members),
                similarity=max(p.similarity for p in members),
                share=max(p.b_share if p.b == lead.b else p.a_share for p in members),
                direction=lead.direction,
                reason=lead.reason,
                kind="copy" if any(p.kind == "copy" for p in members) else lead.kind,
                explained=explained,
                common=tuple(sorted(common)),
            )
        )
    return pairs


def outlet_flows(
    pairs: list[ArticlePair], outlet: dict[str, str | None]
) -> list[tuple[str | None, str | None, str, int]]:
    """Passages per (origin outlet, copying outlet, direction) for the graph, passages explained by a
    common source left out (they are drawn from that source)."""
    flows: dict[tuple, int] = defaultdict(int)
    for pair in pairs:
        own = pair.passages - pair.explained
        if own:
            flows[(outlet.get(pair.a), outlet.get(pair.b), pair.direction)] += own
    return [(*key, n) for key, n in flows.items()]
