"""The evidence trail: a claim's status explained as a fact-checker's note, each line checkable.

It says who claims it, who disputes it and who cannot confirm it, by
independent origin with the entities behind each and the outlets that relayed
them ("Disputed by: the Russian government (Igor Konashenkov, Russian
officials), via RT and CNN"), what was collapsed as copies or relays, each
article's stance, then each origin's mentions, quoted.
"""

from __future__ import annotations

from collections import defaultdict

from ..analyze.sources import OUTLET
from ..ingest.text import clip
from ..models import SIDES, Claim, ClaimMention, Origin
from .entities import EntityIndex
from .origins import time_order
from .status import OWN_REPORTING

# Longest quotation in an evidence line, and most entities and relaying outlets named per origin.
EVIDENCE_CHARS = 160
NAMED = 4
# The heading of each side's line.
SIDE_HEADINGS = {"supporting": "Claimed by", "disputing": "Disputed by", "unconfirmed": "Cannot confirm"}


def evidence_trail(claim: Claim, conflicting: list[Claim] = (), entities: EntityIndex | None = None) -> list[str]:
    """The claim's status explained as sentences a fact-checker can check, one per line."""
    lines = [_status_line(claim)]
    by_key = {m.origin: m for m in claim.mentions if m.origin}
    for side, heading in SIDE_HEADINGS.items():
        for origin in claim.origins.get(side, []):
            mentions = [m for m in claim.mentions if m.origin == origin.key] or [by_key.get(origin.key)]
            lines.append(f"{heading}: {describe_origin(origin, [m for m in mentions if m])}.")
    collapsed = _collapsed(claim.mentions)
    if collapsed:
        lines.append(f"Collapsed: {collapsed}.")
    if claim.stances:
        judged = [s for s in claim.stances if s.stance != "unrelated"]
        lines.append(f"Articles: {len(judged)} of {len(claim.stances)} address it.")
        for stance in judged:
            quoted = f': "{clip(stance.evidence[0].text, EVIDENCE_CHARS)}"' if stance.evidence else ""
            where = stance.outlet or stance.article
            when = f" ({stance.published})" if stance.published else ""
            lines.append(f"  {where}{when} {stance.stance}{quoted}")
    by_origin: dict[str, list[ClaimMention]] = defaultdict(list)
    for mention in sorted(claim.mentions, key=lambda m: time_order(m.published)):  # stable: text order within a time
        by_origin[mention.origin or "headline"].append(mention)
    names = {o.key: o.name for side in claim.origins.values() for o in side}
    for origin, mentions in by_origin.items():
        label = names.get(origin) or ("headlines" if origin == "headline" else f"{_own(mentions[0])} (not counted)")
        lines.append(f"Origin {label}: {', '.join(sorted({m.stance for m in mentions}))}.")
        for mention in mentions:
            where = mention.outlet or mention.article
            when = f" ({mention.published})" if mention.published else ""
            chain = relay_path(mention) or "own voice"
            note = f"; {mention.collapsed}" if mention.collapsed else ""
            quoted = clip(mention.span.text, EVIDENCE_CHARS)
            lines.append(f'  {where}{when}, {chain}: "{quoted}" [{mention.stance}{note}]')
    for other in conflicting:
        # No claim number: numbers are the story's own until the store gives claims theirs (see Claim.conflicts).
        lines.append(f'Conflicts with the claim "{clip(other.text, EVIDENCE_CHARS)}" ({other.status}).')
    return lines


def describe_origin(origin: Origin, mentions: list[ClaimMention]) -> str:
    """ "the Russian government (Igor Konashenkov, Russian officials), via RT and CNN": the entities its name
    does not already say."""
    named = {origin.name.casefold(), origin.name.removesuffix(OWN_REPORTING).casefold()}
    entities = [e for e in origin.entities if not any(e.casefold() in name for name in named)][:NAMED]
    text = origin.name + (f" ({', '.join(entities)})" if entities else "")
    relays = _relayed_by(mentions)
    return text + (f", via {relays}" if relays and relays.casefold() not in named else "")  # not its own article


def claimed_by(claim: Claim) -> str | None:
    """Who the claim rests on, in a line: its supporting origins (else those that cannot confirm it)."""
    origins = claim.origins.get("supporting") or claim.origins.get("unconfirmed") or []
    if not origins:
        return None
    named = [o.name for o in origins[:3]]
    return "; ".join(named) + (f" and {len(origins) - 3} more" if len(origins) > 3 else "")


def relay_path(mention: ClaimMention) -> str:
    """The chain read outermost first, parallel relays joined: "USA Today -> Fox News + CNN -> U.S. officials"."""
    return " -> ".join(" + ".join(s.name for s in level) for level in mention.relay_levels())


def _relayed_by(mentions: list[ClaimMention]) -> str:
    """The outlets that carried an origin's word: those relaying it in the chains, else those that published it
    (not as a copy); "Fox News and CNN (in parallel)" when one article says both relayed it."""
    carried: dict[str, None] = {}
    parallel = False
    for mention in sorted(mentions, key=lambda m: time_order(m.published)):
        levels = mention.relay_levels()[:-1] if mention.chain else []
        relaying = [[s.name for s in level if s.type == OUTLET] for level in levels]
        relaying = [names for names in relaying if names][-1:]
        if relaying:
            carried.update(dict.fromkeys(relaying[0]))
            parallel = parallel or len(relaying[0]) > 1
        elif mention.outlet and not (mention.collapsed or "").startswith("copy of"):
            carried[mention.outlet] = None
    names = list(carried)[:NAMED]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    if len(carried) > NAMED:
        listed += f" and {len(carried) - NAMED} more"
    return listed + (" (in parallel)" if parallel and len(names) > 1 else "")


def _own(mention: ClaimMention) -> str:
    """Whose own words a mention is, as a reader knows them: "LatAm Markets Wire's own reporting"."""
    return f"{mention.outlet or mention.article}'s own reporting" if not mention.chain else relay_path(mention)


def _collapsed(mentions: list[ClaimMention]) -> str:
    """ "2 copies (Varna Daily copying Balkan Wire), 3 relays" of the mentions that add no origin."""
    copies = [m for m in mentions if (m.collapsed or "").startswith("copy of")]
    relays = [m for m in mentions if (m.collapsed or "").startswith(("relay of", "restates"))]
    parts = []
    if copies:
        examples = sorted({f"{m.outlet or m.article} {m.collapsed}" for m in copies})[:2]
        parts.append(f"{len(copies)} {'copy' if len(copies) == 1 else 'copies'} ({'; '.join(examples)})")
    if relays:
        parts.append(f"{len(relays)} {'relay' if len(relays) == 1 else 'relays'}")
    return ", ".join(parts)


def _status_line(claim: Claim) -> str:
    counts = {side: claim.sides[side].origins if side in claim.sides else 0 for side in SIDES}
    said = [
        f"{counts['supporting']} independent {'origin supports' if counts['supporting'] == 1 else 'origins support'}"
        " it",
        f"{counts['disputing']} {'disputes' if counts['disputing'] == 1 else 'dispute'} it",
    ]
    if counts["unconfirmed"]:
        said.append(f"{counts['unconfirmed']} cannot confirm it")
    heading = claim.status.replace("_", " ").capitalize()
    text = f"{heading}: {', '.join(said)}."
    if claim.relays:
        text += f" {claim.relays} mention(s) collapsed as copies or relays."
    return text
