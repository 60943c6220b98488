"""Republication frames: "USA Today is reporting as follows…", "This article first appeared in The Record".

A site that republishes another outlet's report says so once, at the top or
at the bottom. Everything else in the article is then that outlet's
reporting: the outlet becomes the outermost relay of every attribution the
article makes, and its own-voice sentences are the outlet's, not the site's.
The frame is an :class:`~newstrace.models.Attribution` of kind
``republished`` whose content is the rest of the text; works on the text
alone, like the boilerplate finder.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..models import REPUBLISHED, Attribution, Source, TextSpan
from .sources import OUTLET, canonical_name, source_key

# A publication's name: up to six capitalised words after an optional "the", which is not part of the name
# (as for every source: "the Baltic Courier reported" names "Baltic Courier").
_NAME = r"(?:[Tt]he\s+)?(?P<outlet>[A-Z][\w.&'’-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w.&'’-]*){0,5})"
# Frames that open an article: the outlet named, then what follows is its report.
LEAD_FRAMES = [
    re.compile(_NAME + r"\s+(?P<cue>(?:is|was)\s+reporting\s+(?:as\s+follows|the\s+following))"),
    re.compile(_NAME + r"\s+(?P<cue>reports?\s+(?:as\s+follows|the\s+following))"),
    re.compile(r"(?P<cue>As\s+(?:first\s+|originally\s+)?reported\s+by)\s+" + _NAME + r"\s*[:,—–-]"),
    re.compile(r"(?P<cue>(?:Republished|Reprinted|Reposted)\s+(?:with\s+permission\s+)?from)\s+" + _NAME),
]
# Frames that close (or open) an article: where it first ran.
ANYWHERE_FRAMES = [
    re.compile(
        r"(?P<cue>(?:This|The\s+following)\s+(?:article|story|report|piece)\s+(?:was\s+)?(?:originally|first)\s+"
        r"(?:appeared|published|ran)\s+(?:in|on|by|at))\s+" + _NAME
    ),
    re.compile(r"(?P<cue>(?:Originally|First)\s+(?:published|appeared)\s+(?:in|on|by|at))\s+" + _NAME),
    re.compile(r"(?P<cue>(?:Republished|Reprinted|Reposted)\s+(?:with\s+permission\s+)?from)\s+" + _NAME),
]
# How far from either end of the text a frame may sit: a frame is page furniture, never mid-article.
FRAME_REACH_CHARS = 400
# A frame sits in a short paragraph of its own (or one headline run into it).
FRAME_PARAGRAPH_MAX_CHARS = 300


def find_republication(text: str) -> Attribution | None:
    """The frame saying the text is another outlet's report, as an attribution over the rest, or None."""
    for start, end in _edge_paragraphs(text):
        paragraph = text[start:end]
        for pattern in (LEAD_FRAMES + ANYWHERE_FRAMES) if start < FRAME_REACH_CHARS else ANYWHERE_FRAMES:
            match = pattern.match(paragraph) if pattern in LEAD_FRAMES else pattern.search(paragraph)
            name = canonical_name(match.group("outlet")) if match else ""
            if len(name) < 2:
                continue
            # The report is the rest of the text, on whichever side of the frame it lies.
            after = _stripped(text, start + match.end(), len(text))
            before = _stripped(text, 0, start)
            body = after if after.end - after.start >= before.end - before.start else before
            if body.end <= body.start:
                continue
            outlet, cue = (start + match.start(g) for g in ("outlet", "cue"))
            return Attribution(
                source=(TextSpan(outlet, outlet + len(match.group("outlet")), match.group("outlet")),),
                cue=(TextSpan(cue, cue + len(match.group("cue")), match.group("cue")),),
                content=(body,),
                kind=REPUBLISHED,
                cue_class="report",
                sources=(Source(name=name, key=source_key(name), type=OUTLET),),
            )
    return None


def add_republication(text: str, sentence_starts: list[int], attributions: list[Attribution]) -> None:
    """Append the republication frame, if any, as the parent of every attribution not relayed by another.

    ``sentence_starts`` are the offsets where the text's sentences begin, to
    give the frame its sentence index.
    """
    frame = find_republication(text)
    if frame is None:
        return
    frame.sentence = max(0, bisect_right(sentence_starts, frame.cue[0].start) - 1)
    (body,) = frame.content
    index = len(attributions)
    for attribution in attributions:
        if attribution.parent is None and any(body.start <= span.start < body.end for span in attribution.cue):
            attribution.parent = index
    attributions.append(frame)


def _stripped(text: str, start: int, end: int) -> TextSpan:
    """The span with frame punctuation and whitespace trimmed off both ends."""
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip(" …:.,—–-\n"))
    end = start + len(text[start:end].rstrip())
    return TextSpan(start, end, text[start:end])


def _edge_paragraphs(text: str) -> list[tuple[int, int]]:
    """Short paragraphs near the start, then near the end of the text."""
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    paragraphs = [(s, e) for s, e in paragraphs if text[s:e].strip()]
    near = [p for p in paragraphs[:3] if p[0] < FRAME_REACH_CHARS]
    near += [p for p in paragraphs[-2:] if p[1] > len(text) - FRAME_REACH_CHARS and p not in near]
    return [(s, e) for s, e in near if e - s <= FRAME_PARAGRAPH_MAX_CHARS]
