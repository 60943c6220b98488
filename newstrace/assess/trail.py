"""The evidence trail: a claim's status explained as sentences a fact-checker can check."""

from __future__ import annotations

from collections import defaultdict

from ..analyze.sources import OUTLET
from ..ingest.text import clip
from ..models import (
    Claim,
    ClaimMention,
)
from .origins import outlet_origin, time_order

EVIDENCE_CHARS = 160


def evidence_trail(claim: Claim, conflicting: list[Claim] = ()) -> list[str]:
    """The claim's status explained as sentences a fact-checker can check, one per line."""
    lines = [_status_line(claim)]
    by_origin: dict[str, list[ClaimMention]] = defaultdict(list)
    for mention in sorted(claim.mentions, key=lambda m: time_order(m.published)):  # stable: text order within a time
        by_origin[mention.origin].append(mention)
    for origin, mentions in by_origin.items():
        stances = sorted({m.stance for m in mentions})
        lines.append(f"Origin {_origin_label(origin, mentions)}: {', '.join(stances)}.")
        for mention in mentions:
            where = mention.outlet or mention.article
            when = f" ({mention.published})" if mention.published else ""
            chain = " -> ".join(s.name for s in mention.chain) or "own voice"
            note = f"; {mention.collapsed}" if mention.collapsed else ""
            quoted = clip(mention.span.text, EVIDENCE_CHARS)
            lines.append(f'  {where}{when}, {chain}: "{quoted}" [{mention.stance}{note}]')
    for other in conflicting:
        # No claim number: numbers are the story's own until the store gives claims theirs (see Claim.conflicts).
        lines.append(f'Conflicts with the claim "{clip(other.text, EVIDENCE_CHARS)}" ({other.status}).')
    return lines


def _status_line(claim: Claim) -> str:
    origins = "origin" if claim.supporting == 1 else "origins"
    text = {
        "corroborated": f"Corroborated: {claim.supporting} independent supporting {origins}, none disputing.",
        "single_source": "Single source: one independent origin supports it, none disputes it.",
        "disputed": f"Disputed: {claim.supporting} supporting and {claim.disputing} disputing independent origins.",
        "denied": f"Denied: {claim.disputing} disputing origin(s) and no independent support.",
        "unverified": "Unverified: every report of it is hedged or only mentions it.",
    }[claim.status]
    if claim.relays:
        text += f" {claim.relays} mention(s) collapsed as copies or relays."
    return text


def _origin_label(origin: str, mentions: list[ClaimMention]) -> str:
    kind, _, key = origin.partition(":")
    if kind == "state":
        affiliations = [s.affiliation for m in mentions for s in m.chain[-1:] if s.affiliation]
        return f"{affiliations[0] if affiliations else key} officials (unnamed or the government as a whole)"
    if kind == "anonymous":
        return "unnamed sources (affiliation not stated)"
    if kind == "article":
        return f"{key} (own reporting, outlet unknown)"
    if kind == "outlet":
        # the outlet the key names, not the first article read (a copy of it under another outlet's name)
        own = [m.outlet for m in mentions if not m.chain and m.outlet and outlet_origin(m.outlet) == origin]
        cited = [s for m in mentions for s in m.chain[-1:] if s.type == OUTLET]
        if own or not cited:
            return f"{own[0] if own else key} (own reporting)"
        return f"{cited[0].name} ({', '.join(filter(None, ['news outlet', cited[0].affiliation]))})"
    sources = [s for m in mentions for s in m.chain[-1:]]
    if kind == "document" and "@" in key:
        return f"{sources[0].name if sources else 'documents'} (document, as seen by {key.split('@', 1)[1].title()})"
    if not sources:
        return f"{key} ({kind.replace('_', ' ')})"
    described = ", ".join(filter(None, [kind.replace("_", " "), sources[0].affiliation]))
    return f"{sources[0].name} ({described})"
