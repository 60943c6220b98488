"""Grouping statements into claims, online, by words and by meaning."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .counts import counts_agree, counts_of
from .statements import Statement
from .words import REFERRING_PRONOUNS, cosine, term_weights

# Lexical cosine between a statement and a claim's centroid for it to join the claim, when no sentence vectors
# are given. Chosen on our own examples' paraphrases; statements of one event share few words, so it is low.
CLAIM_SIMILARITY = 0.32
# Headlines are terse: they join a claim of their own article's story at a lower similarity.
HEADLINE_SIMILARITY = 0.2
# With sentence vectors (newstrace.meaning), a statement's similarity to a claim is
# (1 - MEANING_WEIGHT) * lexical cosine + MEANING_WEIGHT * sentence-vector cosine, and it must share some words
# with the claim: sentence vectors rate any two sentences about one ship or one crash as alike. Chosen on the
# tuning half of FNC-1's headlines (bench/claims_fnc1.py; weights 0.5-0.7 did equally well): the statement bar
# merges no more pairs of sentences of one body (nearly all two claims of one story) than CLAIM_SIMILARITY
# does lexically, and the headline bar no more unrelated headline-body pairs than HEADLINE_SIMILARITY.
MEANING_WEIGHT = 0.6
# (mixed similarity, least lexical cosine) for a body statement to join a claim, and for a headline.
MIXED_CLAIM_SIMILARITY = (0.47, 0.25)
MIXED_HEADLINE_SIMILARITY = (0.31, 0.1)
# How far back (sentences) a referring statement may look for what it refers to.
REFER_BACK_SENTENCES = 3
# A statement opening with a personal or demonstrative pronoun (after "that", as a reported content may).
PRONOUN_OPENING = re.compile(rf"\W*(that\s+)?({'|'.join(REFERRING_PRONOUNS)}|we)\b", re.IGNORECASE)


@dataclass
class Group:
    statements: list[Statement] = field(default_factory=list)
    centroid: Counter = field(default_factory=Counter)


def group_statements(
    statements: list[Statement], embed: Callable[[list[str]], np.ndarray] | None = None
) -> list[Group]:
    """Online grouping of statements into claims (see the module docstring).

    ``embed(texts)``: unit sentence vectors, to group by meaning as well as words (see MEANING_WEIGHT); None
    groups by words alone. A statement sharing too few words with every claim needs no vector and gets none.
    """
    document_frequency = Counter(term for s in statements for term in s.terms)
    total = max(1, len(statements))
    bars = ((CLAIM_SIMILARITY, 0.0), (HEADLINE_SIMILARITY, 0.0))  # a body statement's, a headline's
    if embed is not None:
        bars = (MIXED_CLAIM_SIMILARITY, MIXED_HEADLINE_SIMILARITY)

    def weighted(terms: Counter) -> dict[str, float]:
        return term_weights(terms, document_frequency, total)

    groups: list[Group] = []
    lexical: list[dict[str, float]] = []  # each group's weighted centroid, redone only when it changes
    holding: dict[str, set[int]] = defaultdict(set)  # term -> groups whose centroid has it
    meant = _Members([s.span.text for s in statements] if embed else [], embed)
    last_in_article: dict[str, tuple[int, int, Statement]] = {}  # article -> (group, sentence, statement)
    for index, statement in enumerate(statements):
        key = statement.article.external_id
        previous = last_in_article.get(key)
        close = previous and statement.sentence_index - previous[1] <= REFER_BACK_SENTENCES
        if close and (statement.refers_back or _restates(statement, previous[2])):
            best = previous[0]
        else:
            bar, floor = bars[statement.sentence_index < 0]
            vector = weighted(statement.terms)
            scores = {i: cosine(vector, lexical[i]) for i in set().union(*(holding[t] for t in vector))}
            if embed is not None:
                scores = meant.mixed(index, {i: v for i, v in scores.items() if v >= floor})
            counts = counts_of(statement.terms)
            ranked = sorted(((v, i) for i, v in scores.items() if v >= bar), reverse=True)
            best = next((i for _, i in ranked if counts_agree(counts, groups[i].centroid)), -1)
            if best < 0 and statement.sentence_index < 0:
                continue  # a headline sums up its article's claims: it joins one, or none, but starts none
            if best < 0:
                groups.append(Group())
                lexical.append({})
                meant.add()
                best = len(groups) - 1
        group = groups[best]
        group.statements.append(statement)
        if not statement.refers_back:
            group.centroid.update(statement.terms)
            lexical[best] = weighted(group.centroid)
            for term in statement.terms:
                holding[term].add(best)
            if embed is not None:
                meant.update(best, index)
        statement.claim = best
        last_in_article[key] = (best, statement.sentence_index, statement)
    return groups


def _restates(statement: Statement, previous: Statement) -> bool:
    """Does a body statement restate the one before it: open with a pronoun and say nothing the other did not
    ("... missed their Syrian targets and landed in Iran" / "... concluded they landed in Iran")? Of FNC-1's
    3,762 body sentences opening with a pronoun, 7 have only words of the sentence before, all restatements."""
    return (
        statement.sentence_index >= 0
        and bool(PRONOUN_OPENING.match(statement.span.text))
        and statement.terms.keys() <= previous.terms.keys()
    )


def mixed_similarity(lexical: float | np.ndarray, meaning: float | np.ndarray) -> float | np.ndarray:
    """A statement's similarity to a claim from its lexical and sentence-vector cosines (see MEANING_WEIGHT)."""
    return (1 - MEANING_WEIGHT) * lexical + MEANING_WEIGHT * meaning


class _Members:
    """Each group's statements (by row), and their sentence vectors, embedded when a comparison first needs them
    (once per distinct text: a republished statement is not embedded again)."""

    def __init__(self, texts: list[str], embed: Callable[[list[str]], np.ndarray] | None) -> None:
        self.texts, self.embed = texts, embed
        self.rows: list[list[int]] = []
        self.vectors: dict[str, np.ndarray] = {}  # text -> vector

    def add(self) -> None:
        self.rows.append([])

    def update(self, group: int, row: int) -> None:
        self.rows[group].append(row)

    def mixed(self, row: int, lexical: dict[int, float]) -> dict[int, float]:
        """Mixed similarity of statement ``row`` to the groups of ``lexical`` (group -> lexical cosine).

        The sentence part is the statement's highest cosine with one of the group's statements, as
        bench/claims_fnc1.py measures it (a sentence against a sentence); a cosine with the group's mean would
        rise as a claim gathers statements, which average out to the story's topic.
        """
        if not lexical:
            return {}
        needed = dict.fromkeys(self.texts[r] for r in [row, *(r for group in lexical for r in self.rows[group])])
        missing = [text for text in needed if text not in self.vectors]
        if missing and self.embed is not None:
            self.vectors.update(zip(missing, self.embed(missing), strict=True))
        vector = self.vectors[self.texts[row]]
        closest = {
            group: max(float(self.vectors[self.texts[r]] @ vector) for r in self.rows[group]) for group in lexical
        }
        return {group: float(mixed_similarity(value, closest[group])) for group, value in lexical.items()}
