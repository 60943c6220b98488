"""Full-text search of articles: SQLite's FTS5 index, PostgreSQL's tsvector, the same articles found on both.

Both split an article's title and text into words (runs of letters and digits, case folded). A search finds the
articles holding every term typed, each term a phrase of its words ("ferry-boat" finds "ferry boat"). Nothing a
user types is search syntax: "%", "_", quotes and operators are separators, and a term without a letter or digit
is left out (a search of nothing but such terms finds nothing, as FTS5 does).

Known differences: SQLite folds accents ("cafe" finds "café") and PostgreSQL does not; PostgreSQL indexes the first
:data:`POSTGRES_SEARCH_CHARS` characters of an article.
"""

from __future__ import annotations

import string

import sqlalchemy as sa

from .schema import articles_table

# ASCII punctuation and control characters: separators between words for SQLite's tokenizer (unicode61), turned
# into spaces before PostgreSQL's parser sees them, which would otherwise keep "example.com", "3.5", "a_b" or an
# e-mail address as one word. (NUL is no character of a PostgreSQL text; a search drops it too.)
SEPARATORS = string.punctuation + "".join(map(chr, [*range(1, 32), 127]))
# Characters of an article PostgreSQL indexes: a tsvector holds at most 1 MB, a few times this many characters
# of the worst text (every word new); news articles are a small fraction of it.
POSTGRES_SEARCH_CHARS = 300_000
# The text search configuration: words as they are (no stemming, no stop words), as FTS5 keeps them.
POSTGRES_CONFIG = "'simple'"


def _sql_characters(characters: str) -> str:
    """A PostgreSQL string literal of ``characters``, each one escaped (no quote or "%" in the SQL)."""
    return "E'" + "".join(f"\\x{ord(c):02x}" for c in characters) + "'"


# The words PostgreSQL searches, as a generated column beside title and text, and its GIN index (migration 12).
POSTGRES_FTS = [
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search_words tsvector GENERATED ALWAYS AS (to_tsvector("
    f"{POSTGRES_CONFIG}, translate(left(coalesce(title, '') || ' ' || text, {POSTGRES_SEARCH_CHARS}), "
    f"{_sql_characters(SEPARATORS)}, {_sql_characters(' ' * len(SEPARATORS))}))) STORED",
    "CREATE INDEX IF NOT EXISTS ix_articles_search_words ON articles USING gin (search_words)",
]
_AS_SPACES = str.maketrans(SEPARATORS + "\x00", " " * (len(SEPARATORS) + 1))


def search_phrases(search: str) -> list[str]:
    """Each term of a search as the phrase of words an index holds: 'ferry-boat "100%"' -> ["ferry boat", "100"];
    terms without a letter or digit are left out."""
    phrases = [" ".join(term.translate(_AS_SPACES).split()) for term in search.split()]
    return [phrase for phrase in phrases if any(c.isalnum() for c in phrase)]


def search_clause(dialect: str, search: str) -> sa.ColumnElement[bool]:
    """Articles (rows of ``articles``) holding every term of ``search``, by the dialect's full-text index."""
    phrases = search_phrases(search)
    if not phrases:
        return sa.false()  # nothing searchable asked (only quotes or punctuation): nothing found
    if dialect == "sqlite":
        # Every phrase as a quoted FTS5 string, its quotes already spaces: user input never reaches FTS syntax.
        match = " ".join(f'"{phrase}"' for phrase in phrases)
        ids = sa.text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match").bindparams(match=match)
        return articles_table.c.id.in_(ids)
    if dialect == "postgresql":
        words = sa.literal_column("articles.search_words")
        config = sa.literal_column(POSTGRES_CONFIG)
        return sa.and_(*[words.bool_op("@@")(sa.func.phraseto_tsquery(config, phrase)) for phrase in phrases])
    return sa.and_(*[words_in_article(phrase) for phrase in phrases])


def words_in_article(term: str) -> sa.ColumnElement[bool]:
    """Title or text containing ``term`` as typed, case folded: "%" and "_" are characters, not wildcards (the
    search of databases with neither full-text index)."""
    table = articles_table
    return sa.or_(table.c.title.icontains(term, autoescape=True), table.c.text.icontains(term, autoescape=True))
