"""Page furniture and scrape artifacts in an article's text, found paragraph by paragraph.

Works on the text alone (no model): widget headings ("More On This...",
"Related stories"), credit lines ("X contributed to this report"), bylines and
"Posted ..." lines, slugs and "DEVELOPING:" labels, the headline repeated as
the first paragraph, and a teaser of another article glued after the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..models import Boilerplate, TextSpan

# Short paragraphs that are widgets, not text (matched at the paragraph's start).
FURNITURE = re.compile(
    r"^(more on this|related( stories| articles| coverage| content)?|read more|see also|share( this)?|"
    r"comments?|follow us|sign up|subscribe|advertisement|click here|watch|video|photo|image|"
    r"recommended|most read|trending|you may also like|top stories)\b",
    re.IGNORECASE,
)
FURNITURE_MAX_WORDS = 8
CREDIT = re.compile(
    r"(contributed (to )?(this )?report|contributed reporting|additional reporting by|^\(?reporting by|"
    r"^\(?editing by|^\(?writing by|^\(?compiled by|^\(?with reporting from)",
    re.IGNORECASE,
)
# A picture's credit: "Jane Doe/Getty Images", "AP Photo/John Roe", "Jane Doe/AFP".
CREDIT_WORDS = r"\w/(?:AP|AFP|Reuters|EPA|Pool|Shutterstock)\b|\bGetty Images\b|\b(?:AP|AFP) Photo\b"
# A paragraph closed by one, or by the agency's own ("REUTERS/Stringer"), is a caption ("... on June 12, 2014.
# REUTERS/Stringer", "(Jane Doe/Getty Images for the Festival)"): it describes a picture and reports nothing.
PHOTO_CREDIT = re.compile(
    rf"(?:\b(?:REUTERS|AFP|AP|EPA|Reuters)/[A-Z][\w'-]*(?: [A-Z][\w'-]*){{0,2}}|\([^()]*(?:{CREDIT_WORDS})[^()]*\))\s*$"
)
CAPTION_MAX_WORDS = 60
BYLINE = re.compile(r"^(by|posted|published|updated|last updated)\b[^.!?]{0,80}$", re.IGNORECASE)
# Labels a wire or site puts before the first sentence.
LABEL = re.compile(r"^(DEVELOPING|BREAKING( NEWS)?|UPDATE[D]?|EXCLUSIVE|URGENT|WATCH|VIDEO|LIVE)\s*[:—–-]\s*")
# A slug line: short, mostly capitals ("URGENT · ESTONIA-FERRY").
SLUG_MAX_WORDS = 6
READ_MORE = re.compile(r"(read more|continue reading|full story)\s*[»›→…]*\s*$", re.IGNORECASE)


def find_boilerplate(text: str, title: str | None = None) -> list[Boilerplate]:
    """Boilerplate spans of ``text``, in order; ``title`` helps spot a repeated headline."""
    paragraphs = list(_paragraphs(text))
    found: list[Boilerplate] = []
    credit_seen_at = None
    for index, (start, end) in enumerate(paragraphs):
        body = text[start:end]
        kind = _paragraph_kind(body, index, title)
        if kind == "credit":
            credit_seen_at = index
        if kind:
            found.append(Boilerplate(TextSpan(start, end, body), kind))
        elif index == 0 and (label := LABEL.match(body)):
            found.append(Boilerplate(TextSpan(start, start + label.end(), label.group(0)), "slug"))
    found += _teaser(text, paragraphs, credit_seen_at)
    return sorted(set(found), key=lambda b: b.span.start)


def _paragraph_kind(body: str, index: int, title: str | None) -> str | None:
    words = body.split()
    if CREDIT.search(body) and len(words) <= 30:
        return "credit"
    if len(words) <= FURNITURE_MAX_WORDS and FURNITURE.match(body):
        return "furniture"
    if len(words) <= CAPTION_MAX_WORDS and PHOTO_CREDIT.search(body):
        return "caption"
    if len(words) <= 14 and BYLINE.match(body):
        return "byline"
    letters = [c for c in body if c.isalpha()]
    if len(words) <= SLUG_MAX_WORDS and letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return "slug"
    if index <= 2 and title and _same_words(body, title):
        return "title"
    return None


def _teaser(text: str, paragraphs: list[tuple[int, int]], credit_at: int | None) -> Iterator[Boilerplate]:
    """Another article's headline and lead glued after the end (after the credit line, or ending in "Read more")."""
    if credit_at is not None and credit_at < len(paragraphs) - 1:
        start, end = paragraphs[credit_at + 1][0], paragraphs[-1][1]
        yield Boilerplate(TextSpan(start, end, text[start:end]), "teaser")
        return
    if paragraphs and READ_MORE.search(text[slice(*paragraphs[-1])]):
        first = len(paragraphs) - 1
        if first > 0 and _looks_like_headline(text[slice(*paragraphs[first - 1])]):
            first -= 1
        start, end = paragraphs[first][0], paragraphs[-1][1]
        yield Boilerplate(TextSpan(start, end, text[start:end]), "teaser")


def _looks_like_headline(body: str) -> bool:
    return len(body.split()) <= 14 and not body.rstrip().endswith((".", "”", '"'))


def _same_words(a: str, b: str) -> bool:
    fold = lambda s: re.sub(r"\W+", " ", s).casefold().split()  # noqa: E731
    return bool(fold(a)) and (fold(a) == fold(b) or (" ".join(fold(b)) in " ".join(fold(a)) and len(fold(a)) <= 30))


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        start = match.start()
        stripped = match.group(0)
        lead = len(stripped) - len(stripped.lstrip())
        yield start + lead, start + len(stripped.rstrip())
