"""Who a source is, against the real model: anonymity, definite mentions, outlet names; own-voice sentences."""

from __future__ import annotations

import pytest

from newstrace.analyze import analyze_text
from newstrace.analyze.sources import canonical_name


def sources_in_order(text: str) -> list[tuple[str, str, str | None]]:
    return [(s.name, s.type, s.affiliation) for a in analyze_text(text).attributions for s in a.sources]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A diplomat, who asked not to be named, said the talks had failed.",
            [("A diplomat", "anonymous", None)],
        ),
        (
            "The state-owned Syrian Arab News Agency (SANA) reported that the road had reopened.",
            [("Syrian Arab News Agency", "news_outlet", "Syria")],
        ),
        (
            "Iran's FARS news agency said the report was false.",
            [("FARS news agency", "news_outlet", "Iran")],
        ),
        ("Chilean officials said the mine would close.", [("Chilean officials", "anonymous", "Chile")]),  # a demonym
        ("Two newspapers said the mine would close.", [("Two newspapers", "news_outlet", None)]),  # outlets unnamed
        ("The mine will close, local media said.", [("local media", "news_outlet", None)]),
        ("Social media users said the mine would close.", [("Social media users", "unknown", None)]),
    ],
)
def test_source_names_types_and_affiliations(text, expected):
    assert sources_in_order(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a relative clause naming the outlet they spoke to does not make them an outlet
            "The bridge shook for several minutes, according to three commuters who spoke to the Northern Ledger "
            "on Friday.",
            [("three commuters", "group", None), ("Northern Ledger", "news_outlet", None)],  # the paper relays them
        ),
        (
            "The pier collapsed before dawn, said two tourists who talked to Radio Saare.",
            [("two tourists", "group", None), ("Radio Saare", "news_outlet", None)],  # the station relays them
        ),
        (  # nor does a participle saying who interviewed them, nor is the outlet their name
            "Four fishermen interviewed by the Harbour Herald said the nets had come up empty.",
            [("Four fishermen", "group", None), ("Harbour Herald", "news_outlet", None)],
        ),
        (  # the place she was going to is no affiliation
            '"The lights went out at once," said Mari Tamm, a nurse from Parnu who was flying to Norway.',
            [("Mari Tamm", "person", None)],
        ),
        (  # documents are told apart by who saw them: that clause stays in the name
            "Internal memos seen by the Coastal Times show that the pumps had failed.",
            [("Internal memos seen by the Coastal Times", "document", None)],
        ),
    ],
)
def test_a_clause_about_the_source_does_not_type_or_name_it(text, expected):
    assert sources_in_order(text) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The campaign group Alliance to Save Our Beaches said the pier was unsafe.", "Alliance to Save Our Beaches"),
        ("The charity Alliance to Rebuild Our Harbours said the pier was unsafe.", "Alliance to Rebuild Our Harbours"),
    ],
)
def test_a_name_with_a_clause_of_its_own_is_not_cut(text, name):
    assert sources_in_order(text)[0][0].endswith(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A senior navy official said the patrol boat had been recalled.",
            ("A senior navy official", "anonymous", None),
        ),
        (
            "The Russian defence ministry said the drills had ended.",
            ("Russian defence ministry", "government", "Russia"),
        ),
        (
            "Officials of the Finnish border guard said the crossing would reopen.",
            ("Officials of the Finnish border guard", "anonymous", "Finland"),
        ),
        ("Iran's Tasnim news agency said the claim was false.", ("Tasnim news agency", "news_outlet", "Iran")),
        ("An engineer, who asked not to be named, said the pumps had failed.", ("An engineer", "anonymous", None)),
        ("Pilots at the airfield said the runway had flooded.", ("Pilots at the airfield", "group", None)),
    ],
)
def test_the_core_phrase_keeps_type_affiliation_and_name(text, expected):
    assert sources_in_order(text)[0] == expected


def test_the_official_is_the_official_introduced_earlier():
    text = (
        "Four drones fell near the border on Monday, a senior defense official told reporters. "
        "The drones were launched from a ship, the official said."
    )
    first, second = [a.sources[0] for a in analyze_text(text).attributions]
    assert first.type == "anonymous"
    assert second == first  # one source, not two


def test_a_different_official_is_not_merged():
    text = "The ferry sank at dawn, a senior navy official said. The crew had been warned, a police spokesman said."
    first, second = [a.sources[0] for a in analyze_text(text).attributions]
    assert first.key != second.key


def test_own_voice_sentences_carry_firmness():
    text = (
        "The bridge reportedly collapsed after the storm. "
        "The mayor said repairs would take a year. "
        "The council did not approve the budget. "
        "Was anyone hurt?"
    )
    sentences = analyze_text(text, title="Did the bridge fall?").sentences
    by_start = {s.span.text: s for s in sentences}
    hedged = by_start["The bridge reportedly collapsed after the storm."]
    assert (hedged.voice, hedged.assertive, hedged.hedges) == ("own", True, ("reportedly",))
    assert by_start["The mayor said repairs would take a year."].voice == "attributed"
    assert by_start["The council did not approve the budget."].negated
    assert not by_start["Was anyone hurt?"].assertive
    [title] = [s for s in sentences if s.part == "title"]
    assert title.hedges == ("question headline",)


def test_entities_have_kinds_and_offsets():
    text = "Angela Ruiz of the Harbour Authority said 40 Danish sailors reached Aarhus on Tuesday."
    entities = analyze_text(text).entities
    kinds = {e.span.text: e.kind for e in entities}
    assert kinds.get("Angela Ruiz") == "person"
    assert kinds.get("Danish") == "nationality"
    assert kinds.get("40") == "number"
    assert all(text[e.span.start : e.span.end] == e.span.text for e in entities)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Reuters. Copyright", "Reuters"),
        ("Washington Free Beacon. Copyright 2014", "Washington Free Beacon"),
        ("AFP ©", "AFP"),
        ("the Tallinn Herald, all rights reserved", "the Tallinn Herald"),
        ("Copyright Agency", "Copyright Agency"),
    ],
)
def test_a_copyright_line_run_on_after_a_name_is_not_part_of_it(written, name):
    assert canonical_name(written) == name


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The bank will cut 500 jobs, according to people familiar with the plans.", "anonymous"),
        ("A person briefed on the talks said the deal was off.", "anonymous"),
        ("People close to the investigation said the bomb was hidden in a bag.", "anonymous"),
        ("Insiders said the chief executive would resign.", "anonymous"),
        ("Residents said the river rose overnight.", "group"),
        ("People in the town said the river rose overnight.", "group"),
    ],
)
def test_unnamed_people_described_by_their_access_are_anonymous_sources(text, kind):
    assert [found[1] for found in sources_in_order(text)] == [kind]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Supporters of Islamic State have claimed that the aid worker was killed.", "unknown"),
        ("The State Department said the report was false.", "government"),
        ("The state said the report was false.", "government"),
    ],
)
def test_state_ending_a_bodys_name_names_no_government(text, kind):
    """ "Islamic State" is a body's name: its supporters were read as a government, and then as the United
    States' (a word shared with "State Department")."""
    assert [found[1] for found in sources_in_order(text)] == [kind]


def test_a_body_named_by_a_word_of_another_language_for_a_body_is_an_organisation():
    text = (
        'Union president Rodrigo Fuentes said production had "fallen by half" by midday. "Without us, Punta Loma '
        'does not run," he said.\n\nMinera Punta Loma confirmed the stoppage but said the open-pit mine, about 40 '
        "kilometres south-east of Calama, was operating at around 90% of normal capacity."
    )  # the model tags "Punta Loma" a person here; "Minera" (mining company) opens a company's name
    found = [(s.name, s.type) for a in analyze_text(text).attributions for s in a.sources]
    assert found[-1] == ("Minera Punta Loma", "organisation")


def test_the_description_an_apposition_gave_a_person_names_that_person_later():
    text = (
        "“The valve had failed twice,” said Mart Kask, a navy veteran of two Baltic tours. "
        "Jane Roe, the port's fire chief, spoke at noon. "
        "“The crew never had a chance,” said the navy veteran. "
        "The fire chief said the blaze started in the engine room. "
        "The police chief said nobody was arrested."
    )
    names = [(s.name, s.type) for a in analyze_text(text).attributions for s in a.sources]
    assert names == [("Mart Kask", "person")] * 2 + [("Jane Roe", "person"), ("police chief", "government")]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Mart Kask, a Nordvik Ferries engineer, said the valve had failed.", "Nordvik Ferries"),
        ("Mart Kask, a former Nordvik Ferries engineer, said the valve had failed.", None),
        ("Mart Kask, a Marine Corps veteran, said the valve had failed.", None),
        ("Dr. Welat, one of four doctors in Kobane, said the wounded had burns.", None),  # a town, not a body
        ("A source in the Defense Ministry said the wounded had burns.", "Defense Ministry"),
        ("A Buckingham Palace spokesperson said the wounded had burns.", "Buckingham Palace"),  # whole name
        ("A former Nordvik deck officer, who asked not to be named, said the valve had failed.", None),
        ("Estonian Foreign Minister Mart Kask said the valve had failed.", "state"),  # an office of the state
        ("Former Estonian President Mart Kask said the valve had failed.", None),
        ("Estonian Senator Mart Kask said the valve had failed.", None),  # a legislator is no executive
        ("Mart Kask, head of the Narva civil defence, said the water rose.", "Narva civil defence"),  # a title's
        ("Mart Kask, head of the family, said the water rose.", None),  # no body
        ("Gaza civil defense spokesman Yusuf al-Haddad warned that the water would rise.", "state"),  # no body named
        ("A Nordvik spokesman, Mart Kask, said the valve had failed.", "Nordvik"),
    ],
)
def test_a_person_speaks_for_a_body_only_while_a_member(text, body):
    (source,) = [s for a in analyze_text(text).attributions for s in a.sources]
    assert source.speaks_for == body


@pytest.mark.parametrize("outlet", ["KBS", "Xinhua", "The Telegraph", "CNBC", "Al Jazeera", "Yonhap"])
def test_broadcasters_and_agencies_known_by_name_are_outlets(outlet):
    found = analyze_text(f"{outlet} reported that the border crossing had reopened.").attributions
    assert [s.type for a in found for s in a.sources] == ["news_outlet"]


def test_a_company_the_model_takes_for_a_person_is_an_organisation_and_so_is_its_description():
    text = (
        "Nordvik Shipping, the Tallinn-based company that operates the vessel, said in a statement that the main "
        "engine had shut down without warning.\n\n"
        "“All 19 crew members are safe and remain on board,” the company said."
    )
    sources = [(s.name, s.type) for a in analyze_text(text).attributions for s in a.sources]
    assert sources[0] == ("Nordvik Shipping", "organisation")
    assert all(kind != "person" for _, kind in sources)  # "the company" is no person either


def test_a_body_described_then_named_is_the_body_named():
    text = "The ferry's operator, Nordvik Ferries, has confirmed nine deaths."
    (source,) = [s for a in analyze_text(text).attributions for s in a.sources]
    assert (source.name, source.type) == ("Nordvik Ferries", "organisation")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kars Haber TV and the regional broadcaster Serhat FM both reported the landing.",
            [("Kars Haber TV", "news_outlet"), ("Serhat FM", "news_outlet")],  # "both" is no source
        ),
        (  # the model takes the newspaper's name for a person's
            "Radio Desierto and the Calama newspaper Diario Atacameño both reported that a mediator would be named.",
            [("Radio Desierto", "news_outlet"), ("Diario Atacameño", "news_outlet")],
        ),
    ],
)
def test_an_outlet_described_then_named_is_the_outlet_named(text, expected):
    assert [(name, kind) for name, kind, _ in sources_in_order(text)] == expected


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (  # a lead describes, the next sentence names: with an age, or a description of the same kind
            "A former Estonian soldier from Tartu told the Ledger on Wednesday that the bridge had been shelled. "
            "Mart Kask, 28, a former army soldier, joined the volunteers in May.",
            ("Mart Kask", "person"),
        ),
        (
            "A seal was resting on the bridge on Sunday, according to a local man whose photo has been shared "
            "widely.\n\nTiit Saar, 34, posted the picture on Facebook shortly after 10 a.m.",
            ("Tiit Saar", "person"),
        ),
        (  # someone else
            "A passenger said the bus was speeding. Jaan Tamm, 45, another passenger, said the road was icy.",
            ("passenger", "unknown"),
        ),
        (  # a body is no person
            "A Tallinn company said the plant was safe. Mart Kask, 45, the mayor, said the road was closed.",
            ("Tallinn company", "organisation"),
        ),
    ],
)
def test_a_source_described_in_the_lead_is_the_person_named_next(text, first):
    assert sources_in_order(text)[0][:2] == first


def test_a_speaker_is_neither_named_in_their_own_words_nor_quoted_with_them():
    text = (
        'Union president Rodrigo Fuentes said output had fallen by half. "Without us, Punta Loma does not run," he '
        'said. "Output has not been materially affected," spokeswoman Carolina Vidal said in a statement.'
    )
    assert sources_in_order(text)[1:] == [("Rodrigo Fuentes", "person", None), ("Carolina Vidal", "person", None)]


def test_he_is_the_speaker_just_quoted_not_a_name_met_before_him():
    text = (
        "Celebrity gardener Tom Reed spotted the mushrooms while filming a programme. A spokesman for the palace "
        'confirmed the find. "There are several hundred fungi species in the garden," he said. Reed told the Herald '
        'he would not eat any. "They are beautiful," he said.'
    )
    names = [name for name, _, _ in sources_in_order(text)]
    # the first "he" is the spokesman, not Tom Reed named a sentence before; the second is Reed, quoted last
    assert names[:4] == ["A spokesman for the palace", "A spokesman for the palace", "Tom Reed", "Tom Reed"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Harbor Telecom’s Carl Dunn said the company had no policy against the app.", ("Carl Dunn", "Harbor Telecom")),
        ("Estonia’s Maritime Safety Board said it had no record of any warning.", None),  # a body, not a person
    ],
)
def test_a_name_after_a_possessive_is_a_person_speaking_for_the_possessor(text, expected):
    [source] = [s for a in analyze_text(text).attributions for s in a.sources]
    if expected is None:
        assert source.type != "person"
    else:
        assert (source.name, source.type, source.speaks_for) == (*expected[:1], "person", expected[1])


def test_he_is_no_one_named_in_a_photo_caption():
    text = (
        "Last night a palace spokesman was keen to point out the fungus is not served at dinners. "
        "Pictured, the Queen talks to Anna Lindqvist (right), the deputy gardens manager, in 2009. "
        "He told the Herald: 'Fungi from the garden are not used in the palace kitchens.'"
    )
    assert [name for name, _, _ in sources_in_order(text)][-2:] == ["a palace spokesman", "Herald"]


def test_a_source_ends_with_the_name_it_ends_in():
    text = "Gaza civil defense services spokesman Yusuf al-Haddad warned that further flooding could follow."
    assert sources_in_order(text) == [("Yusuf al-Haddad", "person", "Palestine")]
