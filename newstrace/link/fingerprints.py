"""Winnowed k-gram fingerprints and the growing index that turns them into candidate pairs.

Winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for
document fingerprinting", SIGMOD 2003): hash every k-gram of normalised word
tokens, and in each window of ``w`` consecutive hashes keep the smallest
(rightmost on ties). Any passage two texts share of at least ``w + k - 1``
tokens is then guaranteed to give both the same fingerprint, while a text keeps
only about ``2 / (w + 1)`` of its k-grams. The caller states the domain knob,
the shortest passage worth reporting (``min_words``); :func:`winnow_params`
derives ``k`` and ``w`` from it.

:class:`CopyIndex` maps fingerprints to the articles holding them and grows
one article at a time. Its per-article cost stays flat as it grows: a hash
found in ``df_cap`` articles keeps only its first ``df_cap`` holders (a stock
phrase, or a widely reprinted passage whose earliest copies are the ones worth
finding), and a query returns at most ``max_candidates`` articles, most anchors first.
Its memory follows what it holds: :meth:`CopyIndex.remove` takes an article out
again (the link stage keeps a time window of articles, see ``window.py``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..models import Fingerprint

# "At least one sentence": the shortest shared passage reported, in words.
MIN_WORDS = 15
# k-gram length in tokens: 4-grams of news text are rarely shared by chance
# ("one of the" is a 3-gram), while shorter runs between two edits still match.
KGRAM = 4
# A posting list stops growing at this many articles (its first holders stay): looking a hash
# up must not cost more as the index grows.
DF_CAP = 50
# At most this many candidate articles per query, best anchored first.
MAX_CANDIDATES = 30
# A candidate needs at least this many shared fingerprints close together:
# a passage of min_words words with one changed word still shares two.
MIN_ANCHORS = 2
# Word tokens: letters and digits; punctuation and case are edits we ignore.
WORD = re.compile(r"\w+")
# Token lists kept between calls: a new article meets up to MAX_CANDIDATES others,
# and recent articles are the likely candidates of the next ones.
TOKEN_CACHE = 256
# Hashes stay below 2**63 so they fit an SQLite INTEGER.
HASH_MASK = (1 << 63) - 1


class Token(NamedTuple):
    """A normalised word and its character offsets in the text."""

    norm: str
    start: int
    end: int


class WinnowParams(NamedTuple):
    """Winnowing parameters: k-gram length, window, and the guaranteed match length ``k + w - 1``."""

    k: int
    w: int
    guarantee: int


class Candidate(NamedTuple):
    """An indexed article sharing fingerprints with the query, and how many."""

    key: str
    anchors: int


@functools.lru_cache(maxsize=TOKEN_CACHE)
def tokenize(text: str) -> tuple[Token, ...]:
    """Word tokens of ``text``, case-folded, with character offsets (cached: a text meets many others)."""
    return tuple(Token(m.group().casefold(), *m.span()) for m in WORD.finditer(text))


def winnow_params(min_words: int = MIN_WORDS) -> WinnowParams:
    """``k`` and ``w`` so that a ``min_words`` passage with one changed word is guaranteed a fingerprint.

    One changed word splits the passage into two untouched runs, the longer of
    at least ``(min_words - 1) // 2`` tokens; that is the guarantee ``w + k - 1``.
    """
    if not isinstance(min_words, int) or min_words < 5:
        raise ValueError(f"min_words must be an integer >= 5, got {min_words!r}")
    guarantee = (min_words - 1) // 2
    k = min(KGRAM, guarantee)
    return WinnowParams(k, guarantee - k + 1, guarantee)


def stable_hash(gram: str) -> int:
    """A 63-bit hash that is the same in every process (Python's ``hash`` is salted)."""
    return int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest(), "big") & HASH_MASK


def fingerprints(text: str, *, min_words: int = MIN_WORDS, tokens: Sequence[Token] | None = None) -> list[Fingerprint]:
    """Winnowed k-gram fingerprints of ``text`` in text order (Schleimer et al. 2003, robust winnowing).

    ``tokens`` may pass :func:`tokenize`'s result when the caller has it. A text
    shorter than one window still gets its smallest k-gram hash.
    """
    k, w, _ = winnow_params(min_words)
    tokens = tokenize(text) if tokens is None else tokens
    norms = [t.norm for t in tokens]
    hashes = [stable_hash(" ".join(norms[i : i + k])) for i in range(len(norms) - k + 1)]
    chosen: list[int] = []
    for left in range(max(1, len(hashes) - w + 1)):
        window = hashes[left : left + w]
        if not window:
            break
        pick = left + len(window) - 1 - window[::-1].index(min(window))  # the rightmost smallest
        if not chosen or chosen[-1] != pick:
            chosen.append(pick)
    return [Fingerprint(hashes[i], tokens[i].start, tokens[i + k - 1].end, i) for i in chosen]


def _anchored(positions: Iterable[int], max_gap: int) -> int:
    """Largest number of distinct shared fingerprint positions lying close together (0 if below MIN_ANCHORS)."""
    best = 0
    ordered = sorted(set(positions))
    first = 0
    for i in range(1, len(ordered) + 1):
        if i == len(ordered) or ordered[i] - ordered[i - 1] > max_gap:
            best = max(best, i - first)
            first = i
    return best if best >= MIN_ANCHORS else 0


class CopyIndex:
    """Fingerprint hash -> articles holding it; grows with :meth:`add`, queried with :meth:`candidates`.

    Parameters are stored as given; the learned state (``first_``, ``postings_``, ``keys_``)
    carries a trailing underscore. To persist it, store each article's
    fingerprints and replay :meth:`add` in the original order. :meth:`remove` takes an
    article out, so an index kept over a sliding window of articles stays that size.
    """

    def __init__(self, *, min_words: int = MIN_WORDS, df_cap: int = DF_CAP, max_candidates: int = MAX_CANDIDATES):
        for name, value in (("df_cap", df_cap), ("max_candidates", max_candidates)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        self.params = winnow_params(min_words)
        self.min_words = min_words
        self.df_cap = df_cap
        self.max_candidates = max_candidates
        # Most hashes are held by one article, kept as hash -> its number: a dict of ints
        # only, which the garbage collector never walks (with 29M hashes at 100k articles,
        # every full collection walking it made the cost per article grow with the index).
        # Hashes held by two or more articles have their list in ``postings_``.
        self.first_: dict[int, int] = {}
        self.postings_: dict[int, list[int]] = {}
        self.keys_: dict[int, str] = {}  # article number -> key, for the articles held
        self._ids: dict[str, int] = {}
        self._hashes: dict[int, array] = {}  # article number -> its distinct hashes, to remove it (8 bytes each)
        self._next = 0

    def __len__(self) -> int:
        return len(self.keys_)

    def __contains__(self, key: object) -> bool:
        return key in self._ids

    def add(self, key: str, prints: Iterable[Fingerprint]) -> None:
        """Index one article's fingerprints under ``key`` (an external id); each key once."""
        if key in self._ids:
            raise ValueError(f"key {key!r} is already indexed; each article is added once")
        doc = self._ids[key] = self._next
        self._next += 1
        self.keys_[doc] = key
        first, postings = self.first_, self.postings_
        hashes = self._hashes[doc] = array("q", {fp.hash for fp in prints})
        for value in hashes:
            held = postings.get(value)
            if held is not None:
                if len(held) < self.df_cap:
                    held.append(doc)
            elif value not in first:
                first[value] = doc
            elif self.df_cap > 1:
                postings[value] = [first[value], doc]

    def remove(self, key: str) -> None:
        """Take article ``key`` out of the index: it is no candidate any more, and its memory is freed.

        A capped posting list that loses a holder takes the next article holding its hash
        (the articles that came while it was full are not recorded, so not found).
        """
        doc = self._ids.pop(key, None)
        if doc is None:
            raise KeyError(f"key {key!r} is not indexed")
        del self.keys_[doc]
        first, postings = self.first_, self.postings_
        for value in self._hashes.pop(doc):
            held = postings.get(value)
            if held is None:
                if first.get(value) == doc:
                    del first[value]
            elif doc in held:
                held.remove(doc)
                if len(held) == 1:  # back to a bare int, as add keeps a single holder
                    first[value] = held[0]
                    del postings[value]

    def posting(self, value: int) -> tuple[int, ...]:
        """The indexed articles (numbers in order of :meth:`add`) holding fingerprint hash ``value``."""
        held = self.postings_.get(value)
        if held is not None:
            return tuple(held)
        return (self.first_[value],) if value in self.first_ else ()

    def candidates(self, prints: Iterable[Fingerprint], *, exclude: str | None = None) -> list[Candidate]:
        """Indexed articles sharing a passage-like run of fingerprints with ``prints``, most anchors first.

        A run counts when at least ``MIN_ANCHORS`` shared fingerprints lie close
        together. A hash whose posting list reached ``df_cap`` (a stock phrase, or a
        passage copied that often) answers with its first ``df_cap`` holders, whose
        list stays frozen: a query costs no more as the index grows, and a wire
        story's hundredth reprint still finds the earliest copies, its origin among them.
        """
        k, w, _ = self.params
        # Neighbouring fingerprints of one passage lie at most w apart, plus an edit's k.
        max_gap = 2 * w + k
        skip = self._ids.get(exclude) if exclude is not None else None
        hits: dict[int, list[int]] = defaultdict(list)
        for fp in prints:
            held = self.postings_.get(fp.hash)
            if held is None:
                doc = self.first_.get(fp.hash)
                if doc is not None and doc != skip:
                    hits[doc].append(fp.token)
            else:  # a full list keeps its first df_cap holders: a wire story's 51st reprint still meets them
                for doc in held:
                    if doc != skip:
                        hits[doc].append(fp.token)
        scored = [(anchors, doc) for doc, where in hits.items() if (anchors := _anchored(where, max_gap))]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [Candidate(self.keys_[doc], anchors) for anchors, doc in scored[: self.max_candidates]]
