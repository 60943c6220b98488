"""Tables and forward migrations of the newstrace database."""

from __future__ import annotations

import sqlalchemy as sa

from ..models import Boilerplate, DateMention, Entity, Place, Quantity, Sentence

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
    sa.Column("problem", sa.Text),  # why a stage failed on this article ("analyze failed: ..."), or null
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
sentences_table = _fact_table(
    "sentences",
    sa.Column("index", sa.Integer, nullable=False),
    sa.Column("voice", sa.String(12), nullable=False),
    sa.Column("assertive", sa.Boolean, nullable=False),
    sa.Column("hedges", sa.JSON, nullable=False),
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column("part", sa.String(8), nullable=False),
)
entities_table = _fact_table(
    "entities",
    sa.Column("label", sa.String(12), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
)

# Analysis field -> (table, record class): the findings stored one row per record.
FACT_TABLES = {
    "quantities": (quantities_table, Quantity),
    "dates": (dates_table, DateMention),
    "places": (places_table, Place),
    "boilerplate": (boilerplate_table, Boilerplate),
    "sentences": (sentences_table, Sentence),
    "entities": (entities_table, Entity),
}


def _article_fk(**kwargs) -> sa.ForeignKey:
    return sa.ForeignKey("articles.id", ondelete="CASCADE", **kwargs)


# --- link: copied passages and stories ---------------------------------------------

# Which articles `link` has processed, with their copy fingerprints (so the index is
# rebuilt from stored data, not by re-reading every text).
linked_table = sa.Table(
    "linked",
    metadata,
    sa.Column("article_id", sa.Integer, _article_fk(), primary_key=True),
    sa.Column("linked", sa.Text, nullable=False),
    sa.Column("fingerprints", sa.LargeBinary, nullable=False),
)
copies_table = sa.Table(
    "copies",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("a_id", sa.Integer, _article_fk(), nullable=False, index=True),
    sa.Column("b_id", sa.Integer, _article_fk(), nullable=False, index=True),
    sa.Column("a_start", sa.Integer, nullable=False),
    sa.Column("a_end", sa.Integer, nullable=False),
    sa.Column("a_text", sa.Text, nullable=False),
    sa.Column("b_start", sa.Integer, nullable=False),
    sa.Column("b_end", sa.Integer, nullable=False),
    sa.Column("b_text", sa.Text, nullable=False),
    sa.Column("similarity", sa.Float, nullable=False),
    sa.Column("a_share", sa.Float, nullable=False),
    sa.Column("b_share", sa.Float, nullable=False),
    sa.Column("direction", sa.String(8), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("cluster", sa.Integer),
    # One row per shared passage: a passage stored twice (two runs at once, before runs took a lock) cannot be.
    sa.Index("uq_copies_spans", "a_id", "b_id", "a_start", "a_end", "b_start", "b_end", unique=True),
)
stories_table = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("first_published", sa.Text),
    sa.Column("last_published", sa.Text),
    # When membership last changed, and when assess last ran on it: assess redoes stale stories only.
    sa.Column("updated", sa.Text, nullable=False),
    sa.Column("assessed", sa.Text),
)
story_articles_table = sa.Table(
    "story_articles",
    metadata,
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("article_id", sa.Integer, _article_fk(), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
)

# --- assess: claims and the mentions that bear on them ------------------------------

claims_table = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("supporting", sa.Integer, nullable=False),
    sa.Column("disputing", sa.Integer, nullable=False),
    sa.Column("relays", sa.Integer, nullable=False),
    sa.Column("first_seen", sa.Text),
    sa.Column("conflicts", sa.JSON, nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Column("disputed_by", sa.JSON),  # origin keys disputing it through conflicting claims (schema 6)
    # Schema 8: the claim's rank in its story (1 first), origins that cannot confirm it, who it rests on, and
    # each side's counts ({side: {origins, articles, outlets, relays}}) and origins ({side: [Origin]}).
    sa.Column("rank", sa.Integer),
    sa.Column("unconfirmed", sa.Integer),
    sa.Column("claimed_by", sa.Text),
    sa.Column("sides", sa.JSON),
    sa.Column("origins", sa.JSON),
)
claim_mentions_table = sa.Table(
    "claim_mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("article_id", sa.Integer, _article_fk(), nullable=False, index=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("sentence_start", sa.Integer, nullable=False),
    sa.Column("sentence_end", sa.Integer, nullable=False),
    sa.Column("sentence_text", sa.Text, nullable=False),
    sa.Column("stance", sa.String(12), nullable=False),
    sa.Column("chain", sa.JSON, nullable=False),  # list of {name, key, type, affiliation}, outermost first
    sa.Column("origin", sa.Text),
    sa.Column("collapsed", sa.Text),
    sa.Column("levels", sa.JSON),  # schema 8: each chain member's depth (one depth relays in parallel)
    sa.Column("entity", sa.Text),  # schema 8: the key of the innermost source's entity in story_entities
)
# Every article's stance on a claim, judged on the whole article (schema 8; the story's top claims).
claim_stances_table = sa.Table(
    "claim_stances",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("article_id", sa.Integer, _article_fk(), nullable=False, index=True),
    sa.Column("stance", sa.String(12), nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),  # list of {start, end, text}
    sa.Column("origin", sa.Text),
    sa.Column("collapsed", sa.Text),
)
# The real sources a story's articles name, each once, with the principal it speaks for (schema 8).
story_entities_table = sa.Table(
    "story_entities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("principal", sa.Text, nullable=False),
    sa.Column("principal_name", sa.Text, nullable=False),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.Column("affiliation", sa.Text),
    sa.Column("speaks_for", sa.Text),
)

# Sentence vectors of statements, by encoder and text: assess embeds a statement once, not on every run.
sentence_vectors_table = sa.Table(
    "sentence_vectors",
    metadata,
    sa.Column("model", sa.Text, primary_key=True),
    sa.Column("text_sha256", sa.String(64), primary_key=True),
    sa.Column("vector", sa.LargeBinary, nullable=False),  # float32, little-endian
)

# What the last fetch of each URL a user gave was told, so the next asks whether it changed (If-None-Match,
# If-Modified-Since) and an unchanged page costs one 304. Written with the article, in its transaction.
fetches_table = sa.Table(
    "fetches",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),  # as the user gave it
    sa.Column("final_url", sa.Text, nullable=False),  # where redirects led
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("fetched", sa.Text, nullable=False),  # ISO 8601, UTC
)

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
    for table in (quantities_table, dates_table, places_table, boilerplate_table):
        table.create(conn)


def _migration_4(conn: sa.Connection) -> None:
    """Sentences and entities; link (copies, stories) and assess (claims) tables."""
    for table in (sentences_table, entities_table, linked_table, copies_table, stories_table):
        table.create(conn)
    for table in (story_articles_table, claims_table, claim_mentions_table):
        table.create(conn)


def _migration_5(conn: sa.Connection) -> None:
    """A covering index for a story's copied passages: the web story page ranks every passage between its
    articles, and reads them from the index alone, without the rows' passage texts."""
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_copies_story_ranking ON copies (a_id, b_id, direction, b_share)"
    )


def _migration_6(conn: sa.Connection) -> None:
    """Claims record which origins dispute them through conflicting claims (null until assessed again)."""
    if "disputed_by" not in {c["name"] for c in sa.inspect(conn).get_columns("claims")}:  # new databases have it
        conn.exec_driver_sql("ALTER TABLE claims ADD COLUMN disputed_by JSON")


def _migration_7(conn: sa.Connection) -> None:
    """A cache of statements' sentence vectors (newstrace.meaning), so re-assessing a story embeds only new text."""
    sentence_vectors_table.create(conn, checkfirst=True)


def _migration_8(conn: sa.Connection) -> None:
    """Claims get a rank, counts by side, origins and every article's stance; stories their source entities.
    Claims assessed before read as unranked until assessed again (``newstrace assess --force``)."""
    for table, columns in (
        (claims_table, ("rank", "unconfirmed", "claimed_by", "sides", "origins")),
        (claim_mentions_table, ("levels", "entity")),
    ):
        have = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
        for name in columns:
            if name not in have:  # new databases have them (migration 4 creates the tables whole)
                column = table.c[name]
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {name} {column.type.compile(conn.dialect)}")
    claim_stances_table.create(conn, checkfirst=True)
    story_entities_table.create(conn, checkfirst=True)


def _migration_9(conn: sa.Connection) -> None:
    """Articles record why a stage failed on them (``problem``), so that one article never stops a stage."""
    if "problem" not in {c["name"] for c in sa.inspect(conn).get_columns("articles")}:  # new databases have it
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN problem TEXT")


def _migration_10(conn: sa.Connection) -> None:
    """Repairs what two runs at once left before runs took a lock: copied passages stored twice (the first row
    kept; a unique index keeps it so) and stories left without members."""
    conn.exec_driver_sql(
        "DELETE FROM copies WHERE id NOT IN (SELECT MIN(id) FROM copies "
        "GROUP BY a_id, b_id, a_start, a_end, b_start, b_end)"
    )
    conn.exec_driver_sql(
        "CREATE UNIQUE INDEX IF NOT EXISTS uq_copies_spans ON copies (a_id, b_id, a_start, a_end, b_start, b_end)"
    )
    conn.exec_driver_sql("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)")


def _migration_11(conn: sa.Connection) -> None:
    """What each fetched URL was last told (ETag, Last-Modified), for conditional requests across runs."""
    fetches_table.create(conn, checkfirst=True)


def _migration_12(conn: sa.Connection) -> None:
    """PostgreSQL's full-text search: the words of title and text as a tsvector column with a GIN index (SQLite
    has had its FTS5 index since migration 1)."""
    from .search import POSTGRES_FTS  # search builds on these tables: imported here, not in a cycle

    if conn.dialect.name == "postgresql":
        for statement in POSTGRES_FTS:
            conn.exec_driver_sql(statement)


# Forward migrations: MIGRATIONS[n] takes a database from schema version n to n + 1.
MIGRATIONS = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
    _migration_6,
    _migration_7,
    _migration_8,
    _migration_9,
    _migration_10,
    _migration_11,
    _migration_12,
]
SCHEMA_VERSION = len(MIGRATIONS)
