"""Quantities, dates and places: tables of real-looking sentences against the real model.

Expected values are worked out by hand from the sentences (2015-10-08 was a
Thursday), not copied from the program's output.
"""

from __future__ import annotations

import math
from importlib import resources

import pycountry
import pytest

from newstrace.analyze import load_model
from newstrace.analyze.dates import find_dates
from newstrace.analyze.places import find_places, gazetteer, name_key
from newstrace.analyze.quantities import find_quantities, number_value

PUBLISHED = "2015-10-08"  # a Thursday, the day the seed articles appeared
# Towns smaller than this that share a province's name may lie anywhere in the country.
MIN_NAMESAKE_POPULATION = 50_000
# Provinces so large that their centre lies far from the city they are named after (Quebec reaches the Arctic).
FAR_FROM_NAMESAKE = {"Quebec"}


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def check_offsets(doc, records) -> None:
    """Every span points into the text, inside the sentence it names."""
    sentences = list(doc.sents)
    for record in records:
        span = record.span
        assert doc.text[span.start : span.end] == span.text
        sentence = sentences[record.sentence]
        assert sentence.start_char <= span.start < span.end <= sentence.end_char, (record, sentence.text)


# --- quantities ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Four cruise missiles launched from a Russian warship crashed in Iran on Thursday.",
            [("Four cruise missiles", 4, "cruise missile", None)],
        ),
        (
            "Russian officials said 26 cruise missiles have already hit the provinces of Raqqa and Aleppo.",
            [("26 cruise missiles", 26, "cruise missile", None)],
        ),
        (
            "Police said at least four people were killed and more than 200 passengers were hurt.",
            [
                ("at least four people", 4, "person", "at least"),
                ("more than 200 passengers", 200, "passenger", "more than"),
            ],
        ),
        (
            "Syria's conflict has so far killed 250,000 people, according to U.N. figures.",
            [("250,000 people", 250_000, "person", None)],
        ),
        ("Russia supplies 60 percent of Turkey's gas needs.", [("60 percent", 60, "percent", None)]),
        ("Russia supplies 60% of Turkey’s gas needs.", [("60%", 60, "percent", None)]),
        (
            "Two helicopters and a dozen soldiers were lost in the attack.",
            [("Two helicopters", 2, "helicopter", None), ("a dozen soldiers", 12, "soldier", None)],
        ),
        ("The fighting has displaced 1.5 million.", [("1.5 million", 1_500_000, None, None)]),
        (
            "Activists said at least one of the cruise missiles landed in an open area.",
            [("at least one of the cruise missiles", 1, "cruise missile", "at least")],
        ),
        ("Twenty-five civilians died.", [("Twenty-five civilians", 25, "civilian", None)]),
        ("The company paid $5 million in fines.", [("$5 million", 5_000_000, "dollar", None)]),
        # a price is in its currency, whatever it buys
        ("He bought a £418 million stake in the club.", [("£418 million", 418_000_000, "pound", None)]),
        # an abbreviated unit just after the number is the unit, whatever the parser hangs the number on
        (
            "It weighed roughly 280 lb / 20 stone and was 2.67 m. long.",
            [("roughly 280 lb", 280, "lb", "roughly"), ("20 stone", 20, "stone", None), ("2.67 m.", 2.67, "m", None)],
        ),
    ],
)
def test_quantity_table(nlp, sentence, expected):
    doc = nlp(sentence)
    found = find_quantities(doc)
    assert [(q.span.text, q.value, q.unit, q.qualifier) for q in found] == expected
    check_offsets(doc, found)


@pytest.mark.parametrize(
    "sentence",
    [
        "The uprising began in March 2011.",  # a date, not 2011 of anything
        "The plane landed at 2:17 a.m. on Thursday.",  # a time
        "It was the first strike since 2011.",  # an ordinal and a year
        "No one was hurt.",  # "one" as a pronoun
        "A 42-year-old man was arrested.",  # an age
        "The Apollo 11 astronauts landed on the Moon.",  # part of a name
    ],
)
def test_sentences_without_quantities(nlp, sentence):
    assert find_quantities(nlp(sentence)) == []


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["250,000"], 250_000),
        (["1.5", "million"], 1_500_000),
        (["two", "hundred", "thousand"], 200_000),
        (["a", "dozen"], 12),
    ],
)
def test_number_value(words, value):
    assert number_value(words) == value


# --- dates --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Four cruise missiles crashed in Iran Thursday, a senior defense official told Fox News.",
            [("Thursday", "2015-10-08", "day")],
        ),
        (
            "Russia began launching missiles into Syria from warships on Wednesday, The Associated Press reported.",
            [("Wednesday", "2015-10-07", "day")],
        ),
        ("The conflict began as an uprising against Assad in March 2011.", [("March 2011", "2011-03", "month")]),
        ("The treaty was signed in 2011.", [("2011", "2011", "year")]),
        ("The vote was held on Oct. 8, 2015.", [("Oct. 8, 2015", "2015-10-08", "day")]),
        ("The minister said yesterday that talks would resume.", [("yesterday", "2015-10-07", "day")]),
        ("The ceasefire began last Thursday.", [("Thursday", "2015-10-01", "day")]),
        ("The ministers will meet on Tuesday.", [("Tuesday", "2015-10-13", "day")]),
        ("Soleimani traveled to Russia in August.", [("August", "2015-08", "month")]),
        ("Prices rose last month.", [("last month", "2015-09", "month")]),
    ],
)
def test_date_table(nlp, sentence, expected):
    doc = nlp(sentence)
    found = find_dates(doc, PUBLISHED)
    assert [(d.span.text, d.value, d.precision) for d in found] == expected
    check_offsets(doc, found)


@pytest.mark.parametrize(
    "sentence",
    [
        "The war lasted four years.",
        "Peace has eluded the region for the past decade.",
        "The talks took place over the weekend.",
    ],
)
def test_durations_are_not_dates(nlp, sentence):
    assert find_dates(nlp(sentence), PUBLISHED) == []


def test_without_publication_date_relative_dates_have_no_value(nlp):
    doc = nlp(
        "Four cruise missiles crashed in Iran Thursday after a visit in August. The uprising began in March 2011."
    )
    found = [(d.span.text, d.value, d.precision) for d in find_dates(doc, None)]
    # Resolving against today's date would give values to "Thursday" and "August".
    assert found == [("Thursday", None, "day"), ("August", None, "month"), ("March 2011", "2011-03", "month")]


def test_publication_time_keeps_the_outlets_own_date(nlp):
    doc = nlp("Russia began launching missiles on Wednesday.")
    found = find_dates(doc, "2015-10-08T23:30:00-05:00")  # already 2015-10-09 in UTC
    assert [(d.span.text, d.value) for d in found] == [("Wednesday", "2015-10-07")]


def test_bad_publication_date_is_refused(nlp):
    with pytest.raises(ValueError, match="ISO 8601"):
        find_dates(nlp("It happened on Thursday."), "8 Oct 2015")


# --- places -------------------------------------------------------------------------------------------------------


def places(nlp, sentence):
    doc = nlp(sentence)
    found = find_places(doc)
    check_offsets(doc, found)
    return found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The cruise missiles were fired from warships in the Caspian Sea, the official said.",
            [("Caspian Sea", "Caspian Sea", "sea", None)],
        ),
        (
            "Russian officials said missiles hit the provinces of Raqqa and Aleppo in the north and Idlib province.",
            [
                ("Raqqa", "Raqqa Governorate", "province", "SY"),
                ("Aleppo", "Aleppo Governorate", "province", "SY"),
                ("Idlib", "Idlib Governorate", "province", "SY"),
            ],
        ),
        (
            "The heavy fighting was concentrated in Idlib, Hama and Latakia provinces.",
            [
                ("Idlib", "Idlib Governorate", "province", "SY"),
                ("Hama", "Hama Governorate", "province", "SY"),
                ("Latakia", "Latakia Governorate", "province", "SY"),
            ],
        ),
        ("Activists in Raqqa said the missile landed nearby.", [("Raqqa", "Ar Raqqah", "city", "SY")]),
        (
            "Meanwhile in Brussels, U.S. Defense Secretary Ashton Carter warned Russia.",
            [
                ("Brussels", "Brussels", "city", "BE"),
                ("U.S.", "United States", "country", "US"),
                ("Russia", "Russia", "country", "RU"),
            ],
        ),
        (
            "Britain and the U.S. condemned the strikes.",
            [("Britain", "United Kingdom", "country", "GB"), ("U.S.", "United States", "country", "US")],
        ),
        (
            "Ships gathered in the Black Sea, the Gulf of Finland and the Persian Gulf.",
            [
                ("Black Sea", "Black Sea", "sea", None),
                ("Gulf of Finland", "Gulf of Finland", "sea", None),
                ("Persian Gulf", "Persian Gulf", "sea", None),
            ],
        ),
        (
            "Crimea was annexed by Russia.",
            [("Crimea", "Crimea", "region", "UA"), ("Russia", "Russia", "country", "RU")],
        ),
        (
            "Protesters marched in Atlanta, Georgia.",
            [("Atlanta", "Atlanta", "city", "US"), ("Georgia", "Georgia", "province", "US")],
        ),
        ("Russian and Syrian officials met Iranian diplomats.", []),  # demonyms are not places
        ("They met in Xyzzyville.", []),  # a name no gazetteer knows
    ],
)
def test_place_table(nlp, sentence, expected):
    found = places(nlp, sentence)
    assert [(p.span.text, p.name, p.kind, p.country) for p in found] == expected
    assert all(0 <= p.confidence <= 1 for p in found)


def test_places_have_plausible_coordinates(nlp):
    found = {p.name: p for p in places(nlp, "Ships sailed from the Caspian Sea toward Brussels and Idlib province.")}
    caspian, brussels, idlib = found["Caspian Sea"], found["Brussels"], found["Idlib Governorate"]
    assert 36.5 < caspian.latitude < 47.1 and 46.6 < caspian.longitude < 54.8  # the sea's extent
    assert abs(brussels.latitude - 50.85) < 0.1 and abs(brussels.longitude - 4.35) < 0.1
    assert 35.4 < idlib.latitude < 36.3 and 36.1 < idlib.longitude < 37.0


def test_the_text_saying_province_raises_confidence(nlp):
    (province,) = places(nlp, "Fighting spread across Raqqa province.")
    (city,) = places(nlp, "Activists in Raqqa said the missile landed nearby.")
    assert province.kind == "province" and city.kind == "city"
    assert city.confidence < province.confidence


def extra_rows():
    table = resources.files("newstrace.analyze").joinpath("data", "places_extra.tsv").read_text(encoding="utf-8")
    return [line.split("\t") for line in table.splitlines() if line and not line.startswith("#")]


def test_extra_table_is_well_formed():
    rows = extra_rows()
    assert 60 <= len(rows) <= 130
    for name, _aliases, kind, country, lat, lon, source in rows:
        assert kind in {"sea", "region", "province"}, name
        assert not country or pycountry.countries.get(alpha_2=country), name
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, name
        assert source, name
    names = {name_key(n) for row in rows for n in [row[0], *row[1].split("|")]}
    for wanted in ["Caspian Sea", "Gulf of Finland", "Middle East", "Gaza Strip", "Donbas", "Deir ez-Zor", "Homs"]:
        assert name_key(wanted) in names


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine, Earth radius 6371 km)."""
    p1, p2, dp, dl = map(math.radians, (lat1, lat2, lat2 - lat1, lon2 - lon1))
    return 2 * 6371 * math.asin(math.sqrt(math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2))


def test_provinces_lie_near_their_namesake_city():
    """Catches sign and digit slips in the hand-made table: a province is near the city it is named after."""
    index = gazetteer()
    checked = set()
    for name, aliases, kind, country, lat, lon, _source in extra_rows():
        if kind != "province" or name in FAR_FROM_NAMESAKE:
            continue
        for alias in [name, *aliases.split("|")]:
            for city in (h.entry for h in index.get(name_key(alias), [])):
                if city.kind == "city" and city.country == country and city.weight >= MIN_NAMESAKE_POPULATION:
                    assert distance_km(float(lat), float(lon), city.latitude, city.longitude) < 350, (name, city)
                    checked.add(name)
    assert len(checked) >= 15
