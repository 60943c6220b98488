"""Origins: which independent origin a mention counts for, copies and relays collapsed."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from ..analyze.sources import OUTLET, source_key
from ..models import (
    Article,
    Claim,
    ClaimMention,
    CopiedPassage,
    Source,
)
from .statements import Statement


def first_counts(mentions: list[ClaimMention]) -> list[ClaimMention]:
    """The earliest mention of each origin and stance is the one that counts: it is not collapsed
    (unless it is a copy, which always says so); the later ones are."""
    seen: set[tuple[str, str]] = set()
    ordered = sorted(range(len(mentions)), key=lambda i: time_order(mentions[i].published))
    result = list(mentions)
    for i in ordered:
        mention = mentions[i]
        key = (mention.origin, mention.stance)
        if key not in seen and not (mention.collapsed or "").startswith("copy of"):
            result[i] = replace(mention, collapsed=None)
        seen.add(key)
    return result


def mention_of(statement: Statement, copy_of: dict[str, list], stance: str) -> ClaimMention:
    article = statement.article
    origin, collapsed = origin_of(statement, copy_of)
    return ClaimMention(
        article=article.external_id,
        span=statement.span,
        sentence=statement.sentence,
        stance=stance,
        chain=statement.chain,
        outlet=article.outlet,
        published=article.published,
        origin=origin,
        collapsed=collapsed,
    )


def origin_of(statement: Statement, copy_of: dict[str, list]) -> tuple[str, str | None]:
    """(origin key, why the mention does not count on its own or None)."""
    article = statement.article
    for origin_article, _, b_span in copy_of.get(article.external_id, ()):
        if b_span.start <= statement.span.start < b_span.end:
            copied = f"copy of {_copied_from(origin_article)}"
            if statement.chain:
                return _chain_origin(statement.chain, origin_article), copied
            return _own_origin(origin_article), copied
    if statement.chain:
        innermost = statement.chain[-1]
        relayed_by = [s.name for s in statement.chain[:-1]]
        why = f"relay of {innermost.name}" + (f" via {', '.join(relayed_by)}" if relayed_by else "")
        return _chain_origin(statement.chain, article), why
    return _own_origin(article), None


def time_order(published: str | None) -> tuple[bool, datetime]:
    """Sort key of a publication time: undated last; times compared in UTC ("10:48-04:00" is after "13:05+02:00"),
    a time without offset taken as UTC."""
    try:
        moment = datetime.fromisoformat(published) if published else None
    except ValueError:
        moment = None
    if moment is None:
        return True, datetime.min.replace(tzinfo=UTC)
    return False, (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _copied_from(article: Article) -> str:
    """The copied article as a reader knows it: "Nordic Press Agency, 2026-03-10T13:05:00+02:00 (npa-1)"."""
    known = ", ".join(filter(None, [article.outlet, article.published]))
    return f"{known} ({article.external_id})" if known else article.external_id


def _chain_origin(chain: tuple[Source, ...], article: Article) -> str:
    """The origin of a relayed statement: its innermost source.

    Documents are known only through the outlet that saw them: "internal
    documents" cited by the Baltic Courier, directly or through outlets citing
    it, are one origin, the documents as that outlet reported them.
    """
    innermost = chain[-1]
    if innermost.type == "document" and not _has_name(innermost):
        outlets = [s.name for s in chain[:-1] if s.type == "news_outlet"]
        seen_by = outlets[-1] if outlets else _outlet_name(article)
        return f"document:{innermost.key.split()[-1]}@{seen_by.casefold()}"
    return _source_origin(innermost)


def _has_name(source: Source) -> bool:
    """A proper name beyond a capitalised first word: "Interior Ministry report", not "Internal documents"."""
    return any(word[:1].isupper() for word in source.name.split()[1:])


def _source_origin(source: Source) -> str:
    """The origin key of a source.

    Unnamed officials of a country, the country itself and unnamed parts of
    its government ("Russian officials", "Russia", "the Russian defense
    ministry") cannot be told apart as sources: they are one origin, the
    country's officials. Anonymous sources with no stated affiliation start as
    their own origin and may be merged later (see :func:`merge_anonymous`).
    """
    if source.affiliation and (
        source.type == "anonymous" or (source.type == "government" and _names_only_country(source))
    ):
        return f"state:{source.affiliation.casefold()}"
    if source.type == "anonymous":
        return "anonymous:"
    if source.type == OUTLET:
        return outlet_origin(source.name)
    return f"{source.type}:{source.key}"


def _names_only_country(source: Source) -> bool:
    """No capitalised word in the name but forms of its country ("U.S.", "Russian", "Turkey")."""
    country = source.affiliation or ""
    initials = "".join(w[0] for w in country.split()).casefold()
    stem = country.casefold()[:4]
    for word in re.findall(r"[A-Z][\w.]*", source.name):
        folded = word.casefold().replace(".", "")
        if not (folded.startswith(stem) or folded == initials):
            return False
    return True


def _outlet_name(article: Article) -> str:
    return article.outlet or article.external_id


def _own_origin(article: Article) -> str:
    """The origin of what an article says in its own voice: its outlet, or the article itself if none is known."""
    return outlet_origin(article.outlet) if article.outlet else f"article:{article.external_id}"


def outlet_origin(name: str) -> str:
    """An outlet's own reporting, one origin whether read in its own article or cited by another."""
    return f"outlet:{source_key(name)}"


def copy_origins(copies: Iterable[CopiedPassage], articles: dict[str, Article]) -> dict[str, list]:
    """Copy external id -> [(origin article, origin span, copy span)] for passages whose direction is known.

    Passages of unknown direction make the later-listed article the copy, so a
    shared passage still counts once.
    """
    found: dict[str, list] = defaultdict(list)
    for passage in copies:
        if passage.kind != "copy" or passage.a not in articles or passage.b not in articles:
            continue
        found[passage.b].append((articles[passage.a], passage.a_span, passage.b_span))
    return found


def merge_anonymous(claim: Claim) -> None:
    """Sources with no name and no affiliation join the group of a country's officials that reached the
    same outlet: "a senior defense official told Fox News" and "unnamed U.S. officials", cited by Fox
    News, cannot be told apart; an unnamed official heard by other outlets can."""
    heard_by: dict[str, set[str]] = defaultdict(set)
    for mention in claim.mentions:
        if mention.origin.startswith("state:"):
            heard_by[mention.origin] |= outlets_of(mention)
    merged = []
    for mention in claim.mentions:
        if mention.origin == "anonymous:":
            states = [state for state, outlets in heard_by.items() if outlets & outlets_of(mention)]
            if len(states) == 1:
                mention = replace(mention, origin=states[0])
        merged.append(mention)
    claim.mentions = merged


def outlets_of(mention: ClaimMention) -> set[str]:
    """The outlets a mention passed through: those in its chain, and the one that published it."""
    outlets = {source_key(s.name) for s in mention.chain if s.type == OUTLET}
    return outlets | ({source_key(mention.outlet)} if mention.outlet else set())
