"""Ranking: a story's claims ordered as a fact-checker lists them, most check-worthy first.

Check-worthy (after ClaimBuster and Full Fact's claim detection, see
REFERENCES.md) means stated or echoed by many articles (see
echoing_articles) and independent origins, in headlines and leads,
contested, and specific: numbers, named actors, events. Fragments ("To
comment on intelligence matters"), bare noun phrases, questions and
conditionals, sentences leaning on a pronoun ("She was drawn to ..."), colour
quotes ("we are heartbroken"), sentences about the reporting and background
go below.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..models import Claim
from .passages import Passage
from .statements import META_STATEMENT, REPORTING_PROCESS, Statement
from .words import REFERRING_PRONOUNS, content_words

# Weights of a claim's features in its score (see claim_score). Chosen by hand on the examples and the FNC-1
# tuning stories (bench/check_fnc1.py reports discovery with them).
WEIGHTS = {
    "articles": 1.0,  # log(1 + articles stating or echoing it)
    "origins": 0.6,  # independent origins on any side
    "headline": 0.8,  # a headline states it
    "lead": 0.5,  # share of its articles stating it in their first two sentences
    "contested": 0.8,  # origins dispute it, or another claim contradicts it
    "specific": 0.3,  # per kind of specific detail: a count, a name, a place
    "fragment": -1.5,  # a bare noun phrase, an infinitive, a clause cut loose
    "question": -1.0,  # a question or a conditional
    "colour": -0.8,  # first or second person, feelings: a quote for colour
    "reporting": -1.2,  # about the reporting, not the event
    "background": -0.5,  # share of its statements in the last third of their articles
    "anaphoric": -0.6,  # opens with a pronoun ("She was drawn to ..."): it needs the sentence before it
}
# TF-IDF cosine (over the story's sentences) of an article's sentence with a claim's terms for the article to echo
# the claim: to speak of what it speaks of, whatever claim its own sentences were grouped into. Claims echoed by
# more articles rank higher (the "articles" weight reads the larger of the articles stating and echoing it).
# Chosen on FNC-1's training stories (headlines among their story's top ten, .613 at no echo, .654 at 0.15, .641
# at 0.2, .607 at 0.3) and our development stories (bench/check_dev.py discovery .480, .493, .520, .493).
ECHO_SIMILARITY = 0.2
# Fewest content words of a claim that says something checkable.
MIN_CHECKABLE_WORDS = 4
# Words that make a statement first or second person: a speaker's feelings or plans, rarely a checkable fact.
PERSONAL = re.compile(r"\b(I|I'm|I've|we|we're|we've|our|us|my|me|you|your)\b", re.IGNORECASE)
# A conditional ("If Kim does not turn up, ...") asserts nothing: it ranks as a question does.
CONDITIONAL_OPENING = re.compile(r"\W*(if|unless|whether)\b", re.IGNORECASE)
# Openings that lean on the sentence before: a personal, possessive or demonstrative pronoun.
ANAPHORIC_OPENING = re.compile(rf"\W*({'|'.join(REFERRING_PRONOUNS)}|his|her|its|their)\b", re.IGNORECASE)
# A verb form that makes a clause ("was", "has", "said", "crashed", "will"); its absence marks a noun phrase.
FINITE = re.compile(
    r"\b(is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|should|shall|does|did|do"
    r"|[a-z]{3,}ed|[a-z]{2,}s)\b"
)
# Openings of fragments: an infinitive, a gerund or a clause the parser cut loose.
FRAGMENT_OPENING = re.compile(
    r"\W*(to|and|but|or|because|as|while|when|after|before|since|which|who|that|being|having)\b", re.I
)  # "being in a helicopter, which was shot down": a gerund's complement, its subject left behind


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
    anaphoric: bool = False


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
        question=text.rstrip().endswith("?") or bool(CONDITIONAL_OPENING.match(text)),
        colour=bool(PERSONAL.search(text)),
        reporting=bool(META_STATEMENT.search(text) or REPORTING_PROCESS.search(text)),
        background=len(late) / max(1, len(body)),
        anaphoric=bool(ANAPHORIC_OPENING.match(text)),
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
        + WEIGHTS["anaphoric"] * features.anaphoric
    )


def rank_claims(claims: list[Claim], scores: dict[int, float]) -> None:
    """Number the claims 1, 2, ... by falling score (ties by id), those judged over every article (with stances)
    first, in place: a story's top claims are the ones judged."""
    for rank, claim in enumerate(sorted(claims, key=lambda c: (not c.stances, -scores[c.id], c.id)), start=1):
        claim.rank = rank


def is_fragment(text: str) -> bool:
    """A bare noun phrase, an infinitive or a clause cut loose, or too few words to check."""
    return (
        len(content_words(text)) < MIN_CHECKABLE_WORDS
        or bool(FRAGMENT_OPENING.match(text))
        or not FINITE.search(text.replace("’", "'"))
    )


def echoing_articles(
    centroids: list[Counter], passages: dict[str, list[Passage]], weights: Callable[[Counter], dict[str, float]]
) -> list[int]:
    """For each claim (the terms of its statements), how many articles have a sentence whose TF-IDF cosine with
    it (``weights``: a Counter's L2-normalised weights) reaches ECHO_SIMILARITY: the articles that speak of what
    it speaks of, grouped with it or not."""
    vocabulary: dict[str, int] = {}

    def triplets(counters: list[Counter]) -> tuple[list[float], tuple[list[int], list[int]], int]:
        rows, columns, values = [], [], []
        for row, terms in enumerate(counters):
            for term, weight in weights(terms).items():
                rows.append(row)
                columns.append(vocabulary.setdefault(term, len(vocabulary)))
                values.append(weight)
        return values, (rows, columns), len(counters)

    claims, *articles = [triplets(centroids)] + [triplets([p.terms for p in found]) for found in passages.values()]

    def matrix(found: tuple[list[float], tuple[list[int], list[int]], int]) -> sparse.csr_matrix:
        return sparse.csr_matrix(found[:2], shape=(found[2], len(vocabulary)))

    compared = matrix(claims)
    echoing = np.zeros(len(centroids), dtype=int)
    for found in articles:
        if found[2] and len(centroids):
            echoing += (compared @ matrix(found).T).max(axis=1).toarray().ravel() >= ECHO_SIMILARITY
    return echoing.tolist()
