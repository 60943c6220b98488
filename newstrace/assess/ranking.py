"""Ranking: a story's claims ordered as a fact-checker lists them, most check-worthy first.

Check-worthy (after ClaimBuster and Full Fact's claim detection, see
REFERENCES.md) means stated by many articles and independent origins, in
headlines and leads, contested, and specific: numbers, named actors, events.
Fragments ("To comment on intelligence matters"), bare noun phrases,
questions, colour quotes ("we are heartbroken"), sentences about the
reporting and background go below.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..models import Claim
from .statements import META_STATEMENT, REPORTING_PROCESS, Statement
from .words import content_words

# Weights of a claim's features in its score (see claim_score). Chosen by hand on the examples and the FNC-1
# tuning stories (bench/check_fnc1.py reports discovery with them).
WEIGHTS = {
    "articles": 1.0,  # log(1 + articles stating it)
    "origins": 0.6,  # independent origins on any side
    "headline": 0.8,  # a headline states it
    "lead": 0.5,  # share of its articles stating it in their first two sentences
    "contested": 0.8,  # origins dispute it, or another claim contradicts it
    "specific": 0.3,  # per kind of specific detail: a count, a name, a place
    "fragment": -1.5,  # a bare noun phrase, an infinitive, a clause cut loose
    "question": -1.0,
    "colour": -0.8,  # first or second person, feelings: a quote for colour
    "reporting": -1.2,  # about the reporting, not the event
    "background": -0.5,  # share of its statements in the last third of their articles
}
# Fewest content words of a claim that says something checkable.
MIN_CHECKABLE_WORDS = 4
# Words that make a statement first or second person: a speaker's feelings or plans, rarely a checkable fact.
PERSONAL = re.compile(r"\b(I|I'm|I've|we|we're|we've|our|us|my|me|you|your)\b", re.IGNORECASE)
# A verb form that makes a clause ("was", "has", "said", "crashed", "will"); its absence marks a noun phrase.
FINITE = re.compile(
    r"\b(is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|should|shall|does|did|do"
    r"|[a-z]{3,}ed|[a-z]{2,}s)\b"
)
# Openings of fragments: an infinitive or a clause the parser cut loose.
FRAGMENT_OPENING = re.compile(r"\W*(to|and|but|or|because|as|while|when|after|before|since|which|who|that)\b", re.I)


@dataclass(frozen=True)
class ClaimFeatures:
    """What the ranking reads of a claim (see WEIGHTS)."""

    articles: int
    origins: int
    headline: bool
    lead: float
    contested: bool
    specific: int
    fragment: bool
    question: bool
    colour: bool
    reporting: bool
    background: float


def claim_features(claim: Claim, statements: list[Statement], articles: int | None = None) -> ClaimFeatures:
    """The features of ``claim`` from its ``statements`` (those that state it) and counts; ``articles`` overrides
    the number of articles stating it (when every article was judged on it)."""
    body = [s for s in statements if s.span.end > 0]
    stated_in = {s.article.external_id for s in statements}
    leads = {s.article.external_id for s in body if s.sentence_index <= 1}
    late = [s for s in body if s.span.start > 0.67 * max(1, len(s.article.text))]
    text = claim.text
    terms = {t for s in statements for t in s.terms}
    return ClaimFeatures(
        articles=articles if articles is not None else len(stated_in),
        origins=claim.supporting + claim.disputing + claim.unconfirmed,
        headline=any(s.span.end == 0 for s in statements),
        lead=len(leads) / max(1, len(stated_in)),
        contested=bool(claim.disputing or claim.conflicts),
        specific=sum(
            (
                any(t.startswith("#") for t in terms),
                any(t.startswith("@") for t in terms),
                bool(re.search(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]+", text)),
            )
        ),
        fragment=is_fragment(text),
        question=text.rstrip().endswith("?"),
        colour=bool(PERSONAL.search(text)),
        reporting=bool(META_STATEMENT.search(text) or REPORTING_PROCESS.search(text)),
        background=len(late) / max(1, len(body)),
    )


def claim_score(features: ClaimFeatures) -> float:
    """A claim's check-worthiness: the weighted sum of its features (see WEIGHTS)."""
    return (
        WEIGHTS["articles"] * math.log1p(features.articles)
        + WEIGHTS["origins"] * math.log1p(features.origins)
        + WEIGHTS["headline"] * features.headline
        + WEIGHTS["lead"] * features.lead
        + WEIGHTS["contested"] * features.contested
        + WEIGHTS["specific"] * features.specific
        + WEIGHTS["fragment"] * features.fragment
        + WEIGHTS["question"] * features.question
        + WEIGHTS["colour"] * features.colour
        + WEIGHTS["reporting"] * features.reporting
        + WEIGHTS["background"] * features.background
    )


def rank_claims(claims: list[Claim], scores: dict[int, float]) -> None:
    """Number the claims 1, 2, ... by falling score (ties by id), in place."""
    for rank, claim in enumerate(sorted(claims, key=lambda c: (-scores[c.id], c.id)), start=1):
        claim.rank = rank


def is_fragment(text: str) -> bool:
    """A bare noun phrase, an infinitive or a clause cut loose, or too few words to check."""
    return (
        len(content_words(text)) < MIN_CHECKABLE_WORDS
        or bool(FRAGMENT_OPENING.match(text))
        or not FINITE.search(text.replace("’", "'"))
    )
