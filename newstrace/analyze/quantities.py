"""Quantities: counts and measures with what they count ("at least four cruise missiles" -> 4, "cruise missile").

A quantity starts at a number (digits or number words, as spaCy's ``like_num``
sees them), takes the noun the number modifies as its unit ("26 cruise
missiles"), or the noun after "of" ("one of the missiles"), and a qualifier
from the words just before it ("more than 200"). Numbers that spaCy puts in a
date, time, ordinal or name ("March 2011", "2:17 a.m.", "Flight 17") are not
quantities, and neither are bare years.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from ..models import Quantity, TextSpan

# Number words and their values; spaCy's like_num finds them but does not read them.
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
TEENS = ["thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SMALL_NUMBERS = dict(zip(ONES + TEENS, range(20), strict=True)) | dict(zip(TENS, range(20, 100, 10), strict=True))
# Words that multiply what comes before them ("two hundred"); "a dozen" is twelve.
MULTIPLIERS = {"dozen": 12, "hundred": 100}
# Words that close a group of digits or words ("1.5 million", "two hundred thousand").
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Words before a number that say how exact it is; news hedges counts with them.
QUALIFIERS = {
    "at least",
    "at most",
    "more than",
    "greater than",
    "fewer than",
    "less than",
    "up to",
    "as many as",
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "roughly",
    "over",
    "approximately",
    "under",
}
# Entity labels a counted number may carry; DATE, TIME, ORDINAL, LAW and names are not counts.
COUNT_LABELS = {"", "CARDINAL", "QUANTITY", "PERCENT", "MONEY"}
# Words after a number that make it a percentage ("60%", "60 percent", "60 per cent").
PERCENT_WORDS = {"%", "percent", "pct"}
# Currency signs before a number, and the unit they stand for.
CURRENCIES = {"$": "dollar", "US$": "dollar", "€": "euro", "£": "pound", "¥": "yen"}
# Abbreviated units written just after a number ("280 lb / 20 stone", "2.67 m."): the unit whatever the parser
# makes the number modify.
UNIT_ABBREVIATIONS = {"lb", "lbs", "kg", "kgs", "km", "cm", "mm", "m", "ft", "oz", "mph", "kph", "km/h", "mi"}
# Lemmas spaCy's small English model leaves plural.
LEMMA_FIXES = {"people": "person"}
# Plain four-digit numbers in this range that count nothing are years ("since 2011").
YEARS = range(1800, 2101)


def is_number_word(token: Token) -> bool:
    """True for a token that is part of a written number: "26", "250,000", "four", "million", "dozen"."""
    lower = token.lower_
    if lower in SMALL_NUMBERS or lower in MULTIPLIERS or lower in SCALES:
        return True
    return token.like_num and not any(c in token.text for c in "/:")  # not "9/11" or "2:17"


def number_value(words: list[str]) -> float | None:
    """The value of a written number, word by word: ["1.5", "million"] -> 1500000; None if unreadable."""
    total = current = 0.0
    for word in (w.lower() for w in words):
        if word in {"a", "an"}:
            current = current or 1.0
        elif word in MULTIPLIERS:
            current = (current or 1.0) * MULTIPLIERS[word]
        elif word in SCALES:
            total, current = total + (current or 1.0) * SCALES[word], 0.0
        elif word in SMALL_NUMBERS:
            current += SMALL_NUMBERS[word]
        else:
            try:
                current += float(word.replace(",", ""))
            except ValueError:
                return None
    return total + current


def _number_end(doc: Doc, start: int) -> int:
    """The end of the number that starts at ``start`` ("twenty-five", "1.5 million")."""
    end = start + 1
    while end < len(doc) and (
        is_number_word(doc[end]) or (doc[end].text == "-" and end + 1 < len(doc) and is_number_word(doc[end + 1]))
    ):
        end += 1
    return end


def _unit(doc: Doc, start: int, end: int) -> tuple[str | None, int]:
    """What the number doc[start:end] counts, and where the quantity's text ends."""
    after = doc[end] if end < len(doc) else None
    if after is not None and after.lower_ in PERCENT_WORDS:
        return "percent", end + 1
    if after is not None and after.lower_ == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent":
        return "percent", end + 2
    if after is not None and after.lower_.rstrip(".") in UNIT_ABBREVIATIONS and not _million(doc, end):
        return after.lower_.rstrip("."), end + 1
    root = doc[start:end].root
    noun = root.head if root.dep_ == "nummod" and root.head.i >= end else None
    for prep in root.children if noun is None else ():
        if prep.dep_ == "prep" and prep.lower_ == "of":  # "one of the cruise missiles"
            noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if noun is None or noun.pos_ not in {"NOUN", "PROPN"}:
        return None, end
    compounds = [c.lower_ for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    lemma = noun.lemma_.lower()
    return " ".join([*compounds, LEMMA_FIXES.get(lemma, lemma)]), noun.i + 1


def _million(doc: Doc, i: int) -> bool:
    """Is doc[i] the "m" of "3m people", millions of what follows, not metres?"""
    return doc[i].lower_ == "m" and i + 1 < len(doc) and doc[i + 1].pos_ in {"NOUN", "PROPN"}


def _qualifier(doc: Doc, start: int) -> tuple[str | None, int]:
    """The hedge just before doc[start] ("at least"), and where it starts."""
    for size in (3, 2, 1):
        if start - size >= 0 and (words := " ".join(t.lower_ for t in doc[start - size : start])) in QUALIFIERS:
            return words, start - size
    return None, start


def _is_count(doc: Doc, start: int, end: int, unit: str | None, value: float) -> bool:
    """False for numbers that are dates, names, identifiers, years or the pronoun "one"."""
    if any(t.ent_type_ not in COUNT_LABELS for t in doc[start:end]):
        return False
    root = doc[start:end].root
    if root.head.i < start and root.head.pos_ == "PROPN" and unit is None:  # "Flight 17", "Resolution 2254"
        return False
    if start and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].whitespace_.count("\n"):
        return False  # part of a name: "OS X 10.10 Yosemite", "Windows 10", "Apollo 11 astronauts"
    if unit is None and end - start == 1 and doc[start].text.isdigit() and value in YEARS:
        return False
    return not (unit is None and doc[start].lower_ == "one" and end - start == 1)


def find_quantities(doc: Doc) -> list[Quantity]:
    """Counts and measures in ``doc``, in text order, each with its unit, qualifier and character offsets."""
    sentence_starts = [s.start_char for s in doc.sents]
    quantities = []
    i = 0
    while i < len(doc):
        if not is_number_word(doc[i]):
            i += 1
            continue
        start, end = i, _number_end(doc, i)
        i = end
        if start and doc[start - 1].lower_ in {"a", "an"} and doc[start].lower_ in MULTIPLIERS | SCALES:
            start -= 1  # "a dozen", "a million"
        value = number_value([t.text for t in doc[start:end] if t.text != "-"])
        unit, stop = _unit(doc, start, end)
        if value is None or not _is_count(doc, start, end, unit, value):
            continue
        currency = CURRENCIES.get(doc[start - 1].text) if start else None
        if currency:  # "$5 million"; "$349 Apple Watch" is a price in dollars, not a count of watches
            start, unit, stop = start - 1, currency, end
        qualifier, first = _qualifier(doc, start)
        begin, finish = doc[first].idx, doc[stop - 1].idx + len(doc[stop - 1])
        where = TextSpan(begin, finish, doc.text[begin:finish])
        quantities.append(Quantity(where, value, unit, qualifier, bisect_right(sentence_starts, begin) - 1))
    return quantities
