"""Claim exports as tables: one row per claim (``claims-csv``), one row per mention (``gdelt-mentions``).

Both are documented in docs/export.md; the mention table mirrors GDELT 2.0's Mentions table
(http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf), column by column, then adds
newstrace's own columns. Pure functions from stored records to rows, and one writer.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from .ingest.meta import is_web_url
from .models import SIDES, Article, Claim, ClaimMention, Sentence
from .store.rows import utc_sort_key

# Columns of `--format claims-csv`, in order; origins' names are joined with "; ", as lists are in the CSV export.
CLAIM_COLUMNS = (
    "id",
    "story",
    "rank",
    "text",
    "status",
    "supporting",
    "disputing",
    "unconfirmed",
    "supporting_origins",
    "disputing_origins",
    "unconfirmed_origins",
    "claimed_by",
    "first_seen",
    "mentions",
)
# GDELT 2.0 Mentions' columns, in its order, then ours (docs/export.md says how each is filled).
GDELT_COLUMNS = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
    "ArticleID",
    "Stance",
    "Source",
    "Origin",
    "Chain",
    "Collapsed",
    "ActionCharEnd",
    "MentionText",
)
# GDELT's MentionType for a web page; newstrace reads text documents only, so every mention is one.
GDELT_WEB = 1
# GDELT's value for an offset that is not known.
NO_OFFSET = -1
# Confidence (GDELT: percent, 10 to 100) that the row is the claim as the article states it: a statement in the
# text with a named source is read as written; the article's own voice may be background or paraphrase; a
# headline is a compressed restatement with no span of its own.
MENTION_CONFIDENCE = {"attributed": 100, "own_voice": 80, "headline": 50}
# Separators of the tabular formats (`--delimiter`).
DELIMITERS = {"comma": ",", "tab": "\t"}


@dataclass(frozen=True)
class ArticleRef:
    """What a claim export says of an article besides its id: where it is and how long."""

    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    length: int


def article_ref(article: Article) -> ArticleRef:
    """The article as claim exports name it; a URL only when it is a web (http or https) URL."""
    url = article.url if is_web_url(article.url) else None
    return ArticleRef(url, article.outlet, article.title, article.published, len(article.text))


def article_refs(articles: Iterable[Article]) -> dict[str, ArticleRef]:
    """Each article by external id, as claim exports name it."""
    return {article.external_id: article_ref(article) for article in articles}


def sentence_numbers(sentences: Iterable[tuple[str, Sentence]]) -> dict[tuple[str, int], int]:
    """GDELT's SentenceID (1 for an article's first sentence) of each sentence of the text, by (article external
    id, start offset); titles are no sentence of the text."""
    return {(article, s.span.start): s.index + 1 for article, s in sentences if s.part == "text"}


def claim_row(claim: Claim) -> dict[str, Any]:
    """One row of ``claims-csv``."""
    row = {name: getattr(claim, name, None) for name in CLAIM_COLUMNS}
    for side in SIDES:
        row[f"{side}_origins"] = "; ".join(origin.name for origin in claim.origins.get(side, ()))
    row["mentions"] = len(claim.mentions)
    return row


def gdelt_time(published: str | None) -> str:
    """``2026-03-10T10:48:00-04:00`` -> ``20260310144800`` (UTC, GDELT's YYYYMMDDHHMMSS); a date alone is its
    midnight; unknown is empty."""
    if not published:
        return ""
    digits = "".join(c for c in utc_sort_key(published) or "" if c.isdigit())
    return digits[:14].ljust(14, "0")


def mention_row(
    claim: Claim, mention: ClaimMention, article: ArticleRef | None, sentence_number: int | None
) -> dict[str, Any]:
    """One row of ``gdelt-mentions``: the mention with GDELT's columns filled as docs/export.md says."""
    headline = mention.span.start == mention.span.end
    source = mention.chain[-1].name if mention.chain else ""
    found = mention.sentence.text.find(source) if source else -1
    kind = "headline" if headline else "attributed" if mention.chain else "own_voice"
    return {
        "GLOBALEVENTID": claim.id,
        "EventTimeDate": gdelt_time(claim.first_seen),
        "MentionTimeDate": gdelt_time(mention.published),
        "MentionType": GDELT_WEB,
        "MentionSourceName": mention.outlet or "",
        "MentionIdentifier": (article.url if article else None) or mention.article,
        "SentenceID": sentence_number or "",
        "Actor1CharOffset": mention.sentence.start + found if found >= 0 else NO_OFFSET,
        "Actor2CharOffset": NO_OFFSET,
        "ActionCharOffset": NO_OFFSET if headline else mention.span.start,
        "InRawText": 0 if headline else 1,
        "Confidence": MENTION_CONFIDENCE[kind],
        "MentionDocLen": article.length if article else "",
        "MentionDocTone": "",
        "MentionDocTranslationInfo": "",
        "Extras": "",
        "ArticleID": mention.article,
        "Stance": mention.stance,
        "Source": source,
        "Origin": mention.origin or "",
        "Chain": " > ".join(member.name for member in mention.chain),
        "Collapsed": mention.collapsed or "",
        "ActionCharEnd": NO_OFFSET if headline else mention.span.end,
        "MentionText": mention.span.text,
    }


def mention_rows(
    claims: Iterable[Claim], articles: dict[str, ArticleRef], sentences: dict[tuple[str, int], int]
) -> Iterator[dict[str, Any]]:
    """Every mention of every claim as a ``gdelt-mentions`` row; ``sentences`` numbers each sentence (1 first)
    by (article external id, start offset)."""
    for claim in claims:
        for mention in claim.mentions:
            number = sentences.get((mention.article, mention.sentence.start))
            yield mention_row(claim, mention, articles.get(mention.article), number)


def write_table(
    rows: Iterable[dict[str, Any]],
    columns: tuple[str, ...],
    out: TextIO,
    delimiter: str = ",",
    lineterminator: str = "\n",
) -> int:
    """Rows as CSV (or TSV with ``delimiter="\\t"``), a header first; returns the number of rows. Every CSV
    newstrace writes goes through here."""
    writer = csv.DictWriter(
        out, fieldnames=columns, delimiter=delimiter, extrasaction="ignore", lineterminator=lineterminator
    )
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count
