"""Claims from groups of statements: the mentions, the text a claim reads as."""

from __future__ import annotations

import math
import re

from ..ingest.text import clip
from ..models import (
    Claim,
)
from .conflicts import contested
from .entities import EntityIndex
from .grouping import Group
from .origins import first_counts, mention_of, time_order
from .ranking import ANAPHORIC_OPENING, is_fragment
from .statements import Statement, final_stance

# A dateline opening a story's first sentence: "TALLINN (NPA) — ", "KUUSIRANNA — ", "MOSCOW, Oct 8 (Reuters) - ".
LEADING_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(,[^—–(]{1,30})?(\s*\([^)]{1,30}\))?\s*[—–-]{1,2}\s+")
# A subheading the text extraction glued to the sentence after it: "NOT KIM'S FIRST ABSENCE North Korean officials".
LEADING_SUBHEAD = re.compile(r"^(?:[A-Z0-9][A-Z0-9'’,:-]+\s+){3,}(?=[A-Z][a-z])")
# The tail of a dateline a source's words were cut from: "Reuters) - North Korean leader ...".
CUT_DATELINE = re.compile(r"^[^()]{0,40}\)\s*[—–-]{1,2}\s+")
# Longest claim text shown, and longest quotation in an evidence line.
CLAIM_TEXT_CHARS = 240
# Words of a claim's text past which a statement is a less plain wording of its claim (see representative): half
# as close at twice as long. Development stories (bench/check_dev.py), discovery .520 with none, .547 at 15, 20,
# .520 at 25, 30.
PLAIN_WORDS = 20


def claim_of(index: int, story_id: int, group: Group, copy_of: dict[str, list], entities: EntityIndex) -> Claim:
    """The claim a group of statements makes: each statement a mention, with its stance toward the claim."""
    reference = representative(group)
    mentions = first_counts([mention_of(s, copy_of, final_stance(s, reference), entities) for s in group.statements])
    text = claim_text(reference)
    first = min((m.published for m in mentions if m.published), key=time_order, default=None)
    return Claim(id=index, story=story_id, text=text, status="unverified", first_seen=first, mentions=mentions)


def representative(group: Group) -> Statement:
    """The statement closest to the claim's centroid, preferring one that stands alone: a body sentence or a
    source's words that read as a sentence of their own, not a clause the parser cut loose ("stems from a January
    2011 edict", "to contain some discrepancies"); and a plain one: closeness falls with each word past
    PLAIN_WORDS (a sentence carrying colour and asides reads worse in a fact-checker's list)."""
    candidates = [s for s in group.statements if not s.refers_back and s.span.end > 0] or group.statements
    candidates = [s for s in candidates if _whole(s.span.text)] or candidates
    norm = math.sqrt(sum(v * v for v in group.centroid.values())) or 1.0

    def closeness(s: Statement) -> float:
        own = math.sqrt(sum(v * v for v in s.terms.values())) or 1.0
        words = len(s.span.text.split())
        plain = 1 + max(0, words - PLAIN_WORDS) / PLAIN_WORDS
        return sum(c * group.centroid[t] for t, c in s.terms.items()) / (own * norm) / plain

    return max(candidates, key=closeness)


def _whole(text: str) -> bool:
    """Does the text read as a sentence of its own: opening with a capital or a figure, and no fragment?"""
    opening = text.lstrip(" \"'“‘(")[:1]
    return (opening.isupper() or opening.isdigit()) and not is_fragment(text) and not ANAPHORIC_OPENING.match(text)


def claim_text(best: Statement) -> str:
    text = " ".join(best.span.text.split()).strip(" ,;:“”\"'")
    text = re.sub(r"^that\s+", "", text)  # indirect speech: "(said) that X" -> "X"
    text = LEADING_DATELINE.sub("", text)  # "TALLINN (NPA) — A ferry ..." -> "A ferry ..."
    text = LEADING_SUBHEAD.sub("", CUT_DATELINE.sub("", text))
    text = text[:1].upper() + text[1:]
    return clip(text, CLAIM_TEXT_CHARS, at_word=True)


def state_the_contested_point(claim: Claim, group: Group, carriers: dict[tuple[int, int], set[int]]) -> None:
    """A claim in conflict reads as one of its statements that carries the contested point (a count, an opposed
    word), if its usual text does not: what other claims dispute is then what the claim says."""
    points = contested(claim, carriers)
    reference = representative(group)
    if not points or any(group.statements[k] is reference for k in points):
        return
    carrying = [group.statements[k] for k in sorted(points) if group.statements[k].negative == reference.negative]
    if carrying:
        claim.text = claim_text(representative(Group(carrying, group.centroid)))
