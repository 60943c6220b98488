"""The byline and dateline at the top of a plain-text article ("By Anneli Saar", "Posted 11 March 2026").

A saved or pasted article keeps what its page showed above the text. Those lines are metadata, not what the
article says: they become its authors and publication date and leave its text. A line is read only when all
of it is a byline or a date, so a sentence that merely begins with "By" or names a day stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .meta import iso_date, split_authors
from .text import BYLINE

# Lines at the top of a text (after its title) searched for a byline or dateline: a page shows them there.
HEADER_LINES = 4
# A dateline: an optional label, then the date; the label says which date it is.
DATELINE = re.compile(
    r"(?:(?P<label>posted|published|first published|updated|last updated|modified)(?:\s+on)?\s*:?\s+)?(?P<date>.+)",
    re.IGNORECASE,
)
# Labels of a date that is not the first publication: used only when the text gives no other date.
LATER_LABELS = ("updated", "last updated", "modified")
# A written date names its year; without one a line ("Tuesday", "10:40") is not read as a date.
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# Longest date part of a dateline: longer lines are prose that happens to hold a date.
MAX_DATE_CHARS = 60
# What separates a byline from a date on one line ("By Anneli Saar | 11 March 2026").
PARTS = re.compile(r"\s+[|·•—–-]\s+|,\s+(?=(?:posted|published|updated)\b)", re.IGNORECASE)


@dataclass
class Header:
    """What a text's top lines say about it: authors, publication date, and the text without those lines."""

    text: str
    authors: list[str] = field(default_factory=list)
    published: str | None = None


def read_header(text: str) -> Header:
    """The byline and dateline among the first HEADER_LINES lines of ``text``, removed from it.

    Reading stops at the first line that is neither; a date is kept only as written (never inferred), and a
    "Posted"/"Published"/bare date is preferred to an "Updated" one.
    """
    lines = text.split("\n")
    authors: list[str] = []
    dates: dict[bool, str] = {}  # is a later date -> the first such date met
    taken, seen = 0, 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        found = _line_facts(line.strip())
        if found is None or seen >= HEADER_LINES:
            break
        seen += 1
        line_authors, line_dates = found
        authors += [name for name in line_authors if name not in authors]
        for later, moment in line_dates:
            dates.setdefault(later, moment)
        taken = index + 1
    if not taken:
        return Header(text)
    rest = "\n".join(lines[taken:]).strip("\n")
    return Header(rest, authors, dates.get(False) or dates.get(True))


def _line_facts(line: str) -> tuple[list[str], list[tuple[bool, str]]] | None:
    """(authors, [(is a later date, ISO date)]) when every part of ``line`` is a byline or a date, else None."""
    authors: list[str] = []
    dates: list[tuple[bool, str]] = []
    for part in PARTS.split(line):
        part = part.strip(" ,;")
        if BYLINE.fullmatch(part):
            authors += split_authors(part)
        elif moment := _dateline(part):
            dates.append(moment)
        else:
            return None
    return authors, dates


def _dateline(part: str) -> tuple[bool, str] | None:
    match = DATELINE.fullmatch(part)
    written = match.group("date").strip() if match else ""
    if not written or len(written) > MAX_DATE_CHARS or not YEAR.search(written):
        return None
    moment = iso_date(written)
    label = (match.group("label") or "").lower()
    return (label in LATER_LABELS, moment) if moment else None
