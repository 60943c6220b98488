"""Character-exact alignment of the passages two texts share, tolerant of newsroom edits.

Seed and extend, as in plagiarism detectors: every word trigram the texts share
is a seed; seeds on one diagonal extend into maximal exact runs, which are
tiled greedily longest first so no token is used twice (Wise's Greedy String
Tiling, 1993). Runs close together in both texts then merge into one passage,
whatever their order in the copy: a changed word or punctuation leaves a gap of
a token or two on both sides, a dropped clause a longer gap on one side, and
re-ordered sentences swap their runs. A passage is kept when it is at least
``min_words`` words long on both sides and its similarity reaches
``min_similarity``; token offsets map back to character offsets in each text.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz.distance import Indel

from ..models import TextSpan
from .fingerprints import MIN_WORDS, Token, tokenize

# "How similar is copied": the aligned texts' similarity (1.0 verbatim, about
# 0.75 when a clause a third of the passage's length was dropped).
MIN_SIMILARITY = 0.7
# Seed length in tokens: a trigram still matches between two changed words.
SEED = 3
# A seed occurring more often than this in one text is a stock phrase, not an anchor.
MAX_SEED_REPEATS = 8
# A changed word or phrase: a gap of at most this many tokens on both sides.
MAX_CHANGED = 4
# A dropped or inserted clause: a gap of at most this many tokens on one side.
MAX_DROPPED = 15
# Sentence-final punctuation and closing quotes that belong to a passage's last word.
TAIL = re.compile(r"[.!?;:,]?[\"”’)\]]?")


class Alignment(NamedTuple):
    """One shared passage: its span in each text and their similarity in [0, 1]."""

    a_span: TextSpan
    b_span: TextSpan
    similarity: float


class _Run(NamedTuple):
    """An exact run of tokens: a[a0:a1] == b[b0:b1]."""

    a0: int
    a1: int
    b0: int
    b1: int


def align(
    a_text: str,
    b_text: str,
    *,
    min_words: int = MIN_WORDS,
    min_similarity: float = MIN_SIMILARITY,
    a_tokens: Sequence[Token] | None = None,
    b_tokens: Sequence[Token] | None = None,
) -> list[Alignment]:
    """Passages ``a_text`` and ``b_text`` share, in ``a_text`` order.

    ``a_tokens``/``b_tokens`` may pass :func:`tokenize` results the caller
    already has. Raises ``ValueError`` for a ``min_words`` below 1 or a
    ``min_similarity`` outside (0, 1].
    """
    if not isinstance(min_words, int) or min_words < 1:
        raise ValueError(f"min_words must be a positive integer, got {min_words!r}")
    if not 0 < min_similarity <= 1:
        raise ValueError(f"min_similarity must be in (0, 1], got {min_similarity!r}")
    ta = tokenize(a_text) if a_tokens is None else a_tokens
    tb = tokenize(b_text) if b_tokens is None else b_tokens
    runs = _tile(_runs(ta, tb))
    found: list[Alignment] = []
    for group in _group(runs, MAX_CHANGED, MAX_DROPPED):
        passage = _passage(group, ta, tb, a_text, b_text, min_words, min_similarity)
        if passage is None:  # too loose a merge: try its tightly joined parts on their own
            tight = _group(group, MAX_CHANGED, MAX_CHANGED)
            parts = [_passage(g, ta, tb, a_text, b_text, min_words, min_similarity) for g in tight]
            found += [p for p in parts if p is not None]
        else:
            found.append(passage)
    return sorted(found, key=lambda p: p.a_span.start)


def _runs(ta: Sequence[Token], tb: Sequence[Token]) -> list[_Run]:
    """Maximal exact token runs of at least ``SEED`` tokens shared by the two sequences."""
    norms_a, norms_b = [t.norm for t in ta], [t.norm for t in tb]
    grams_a = list(zip(*(norms_a[n:] for n in range(SEED)), strict=False))
    grams_b = list(zip(*(norms_b[n:] for n in range(SEED)), strict=False))
    shared = set(grams_a).intersection(grams_b)
    where: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, gram in enumerate(grams_a):
        if gram in shared:
            where[gram].append(i)
    start_of: dict[tuple[int, int], tuple[int, int]] = {}
    last_of: dict[tuple[int, int], tuple[int, int]] = {}
    for j, gram in enumerate(grams_b):
        if gram not in shared or len(seen := where[gram]) > MAX_SEED_REPEATS:
            continue
        for i in seen:
            start = start_of.pop((i - 1, j - 1), (i, j))
            start_of[(i, j)] = start
            last_of[start] = (i, j)
    return [_Run(i0, i1 + SEED, j0, j1 + SEED) for (i0, j0), (i1, j1) in last_of.items()]


def _tile(runs: list[_Run]) -> list[_Run]:
    """Greedy String Tiling: take runs longest first, trimming off tokens already used on either side."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    kept: list[_Run] = []
    for run in sorted(runs, key=lambda r: (r.a0 - r.a1, r.a0, r.b0)):
        free = [n for n in range(run.a1 - run.a0) if run.a0 + n not in used_a and run.b0 + n not in used_b]
        if len(free) < SEED:
            continue
        # Keep the longest stretch of consecutive free offsets.
        best_from, best_len, here_from = free[0], 1, free[0]
        for prev, n in itertools.pairwise(free):
            if n != prev + 1:
                here_from = n
            if n - here_from + 1 > best_len:
                best_from, best_len = here_from, n - here_from + 1
        if best_len < SEED:
            continue
        piece = _Run(
            run.a0 + best_from, run.a0 + best_from + best_len, run.b0 + best_from, run.b0 + best_from + best_len
        )
        used_a.update(range(piece.a0, piece.a1))
        used_b.update(range(piece.b0, piece.b1))
        kept.append(piece)
    return kept


def _gap(x0: int, x1: int, y0: int, y1: int) -> int:
    """Tokens between two intervals; 0 when they touch or overlap."""
    return max(0, max(x0, y0) - min(x1, y1))


def _group(runs: Sequence[_Run], small: int, large: int) -> list[list[_Run]]:
    """Runs joined when their hulls lie close in both texts: one gap <= ``small``, the other <= ``large``.

    Sweeps in text-a order, comparing each group only with the groups still
    within ``large`` tokens behind it; repeats until no sweep merges anything
    (a grown hull can reach a group it could not reach before).
    """
    groups = [[run] for run in runs]
    while True:
        swept = _sweep(groups, small, large)
        if len(swept) == len(groups):
            return swept
        groups = swept


def _hull(group: Sequence[_Run]) -> _Run:
    return _Run(min(r.a0 for r in group), max(r.a1 for r in group), min(r.b0 for r in group), max(r.b1 for r in group))


def _sweep(groups: list[list[_Run]], small: int, large: int) -> list[list[_Run]]:
    """One pass: each group joins the first earlier group close enough to it."""
    out: list[list[_Run]] = []
    hulls: list[_Run] = []
    active: list[int] = []
    for group in sorted(groups, key=lambda g: _hull(g)[:1]):
        here = _hull(group)
        active = [k for k in active if hulls[k].a1 >= here.a0 - large]
        for k in active:
            there = hulls[k]
            gaps = sorted((_gap(here.a0, here.a1, there.a0, there.a1), _gap(here.b0, here.b1, there.b0, there.b1)))
            if gaps[0] <= small and gaps[1] <= large:
                out[k] += group
                hulls[k] = _hull((here, there))
                break
        else:
            active.append(len(out))
            out.append(list(group))
            hulls.append(here)
    return out


def _passage(
    group: Sequence[_Run],
    ta: Sequence[Token],
    tb: Sequence[Token],
    a_text: str,
    b_text: str,
    min_words: int,
    min_similarity: float,
) -> Alignment | None:
    """The group as an :class:`Alignment`, or None when it is too short or too loosely similar."""
    a0, a1 = min(r.a0 for r in group), max(r.a1 for r in group)
    b0, b1 = min(r.b0 for r in group), max(r.b1 for r in group)
    matched = sum(r.a1 - r.a0 for r in group)
    if any(r.a1 == a1 and r.b1 == b1 for r in group):  # the passage ends in step in both texts
        a1, b1, more = _extend(ta, tb, a1, b1, 1)
        matched += more
    if any(r.a0 == a0 and r.b0 == b0 for r in group):
        a0, b0, more = _extend(ta, tb, a0 - 1, b0 - 1, -1)
        a0, b0, matched = a0 + 1, b0 + 1, matched + more
    if min(a1 - a0, b1 - b0) < min_words or matched < math.ceil(min_words * min_similarity):
        return None
    a_span = _span(a_text, ta[a0].start, ta[a1 - 1].end)
    b_span = _span(b_text, tb[b0].start, tb[b1 - 1].end)
    similarity = _similarity(group, ta, a_text, a_span, b_span)
    if similarity < min_similarity:
        return None
    return Alignment(a_span, b_span, round(similarity, 4))


def _extend(ta: Sequence[Token], tb: Sequence[Token], i: int, j: int, step: int) -> tuple[int, int, int]:
    """Walk from ``ta[i]``/``tb[j]`` outwards over equal tokens and single changed words; also count matches.

    Seeds are trigrams, so a run stops short of a changed word one or two tokens
    from a passage's end ("... for release of [missing] schoolgirls"); this
    takes those tail words back. A changed word is only crossed when the word
    after it matches again.
    """
    matched = 0

    def same(x: int, y: int) -> bool:
        return 0 <= x < len(ta) and 0 <= y < len(tb) and ta[x].norm == tb[y].norm

    while True:
        if same(i, j):
            i, j, matched = i + step, j + step, matched + 1
        elif same(i + step, j + step):
            i, j, matched = i + 2 * step, j + 2 * step, matched + 1
        else:
            return i, j, matched


def _span(text: str, start: int, end: int) -> TextSpan:
    """The span from ``start`` to ``end``, taking in the sentence-final punctuation after it."""
    end = TAIL.match(text, end).end()
    return TextSpan(start, end, text[start:end])


def _similarity(group: Sequence[_Run], ta: Sequence[Token], a_text: str, a_span: TextSpan, b_span: TextSpan) -> float:
    """Indel similarity of the two spans' texts, after putting a's pieces in b's order (undoes re-ordering).

    Case and white space are folded first: they are not edits worth counting.
    """
    by_a = sorted(group)
    cuts = [a_span.start] + [ta[r.a0].start for r in by_a[1:]] + [a_span.end]
    pieces = sorted(zip((r.b0 for r in by_a), (a_text[s:e] for s, e in itertools.pairwise(cuts)), strict=True))
    reordered = " ".join(piece for _, piece in pieces)
    return Indel.normalized_similarity(_fold(reordered), _fold(b_span.text))


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())
