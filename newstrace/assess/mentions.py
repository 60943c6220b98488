"""Mentions: an article that addresses a claim without stating it, denying it or doubting it.

"The catch is the biggest wels catfish ever landed with a rod and line"
against "Believed to be one of the largest of its kind ever caught": the
article speaks of the record and places the catch near it, but does not say
it holds it, nor that it does not. A fact-checker lists such an article as
mentioning the claim, neither for nor against it.
"""

from __future__ import annotations

import re

from .judge import Judged
from .passages import Claimed

# Words ending in -est that are no superlatives.
NOT_SUPERLATIVE = {
    "honest", "modest", "interest", "forest", "west", "test", "rest", "guest", "quest", "nest", "chest", "protest",
    "request", "arrest", "contest", "harvest", "digest", "suggest", "invest", "manifest", "priest", "pest", "vest",
    "zest", "crest", "earnest", "conquest", "inquest", "behest", "unrest",
}  # fmt: skip
# A superlative: "the oldest", "the most powerful", "the world's largest".
SUPERLATIVE = re.compile(
    r"\b(?:the|its|their|[\w’']+['’]s)\s+(?:(?:most|least)\s+\w+|(?P<est>\w{3,}est)|best|worst)\b", re.I
)
# Placing something among the superlative's holders: "one of the oldest", "among the largest".
ONE_OF = re.compile(
    r"\b(?:one of|among)\s+(?:the|its|their|[\w’']+['’]s)\s+(?:(?:most|least)\s+\w+|\w{3,}est|best|worst)\b", re.I
)


def superlative(text: str) -> bool:
    """Does the text say something is the most or least of its kind (not "one of" them)?"""
    without = ONE_OF.sub(" ", text)
    return any(
        m.group("est") is None or m.group("est").casefold() not in NOT_SUPERLATIVE
        for m in SUPERLATIVE.finditer(without)
    )


def placed_among(judged: Judged, claim: Claimed) -> Judged | None:
    """The article's mention of a claim that something is the most of its kind, when each of its sentences
    stating the claim only places it among the most ("one of the oldest time capsules in the state"); None
    otherwise."""
    if judged.stance not in ("supports", "unconfirmed") or not superlative(claim.text) or ONE_OF.search(claim.text):
        return None
    stating = [s.sentence for s, stance in judged.stating if stance != "denies" and s.span.end > 0]
    said = stating or [span for span in judged.evidence[:1] if span.end > 0]
    if not said or not all(ONE_OF.search(span.text) and not superlative(span.text) for span in said):
        return None
    neutral = [(s, "mentions" if stance != "denies" else stance) for s, stance in judged.stating]
    return Judged(judged.article, "mentions", neutral, [said[0]])  # nothing it says counts for or against
