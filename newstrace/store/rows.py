"""Records to rows and back: the mapping between models.py and the tables."""

from __future__ import annotations

import json
from array import array
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from ..ingest.text import word_count
from ..models import (
    Article,
    ArticleStance,
    Attribution,
    Claim,
    ClaimMention,
    CopiedPassage,
    Fingerprint,
    Origin,
    SideCounts,
    Source,
    SourceEntity,
    TextSpan,
)

# The largest id a row can have on every backend: ids are sa.Integer, 32 bits on PostgreSQL (64 on SQLite, where
# no database comes near 2**31 rows), and PostgreSQL refuses a larger number in a query instead of finding nothing.
MAX_ROW_ID = 2**31 - 1


# The one character no PostgreSQL text holds.
NUL = "\x00"


def row_id(ident: int | str) -> int:
    """``ident`` as a row id to look up; an id no row can have (past 31 bits, or below 0) matches nothing."""
    number = int(ident)
    return number if 0 <= number <= MAX_ROW_ID else -1


def utc_sort_key(published: str | None) -> str | None:
    """``2026-03-10T10:48:00-04:00`` -> ``2026-03-10T14:48:00Z``; dates and naive times as given."""
    if not published or "T" not in published:
        return published
    moment = datetime.fromisoformat(published)
    if moment.tzinfo is None:
        return published
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def drop_nul(article: Article) -> None:
    """Remove NUL characters from the article's strings (its ids, URL, outlet, authors), in place: PostgreSQL's
    text cannot hold them, and SQLite stores what PostgreSQL would."""
    for name, value in vars(article).items():
        if isinstance(value, str) and NUL in value:
            setattr(article, name, value.replace(NUL, ""))
        elif isinstance(value, list) and any(NUL in item for item in value if isinstance(item, str)):
            setattr(article, name, [item.replace(NUL, "") if isinstance(item, str) else item for item in value])


def row_from_article(article: Article) -> dict[str, Any]:
    return {
        "external_id": article.external_id,
        "version": article.version,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published,
        "published_utc": utc_sort_key(article.published),
        "crawled": article.crawled,
        "ingested": article.ingested,
        "authors": json.dumps(article.authors, ensure_ascii=False),
        "language": article.language,
        "text": article.text,
        "word_count": word_count(article.text),
        "raw_sha256": article.raw_sha256,
        "text_sha256": article.text_sha256,
        "source_path": article.source_path,
        "extraction_method": article.extraction_method,
        "skipped_reason": article.skipped_reason,
        "problem": article.problem,
    }


def spans_json(spans) -> str:
    return json.dumps([{"start": s.start, "end": s.end, "text": s.text} for s in spans], ensure_ascii=False)


def spans_from_json(value: str) -> tuple[TextSpan, ...]:
    return tuple(TextSpan(**span) for span in json.loads(value))


def row_from_attribution(article_id: int, position: int, attribution: Attribution) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "parent": attribution.parent,
        "kind": attribution.kind,
        "cue_class": attribution.cue_class,
        "sentence": attribution.sentence,
        "negated": attribution.negated,
        "hedges": json.dumps(list(attribution.hedges)),
        "source_text": " … ".join(s.text for s in attribution.source) or None,
        "cue_text": " … ".join(s.text for s in attribution.cue) or None,
        "content_text": " … ".join(s.text for s in attribution.content) or None,
        "source_spans": spans_json(attribution.source),
        "cue_spans": spans_json(attribution.cue),
        "content_spans": spans_json(attribution.content),
        "sources": json.dumps([asdict(s) for s in attribution.sources], ensure_ascii=False),
    }


def attribution_from_row(row: sa.Row) -> Attribution:
    return Attribution(
        source=spans_from_json(row.source_spans),
        cue=spans_from_json(row.cue_spans),
        content=spans_from_json(row.content_spans),
        kind=row.kind,
        cue_class=row.cue_class,
        sentence=row.sentence,
        hedges=tuple(json.loads(row.hedges)),
        negated=bool(row.negated),
        parent=row.parent,
        sources=tuple(Source(**s) for s in json.loads(row.sources)),
    )


def row_from_fact(article_id: int, record: Any) -> dict[str, Any]:
    values = asdict(record)
    span = values.pop("span")
    return {"article_id": article_id, "start": span["start"], "end": span["end"], "text": span["text"], **values}


def fact_from_row(record_class: type, row: sa.Row) -> Any:
    names = [f for f in record_class.__dataclass_fields__ if f != "span"]
    values = {name: getattr(row, name) for name in names}
    # JSON columns come back as lists; the records hold tuples (frozen, hashable).
    values = {name: tuple(value) if isinstance(value, list) else value for name, value in values.items()}
    return record_class(span=TextSpan(row.start, row.end, row.text), **values)


def article_from_row(row: sa.Row) -> Article:
    return Article(
        id=row.id,
        external_id=row.external_id,
        version=row.version,
        url=row.url,
        outlet=row.outlet,
        title=row.title,
        published=row.published,
        crawled=row.crawled,
        ingested=row.ingested,
        authors=json.loads(row.authors),
        language=row.language,
        text=row.text,
        raw_sha256=row.raw_sha256,
        source_path=row.source_path,
        extraction_method=row.extraction_method,
        skipped_reason=row.skipped_reason,
        problem=row.problem,
    )


def row_from_passage(passage: CopiedPassage, ids: dict[str, int]) -> dict[str, Any]:
    """A copy row; ``ids`` maps the passage's external ids to article row ids."""
    return {
        "a_id": ids[passage.a],
        "b_id": ids[passage.b],
        "a_start": passage.a_span.start,
        "a_end": passage.a_span.end,
        "a_text": passage.a_span.text,
        "b_start": passage.b_span.start,
        "b_end": passage.b_span.end,
        "b_text": passage.b_span.text,
        "similarity": passage.similarity,
        "a_share": passage.a_share,
        "b_share": passage.b_share,
        "direction": passage.direction,
        "reason": passage.reason,
        "kind": passage.kind,
        "cluster": passage.cluster,
    }


def passage_from_row(row: sa.Row) -> CopiedPassage:
    """A copy row joined with both articles' external ids as ``a_external_id``, ``b_external_id``."""
    return CopiedPassage(
        a=row.a_external_id,
        b=row.b_external_id,
        a_span=TextSpan(row.a_start, row.a_end, row.a_text),
        b_span=TextSpan(row.b_start, row.b_end, row.b_text),
        similarity=row.similarity,
        a_share=row.a_share,
        b_share=row.b_share,
        direction=row.direction,
        reason=row.reason,
        kind=row.kind,
        cluster=row.cluster,
    )


def row_from_mention(claim_id: int, article_id: int, mention: ClaimMention) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "article_id": article_id,
        "start": mention.span.start,
        "end": mention.span.end,
        "text": mention.span.text,
        "sentence_start": mention.sentence.start,
        "sentence_end": mention.sentence.end,
        "sentence_text": mention.sentence.text,
        "stance": mention.stance,
        "chain": [asdict(source) for source in mention.chain],
        "origin": mention.origin,
        "collapsed": mention.collapsed,
        "levels": list(mention.levels),
        "entity": mention.entity,
    }


def mention_from_row(row: sa.Row) -> ClaimMention:
    """A mention row joined with its article's ``external_id``, ``outlet``, ``published`` and ``title``."""
    return ClaimMention(
        article=row.external_id,
        span=TextSpan(row.start, row.end, row.text),
        sentence=TextSpan(row.sentence_start, row.sentence_end, row.sentence_text),
        stance=row.stance,
        chain=tuple(Source(**source) for source in row.chain),
        outlet=row.outlet,
        published=row.published,
        origin=row.origin,
        collapsed=row.collapsed,
        levels=tuple(row.levels or ()),
        entity=row.entity,
        title=row.title,
    )


def claim_values(story_id: int, claim: Claim) -> dict[str, Any]:
    """A claim's row, conflicts left for the caller to fill once every claim of the story has its id."""
    return {
        "story_id": story_id,
        "text": claim.text,
        "status": claim.status,
        "supporting": claim.supporting,
        "disputing": claim.disputing,
        "relays": claim.relays,
        "first_seen": claim.first_seen,
        "conflicts": [],
        "evidence": claim.evidence,
        "disputed_by": claim.disputed_by,
        "rank": claim.rank,
        "unconfirmed": claim.unconfirmed,
        "claimed_by": claim.claimed_by,
        "sides": {side: asdict(counts) for side, counts in claim.sides.items()},
        "origins": {side: [asdict(o) for o in origins] for side, origins in claim.origins.items()},
    }


def row_from_stance(claim_id: int, article_id: int, stance: ArticleStance) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "article_id": article_id,
        "stance": stance.stance,
        "evidence": [asdict(span) for span in stance.evidence],
        "origin": stance.origin,
        "collapsed": stance.collapsed,
    }


def stance_from_row(row: sa.Row) -> ArticleStance:
    """A stance row joined with its article's ``external_id``, ``outlet``, ``published`` and ``title``."""
    return ArticleStance(
        article=row.external_id,
        stance=row.stance,
        evidence=tuple(TextSpan(**span) for span in row.evidence),
        outlet=row.outlet,
        published=row.published,
        origin=row.origin,
        collapsed=row.collapsed,
        title=row.title,
    )


def row_from_entity(story_id: int, entity: SourceEntity) -> dict[str, Any]:
    return {"story_id": story_id, **asdict(entity), "aliases": list(entity.aliases)}


def entity_from_row(row: sa.Row) -> SourceEntity:
    return SourceEntity(
        key=row.key,
        name=row.name,
        type=row.type,
        principal=row.principal,
        principal_name=row.principal_name,
        aliases=tuple(row.aliases),
        affiliation=row.affiliation,
        speaks_for=row.speaks_for,
    )


def claim_from_row(row: sa.Row, mentions: list[ClaimMention], stances: list[ArticleStance] = ()) -> Claim:
    return Claim(
        id=row.id,
        story=row.story_id,
        text=row.text,
        status=row.status,
        supporting=row.supporting,
        disputing=row.disputing,
        relays=row.relays,
        first_seen=row.first_seen,
        mentions=mentions,
        conflicts=list(row.conflicts),
        evidence=list(row.evidence),
        disputed_by=list(row.disputed_by or []),
        unconfirmed=row.unconfirmed or 0,
        rank=row.rank or 0,
        claimed_by=row.claimed_by,
        sides={side: SideCounts(**counts) for side, counts in (row.sides or {}).items()},
        origins={
            side: [Origin(o["key"], o["name"], tuple(o["entities"]), tuple(o["articles"])) for o in origins]
            for side, origins in (row.origins or {}).items()
        },
        stances=list(stances),
    )


def pack_fingerprints(prints: list[Fingerprint]) -> bytes:
    """Fingerprints as little-endian int64 quadruples (hash, start, end, token): compact, no pickle."""
    values = array("q", [value for fp in prints for value in (fp.hash, fp.start, fp.end, fp.token)])
    return values.tobytes()


def unpack_fingerprints(blob: bytes) -> list[Fingerprint]:
    values = array("q")
    values.frombytes(blob)
    return [Fingerprint(*values[i : i + 4]) for i in range(0, len(values), 4)]
