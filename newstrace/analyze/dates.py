"""Dates: DATE and TIME entities read as calendar dates, resolved against the publication date.

Inside each entity a pattern finds what can be put on a calendar, at a
precision: "Oct. 8, 2015" (day), "March 2011" (month), "2011" (year), weekday
names and "yesterday" (day, relative). Durations and vague spans ("four
years", "the past decade", "last week") match nothing and are skipped.
Weekdays are resolved the way news uses them: the most recent such day on or
before publication, unless the text points ahead ("next Friday", "will meet
on Friday"). Dates without a year take the year that puts them nearest to
publication. dateparser reads the written dates, always against the
publication date or a fixed base, never against today.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, datetime, timedelta

import dateparser
from spacy.tokens import Doc, Token

from ..models import DateMention, TextSpan

# Entity labels that hold dates; TIME catches "Thursday night" and "early Thursday".
DATE_LABELS = {"DATE", "TIME"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Days counted from publication by the relative words news uses.
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
# Steps counted from publication by "last"/"this"/"next" month or year.
STEPS = {"last": -1, "this": 0, "next": 1}
# Words just before a weekday that point ahead of publication ("this coming Friday").
AHEAD_WORDS = {"coming"}
# Auxiliaries that put the verb a date hangs on in the future ("will meet on Friday").
FUTURE_AUX = {"will", "'ll", "shall", "wo"}
# Auxiliaries of the perfect, which like the past tense put the date before publication ("has met").
PAST_AUX = {"has", "have", "had"}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
_MONTH += r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# One calendar expression, its precision named by the group that matched; longest forms first.
PATTERN = re.compile(
    rf"""(?<!\w)(?:
    (?P<day>{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?|{_YEAR}-\d\d-\d\d)
    |(?P<month>{_MONTH},?\s+{_YEAR}|(?:last|this|next)\s+month|{_MONTH})
    |(?P<weekday>{"|".join(WEEKDAYS)})
    |(?P<relative>{"|".join(RELATIVE_DAYS)})
    |(?P<year>(?:last|this|next)\s+year|{_YEAR})
    )(?!\w)""",
    re.IGNORECASE | re.VERBOSE,
)
# What dateparser resolves against when there is no publication date (only texts with a year get there).
FIXED_BASE = datetime(2000, 1, 1)


def parse_published(published: str | None) -> date | None:
    """The publication date, as the outlet gave it (its own time zone), from an ISO 8601 string."""
    if published is None:
        return None
    try:
        return datetime.fromisoformat(published).date()
    except ValueError as err:
        raise ValueError(
            f"published must be ISO 8601 (e.g. 2015-10-08 or 2015-10-08T14:32:00+02:00), got {published!r}"
        ) from err


def weekday_date(name: str, base: date, direction: str = "before") -> date:
    """The day called ``name`` seen from ``base``: on or before it (the default, also for "past"), ``last``
    (strictly before), ``ahead`` (on or after) or ``next`` (strictly after)."""
    target = WEEKDAYS.index(name.lower())
    back, forward = (base.weekday() - target) % 7, (target - base.weekday()) % 7
    if direction == "last":
        return base - timedelta(days=back or 7)
    if direction == "next":
        return base + timedelta(days=forward or 7)
    return base + timedelta(days=forward) if direction == "ahead" else base - timedelta(days=back)


def nearest_year(month: int, day: int | None, base: date, direction: str = "before") -> int:
    """The year that puts a year-less date nearest to ``base``, on the side the verb's tense points to.

    ``day`` is None for a month ("in December"); ``direction`` "past" keeps years on or before ``base``,
    "ahead" those on or after it ("Dec. 25" in a January article is last year's).
    """
    anchor = base if day else base.replace(day=1)
    choices = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            gap = (date(year, month, day or 1) - anchor).days
        except ValueError:  # February 29 in a common year
            continue
        if not ((direction == "past" and gap > 0) or (direction == "ahead" and gap < 0)):
            choices.append((abs(gap), year))
    return min(choices)[1] if choices else base.year


def _direction(doc: Doc, token: Token) -> str:
    """Which way a date points from publication: "last"/"next" Friday, "will meet" (ahead), "met" (past)."""
    previous = doc[token.i - 1].lower_ if token.i else ""
    if previous in {"last", "next"}:
        return previous
    if previous in AHEAD_WORDS:
        return "ahead"
    verb = token
    for _ in range(3):  # "Friday" -> "on" -> "meet"
        verb = verb.head
        if verb.pos_ in {"VERB", "AUX"}:
            verbs = [verb, verb.head] if verb.dep_ == "conj" else [verb]  # "will visit ... and come back"
            auxes = {c.lower_ for v in verbs for c in v.children if c.dep_ == "aux"}
            if auxes & FUTURE_AUX:
                return "ahead"
            return "past" if verb.tag_ == "VBD" or auxes & PAST_AUX else "before"
    return "before"


def _written_date(text: str, base: date | None, precision: str, direction: str) -> str | None:
    """An absolute written date ("Oct. 8, 2015", "March 2011", "August") at its precision."""
    has_year = re.search(_YEAR, text) is not None
    if base is None and not has_year:
        return None
    relative_base = datetime.combine(base, datetime.min.time()) if base else FIXED_BASE
    settings = {"RELATIVE_BASE": relative_base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    day = parsed.date()
    if not has_year and base is not None:
        day = day.replace(year=nearest_year(day.month, day.day if precision == "day" else None, base, direction))
    return day.isoformat() if precision == "day" else day.strftime("%Y-%m")


def _relative(text: str, precision: str, base: date) -> str:
    """'last month', 'this year', 'yesterday' counted from publication."""
    if precision == "day":
        return (base + timedelta(days=RELATIVE_DAYS[text])).isoformat()
    step = STEPS[text.split()[0]]
    if precision == "year":
        return str(base.year + step)
    months = base.year * 12 + base.month - 1 + step
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def resolve(match: re.Match[str], base: date | None, direction: str = "before") -> tuple[str | None, str]:
    """The value (None when it needs a publication date we lack) and precision of one pattern match."""
    kind, text = match.lastgroup or "year", match.group().lower()
    precision = "day" if kind in {"weekday", "relative"} else kind
    if kind == "year" and text.isdigit():
        return text, "year"
    if kind in {"weekday", "relative"} or text.split()[0] in STEPS:
        if base is None:
            return None, precision
        if kind == "weekday":
            return weekday_date(text, base, direction).isoformat(), "day"
        return _relative(text, precision, base), precision
    return _written_date(match.group(), base, precision, direction), precision


def find_dates(doc: Doc, published: str | None) -> list[DateMention]:
    """Calendar dates in ``doc``, in text order, resolved against ``published`` (ISO 8601) when given."""
    base = parse_published(published)
    sentence_starts = [s.start_char for s in doc.sents]
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in DATE_LABELS:
            continue
        for match in PATTERN.finditer(ent.text):
            start, end = ent.start_char + match.start(), ent.start_char + match.end()
            token = doc.char_span(start, end, alignment_mode="expand")[0]
            value, precision = resolve(match, base, _direction(doc, token))
            where = TextSpan(start, end, doc.text[start:end])
            mentions.append(DateMention(where, value, precision, bisect_right(sentence_starts, start) - 1))
    return mentions
