"""Assess's tables: claims, their mentions, every article's stance on them, a story's source entities, and the
cache of sentence vectors. A mixin of :class:`newstrace.store.Store`, which gives it ``engine`` and ``db``."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from ..errors import NotFound
from ..models import Claim, SourceEntity
from .rows import (
    claim_from_row,
    claim_values,
    entity_from_row,
    mention_from_row,
    row_from_entity,
    row_from_mention,
    row_from_stance,
    row_id,
    stance_from_row,
)
from .schema import (
    articles_table,
    claim_mentions_table,
    claim_stances_table,
    claims_table,
    sentence_vectors_table,
    stories_table,
    story_entities_table,
)

# IN lists are bounded: a story of thousands of articles is read in pieces.
IN_LIST = 500
# Claims in story order: best-ranked first; claims assessed before ranks existed by their support.
CLAIM_ORDER = (
    claims_table.c.rank.is_(None),
    claims_table.c.rank,
    (claims_table.c.supporting + claims_table.c.disputing).desc(),
    claims_table.c.id,
)


class ClaimStore:
    """Reads and writes of what assess finds (see the module docstring)."""

    engine: sa.Engine
    db: str

    def sentence_vectors(self, model: str, keys: list[str]) -> dict[str, bytes]:
        """Stored sentence vectors of ``model`` for these text hashes (those known)."""
        table, found = sentence_vectors_table, {}
        with self.engine.connect() as conn:
            for start in range(0, len(keys), IN_LIST):
                query = sa.select(table.c.text_sha256, table.c.vector).where(
                    table.c.model == model, table.c.text_sha256.in_(keys[start : start + IN_LIST])
                )
                found.update((key, vector) for key, vector in conn.execute(query))
        return found

    def save_sentence_vectors(self, model: str, vectors: dict[str, bytes]) -> None:
        """Store sentence vectors of ``model`` by text hash (known ones are left as they are)."""
        if not vectors:
            return
        known = self.sentence_vectors(model, list(vectors))
        rows = [{"model": model, "text_sha256": k, "vector": v} for k, v in vectors.items() if k not in known]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(sentence_vectors_table), rows)

    def save_claims(self, story_id: int, claims: list[Claim], entities: list[SourceEntity] = ()) -> list[Claim]:
        """Replace a story's claims (with their mentions and article stances) and source entities; returns the
        claims with their stored ids (conflicts renumbered)."""
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        with self.engine.begin() as conn:
            conn.execute(sa.delete(claims_table).where(claims_table.c.story_id == story_id))
            conn.execute(sa.delete(story_entities_table).where(story_entities_table.c.story_id == story_id))
            named = {m.article for claim in claims for m in claim.mentions} | {
                s.article for claim in claims for s in claim.stances
            }
            ids = self._latest_ids(conn, named)
            inserted = sa.insert(claims_table).returning(claims_table.c.id, sort_by_parameter_order=True)
            rows = [claim_values(story_id, claim) for claim in claims]
            stored = [row.id for row in conn.execute(inserted, rows)] if rows else []  # one statement, in order
            new_ids = {claim.id: stored_id for claim, stored_id in zip(claims, stored, strict=True)}
            mentions = [row_from_mention(new_ids[c.id], ids[m.article], m) for c in claims for m in c.mentions]
            stances = [
                row_from_stance(new_ids[c.id], ids[s.article], s) for c in claims for s in c.stances if s.article in ids
            ]
            for table, found in ((claim_mentions_table, mentions), (claim_stances_table, stances)):
                if found:
                    conn.execute(sa.insert(table), found)
            if entities:
                conn.execute(sa.insert(story_entities_table), [row_from_entity(story_id, e) for e in entities])
            for claim in claims:
                claim.story = story_id
                claim.conflicts = [new_ids[other] for other in claim.conflicts if other in new_ids]
                claim.id = new_ids[claim.id]
            conflicting = [{"row": c.id, "conflicts": c.conflicts} for c in claims if c.conflicts]
            if conflicting:  # stored empty with each claim; filled once every claim of the story has its id
                update = sa.update(claims_table).where(claims_table.c.id == sa.bindparam("row"))
                conn.execute(update.values(conflicts=sa.bindparam("conflicts")), conflicting)
            conn.execute(sa.update(stories_table).where(stories_table.c.id == story_id).values(assessed=now))
        return claims

    def claims(self, story: int | None = None) -> list[Claim]:
        """Claims of one story, or of all, with their mentions and article stances; story by story, by rank."""
        query = sa.select(claims_table).order_by(claims_table.c.story_id, *CLAIM_ORDER)
        if story is not None:
            query = query.where(claims_table.c.story_id == int(story))
        return self._claims(query)

    def claim_texts(self, *, per_story: int) -> list[tuple[int, str]]:
        """(story id, claim text) of each story's best-ranked ``per_story`` claims, story by story."""
        position = sa.func.row_number().over(partition_by=claims_table.c.story_id, order_by=CLAIM_ORDER)
        ranked = sa.select(claims_table.c.story_id, claims_table.c.text, position.label("position")).subquery()
        query = sa.select(ranked.c.story_id, ranked.c.text).where(ranked.c.position <= per_story)
        with self.engine.connect() as conn:
            return [(row.story_id, row.text) for row in conn.execute(query.order_by(ranked.c.story_id))]

    def claim(self, ident: int) -> Claim:
        """One claim by id; :class:`NotFound` if absent."""
        found = self._claims(sa.select(claims_table).where(claims_table.c.id == row_id(ident)))
        if not found:
            raise NotFound(f"no claim with id {ident!r} in {self.shown}")
        return found[0]

    def story_entities(self, story: int) -> list[SourceEntity]:
        """The source entities of one story, by principal then name."""
        table = story_entities_table
        query = sa.select(table).where(table.c.story_id == int(story)).order_by(table.c.principal, table.c.name)
        with self.engine.connect() as conn:
            return [entity_from_row(row) for row in conn.execute(query)]

    def _claims(self, query: sa.Select) -> list[Claim]:
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            mentions = children(conn, rows, _per_claim(claim_mentions_table), mention_from_row)
            stances = children(conn, rows, _per_claim(claim_stances_table), stance_from_row)
        return [claim_from_row(row, mentions[row.id], stances[row.id]) for row in rows]

    def story_claims(self, story: int, *, limit: int, offset: int = 0) -> list[tuple[Claim, int]]:
        """One page of a story's claims in :meth:`claims` order, each with its number of mentions; the
        mentions, stances and the evidence trail (tens of KB per claim in a large story) are not read, so
        ``Claim.mentions``, ``Claim.stances`` and ``Claim.evidence`` are left empty."""
        mentions = claim_mentions_table
        listed = [column for column in claims_table.c if column.name != "evidence"]
        no_evidence = sa.type_coerce(sa.literal_column("'[]'"), sa.JSON).label("evidence")
        counts = (
            sa.select(sa.func.count())
            .where(mentions.c.claim_id == claims_table.c.id)
            .scalar_subquery()
            .label("mention_count")
        )
        query = (
            sa.select(*listed, no_evidence, counts)
            .where(claims_table.c.story_id == story)
            .order_by(*CLAIM_ORDER)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            return [(claim_from_row(row, []), row.mention_count) for row in conn.execute(query)]


def _per_claim(table: sa.Table):
    """The query for the rows of ``table`` (mentions, stances) of some claims, with their article's external id,
    outlet, publication time and title, in publication order."""
    articles = articles_table

    def query(ids: list[int]) -> sa.Select:
        return (
            sa.select(
                table,
                table.c.claim_id.label("parent"),
                articles.c.external_id,
                articles.c.outlet,
                articles.c.published,
                articles.c.title,
            )
            .join(articles, articles.c.id == table.c.article_id)
            .where(table.c.claim_id.in_(ids))
            # Undated articles first, said outright: PostgreSQL sorts NULL last, where SQLite sorts it first.
            .order_by(table.c.claim_id, articles.c.published_utc.is_not(None), articles.c.published_utc, table.c.id)
        )

    return query


def children(conn: sa.Connection, rows: list[sa.Row], query_for, convert) -> dict[int, list]:
    """Parent row id -> its child records, read in one query (``query_for(ids)`` labels the parent id ``parent``)."""
    found: dict[int, list] = {row.id: [] for row in rows}
    if found:
        for child in conn.execute(query_for(list(found))):
            found[child.parent].append(convert(child))
    return found
