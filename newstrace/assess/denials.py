"""Denials: how a source or an article says that what a claim says did not happen, and whose denial it is."""

from __future__ import annotations

import re

from ..analyze.attributions import QUOTES
from .passages import STATES_SIMILARITY, Claimed, Passage, Scorer
from .statements import ATTRIBUTED, NEGATED_SHARED, REFERRING_CONTENT, Statement, final_stance
from .words import REFUTING, negated_terms, negates

# The first word of a negation, and verbs that make what follows them someone's words (a headline's "X says ...").
NEGATION_WORD = re.compile(r"\b(not|never|no|none|nobody|nothing|neither|nor|cannot)\b|n['’]t\b", re.IGNORECASE)
SAYS = re.compile(
    r"\b(says?|said|tells?|told|insists?|insisted|claims?|claimed|maintains?|maintained|according to)\b", re.IGNORECASE
)
# Lexical cosine with the claim of the closest sentence for a source's negation in it to deny the claim (see
# sources_negation): one sharing a word or two ("the king was not flying missions himself" against "Jordan was to
# fly more sorties than ever") is about something else.
NEGATION_LEXICAL = 0.2


def is_denial(claim: Claimed) -> bool:
    """Does the claim itself deny something? Then an article's refuting words echo it rather than refute it
    ("a government spokesman denied rumours that the king flew airstrikes" against "Jordan denied that the king
    flew combat missions"); its statements' stances and the stance model still tell."""
    return claim.reference.negative or claim.reference.stance == "denies" or bool(REFUTING.search(claim.text))


def negates_claim(passage: Passage, claim: Claimed, quoted: frozenset[int]) -> bool:
    """Does the passage say in the article's own voice that what the claim says did not happen ("Comcast is
    not asking customers to stop using Tor" against "Comcast threatened to cut off customers who use Tor")?"""
    text = passage.span.text
    opening = text.lstrip()[:1]
    if passage.index in quoted or (opening and opening in QUOTES) or not negates(text):
        return False  # a sentence opening a quotation is its speaker's words, whoever the article names for it
    negation = NEGATION_WORD.search(text)
    if negation and SAYS.search(text[: negation.start()]):
        return False  # "Maritime board says it never received Nordvik warning": the board's words, not the article's
    return reaches_claim(negated_terms(text), claim)


def explicit_denial(statement: Statement, claim: Claimed | None) -> bool:
    """A denial in so many words: a denial cue ("X denied that ..."), words calling it false ("a hoax"), a
    negation of what the claim says ("had no record of any warning from Nordvik"), or, against a claim that
    something did not happen, saying it did ("the broadcast showed her shaking hands with the king" against "the
    king did not shake her hand"); not another count."""
    said_against = claim is not None and claim.reference.negative and not statement.negative
    return statement.denial_cue or statement.stance == "denies" or statement.negative or said_against


def same_voice(a: Statement, b: Statement) -> bool:
    """Do two statements come from one source ("the Defence Ministry said" / "the ministry said"): a key the same
    as the other's, or all its words in it, for sources of one type? A source stands on one side of a claim: its
    sentence on the same event ("the helicopter made an emergency landing") is no support of what it denies
    ("none of the crew had been hurt")."""
    for x in a.chain[-1:]:  # who says it, not who relays it ("Radio Harju is reporting as follows")
        for y in b.chain[-1:]:
            words_x, words_y = set(x.key.split()), set(y.key.split())
            if x.key == y.key or (x.type == y.type and (words_x <= words_y or words_y <= words_x)):
                return True
    return False


def sources_negation(
    claim: Claimed, closest: list[tuple[float, float, Passage]], statements: list[Statement]
) -> Statement | None:
    """A source's statement in the sentence closest to the claim that says what the claim says did not happen
    ("Comcast says it uses e-mail alerts ..., but it doesn't cut off service" against "Comcast cuts off customers'
    service under six strikes"), when nothing of the article was found stating the claim: the source denies it."""
    if not closest or closest[0][1] < NEGATION_LEXICAL:
        return None
    index = closest[0][2].index
    for statement in statements:
        in_closest = statement.sentence_index == index and statement.voice == ATTRIBUTED and statement.negative
        if in_closest and reaches_claim(statement.negated_terms or frozenset(), claim):
            return statement
    return None


def negation_states(claim: Claimed, statement: Statement, scorer: Scorer) -> bool:
    """A source's negation of what the claim says ("none of the four crew members had been hurt" against "two crew
    members were injured in the landing"): the sentence encoder rates a negation far from what it negates, so it
    states the claim, denying it, by its words alone: the lexical floor of any statement stating a claim
    (STATES_SIMILARITY), and a negation reaching NEGATED_SHARED of the claim's terms. Development stories as
    assessed (bench/check_dev.py), with same_voice: accuracy .558 -> .570, macro F1 .397 -> .418."""
    if statement.voice != ATTRIBUTED or not statement.negative or claim.reference.negative:
        return False
    if not reaches_claim(statement.negated_terms or frozenset(), claim):
        return False
    lexical = scorer.lexical(Claimed(claim.text, claim.reference), statement.terms)
    return lexical >= STATES_SIMILARITY[1] and final_stance(statement, claim.reference) == "denies"


def reaches_claim(negated: frozenset[str], claim: Claimed) -> bool:
    """Does a negation reach NEGATED_SHARED of the claim's terms (what it says did not happen is the claim's)?"""
    return len(negated & claim.reference.terms.keys()) >= NEGATED_SHARED


def denies_the_report(statement: Statement) -> bool:
    """Does a source deny the report just given, naming it only ("Israel has denied the claim as entirely
    false")? It is read as a denial of what the report before it says; claims are not grouped by it."""
    return statement.denial_cue and bool(REFERRING_CONTENT.match(statement.span.text))
