"""Ranking: what makes a claim check-worthy, and how many articles speak of it."""

from __future__ import annotations

from collections import Counter

import pytest

from newstrace.assess.passages import Passage
from newstrace.assess.ranking import claim_features, claim_score, echoing_articles
from newstrace.assess.words import statement_words, term_weights
from newstrace.models import Claim, TextSpan


def score(text: str, articles: int = 3) -> float:
    claim = Claim(id=0, story=1, text=text, status="single_source", supporting=1)
    return claim_score(claim_features(claim, [], articles))


@pytest.mark.parametrize(
    "leaning, outright",
    [
        (
            "If the ferry does not dock by Friday, it could fuel fears for the crew",
            "The ferry did not dock on Friday and the crew is missing",
        ),
        (
            "She was drawn to help the refugees at the border camp near Tarnow",
            "Anna Kowal was drawn to help the refugees at the border camp near Tarnow",
        ),
        (  # a gerund's complement, its subject left behind ("he recanted being in a helicopter ...")
            "Being in a helicopter, which was shot down near Tarnow in 2003",
            "The anchor was in a helicopter that was shot down near Tarnow in 2003",
        ),
        (  # an appointment of the reporting, not the event
            "The health agency will host a press conference at 4pm to update the public on the Tarnow patient",
            "The health agency said the Tarnow patient had tested negative for the virus",
        ),
        (
            "It published photos of the bombed building near the harbour",
            "The ministry published photos of the bombed building near the harbour",
        ),
    ],
)
def test_a_conditional_or_a_pronoun_opening_ranks_below_a_claim_stated_outright(leaning, outright):
    assert score(leaning) < score(outright)


def passage(text: str) -> Passage:
    return Passage(TextSpan(0, len(text), text), 0, Counter(statement_words(text)))


def test_articles_echoing_a_claim_are_those_with_a_sentence_about_it():
    passages = {
        "a": [passage("The harbour of Vessa was closed after the ferry sank on Monday.")],
        "b": [passage("Rescuers said the ferry sank near the harbour of Vessa."), passage("The weather was calm.")],
        "c": [passage("Grain prices rose for a third week in the capital.")],
    }
    every = [p for found in passages.values() for p in found]
    frequency = Counter(t for p in every for t in p.terms)

    def weights(terms: Counter) -> dict[str, float]:
        return term_weights(terms, frequency, len(every))

    sank = Counter(statement_words("The ferry sank near Vessa harbour"))
    prices = Counter(statement_words("Grain prices rose in the capital"))
    unheard = Counter(statement_words("A comet lit the northern sky"))
    assert echoing_articles([sank, prices, unheard], passages, weights) == [2, 1, 0]
    assert echoing_articles([], passages, weights) == []
