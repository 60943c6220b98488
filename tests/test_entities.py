"""Entities: every source of a story resolved to one real source, and that source to the principal it speaks for.

Sources are built by hand (as the analyze stage describes them), so these tests need no language model.
"""

from __future__ import annotations

import pytest

from newstrace.analyze.sources import country_of
from newstrace.assess.entities import document_author, name_key, resolve_entities
from newstrace.models import Source


def source(name: str, kind: str, affiliation: str | None = None, speaks_for: str | None = None) -> Source:
    return Source(name, name_key(name), kind, affiliation, speaks_for)


def principals(named: list[tuple[str, Source]]) -> list[str]:
    index = resolve_entities(named)
    return [index.entity(article, s).principal for article, s in named]


def test_a_ministry_its_spokesman_unnamed_officials_and_state_media_are_one_origin():
    named = [
        ("rt-1", source("Defense Ministry", "government", "Russia")),
        ("rt-1", source("Igor Konashenkov", "person", None, "Defense Ministry")),
        ("cnn-1", source("Konashenkov", "person")),
        ("cnn-1", source("Russian officials", "anonymous", "Russia")),
        ("cnn-1", source("RT", "news_outlet", "Russia", "state")),
        ("cnn-1", source("Kremlin", "government", "Russia")),
    ]
    assert set(principals(named)) == {"state:russia"}
    index = resolve_entities(named)
    konashenkov = index.entity("cnn-1", named[2][1])
    assert konashenkov.name == "Igor Konashenkov" and set(konashenkov.aliases) == {"Igor Konashenkov", "Konashenkov"}
    assert konashenkov.principal_name == "the Russian government"


def test_the_ministry_takes_the_country_of_the_ministry_its_article_named():
    named = [
        ("a", source("Defense Ministry", "government", "Iran")),
        ("a", source("ministry", "government")),
        ("b", source("Defense Ministry", "government", "Russia")),
        ("b", source("Igor Konashenkov", "person", None, "Defense Ministry")),
    ]
    assert principals(named) == ["state:iran", "state:iran", "state:russia", "state:russia"]


def test_a_spokesman_takes_the_one_state_the_story_gives_his_ministry():
    named = [
        ("a", source("Ministry of National Defence", "government", "Turkey")),
        ("b", source("Levent Korkmaz", "person", None, "defence ministry")),
    ]
    assert principals(named) == ["state:turkey", "state:turkey"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("U.N.", "organisation"), ("United Nations", "organisation")),
        (("FOX News", "news_outlet"), ("Fox News", "news_outlet")),
        (("SANA", "news_outlet"), ("Syrian Arab News Agency", "news_outlet")),
        (("ISIS", "organisation"), ("Islamic State group", "organisation")),
        (("Konashenkov", "person"), ("Igor Konashenkov", "person")),
        (("Defence Ministry", "government"), ("Defense Ministry", "government")),
        (("terror group ISIS", "organisation"), ("Islamic State militants", "government")),
        (("Digital retail company Amazon", "organisation"), ("Amazon.com", "organisation")),
        (("Supporters of Islamic State", "unknown"), ("ISIS", "organisation")),
        (("members of the Free Syrian Army", "unknown"), ("Free Syrian Army", "organisation")),
        (("Dario Ferrari", "person"), ("Dino Ferrari", "person")),
        (("De la Vega", "person"), ("Marta de la Vega", "person")),  # a surname of more than one word
        (("van Doorn", "person"), ("Pieter van Doorn", "person")),
        (("the palace", "organisation"), ("Buckingham Palace", "organisation")),
        (("its operator Baltic Ferries Group", "organisation"), ("Baltic Ferries Group", "organisation")),
        (("the ship's owner Nordvik Shipping", "organisation"), ("Nordvik Shipping", "organisation")),
        (("the Tallinn Courier's Weekend section", "news_outlet"), ("Tallinn Courier", "news_outlet")),
    ],
)
def test_name_variants_are_one_entity(first, second):
    named = [("a", source(*first)), ("b", source(*second))]
    index = resolve_entities(named)
    assert index.entity("a", named[0][1]).key == index.entity("b", named[1][1]).key


def test_an_organisation_and_its_spokespeople_are_one_and_the_company_is_the_one_named():
    named = [
        ("a", source("Minera Punta Loma", "organisation")),
        ("a", source("Carolina Vidal", "person", None, "Minera Punta Loma")),
        ("a", source("the company", "unknown")),
        ("b", source("a spokesperson for Minera Punta Loma", "anonymous", None, "Minera Punta Loma")),
    ]
    assert set(principals(named)) == {"organisation:minera punta loma"}


def test_the_company_is_no_person_speaking_for_a_body_nor_a_body_called_a_union():
    named = [
        ("a", source("Rodrigo Fuentes", "person", None, "Copper Workers' Union")),
        ("a", source("the company", "unknown")),
        ("b", source("the mine's largest union", "unknown")),
        ("b", source("Copper Workers' Union", "organisation")),
        ("b", source("the company", "unknown")),
    ]
    index = resolve_entities(named)
    assert index.entity("a", named[1][1]).key == "unknown:company"  # not Rodrigo Fuentes
    assert index.entity("b", named[4][1]).principal != "organisation:copper workers union"


def test_bodies_one_person_speaks_for_are_one_organisation():
    named = [
        ("a", source("Rodrigo Fuentes", "person", None, "SUTC")),
        ("b", source("Rodrigo Fuentes", "person", None, "Unified Copper Workers' Union")),
        (
            "b",
            source(
                "a spokesman for the Unified Copper Workers' Union", "anonymous", None, "Unified Copper Workers' Union"
            ),
        ),
        ("a", source("SUTC", "organisation")),
        ("a", source("Sindicato Unificado de Trabajadores del Cobre", "organisation")),  # the acronym's expansion
    ]
    assert len(set(principals(named))) == 1


def test_a_role_named_alone_speaks_for_the_body_just_named():
    named = [
        ("a", source("Maritime Safety Board", "government", "Estonia")),
        ("a", source("director general", "unknown")),
    ]
    assert principals(named) == ["state:estonia", "state:estonia"]


def test_each_named_person_and_each_outlet_is_its_own_origin():
    named = [
        ("a", source("Ingrid Solberg", "person")),
        ("b", source("Solberg", "person")),
        ("a", source("Arctic Post", "news_outlet")),
        ("b", source("Tor Eriksen", "person")),
    ]
    assert principals(named) == [
        "person:ingrid solberg",
        "person:ingrid solberg",
        "outlet:arctic post",
        "person:tor eriksen",
    ]


@pytest.mark.parametrize(
    ("name", "author"),
    [
        ("A statement attributed to the Islamic State group", "the Islamic State group"),
        ("The Isis statement", "Isis"),
        ("U.N. figures", "U.N."),
        ("Interior Ministry report", "Interior Ministry"),
        ("A statement attributed to Isis and posted online", "Isis"),
        ("A statement attributed to the Islamic State of Iraq and Syria", "the Islamic State of Iraq and Syria"),
        ("a statement released by a representative of her family on Friday", None),
        ("internal documents", None),
        ("documents seen by the Baltic Courier", None),
        ("A statement posted on a website sometimes used by Isis fighters and their supporters", "Isis fighters"),
        ("a video posted on YouTube", None),
    ],
)
def test_a_document_speaks_for_its_author_when_its_name_says(name, author):
    assert document_author(name) == author


def test_u_n_figures_and_united_nations_figures_are_one_origin():
    named = [("a", source("U.N. figures", "document")), ("b", source("United Nations figures", "document"))]
    assert principals(named) == ["organisation:united nations", "organisation:united nations"]


def test_a_given_name_alone_is_the_one_person_of_the_story_who_has_it():
    named = [
        ("a", source("Anneli Saar", "person")),
        ("b", source("Anneli", "person")),
        ("b", source("Tamm", "person")),
        ("c", source("Mart Tamm", "person")),
        ("c", source("Mart Kask", "person")),
        ("c", source("Mart", "person")),
    ]
    assert principals(named) == [
        "person:anneli saar",
        "person:anneli saar",
        "person:mart tamm",
        "person:mart tamm",
        "person:mart kask",
        "person:mart",  # two people of the story are called Mart: which one is not known
    ]


def test_a_given_name_that_is_also_a_surname_in_the_story_is_not_guessed():
    named = [
        ("a", source("Paul Simon", "person")),
        ("b", source("Simon Paul", "person")),
        ("b", source("Paul", "person")),
    ]
    assert principals(named)[2] == "person:simon paul"


def test_one_name_typed_differently_in_two_sentences_is_one_entity():
    named = [
        ("a", source("Harbour Line", "unknown")),
        ("a", source("Harbour Line", "organisation")),
        ("b", source("Harbour Line", "organisation")),
        ("b", source("Harbour Line", "person")),
    ]
    index = resolve_entities(named)
    assert {index.entity(article, s).key for article, s in named} == {"organisation:harbour line"}


def test_two_people_of_one_surname_and_unlike_given_names_stay_two():
    named = [("a", source("Jack Phillips", "person")), ("b", source("Jill Phillips", "person"))]
    assert len(set(principals(named))) == 2


def test_a_short_name_shared_by_two_bodies_of_the_story_is_not_guessed():
    named = [
        ("a", source("Buckingham Palace", "organisation")),
        ("b", source("Kensington Palace", "organisation")),
        ("c", source("the palace", "organisation")),
    ]
    assert len(set(principals(named))) == 3


def test_a_body_named_by_its_last_word_is_the_one_body_of_the_story_whose_name_ends_so():
    named = [
        ("a", source("Buckingham Palace spokesperson", "anonymous", None, "Buckingham Palace")),
        ("b", source("Palace officials", "anonymous", None, "Palace")),
        ("c", source("palace", "unknown")),
    ]
    assert set(principals(named)) == {"organisation:buckingham palace"}


def test_a_body_named_by_a_common_noun_or_its_first_word_is_the_one_body_of_the_story_so_named():
    named = [
        ("a", source("Maritime Safety Board", "government", "Estonia")),
        ("b", source("a spokesman for the board", "anonymous")),
        ("c", source("Nordvik Ferries", "organisation")),
        ("d", source("Nordvik", "organisation")),
    ]
    assert principals(named) == ["state:estonia", "state:estonia", *["organisation:nordvik ferries"] * 2]


def test_a_minister_and_a_ministry_of_one_state_are_one_origin():
    named = [
        ("a", source("Nasser Judeh", "person", "Jordanian", "state")),
        ("b", source("Jordanian government", "government", "Jordan")),
    ]
    assert set(principals(named)) == {"state:jordan"}


def test_an_unnamed_official_speaks_for_the_state_and_a_source_close_to_it_does_not():
    named = [
        ("a", source("a senior official", "anonymous", "North Korea")),
        ("b", source("a source with access to North Korea's leadership", "anonymous", "North Korea")),
        ("c", source("Palestinian minister", "organisation", "Palestine")),
    ]
    assert principals(named) == ["state:north korea", "anonymous:", "state:palestine"]
    assert resolve_entities(named).entity("a", named[0][1]).principal_name == "the North Korean government"


@pytest.mark.parametrize("name", ["Palestinian", "Palestine", "Palestinian Territory", "Dutch", "the Netherlands"])
def test_every_way_of_naming_a_country_gives_one_state(name):
    found = country_of(name)
    assert found in ("Palestine", "Netherlands") and country_of(found) == found


def test_a_body_named_in_another_language_is_called_what_its_name_says():
    named = [
        ("a", source("the company", "unknown")),
        ("a", source("Sindicato Unificado de Trabajadores del Cobre", "organisation")),  # a union, by its name
        ("a", source("Minera Punta Loma", "organisation")),
    ]
    assert principals(named)[0] == "organisation:minera punta loma"


def test_a_body_named_by_its_noun_is_the_one_a_person_of_the_article_speaks_for():
    named = [
        ("a", source("Rodrigo Fuentes", "person", None, "Copper Workers' Union")),
        ("a", source("the union", "unknown")),
        ("b", source("the mine's largest union", "unknown")),  # another article's: no short name takes it
    ]
    assert principals(named)[1] == "organisation:copper workers union"


def test_an_outlet_named_short_is_the_one_its_own_article_names_though_the_story_has_two():
    """An article saying "told the New York Post" and then "the Post reported" means the New York Post, though
    another article cites the Washington Post; named short where no article says which, it stays a name of its own."""
    named = [
        ("a", source("New York Post", "news_outlet")),
        ("a", source("Post", "news_outlet")),
        ("b", source("Washington Post", "news_outlet")),
        ("c", source("Post", "news_outlet")),
    ]
    index = resolve_entities(named)
    assert [index.entity(article, s).principal for article, s in named] == [
        "outlet:new york post",
        "outlet:new york post",
        "outlet:washington post",
        "outlet:post",
    ]


def test_an_outlet_named_by_what_it_is_or_by_its_report_is_that_outlet():
    """ "The paper reported" is the one outlet its article names; "the Courier story" is the Baltic Courier, the
    story's one outlet whose name ends so; "the paper" in an article naming two outlets stays unresolved."""
    named = [
        ("a", source("Baltic Courier", "news_outlet")),
        ("a", source("the paper", "unknown")),
        ("b", source("Courier story", "document")),
        ("c", source("Baltic Courier", "news_outlet")),
        ("c", source("Radio Harju", "news_outlet")),
        ("c", source("the paper", "unknown")),
    ]
    index = resolve_entities(named)
    principals = [index.entity(article, s).principal for article, s in named]
    assert principals[:3] == ["outlet:baltic courier"] * 3
    assert principals[5] not in ("outlet:baltic courier", "outlet:radio harju")
