"""Sentences with their voice and firmness, and named entities, with offsets.

A sentence is in the article's *own voice* when no attribution covers most of
it; an own-voice sentence with a finite verb that is not a question is an
assertion, and carries its firmness: hedges ("reportedly", "may", "unclear"),
and negation or denial ("did not", "denied", "neither ... confirmed"). A
headline ending in "?" is a hedge on the whole article: it is returned as a
sentence of part "title", its offsets pointing into the title.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

from ..models import Attribution, Boilerplate, Entity, Sentence, TextSpan
from .lexicon import CUE_VERBS, HEDGES, NEGATIONS

# A sentence is attributed when attribution spans cover at least this share of its characters.
ATTRIBUTED_SHARE = 0.5
# Cue classes whose verb, in the article's own voice, states a denial ("Moscow denied the report").
DENIAL_CLASSES = {"deny"}
# spaCy's entity labels grouped into the kinds users ask for.
ENTITY_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "nationality",
    "DATE": "date",
    "TIME": "date",
    "CARDINAL": "number",
    "QUANTITY": "number",
    "PERCENT": "number",
    "MONEY": "number",
    "ORDINAL": "number",
}


def find_sentences(
    doc: Doc,
    attributions: Iterable[Attribution] = (),
    boilerplate: Iterable[Boilerplate] = (),
    title: str | None = None,
) -> list[Sentence]:
    """Every sentence of the text, then the title when it asks a question."""
    covered = _covered_chars(attributions)
    furniture = [(b.span.start, b.span.end) for b in boilerplate]
    found = []
    for index, sentence in enumerate(doc.sents):
        span = _trimmed(sentence)
        if span is None:
            continue
        if any(start <= span.start < end for start, end in furniture):
            voice = "boilerplate"
        elif _share_covered(span, covered) >= ATTRIBUTED_SHARE:
            voice = "attributed"
        else:
            voice = "own"
        hedges, negated = firmness(sentence)
        found.append(
            Sentence(
                span=span,
                index=index,
                voice=voice,
                assertive=voice == "own" and _is_assertion(sentence),
                hedges=hedges,
                negated=negated,
            )
        )
    if title and title.rstrip().endswith("?"):
        text = title.strip()
        found.append(Sentence(TextSpan(0, len(text), text), -1, "own", False, ("question headline",), False, "title"))
    return found


def firmness(tokens: Iterable) -> tuple[tuple[str, ...], bool]:
    """(hedge words, negated-or-denied) of a run of spaCy tokens."""
    tokens = list(tokens)
    words = {t.lower_ for t in tokens} | {t.lemma_.lower() for t in tokens}
    hedges = set(HEDGES & words)
    if tokens and tokens[-1].text == "?":
        hedges.add("question")
    negated = any(t.dep_ == "neg" or t.lower_ in NEGATIONS for t in tokens) or any(
        t.pos_ == "VERB" and CUE_VERBS.get(t.lemma_.lower()) in DENIAL_CLASSES for t in tokens
    )
    return tuple(sorted(hedges)), negated


def find_entities(doc: Doc) -> list[Entity]:
    """Named entities of the kinds in ENTITY_KINDS, with the sentence each is in."""
    sentence_of = {}
    for index, sentence in enumerate(doc.sents):
        sentence_of[sentence.start] = index
    found = []
    for ent in doc.ents:
        kind = ENTITY_KINDS.get(ent.label_)
        if kind is None or not ent.text.strip():
            continue
        found.append(
            Entity(
                span=TextSpan(ent.start_char, ent.end_char, ent.text),
                label=ent.label_,
                kind=kind,
                sentence=sentence_of.get(ent.sent.start, 0),
            )
        )
    return found


def _is_assertion(sentence: Span) -> bool:
    """A declarative sentence with a finite verb: not a question, heading or fragment."""
    if sentence.text.rstrip().endswith("?"):
        return False
    return any(t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") for t in sentence) and len(sentence) >= 4


def _trimmed(sentence: Span) -> TextSpan | None:
    text = sentence.text
    stripped = text.strip()
    if not stripped:
        return None
    start = sentence.start_char + (len(text) - len(text.lstrip()))
    return TextSpan(start, start + len(stripped), stripped)


def _covered_chars(attributions: Iterable[Attribution]) -> list[tuple[int, int]]:
    return [
        (span.start, span.end)
        for attribution in attributions
        for role in ("source", "cue", "content")
        for span in attribution.spans(role)
    ]


def _share_covered(span: TextSpan, covered: list[tuple[int, int]]) -> float:
    inside = set()
    for start, end in covered:
        if start < span.end and end > span.start:
            inside.update(range(max(start, span.start), min(end, span.end)))
    return len(inside) / max(1, span.end - span.start)
