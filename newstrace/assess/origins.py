"""Origins: which independent origin a mention counts for, copies and relays collapsed.

A mention counts for the principal of its innermost source (see
:mod:`newstrace.assess.entities`): "a senior defense official told Fox News"
and "FOX News and CNN reported, citing unnamed U.S. officials" both count for
the U.S. government. What an article says in its own voice counts for its
outlet's own reporting; what lies in a passage copied from another article
counts as the original does, so a copy or a republication never adds an
origin. A headline adds none: it sums up what the article reports.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from ..analyze.sources import DOCUMENT, OUTLET, source_key
from ..models import Article, Claim, ClaimMention, CopiedPassage, Source, article_label
from .entities import EntityIndex, name_key
from .names import document_author
from .statements import HEADLINE, Statement
from .words import is_verdict

# Origin keys of what speaks for nobody in particular: an unnamed source of no stated affiliation.
ANONYMOUS = "anonymous:"
# Sources that name no one: reports and rumours of unstated origin relay someone, and add no origin themselves;
# nor do the reporting's own words taken for a speaker ("the article said", "Claim:", "BREAKING:").
UNSOURCED = re.compile(
    r"^(an?\s+|the\s+|this\s+|that\s+|some\s+|several\s+|other\s+|unconfirmed\s+|unverified\s+|local\s+|"
    r"media\s+|news\s+|press\s+|bogus\s+|false\s+|fake\s+|viral\s+|original\s+|initial\s+)*"
    r"(reports?|media reports?|news reports?|rumou?rs?|media|press|local media|articles?|stor(y|ies)|claims?|"
    r"headlines?|breaking|hoax(es)?)(\s+(in|from|by|on)\s+"
    r"(the\s+)?[\w' -]*?(media|press|outlets?|newspapers?))?$",
    re.IGNORECASE,
)


# Words of an untyped source that still name a document by its last word ("short video clip").
MAX_DOCUMENT_WORDS = 3
# Documents put out for all to see: "the statement", "a video" of one story are the one every outlet relays.
PUBLISHED_KINDS = {
    "statement": "statement", "release": "statement", "video": "video", "clip": "video", "footage": "video",
    "photo": "photo", "picture": "photo", "image": "photo", "message": "message", "post": "post", "posting": "post",
    "tweet": "post",
}  # fmt: skip


def first_counts(mentions: list[ClaimMention]) -> list[ClaimMention]:
    """The earliest mention of each origin and stance is the one that counts: it is not collapsed
    (unless it is a copy, which always says so); the later ones are."""
    seen: set[tuple[str, str]] = set()
    ordered = sorted(range(len(mentions)), key=lambda i: time_order(mentions[i].published))
    result = list(mentions)
    for i in ordered:
        mention = mentions[i]
        key = (mention.origin, mention.stance)
        if mention.origin is None:
            continue
        if key not in seen and not (mention.collapsed or "").startswith("copy of"):
            result[i] = replace(mention, collapsed=None)
        seen.add(key)
    return result


def mention_of(statement: Statement, copy_of: dict[str, list], stance: str, entities: EntityIndex) -> ClaimMention:
    """The mention a statement makes of a claim it bears on with ``stance``, with its origin."""
    article = statement.article
    origin, entity, collapsed = origin_of(statement, copy_of, entities)
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
        levels=statement.levels,
        entity=entity,
        title=article.title,
    )


def origin_of(
    statement: Statement, copy_of: dict[str, list], entities: EntityIndex
) -> tuple[str | None, str | None, str | None]:
    """(origin key, entity key of the innermost source, why the mention does not count on its own)."""
    article = statement.article
    if statement.voice == HEADLINE:
        return None, None, "headline"
    attributed = statement.voice != "own" and statement.chain
    copied_from = next(
        (
            a
            for a, _, b_span in copy_of.get(article.external_id, ())
            if b_span.start <= statement.span.start < b_span.end
        ),
        None,
    )
    if attributed:
        origin, entity = _chain_origin(statement, copied_from or article, entities)
    else:
        origin = own_origin(copied_from) if copied_from else own_origin(article, statement, entities)
        entity = None
    if copied_from is not None:
        return origin, entity, f"copy of {_copied_from(copied_from)}"
    if attributed:
        return origin, entity, "relay of " + _relay_path(statement, entities)
    return origin, entity, None


def _relay_path(statement: Statement, entities: EntityIndex) -> str:
    """ "unnamed U.S. officials via Fox News and CNN (in parallel), then USA Today"."""
    article = statement.article.external_id
    innermost = entities.entity(article, statement.chain[-1]).name
    mention = ClaimMention(article, statement.span, statement.sentence, "", statement.chain, levels=statement.levels)
    levels = mention.relay_levels()[:-1]
    if not levels:
        return innermost
    steps = [" and ".join(s.name for s in level) + (" (in parallel)" if len(level) > 1 else "") for level in levels]
    return f"{innermost} via {', then '.join(reversed(steps))}"


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
    known = ", ".join(filter(None, [article.outlet, article.published])) or article_label(article.title)
    return f"{known} ({article.external_id})"


def _chain_origin(statement: Statement, article: Article, entities: EntityIndex) -> tuple[str | None, str]:
    """(origin, entity) of a relayed statement: the principal of its innermost source.

    Documents are known only through the outlet that saw them: "internal
    documents" cited by the Baltic Courier, directly or through outlets citing
    it, are one origin, the documents as that outlet reported them; a
    published one ("the statement", "a video") is one origin across the story. An unnamed
    source of no stated affiliation is one origin per outlet that claims it.
    """
    innermost = statement.chain[-1]
    entity = entities.entity(statement.article.external_id, innermost)
    if UNSOURCED.match(innermost.name):
        return None, entity.key  # "reports in the Turkish media": a relay of someone unnamed, no origin of its own
    outlets = [s.name for s in statement.chain[:-1] if s.type == OUTLET and s.speaks_for != "state"]
    seen_by = outlets[-1] if outlets else article.outlet
    kind = (innermost.key.split() or [""])[-1]
    unnamed = not _has_name(innermost) and entity.type != OUTLET  # "the Post reported": the New York Post
    alone = innermost.type == DOCUMENT or len(innermost.key.split()) <= MAX_DOCUMENT_WORDS  # "video clips" untyped
    if (published := PUBLISHED_KINDS.get(kind.rstrip("s"))) and unnamed and alone:
        return _published_origin(published, entities), entity.key  # "the statement said", "short video clip"
    if innermost.type == DOCUMENT and unnamed:
        where = seen_by.casefold() if seen_by else f"article:{article.external_id}"
        return f"document:{kind}@{where}", entity.key
    if entity.principal == ANONYMOUS:
        relaying = [entities.entity(statement.article.external_id, s) for s in statement.chain[:-1]]
        states = [e.principal for e in relaying if e.principal.startswith("state:") and e.type == OUTLET]
        if states:
            return states[-1], entity.key  # an unnamed official quoted by a state's own news agency speaks for it
        where = f"outlet:{name_key(seen_by)}" if seen_by else f"article:{article.external_id}"
        return f"{ANONYMOUS}@{where}", entity.key
    return entity.principal, entity.key


def _published_origin(kind: str, entities: EntityIndex) -> str:
    """The origin of "the statement" a story reports: the author whose statement the story names ("a statement
    attributed to the Islamic State group"), if one author's outnumber the others' two to one; or else the
    statement itself, one origin across the story."""
    authors = Counter(
        e.principal
        for e in entities.entities
        for alias in e.aliases
        if kind in {PUBLISHED_KINDS.get(w.rstrip("s")) for w in name_key(alias).split()}
        and document_author(alias)
        and e.principal.partition(":")[0] in ("organisation", "state", "person", "government")
    ).most_common(2)
    if authors and (len(authors) == 1 or authors[0][1] >= 2 * authors[1][1]):
        return authors[0][0]
    return f"document:{kind}@story"


def _has_name(source: Source) -> bool:
    """A proper name beyond a capitalised first word: "Interior Ministry report", not "Internal documents"."""
    return any(word[:1].isupper() for word in source.name.split()[1:])


def own_origin(article: Article, statement: Statement | None = None, entities: EntityIndex | None = None) -> str:
    """The origin of what an article says in its own voice: its outlet's own reporting (the outlet it republishes,
    for a republished article), or the article itself if no outlet is known."""
    if statement is not None and statement.chain and entities is not None:
        return entities.entity(statement.article.external_id, statement.chain[-1]).principal
    return outlet_origin(article.outlet) if article.outlet else f"article:{article.external_id}"


def outlet_origin(name: str) -> str:
    """An outlet's own reporting, one origin whether read in its own article or cited by another."""
    return f"outlet:{name_key(name)}"


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


def cited_origins(statements: Iterable[Statement], copy_of: dict[str, list], entities: EntityIndex) -> dict[str, set]:
    """Article external id -> the origins its attributed statements count for, whatever claim they state."""
    cited: dict[str, set[str]] = defaultdict(set)
    for statement in statements:
        if statement.voice not in ("own", HEADLINE) and statement.chain:
            origin = origin_of(statement, copy_of, entities)[0]
            if origin is not None:
                cited[statement.article.external_id].add(origin)
    return cited


def own_voice_relays(mentions: list[ClaimMention], cited: dict[str, set[str]]) -> list[ClaimMention]:
    """An article's own words on a claim follow a source it cites elsewhere when that source is an origin of the
    same stance on the claim: "Amazon will open a store in Manhattan" in an article that cites the Wall Street
    Journal, which reported it, restates the Journal and adds no origin of the article's own."""
    by_stance: dict[tuple[str, str], ClaimMention] = {}
    for mention in sorted(mentions, key=lambda m: time_order(m.published)):
        if mention.origin is not None:
            by_stance.setdefault((mention.stance, mention.origin), mention)
    result = []
    for mention in mentions:
        own_voice = not mention.chain and mention.collapsed is None and mention.origin is not None
        own_voice = own_voice and not is_verdict(mention.span.text)  # a fact-check's verdict is its own finding
        followed = sorted(
            origin
            for origin in cited.get(mention.article, ())
            if own_voice and origin != mention.origin and (mention.stance, origin) in by_stance
        )
        if followed:
            source = by_stance[(mention.stance, followed[0])]
            name = source.chain[-1].name if source.chain else source.outlet or source.article
            mention = replace(mention, origin=followed[0], collapsed=f"relay of {name}, whom the article cites")
        result.append(mention)
    return result


def merge_anonymous(claim: Claim) -> None:
    """Merge the claim's unnamed sources into the state whose officials reached the same outlet (see
    :func:`merged_anonymous`)."""
    claim.mentions = merged_anonymous(claim.mentions)


def merged_anonymous(mentions: list[ClaimMention]) -> list[ClaimMention]:
    """Sources with no name and no affiliation join the group of a country's officials that reached the
    same outlet: "a senior defense official told Fox News" and "unnamed U.S. officials", cited by Fox
    News, cannot be told apart; an unnamed official heard by other outlets can. Unnamed sources in an article of
    no known outlet are those of the one outlet that heard unnamed sources on the claim, if there is one. An
    outlet cited for the claim ("the Wall Street Journal reported") is the unnamed sources it heard ("people
    familiar with the plans told the Journal"), where it heard some."""
    heard_by: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if (mention.origin or "").startswith("state:"):
            heard_by[mention.origin] |= outlets_of(mention)
    heard_by_outlets = {m.origin for m in mentions if (m.origin or "").startswith(f"{ANONYMOUS}@outlet:")}
    merged = []
    for mention in mentions:
        if (mention.origin or "").startswith(ANONYMOUS):
            states = [state for state, outlets in heard_by.items() if outlets & outlets_of(mention)]
            if len(states) == 1:
                mention = replace(mention, origin=states[0])
            elif mention.origin.startswith(f"{ANONYMOUS}@article:") and len(heard_by_outlets) == 1:
                mention = replace(mention, origin=next(iter(heard_by_outlets)))
        merged.append(mention)
    heard = {m.origin for m in merged if (m.origin or "").startswith(f"{ANONYMOUS}@outlet:")}
    return [  # an outlet whose report others cite, and the unnamed sources it heard, are one origin
        replace(m, origin=f"{ANONYMOUS}@{m.origin}") if f"{ANONYMOUS}@{m.origin}" in heard else m for m in merged
    ]


def outlets_of(mention: ClaimMention) -> set[str]:
    """The outlets a mention passed through: those in its chain, and the one that published it."""
    outlets = {source_key(s.name) for s in mention.chain if s.type == OUTLET}
    return outlets | ({source_key(mention.outlet)} if mention.outlet else set())
