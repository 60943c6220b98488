"""Debunks: an article that calls a report false denies what it retells of that report.

A debunk quotes the hoax it debunks: "A few days ago, fake news website Daily
Buzz Live posted a variation of the hoax. It reads: ... Pluto will pass
directly behind Jupiter". Read sentence by sentence, the quoted passage
states the hoax's details; read as a fact-checker reads it, the article
denies them all. A passage of a debunking article that it shares with an
article not debunking the story (the hoax, republished; see link's copied
passages) is such a quotation; the debunker's own findings, in its own words
("The hoax originated in the 1970s when Patrick Moore made it up"), are not.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from ..analyze.attributions import QUOTES
from ..models import Article, TextSpan
from .denials import is_denial
from .judge import Judged
from .names import name_key
from .passages import Claimed, Passage
from .statements import ATTRIBUTED, Statement

# An article's own verdict that a report is false: "is fake", "this hoax", "a story ... is false", "debunked".
DEBUNKING = re.compile(
    r"\b(?:is|was|are|were|be|been)\s+(?:(?:completely|totally|entirely|obviously|clearly|simply|just|all)\s+)?"
    r"(?:a\s+)?(?:fake|false|untrue|bogus|a hoax|hoax|fabricated|not true|satire|satirical)\b"
    r"|\bhoax(?:es)?\b|\bdebunk\w*|\b(?:fake|satirical|bogus) (?:news )?(?:site|website|report|story|article)\b",
    re.IGNORECASE,
)

# A report named by its kind alone: "the story claimed", "the website is reporting", "the Racket Report's piece".
REPORT_NOUN = re.compile(
    r"(?:(?:the|this|that|a|an|its)\s+)?(?:[\w'’.-]+\s+){0,3}(?:story|report|piece|article|website|site|post|release)",
    re.IGNORECASE,
)

# A quotation inside a sentence, to its end when the sentence ends inside it ("maintained that“the claim is
# entirely false.", the closing mark in the next sentence).
QUOTATION = re.compile(r"[“\"][^”\"]*(?:[”\"]|$)")

# How a source is said to report what a sentence says: a reporting verb a few words after its name ("The story
# claimed", "The website ... is reporting"), or the word before it ("told the Daily Mirror", "according to").
REPORTING_VERB = r"(?:said|says|say|claim\w*|stat\w*|report\w*|reads?|wr[io]te\w*|alleg\w*|suggest\w*)"
REPORTED_BY = (
    r"(?:\b(?:told|to|in|by)\s+(?:the\s+)?{name})|(?:{name}(?:\W+[\w'’,-]+){{0,6}}?\W+" + REPORTING_VERB + r"\b)"
)


def debunking_sentence(passages: list[Passage]) -> TextSpan | None:
    """The first body sentence in which the article calls a report false, or None; not in a quotation, a
    source's words ("Israel's COGAT maintained that “the claim is entirely false.”")."""
    return next((p.span for p in passages if p.index >= 0 and DEBUNKING.search(_unquoted(p.span.text))), None)


def _unquoted(text: str) -> str:
    """The sentence without what it quotes (a sentence opening with a quotation is all quotation)."""
    return "" if text[:1] in QUOTES else QUOTATION.sub(" ", text)


def shared_spans(copy_of: dict[str, list]) -> dict[str, list[tuple[TextSpan, str]]]:
    """Article external id -> the spans it shares with another article of the story, each with that article's
    id, whichever of the two is the copy (see origins.copy_origins)."""
    shared: dict[str, list[tuple[TextSpan, str]]] = defaultdict(list)
    for copy, found in copy_of.items():
        for origin, origin_span, copy_span in found:
            shared[copy].append((copy_span, origin.external_id))
            shared[origin.external_id].append((origin_span, copy))
    return shared


def debunkers(articles: Iterable[Article], passages: dict[str, list[Passage]]) -> dict[str, TextSpan]:
    """The story's debunking articles, each with the sentence in which it calls a report false."""
    found = {a.external_id: debunking_sentence(passages[a.external_id]) for a in articles}
    return {article: span for article, span in found.items() if span is not None}


def retold(
    judged: Judged,
    claim: Claimed,
    debunking: dict[str, TextSpan],
    shared: dict[str, list[tuple[TextSpan, str]]],
) -> Judged | None:
    """The article's denial of a claim it only retells from the report it debunks (see the module docstring),
    or None: it debunks, it was judged to support the claim or leave it unconfirmed, and every sentence stating
    the claim relays the report it calls false or lies in a passage it shares with an article that does not
    debunk. A claim that itself says something is false is what the debunker says: its stance stands."""
    article = judged.article.external_id
    verdict = debunking.get(article)
    if verdict is None or judged.stance not in ("supports", "unconfirmed"):
        return None
    if is_denial(claim) or DEBUNKING.search(claim.text):
        return None
    stating = [s for s, stance in judged.stating if stance != "denies" and s.span.end > 0]
    said = [s.sentence for s in stating if not _relays_the_debunked(s, verdict)]
    if not stating:
        said = [span for span in judged.evidence[:1] if span.end > 0]
        if not said:
            return None
    quoted = [span for span, other in shared.get(article, []) if other not in debunking]
    if not all(any(_mostly_within(s, q) for q in quoted) for s in said):
        return None
    return Judged(judged.article, "denies", judged.stating, [verdict, (stating[0].sentence if stating else said[0])])


def _relays_the_debunked(statement: Statement, verdict: TextSpan) -> bool:
    """Does the statement relay the report the article calls false: "The story claimed the town was
    quarantined", "a source told the Daily Mirror" after "a story that appeared in the Daily Mirror ... is
    false"? Its outermost source is a report named by no more than its kind, or one the verdict names."""
    if statement.voice != ATTRIBUTED or not statement.chain:
        return False
    name = statement.chain[0].name.strip()
    if not re.search(REPORTED_BY.format(name=re.escape(name)), statement.sentence.text, re.IGNORECASE):
        return False  # not "the story began as a joke": the source must be said to report it
    if REPORT_NOUN.fullmatch(name):
        return True
    named = f" {name_key(name)} " in f" {name_key(verdict.text)} "  # whole words: "AP" is not in "appeared"
    return statement.chain[0].type in ("news_outlet", "document") and named


def _mostly_within(sentence: TextSpan, passage: TextSpan) -> bool:
    """Does at least half of the sentence lie in the passage? A shared passage may begin or end inside a
    sentence ("According to British astronomer Patrick Moore, at exactly 9:47 ...", the attribution the
    debunker's own)."""
    overlap = min(sentence.end, passage.end) - max(sentence.start, passage.start)
    return overlap * 2 >= sentence.end - sentence.start
