"""Claims about what a speaker said in public ("Jordanian officials dismissed ISIS's claim about Mueller's death as
a propaganda trick"): an article saying in its own words that they did, naming them, states the claim for them."""

from __future__ import annotations

import re

from ..models import Source
from .entities import EntityIndex
from .grouping import mixed_similarity
from .judge import READ_SENTENCES, Reading
from .names import name_key
from .passages import STATES_SIMILARITY, Claimed
from .statements import ATTRIBUTED, Statement
from .words import REFUTING, negates


def speaker_names(speaker_key: str, statements: list[Statement], entities: EntityIndex) -> dict[str, Source]:
    """The names by which the story's articles name the speaker of a claim about a speech act ("Jordanian officials
    dismissed ...": "Jordanian officials", "Foreign Minister Nasser Judeh"), each with a source so named: every
    source of the entity that a source named as the claim names its speaker belongs to."""
    sources = [(s.article.external_id, source) for s in statements for source in s.chain]
    keys = {entities.entity(a, source).key for a, source in sources if name_key(source.name) == speaker_key}
    return {
        source.name.casefold(): source
        for a, source in sources
        if entities.entity(a, source).key in keys and len(source.name) > 3
    }


def heard_said(
    claimed: Claimed, reading: Reading, speakers: dict[str, Source], statements: dict[str, list[Statement]]
) -> Statement | None:
    """The statement of the speaker by which an article reports the speech act the claim is about in its own
    words (see _speaker_heard), when it is related to the claim, none of its statements stating the claim is
    the speaker's, and it says the act as the claim does; or None."""
    if not reading.related or any(s.chain and s.chain[-1].name.casefold() in speakers for s, _ in reading.stating):
        return None
    heard = _speaker_heard(reading, speakers, statements[reading.article.external_id])
    return heard if heard is not None and _says_as_claimed(heard.span.text, claimed) else None


def _says_as_claimed(text: str, claimed: Claimed) -> bool:
    """Does a sentence reporting the speech act a claim is about say it as the claim does: negated or not ("did
    not dismiss"), denying or not ("Comcast denied threatening ...")?"""
    return negates(text) == claimed.reference.negative and bool(REFUTING.search(text)) == bool(
        REFUTING.search(claimed.text)
    )


def _speaker_heard(reading: Reading, speakers: dict[str, Source], statements: list[Statement]) -> Statement | None:
    """The sentence by which an article reports the public speech act a claim is about, in its own words and
    naming the speaker ("Jordanian officials seemed to cast doubt on the reports of Mueller's death" against
    "Jordanian officials dismissed ISIS's claim about Mueller's death"), as a statement of that speaker; or None.
    Its content is the act, not what was said, so the sentence is compared whole (STATES_SIMILARITY's bar, no
    lexical floor beyond the one any related sentence has: naming the speaker is the stronger tie). Not a
    sentence that another source says ("Nordvik warned regulators ..., internal documents show")."""
    bar, _ = STATES_SIMILARITY
    for meaning, lexical, passage in reading.closest[:READ_SENTENCES]:
        if passage.index < 0 or float(mixed_similarity(lexical, meaning)) < bar:
            continue
        others = [
            s
            for s in statements
            if s.sentence_index == passage.index and s.chain and s.chain[-1].name.casefold() not in speakers
        ]
        if others:
            continue
        text = passage.span.text.casefold()
        named = next((source for name, source in speakers.items() if re.search(rf"\b{re.escape(name)}\b", text)), None)
        if named is not None:
            return Statement(
                article=reading.article,
                span=passage.span,
                sentence=passage.span,
                sentence_index=passage.index,
                chain=(named,),
                stance="supports",
                terms=passage.terms,
                voice=ATTRIBUTED,
                levels=(0,),
            )
    return None
