"""The judge: one article's stance on a claim given in words, read from the whole article."""

from __future__ import annotations

from collections import Counter

import pytest
from test_assess import article

from newstrace.analyze import analyze_text
from newstrace.assess import check_claim
from newstrace.assess.judge import Reading, decide
from newstrace.assess.passages import Claimed, Passage
from newstrace.assess.statements import claim_statement
from newstrace.assess.words import negated_terms, negates
from newstrace.meaning import sentence_vectors
from newstrace.models import CopiedPassage, TextSpan

CLAIM = "Harbor Telecom threatened to cut off internet service to customers who use the Lantern app."
TEXTS = {
    "told": "Harbor Telecom threatened to cut off internet service to customers who use the Lantern app, three "
    "customers told the Coastal Ledger on Monday. The customers shared recordings of their calls.",
    "not": "Harbor Telecom hasn’t cut off a single customer for using the Lantern app, and its terms of service "
    "allow any software. The company has four million customers in the region.",
    "asking": "Harbor Telecom is not asking Lantern app customers to stop using it or any other software. The "
    "company publishes its terms of service online.",
    "reports": "According to local reports, Harbor Telecom threatened to cut off internet service to customers who "
    "use the Lantern app. The company has four million customers in the region.",
    "both": "Harbor Telecom may have threatened to cut off internet service to customers who use the Lantern app, "
    "according to posts on a forum. The company denied that it had threatened anyone.",
    "scope": "Harbor Telecom threatened to cut off internet service to customers who use the Lantern app, in a "
    "row that could become a test case for the regulator. Its letters were published on Friday.",
    "regulator": "The telecoms regulator said on Wednesday that it could not confirm that Harbor Telecom had cut off "
    "any customer who uses the Lantern app. It has asked the company for its records.",
    "denied": "A Harbor Telecom spokeswoman denied on Tuesday that the company cuts off internet service to "
    "customers who use the Lantern app. She said the company has no policy against any software.",
}


def checked(claim: str):
    articles = [article(key, text, outlet=f"Outlet {key}") for key, text in TEXTS.items()]
    analyses = {a.external_id: analyze_text(a.text) for a in articles}
    return check_claim(claim, 1, articles, analyses, signals=None, embed=sentence_vectors)


def checked_in_one_article(claim: str, text: str):
    """``claim`` checked over one article of the Coastal Ledger saying ``text``."""
    found = [article("x", text, outlet="Coastal Ledger")]
    return check_claim(claim, 1, found, {"x": analyze_text(text)}, signals=None, embed=sentence_vectors)


def judged(claim: str) -> dict[str, str]:
    return {s.article: s.stance for s in checked(claim).stances}


@pytest.mark.parametrize("text", ["It doesn’t monitor browsers.", "It isn't true.", "They can't say.", "No one died."])
def test_contracted_and_curly_negations_negate(text):
    assert negates(text) and negated_terms(text)


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The agent couldn't be identified, as doctors lacked the equipment.", {"identifi"}),
        ("The agent was not identified because doctors lacked the equipment.", {"identifi"}),
        ("The missiles did not hit their targets in Iran.", {"impact", "target", "iran"}),  # one clause: all of it
    ],
)
def test_a_negation_reaches_no_further_than_its_clause(text, negated):
    assert negated_terms(text) == negated


def test_a_report_and_a_denial_naming_it_only_side_by_side_leave_the_claim_unconfirmed():
    text = (
        "Customers say Harbor Telecom threatened to cut off internet service to customers who use the Lantern app. "
        "Harbor Telecom has denied the claim as entirely false. The company has four million customers."
    )
    found = checked_in_one_article(CLAIM, text)
    assert [s.stance for s in found.stances] == ["unconfirmed"]
    assert "organisation:harbor telecom" in {o.key for o in found.origins["disputing"]}


def test_a_sources_negation_closest_to_the_claim_denies_it_where_nothing_states_it():
    claim = "Harbor Telecom cuts off internet service to customers under the three strikes copyright scheme."
    text = (
        "Harbor Telecom says it uses e-mail and in-browser alerts to educate customers about copyright, but it "
        "doesn't cut off service. The company has four million customers."
    )
    found = checked_in_one_article(claim, text)
    assert [s.stance for s in found.stances] == ["denies"]
    assert [o.key for o in found.origins["disputing"]] == ["organisation:harbor telecom"]


def test_footage_aired_uncensored_denies_that_it_was_blurred():
    claim = "Norland state TV blurred the queen's face in its broadcast of the royal visit."
    text = "Actually, footage of the queen's face aired uncensored in Norland state TV's broadcast of the royal visit."
    assert [s.stance for s in checked_in_one_article(claim, text).stances] == ["denies"]


def test_without_before_a_gerund_negates_it():
    assert negates("Other broadcasters aired the meeting without blurring her face.")
    assert "blurr" in negated_terms("Other broadcasters aired the meeting without blurring her face.")
    assert not negates("The report was published without evidence.")


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        (
            "Officials asked reporters to refrain from calling the mayor a trained surgeon.",
            {"call", "mayor", "surgeon"},
        ),
        ("Two of the four rockets failed to reach their targets.", {"reach", "target"}),
        ("The report stopped short of naming the ministry.", {"nam", "ministry"}),
    ],
)
def test_a_verb_saying_something_was_not_done_negates_it(text, negated):
    assert negates(text)
    assert negated <= negated_terms(text)


def test_unlike_negates_what_it_compares_with_unless_the_rest_is_negative():
    text = "However, unlike ghost orchids - which were listed as protected in 2009 - the park's orchid may be sold."
    assert negates(text) and negated_terms(text) == {"ghost", "orchid"}
    # "Al Jazeera did not blur her face, unlike state TV": state TV did; only "blur her face" is negated
    text = "Unlike state TV, Al Jazeera did not blur her face."
    assert negated_terms(text) == {"blur", "fac"}


@pytest.mark.parametrize(
    "text",
    [
        "It is not the first time the company has changed its terms.",
        "The health agency wasted no time sealing off the village.",
        "Crews had the road open again in no time.",
        "No fewer than 40 boats joined the search.",
    ],
)
def test_an_idiom_with_a_negative_word_does_not_negate(text):
    assert not negates(text)
    assert not negated_terms(text)


def test_an_article_saying_in_its_own_voice_that_the_claim_did_not_happen_denies_it():
    stances = judged(CLAIM)
    assert stances["not"] == "denies"
    assert stances["asking"] == "denies"  # a negated speech verb is the article's own voice, not a source's


def test_an_article_relaying_what_reports_say_reports_it_as_unconfirmed():
    stances = judged(CLAIM)
    assert stances["reports"] == "unconfirmed"
    assert stances["told"] == "supports"


def test_a_hedge_hedges_the_claim_only_when_it_reaches_what_the_claim_says():
    stances = judged(CLAIM)
    assert stances["scope"] == "supports"  # "could become a test case" hedges something else
    assert stances["reports"] == "unconfirmed"


def test_a_speculation_reported_beside_its_denial_is_unconfirmed():
    assert judged(CLAIM)["both"] == "unconfirmed"


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


@pytest.mark.parametrize(
    ("text", "refers_back"),
    [
        ("Russia denied it.", True),
        ("Neither side could confirm this on Sunday.", True),
        ("The ministry could not verify that claim.", True),
        ("Officials have denied that the governor was ill.", False),  # "that" opens what is denied
        ("The company denied it was monitoring anyone.", False),
    ],
)
def test_a_statement_refers_back_only_when_its_pronoun_stands_for_an_earlier_report(text, refers_back):
    from newstrace.assess.statements import META_STATEMENT

    assert bool(META_STATEMENT.search(text)) is refers_back


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NOT THE FIRST ABSENCE Officials have denied that the governor was ill.", "Officials have denied that"),
        ("Reuters) - The governor of Port Elwood is ill, his aides said.", "The governor of Port Elwood is ill"),
        ("TALLINN (NPA) — A ferry capsized in the Gulf of Finland.", "A ferry capsized"),
        ("US officials said the ferry capsized.", "US officials said"),
    ],
)
def test_a_claim_reads_without_a_glued_subheading_or_dateline(text, expected):
    from newstrace.assess.claims import claim_text
    from newstrace.assess.statements import claim_statement

    assert claim_text(claim_statement(text)).startswith(expected)


def test_an_accusation_said_to_lack_evidence_is_denied():
    texts = {
        "told": TEXTS["told"],
        "evidence": "The latest accusation against Harbor Telecom, that it is threatening to cut off customers who use "
        "the Lantern app, hasn't been backed by convincing evidence that it's happening. The company has four "
        "million customers in the region.",
    }
    articles = [article(key, text, outlet=f"Outlet {key}") for key, text in texts.items()]
    analyses = {a.external_id: analyze_text(a.text) for a in articles}
    stances = {s.article: s.stance for s in check_claim(CLAIM, 1, articles, analyses, signals=None).stances}
    assert stances == {"told": "supports", "evidence": "denies"}


def statement_saying(word: str, text: str):
    """The statement of ``text`` (one article of the Kars Post) whose words include ``word``."""
    from newstrace.assess.statements import statements_of

    found = statements_of(article("a", text, outlet="Kars Post"), analyze_text(text))
    return next(s for s in found if word in s.span.text)


def test_first_person_words_inside_a_quote_are_the_speakers():
    text = (
        "The farmer watched the helicopter come down. “Soldiers were there within minutes. I saw two of the crew "
        "lifted out on stretchers,” Hasan Yildiz said."
    )
    seen = statement_saying("stretchers", text)
    assert seen.span.text.startswith("two of the crew") and seen.chain[-1].name == "Hasan Yildiz"


def test_a_quotation_that_runs_on_after_its_cue_is_the_speakers_not_the_outlets():
    text = (
        '"The valve was never checked," the inspector said on Friday. "We told the operator so in March, and '
        'nobody answered our letter."'
    )
    letter = statement_saying("letter", text)
    assert letter.voice == "attributed" and letter.chain[-1].name == "inspector"
    assert "said" not in letter.span.text  # the cue between the two quotations is in neither statement


def test_an_order_is_no_statement_of_whoever_gave_it():
    text = (
        "Kim Jong Un has not been seen for a month because he hurt his leg, a source said.\n'He ordered all the "
        "generals to take part in drills and he took part too."
    )
    from newstrace.assess.statements import statements_of

    found = statements_of(article("a", text, outlet="Wire"), analyze_text(text), 0)
    assert not [s for s in found if "drills" in s.span.text and s.chain]  # not the leader stating what he ordered


def test_a_figure_put_at_a_number_is_the_sources_statement_of_it():
    toll = statement_saying("toll", "Estonian officials have put the death toll at 14. Rescuers searched all night.")
    assert toll.span.text == "Estonian officials have put the death toll at 14"
    assert [s.name for s in toll.chain] == ["Estonian officials"]


def test_each_that_clause_of_a_reported_content_is_a_statement_of_its_own():
    from newstrace.assess.statements import statements_of

    text = (
        "In a written statement, the ministry said the helicopter had put down safely in open ground and that none "
        "of the four crew members had been hurt."
    )
    found = [s.span.text for s in statements_of(article("a", text, outlet="Ankara Post"), analyze_text(text))]
    assert "none of the four crew members had been hurt" in found
    assert any(s.startswith("the helicopter had put down safely") and "crew" not in s for s in found)


def test_a_headline_alone_is_no_outlets_own_report():
    texts = {
        "wire": "The cargo ship Linde ran aground off Parnu on Tuesday after an engine failure, its operator Baltic "
        "Ferries Group said. All 12 crew members are safe, the company said.",
        "blog": "The Estonian coast guard said a patrol boat was standing by on Tuesday. The ship was carrying "
        "timber from Parnu to Antwerp, according to shipping databases.",
    }
    titles = {
        "wire": "Cargo ship aground off Parnu",
        "blog": "Cargo ship Linde runs aground off Parnu after engine failure",
    }
    articles = [article(k, t, outlet=f"Outlet {k}", title=titles[k]) for k, t in texts.items()]
    analyses = {a.external_id: analyze_text(a.text, title=a.title) for a in articles}
    claim = check_claim(
        "An engine failure caused the Linde to run aground off Parnu",
        1,
        articles,
        analyses,
        signals=None,
        embed=sentence_vectors,
    )
    blog = next(s for s in claim.stances if s.article == "blog")
    assert blog.stance == "supports" and blog.origin is None  # its headline sums up; its body says nothing of it
    assert "outlet:outlet blog" not in {o.key for o in claim.origins["supporting"]}


def test_a_headline_stating_the_claim_sums_up_its_attributed_lead():
    text = (
        "A Maltese-flagged bulk carrier ran aground on a sandbank two nautical miles north of the port of Liepaja "
        "early on Tuesday after losing engine power in a storm, the ship's operator said. The 190-metre Marta, "
        "which was carrying wheat to Egypt, had left port an hour earlier."
    )
    title = "Bulk carrier runs aground off Liepaja after engine failure"
    wire = article("wire", text, outlet="Baltic Wire", title=title)
    claim = check_claim(
        "Engine failure caused the Marta to run aground off Liepaja",
        1,
        [wire],
        {"wire": analyze_text(wire.text, title=wire.title)},
        signals=None,
        embed=sentence_vectors,
    )
    assert [(s.stance, s.origin) for s in claim.stances] == [("supports", "unknown:ships operator")]


def test_a_refutation_in_a_sources_words_counts_for_that_source_not_the_outlet():
    texts = {
        "told": TEXTS["told"],
        "post": "Reports that Harbor Telecom will deny service to users of the Lantern app are false, the company says "
        "in a new blog post. The app has about 40,000 users in the region.",
    }
    articles = [article(key, text, outlet=f"Outlet {key}") for key, text in texts.items()]
    analyses = {a.external_id: analyze_text(a.text) for a in articles}
    claim = check_claim(CLAIM, 1, articles, analyses, signals=None, embed=sentence_vectors)
    post = next(s for s in claim.stances if s.article == "post")
    assert (post.stance, post.origin) == ("denies", "organisation:harbor telecom")  # not the outlet's own
    assert [o.key for o in claim.origins["disputing"]] == [post.origin]


def test_who_heard_a_speech_act_stands_behind_the_claim_that_it_was_made():
    claim = checked(CLAIM)  # "Harbor Telecom threatened ...", as three customers told the Coastal Ledger
    told = next(s for s in claim.stances if s.article == "told")
    assert told.stance == "supports" and told.origin == "group:three customers"
    assert "organisation:harbor telecom" not in {o.key for o in claim.origins["supporting"]}


FACT_CHECK = (
    "CLAIM: A video shared on Facebook shows a wolf walking through the market square of Ribeira on Saturday.\n\n"
    "VERDICT: FALSE. The video was filmed in a Romanian village in 2021 and has been online since then.\n\n"
    "A reverse image search by Verifica found the same video on the channel of a Romanian television station, "
    "which broadcast it in February 2021. The town hall of Ribeira said no wolf had been seen in the town."
)
SIGHTING = (
    "A wolf walked through the market square of Ribeira on Saturday morning, according to a video shared widely on "
    "Facebook. Traders said they had never seen a wolf in the town before."
)


@pytest.mark.parametrize(
    ("claim", "stance"),
    [
        ("A wolf walked through the market square of Ribeira on Saturday", "denies"),  # the claim it checks
        ("The viral Ribeira wolf video was filmed in a Romanian village", "supports"),  # its finding
    ],
)
def test_a_fact_checks_verdict_is_its_stance_on_the_claim_it_checks_not_on_its_finding(claim, stance):
    articles = [
        article("check", FACT_CHECK, outlet="Verifica", title="FALSE: Viral 'Ribeira wolf' video was filmed abroad"),
        article("sighting", SIGHTING, outlet="Ribeira Daily", title="Wolf seen in Ribeira market square"),
    ]
    analyses = {a.external_id: analyze_text(a.text) for a in articles}
    stances = {s.article: s.stance for s in check_claim(claim, 1, articles, analyses, signals=None).stances}
    assert stances["check"] == stance


@pytest.mark.parametrize(
    ("claim", "disputed"),
    [
        ("An angler from Cremona caught a wels catfish in the Po river", False),  # leaves the weight out
        ("Two anglers from Cremona caught a wels catfish in the Po river", False),  # counts something else
        ("An angler caught a wels catfish weighing 130 kilograms in the Po river", True),  # gives it
    ],
)
def test_a_contradicted_detail_disputes_only_a_claim_that_states_it(claim, disputed):
    from collections import Counter

    from newstrace.assess.check import Supporting, _contradicting
    from newstrace.assess.judge import Reading
    from newstrace.assess.passages import Claimed, Passage
    from newstrace.assess.statements import claim_statement

    supporting = claim_statement("An angler caught a wels catfish weighing 130 kilograms in the Po river on Sunday.")
    other = claim_statement("An angler has caught a giant wels catfish weighing 118 kilograms in the Po river.")
    near = Passage(other.sentence, other.sentence_index, Counter(other.terms))
    reading = Reading(other.article, [(0.6, 0.4, near)], [], None, member=False, related=True)
    _contradicting(Claimed(claim, claim_statement(claim)), reading, Supporting([supporting]), [other])
    assert [stance for _, stance in reading.stating] == (["denies"] if disputed else [])


def checked_in_one(text: str, claim: str, outlet: str, signals=None):
    """The claim judged over one article of ``outlet`` (stance model signals from ``signals``, if given)."""
    articles = [article("one", text, outlet=outlet)]
    analyses = {a.external_id: analyze_text(a.text) for a in articles}
    return check_claim(claim, 1, articles, analyses, signals=signals, embed=sentence_vectors)


def _disagreeing(pairs, disagree: float = 0.9):
    """The stance model reading a disagreement in every body, naming no refuting sentence."""
    from newstrace.assess.stance import ArticleSignal

    rest = (1 - disagree) / 2
    return [
        ArticleSignal("disagree", {"disagree": disagree, "agree": rest, "discuss": rest, "unrelated": 0.0})
        for _ in pairs
    ]


def test_the_models_disagreement_does_not_overrule_a_source_the_article_quotes_stating_the_claim():
    text = (
        "The interior ministry said on Sunday that 80 evacuated families had been housed in school shelters in the "
        "Bureij camp. Separately, the army denied that it had opened any dam upstream of the valley."
    )
    claim = "Evacuated families were housed in school shelters in the Bureij camp"
    # the model reads the body's other denial as one of this claim, naming no sentence
    found = checked_in_one(text, claim, "Valley Herald", lambda pairs: _disagreeing(pairs, 0.75))
    assert [s.stance for s in found.stances] == ["supports"]
    assert [o.key for o in found.origins["disputing"]] == []


@pytest.mark.parametrize(
    ("text", "claim", "outlet", "signals", "disputing"),
    [
        pytest.param(  # it reports the denial and nothing against it
            "While Harbor Telecom publishes an acceptable use policy, the company “doesn’t cut off internet service "
            "to customers who use the Lantern app and has no program addressing the app,” spokesman Carl Dunn said "
            "in an email. The app has 40,000 users in the region.",
            "Harbor Telecom cuts off internet service to customers who use the Lantern app.",
            "Coastal Ledger",
            None,
            ["organisation:harbor telecom"],
            id="only-a-sources-denial",
        ),
        pytest.param(  # the article's stance is the model's to read, but nothing in it disputes this claim
            "Floodwater in the valley reached three meters on Sunday and more than 80 families fled their homes. "
            "Separately, the army said that the claim it had opened a dam upstream was entirely false.",
            "Floodwater in the valley reached about three meters deep",
            "Valley Herald",
            _disagreeing,
            [],
            id="the-model-alone-reads-a-denial",
        ),
        pytest.param(  # "bogus": the outlet disputes, not the website
            "A town was said to have been quarantined over a virus. The bogus website said road blocks had been "
            "set up keeping people out of the town.",
            "Road blocks were set up keeping people out of the town",
            "County Courier",
            None,
            ["outlet:county courier"],
            id="a-source-stating-the-claim-in-the-refuting-sentence",
        ),
    ],
)
def test_an_article_denying_a_claim_and_who_disputes_it(text, claim, outlet, signals, disputing):
    found = checked_in_one(text, claim, outlet, signals)
    assert [s.stance for s in found.stances] == ["denies"]
    assert [o.key for o in found.origins["disputing"]] == disputing


def test_a_fact_checks_rating_on_its_own_line_rates_the_claim_it_checks_and_its_example_is_no_report():
    text = (
        "Claim: The town of Millbrook was quarantined after a family of four there tested positive for the virus."
        "\n\nFALSE\n\nExample: [Collected via email, March 2015]\n\nNews report of family of 4 in Millbrook tested "
        "positive for the virus. Town is quarantined.\n\nOrigins: On 2 March 2015 a satirical site published an "
        "article claiming that the town of Millbrook had been quarantined."
    )
    claim = "A family of four in Millbrook tested positive for the virus"
    found = checked_in_one(text, claim, "Rumor Desk", None)
    assert [s.stance for s in found.stances] == ["denies"]
    assert found.stances[0].evidence[0].text == "FALSE"
    assert [o.key for o in found.origins["supporting"]] == []
    assert [o.key for o in found.origins["disputing"]] == ["outlet:rumor desk"]


def test_a_sentence_whose_source_doubts_the_claim_is_no_support_in_the_articles_own_words():
    texts = {
        "fire": (
            "Boat shed destroyed in overnight fire in Skjervøy",
            "SKJERVØY — A fire destroyed a boat shed in the harbour of Skjervøy on Monday night, the fire service "
            "said. Six fishing boats stored in the shed were lost.\n\nFirefighters fought the blaze for five hours.",
        ),
        "police": (
            "Police open investigation into Skjervøy boat shed fire",
            "TROMSØ — Police in Troms have opened an investigation into the fire that destroyed a boat shed in "
            "Skjervøy on Monday night, and said on Tuesday that they were not ruling out that it had been started "
            'deliberately.\n\n"We are keeping all possibilities open," police attorney Kari Lund told the Herald.',
        ),
    }
    found = [article(k, text, outlet=f"{k.title()} News", title=title) for k, (title, text) in texts.items()]
    analyses = {k: analyze_text(text) for k, (_, text) in texts.items()}
    claim = check_claim(
        "The Skjervøy boat shed fire was started deliberately", 1, found, analyses, embed=sentence_vectors
    )
    assert not [m for m in claim.mentions if m.article == "police" and m.stance == "supports"]


@pytest.mark.parametrize(
    ("before", "stance"),
    [
        ("", "denies"),  # a source saying it happened, and nothing else
        ("Posts on social media said the mayor had snubbed the captain.\n\nHowever, r", "unconfirmed"),  # both sides
    ],
)
def test_a_source_saying_it_happened_denies_a_claim_that_it_did_not(before, stance):
    text = (
        f"{before or 'R'}eporters at the harbour said that the live broadcast showed the mayor shaking hands with "
        "the ferry captain at the ceremony.\n\nThe ferry leaves for Tallinn on Monday."
    )
    claim = checked_in_one_article("The mayor did not shake the ferry captain's hand at the ceremony", text)
    assert [s.stance for s in claim.stances] == [stance]


def test_a_claim_that_someone_dismissed_a_claim_is_not_hedged_by_the_word_claim():
    text = (
        "Harbour officials on Monday dismissed the ferry company's claim about the engine fire, calling it a "
        "publicity stunt.\n\nThe ferry leaves for Tallinn on Friday."
    )
    claim = checked_in_one_article(
        "Harbour officials dismissed the ferry company's claim about the engine fire as a publicity stunt", text
    )
    assert [s.stance for s in claim.stances] == ["supports"]


@pytest.mark.parametrize(
    "unverified", ["cannot be independently verified", "could not be verified", "can not be confirmed"]
)
def test_a_report_the_article_says_cannot_be_verified_is_unconfirmed(unverified):
    text = (
        "The ferry operator said in a statement that the engine fire had been caused by a faulty fuel pump.\n\n"
        f"The statement {unverified}.\n\nThe ferry leaves for Tallinn on Friday."
    )
    claim = checked_in_one_article("A faulty fuel pump caused the engine fire on the ferry", text)
    assert [s.stance for s in claim.stances] == ["unconfirmed"]


@pytest.mark.parametrize("said", ["said to show", "said to be of"])
def test_a_picture_said_to_show_what_the_claim_says_leaves_it_unconfirmed(said):
    text = (
        f"A photograph {said} a brown bear on the beach at Pärnu spread rapidly on social media on Sunday.\n\n"
        "The beach stayed open all day."
    )
    claim = checked_in_one_article("A brown bear was seen on the beach at Pärnu on Sunday", text)
    assert [s.stance for s in claim.stances] == ["unconfirmed"]


@pytest.mark.parametrize(
    ("text", "claim", "disputing"),
    [
        (  # a source's negation denies what its sentence on the same event does not support
            "A Turkish army helicopter made an emergency landing in farmland west of Kars on Saturday, the Defence "
            "Ministry said.\n\nIn a written statement, the ministry said the helicopter had put down safely after a "
            "technical fault and that none of the four crew members had been hurt.\n\nThe ministry did not respond "
            "to questions about the landing site.",
            "Two crew members were injured in the Turkish helicopter landing near Kars",
            ["government:ministry"],
        ),
        (  # a fact-check's verdict is its own finding, beside the sources it quotes
            "CLAIM: A photo shared on Facebook shows a seal on the Narva bridge on Sunday.\n\n"
            "VERDICT: FALSE. The picture was taken at a zoo in Poland in 2018.\n\n"
            "A reverse image search found the same photo on the zoo's website.\n\n"
            "Estonia's Police and Border Guard Board said there had been no seal sighting on the Narva bridge. "
            "The bridge was open as normal all day, it said.",
            "A seal was seen on the Narva bridge on Sunday",
            ["outlet:coastal ledger", "state:estonia"],
        ),
    ],
)
def test_who_denies_a_claim_in_an_article_that_denies_it(text, claim, disputing):
    checked_claim = checked_in_one_article(claim, text)
    assert [s.stance for s in checked_claim.stances] == ["denies"]
    assert [o.key for o in checked_claim.origins["supporting"]] == []
    assert sorted(o.key for o in checked_claim.origins["disputing"]) == disputing


def test_a_documents_words_stop_where_the_one_quoting_it_calls_it_false():
    text = (
        '"A release today on one website stated that “The village of Kuru has been quarantined after a family '
        "of five tested positive for cholera. This report is entirely false,” county judge Mart Kask said in a "
        "statement.\n\nThe village has about 130 residents."
    )
    claim = checked_in_one_article("The village of Kuru was quarantined because of cholera", text)
    stances = {m.chain[-1].name: m.stance for m in claim.mentions if m.chain}
    assert stances["Mart Kask"] == "denies"
    assert all(stance == "supports" for name, stance in stances.items() if name != "Mart Kask"), stances


def test_a_republished_report_and_denial_side_by_side_stay_unconfirmed():
    """One outlet relaying both sides is no single voice: who says each is what counts."""
    text = (
        "Radio Harju is reporting as follows:\n\n"
        "Nordvik had warned regulators about the ballast valve in January, the Baltic Courier reported on "
        "Wednesday, citing internal documents.\n\n"
        "Estonia's Maritime Safety Board said on Wednesday that it had no record of any warning from Nordvik about "
        "the ballast valve."
    )
    claim = checked_in_one_article("Nordvik warned regulators about the ballast valve in January", text)
    assert [s.stance for s in claim.stances] == ["unconfirmed"]


SPEECH_ACT_STORY = (
    "Militants said on Friday that a Latvian aid worker they held had been killed in an Estonian air strike near the "
    "border.\n\n{second}\n\n"
    "Estonian officials said the group had made false claims about hostages before."
)


@pytest.mark.parametrize(
    ("second", "supporting"),
    [
        (
            "Estonian officials cast doubt on the militants' claim that the aid worker had died in the strike.",
            ["state:estonia"],
        ),
        ("Estonian officials did not cast doubt on the militants' claim that the aid worker had died.", []),
        ("The militants' claim that the aid worker had died in the strike could not be verified.", []),
    ],
)
def test_a_claim_about_what_a_speaker_did_rests_on_the_speaker_the_article_names(second, supporting):
    """ "Estonian officials dismissed the militants' claim ...": a sentence saying in the article's words that they
    did, naming them, states it for them (its content is the act, not what they said); not a sentence that says
    they did not, or that does not name them."""
    text = SPEECH_ACT_STORY.format(second=second)
    claim = checked_in_one_article(
        "Estonian officials dismissed the militants' claim about the aid worker's death", text
    )
    assert [o.key for o in claim.origins["supporting"]] == supporting


def test_what_something_can_measure_states_no_figure_of_what_happened():
    """ "A pike of the Emajõgi can weigh up to 25 kg" says what a pike can weigh, not what this one weighed: no
    support of "weighed 21 kg" (nor, said as "at most 15 kg", a denial)."""
    text = (
        "The pike Ivo Tamm caught on the Emajõgi river on Sunday was weighed at the angling club.\n\n"
        "A pike of the Emajõgi can weigh up to 25 kg, the angling club said."
    )
    claim = checked_in_one_article("The pike Ivo Tamm caught on the Emajõgi river weighed 21 kg", text)
    origins = [o.key for side in ("supporting", "disputing") for o in claim.origins[side]]
    assert "unknown:angling club" not in origins


@pytest.mark.parametrize(
    ("said", "reference", "met"),
    [
        ("The agency erected road blocks", "The agency set up roadblocks", "roadblock"),
        ("She wore a head-scarf", "She was not wearing a headscarf", "headscarf"),
        ("A cease-fire was agreed", "The ceasefire held", "ceasefir"),
        ("She forgoes a headscarf", "She was not wearing a head scarf", "scarf"),
    ],
)
def test_a_compound_written_open_closed_or_hyphenated_is_one_term(said, reference, met):
    from collections import Counter

    from newstrace.assess.passages import compounded_as
    from newstrace.assess.words import statement_words

    terms, theirs = Counter(statement_words(said)), Counter(statement_words(reference))
    assert met in compounded_as(terms, theirs) and met in theirs


def test_a_claim_in_closed_compounds_is_stated_in_open_ones():
    text = (
        "Cholera was confirmed in the village of Kuru on Monday.\n\n"
        "The health agency quarantined the area, erecting road blocks and letting no one in or out, county judge "
        "Mart Kask said.\n\nThe village has about 130 residents."
    )
    claim = checked_in_one_article("The health agency set up roadblocks sealing off Kuru", text)
    assert [o.key for o in claim.origins["supporting"]] == ["person:mart kask"]


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("On May 3, 14 people were killed in the blast at the Tartu fuel depot, police said.", True),  # a month
        ("A blast at a fuel depot of that size could kill up to 14 people, police said.", False),
    ],
)
def test_a_month_named_may_is_no_modal_before_a_count(text, counted):
    from test_assess import article

    from newstrace.assess.statements import JUDGED_WORDS, statements_of

    (statement,) = statements_of(article("x", text, outlet="Coastal Ledger"), analyze_text(text), JUDGED_WORDS)
    assert any(term.startswith("#") for term in statement.terms) is counted


def test_a_refuting_word_in_a_sentence_far_from_the_claim_refutes_something_else():
    """The stance model finds the article related; its closest sentence, below the related bar, calls other
    reports misleading: no denial of the ransom claim."""
    from newstrace.assess.stance import ArticleSignal

    text = (
        "Snow closed the roads around Tartu on Monday.\n\n"
        "The militants are believed to have released misleading reports on the fate of their captives before."
    )

    def discussed(pairs):
        return [
            ArticleSignal("discuss", {"agree": 0.0, "disagree": 0.0, "discuss": 1.0, "unrelated": 0.0}) for _ in pairs
        ]

    claim = check_claim(
        "The militants demanded a ransom of 2 million euros for the aid worker's release",
        1,
        [article("x", text, outlet="Coastal Ledger")],
        {"x": analyze_text(text)},
        signals=discussed,
        embed=sentence_vectors,
    )
    assert [s.stance for s in claim.stances] != ["denies"]
    assert claim.origins["disputing"] == []


def _reading_of(claim: str, sentences: list[str]) -> Reading:
    """A reading of an article whose closest sentences are ``sentences``, closest first, all close in meaning."""
    text = " ".join(sentences)
    passages, start = [], 0
    for index, sentence in enumerate(sentences):
        start = text.index(sentence, start)
        passages.append(Passage(TextSpan(start, start + len(sentence), sentence), index, Counter()))
    claimed = Claimed(claim, claim_statement(claim))
    closest = [(0.76, 0.15, p) for p in passages]
    return Reading(article("x", text, outlet="Coastal Ledger"), closest, [], None, False, True, claimed)


def test_the_second_closest_sentence_saying_the_claim_did_not_happen_denies_it():
    claim = "Harbor Telecom will sell fishing licences in its shops."
    reading = _reading_of(
        claim,
        [
            "Notably, a telecom shop selling fishing licences is a plot point in a comedy series.",
            "The story spread fast, but the fact is there is no sign Harbor Telecom will sell fishing licences.",
        ],
    )
    judged = decide(reading)
    assert judged.stance == "denies" and judged.evidence[0].text.startswith("The story spread fast")


def test_a_quotation_saying_the_claim_did_not_happen_is_no_denial_in_the_articles_own_voice():
    claim = "Harbor Telecom will sell fishing licences in its shops."
    reading = _reading_of(claim, ["“No one at Harbor Telecom will sell fishing licences in its shops.”"])
    assert decide(reading).stance == "supports"


def test_a_source_that_would_not_confirm_the_report_leaves_it_unconfirmed():
    claim = "Skipper Ole Berg was hurt when his boat caught fire in Tromvik harbour on Tuesday."
    text = (
        "TROMVIK -- A neighbour tells the Coastal Ledger skipper Ole Berg was hurt when his boat caught fire in "
        "Tromvik harbour on Tuesday. Harbour police confirm there was a fire at the quay, but would not confirm "
        "that the skipper was hurt."
    )
    assert [s.stance for s in checked_in_one_article(claim, text).stances] == ["unconfirmed"]


@pytest.mark.parametrize(
    ("according", "stance"),
    [
        ("according to a report from the Coastal Ledger", "supports"),  # a named outlet's report, relayed
        ("according to a report by Baltic Wire", "supports"),
        ("according to some reports", "unconfirmed"),  # reports no one names
        ("according to unconfirmed reports", "unconfirmed"),
    ],
)
def test_a_report_named_by_its_outlet_is_relayed_and_reports_no_one_names_leave_it_unconfirmed(according, stance):
    text = (
        f"{according[0].upper()}{according[1:]}, the mayor of Parnu wants to close the old harbour. The harbour "
        "reopened on Monday.\n\nThe city council meets on Thursday."
    )
    claim = checked_in_one_article("The mayor of Parnu wants to close the old harbour", text)
    assert [s.stance for s in claim.stances] == [stance]


def test_a_source_refuting_that_claim_disputes_the_report_before_it():
    text = (
        "A passenger on the Nordvik ferry said he had seen the captain drinking on the bridge before it ran aground. "
        "Nordvik Ferries refuted that claim to the Tallinn Courier, however.\n\nThe ferry is being repaired in Turku."
    )
    claim = checked_in_one_article("The captain was drinking on the bridge before the ferry ran aground", text)
    disputing = [m for m in claim.mentions if m.stance == "denies"]
    assert [m.chain[-1].name for m in disputing] == ["Nordvik Ferries"]
    assert claim.disputing == 1


@pytest.mark.parametrize(
    ("said", "stance"),
    [
        ("Details are still coming in, but it appears the ferry ran aground off Hanko.", "unconfirmed"),
        ("The ferry will likely be towed to Turku after it ran aground off Hanko.", "unconfirmed"),
        ("Reports are beginning to circulate that the ferry ran aground off Hanko.", "unconfirmed"),
        ("The ferry ran aground off Hanko and will be towed to Turku.", "supports"),
    ],
)
def test_it_appears_and_will_likely_hedge_what_they_report(said, stance):
    text = f"{said}\n\nThe operator has six ships."
    claim = checked_in_one_article("The ferry ran aground off Hanko and will be towed to Turku", text)
    assert [s.stance for s in claim.stances] == [stance]


def test_a_source_saying_it_never_happened_is_the_sources_denial_not_the_articles():
    """A report and a source's denial side by side leave the claim unconfirmed, even under the headline "X says it
    never ...": the negation is the board's words, not the article's own."""
    text = (
        "Estonia's maritime board said on Wednesday that it had no record of any warning from Nordvik.\n\n"
        "Nordvik had warned regulators about the ballast valve in January, the Tallinn Courier reported on "
        "Wednesday, citing internal documents.\n\nThe ferry is being repaired in Turku."
    )
    found = [article("x", text, outlet="Radio Parnu", title="Board says it never received Nordvik valve warning")]
    claim = check_claim(
        "Nordvik warned regulators about a faulty valve", 1, found, {"x": analyze_text(text)}, embed=sentence_vectors
    )
    assert [s.stance for s in claim.stances] == ["unconfirmed"]


HOAX_LINES = (
    "At exactly 9:12 a.m. on March 3, the planet Mars will pass directly behind Venus. "
    "The combined pull of the two planets will make people float for almost a minute."
)
HOAX_STORY = {
    "spark": "Strange things happen in the sky every year. " + HOAX_LINES + " Readers should jump at 9:12.",
    "skynotes": "An article saying that Mars and Venus will make people float on March 3 is fake. "
    "The Daily Spark posted it on Monday, and it reads: " + HOAX_LINES + " "
    "The story began as a joke that the radio astronomer Maris Ots told listeners in 1981.",
    "ledger": "The Daily Spark's story about floating on March 3 is a hoax, astronomers say. "
    "The story claimed that the planet Mars will pass directly behind Venus at 9:12 a.m. on March 3.",
}


def _shared(a: str, b: str, text: str) -> CopiedPassage:
    """The passage ``text`` that articles ``a`` and ``b`` of HOAX_STORY share, as link finds it."""
    spans = []
    for key in (a, b):
        start = HOAX_STORY[key].index(text)
        spans.append(TextSpan(start, start + len(text), text))
    return CopiedPassage(a, b, *spans, similarity=1.0, a_share=0.5, b_share=0.5, direction="unknown", reason="")


@pytest.mark.parametrize(
    ("claim", "stances"),
    [
        (
            "Mars will pass directly behind Venus on March 3.",
            {"spark": "supports", "skynotes": "denies", "ledger": "denies"},
        ),
        ("The floating story began as a radio astronomer's joke in 1981.", {"skynotes": "supports"}),
    ],
)
def test_an_article_calling_a_report_false_denies_what_it_quotes_or_relays_of_it(claim, stances):
    """Sky Notes quotes the hoax (a passage it shares with the hoax) to debunk it, and the Ledger relays what
    "the story claimed" after calling it a hoax: both deny the hoax's details; the joke behind it is Sky Notes'
    own finding, which it supports."""
    articles = [article(key, text, outlet=key) for key, text in HOAX_STORY.items()]
    analyses = {a.external_id: analyze_text(a.text) for a in articles}
    copies = [_shared("spark", "skynotes", HOAX_LINES)]
    found = check_claim(claim, 1, articles, analyses, copies, signals=None, embed=sentence_vectors)
    judged_here = {s.article: s.stance for s in found.stances}
    assert {key: judged_here[key] for key in stances} == stances


@pytest.mark.parametrize(
    ("claim", "text", "stance"),
    [
        (
            "The picture of a space agency post about the floating day is fake.",
            '"These rumors are false and the picture of a space agency post about the floating day is fake," the '
            "agency said in a statement on Friday.",
            "supports",
        ),
        (
            "The singer's publicist called the tabloid's report rubbish.",
            "A rumor that the singer tore up the contract has been called \u201crubbish\u201d by the singer's "
            "publicist.",
            "supports",
        ),
        (
            "The anchor's old helicopter story was false, and the network knew it.",
            "The network reportedly knew that the anchor's old helicopter story was false.",
            "unconfirmed",
        ),
    ],
)
def test_what_a_sentence_calls_false_is_no_hedge_of_a_claim_calling_it_false(claim, text, stance):
    """A claim that something is false is supported by a sentence calling "these rumors" false or dismissing
    "a rumor" as rubbish; "reportedly" still hedges the report it opens."""
    assert [s.stance for s in checked_in_one_article(claim, text).stances] == [stance]


@pytest.mark.parametrize(
    ("claim", "text", "stance"),
    [
        (
            "The footage is proof that a wild man lives in the hills.",
            "Some have suggested the footage shows a bear in a coat, while others are convinced it is proof that a "
            "wild man lives in the hills.",
            "unconfirmed",
        ),
        (
            "Residents of the village left before the flood.",
            "Some residents of the village left before the flood while others stayed in their houses.",
            "supports",
        ),
    ],
)
def test_opinions_divided_between_some_and_others_leave_the_claim_unconfirmed(claim, text, stance):
    """ "Some suggest X, while others are convinced of Y" settles neither; some doing one thing and others
    another is no opinion."""
    assert [s.stance for s in checked_in_one_article(claim, text).stances] == [stance]


@pytest.mark.parametrize(
    ("text", "stance", "supporting"),
    [
        (
            "The Harju lighthouse is believed to be one of the oldest lighthouses in Estonia, Mart Kask said.",
            "mentions",
            0,
        ),
        ("The Harju lighthouse is the oldest lighthouse in Estonia, Mart Kask said.", "supports", 1),
        ("The Harju lighthouse, among the most visited in Estonia, is its oldest, Mart Kask said.", "supports", 1),
    ],
)
def test_one_of_the_oldest_mentions_a_claim_that_it_is_the_oldest_without_stating_it(text, stance, supporting):
    """Placed among the oldest, the lighthouse is neither said to be the oldest nor not to be: the article
    mentions the claim, and its source stands on no side of it."""
    found = checked_in_one_article("The Harju lighthouse is the oldest lighthouse in Estonia.", text)
    assert ([s.stance for s in found.stances], found.supporting) == ([stance], supporting)


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        (
            "The Lantern app's maker has moved to Tartu, its founder said on Monday, playing down speculation "
            "about a sale of the company.",
            "supports",
        ),
        ("The Lantern app's maker has moved to Tartu, its founder said, dismissing rumours of a sale.", "supports"),
        ("There is speculation that the Lantern app's maker has moved to Tartu.", "unconfirmed"),
    ],
)
def test_speculation_a_sentence_dismisses_does_not_hedge_what_it_says(text, stance):
    found = checked_in_one_article("The Lantern app's maker has moved to Tartu.", text)
    assert [s.stance for s in found.stances] == [stance]


PHONE_FARM = "A photo shows a worker before a hundred phones, working through apps one by one."


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        (
            "In the photo, a worker sits before a hundred phones, giving out fake ratings to apps one by one.",
            "supports",
        ),
        ("The photo of a worker before a hundred phones, working through apps one by one, is fake.", "denies"),
        ("The fake photo shows a worker before a hundred phones, working through apps one by one.", "denies"),
    ],
)
def test_fake_describing_something_the_claim_does_not_speak_of_is_no_verdict_on_it(text, stance):
    """ "Giving out fake ratings" describes the ratings, which the claim does not speak of; a photo said to be
    fake, or called "the fake photo", is the claim's photo found false."""
    assert [s.stance for s in checked_in_one_article(PHONE_FARM, text).stances] == [stance]
