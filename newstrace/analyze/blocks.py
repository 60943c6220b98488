"""Blocks a speaker's lead-in introduces with a colon, set as paragraphs of their own without quotation marks.

"Comcast's Jason Livingood wrote in today's post:" followed by the post's
paragraphs ("We have no policy against Tor ...", "We do not terminate
customers ..."): each is the speaker's, not the article's own voice. The block
runs from the paragraph after the colon to its last paragraph in the first
person ("we", "our", "I") before another speaker's attribution, at most
BLOCK_PARAGRAPHS paragraphs: the post's own third-person sentences between
them stay in, the article's narrative after it stays out.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from ..models import Attribution, TextSpan
from .lexicon import CUE_VERBS
from .republished import find_republication

# Paragraphs a block may run to after its lead-in.
BLOCK_PARAGRAPHS = 8
FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us|I|my|me)\b", re.IGNORECASE)
FIRST_PERSON_SOURCES = {"we", "i", "us"}
PARAGRAPH = re.compile(r"[^\n]+")


def colon_blocks(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """The attributions of the blocks the document's lead-ins introduce (see the module docstring)."""
    text = doc.text
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    speaking = [  # other speakers' attributions: not "we" (the block's own voice)
        a
        for a in found
        if a.cue and not (a.source and text[a.source[0].start : a.source[0].end].lower() in FIRST_PERSON_SOURCES)
    ]
    others = sorted(a.cue[0].start for a in speaking)
    relayed = [a.cue[0].start for a in speaking if not a.negated]  # "is not asking": no one else's words
    frame = find_republication(text)  # "Baltic Wire is reporting as follows:" frames the whole article
    framed = [*found, frame] if frame is not None else found
    records = []
    for sentence in sentences:
        lead = _lead_in(sentence, text, framed)
        if lead is None:
            continue
        subject, verb = lead
        block = _block(text, sentence.end_char, others)
        if block is None:
            continue
        # One span per sentence, each a statement of its own (assess.statements), but for a sentence another
        # source says ("Local reports here say that ..." in a tweet: the reports' words, relayed).
        said = tuple(
            TextSpan(s.start_char, s.start_char + len(s.text.rstrip()), s.text.rstrip())
            for s in sentences
            if block.start <= s.start_char < block.end
            and s.text.strip()
            and not any(s.start_char <= cue < s.end_char for cue in relayed)
        )
        if not said:
            continue
        records.append(
            Attribution(
                source=(TextSpan(subject.start_char, subject.end_char, subject.text),),
                cue=(TextSpan(verb.idx, verb.idx + len(verb), verb.text),),
                content=said,
                kind="block",
                sentence=max(0, bisect_right(starts, sentence.start_char) - 1),
            )
        )
    return records


def _lead_in(sentence: Span, text: str, found: list[Attribution]) -> tuple[Span, Token] | None:
    """(subject, cue verb) of a sentence that ends its paragraph with a colon and attributes nothing else."""
    end = sentence.start_char + len(sentence.text.rstrip())
    if not sentence.text.rstrip().endswith(":") or not text[end:].startswith(("\n", " \n", "\r\n")):
        return None
    if any(sentence.start_char <= a.cue[0].start < end for a in found if a.cue):
        return None
    for verb in sentence:
        if verb.pos_ == "VERB" and verb.lemma_.lower() in CUE_VERBS:
            subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
            if subject is not None:
                return sentence.doc[subject.left_edge.i : subject.right_edge.i + 1], verb
    return None


def _block(text: str, after: int, others: list[int]) -> TextSpan | None:
    """The block's span: the paragraphs after ``after`` up to its last one in the first person (the first one
    always), stopping before another speaker's cue."""
    paragraphs = []
    for match in PARAGRAPH.finditer(text, after):
        if not match.group().strip():
            continue
        if len(paragraphs) == BLOCK_PARAGRAPHS:
            break
        if paragraphs and any(match.start() <= cue < match.end() for cue in others):
            break  # another speaker's attribution ends the block; the first paragraph is the block's whatever it says
        paragraphs.append(match)
    if not paragraphs:
        return None
    last = max((k for k, p in enumerate(paragraphs) if FIRST_PERSON.search(p.group())), default=0)
    start, end = paragraphs[0].start(), paragraphs[last].end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return TextSpan(start, end, text[start:end]) if end > start else None
