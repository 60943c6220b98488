"""Writers for ``newstrace export``: JSON, JSON Lines and CSV, streamed.

The schema is documented in docs/export.md and versioned by
:data:`EXPORT_VERSION`. Every section is a list of records; records of later
stages (attributions, reuse, stories, claims) name articles by ``external_id``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from .errors import bad_value
from .models import Article

# Bumped when a field is renamed or removed; adding fields keeps the version.
EXPORT_VERSION = 1
FORMATS = ("json", "jsonl", "csv")
# Columns of the CSV export, in order (lists are joined with "; ").
ARTICLE_COLUMNS = (
    "external_id",
    "version",
    "url",
    "outlet",
    "title",
    "published",
    "crawled",
    "ingested",
    "authors",
    "language",
    "source_path",
    "extraction_method",
    "raw_sha256",
    "text_sha256",
    "skipped_reason",
    "text",
)


def write_export(articles: Iterable[Article], out: TextIO, fmt: str) -> int:
    """Write the export in ``fmt`` to ``out``; returns the number of articles written."""
    writers = {"json": _write_json, "jsonl": _write_jsonl, "csv": _write_csv}
    if fmt not in writers:
        raise bad_value("format", fmt, " or ".join(FORMATS))
    return writers[fmt](articles, out)


def _write_json(articles: Iterable[Article], out: TextIO) -> int:
    # Written piece by piece, so a large database never sits in memory.
    out.write(f'{{\n  "format": "newstrace-export",\n  "version": {EXPORT_VERSION},\n  "articles": [')
    count = 0
    for count, article in enumerate(articles, start=1):
        out.write(("\n    " if count == 1 else ",\n    ") + _dumps(article.to_dict()))
    out.write("\n  ]\n}\n" if count else "]\n}\n")
    return count


def _write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    count = 0
    for article in articles:
        out.write(_dumps({"type": "article", **article.to_dict()}) + "\n")
        count += 1
    return count


def _write_csv(articles: Iterable[Article], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=ARTICLE_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for article in articles:
        record = article.to_dict()
        record["authors"] = "; ".join(record["authors"])
        writer.writerow(record)
        count += 1
    return count


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)
