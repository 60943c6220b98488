"""Relays through a recipient: "X told Fox News" means Fox News relays X.

The attribution rules take the speaker of "told" as the source; when the one
told is a news outlet, the outlet is the relay the reader depends on, so it
becomes the parent attribution: Fox News -> a senior defense official -> content.
The same holds when a clause on the source says whom it spoke to: "a passenger
who spoke to the BBC said ...", "a witness, interviewed by Sky News, said ...".
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from ..models import Attribution, TextSpan
from .sources import ORGANISATION, OUTLET, describe_source

# Cue lemmas whose object is the one the statement was made to.
TELL_LEMMAS = {"tell", "inform", "brief"}
# Dependency labels of that object ("told Fox News", "told reporters").
RECIPIENT_DEPS = {"dobj", "dative", "iobj"}
# Verbs of a clause on the source naming whom it spoke to, with the preposition introducing them.
SPOKE_TO = {"speak": {"to", "with"}, "talk": {"to", "with"}, "interview": {"by"}}


def add_recipient_relays(doc: Doc, attributions: list[Attribution]) -> None:
    """Append a relay attribution for each outlet told, and point the told one at it."""
    for index in range(len(attributions)):
        attribution = attributions[index]
        if attribution.parent is not None or not attribution.cue:
            continue
        told = _recipient(doc, attribution.cue[0])
        recipient = told or _addressee(doc, attribution.source)
        if recipient is None:
            continue
        source = describe_source(recipient, [], [])
        if told is None and source.type == ORGANISATION:  # a named body the source spoke to: "the Baltic Beacon"
            source = replace(source, type=OUTLET)
        if source.type != OUTLET:
            continue
        cue = attribution.cue[0]
        attributions.append(
            Attribution(
                source=(TextSpan(recipient.start_char, recipient.end_char, recipient.text),),
                cue=(cue,),
                content=attribution.content,
                kind="told",
                cue_class="report",
                sentence=attribution.sentence,
                hedges=attribution.hedges,
                sources=(source,),
            )
        )
        attribution.parent = len(attributions) - 1


def _recipient(doc: Doc, cue: TextSpan) -> Span | None:
    tokens = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    if tokens is None:
        return None
    verb = tokens.root
    if verb.lemma_.lower() not in TELL_LEMMAS:
        return None
    for child in verb.children:
        if child.dep_ in RECIPIENT_DEPS and child.pos_ in ("PROPN", "NOUN"):
            return _noun_phrase(doc, child)
    return None


def _addressee(doc: Doc, source: tuple[TextSpan, ...]) -> Span | None:
    """Whom a clause on the source says it spoke to: "who spoke to the BBC", "interviewed by Sky News"."""
    tokens = doc.char_span(source[0].start, source[-1].end, alignment_mode="expand") if source else None
    if tokens is None:
        return None
    for clause in (t for t in tokens if t.dep_ in ("relcl", "acl")):
        prepositions = SPOKE_TO.get(clause.lemma_.lower(), set())
        for prep in clause.children:
            if prep.lower_ in prepositions:
                objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ in ("PROPN", "NOUN")]
                if objects:
                    return _noun_phrase(doc, objects[0])
    return None


def _noun_phrase(doc: Doc, head) -> Span:
    compound = [t for t in head.subtree if t.dep_ in ("compound", "amod", "poss", "det") or t is head]
    return doc[min(t.i for t in compound) : max(t.i for t in compound) + 1]
