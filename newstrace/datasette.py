"""Datasette metadata for a newstrace database: table and column labels, full-text search, canned queries.

``newstrace datasette-metadata > metadata.json`` then ``datasette newstrace.db --metadata metadata.json``
(https://docs.datasette.io/en/0.65.x/metadata.html). Pure data: nothing here imports Datasette.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Datasette names a database after its file, without the extension: metadata is keyed by that name.
DEFAULT_DATABASE = "newstrace"
# Datasette does not find the FTS5 index of `articles` itself: it is external-content (content='articles', in
# newstrace.store.schema), which Datasette's detection, looking for content="articles", misses.
ARTICLES_FTS = {"fts_table": "articles_fts", "fts_pk": "id"}
# Tables for the pipeline's own use: hidden from the database page (still reachable by URL and SQL).
HIDDEN = ("newstrace_meta", "linked", "sentence_vectors", "analyses", "fetches")

# Each table a user reads: its title, what a row is, and its columns worth explaining.
TABLES: dict[str, dict[str, Any]] = {
    "articles": {
        "title": "Articles",
        "description": "One row per version of each ingested article. Search searches titles and texts.",
        "label_column": "title",
        "sort_desc": "published_utc",
        "facets": ["outlet", "language"],
        "columns": {
            "external_id": "The article's id: from its record, its URL, or the file it came from.",
            "version": "1 for the first text seen at this document, then 2, 3... for changed texts.",
            "is_latest": "1 for the latest version of the document.",
            "url": "Canonical http(s) URL, if any.",
            "outlet": "The outlet's name, else the URL's domain.",
            "published": "Publication time as the source gave it (ISO 8601).",
            "published_utc": "Publication time in UTC, for sorting.",
            "authors": "Author names (JSON list).",
            "text": "The text every character offset in other tables points into.",
            "word_count": "Words in the text.",
            "source_path": "The file the article came from.",
            "skipped_reason": "Why the input holds no usable article.",
            "problem": "Why a stage could not do its work on the article.",
        },
    },
    "stories": {
        "title": "Stories",
        "description": "Articles about one event, grouped by link.",
        "label_column": "title",
        "columns": {
            "title": "The story's title, from its articles.",
            "first_published": "Earliest publication among its articles.",
            "last_published": "Latest publication among its articles.",
        },
    },
    "story_articles": {"title": "Story members", "description": "Which article belongs to which story."},
    "claims": {
        "title": "Claims",
        "description": "Check-worthy statements of each story, with the independent origins on each side.",
        "label_column": "text",
        "facets": ["status"],
        "columns": {
            "story_id": "The story it belongs to.",
            "rank": "Its place in the story, 1 most check-worthy.",
            "text": "The claim, as its most central statement words it.",
            "status": "corroborated, single_source, disputed, denied or unverified.",
            "supporting": "Independent origins supporting it.",
            "disputing": "Independent origins disputing it.",
            "unconfirmed": "Independent origins that cannot confirm it.",
            "relays": "Mentions that add no origin of their own (copies, relays, repeats).",
            "first_seen": "Earliest publication among its mentions.",
            "claimed_by": "Who it rests on, in a line.",
            "origins": "Per side, the independent origins standing on it (JSON).",
            "evidence": "The evidence trail, line by line (JSON).",
        },
    },
    "claim_mentions": {
        "title": "Claim mentions",
        "description": "Each statement bearing on a claim: where it is, its stance and its chain of sources.",
        "columns": {
            "start": "Character offset of the statement in the article's text.",
            "end": "End offset of the statement.",
            "stance": "supports, denies, unconfirmed or mentions.",
            "chain": "Sources, outermost first (JSON).",
            "origin": "Key of the independent origin it counts for.",
            "collapsed": "Why it adds no origin (copy, relay, headline), if so.",
        },
    },
    "claim_stances": {
        "title": "Article stances",
        "description": "Each article of a story judged on a top claim as a whole.",
        "columns": {"stance": "supports, denies, unconfirmed, mentions or unrelated."},
    },
    "copies": {
        "title": "Copied passages",
        "description": "Passages one article shares with another: a -> b when b copied a, else direction unknown.",
        "facets": ["direction", "kind"],
        "columns": {
            "a_id": "The earlier (copied) article when the direction is known.",
            "b_id": "The other article.",
            "similarity": "How alike the two passages are, 0 to 1.",
            "a_share": "Share of article a the passage covers.",
            "b_share": "Share of article b the passage covers.",
            "direction": "a->b (b copied a) or unknown.",
            "reason": "Why that direction.",
            "kind": "copy, or shared_quote (a quotation both carry).",
        },
    },
    "story_entities": {
        "title": "Sources",
        "description": "Each real source a story's articles name, once per story, however they name it.",
        "label_column": "name",
        "facets": ["type"],
        "columns": {
            "key": "The entity's key in the story.",
            "principal": "Key of the independent origin it counts for.",
            "principal_name": "That origin as a reader names it.",
            "aliases": "The names the articles give it (JSON).",
        },
    },
    "attributions": {
        "title": "Attributions",
        "description": "Who (source) says (cue) what (content), found by analyze.",
        "facets": ["cue_class", "kind"],
    },
    "quantities": {"title": "Quantities", "description": "Numbers with what they count."},
    "date_mentions": {"title": "Dates", "description": "Dates mentioned in the texts."},
    "places": {"title": "Places", "description": "Places mentioned in the texts, resolved on a gazetteer."},
    "boilerplate": {"title": "Boilerplate", "description": "Page furniture, credits and bylines found in texts."},
    "sentences": {"title": "Sentences", "description": "Sentences of the texts with their voice."},
    "entities": {"title": "Named entities", "description": "Names found by spaCy."},
}

# The origins of one side of a claim (origins is a JSON object of lists), as one line of names.
_ORIGIN_NAMES = "(select group_concat(json_extract(o.value, '$.name'), '; ') from json_each(c.origins, '$.{side}') o)"
# Canned queries: what a fact-checker asks first.
QUERIES = {
    "disputed_claims": {
        "title": "Disputed claims with their origins",
        "description": "Claims independent origins both support and dispute, with who stands on each side.",
        "sql": f"""select c.id, c.story_id, s.title as story, c.rank, c.text,
  c.supporting, {_ORIGIN_NAMES.format(side="supporting")} as supporting_origins,
  c.disputing, {_ORIGIN_NAMES.format(side="disputing")} as disputing_origins,
  c.unconfirmed, c.first_seen
from claims c join stories s on s.id = c.story_id
where c.status = 'disputed'
order by c.story_id, c.rank""",
    },
    "copies_per_outlet_pair": {
        "title": "Copies per outlet pair",
        "description": "Who copied whom: one row per pair of outlets (or untitled articles) and direction.",
        "sql": """select coalesce(a.outlet, a.title, a.external_id) as outlet_a,
  coalesce(b.outlet, b.title, b.external_id) as outlet_b,
  case when c.direction = 'a->b' then 'b copied a' else 'direction unknown' end as relation,
  count(distinct c.a_id || '-' || c.b_id) as article_pairs, count(*) as passages,
  round(max(c.similarity), 2) as max_similarity
from copies c join articles a on a.id = c.a_id join articles b on b.id = c.b_id
where c.kind = 'copy'
group by outlet_a, outlet_b, relation
order by passages desc, outlet_a, outlet_b""",
    },
}


def database_name(db: str) -> str:
    """The name Datasette gives the database file ``db``: its file name without the extension."""
    return Path(db).stem or DEFAULT_DATABASE


def datasette_metadata(database: str = DEFAULT_DATABASE) -> dict[str, Any]:
    """Datasette's metadata for the newstrace database Datasette names ``database``."""
    tables = {name: dict(table) for name, table in TABLES.items()}
    tables["articles"].update(ARTICLES_FTS)
    tables.update({name: {"hidden": True} for name in HIDDEN})
    return {
        "title": "newstrace",
        "description": "News articles, their claims, the independent origins behind them, and who copied whom.",
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }
