"""What the last fetch of each URL was told (the ``fetches`` table), for conditional requests across runs."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from ..ingest.urls import Fetched, Validators
from .schema import fetches_table

# URLs looked up in one query: twice this many parameters stays under SQLite's oldest limit (999).
URLS_PER_QUERY = 400


class FetchLog:
    """Reads and writes the ``fetches`` table on one connection: give it the article writer's
    (``ArticleWriter.conn``), so a URL's validators are committed with its article, never before it."""

    def __init__(self, conn: sa.Connection):
        self.conn = conn

    def validators(self, url: str) -> Validators | None:
        """What the last fetch of ``url`` was told, or None when it was never fetched into this database or was
        told nothing to compare with."""
        row = self.conn.execute(
            sa.select(fetches_table.c.etag, fetches_table.c.last_modified).where(fetches_table.c.url == url)
        ).first()
        if row is None or not (row.etag or row.last_modified):
            return None
        return Validators(row.etag, row.last_modified)

    def fetched_before(self, urls: Iterable[str]) -> set[str]:
        """Those of ``urls`` fetched into this database before, as asked for or as a redirect led to."""
        urls, found = list(dict.fromkeys(urls)), set()
        table = fetches_table
        for start in range(0, len(urls), URLS_PER_QUERY):
            chunk = urls[start : start + URLS_PER_QUERY]
            either = sa.or_(table.c.url.in_(chunk), table.c.final_url.in_(chunk))
            rows = self.conn.execute(sa.select(table.c.url, table.c.final_url).where(either))
            found.update(url for row in rows for url in row)
        return found.intersection(urls)

    def remember(self, fetched: Fetched) -> None:
        """Keep what fetching ``fetched.url`` was told (replacing what an earlier fetch was)."""
        self.conn.execute(sa.delete(fetches_table).where(fetches_table.c.url == fetched.url))
        self.conn.execute(
            sa.insert(fetches_table).values(
                url=fetched.url,
                final_url=fetched.final_url,
                status=fetched.status,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
                fetched=fetched.fetched,
            )
        )
