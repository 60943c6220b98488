"""Assess: claims aligned across articles, stance, independent origins, conflicts, status."""

from __future__ import annotations

import pytest
from conftest import SEEDS, need

from newstrace.analyze import analyze_text
from newstrace.assess import assess_story, statement_stance
from newstrace.assess.counts import compatible
from newstrace.assess.origins import UNSOURCED
from newstrace.assess.stance import ArticleSignal
from newstrace.assess.statements import claim_statement
from newstrace.meaning import sentence_vectors
from newstrace.models import Article, CopiedPassage, TextSpan, sha256_hex


def article(external_id: str, text: str, *, outlet: str, published: str | None = None, title: str | None = None):
    return Article(
        external_id=external_id,
        text=text,
        outlet=outlet,
        title=title,
        published=published,
        source_path=external_id,
        extraction_method="test",
        raw_sha256=sha256_hex(text.encode()),
    )


def assess(articles, copies=(), *, embed=sentence_vectors):
    """As the product assesses a story (sentence vectors on), without the stance model unless a test gives one."""
    analyses = {a.external_id: analyze_text(a.text, a.published, title=a.title) for a in articles}
    return assess_story(1, articles, analyses, copies, embed=embed)


def claim_mentioning(claims, *words):
    """The first claim whose own statements (not those disputing it) say all ``words``; else the first whose
    statements do (a claim made only of its denial)."""
    found = []
    for kept in (("supports", "unconfirmed", "mentions"), ("supports", "unconfirmed", "mentions", "denies")):
        said = {c.id: " ".join(m.span.text for m in c.mentions if m.stance in kept).lower() for c in claims}
        found = found or [c for c in claims if all(w.lower() in said[c.id] for w in words)]
    assert found, f"no claim mentions {words}: {[c.text for c in claims]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("the ferry sank", {}, "supports"),
        ("the report was a hoax", {}, "denies"),
        ("the ferry sank", {"cue_class": "deny"}, "denies"),
        ("the ferry may have sunk", {}, "unconfirmed"),
        ("neither side had confirmed the information", {"negated": True}, "unconfirmed"),
        ("any trekkers are missing", {"negated": True, "cue_class": "confirm"}, "unconfirmed"),  # cannot confirm
        ("whether any of the crew survived", {}, "unconfirmed"),
        ("the ferry sank", {"hedges": ("reportedly",)}, "unconfirmed"),
        ("the attack was either chlorine gas or phosphorous shells", {}, "unconfirmed"),  # alternatives, none said
    ],
)
def test_statement_stance(text, kwargs, expected):
    assert statement_stance(text, **kwargs) == expected


WIRE = (
    "A cargo ship ran aground near the port of Varna early on Monday, and 19 crew members were "
    "taken off by helicopter, the Bulgarian coast guard said."
)
OWN = "The ship had lost engine power in a storm before it drifted onto the rocks near the harbour entrance."


def test_copies_do_not_inflate_support():
    wire = article("wire", f"{WIRE}\n\n{OWN}", outlet="Balkan Wire", published="2026-05-04T08:00:00+00:00")
    copy_text = f"{WIRE}\n\n{OWN}\n\nThe port authority said traffic was not affected."
    copy = article("copy", copy_text, outlet="Varna Daily", published="2026-05-04T10:00:00+00:00")
    own = article(
        "own",
        "The freighter lost engine power in a storm before it drifted onto the rocks near the harbour, "
        "our reporter on the quay saw.\n\n"
        "The ship had lost engine power in heavy weather and drifted onto rocks near the harbour.",
        outlet="Black Sea Post",
        published="2026-05-04T12:00:00+00:00",
    )
    start = copy_text.index(OWN)
    passage = CopiedPassage(
        a="wire",
        b="copy",
        a_span=TextSpan(0, len(wire.text), wire.text),
        b_span=TextSpan(0, start + len(OWN), copy_text[: start + len(OWN)]),
        similarity=1.0,
        a_share=1.0,
        b_share=0.8,
        direction="a->b",
        reason="earlier publication",
    )
    with_copy = claim_mentioning(assess([wire, copy, own], [passage]), "engine power")
    without = claim_mentioning(assess([wire, copy, own]), "engine power")
    mentioning = {m.article for m in with_copy.mentions}
    assert {"wire", "copy"} <= mentioning
    assert without.supporting == with_copy.supporting + 1  # the copy counted only without the passage
    copied = [m for m in with_copy.mentions if m.article == "copy"]
    assert all(m.collapsed == "copy of Balkan Wire, 2026-05-04T08:00:00+00:00 (wire)" for m in copied)
    coast_guard = claim_mentioning(assess([wire, copy, own], [passage]), "aground")
    assert coast_guard.supporting == 1 and coast_guard.status == "single_source"


def test_relays_of_one_anonymous_source_count_once_and_a_denial_disputes():
    first = article(
        "a",
        "Two drones fell on a farm in Moldova on Tuesday, Channel Nine and Radio East reported, citing unnamed "
        "Moldovan officials.",
        outlet="Daily Example",
        published="2026-02-03",
    )
    second = article(
        "b",
        "Two drones fell on a farm in Moldova on Tuesday, a senior Moldovan official told Channel Nine.\n\n"
        "The defence ministry of Ruritania said the report that two drones fell in Moldova was false.",
        outlet="Channel Nine",
        published="2026-02-03",
    )
    claim = claim_mentioning(assess([first, second]), "drones fell on a farm")
    supporting = {m.origin for m in claim.mentions if m.stance == "supports"}
    assert supporting == {"state:moldova"}  # one anonymous origin, however many outlets relay it
    relays = " / ".join(s.name for m in claim.mentions for s in m.chain[:-1])
    assert "Channel Nine" in relays and "Radio East" in relays
    assert claim.status in ("disputed", "denied")
    assert any(m.stance == "denies" for m in claim.mentions)
    assert claim.evidence[0].startswith(("Disputed", "Denied"))


def test_seeds_four_missiles_rest_on_one_anonymous_origin():
    texts = sorted(need(SEEDS).glob("*.txt"))
    articles = []
    for path, outlet in zip(texts, ("Fox News", "Blog"), strict=False):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        articles.append(article(path.stem, body.strip(), outlet=outlet, published="2015-10-08", title=title))
    claims = assess(articles)
    claim = claim_mentioning(claims, "missiles", "Iran")
    supporters = [m for m in claim.mentions if m.stance == "supports"]
    assert {m.article for m in supporters} == {a.external_id for a in articles}
    assert claim.supporting == 1  # unnamed U.S. officials, relayed by Fox News and CNN
    chains = [[s.name for s in m.chain] for m in supporters]
    assert any("Fox News" in chain and "CNN" in chain for chain in chains)
    assert any(chain[:1] == ["USA Today"] for chain in chains)  # the blog republishes USA Today's report
    relays = {s.name for m in claim.mentions for s in m.chain[:-1]}
    assert {"Fox News", "CNN", "USA Today"} <= relays
    # CNN's "... concluded they landed in Iran" restates the sentence before it; FARS refers back to it.
    fars = [m for m in claim.mentions if any("FARS" in s.name.upper() for s in m.chain)]
    assert fars and fars[0].stance == "unconfirmed" and fars[0].chain[-1].affiliation == "Iran"
    conflicting = [c for c in claims if c.id in claim.conflicts]
    russian = [s for c in conflicting for m in c.mentions for s in m.chain if s.affiliation == "Russia"]
    assert russian, "the Russian account is not linked as conflicting"
    assert claim.status == "disputed"
    assert claim.disputing == 1  # Russia's officials; who only said the missiles were fired disputes nothing
    assert claim.disputed_by == ["state:russia"]
    assets = [m for m in claim.mentions if any("intelligence assets" in s.name for s in m.chain)]
    assert assets and assets[0].origin == "state:united states"  # "they landed in Iran": the same US origin


SHARK = "A shark swam through the flooded Riverside shopping centre in Port Elwood on Sunday, residents said."


def shark_story():
    return [
        article("s1", SHARK + "\n\nVideos of the shark were shared thousands of times online.", outlet="Elwood Today"),
        article(
            "s2",
            "A shark swam through the flooded Riverside shopping centre in Port Elwood, residents said on Sunday.",
            outlet="Coast FM",
        ),
        article(
            "s3",
            "Images said to show a fish in a flooded mall went viral this week. Port Elwood police said the "
            "pictures were a hoax made with editing software, and the Riverside centre was never flooded.",
            outlet="Fact Desk",
        ),
    ]


def test_an_article_debunking_a_claim_denies_it_through_the_stance_model():
    articles = shark_story()
    analyses = {a.external_id: analyze_text(a.text) for a in articles}
    asked = []

    def stance(pairs):
        asked.append(len(pairs))
        return [
            ArticleSignal("disagree", {"disagree": 0.9}, refuting=TextSpan(0, 10, text[:10]))
            if "hoax" in text
            else ArticleSignal("unrelated", {"unrelated": 1.0})
            for _, text in pairs
        ]

    claim = claim_mentioning(assess_story(1, articles, analyses, stance=stance), "shark swam")
    denial = [m for m in claim.mentions if m.article == "s3"]
    assert denial and denial[0].stance == "denies"
    assert {s.article: s.stance for s in claim.stances}["s3"] == "denies"
    assert claim.status == "disputed" and asked


def test_the_shipped_stance_model_reads_a_debunk_as_denial():
    from newstrace.assess.stance import article_stances

    [(stance, evidence)] = article_stances([(SHARK, shark_story()[2].text)])
    assert stance == "denies", stance
    assert "hoax" in evidence.text


def test_a_republished_report_counts_for_the_outlet_that_wrote_it():
    own = "The vessel had left Rohuküla shortly after noon in calm weather, with 212 passengers on board."
    original = article("times", own, outlet="Island Times", published="2026-06-02T10:00:00+00:00")
    republished = article(
        "blog",
        f"The Island Times is reporting as follows…\n\n{own}",
        outlet="Ferry Watch Blog",
        published="2026-06-02T18:00:00+00:00",
    )
    claim = claim_mentioning(assess([original, republished]), "calm weather")
    assert {m.article for m in claim.mentions} == {"times", "blog"}
    assert {m.origin for m in claim.mentions} == {"outlet:island times"}  # no copy found, still one origin
    assert claim.supporting == 1 and claim.status == "single_source"
    [relayed] = [m for m in claim.mentions if m.article == "blog"]
    assert [s.name for s in relayed.chain] == ["Island Times"]


@pytest.mark.parametrize(
    ("first", "second", "conflicting"),
    [
        (
            "The ferry was carrying 186 passengers when it sank off Hiiumaa, the coast guard said.",
            "The ferry was carrying more than 200 passengers when it sank off Hiiumaa, the operator said.",
            True,
        ),
        (
            "Eight vessels and two helicopters took part in the rescue off Hiiumaa, the coast guard said.",
            "The operator of the ferry runs four vessels on routes around Hiiumaa, the company said.",
            False,  # a fleet and a rescue: different things counted
        ),
        (
            "Fourteen people died when the ferry sank off Hiiumaa, the coast guard said.",
            "The coast guard said the toll had risen and 16 people had died when the ferry sank off Hiiumaa.",
            False,  # a later figure, not a dispute
        ),
    ],
)
def test_different_counts_conflict_only_when_said_of_the_same_thing(first, second, conflicting):
    articles = [
        article("one", first, outlet="Island Times", published="2026-06-02T10:00:00+00:00"),
        article("two", second, outlet="Radio Hiiu", published="2026-06-02T18:00:00+00:00"),
    ]
    claims = assess(articles)
    by_article = {m.article: c for c in claims for m in c.mentions if m.stance == "supports"}
    a, b = by_article["one"], by_article["two"]
    assert a.id != b.id, [c.text for c in claims]
    assert (b.id in a.conflicts) is conflicting


def test_an_idiom_with_not_is_no_denial_and_survivors_do_not_contradict_the_dead():
    articles = [
        article(
            "one",
            "The condition of the old ferry has become the central question of the inquiry, officials said.\n\n"
            "Rescuers said 185 people had been rescued from the ferry and 11 were missing.",
            outlet="Island Times",
            published="2026-06-02T10:00:00+00:00",
        ),
        article(
            "two",
            "It is not the first time the condition of the old ferry has been questioned in an inquiry, officials "
            "said.\n\nRescuers said 16 people had died on the ferry and 11 were missing.",
            outlet="Radio Hiiu",
            published="2026-06-03T10:00:00+00:00",
        ),
    ]
    claims = assess(articles)
    assert not [m for c in claims for m in c.mentions if m.stance == "denies"], [c.evidence for c in claims]
    rescued = claim_mentioning(claims, "rescued")
    died = claim_mentioning(claims, "had died")
    assert died.id not in rescued.conflicts


def test_an_article_of_the_story_that_does_not_address_the_claim_is_judged_unrelated_and_counts_for_nothing():
    weather = article("s4", "Flood warnings stay in force for the coast of Port Elwood until Friday.", outlet="Weather")
    articles = [*shark_story(), weather]
    analyses = {a.external_id: analyze_text(a.text) for a in articles}
    claim = claim_mentioning(assess_story(1, articles, analyses, embed=sentence_vectors), "shark swam")
    stances = {s.article: s.stance for s in claim.stances}
    assert stances["s4"] == "unrelated" and stances["s1"] == "supports"
    assert not [m for m in claim.mentions if m.article == "s4"]
    assert claim.supporting == 1 and claim.status != "corroborated"  # one group of residents, relayed twice


def test_sentences_about_the_reporting_are_not_claims():
    text = (
        "The ferry operator Harbour Line suspended its Vormsi service on Monday after an engine fire.\n\n"
        "Harbour Line did not respond to written questions sent on Monday evening.\n\n"
        "The captain could not be reached for comment."
    )
    claims = assess([article("one", text, outlet="Island Times", published="2026-06-02")])
    texts = " ".join(m.span.text for c in claims for m in c.mentions)
    assert "suspended" in texts
    assert "respond" not in texts and "reached" not in texts


def test_a_denial_alone_is_a_denied_claim_and_open_questions_are_not_claims():
    text = (
        "Harbour Line denied cutting safety inspections on its ferries.\n\n"
        "Investigators said they were trying to establish what caused the engine fire on the Vormsi ferry."
    )
    claims = assess([article("one", text, outlet="Island Times", published="2026-06-02")])
    denied = claim_mentioning(claims, "safety inspections")
    assert [m.stance for m in denied.mentions] == ["denies"] and denied.status == "denied"
    assert not [m for c in claims for m in c.mentions if m.span.text.lower().startswith("what caused")]


def test_a_country_and_its_nationality_word_meet_in_one_claim():
    articles = [
        article(
            "one",
            "Two drones crashed in Moldova on Tuesday, the border police said.",
            outlet="Island Times",
            published="2026-06-02T10:00:00+00:00",
        ),
        article(
            "two",
            "Two drones fell on Moldovan territory near Ungheni, officials said.",
            outlet="Radio Hiiu",
            published="2026-06-02T12:00:00+00:00",
        ),
    ]
    claims = assess(articles)
    by_article = {m.article: c.id for c in claims for m in c.mentions if "drones" in m.span.text}
    assert by_article["one"] == by_article["two"], [c.text for c in claims]


def test_an_abbreviation_does_not_split_off_the_source_of_a_statement():
    # "a.m." once ended the sentence, leaving "The ferry sent ... a.m." in the outlets' own voice: two more origins
    body = "The ferry sent a distress call at 2:17 a.m. local time north of the port, according to the coast guard."
    articles = [
        article("a", body, outlet="Daily Example", published="2026-02-03"),
        article("b", body.replace("ferry", "ship"), outlet="Channel Nine", published="2026-02-03"),
    ]
    claim = claim_mentioning(assess(articles), "distress call")
    assert {m.origin for m in claim.mentions if m.stance == "supports"} == {"government:coast guard"}
    assert claim.supporting == 1


def _by_origin(claim):
    return {m.origin: m.stance for m in claim.mentions}


def test_a_negation_denies_only_what_it_reaches():
    passed = "The asteroid passed 25,000 miles from Earth on Sunday, astronomers at the observatory said."
    safe = "The asteroid passed 25,000 miles from Earth on Sunday and posed no danger to the planet, NASA said."
    denial = "The asteroid did not pass 25,000 miles from Earth on Sunday, a second observatory said."
    articles = [
        article("a", passed, outlet="Sky Daily", published="2026-02-03"),
        article("b", safe, outlet="Space Wire", published="2026-02-04"),
        article("c", denial, outlet="Star Post", published="2026-02-05"),
    ]
    stances = [m.stance for m in claim_mentioning(assess(articles), "asteroid passed").mentions]
    assert sorted(stances) == ["denies", "supports", "supports"]  # "no danger" says nothing against the pass


def test_measures_of_different_things_in_one_unit_do_not_conflict():
    wide = article("a", "The crater is 40 feet wide, army engineers said on Monday.", outlet="Sky Daily")
    deep = article("b", "The crater is 19 feet deep, army engineers said on Monday.", outlet="Space Wire")
    deeper = article("c", "The crater is 25 feet deep, army engineers said on Monday.", outlet="Star Post")
    claims = assess([wide, deep, deeper])
    by_text = {c.text: c for c in claims}
    wide_claim = next(c for t, c in by_text.items() if "wide" in t)
    deep_claims = [c for t, c in by_text.items() if "deep" in t]
    assert not wide_claim.conflicts  # width and depth are two measures, not two counts of one thing
    assert len(deep_claims) == 2 and deep_claims[0].conflicts == [deep_claims[1].id]


def test_crashing_into_something_is_not_missing_it():
    crashed = article("a", "The meteorite crashed into a wooded area near the airport, the army said.", outlet="Sky")
    hit = article(
        "b",
        "A meteorite hit the ground near the airport late on Saturday, shaking windows and rattling doors across the "
        "sprawling capital, residents said.",
        outlet="Wire",
    )
    lexical = assess([crashed, hit], embed=None)
    assert not [c for c in lexical if c.conflicts]
    (claim,) = assess([crashed, hit])  # by meaning, one claim: a meteorite came down near the airport
    assert claim.status == "corroborated" and claim.supporting == 2


def test_a_statement_without_the_contested_point_does_not_back_a_disputed_claim():
    fired = "Cruise missiles were fired from warships in the Caspian Sea on Wednesday, a Western diplomat said."
    hit = (
        "Cruise missiles fired from warships in the Caspian Sea on Wednesday hit all their targets, the Ruritanian "
        "defence ministry said."
    )
    missed = "Four of the cruise missiles missed their targets and fell in Moldova, officials in Moldova said."
    articles = [
        article("a", fired, outlet="Daily Example", published="2026-02-03T08:00:00+00:00"),
        article("b", hit, outlet="Channel Nine", published="2026-02-03T09:00:00+00:00"),
        article("c", missed, outlet="Radio East", published="2026-02-03T10:00:00+00:00"),
    ]
    claim = claim_mentioning(assess(articles), "hit all their targets")
    assert claim.conflicts and claim.status == "disputed"
    assert {m.article: m.stance for m in claim.mentions}["a"] == "mentions"  # says where from, not that they hit
    assert (claim.supporting, claim.disputing) == (1, 1)


def test_first_seen_compares_times_across_offsets():
    text = "The ferry Vormsi Star sank off the island on Monday, the coast guard said."
    later = article("ny", text, outlet="New York Desk", published="2026-03-10T10:48:00-04:00")  # 14:48 UTC
    earlier = article("tallinn", text, outlet="Tallinn Wire", published="2026-03-10T13:05:00+02:00")  # 11:05 UTC
    claim = claim_mentioning(assess([later, earlier]), "Vormsi Star sank")
    assert claim.first_seen == "2026-03-10T13:05:00+02:00"
    quoted = [line.strip() for line in claim.evidence if line.startswith("  ") and '"' in line]
    assert quoted[0].startswith("Tallinn Wire")  # the trail reads in time order


def test_a_count_of_some_others_is_no_total_to_contradict():
    fighting = article(
        "a", "About 500 Britons are fighting in Syria with the militants, officials in London said.", outlet="Sky"
    )
    charged = article(
        "b",
        "Two other Britons fighting in Syria with the militants were charged on Monday, police said.",
        outlet="Wire",
    )
    assert not [c for c in assess([fighting, charged]) if c.conflicts]


def test_a_negated_word_is_not_said():
    rumour = article(
        "a", "The actor Tom Vale is not dead, his agent said on Monday after rumours spread online.", outlet="Sky"
    )
    alive = article("b", "Tom Vale is alive and well and resting at home, his agent said on Monday.", outlet="Wire")
    assert not [c for c in assess([rumour, alive]) if c.conflicts]


def test_statements_are_grouped_by_meaning_not_only_shared_words():
    warned = "Nordvik had warned regulators about the faulty valve in January, documents show."
    denied = "The regulator said it never received any letter from Nordvik about the valve."
    articles = [
        article("a", warned, outlet="Baltic Courier", published="2026-01-01T08:00:00+00:00"),
        article("b", denied, outlet="Radio Harju", published="2026-01-01T09:00:00+00:00"),
    ]
    assert len(assess(articles, embed=None)) == 2  # few words in common: apart by words alone
    (claim,) = assess(articles)
    assert claim.status == "disputed"
    assert [m.stance for m in claim.mentions if m.article == "b"] == ["denies"]


@pytest.mark.parametrize(
    ("second", "restates"),
    [
        ("Divers said on Tuesday that they crashed into the harbour on Monday.", True),
        ("Skylift said it would pay for the damage to the harbour.", False),  # says more: a claim of its own
    ],
)
def test_a_pronoun_statement_saying_nothing_new_restates_the_one_before(second, restates):
    first = "Two cargo drones operated by Skylift crashed into the harbour at Port Elwood on Monday, officials said."
    claims = assess([article("a", f"{first} {second}", outlet="Harbour News")])
    claim = claim_mentioning(claims, "cargo drones")
    assert (len(claim.mentions) == 2) is restates


def test_an_article_restating_in_its_own_words_what_a_source_it_cites_reported_adds_no_origin():
    scoop = article(
        "wj",
        "The retailer Nordmark will open its first store in Tartu next spring, people familiar with the plans told "
        "the Weekly Journal.\n\nThe store will double as a warehouse for same-day deliveries in the city.",
        outlet="Weekly Journal",
        published="2026-04-01T08:00:00",
    )
    rewrite = article(
        "tp",
        "Nordmark will open its first store in Tartu next spring, the Weekly Journal reported on Wednesday.\n\n"
        "The store will double as a warehouse for same-day deliveries in the city.",
        outlet="Tartu Post",
        published="2026-04-01T11:00:00",
    )
    claim = claim_mentioning(assess([scoop, rewrite]), "warehouse", "same-day")
    supporting = {m.origin for m in claim.mentions if m.stance == "supports"}
    assert supporting == {"outlet:weekly journal"}  # the Post's own sentence restates the Journal it cites
    restated = next(m for m in claim.mentions if m.article == "tp")
    assert restated.collapsed and "Weekly Journal" in restated.collapsed
    assert claim.supporting == 1 and claim.status == "single_source"


def test_an_article_citing_nobody_who_reported_the_claim_keeps_its_own_origin():
    first = article(
        "a", "The bridge at Kuressaare was closed on Monday after a crack was found, the mayor said.", outlet="Saare"
    )
    second = article(
        "b",
        "The bridge at Kuressaare was closed on Monday after a crack was found.\n\nA ferry will run instead, the "
        "harbour master said.",
        outlet="Island Times",
    )
    claim = claim_mentioning(assess([first, second]), "bridge", "closed")
    supporting = {m.origin for m in claim.mentions if m.stance == "supports"}
    assert "outlet:island times" in supporting and len(supporting) == 2


@pytest.mark.parametrize(
    ("source", "names_no_one"),
    [
        ("the article", True),
        ("Claim", True),
        ("BREAKING", True),
        ("The bogus report", True),
        ("reports in the Turkish media", True),
        ("The Harbour Gazette report", False),
        ("claims by the ministry", False),
        ("Reuters", False),
    ],
)
def test_the_reportings_own_words_taken_for_a_speaker_add_no_origin(source, names_no_one):
    assert bool(UNSOURCED.match(source)) is names_no_one


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ({"20~"}, {"19"}, True),  # "about 20 stone" and "19 stone": one catch, rounded two ways
        ({"20"}, {"19"}, False),  # two exact figures
        ({"200~"}, {"150"}, False),  # "about 200" is not 150
        ({"3000+"}, {"3400"}, True),  # "more than 3,000"
        ({"200-"}, {"186"}, True),  # "up to 200 passengers" and "186 passengers"
        ({"200-"}, {"250"}, False),  # "fewer than 200" is not 250
    ],
)
def test_an_approximate_count_agrees_with_a_close_one(first, second, agree):
    assert compatible(first, second) is agree
    assert compatible(second, first) is agree


def test_a_typed_claim_keeps_the_qualifiers_of_its_counts():
    terms = claim_statement("The catch weighed about 127 kg, and more than 3,000 people saw it.").terms
    assert {t for t in terms if t.startswith("#")} == {"#:127~:kg", "#:3000+:peopl"}
    terms = claim_statement("The ferry can carry up to 200 passengers.").terms
    assert {t for t in terms if t.startswith("#")} == {"#:200-:passenger"}


@pytest.mark.parametrize(
    ("claim", "counts"),
    [
        ("The catfish weighed about 127 kg (roughly 280 lb / 20 stone).", {"#:127~:kg"}),
        ("It weighed about 280 pounds or 127 kilograms.", {"#:127~:kg"}),
        ("It weighed 127 kilograms.", {"#:127:kg"}),  # in the standard unit: as exact as written
        ("At least 14 dead or 20 injured.", {"#:14+:die", "#:20:injur"}),  # two counts, not one in two units
    ],
)
def test_a_figure_given_again_in_other_units_is_as_rough_as_the_first(claim, counts):
    assert {t for t in claim_statement(claim).terms if t.startswith("#")} == counts


@pytest.mark.parametrize(
    ("said", "count"),
    [
        ("The wels catfish was weighed at 280 pounds.", "#:127~:kg"),  # one weight in the standard unit
        ("The catch weighed 20 stone.", "#:127~:kg"),
        ("The crater is 8.7 feet deep.", "#:2.65~:m"),
        ("The wall is 3m high.", "#:3:m"),  # already in the standard unit: as exact as written
        ("The storm reached 100 mph.", "#:161~:km/h"),
        ("Over 300 lb of fish were landed.", "#:136+:kg"),  # a lower bound stays one
        ("The fine was 280 pounds sterling.", "#:280:pound"),  # money, not weight
        ("The deal was worth £280.", "#:280:pound"),
        ("The park covers 40 square miles.", "#:40:mil"),  # an area is no length
    ],
)
def test_a_measure_is_counted_in_the_standard_unit_of_its_dimension(said, count):
    from newstrace.assess.statements import statements_of

    found = statements_of(article("a", said, outlet="Court News"), analyze_text(said))
    assert {t for t in found[0].terms if t.startswith("#")} == {count}


def test_a_measure_in_other_units_is_stated_as_the_claim_words_it():
    from newstrace.assess.passages import Claimed, Scorer
    from newstrace.assess.statements import statements_of

    said = "The wels catfish was put in a sling and weighed out at 280 pounds."
    others = [
        "The catfish was weighed in the Po delta.",
        "The weighed catfish was released.",
        "A catfish weighed 50 kg.",
    ]
    passages = [
        s
        for i, text in enumerate([said, *others])
        for s in statements_of(article(f"a{i}", text, outlet=f"O{i}"), analyze_text(text))
    ]
    scorer = Scorer(passages, None)
    text = "The catfish weighed about 127 kg."
    assert scorer.states(Claimed(text, claim_statement(text)), passages[0])


def first_stance(said: str, claim: str) -> str:
    """The stance toward ``claim`` of the first statement of an article saying ``said``."""
    from newstrace.assess.statements import final_stance, statements_of

    found = statements_of(article("a", said, outlet="Court News"), analyze_text(said))
    return final_stance(found[0], claim_statement(claim))


@pytest.mark.parametrize(
    ("said", "denies"),
    [
        ("Mushrooms from the garden are not used in the palace kitchens.", False),  # shares "palace" alone
        ("The mushrooms did not grow in the palace garden.", True),  # its negated predicate is the claim's
        ("No mushrooms were found in the garden of the palace.", True),  # shares what the claim says
        ("Gardeners never saw any fungus at Buckingham Palace.", True),  # it reaches a name the claim says
    ],
)
def test_a_negation_denies_a_claim_only_where_it_reaches_what_the_claim_says(said, denies):
    assert (
        first_stance(said, "Mushrooms were found growing in the garden of Buckingham Palace.") == "denies"
    ) is denies


@pytest.mark.parametrize(
    ("said", "stance"),
    [
        ("The cockpit pictures of the prince are old and misleading.", "supports"),  # the debunk, said again
        ("The cockpit photos of the prince turned out to be recycled images.", "supports"),
        ("The prince flew the raid, as cockpit photos of him show.", "mentions"),  # what the debunk debunks
        ("The museum showed old cockpit photos of the prince.", "mentions"),  # an old photo, said to be nothing
    ],
)
def test_pictures_said_to_be_old_debunk_what_they_were_offered_for(said, stance):
    claim = "Cockpit photos offered as proof that the prince flew the raid were old images."
    assert statement_stance(claim) == "denies"
    assert first_stance(said, claim) == stance


@pytest.mark.parametrize(
    ("said", "stance"),
    [
        ("The lie is this: that the river flooded because the dam gates were opened.", "denies"),
        ("Officials call it a blatant lie that the dam gates were opened.", "denies"),
        ("The town lies below the dam whose gates were opened.", "supports"),  # the verb denies nothing
    ],
)
def test_what_a_statement_calls_a_lie_it_denies(said, stance):
    assert first_stance(said, "The dam gates were opened and the river flooded.") == stance


def test_denying_what_a_negative_claim_says_did_not_happen_supports_it():
    said = "The lie is this: that the river flooded because the dam gates were opened."
    assert first_stance(said, "The dam has no gates that could flood the river.") == "supports"
    assert first_stance("The dam gates were opened, flooding the river.", "The dam has no gates.") == "denies"


def test_a_refuting_word_near_a_claim_refutes_it_only_in_a_sentence_close_to_it():
    """An article stating a claim may call another report false: that denies the other report, not the claim."""
    texts = {
        "c": "Reports of the Norland king's flight sortie against rebel targets are false, palace spokesman Omar Tal "
        "said. Rebels hold the north.",
        "d": "Reports of the king's flight sortie against rebel targets are false, said Omar Tal, the palace "
        "spokesman. The rebels hold the north.",
        "a": "Reports that the Norland king, himself a pilot, will fly sorties on rebel targets spread on Monday.",
    }
    found = assess([article(k, text, outlet=f"Outlet {k}") for k, text in texts.items()])
    claim = claim_mentioning(found, "rebels", "north")
    assert claim.disputing == 0 and claim.supporting == 2


def test_a_claim_reads_as_its_plainest_statement_not_its_longest():
    """Of statements saying one thing, the claim's text is one a fact-checker would list: the long sentence that
    also carries colour and asides reads worse than the plain one, though it shares as many of the words."""
    from newstrace.assess.claims import representative
    from newstrace.assess.grouping import Group
    from newstrace.assess.statements import statements_of

    texts = [
        "Twitter is buzzing tonight about how Norland state television allegedly blurred the queen's face during the "
        "visit, thanks to a video that an anonymous account posted and that thousands of people have shared since.",
        "Norland state television blurred the queen's face during the visit.",
    ]
    said = [statements_of(article(f"a{i}", t, outlet=f"O{i}"), analyze_text(t))[0] for i, t in enumerate(texts)]
    centroid = said[0].terms + said[1].terms
    assert representative(Group(said, centroid)) is said[1]


def test_a_count_agreeing_with_the_claims_count_of_the_same_thing_is_one_term_with_it():
    from newstrace.assess.counts import counted_as

    claim = claim_statement("More than 3,000 people were displaced by the landslide").terms
    said = claim_statement("About 3,400 people have been displaced by the landslide that buried three villages").terms
    other = claim_statement("About 2,000 people have been displaced by the landslide").terms
    assert "#:3000+:displace" in counted_as(said, claim) and "#:3400~:displace" not in counted_as(said, claim)
    assert "#:3000+:displace" not in counted_as(other, claim)
    assert claim_statement("3,400 people").terms.keys() & claim_statement("3,400 persons").terms.keys()


@pytest.mark.parametrize(
    "forms",
    [("require", "requires", "required"), ("rule", "rules"), ("missile", "missiles"), ("fire", "fired", "fires")],
)
def test_the_forms_of_a_word_are_one_term(forms):
    from newstrace.assess.words import stem

    assert len({stem(form) for form in forms}) == 1


@pytest.mark.parametrize(
    ("said", "stance"),
    [
        ("The king will fly sorties against ISIS himself, a commentator wrote.", "mentions"),  # what was denied
        ("A government spokesman denied that the king was flying missions.", "supports"),
        ("The king is not flying combat missions, the palace said.", "supports"),
    ],
)
def test_what_a_denial_claim_says_was_denied_does_not_support_the_denial(said, stance):
    assert (
        first_stance(said, "Jordan's government denied that the king was flying combat missions against ISIS.")
        == stance
    )


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Photo is from the Nordic Angler Facebook page", False),  # a credit, run in as a caption
        ("Photo: Coast Guard handout", False),
        ("Photos from the lake show the angler holding the huge fish beside his boat", True),  # what they show
    ],
)
def test_a_credit_or_a_note_on_the_reporting_is_no_statement(sentence, kept):
    from newstrace.assess.statements import statements_of

    text = f"The pike was put in a sling and weighed out at 60 pounds. {sentence}\nThe angler released it."
    found = statements_of(article("a", text, outlet="Court News"), analyze_text(text))
    start = text.index(sentence)
    assert any(start <= s.span.start < start + len(sentence) for s in found) is kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("The mayor, a trained diver, could join the search for the trawler himself, it has been revealed.", True),
        ("The skipper had radioed for help twice, it has been revealed.", True),
        ("The skipper had radioed for help twice, it said.", False),  # "it": someone the analysis did not resolve
    ],
)
def test_a_report_that_names_no_one_is_a_statement_with_no_source(sentence, kept):
    from newstrace.assess.statements import statements_of

    text = f"The trawler Nordlys sank off Hammerfest on Monday. {sentence}"
    found = statements_of(article("a", text, outlet="Court News"), analyze_text(text))
    start = text.index(sentence)
    said = [s for s in found if start <= s.span.start < start + len(sentence)]
    assert bool(said) is kept
    assert all(s.chain == () for s in said)


@pytest.mark.parametrize(
    ("said", "stance"),
    [
        ("Birth certificates bearing the leader's name would also be rejected.", "supports"),  # what happened
        ("Reports that officials reject such certificates are a hoax.", "denies"),  # a verdict on it
    ],
)
def test_a_denial_word_the_claim_itself_says_is_no_denial_of_it(said, stance):
    claim = "Officials were told to reject birth certificates for newborns named after the leader."
    assert first_stance(said, claim) == stance


@pytest.mark.parametrize(
    ("said", "stance"),
    [
        (  # a topic, no statement of hers
            "Solberg has not said anything about how the fire started, and she told Polar Radio she was unhappy that "
            'her words were being used "to spread rumours about people in this town".',
            None,
        ),
        ("Police said they were not ruling out that the fire had been started deliberately.", "unconfirmed"),
    ],
)
def test_what_a_source_left_open_is_no_denial(said, stance):
    from newstrace.assess.statements import JUDGED_WORDS, final_stance, statements_of

    claim = claim_statement("The fish plant fire was started deliberately.")
    judged = statements_of(article("a", said, outlet="Court News"), analyze_text(said), JUDGED_WORDS)
    found = [s for s in judged if s.chain]
    assert [final_stance(s, claim) for s in found if "fire" in s.span.text] == ([stance] if stance else [])


def test_what_someone_knew_is_the_assertion_of_whoever_relays_it():
    """In "'[X] knew this was false,' an insider told the Post", the insider says it was false; X said nothing."""
    from newstrace.assess.statements import statements_of

    said = (
        "‘Jan Tamm and [former harbour master] Peeter Kask knew this was a false story for a long time,’ an insider "
        "told the Tallinn Courier."
    )
    found = statements_of(article("a", said, outlet=None), analyze_text(said))
    chains = {tuple(source.name for source in statement.chain) for statement in found}
    assert chains == {("Tallinn Courier", "an insider")}
