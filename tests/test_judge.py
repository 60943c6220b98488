"""The judge: one article's stance on a claim given in words, read from the whole article."""

from __future__ import annotations

import pytest
from test_assess import article

from newstrace.analyze import analyze_text
from newstrace.assess import check_claim
from newstrace.assess.words import negated_terms, negates
from newstrace.meaning import sentence_vectors

CLAIM = "Harbor Telecom threatened to cut off internet service to customers who use the Lantern app."
TEXTS = {
    "told": "Harbor Telecom threatened to cut off internet service to customers who use the Lantern app, three "
    "customers told the Coastal Ledger on Monday. The customers shared recordings of their calls.",
    "not": "Harbor Telecom hasn’t cut off a single customer for using the Lantern app, and its terms of service "
    "allow any software. The company has four million customers in the region.",
    "reports": "According to local reports, Harbor Telecom threatened to cut off internet service to customers who "
    "use the Lantern app. The company has four million customers in the region.",
    "regulator": "The telecoms regulator said on Wednesday that it could not confirm that Harbor Telecom had cut off "
    "any customer who uses the Lantern app. It has asked the company for its records.",
    "denied": "A Harbor Telecom spokeswoman denied on Tuesday that the company cuts off internet service to "
    "customers who use the Lantern app. She said the company has no policy against any software.",
}


def checked(claim: str):
    articles = [article(key, text, outlet=f"Outlet {key}") for key, text in TEXTS.items()]
    analyses = {a.external_id: analyze_text(a.text) for a in articles}
    return check_claim(claim, 1, articles, analyses, signals=None, embed=sentence_vectors)


def judged(claim: str) -> dict[str, str]:
    return {s.article: s.stance for s in checked(claim).stances}


@pytest.mark.parametrize("text", ["It doesn’t monitor browsers.", "It isn't true.", "They can't say.", "No one died."])
def test_contracted_and_curly_negations_negate(text):
    assert negates(text) and negated_terms(text)


def test_an_idiom_with_not_does_not_negate():
    assert not negates("It is not the first time the company has changed its terms.")


def test_an_article_saying_in_its_own_voice_that_the_claim_did_not_happen_denies_it():
    assert judged(CLAIM)["not"] == "denies"


def test_an_article_relaying_what_reports_say_reports_it_as_unconfirmed():
    stances = judged(CLAIM)
    assert stances["reports"] == "unconfirmed"
    assert stances["told"] == "supports"


def test_refuting_words_echo_a_claim_that_is_itself_a_denial_and_its_denier_supports_it():
    claim = checked("Harbor Telecom denied that it cuts off customers who use the Lantern app.")
    assert {s.article: s.stance for s in claim.stances}["denied"] == "supports"
    spokeswoman = [m for m in claim.mentions if m.article == "denied"]
    assert spokeswoman and {m.stance for m in spokeswoman} == {"supports"}
    assert claim.disputing == 0


def test_hedges_echo_a_claim_that_is_itself_about_something_unconfirmed():
    stances = judged("The regulator could not confirm that Harbor Telecom cut off customers who use the Lantern app.")
    assert stances["regulator"] == "supports"
    assert judged(CLAIM)["regulator"] == "unconfirmed"


def test_a_claim_framed_with_a_hedge_is_still_hedged_by_an_article_relaying_reports():
    assert judged(CLAIM.replace("threatened", "reportedly threatened"))["reports"] == "unconfirmed"
