"""Passages: an article's sentences as the judge reads them, and their similarity to a claim.

A claim is compared with a story's sentences by words (TF-IDF over the story's
passages) and by meaning (sentence vectors, each distinct text embedded once);
see :class:`Scorer`. :mod:`.judge` decides an article's stance from what is
closest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..models import Analysis, Article, TextSpan
from .counts import counted_as
from .grouping import CLAIM_SIMILARITY, MIXED_CLAIM_SIMILARITY, mixed_similarity
from .statements import Statement
from .words import cosine, statement_words, term_weights

# Sentences of an article compared with a claim by meaning: its best by words. On our development stories the
# sentence closest in meaning is among the four best by words for 89% of the articles that address the claim.
CANDIDATES = 4
# Mixed similarity (words and meaning, see newstrace.assess.grouping.mixed_similarity) of an article's closest
# sentence for the article to address the claim, and the least lexical cosine that sentence needs (sentence
# vectors rate any two sentences about one ship alike). Chosen on our development stories (bench/check_dev.py):
# lower bars judge more of a story's other articles as addressing the claim, higher ones miss paraphrases.
RELATED_SIMILARITY = (0.35, 0.05)
# Statements grouped into a claim that articles are compared with besides its text.
ANCHORS = 2
# A statement of an article addressing the claim is one of its mentions when it would be grouped into the claim
# (the grouping bars, newstrace.assess.grouping), or is one of the claim's own statements.
STATES_SIMILARITY = MIXED_CLAIM_SIMILARITY
STATES_LEXICAL = CLAIM_SIMILARITY
# Fewest letters of a term that may be a compound written in two words ("roadblock": "road" and "block").
COMPOUND_LENGTH = 7


@dataclass
class Claimed:
    """A claim as the judge compares articles with it: its text, the statement it reads as (terms, negation),
    and the statements already grouped into it (each states it)."""

    text: str
    reference: Statement
    members: list[Statement] = field(default_factory=list)


@dataclass(frozen=True)
class Passage:
    """A sentence (or headline) of an article as the judge reads it."""

    span: TextSpan
    index: int  # its sentence index; -1 for the headline
    terms: Counter


def passages_of(article: Article, analysis: Analysis | None) -> list[Passage]:
    """An article's sentences (boilerplate left out) and its headline, as the judge reads them."""
    slugs = [b.span for b in analysis.boilerplate if b.kind == "slug"] if analysis else []
    found = [
        Passage(s.span, s.index, Counter(statement_words(s.span.text)))
        for s in (analysis.sentences if analysis else [])
        if s.part == "text"
        and (s.voice != "boilerplate" or any(slug.start <= s.span.start < slug.end for slug in slugs))
    ]  # a sentence opening with a slug ("DEVELOPING: Four cruise missiles ...") is reporting, not furniture
    if article.title and article.title.strip():
        title = article.title.strip()
        found.append(Passage(TextSpan(0, 0, title), -1, Counter(statement_words(title))))
    return found


class Scorer:
    """Similarity of passages to claims by words (TF-IDF over the story's passages) and, when ``embed`` is
    given, meaning (each distinct text embedded once)."""

    def __init__(self, passages: list[Passage], embed: Callable[[list[str]], np.ndarray] | None = None) -> None:
        self.frequency = Counter(term for p in passages for term in p.terms)
        self.total = max(1, len(passages))
        self.embed = embed
        self.vectors: dict[str, np.ndarray] = {}
        self._weights: dict[int, tuple[Counter, dict[str, float]]] = {}  # id of a terms Counter -> its weights
        if embed is not None and hasattr(embed, "cached"):  # the store's vectors of the story's sentences, at once
            self.vectors.update(embed.cached([p.span.text for p in passages]))

    def weights(self, terms: Counter) -> dict[str, float]:
        """TF-IDF weights of a passage's or statement's terms, computed once per Counter (they do not change)."""
        kept = self._weights.get(id(terms))
        if kept is None or kept[0] is not terms:
            kept = self._weights[id(terms)] = (terms, term_weights(terms, self.frequency, self.total))
        return kept[1]

    def vectors_of(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing and self.embed is not None:
            self.vectors.update(zip(missing, self.embed(missing), strict=True))
        return np.vstack([self.vectors[t] for t in texts])

    def lexical(self, claim: Claimed, terms: Counter) -> float:
        """The TF-IDF cosine of ``terms`` with the closest of the claim's anchors; a count that agrees with the
        anchor's count of the same thing is the same term ("about 3,400 displaced" says "more than 3,000
        displaced")."""
        return max(
            cosine(self._counted_weights(terms, anchor.terms), self.weights(anchor.terms)) for anchor in anchors(claim)
        )

    def _counted_weights(self, terms: Counter, reference: Counter) -> dict[str, float]:
        # The same Counter when no count or compound is renamed: its weights are kept.
        said = compounded_as(counted_as(terms, reference), reference)
        return self.weights(terms) if said is terms else term_weights(said, self.frequency, self.total)

    def candidates(self, claim: Claimed, passages: list[Passage]) -> list[tuple[float, Passage]]:
        """The CANDIDATES passages closest to the claim by words, as (lexical cosine, passage), closest first;
        those sharing too few words to address it are left out."""
        scored = sorted(((self.lexical(claim, p.terms), p) for p in passages), key=lambda x: -x[0])[:CANDIDATES]
        return [(lexical, p) for lexical, p in scored if lexical >= RELATED_SIMILARITY[1]]  # below: never related

    def prefetch(self, claim: Claimed, found: list[list[tuple[float, Passage]]]) -> None:
        """Embed the sentence vectors of the given candidates (:meth:`candidates`) of several articles in one call
        (the encoder runs faster on a batch than sentence by sentence)."""
        if self.embed is not None:
            self.vectors_of([p.span.text for scored in found for _, p in scored] or [claim.text])

    def closest(
        self, claim: Claimed, passages: list[Passage], scored: list[tuple[float, Passage]] | None = None
    ) -> list[tuple[float, float, Passage]]:
        """The candidates (see :meth:`candidates`; ``scored`` if already found), each as (meaning, lexical,
        passage), closest first by mixed similarity; meaning is the sentence-vector cosine (the lexical cosine
        when no vectors are used)."""
        scored = self.candidates(claim, passages) if scored is None else scored
        if not scored:
            return []
        if self.embed is None:
            return [(lexical, lexical, p) for lexical, p in scored]
        meaning = self.meaning(claim, [p.span.text for _, p in scored])
        found = [(m, lexical, p) for m, (lexical, p) in zip(meaning, scored, strict=True)]
        return sorted(found, key=lambda x: -float(mixed_similarity(x[1], x[0])))

    def meaning(self, claim: Claimed, texts: list[str]) -> list[float]:
        """The sentence-vector cosine of each text with the claim (its closest anchor)."""
        compared = self.vectors_of([a.span.text for a in anchors(claim)])
        return [float(m) for m in (self.vectors_of(texts) @ compared.T).max(axis=1)]

    def states(self, claim: Claimed, statement: Statement) -> bool:
        """Would the statement be grouped into the claim as its text words it (see STATES_SIMILARITY)? Its
        statements are not compared: a claim is what its text says, not everything near its statements."""
        own = Claimed(claim.text, claim.reference)
        lexical = self.lexical(own, statement.terms)
        if self.embed is None:
            return lexical >= STATES_LEXICAL
        bar, floor = STATES_SIMILARITY
        if lexical < floor:
            return False
        return float(mixed_similarity(lexical, self.meaning(own, [statement.span.text])[0])) >= bar


def compounded_as(terms: Counter, reference: Counter) -> Counter:
    """``terms`` with a compound written as the reference writes it: closed, open or hyphenated ("road blocks",
    "roadblocks"; "head scarf", "head-scarf", "headscarf"), so that the two meet as one term."""
    closed = {t.replace("-", ""): t for t in reference if len(t) >= COMPOUND_LENGTH and not t.startswith("#")}
    renamed = None
    for term in terms:
        if term in reference or term.startswith("#"):
            continue
        whole = closed.get(term.replace("-", ""))
        if whole is not None:
            renamed = renamed or Counter(terms)
            renamed[whole] += renamed.pop(term)
        elif (parts := _open_parts(term, reference)) is not None:
            renamed = renamed or Counter(terms)
            count = renamed.pop(term)
            for part in parts:
                renamed[part] += count
    for joined, whole in closed.items():
        parts = None if whole in (renamed or terms) else _parts(joined, terms)
        if parts is not None and not reference.keys() & set(parts):
            renamed = renamed or Counter(terms)
            renamed[whole] += 1
            for part in parts:
                renamed[part] -= 1
                if renamed[part] <= 0:
                    del renamed[part]
    return terms if renamed is None else renamed


def _open_parts(term: str, reference: Counter) -> tuple[str, str] | None:
    """The two terms of ``reference`` that ``term`` joins ("headscarf": "head", "scarf"), or None."""
    joined = term.replace("-", "")
    return _parts(joined, reference) if len(joined) >= COMPOUND_LENGTH else None


def _parts(joined: str, terms: Counter) -> tuple[str, str] | None:
    """The first cut of ``joined`` into two terms of ``terms`` of three letters or more, or None."""
    for cut in range(3, len(joined) - 2):
        if joined[:cut] in terms and joined[cut:] in terms:
            return joined[:cut], joined[cut:]
    return None


def anchors(claim: Claimed) -> list[Statement]:
    """The texts a claim is compared by: its own, and up to ANCHORS of the statements grouped into it."""
    return [claim.reference, *claim.members[:ANCHORS]]
