"""Counts in statements: quantities as terms ("#:4:missil"), what a count is of, and when two counts agree."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..analyze.quantities import SMALL_NUMBERS, number_value
from ..analyze.sources import country_of
from ..models import (
    Analysis,
    Place,
    TextSpan,
)
from .words import WORD, statement_words, stem

# Units that say nothing of what happened ("14 people"), and the event words that do.
GENERIC_UNITS = {"", *map(stem, ("person", "people"))}
# How a count of people is written when nothing near it says what happened to them: "3,400 people" and "more than
# 3,000 persons" count one thing.
PEOPLE = stem("people")
EVENT_WORDS = {
    "dead": "die",
    "die": "die",
    "death": "die",
    "kill": "die",
    "bod": "die",
    "missing": "missing",
    "rescu": "rescue",
    "saved": "rescue",
    "surviv": "rescue",
    "injur": "injure",
    "wound": "injure",
    "hurt": "injure",
    "evacuat": "evacuate",
    "displac": "displace",
    "homeless": "displace",
    "arrest": "arrest",
    "detain": "arrest",
    "passeng": "passenger",
    "aboard": "passenger",
    "board": "passenger",
}
# What can happen to counted people; counts of survivors and of dead are different people, not opposites.
PEOPLE_EVENTS = set(EVENT_WORDS.values())
PEOPLE_EVENT_WORDS = {"alive", "survived", "rescued", "dead", "died", "killed"}
# How far around a count of people to look for what happened to them.
EVENT_WINDOW_CHARS = 40
# Units that measure rather than count: one story gives many measures in one unit (a crater 40 feet wide and
# 19 feet deep, an asteroid 60 feet across), so a measure is told apart by the word that says of what.
MEASURE_UNITS = {
    "dollar", "euro", "pound", "yen", "percent", "inch", "foot", "feet", "yard", "mile", "meter", "metre",
    "kilometer", "kilometre", "centimeter", "centimetre", "millimeter", "millimetre", "mm", "cm", "km", "m",
    "gram", "kilogram", "kg", "ton", "tonne", "ounce", "acre", "hectare", "liter", "litre", "gallon", "barrel",
    "degree", "knot", "mph", "gb", "mb", "tb", "lb", "lbs", "stone", "ft", "oz",
}  # fmt: skip
# Measures of one dimension in one unit, so that "280 pounds", "20 stone" and "127 kg" are one weight: the stem
# of a unit -> (the unit it is written in, how many of it one makes). A converted figure is rounded (CONVERTED_DIGITS
# significant digits) and read as approximate: one figure in two units is rounded two ways.
IN_STANDARD_UNITS = {
    **dict.fromkeys(("kg", "kgs", "kilogram", "kilo"), ("kg", 1.0)),
    **dict.fromkeys(("lb", "lbs", "pound"), ("kg", 0.45359)),
    "ston": ("kg", 6.35029), "gram": ("kg", 0.001), "ounc": ("kg", 0.02835), "oz": ("kg", 0.02835),
    **dict.fromkeys(("ton", "tonn"), ("kg", 1000.0)),
    **dict.fromkeys(("m", "meter", "metr"), ("m", 1.0)),
    **dict.fromkeys(("km", "kilometer", "kilometr"), ("m", 1000.0)),
    **dict.fromkeys(("cm", "centimeter", "centimetr"), ("m", 0.01)),
    **dict.fromkeys(("mm", "millimeter", "millimetr"), ("m", 0.001)),
    **dict.fromkeys(("foot", "feet", "ft"), ("m", 0.3048)),
    "inch": ("m", 0.0254), "yard": ("m", 0.9144), "mil": ("m", 1609.34), "mi": ("m", 1609.34),
    "mph": ("km/h", 1.60934), "kph": ("km/h", 1.0), "km/h": ("km/h", 1.0),
}  # fmt: skip
CONVERTED_DIGITS = 3
# Around a figure in pounds, what makes it money rather than weight ("£5", "5 million pounds", "pounds sterling").
MONEY_POUNDS = re.compile(r"£|\b(?:million|billion|bn|sterling)\b", re.I)
# Words that make a unit of length another dimension or another length ("square miles", "nautical miles").
NOT_A_LENGTH = re.compile(r"\b(?:square|sq|cubic|nautical)\b", re.I)
# How many characters after a figure in pounds to look for what makes it money ("5 pounds sterling").
MONEY_WINDOW_CHARS = 12
# A quantity as assess reads it: value, what is counted, qualifier, where, and whether it is a measure.
Counted = tuple[float, str, str | None, TextSpan, bool]
# How far after a measure to look for what it measures ("60 feet in diameter", "40 feet (12 metres) wide").
DIMENSION_WINDOW_CHARS = 40
# A count of a part, not a whole: "two other Britons", "45 more shows", "one of the world's poorest countries".
PART_OF_COUNT = re.compile(
    r"(\d|\b[a-z]+)\s+(other|more|additional|another|extra|further)\b|^\W*one\s+of\s+(the|its|their)\b", re.I
)
# Words either side of a count that say what it is a count of (and in how many characters to look for them).
COUNT_CONTEXT_WORDS = 3
COUNT_CONTEXT_CHARS = 60
# Quantity qualifiers that make a count a lower bound, compatible with any larger count.
LOWER_BOUNDS = {"at least", "more than", "over", "greater than", "as many as", "upwards of"}
# Quantity qualifiers that make a count an upper bound, compatible with any smaller count: "up to 200
# passengers" does not contradict "186 passengers".
UPPER_BOUNDS = {"at most", "up to", "less than", "fewer than", "under"}
# Quantity qualifiers that make a count approximate, compatible with a count within APPROXIMATE_MARGIN of it:
# "a catfish of about 20 stone" and "a 19-stone catfish" are one catch, rounded two ways.
APPROXIMATE = {"about", "around", "nearly", "almost", "some", "roughly", "approximately", "an estimated"}
APPROXIMATE_MARGIN = 0.1


def compatible(values_a: set[str], values_b: set[str]) -> bool:
    """Some pair of counts agrees: equal, one a bound ("at least 1", "up to 200") the other meets, or one
    approximate ("about 20") and the other within APPROXIMATE_MARGIN of it."""
    for x in values_a:
        for y in values_b:
            low_x, low_y = x.endswith("+"), y.endswith("+")
            high_x, high_y = x.endswith("-"), y.endswith("-")
            vx, vy = float(x.rstrip("+~-")), float(y.rstrip("+~-"))
            if vx == vy or (low_x and vy >= vx) or (low_y and vx >= vy) or (low_x and low_y):
                return True
            if (high_x and vy <= vx) or (high_y and vx <= vy) or (high_x and high_y):
                return True
            if (x.endswith("~") or y.endswith("~")) and abs(vx - vy) <= APPROXIMATE_MARGIN * max(vx, vy):
                return True
    return False


def counted_as(terms: Counter, reference: Iterable[str]) -> Counter:
    """``terms`` with each count written as the reference's count of the same thing that it agrees with
    ("#:3400~:displace" as "#:3000+:displace"), so that the two meet as one term."""
    theirs = [t for t in reference if t.startswith("#")]
    if not theirs or not any(t.startswith("#") for t in terms):
        return terms
    renamed = Counter()
    for term, count in terms.items():
        if term.startswith("#") and term not in theirs:
            _, value, unit = term.split(":", 2)
            term = next((t for t in theirs if t.endswith(f":{unit}") and compatible({value}, {t.split(":")[1]})), term)
        renamed[term] += count
    return renamed


def counts_of(terms: Iterable[str]) -> dict[str, set[str]]:
    """Unit -> the values the terms give for it ("#:4:missil" -> {"missil": {"4"}})."""
    found: dict[str, set[str]] = defaultdict(set)
    for term in terms:
        if term.startswith("#"):
            _, value, unit = term.split(":", 2)
            found[unit].add(value)
    return found


def counts_agree(counts: dict[str, set[str]], centroid: Counter) -> bool:
    """No count of the statement contradicts one of the claim's: "186 passengers" is another claim than "200"."""
    if not counts:
        return True
    theirs = counts_of(centroid)
    return all(compatible(values, theirs[unit]) for unit, values in counts.items() if unit and unit in theirs)


def terms_of(text: str, quantities: list[Counted]) -> Counter:
    """Stemmed content words, and each quantity as "#:value:unit" ("#:14+:die" for "killing at least 14 people",
    "#:20~:stone" for "about 20 stone")."""
    terms = Counter(statement_words(text))
    for value, unit, qualifier, _, _ in quantities:
        bound = "+" if qualifier in LOWER_BOUNDS else "~" if qualifier in APPROXIMATE else ""
        bound = "-" if qualifier in UPPER_BOUNDS else bound
        terms[f"#:{value:g}{bound}:{unit}"] += 1
    return terms


def count_contexts(quantities: list[Counted], text: str) -> dict[str, frozenset[str]]:
    """Unit -> the terms within COUNT_CONTEXT_WORDS words either side of its counts, and for a measure what it
    measures as ">dimension" (the first content word after it: "40 feet wide" -> ">wide")."""
    contexts: dict[str, set[str]] = defaultdict(set)
    for _, unit, _, span, measure in quantities:
        before = statement_words(text[max(0, span.start - COUNT_CONTEXT_CHARS) : span.start])[-COUNT_CONTEXT_WORDS:]
        after = statement_words(text[span.end : span.end + COUNT_CONTEXT_CHARS])[:COUNT_CONTEXT_WORDS]
        contexts[unit] |= set(before + after) - {unit}
        if measure:
            contexts[unit].add(">" + _dimension_after(text, span))
    return {unit: frozenset(words) for unit, words in contexts.items()}


# A modal a few words before a count: what can be, not what was ("at most it can weigh 50kg", "wels catfish can grow
# as long as 4m", "the toll could rise to 50"); no report of what happened contradicts it, or states it.
# Lower case only: "On May 3, 14 people died" gives a count.
MODAL_BEFORE = r"\b(can|could|may|might)\b(\W+[\w'’-]+){0,4}"
POSSIBLE_COUNT = re.compile(MODAL_BEFORE + r"\W*$")  # the text just before a count
POSSIBLE_COUNT_IN = re.compile(MODAL_BEFORE + r"\W+\d")  # a count anywhere in the text


def possible_count(text: str) -> bool:
    """Does the text give a count of what can be rather than of what was (see POSSIBLE_COUNT)?"""
    return bool(POSSIBLE_COUNT_IN.search(text))


def quantities_in(analysis: Analysis, span: TextSpan, text: str) -> list[Counted]:
    """(value, what is counted, qualifier, where, is a measure) of the quantities inside ``span`` that count a whole.

    "two other Britons", "45 more shows", "one of the poorest countries" count part of something, not a total
    another report could contradict: they are left out.

    People are counted for something ("14 people" killed, "nine people"
    missing): for a count of people, what happened to them, read from the
    nearest event word around the number, is what is counted.
    """
    found = []
    for q in analysis.quantities:
        if not span.start <= q.span.start < max(span.end, 1):
            continue
        unit = stem(q.unit.split()[-1]) if q.unit else ""
        if unit in GENERIC_UNITS:
            unit = _event_near(text, q.span) or (unit and PEOPLE)
        if PART_OF_COUNT.search(q.span.text) or POSSIBLE_COUNT.search(text[max(0, q.span.start - 40) : q.span.start]):
            continue
        written = text[max(0, q.span.start - 1) : q.span.end + MONEY_WINDOW_CHARS]
        value, unit, qualifier = in_standard_units(q.value, unit, q.qualifier, f"{q.unit} {written}")
        found.append((value, unit, qualifier, q.span, bool(q.unit) and q.unit.split()[-1] in MEASURE_UNITS))
    return found


def in_standard_units(value: float, unit: str, qualifier: str | None, written: str) -> tuple[float, str, str | None]:
    """A measure as (value, unit, qualifier) in the standard unit of its dimension (see IN_STANDARD_UNITS),
    approximate once converted ("280 pounds" -> 127 kg, "about"); anything else as it is. ``written`` is the
    figure as the text gives it, with a few characters around it."""
    standard = IN_STANDARD_UNITS.get(unit)
    if standard is None or NOT_A_LENGTH.search(written) or (unit == "pound" and MONEY_POUNDS.search(written)):
        return value, unit, qualifier
    name, factor = standard
    if factor == 1.0:
        return value, name, qualifier
    converted = float(f"{value * factor:.{CONVERTED_DIGITS}g}")
    return converted, name, qualifier if qualifier in LOWER_BOUNDS | UPPER_BOUNDS | APPROXIMATE else "about"


def _dimension_after(text: str, span: TextSpan) -> str:
    """What a measure measures: the first content word after it, asides in brackets skipped ("wide"); "?" if none."""
    after = re.sub(r"\([^)]*\)?", " ", text[span.end : span.end + DIMENSION_WINDOW_CHARS])
    words = statement_words(re.split(r"[.;:!?]", after, maxsplit=1)[0])
    return words[0] if words else "?"


def countries_in(text: str, places: Iterable[Place] = ()) -> Counter:
    """The countries named or qualified in ``text``, as "@country" terms, so that "Moldovan territory" and "in
    Moldova", "Iranian soil" and "in Iran" meet. Other places need none: their names are already words; and a
    country's name inside one of ``places`` (offsets into ``text``: "Gulf of Finland") does not name it."""
    inside = [(p.span.start, p.span.end) for p in places if p.kind != "country"]
    named = {
        country
        for match in WORD.finditer(text)
        if match.group()[:1].isupper()
        and not any(start <= match.start() < end for start, end in inside)
        and (country := country_of(match.group()))
    }
    return Counter(f"@{name.casefold()}" for name in named)


def _event_near(text: str, span: TextSpan) -> str | None:
    after = WORD.findall(text[span.end : span.end + EVENT_WINDOW_CHARS])
    before = WORD.findall(text[max(0, span.start - EVENT_WINDOW_CHARS) : span.start])[::-1]
    for word in after + before:
        for prefix, event in EVENT_WORDS.items():
            if word.lower().startswith(prefix):
                return event
    return None


# A count written in a claim typed by a user, read without a parser: a number, then up to three words; what is
# counted is the first of them written as a plural ("four Russian cruise missiles"), else the first ("260 dead").
WRITTEN_COUNT = re.compile(r"\b(\d[\d,.]*|" + "|".join(SMALL_NUMBERS) + r")((?:\s+[a-z][a-z-]*){1,3})")
# What joins one figure to the same in other units ("280 lb / 20 stone", "127 kg or 280 lb").
EQUIVALENT = re.compile(r"\s*(?:/|or|=)\s*")
NOT_PLURAL = {"was", "has", "is", "this", "his", "its", "as", "us", "yes", "less", "across", "business"}


def written_counts(text: str) -> list[Counted]:
    """The counts of a plain text (a claim in the user's words), as :func:`quantities_in` reads an analysed one."""
    found = []
    for match in WRITTEN_COUNT.finditer(text.lower()):
        value = number_value([match.group(1)])
        if value is None or 1800 <= value <= 2100:  # a year counts nothing
            continue
        words = match.group(2).split()
        plural = [w for w in words if w.endswith("s") and len(w) > 3 and w not in NOT_PLURAL]
        counted = plural[0] if plural else words[0]
        unit = stem(counted)
        if unit in GENERIC_UNITS:
            unit = _event_near(text, TextSpan(match.start(1), match.end(1), match.group(1))) or (unit and PEOPLE)
        span = TextSpan(match.start(1), match.end(), text[match.start(1) : match.end()])
        qualifier = _written_qualifier(text[: match.start(1)])
        measure = counted in MEASURE_UNITS or counted.removesuffix("s") in MEASURE_UNITS
        if qualifier is None and found and measure and found[-1][4] and _equivalent(found[-1][3], match.start(1), text):
            qualifier = found[-1][2]  # "roughly 280 lb / 20 stone": the same figure in other units, as rough
        value, unit, qualifier = in_standard_units(
            value, unit, qualifier, text[max(0, match.start() - 1) : match.end()]
        )
        found.append((value, unit, qualifier, span, measure))
    return found


def _equivalent(previous: TextSpan, start: int, text: str) -> bool:
    """Does the count at ``start`` give the figure just before it in other units ("280 lb / 20 stone", "280
    pounds or 127 kilograms")?"""
    return bool(EQUIVALENT.fullmatch(text[previous.end : start])) or previous.text.endswith(" or")


def _written_qualifier(before: str) -> str | None:
    """The qualifier a typed count follows ("about 20 stone" -> "about"), if any."""
    words = " " + " ".join(WORD.findall(before.lower())[-3:])
    longest_first = sorted(LOWER_BOUNDS | UPPER_BOUNDS | APPROXIMATE, key=len, reverse=True)
    return next((q for q in longest_first if words.endswith(f" {q}")), None)
