"""Claims about what someone said ("Comcast threatened to cut off Tor users", "Jordanian officials dismissed ISIS's
claim as a propaganda trick"): who speaks in them, who stands behind them (whoever heard it, for a threat made to
customers), and, for a speech act made in public, an article's own sentence saying it was made."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..models import Source
from .entities import EntityIndex
from .grouping import mixed_similarity
from .judge import READ_SENTENCES, Reading
from .names import name_key
from .passages import STATES_SIMILARITY, Claimed
from .statements import ATTRIBUTED, Statement
from .words import REFUTING, negates

# A claim that reports a speech act ("Comcast threatened to cut off ...", "Jordan's government denied ..."): who
# speaks, before a reporting verb in the past or present.
SPEECH_ACT = re.compile(
    r"^(?P<speaker>[A-Z][^,;:]{0,60}?)\s+(?:officially\s+|publicly\s+|also\s+)?"
    r"(?P<act>threatened|threatens|said|says|denied|denies|dismissed|dismisses|claimed|claims|announced|announces|"
    r"confirmed|confirms|warned|warns|told|tells|called|calls|accused|accuses|promised|promises|vowed|vows)\b"
)
# Speech acts made in public (not "warned regulators", "threatened customers", "told a customer", which those
# addressed witness): an outlet reporting one in its own words heard the speaker.
PUBLIC_ACTS = {
    "said", "says", "denied", "denies", "dismissed", "dismisses", "claimed", "claims", "announced", "announces",
    "confirmed", "confirms", "called", "calls", "accused", "accuses", "promised", "promises", "vowed", "vows",
}  # fmt: skip


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


def claim_speaker(text: str) -> str | None:
    """Who speaks in a claim that reports a speech act, as the claim names them, or None."""
    match = SPEECH_ACT.match(" ".join(text.split()))
    return match.group("speaker") if match else None


def public_speaker(text: str) -> str | None:
    """Who speaks in a claim that reports a speech act made in public (PUBLIC_ACTS), or None."""
    match = SPEECH_ACT.match(" ".join(text.split()))
    return match.group("speaker") if match and match.group("act") in PUBLIC_ACTS else None


def as_witnessed(statement: Statement, speaker_key: str | None, key_of: Callable[[str], str]) -> Statement:
    """A statement stating a claim about what ``speaker_key`` said, relayed by someone who heard it ("Harbor
    Telecom threatened to cut off our service, three customers told the Ledger"): the witness, not the speaker,
    stands behind the claim that the speaker said it. An outlet relaying the speaker's own words is no witness."""
    chain = statement.chain
    if (
        speaker_key is None
        or len(chain) < 2
        or chain[-2].type == "news_outlet"
        or key_of(chain[-1].name) != speaker_key
    ):
        return statement
    return replace(statement, chain=chain[:-1], levels=statement.levels[:-1])
