"""Writers for ``newstrace export``: JSON, JSON Lines and CSV, streamed; the claim formats (ClaimReview, claims
as CSV, GDELT-style mentions) through :func:`write_claims`, from :mod:`newstrace.export_claimreview` and
:mod:`newstrace.export_claims`.

The schema is documented in docs/export.md and versioned by
:data:`EXPORT_VERSION`. Every section is a list of records; records of later
stages (attributions, reuse, stories, claims) name articles by ``external_id``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, TextIO

from .errors import bad_value
from .export_claimreview import write_claimreview
from .export_claims import CLAIM_COLUMNS, GDELT_COLUMNS, ArticleRef, claim_row, mention_rows, write_table
from .models import Article, Attribution, Claim, CopiedPassage, SourceEntity, Story

# Bumped when a field is renamed or removed; adding fields keeps the version.
EXPORT_VERSION = 1
FORMATS = ("json", "jsonl", "csv", "claimreview", "claims-csv", "gdelt-mentions")
# Formats of claims alone, written by :func:`write_claims` (the others by :func:`write_export`).
CLAIM_FORMATS = ("claimreview", "claims-csv", "gdelt-mentions")
# What one record of each format is, for "Wrote 12 articles": the formats not named here write articles.
EXPORTED = {"claimreview": "claim review", "claims-csv": "claim", "gdelt-mentions": "mention"}
# Columns of the CSV export, in order (lists are joined with "; ").
ARTICLE_COLUMNS = (
    "external_id",
    "version",
    "url",
    "outlet",
    "title",
    "published",
    "date_guessed",
    "crawled",
    "ingested",
    "authors",
    "language",
    "source_path",
    "extraction_method",
    "raw_sha256",
    "text_sha256",
    "skipped_reason",
    "problem",
    "text",
)


def write_export(
    articles: Iterable[Article],
    out: TextIO,
    fmt: str,
    sections: dict[str, Iterable[dict[str, Any]]] | None = None,
) -> int:
    """Write the export in ``fmt`` to ``out``; returns the number of articles written.

    ``sections`` adds later stages' records (``{"attributions": records}``)
    beside the articles; CSV holds the articles only.
    """
    if fmt not in FORMATS or fmt in CLAIM_FORMATS:
        raise bad_value("format", fmt, " or ".join(f for f in FORMATS if f not in CLAIM_FORMATS))
    if fmt == "csv":
        return _write_csv(articles, out)
    counter = _Counted(article.to_dict() for article in articles)
    everything = {"articles": counter, **(sections or {})}
    (_write_json if fmt == "json" else _write_jsonl)(everything, out)
    return counter.count


class _Counted:
    """Iterates records and counts them as they go by."""

    def __init__(self, records: Iterable[dict[str, Any]]):
        self.records = records
        self.count = 0

    def __iter__(self):
        for record in self.records:
            self.count += 1
            yield record


def _write_json(sections: dict[str, Iterable[dict[str, Any]]], out: TextIO) -> None:
    # Written piece by piece, so a large database never sits in memory.
    out.write(f'{{\n  "format": "newstrace-export",\n  "version": {EXPORT_VERSION}')
    for name, records in sections.items():
        out.write(f',\n  "{name}": [')
        first = True
        for record in records:
            out.write(("\n    " if first else ",\n    ") + _dumps(record))
            first = False
        out.write("]" if first else "\n  ]")
    out.write("\n}\n")


# The `type` of a JSON Lines record, per section.
RECORD_TYPES = {
    "articles": "article",
    "attributions": "attribution",
    "quantities": "quantity",
    "dates": "date",
    "places": "place",
    "boilerplate": "boilerplate",
    "reuse": "reuse",
    "stories": "story",
    "claims": "claim",
    "sources": "source",
    "sentences": "sentence",
    "entities": "entity",
}


def _write_jsonl(sections: dict[str, Iterable[dict[str, Any]]], out: TextIO) -> None:
    for name, records in sections.items():
        for record in records:
            out.write(_dumps({"type": RECORD_TYPES.get(name, name), **record}) + "\n")


def attribution_record(attribution: Attribution, article: str | None = None) -> dict[str, Any]:
    """An attribution as its export record: each role null, one span, or a list of spans."""
    record = asdict(attribution)
    for role in ("source", "cue", "content"):
        spans = record[role]
        record[role] = None if not spans else spans[0] if len(spans) == 1 else list(spans)
    record["hedges"] = list(record["hedges"])
    return {"article": article, **record} if article is not None else record


def _write_csv(articles: Iterable[Article], out: TextIO) -> int:
    return write_table((_csv_record(article) for article in articles), ARTICLE_COLUMNS, out, lineterminator="\r\n")


def _csv_record(article: Article) -> dict[str, Any]:
    record = article.to_dict()
    record["authors"] = "; ".join(record["authors"])
    return record


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def fact_record(record: Any, article: str) -> dict[str, Any]:
    """A quantity, date, place or boilerplate record for export, its span as {start, end, text}."""
    return {"article": article, **asdict(record)}


def reuse_record(passage: CopiedPassage) -> dict[str, Any]:
    """A copied passage: ``a`` and ``b`` external ids, both spans, similarity, shares, direction."""
    return asdict(passage)


def story_record(story: Story) -> dict[str, Any]:
    return asdict(story)


def claim_record(claim: Claim) -> dict[str, Any]:
    """A claim with its rank, counts by side, origins, conflicts, evidence, mentions (article, span, stance, source
    chain) and every judged article's stance."""
    record = asdict(claim)
    for mention in record["mentions"]:
        mention["chain"] = list(mention["chain"])
        mention["levels"] = list(mention["levels"])
    for stance in record["stances"]:
        stance["evidence"] = list(stance["evidence"])
    for origins in record["origins"].values():
        for origin in origins:
            origin["entities"], origin["articles"] = list(origin["entities"]), list(origin["articles"])
    return record


def entity_record(entity: SourceEntity, story: int) -> dict[str, Any]:
    """A story's source entity: canonical name, aliases, type, principal."""
    return {"story": story, **asdict(entity), "aliases": list(entity.aliases)}


def check_record(claim: Claim, stories: list[int], similarity: dict[int, float] | None = None) -> dict[str, Any]:
    """What ``newstrace check --json`` prints (docs/check.md): the claim judged over its stories' articles."""
    addressing = [s for s in claim.stances if s.stance != "unrelated"]
    return {
        "claim": claim.text,
        "stories": stories,
        "similarity": {str(story): round(value, 3) for story, value in (similarity or {}).items() if story in stories},
        "status": claim.status,
        "counts": {
            "supporting": claim.supporting,
            "disputing": claim.disputing,
            "unconfirmed": claim.unconfirmed,
            "relays": claim.relays,
            "articles": len(addressing),
            "outlets": len({s.outlet or s.article for s in addressing}),
        },
        "sides": {side: asdict(counts) for side, counts in claim.sides.items()},
        "origins": {
            side: [
                {"key": o.key, "name": o.name, "entities": list(o.entities), "articles": list(o.articles)}
                for o in origins
            ]
            for side, origins in claim.origins.items()
        },
        "articles": [
            {
                "external_id": s.article,
                "outlet": s.outlet,
                "published": s.published,
                "stance": s.stance,
                "evidence": [asdict(span) for span in s.evidence],
                "origin": s.origin,
                "collapsed": s.collapsed,
            }
            for s in claim.stances
        ],
        "trail": claim.evidence,
    }


def write_claims(
    fmt: str,
    claims: Iterable[Claim],
    out: TextIO,
    *,
    articles: dict[str, ArticleRef],
    sentences: dict[tuple[str, int], int] | None = None,
    delimiter: str | None = None,
    review_url_base: str | None = None,
) -> int:
    """Write ``claims`` in one of :data:`CLAIM_FORMATS`; returns the number of records (reviews or rows).

    ``articles`` names each article by external id (its URL, outlet, length); ``sentences`` numbers the
    sentences for GDELT's SentenceID; ``delimiter`` defaults to a comma for CSV, a tab for GDELT's mentions.
    """
    if fmt == "claimreview":
        return write_claimreview(claims, articles, out, review_url_base)
    if fmt == "claims-csv":
        return write_table((claim_row(c) for c in claims), CLAIM_COLUMNS, out, delimiter or ",")
    if fmt == "gdelt-mentions":
        rows = mention_rows(claims, articles, sentences or {})
        return write_table(rows, GDELT_COLUMNS, out, delimiter or "\t")
    raise bad_value("format", fmt, " or ".join(CLAIM_FORMATS))
