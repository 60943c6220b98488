"""The only module that speaks SQL: tables, migrations, and reads and writes of records.

SQLite by default (WAL, foreign keys on, an FTS5 index over title and text so
the file opens usefully in Datasette); any SQLAlchemy URL works for the rest,
with the full-text index and pragmas applied only where the dialect has them.
Writes happen in transactions of a few hundred articles, so a killed ingest
leaves a consistent database that a re-run completes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from .errors import NotFound, SchemaTooNew
from .ingest.meta import url_key
from .ingest.text import word_count
from .models import (
    Analysis,
    Article,
    Attribution,
    Boilerplate,
    DateMention,
    Place,
    Quantity,
    Source,
    StoreOutcome,
    TextSpan,
)

logger = logging.getLogger(__name__)

# Articles written per transaction: large enough to be fast, small enough that a
# crash loses little work (a re-run redoes it).
BATCH_SIZE = 500
# Longest a transaction stays open while articles trickle in (slow extraction).
BATCH_SECONDS = 2.0

metadata = sa.MetaData()

meta_table = sa.Table(
    "newstrace_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

articles_table = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("external_id", sa.Text, nullable=False, index=True),
    # What versions hang on: the normalised URL, or the external id when there is none.
    sa.Column("doc_key", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("is_latest", sa.Boolean, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text, index=True),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.Text),
    # `published` in UTC (or the bare date), so outlets in other time zones sort right.
    sa.Column("published_utc", sa.Text, index=True),
    sa.Column("crawled", sa.Text),
    sa.Column("ingested", sa.Text, nullable=False),
    sa.Column("authors", sa.Text, nullable=False),  # a JSON list, as Datasette shows it
    sa.Column("language", sa.String(8)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("word_count", sa.Integer, nullable=False),
    sa.Column("raw_sha256", sa.String(64), nullable=False, index=True),
    sa.Column("text_sha256", sa.String(64), nullable=False),
    sa.Column("source_path", sa.Text, nullable=False),
    sa.Column("extraction_method", sa.String(40), nullable=False),
    sa.Column("skipped_reason", sa.Text),
    sa.UniqueConstraint("doc_key", "version", name="uq_articles_doc_version"),
)

analyses_table = sa.Table(
    "analyses",
    metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("analyzed", sa.Text, nullable=False),
)

attributions_table = sa.Table(
    "attributions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),  # order in the article, what `parent` refers to
    sa.Column("parent", sa.Integer),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("cue_class", sa.String(20), nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column("hedges", sa.Text, nullable=False),  # JSON list
    # Readable columns for browsing in Datasette; the spans below are the record.
    sa.Column("source_text", sa.Text),
    sa.Column("cue_text", sa.Text),
    sa.Column("content_text", sa.Text),
    sa.Column("source_spans", sa.Text, nullable=False),  # JSON lists of {start, end, text}
    sa.Column("cue_spans", sa.Text, nullable=False),
    sa.Column("content_spans", sa.Text, nullable=False),
    sa.Column("sources", sa.Text, nullable=False),  # JSON list of {name, key, type, affiliation}
)


def _fact_table(name: str, *columns: sa.Column) -> sa.Table:
    """A table of per-article findings located by a span of the article's text."""
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        *columns,
    )


quantities_table = _fact_table(
    "quantities",
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("unit", sa.Text),
    sa.Column("qualifier", sa.Text),
    sa.Column("sentence", sa.Integer, nullable=False),
)
dates_table = _fact_table(
    "date_mentions",
    sa.Column("value", sa.Text),
    sa.Column("precision", sa.String(8), nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
)
places_table = _fact_table(
    "places",
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("country", sa.String(2)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
)
boilerplate_table = _fact_table("boilerplate", sa.Column("kind", sa.String(16), nullable=False))

# Analysis field -> (table, record class): the findings stored one row per record.
FACT_TABLES = {
    "quantities": (quantities_table, Quantity),
    "dates": (dates_table, DateMention),
    "places": (places_table, Place),
    "boilerplate": (boilerplate_table, Boilerplate),
}

# FTS5 over title and text, kept in step with `articles` by triggers (SQLite only).
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id')",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
         INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
       END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
         INSERT INTO articles_fts(articles_fts, rowid, title, text)
         VALUES ('delete', old.id, old.title, old.text);
       END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
         INSERT INTO articles_fts(articles_fts, rowid, title, text)
         VALUES ('delete', old.id, old.title, old.text);
         INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
       END""",
]


def _migration_1(conn: sa.Connection) -> None:
    """Articles with versions, and their full-text index."""
    meta_table.create(conn)
    articles_table.create(conn)
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            conn.exec_driver_sql(statement)


def _migration_2(conn: sa.Connection) -> None:
    """Per-article analysis: which articles were analysed, and their attributions."""
    analyses_table.create(conn)
    attributions_table.create(conn)


def _migration_3(conn: sa.Connection) -> None:
    """Quantities, dates, places and boilerplate found by analyze."""
    for table, _ in FACT_TABLES.values():
        table.create(conn)


# Forward migrations: MIGRATIONS[n] takes a database from schema version n to n + 1.
MIGRATIONS = [_migration_1, _migration_2, _migration_3]
SCHEMA_VERSION = len(MIGRATIONS)


def engine_for(db: str) -> sa.Engine:
    """An engine for a file path or an SQLAlchemy URL, with SQLite's pragmas set."""
    url = db if "://" in db else f"sqlite:///{db}"
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across a killed process in WAL mode
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Store:
    """A newstrace database: open it, and it is migrated to the current schema."""

    def __init__(self, db: str):
        self.db = db
        self.engine = engine_for(db)
        self._migrate()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- schema ---------------------------------------------------------------

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return self._read_version(conn)

    def _read_version(self, conn: sa.Connection) -> int:
        if not sa.inspect(conn).has_table("newstrace_meta"):
            return 0
        value = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")).scalar()
        return int(value or 0)

    def _migrate(self) -> None:
        with self.engine.begin() as conn:
            current = self._read_version(conn)
            if current > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"{self.db} has schema version {current}; this newstrace knows up to "
                    f"{SCHEMA_VERSION}: upgrade newstrace"
                )
            for version in range(current, SCHEMA_VERSION):
                logger.info("migrating %s to schema version %d", self.db, version + 1)
                MIGRATIONS[version](conn)
            if current < SCHEMA_VERSION:
                conn.execute(sa.delete(meta_table).where(meta_table.c.key == "schema_version"))
                conn.execute(sa.insert(meta_table).values(key="schema_version", value=str(SCHEMA_VERSION)))

    # --- writes ---------------------------------------------------------------

    @contextmanager
    def writer(self, batch_size: int = BATCH_SIZE, batch_seconds: float = BATCH_SECONDS) -> Iterator[ArticleWriter]:
        """A writer whose adds are committed in batches, and at the end."""
        with self.engine.connect() as conn:
            writer = ArticleWriter(conn, batch_size, batch_seconds)
            try:
                yield writer
                conn.commit()
            except BaseException:
                conn.rollback()
                raise

    def add_articles(self, articles) -> list[StoreOutcome]:
        """Store each article (see :meth:`ArticleWriter.add`); for small, in-memory batches."""
        with self.writer() as writer:
            return [writer.add(article) for article in articles]

    # --- reads ----------------------------------------------------------------

    def articles(
        self,
        *,
        search: str | None = None,
        outlet: str | None = None,
        include_skipped: bool = False,
        all_versions: bool = False,
        limit: int | None = None,
    ) -> Iterator[Article]:
        """Stored articles, newest publication first (undated last), streamed."""
        table = articles_table
        query = sa.select(table)
        if not all_versions:
            query = query.where(table.c.is_latest.is_(True))
        if not include_skipped:
            query = query.where(table.c.skipped_reason.is_(None))
        if outlet:
            query = query.where(sa.func.lower(table.c.outlet) == outlet.lower())
        if search:
            query = query.where(self._search_clause(search))
        query = query.order_by(table.c.published_utc.is_(None), table.c.published_utc.desc(), table.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            for row in conn.execution_options(stream_results=True, yield_per=500).execute(query):
                yield _article_from_row(row)

    def _search_clause(self, search: str) -> sa.ColumnElement[bool]:
        terms = [term.replace('"', "") for term in search.split()]
        terms = [term for term in terms if term]
        if self.engine.dialect.name == "sqlite":
            # Every word as a quoted FTS5 string: user input never reaches FTS syntax.
            match = " ".join(f'"{term}"' for term in terms)
            ids = sa.text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match").bindparams(match=match)
            return articles_table.c.id.in_(ids)
        return sa.and_(
            *[sa.or_(articles_table.c.title.ilike(f"%{t}%"), articles_table.c.text.ilike(f"%{t}%")) for t in terms]
        )

    def article(self, ident: str | int) -> Article:
        """One article by external id (its newest version) or by row id; :class:`NotFound` if absent."""
        table = articles_table
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(table).where(table.c.external_id == str(ident)).order_by(table.c.version.desc()).limit(1)
            ).first()
            if row is None and str(ident).isdigit():
                row = conn.execute(sa.select(table).where(table.c.id == int(ident))).first()
        if row is None:
            raise NotFound(f"no article with id {ident!r} in {self.db}")
        return _article_from_row(row)

    def versions(self, article: Article) -> list[Article]:
        """Every stored version of the article's document, oldest first."""
        table = articles_table
        with self.engine.connect() as conn:
            key = conn.execute(sa.select(table.c.doc_key).where(table.c.id == article.id)).scalar()
            rows = conn.execute(sa.select(table).where(table.c.doc_key == key).order_by(table.c.version))
            return [_article_from_row(row) for row in rows]

    def unanalysed(self, *, force: bool = False) -> list[Article]:
        """Latest usable articles with no stored analysis (all of them with ``force``)."""
        table = articles_table
        query = sa.select(table).where(table.c.is_latest.is_(True), table.c.skipped_reason.is_(None))
        if not force:
            done = sa.select(analyses_table.c.article_id)
            query = query.where(table.c.id.not_in(done))
        with self.engine.connect() as conn:
            return [_article_from_row(row) for row in conn.execute(query.order_by(table.c.id))]

    def save_analysis(self, article: Article, analysis: Analysis, model: str) -> None:
        """Replace the article's stored analysis with this one, in one transaction."""
        tables = [attributions_table, analyses_table, *(table for table, _ in FACT_TABLES.values())]
        with self.engine.begin() as conn:
            for table in tables:
                conn.execute(sa.delete(table).where(table.c.article_id == article.id))
            if analysis.attributions:
                conn.execute(
                    sa.insert(attributions_table),
                    [_row_from_attribution(article.id, i, a) for i, a in enumerate(analysis.attributions)],
                )
            for field_name, (table, _) in FACT_TABLES.items():
                if records := getattr(analysis, field_name):
                    conn.execute(sa.insert(table), [_row_from_fact(article.id, record) for record in records])
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute(sa.insert(analyses_table).values(article_id=article.id, model=model, analyzed=now))

    def attributions(self, article: Article | None = None) -> Iterator[tuple[str, Attribution]]:
        """``(article external id, attribution)`` for one article, or for all latest articles."""
        for row in self._per_article_rows(attributions_table, attributions_table.c.position, article):
            yield row.external_id, _attribution_from_row(row)

    def facts(self, field_name: str, article: Article | None = None) -> Iterator[tuple[str, Any]]:
        """``(article external id, record)`` of one kind of finding (a key of FACT_TABLES)."""
        table, record_class = FACT_TABLES[field_name]
        for row in self._per_article_rows(table, table.c.start, article):
            yield row.external_id, _fact_from_row(record_class, row)

    def _per_article_rows(self, table: sa.Table, order: sa.Column, article: Article | None) -> Iterator[sa.Row]:
        """Rows of a per-article table with the article's external id: one article, or all latest ones."""
        articles = articles_table
        query = sa.select(table, articles.c.external_id).join(articles, articles.c.id == table.c.article_id)
        if article is not None:
            query = query.where(table.c.article_id == article.id)
        else:
            query = query.where(articles.c.is_latest.is_(True))
        with self.engine.connect() as conn:
            yield from conn.execution_options(stream_results=True, yield_per=500).execute(
                query.order_by(table.c.article_id, order)
            )

    def counts(self) -> dict[str, int]:
        """How many articles: usable latest versions, skipped, and all stored rows."""
        table = articles_table
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            latest = sa.select(sa.func.count()).select_from(table).where(table.c.is_latest.is_(True))
            usable = conn.execute(latest.where(table.c.skipped_reason.is_(None))).scalar_one()
            skipped = conn.execute(latest.where(table.c.skipped_reason.is_not(None))).scalar_one()
        return {"articles": usable, "skipped": skipped, "rows": total}


class ArticleWriter:
    """Adds articles inside batched transactions; see :meth:`add`."""

    def __init__(self, conn: sa.Connection, batch_size: int, batch_seconds: float):
        self.conn = conn
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self._pending = 0
        self._batch_started = time.monotonic()

    def add(self, article: Article) -> StoreOutcome:
        """Store an article unless its document already has this text.

        The document is identified by its normalised URL, or by its external id
        when it has no URL. Same text: ``unchanged``, nothing written. New text
        for a known document: ``new_version``, the old version kept. Otherwise
        ``added``.
        """
        table = articles_table
        doc_key = url_key(article.url) or f"id:{article.external_id}"
        versions = self.conn.execute(
            sa.select(table.c.id, table.c.version, table.c.text_sha256, table.c.external_id).where(
                table.c.doc_key == doc_key
            )
        ).all()
        text_hash = article.text_sha256
        for row in versions:
            if row.text_sha256 == text_hash:
                stored = self.conn.execute(sa.select(table).where(table.c.id == row.id)).one()
                return StoreOutcome("unchanged", _article_from_row(stored))
        article.external_id = self._unique_external_id(article.external_id, doc_key)
        article.version = max((row.version for row in versions), default=0) + 1
        article.ingested = datetime.now(UTC).isoformat(timespec="seconds")
        if versions:
            self.conn.execute(sa.update(table).where(table.c.doc_key == doc_key).values(is_latest=False))
        values = _row_from_article(article) | {"doc_key": doc_key, "is_latest": True}
        article.id = self.conn.execute(sa.insert(table).values(values)).inserted_primary_key[0]
        self._pending += 1
        if self._pending >= self.batch_size or time.monotonic() - self._batch_started > self.batch_seconds:
            self.commit()
        return StoreOutcome("new_version" if versions else "added", article)

    def commit(self) -> None:
        self.conn.commit()
        self._pending = 0
        self._batch_started = time.monotonic()

    def _unique_external_id(self, external_id: str, doc_key: str) -> str:
        """The id, suffixed when another document already uses it (two files with record id 1)."""
        table = articles_table
        clash = self.conn.execute(
            sa.select(table.c.id).where(table.c.external_id == external_id, table.c.doc_key != doc_key).limit(1)
        ).first()
        if clash is None:
            return external_id
        return f"{external_id}~{hashlib.sha256(doc_key.encode()).hexdigest()[:8]}"


def utc_sort_key(published: str | None) -> str | None:
    """``2026-03-10T10:48:00-04:00`` -> ``2026-03-10T14:48:00Z``; dates and naive times as given."""
    if not published or "T" not in published:
        return published
    moment = datetime.fromisoformat(published)
    if moment.tzinfo is None:
        return published
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _row_from_article(article: Article) -> dict[str, Any]:
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
    }


def _spans_json(spans) -> str:
    return json.dumps([{"start": s.start, "end": s.end, "text": s.text} for s in spans], ensure_ascii=False)


def _spans_from_json(value: str) -> tuple[TextSpan, ...]:
    return tuple(TextSpan(**span) for span in json.loads(value))


def _row_from_attribution(article_id: int, position: int, attribution: Attribution) -> dict[str, Any]:
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
        "source_spans": _spans_json(attribution.source),
        "cue_spans": _spans_json(attribution.cue),
        "content_spans": _spans_json(attribution.content),
        "sources": json.dumps([asdict(s) for s in attribution.sources], ensure_ascii=False),
    }


def _attribution_from_row(row: sa.Row) -> Attribution:
    return Attribution(
        source=_spans_from_json(row.source_spans),
        cue=_spans_from_json(row.cue_spans),
        content=_spans_from_json(row.content_spans),
        kind=row.kind,
        cue_class=row.cue_class,
        sentence=row.sentence,
        hedges=tuple(json.loads(row.hedges)),
        negated=bool(row.negated),
        parent=row.parent,
        sources=tuple(Source(**s) for s in json.loads(row.sources)),
    )


def _row_from_fact(article_id: int, record: Any) -> dict[str, Any]:
    values = asdict(record)
    span = values.pop("span")
    return {"article_id": article_id, "start": span["start"], "end": span["end"], "text": span["text"], **values}


def _fact_from_row(record_class: type, row: sa.Row) -> Any:
    names = [f for f in record_class.__dataclass_fields__ if f != "span"]
    return record_class(span=TextSpan(row.start, row.end, row.text), **{name: getattr(row, name) for name in names})


def _article_from_row(row: sa.Row) -> Article:
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
    )
