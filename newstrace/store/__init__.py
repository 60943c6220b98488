"""The only module that speaks SQL: tables, migrations, and reads and writes of records.

SQLite by default (WAL, foreign keys on, an FTS5 index over title and text so
the file opens usefully in Datasette); any SQLAlchemy URL works for the rest,
with the full-text index and pragmas applied only where the dialect has them.
Writes happen in transactions of a few hundred articles, so a killed ingest
leaves a consistent database that a re-run completes.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any

import sqlalchemy as sa

from ..errors import NotFound, SchemaTooNew
from ..ingest.meta import url_key
from ..models import Analysis, Article, Attribution, CopiedPassage, Fingerprint, StoreOutcome, Story
from .claims import ClaimStore, children
from .engine import engine_for, shown_db, without_password
from .rows import (
    MAX_ROW_ID,
    NUL,
    article_from_row,
    attribution_from_row,
    drop_nul,
    fact_from_row,
    pack_fingerprints,
    passage_from_row,
    row_from_article,
    row_from_attribution,
    row_from_fact,
    row_from_passage,
    row_id,
    unpack_fingerprints,
    utc_sort_key,
)
from .schema import (
    FACT_TABLES,
    MIGRATIONS,
    SCHEMA_VERSION,
    analyses_table,
    articles_table,
    attributions_table,
    claim_mentions_table,
    claim_stances_table,
    claims_table,
    copies_table,
    linked_table,
    meta_table,
    metadata,
    stories_table,
    story_articles_table,
    story_entities_table,
)
from .search import search_clause, words_in_article

__all__ = [
    "FACT_TABLES",
    "SCHEMA_VERSION",
    "ArticleWriter",
    "Store",
    "shown_db",
    "utc_sort_key",
    "without_password",
    "words_in_article",
]

logger = logging.getLogger(__name__)

# Times a schema migration is tried when another process is creating the same tables.
MIGRATE_TRIES = 5
# The PostgreSQL advisory lock that one newstrace run holds while it writes (see Store.exclusive).
PIPELINE_LOCK_KEY = 7_316_012_611
# The one a process holds while it migrates the schema: another, so that opening a database never waits on a run.
MIGRATE_LOCK_KEY = PIPELINE_LOCK_KEY + 1
# Articles written per transaction: large enough to be fast, small enough that a
# crash loses little work (a re-run redoes it).
BATCH_SIZE = 500
# Articles whose analyses one query reads (see Store.analyses).
ANALYSES_PAGE = 500
# Longest a transaction stays open while articles trickle in (slow extraction).
BATCH_SECONDS = 2.0


class Store(ClaimStore):
    """A newstrace database: open it, and it is migrated to the current schema."""

    def __init__(self, db: str):
        self.db = db  # as given, to open it again (worker processes); messages show ``shown``
        self.shown = shown_db(db)
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
        """Bring the schema up to date. Two processes opening a new SQLite database at once race to create its
        tables: the loser finds them made and tries again. (On PostgreSQL they take turns: a lock, no race, and a
        server that cannot be reached is said at once.)"""
        for attempt in range(MIGRATE_TRIES):
            try:
                return self._migrate_once()
            except (sa.exc.OperationalError, sa.exc.IntegrityError, sa.exc.ProgrammingError):
                if attempt == MIGRATE_TRIES - 1 or self.engine.dialect.name == "postgresql":
                    raise
                time.sleep(0.2 * (attempt + 1))

    def _migrate_once(self) -> None:
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # one process migrates at a time; the next finds it done
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK_KEY})
            current = self._read_version(conn)
            if current > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"{self.shown} has schema version {current}; this newstrace knows up to "
                    f"{SCHEMA_VERSION}: upgrade newstrace"
                )
            for version in range(current, SCHEMA_VERSION):
                logger.info("migrating %s to schema version %d", self.shown, version + 1)
                MIGRATIONS[version](conn)
            if current < SCHEMA_VERSION:
                conn.execute(sa.delete(meta_table).where(meta_table.c.key == "schema_version"))
                conn.execute(sa.insert(meta_table).values(key="schema_version", value=str(SCHEMA_VERSION)))

    # --- writes ---------------------------------------------------------------

    @contextmanager
    def exclusive(self, waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold this database's pipeline lock: one newstrace run writes to a database at a time, the others wait
        (``waiting`` is called once if they must). SQLite: a lock file beside the database; PostgreSQL: an
        advisory lock. Readers never wait."""
        if self.engine.dialect.name == "postgresql":
            # A session lock, on a connection of its own outside any transaction, held until the run ends.
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                if not conn.execute(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": PIPELINE_LOCK_KEY}).scalar():
                    if waiting is not None:
                        waiting()
                    conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": PIPELINE_LOCK_KEY})
                try:
                    yield
                finally:
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": PIPELINE_LOCK_KEY})
            return
        database = self.engine.url.database
        if not database or database == ":memory:":
            yield
            return
        from filelock import FileLock, Timeout

        lock = FileLock(f"{database}.lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if waiting is not None:
                waiting()
            lock.acquire()
        try:
            yield
        finally:
            lock.release()

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
        story: int | None = None,
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
            query = query.where(search_clause(self.engine.dialect.name, search))
        if story is not None:
            members = _story_members(story)
            query = query.where(table.c.id.in_(members))
        query = query.order_by(table.c.published_utc.is_(None), table.c.published_utc.desc(), table.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            for row in conn.execution_options(stream_results=True, yield_per=500).execute(query):
                yield article_from_row(row)

    def article(self, ident: str | int) -> Article:
        """One article by external id (its newest version) or by row id; :class:`NotFound` if absent."""
        table, ident = articles_table, str(ident).replace(NUL, "")  # as drop_nul stored it
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(table).where(table.c.external_id == ident).order_by(table.c.version.desc()).limit(1)
            ).first()
            if row is None and ident.isdigit() and int(ident) <= MAX_ROW_ID:
                row = conn.execute(sa.select(table).where(table.c.id == int(ident))).first()
        if row is None:
            raise NotFound(f"no article with id {ident!r} in {self.shown}")
        return article_from_row(row)

    def versions(self, article: Article) -> list[Article]:
        """Every stored version of the article's document, oldest first."""
        table = articles_table
        with self.engine.connect() as conn:
            key = conn.execute(sa.select(table.c.doc_key).where(table.c.id == article.id)).scalar()
            rows = conn.execute(sa.select(table).where(table.c.doc_key == key).order_by(table.c.version))
            return [article_from_row(row) for row in rows]

    def unanalysed_ids(self, *, force: bool = False) -> list[int]:
        """Row ids of the latest usable articles with no stored analysis (all of them with ``force``), in id
        order: for reading them a page at a time (:meth:`articles_by_id`)."""
        table = articles_table
        query = sa.select(table.c.id).where(table.c.is_latest.is_(True), table.c.skipped_reason.is_(None))
        if not force:
            done = sa.select(analyses_table.c.article_id)
            query = query.where(table.c.id.not_in(done))
        with self.engine.connect() as conn:
            return list(conn.execute(query.order_by(table.c.id)).scalars())

    def save_analysis(self, article: Article, analysis: Analysis, model: str, problem: str | None = None) -> None:
        """Replace the article's stored analysis with this one, in one transaction; ``problem`` says why the
        analysis is empty when it could not be made (and clears an earlier one when None)."""
        tables = [attributions_table, analyses_table, *(table for table, _ in FACT_TABLES.values())]
        with self.engine.begin() as conn:
            for table in tables:
                conn.execute(sa.delete(table).where(table.c.article_id == article.id))
            if analysis.attributions:
                conn.execute(
                    sa.insert(attributions_table),
                    [row_from_attribution(article.id, i, a) for i, a in enumerate(analysis.attributions)],
                )
            for field_name, (table, _) in FACT_TABLES.items():
                if records := getattr(analysis, field_name):
                    conn.execute(sa.insert(table), [row_from_fact(article.id, record) for record in records])
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute(sa.insert(analyses_table).values(article_id=article.id, model=model, analyzed=now))
            conn.execute(sa.update(articles_table).where(articles_table.c.id == article.id).values(problem=problem))

    def attributions(self, article: Article | None = None) -> Iterator[tuple[str, Attribution]]:
        """``(article external id, attribution)`` for one article, or for all latest articles."""
        for row in self._per_article_rows(attributions_table, attributions_table.c.position, article):
            yield row.external_id, attribution_from_row(row)

    def facts(
        self, field_name: str, article: Article | None = None, *, story: int | None = None
    ) -> Iterator[tuple[str, Any]]:
        """``(article external id, record)`` of one kind of finding (a key of FACT_TABLES), for one
        article, one story's articles, or all latest articles."""
        table, record_class = FACT_TABLES[field_name]
        for row in self._per_article_rows(table, table.c.start, article, story):
            yield row.external_id, fact_from_row(record_class, row)

    def analysis(self, article: Article, parts: Iterable[str] | None = None) -> Analysis:
        """The stored analysis of one article (empty lists when it was not analysed); with ``parts`` (names of
        Analysis fields, such as ("attributions", "places")), only those are read, the others left empty."""
        return self.analyses([article], parts)[0]

    def analyses(self, articles: Sequence[Article], parts: Iterable[str] | None = None) -> list[Analysis]:
        """The stored analyses of many articles, in their order (see :meth:`analysis`): one query per part for
        each ANALYSES_PAGE articles, not one per article and part, which a large database makes slow."""
        wanted = set(parts) if parts is not None else {"attributions", *FACT_TABLES}
        found = {article.id: Analysis() for article in articles}
        readers = [(attributions_table, "attributions", attributions_table.c.position, attribution_from_row)]
        readers += [
            (table, name, table.c.start, partial(fact_from_row, record_class))
            for name, (table, record_class) in FACT_TABLES.items()
        ]
        ids = list(found)
        with self.engine.connect() as conn:
            for begin in range(0, len(ids), ANALYSES_PAGE):
                page = ids[begin : begin + ANALYSES_PAGE]
                for table, name, order, record_of in readers:
                    if name not in wanted:
                        continue
                    query = sa.select(table).where(table.c.article_id.in_(page))
                    for row in conn.execute(query.order_by(table.c.article_id, order, table.c.id)):
                        getattr(found[row.article_id], name).append(record_of(row))
        return [found[article.id] for article in articles]

    def _per_article_rows(
        self, table: sa.Table, order: sa.Column, article: Article | None, story: int | None = None
    ) -> Iterator[sa.Row]:
        """Rows of a per-article table with the article's external id: one article, one story's, or all latest."""
        articles = articles_table
        query = sa.select(table, articles.c.external_id).join(articles, articles.c.id == table.c.article_id)
        if article is not None:
            query = query.where(table.c.article_id == article.id)
        else:
            query = query.where(articles.c.is_latest.is_(True))
        if story is not None:
            members = _story_members(story)
            query = query.where(table.c.article_id.in_(members))
        with self.engine.connect() as conn:
            yield from conn.execution_options(stream_results=True, yield_per=500).execute(
                query.order_by(table.c.article_id, order, table.c.id)  # ties in stored order, on every backend
            )

    # --- link: copied passages and stories -------------------------------------------

    def unlinked(self) -> list[Article]:
        """Latest usable articles `link` has not processed, earliest publication first (undated last)."""
        table = articles_table
        query = (
            sa.select(table)
            .where(table.c.is_latest.is_(True), table.c.skipped_reason.is_(None))
            .where(table.c.id.not_in(sa.select(linked_table.c.article_id)))
            .order_by(table.c.published_utc.is_(None), table.c.published_utc, table.c.id)
        )
        with self.engine.connect() as conn:
            return [article_from_row(row) for row in conn.execute(query)]

    def unlinked_ids(self) -> list[int]:
        """Row ids of :meth:`unlinked`'s articles, in its order: for reading them a page at a time
        (:meth:`articles_by_id`), so that linking never holds every new article at once."""
        table = articles_table
        query = (
            sa.select(table.c.id)
            .where(table.c.is_latest.is_(True), table.c.skipped_reason.is_(None))
            .where(table.c.id.not_in(sa.select(linked_table.c.article_id)))
            .order_by(table.c.published_utc.is_(None), table.c.published_utc, table.c.id)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def articles_by_id(self, ids: list[int]) -> list[Article]:
        """The articles with these row ids, in the order given (absent ids left out)."""
        table = articles_table
        with self.engine.connect() as conn:
            found = {row.id: article_from_row(row) for row in conn.execute(sa.select(table).where(table.c.id.in_(ids)))}
        return [found[i] for i in ids if i in found]

    def link_dates(self, external_ids: set[str]) -> list[tuple[str, str | None]]:
        """(external id, publication date) of those latest linked articles, in the order `link` took them."""
        table = articles_table
        query = (
            sa.select(table.c.external_id, table.c.published)
            .join(linked_table, linked_table.c.article_id == table.c.id)
            .where(table.c.is_latest.is_(True))
            .order_by(linked_table.c.linked, table.c.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execution_options(stream_results=True, yield_per=2000).execute(query)
            return [(row.external_id, row.published) for row in rows if row.external_id in external_ids]

    def linked(self) -> Iterator[tuple[Article, list[Fingerprint], int | None]]:
        """Every processed latest article with its stored fingerprints and story id, in link order."""
        table = articles_table
        query = (
            sa.select(table, linked_table.c.fingerprints, story_articles_table.c.story_id)
            .join(linked_table, linked_table.c.article_id == table.c.id)
            .outerjoin(story_articles_table, story_articles_table.c.article_id == table.c.id)
            .where(table.c.is_latest.is_(True))
            .order_by(linked_table.c.linked, table.c.id)
        )
        with self.engine.connect() as conn:
            for row in conn.execution_options(stream_results=True, yield_per=500).execute(query):
                yield article_from_row(row), unpack_fingerprints(row.fingerprints), row.story_id

    def save_link(
        self, article: Article, fingerprints: list[Fingerprint], passages: list[CopiedPassage], story_id: int
    ) -> None:
        """Record one article's link results in one transaction: its fingerprints, copies and story.

        The story row is created when new (its title and span are filled in by
        :meth:`save_stories`).
        """
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        with self.engine.begin() as conn:
            _retire_older_versions(conn, article, now)
            exists = conn.execute(sa.select(stories_table.c.id).where(stories_table.c.id == story_id)).first()
            if exists is None:
                conn.execute(sa.insert(stories_table).values(id=story_id, title="", updated=now))
            else:
                conn.execute(sa.update(stories_table).where(stories_table.c.id == story_id).values(updated=now))
            position = conn.execute(
                sa.select(sa.func.count()).where(story_articles_table.c.story_id == story_id)
            ).scalar_one()
            conn.execute(sa.delete(story_articles_table).where(story_articles_table.c.article_id == article.id))
            conn.execute(
                sa.insert(story_articles_table).values(story_id=story_id, article_id=article.id, position=position)
            )
            if passages:
                ids = self._latest_ids(conn, {p.a for p in passages} | {p.b for p in passages})
                conn.execute(sa.insert(copies_table), [row_from_passage(p, ids) for p in passages])
            conn.execute(sa.delete(linked_table).where(linked_table.c.article_id == article.id))
            conn.execute(
                sa.insert(linked_table).values(
                    article_id=article.id, linked=now, fingerprints=pack_fingerprints(fingerprints)
                )
            )

    def save_stories(self, stories: list[Story]) -> None:
        """Update the title and time span of stories already created by :meth:`save_link`."""
        with self.engine.begin() as conn:
            for story in stories:
                conn.execute(
                    sa.update(stories_table)
                    .where(stories_table.c.id == story.id)
                    .values(
                        title=story.title, first_published=story.first_published, last_published=story.last_published
                    )
                )

    def set_clusters(self, clusters: dict[tuple[str, str], int]) -> None:
        """Set the reuse cluster of copies, keyed by (a, b) external ids."""
        with self.engine.begin() as conn:
            ids = self._latest_ids(conn, {key for pair in clusters for key in pair})
            for (a, b), cluster in clusters.items():
                conn.execute(
                    sa.update(copies_table)
                    .where(copies_table.c.a_id == ids[a], copies_table.c.b_id == ids[b])
                    .values(cluster=cluster)
                )

    @staticmethod
    def _latest_ids(conn: sa.Connection, external_ids: set[str]) -> dict[str, int]:
        table = articles_table
        rows = conn.execute(
            sa.select(table.c.external_id, table.c.id).where(
                table.c.external_id.in_(external_ids), table.c.is_latest.is_(True)
            )
        )
        return {row.external_id: row.id for row in rows}

    def copies(self, article: Article | None = None, *, story: int | None = None) -> list[CopiedPassage]:
        """Copied passages of one article (either side), of one story's articles, or of all; largest share first."""
        a, b = articles_table.alias("a"), articles_table.alias("b")
        query = (
            sa.select(copies_table, a.c.external_id.label("a_external_id"), b.c.external_id.label("b_external_id"))
            .join(a, a.c.id == copies_table.c.a_id)
            .join(b, b.c.id == copies_table.c.b_id)
        )
        if article is not None:
            query = query.where(sa.or_(copies_table.c.a_id == article.id, copies_table.c.b_id == article.id))
        if story is not None:
            members = _story_members(story)
            query = query.where(copies_table.c.a_id.in_(members), copies_table.c.b_id.in_(members))
        query = query.order_by(copies_table.c.b_share.desc(), copies_table.c.id)
        with self.engine.connect() as conn:
            return [passage_from_row(row) for row in conn.execute(query)]

    def stories(self, *, limit: int | None = None) -> list[Story]:
        """Stories, most recently published first (undated last)."""
        query = sa.select(stories_table).order_by(
            stories_table.c.last_published.is_(None), stories_table.c.last_published.desc(), stories_table.c.id
        )
        if limit:
            query = query.limit(limit)
        return self._stories(query)

    def story(self, ident: int) -> Story:
        """One story by id; :class:`NotFound` if absent."""
        found = self._stories(sa.select(stories_table).where(stories_table.c.id == row_id(ident)))
        if not found:
            raise NotFound(f"no story with id {ident!r} in {self.shown}")
        return found[0]

    def _stories(self, query: sa.Select) -> list[Story]:
        members_table = story_articles_table
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            members = children(
                conn,
                rows,
                lambda ids: (
                    sa.select(members_table.c.story_id.label("parent"), articles_table.c.external_id)
                    .join(articles_table, articles_table.c.id == members_table.c.article_id)
                    .where(members_table.c.story_id.in_(ids))
                    .order_by(members_table.c.story_id, members_table.c.position)
                ),
                lambda row: row.external_id,
            )
        return [Story(row.id, row.title, members[row.id], row.first_published, row.last_published) for row in rows]

    def story_counts(self) -> dict[int, dict[str, int]]:
        """Per story id: ``articles``, ``outlets``, ``claims`` and ``disputed`` claims, counted in SQL."""
        members, articles = story_articles_table, articles_table
        counts: dict[int, dict[str, int]] = {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    members.c.story_id,
                    sa.func.count(),
                    sa.func.count(sa.distinct(sa.func.coalesce(articles.c.outlet, articles.c.external_id))),
                )
                .join(articles, articles.c.id == members.c.article_id)
                .group_by(members.c.story_id)
            )
            for story_id, article_count, outlet_count in rows:
                counts[story_id] = {"articles": article_count, "outlets": outlet_count, "claims": 0, "disputed": 0}
            disputed = sa.func.sum(sa.case((claims_table.c.status.in_(("disputed", "denied")), 1), else_=0))
            rows = conn.execute(
                sa.select(claims_table.c.story_id, sa.func.count(), disputed).group_by(claims_table.c.story_id)
            )
            for story_id, claim_count, disputed_count in rows:
                entry = counts.setdefault(story_id, {"articles": 0, "outlets": 0, "claims": 0, "disputed": 0})
                entry["claims"], entry["disputed"] = claim_count, int(disputed_count or 0)
        return counts

    # --- assess: claims -----------------------------------------------------------------

    def stale_stories(self, *, force: bool = False) -> list[Story]:
        """Stories whose membership changed since they were last assessed (all with ``force``)."""
        query = sa.select(stories_table).order_by(stories_table.c.id)
        if not force:
            query = query.where(
                sa.or_(stories_table.c.assessed.is_(None), stories_table.c.assessed < stories_table.c.updated)
            )
        return self._stories(query)

    def counts(self) -> dict[str, int]:
        """How many articles: usable latest versions, skipped, and all stored rows."""
        table = articles_table
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            latest = sa.select(sa.func.count()).select_from(table).where(table.c.is_latest.is_(True))
            usable = conn.execute(latest.where(table.c.skipped_reason.is_(None))).scalar_one()
            skipped = conn.execute(latest.where(table.c.skipped_reason.is_not(None))).scalar_one()
        return {"articles": usable, "skipped": skipped, "rows": total}

    def table_counts(self) -> dict[str, int]:
        """Rows in each of the database's tables, by table name, in the schema's order."""
        with self.engine.connect() as conn:
            return {
                table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in metadata.sorted_tables
            }

    # --- link: stories merged after the fact ------------------------------------------

    def merge_stories(self, absorbed: int, into: int) -> None:
        """Fold story ``absorbed`` into story ``into`` in one transaction.

        Its articles move to the end of ``into`` (joining order kept), its claims
        and row are deleted, and ``into`` is marked updated so assess redoes it.
        Used when story clustering finds two stories to be one; ``into`` keeps its
        id, the one users have seen longest.
        """
        if absorbed == into:
            raise ValueError(f"absorbed={absorbed!r}: expected a story other than into={into!r}")
        members, now = story_articles_table, datetime.now(UTC).isoformat(timespec="microseconds")
        with self.engine.begin() as conn:
            found = conn.execute(sa.select(stories_table.c.id).where(stories_table.c.id.in_((absorbed, into)))).all()
            if len(found) != 2:
                raise NotFound(f"no story with id {absorbed!r} or {into!r} in {self.shown}")
            offset = conn.execute(sa.select(sa.func.count()).where(members.c.story_id == into)).scalar_one()
            conn.execute(
                sa.update(members)
                .where(members.c.story_id == absorbed)
                .values(story_id=into, position=members.c.position + offset)
            )
            claims = sa.select(claims_table.c.id).where(claims_table.c.story_id == absorbed)
            conn.execute(sa.delete(claim_mentions_table).where(claim_mentions_table.c.claim_id.in_(claims)))
            conn.execute(sa.delete(claim_stances_table).where(claim_stances_table.c.claim_id.in_(claims)))
            conn.execute(sa.delete(story_entities_table).where(story_entities_table.c.story_id == absorbed))
            conn.execute(sa.delete(claims_table).where(claims_table.c.story_id == absorbed))
            conn.execute(sa.delete(stories_table).where(stories_table.c.id == absorbed))
            conn.execute(sa.update(stories_table).where(stories_table.c.id == into).values(updated=now))

    # --- web: one story's page at any size, counted and paged in SQL ---------------------------

    def story_totals(self, story: int) -> dict[str, int]:
        """Exact sizes of one story, counted in SQL: ``articles``, ``outlets``, ``claims`` and ``mentions``
        (of its claims). Its copied passages are counted by :meth:`story_copy_ranking`."""
        articles, mentions = articles_table, claim_mentions_table
        outlet = sa.func.coalesce(articles.c.outlet, articles.c.external_id)
        with self.engine.connect() as conn:
            article_count, outlet_count = conn.execute(
                sa.select(sa.func.count(), sa.func.count(sa.distinct(outlet))).where(
                    articles.c.id.in_(_story_members(story))
                )
            ).one()
            claim_count = conn.execute(
                sa.select(sa.func.count()).select_from(claims_table).where(claims_table.c.story_id == story)
            ).scalar_one()
            mention_count = conn.execute(
                sa.select(sa.func.count())
                .select_from(mentions)
                .join(claims_table, claims_table.c.id == mentions.c.claim_id)
                .where(claims_table.c.story_id == story)
            ).scalar_one()
        return {"articles": article_count, "outlets": outlet_count, "claims": claim_count, "mentions": mention_count}

    def story_stamp(self, story: int) -> tuple[str | None, str | None]:
        """When link last changed the story's membership and copies, and when assess last replaced its
        claims: what a cache of anything derived from them is keyed on. :class:`NotFound` if absent."""
        row = None
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(stories_table.c.updated, stories_table.c.assessed).where(stories_table.c.id == row_id(story))
            ).first()
        if row is None:
            raise NotFound(f"no story with id {story!r} in {self.shown}")
        return row.updated, row.assessed

    def story_articles(self, story: int, *, limit: int, offset: int = 0) -> list[Article]:
        """One page of a story's articles, in :meth:`articles` order (newest publication first)."""
        table = articles_table
        query = (
            sa.select(table)
            .where(table.c.id.in_(_story_members(story)))
            .order_by(table.c.published_utc.is_(None), table.c.published_utc.desc(), table.c.id)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            return [article_from_row(row) for row in conn.execute(query)]

    def story_publications(self, story: int) -> list[dict[str, str | None]]:
        """Every member's ``external_id``, ``outlet``, ``title`` and ``published``, without the text."""
        table = articles_table
        query = (
            sa.select(table.c.external_id, table.c.outlet, table.c.title, table.c.published)
            .where(table.c.id.in_(_story_members(story)))
            .order_by(table.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def story_copy_ranking(self, story: int) -> list[tuple[int, str | None, str | None, str, float]]:
        """``(copy id, origin outlet, copying outlet, direction, b_share)`` of every passage copied between a
        story's articles, in :meth:`copies` order (largest share first), read in one pass without the texts."""
        members, table = story_articles_table, articles_table
        outlets_query = sa.select(table.c.id, table.c.outlet).where(table.c.id.in_(_story_members(story)))
        query = (
            sa.select(
                copies_table.c.id,
                copies_table.c.a_id,
                copies_table.c.b_id,
                copies_table.c.direction,
                copies_table.c.b_share,
            )
            .select_from(members)
            .join(copies_table, copies_table.c.a_id == members.c.article_id)
            .where(members.c.story_id == story)
        )  # the copy's side is checked here, not in SQL: "b_id IN (members)" probes the index per pair
        with self.engine.connect() as conn:
            outlets = dict(conn.execute(outlets_query).all())
            found = [
                (copy_id, outlets[a_id], outlets[b_id], direction, share)
                for copy_id, a_id, b_id, direction, share in conn.execute(query)
                if b_id in outlets
            ]
        return sorted(found, key=lambda row: (-row[4], row[0]))

    def copies_by_id(self, ids: list[int]) -> list[tuple[CopiedPassage, str, str]]:
        """Copied passages by row id, in the order given, each with the outlets of its two articles
        (their external ids when the outlet is unknown)."""
        a, b = articles_table.alias("a"), articles_table.alias("b")
        query = (
            sa.select(
                copies_table,
                a.c.external_id.label("a_external_id"),
                b.c.external_id.label("b_external_id"),
                sa.func.coalesce(a.c.outlet, a.c.external_id).label("a_outlet"),
                sa.func.coalesce(b.c.outlet, b.c.external_id).label("b_outlet"),
            )
            .join(a, a.c.id == copies_table.c.a_id)
            .join(b, b.c.id == copies_table.c.b_id)
            .where(copies_table.c.id.in_(ids))
        )
        with self.engine.connect() as conn:
            found = {row.id: (passage_from_row(row), row.a_outlet, row.b_outlet) for row in conn.execute(query)}
        return [found[i] for i in ids if i in found]

    def story_chains(self, story: int) -> tuple[list[tuple[str | None, tuple, int]], set[str]]:
        """The source chains of a story's claim mentions, ``(outlet, chain, articles)`` counted per outlet
        and chain (articles citing it, each once; ``chain`` a tuple of :class:`Source`, never empty),
        and the set of the mentions' origins."""
        import json  # here, not at the top, so that this block merges without touching the imports
        from collections import Counter

        from ..models import Source

        mentions, table = claim_mentions_table, articles_table
        in_story = claims_table.c.story_id == story
        # Compared and grouped as stored text: a cast, for PostgreSQL has no "=" or DISTINCT on json values.
        chain_text = sa.cast(mentions.c.chain, sa.Text)
        # Distinct (article, chain) pairs, grouped by outlet here: cheaper than joining articles in SQL.
        pairs = (
            sa.select(mentions.c.article_id, chain_text)
            .distinct()
            .join(claims_table, claims_table.c.id == mentions.c.claim_id)
            .where(in_story, chain_text != "[]")
        )
        outlets = sa.select(table.c.id, table.c.outlet).where(table.c.id.in_(_story_members(story)))
        origins = (
            sa.select(mentions.c.origin)
            .distinct()
            .join(claims_table, claims_table.c.id == mentions.c.claim_id)
            .where(in_story, mentions.c.origin.is_not(None))
        )
        with self.engine.connect() as conn:
            outlet_of = dict(conn.execute(outlets).all())
            # Sorted here, so that the graph breaks its ties alike on every backend (and whatever their collation).
            rows = sorted(tuple(row) for row in conn.execute(pairs))
            counted = Counter((outlet_of.get(article_id), chain) for article_id, chain in rows)
            found_origins = {origin for (origin,) in conn.execute(origins)}
        texts = {text for _, text in counted}  # each distinct chain parsed once
        chains = {text: tuple(Source(**source) for source in json.loads(text)) for text in texts}
        return [(outlet, chains[text], n) for (outlet, text), n in counted.items() if chains[text]], found_origins

    def story_places(self, story: int) -> list[tuple[str, float, float, int]]:
        """``(name, latitude, longitude, mentions)`` of the located places in a story's articles."""
        table, _ = FACT_TABLES["places"]
        query = (
            sa.select(table.c.name, table.c.latitude, table.c.longitude, sa.func.count())
            .where(table.c.article_id.in_(_story_members(story)))
            .where(table.c.latitude.is_not(None), table.c.longitude.is_not(None))
            .group_by(table.c.name, table.c.latitude, table.c.longitude)
        )
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query)]


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
        when it has no URL. Same text and title: ``unchanged``, nothing written.
        New text, or a new title, for a known document: ``new_version``, the old
        version kept. Otherwise ``added``.
        """
        table = articles_table
        drop_nul(article)  # PostgreSQL stores no NUL; SQLite stores the same
        doc_key = url_key(article.url) or f"id:{article.external_id}"
        versions = self.conn.execute(
            sa.select(table.c.id, table.c.version, table.c.text_sha256, table.c.title, table.c.external_id).where(
                table.c.doc_key == doc_key
            )
        ).all()
        text_hash = article.text_sha256
        for row in versions:
            if row.text_sha256 == text_hash and article.title in (None, row.title):
                stored = self.conn.execute(sa.select(table).where(table.c.id == row.id)).one()
                return StoreOutcome("unchanged", article_from_row(stored))
        article.external_id = self._unique_external_id(article.external_id, doc_key)
        article.version = max((row.version for row in versions), default=0) + 1
        article.ingested = datetime.now(UTC).isoformat(timespec="seconds")
        if versions:
            self.conn.execute(sa.update(table).where(table.c.doc_key == doc_key).values(is_latest=False))
        values = row_from_article(article) | {"doc_key": doc_key, "is_latest": True}
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


def _retire_older_versions(conn: sa.Connection, article: Article, now: str) -> None:
    """The current version replaces the older ones of its document in linking and assessment: their story
    memberships and copied passages go (their texts stay, for `show --version`); a story they leave is assessed
    again, and one they leave empty is removed."""
    table = articles_table
    doc_key = sa.select(table.c.doc_key).where(table.c.id == article.id).scalar_subquery()
    older = sa.select(table.c.id).where(table.c.doc_key == doc_key, table.c.id != article.id)
    if conn.execute(older.limit(1)).first() is None:
        return  # the first version of its document, as most are: nothing to retire
    left = [
        row.story_id
        for row in conn.execute(
            sa.select(story_articles_table.c.story_id).where(story_articles_table.c.article_id.in_(older)).distinct()
        )
    ]
    conn.execute(sa.delete(story_articles_table).where(story_articles_table.c.article_id.in_(older)))
    conn.execute(sa.delete(copies_table).where(copies_table.c.a_id.in_(older) | copies_table.c.b_id.in_(older)))
    conn.execute(sa.delete(linked_table).where(linked_table.c.article_id.in_(older)))
    if left:
        conn.execute(sa.update(stories_table).where(stories_table.c.id.in_(left)).values(updated=now))
        members = sa.select(story_articles_table.c.story_id)
        conn.execute(sa.delete(stories_table).where(stories_table.c.id.in_(left), stories_table.c.id.not_in(members)))


def _story_members(story: int) -> sa.Select:
    """The article row ids of one story, as a subquery."""
    return sa.select(story_articles_table.c.article_id).where(story_articles_table.c.story_id == story)
