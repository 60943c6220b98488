"""Counts and status: what stands on each side of a claim, each independent origin counted once.

A mention stands on the supporting, disputing or unconfirmed side by its
stance (see :data:`newstrace.models.SIDES`); an origin that supports a claim
contradicting this one, in the words that contradict it, disputes this one.
An origin heard on several sides stands where it last spoke. Status follows
the origins: corroborated (two or more support, none disputes),
single_source, disputed (both sides), denied (only disputing), unverified
(only hedged reports or mentions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from ..models import SIDES, Claim, ClaimMention, Origin, SideCounts, article_label
from .conflicts import contested
from .entities import EntityIndex, name_key, state_name
from .origins import merged_anonymous, time_order
from .words import is_verdict

# Every status a claim can have, strongest support first: the order listings and summaries count them in.
STATUSES = ("corroborated", "single_source", "disputed", "denied", "unverified")
# The side a stance puts a mention on.
SIDE_OF = {stance: side for side, stances in SIDES.items() for stance in stances}

# How an outlet's own reporting is named as an origin: "Fox News (own reporting)".
OWN_REPORTING = " (own reporting)"


def count_and_judge(
    claim: Claim,
    conflicting: list[Claim],
    carriers: dict[tuple[int, int], set[int]],
    entities: EntityIndex,
) -> None:
    """Fill in the claim's sides, origins, counts and status from its mentions and its ``conflicting`` claims."""
    _contested_support(claim, carriers)
    on_side: dict[str, list[ClaimMention]] = defaultdict(list)
    for mention in claim.mentions:
        if mention.origin is not None and mention.stance in SIDE_OF:
            on_side[SIDE_OF[mention.stance]].append(mention)
    supporting = {m.origin for m in on_side["supporting"]}
    through: set[str] = set()
    for other in conflicting:
        carrying = carriers.get((claim.id, other.id), set())
        for k, mention in enumerate(other.mentions):
            if mention.stance == "supports" and k in carrying and mention.origin and mention.origin not in supporting:
                on_side["disputing"].append(mention)
                through.add(mention.origin)
    claim.disputed_by = sorted(through)
    if through:  # unnamed sources met on both claims meet the same states
        placed = [(side, m) for side, mentions in on_side.items() for m in mentions]
        on_side = defaultdict(list)
        for (side, _), mention in zip(placed, merged_anonymous([m for _, m in placed]), strict=True):
            on_side[side].append(mention)
    _one_side_each(on_side)
    names = origin_names(claim.mentions + on_side["disputing"], entities)
    counted = {side: _sourced(on_side[side]) for side in SIDES}
    kept = {id(m) for side in SIDES for m in counted[side]}
    restating = {id(m) for side in SIDES for m in on_side[side] if id(m) not in kept and m.collapsed is None}
    claim.mentions = [replace(m, collapsed=RESTATES) if id(m) in restating else m for m in claim.mentions]
    claim.origins = {side: _origins(counted[side], names, entities) for side in SIDES}
    claim.sides = {side: _counts(on_side[side], counted[side]) for side in SIDES}
    claim.supporting, claim.disputing, claim.unconfirmed = (claim.sides[s].origins for s in SIDES)
    claim.relays = sum(counts.relays for counts in claim.sides.values())
    claim.status = status_of(claim.supporting, claim.disputing)


def status_of(supporting: int, disputing: int) -> str:
    """corroborated, single_source, disputed, denied or unverified, from the independent origins on each side."""
    if supporting and disputing:
        return "disputed"
    if disputing:
        return "denied"
    if supporting >= 2:
        return "corroborated"
    return "single_source" if supporting else "unverified"


def claims_matching(claims: Iterable[Claim], statuses: Iterable[str] = (), min_origins: int = 0) -> list[Claim]:
    """The claims with one of ``statuses`` (any, when none is given) that ``min_origins`` or more independent
    origins support."""
    wanted = set(statuses)
    return [c for c in claims if (not wanted or c.status in wanted) and c.supporting >= min_origins]


def _one_side_each(on_side: dict[str, list[ClaimMention]]) -> None:
    """An origin heard on several sides stands only on the side of its latest mention."""
    latest: dict[str, tuple[tuple, str]] = {}
    for side, mentions in on_side.items():
        for mention in mentions:
            when = (time_order(mention.published), side != "supporting")  # a tie leans away from support
            if mention.origin not in latest or when > latest[mention.origin][0]:
                latest[mention.origin] = (when, side)
    for side in list(on_side):
        on_side[side] = [m for m in on_side[side] if latest[m.origin][1] == side]


# Why an own-voice mention counts for no origin when the side names its sources (see _sourced).
RESTATES = "restates what the story attributes"


def _sourced(mentions: list[ClaimMention]) -> list[ClaimMention]:
    """The mentions of one side whose origins count. When a source stands on the side, what articles say of it in
    their own voice restates what was attributed ("Four missiles crashed in Iran", in a story that says a defense
    official said so): it adds no origin. A side stated in own voice alone counts each named outlet's reporting;
    articles of no known outlet count as one origin among them, and none beside a named outlet, for nothing tells
    their reporting from a rewrite of the story's."""
    attributed = [m for m in mentions if m.entity is not None or is_verdict(m.span.text)]  # a fact-check's finding
    if attributed:
        return attributed
    named = [m for m in mentions if m.outlet]
    if named:
        return named
    earliest = min(mentions, key=lambda m: time_order(m.published), default=None)
    return [m for m in mentions if earliest is not None and m.origin == earliest.origin]


def _counts(mentions: list[ClaimMention], counted: list[ClaimMention]) -> SideCounts:
    origins = {m.origin for m in counted}
    articles = {m.article for m in mentions}
    outlets = {m.outlet or m.article for m in mentions}
    relays = len(mentions) - len(origins)
    return SideCounts(origins=len(origins), articles=len(articles), outlets=len(outlets), relays=relays)


def _origins(mentions: list[ClaimMention], names: dict[str, str], entities: EntityIndex) -> list[Origin]:
    """Each origin of a side with the entities it gathers and the articles that carry it, most carried first."""
    gathered: dict[str, tuple[dict, dict]] = {}
    for mention in mentions:
        entity_names, articles = gathered.setdefault(mention.origin, ({}, {}))
        if mention.entity and mention.entity in entities.by_key:
            entity_names[entities.by_key[mention.entity].name] = None
        elif mention.outlet:
            kind, _, key = mention.origin.partition(":")
            copied = kind == "outlet" and name_key(mention.outlet) != key  # a copy of that outlet's reporting
            entity_names[names[mention.origin].removesuffix(OWN_REPORTING) if copied else mention.outlet] = None
        articles[mention.article] = None
    found = [
        Origin(key, names.get(key, key), tuple(entity_names), tuple(articles))
        for key, (entity_names, articles) in gathered.items()
    ]
    return sorted(found, key=lambda o: (-len(o.articles), o.name.casefold()))


def origin_names(mentions: list[ClaimMention], entities: EntityIndex) -> dict[str, str]:
    """How a reader names each origin of these mentions: "the Russian government", "Fox News (own reporting)"."""
    names: dict[str, str] = {}
    for mention in mentions:
        if mention.origin is None or mention.origin in names:
            continue
        entity = entities.by_key.get(mention.entity) if mention.entity else None
        if entity is None or entity.principal != mention.origin:  # an own-voice relay: the entity it follows
            entity = entities.by_key.get(mention.origin, entity)
        kind, _, key = mention.origin.partition(":")
        if entity is not None and entity.principal == mention.origin:
            names[mention.origin] = entity.principal_name
        elif kind == "state":
            names[mention.origin] = state_name(key)
        elif kind == "outlet":
            own = [m.outlet for m in mentions if m.outlet and name_key(m.outlet) == key]  # not a copy's outlet
            named = [s.name for m in mentions if m.origin == mention.origin for s in m.chain[-1:]]
            names[mention.origin] = f"{(own or named or [key.title()])[0]}{OWN_REPORTING}"
        elif kind == "article":
            names[mention.origin] = f"{_article_named(key, mentions)} (own reporting, outlet unknown)"
        elif kind == "anonymous":
            where, _, name = key.lstrip("@").partition(":")
            outlets = [m.outlet for m in mentions if m.outlet and name_key(m.outlet) == name]
            if where == "outlet":
                heard = f"heard by {outlets[0] if outlets else name.title()}"
            else:
                heard = f"in {_article_named(name, mentions)}"
            names[mention.origin] = f"unnamed sources {heard}"
        elif kind == "document" and "@" in key:
            seen = [m.chain[-1].name for m in mentions if m.origin == mention.origin and m.chain]
            seen_by = key.split("@", 1)[1]
            if seen_by == "story":
                names[mention.origin] = f"the {key.split('@')[0]} the story reports"
                continue
            if seen_by.startswith("article:"):
                seen_by = _article_named(seen_by.removeprefix("article:"), mentions)
            else:
                seen_by = seen_by.title()
            names[mention.origin] = f"{seen[0] if seen else 'documents'} (as seen by {seen_by})"
        else:
            names[mention.origin] = entity.name if entity is not None else key
    return names


def _article_named(external_id: str, mentions: list[ClaimMention]) -> str:
    """The title of the article ``external_id`` (matched without case) as the mentions carry it, or "untitled
    article": an origin keyed by an article of unknown outlet is named by its title, never its file path."""
    found = (m.title for m in mentions if m.article.casefold() == external_id.casefold())
    return article_label(next(found, None))


def _contested_support(claim: Claim, carriers: dict[tuple[int, int], set[int]]) -> None:
    """In a claim that conflicts with others, a statement supports it only if it states the contested point (the
    count or the word in conflict); one that shares only the rest mentions it. "The Kalibr missiles were fired
    from the Caspian" does not back "missiles fired from the Caspian hit their targets" against "missed"."""
    if not claim.conflicts:
        return
    points = contested(claim, carriers)
    for k, mention in enumerate(claim.mentions):
        if mention.stance == "supports" and k not in points:
            claim.mentions[k] = replace(mention, stance="mentions")
