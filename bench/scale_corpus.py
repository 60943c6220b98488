"""Corpora of any size from real FNC-1 bodies, for the scale benches (link_scale.py, pipeline_scale.py).

The pool is the FNC-1 bodies that share no text (``reuse_synth.independent_bodies``,
about 540 of 1,683). Replica ``r`` of the pool swaps words through a replica-specific
bijection (:func:`replica_mapping`): the 20 most frequent words (function words) stay,
every other word is swapped with one of similar frequency rank, digits are permuted.
Word frequencies and function-word stock phrases stay realistic, while replicas of one
body share no sentence skeleton, so copies and stories do not grow with the size. With
``same_length`` each word is swapped with one of its own length, so character offsets
into a body (a stored analysis) hold in every replica.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable

# Words this frequent (function words: "the", "of", "said", about 30% of running text)
# are the same in every replica, so function-word stock phrases are shared corpus-wide,
# as in real news, and meet the index's document-frequency cap. Keeping more (50 keeps
# "apple", "watch") leaves replicas of one body similar enough to align as copies.
KEEP_TOP_WORDS = 20
# Every other word is swapped, per replica, with a word of similar frequency rank (a
# seeded permutation within bands of this many ranks): word frequencies stay realistic,
# while replicas of one body share no sentence skeleton, so copies do not grow with N.
# Digits are permuted per replica too ("$5,000" is not a shared anchor).
RANK_BAND = 100
WORD = re.compile(r"[^\W\d_]+|\d")


def ranked_words(texts: Iterable[str]) -> list[str]:
    """The case-folded words of ``texts``, most frequent first (digits left out)."""
    counts = Counter(w.casefold() for text in texts for w in WORD.findall(text) if not w.isdigit())
    return [w for w, _ in counts.most_common()]


def replica_mapping(ranked: list[str], replica: int, seed: int, *, same_length: bool = False) -> dict[str, str]:
    """Replica ``replica``'s word swap: a bijection keeping the top words, permuting the rest within rank bands
    (within words of one length too, with ``same_length``)."""
    rng = random.Random(f"{seed}:{replica}")
    mapping = {word: word for word in ranked[:KEEP_TOP_WORDS]}
    digits = list("0123456789")
    rng.shuffle(digits)
    mapping.update(zip("0123456789", digits, strict=True))
    groups: dict[int, list[str]] = {}
    for word in ranked[KEEP_TOP_WORDS:]:
        groups.setdefault(len(word) if same_length else 0, []).append(word)
    for _, words in sorted(groups.items()):
        for begin in range(0, len(words), RANK_BAND):
            band = words[begin : begin + RANK_BAND]
            shuffled = band[:]
            rng.shuffle(shuffled)
            mapping.update(zip(band, shuffled, strict=True))
    return mapping


def rewrite(text: str, mapping: dict[str, str]) -> str:
    """``text`` with each alphabetic word swapped through ``mapping``, keeping its capitalisation."""

    def swap(match: re.Match) -> str:
        word = match.group()
        new = mapping.get(word.casefold(), word)
        return new.capitalize() if word[:1].isupper() else new

    return WORD.sub(swap, text)


def replicas(bodies: list[str], size: int, seed: int, *, same_length: bool = False) -> list[str]:
    """``size`` texts: ``bodies`` in order, then again under replica 1's word swap, replica 2's, and so on."""
    ranked = ranked_words(bodies)
    texts: list[str] = []
    mapping: dict[str, str] = {}
    for n in range(size):
        body, replica = bodies[n % len(bodies)], n // len(bodies)
        if n % len(bodies) == 0:
            mapping = replica_mapping(ranked, replica, seed, same_length=same_length) if replica else {}
        texts.append(rewrite(body, mapping) if replica else body)
    return texts
