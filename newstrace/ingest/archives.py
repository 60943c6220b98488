"""Web archives and feeds: WARC response records (warcio) and RSS/Atom entries (feedparser)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any, BinaryIO

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import BadInput, human_bytes

# Content types of WARC payloads we treat as pages.
HTML_TYPES = ("text/html", "application/xhtml+xml")


def warc_pages(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[str, dict[str, Any] | BadInput]]:
    """``(location, page or error)`` for each HTML response or resource record.

    A page is ``{"html", "url", "crawled", "record_id"}``. Non-HTML records,
    requests and metadata are passed over; an oversize payload is an error for
    that record only; a corrupt or truncated archive ends the stream with an error.
    """
    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if record.rec_type not in ("response", "resource"):
                continue
            if record.rec_type == "response":
                headers = record.http_headers
                if headers is None or not headers.get_statuscode().startswith("2"):
                    continue
                content_type = headers.get_header("Content-Type") or ""
            else:
                content_type = record.rec_headers.get_header("Content-Type") or ""
            if not content_type.lower().startswith(HTML_TYPES):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"record {number} ({url})" if url else f"record {number}"
            payload = record.content_stream().read(max_bytes + 1)
            if len(payload) > max_bytes:
                yield (
                    where,
                    BadInput(f"payload over the {human_bytes(max_bytes)} cap (--max-bytes)"),
                )
                continue
            yield (
                where,
                {
                    "html": payload,
                    "url": url,
                    "crawled": record.rec_headers.get_header("WARC-Date"),
                    "record_id": record.rec_headers.get_header("WARC-Record-ID"),
                },
            )
    except ArchiveLoadFailed as exc:
        raise BadInput(f"not a readable WARC file after record {number} ({exc.msg})") from exc
    except (EOFError, OSError, ValueError) as exc:
        raise BadInput(f"WARC file truncated or corrupt after record {number} ({exc})") from exc


def feed_entries(raw: bytes) -> tuple[str | None, list[dict[str, Any]]]:
    """``(feed title, entries)`` of an RSS or Atom document, entries as plain dicts.

    Each entry is ``{"id", "url", "title", "published", "authors", "html"}``.
    """
    parsed = feedparser.parse(raw, resolve_relative_uris=False, sanitize_html=False)
    if not parsed.entries:
        why = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "no entries")()
        raise BadInput(f"not an RSS or Atom feed with entries ({why})")
    entries = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        html = content[0].get("value") if content else entry.get("summary")
        moment = entry.get("published_parsed") or entry.get("updated_parsed")
        entries.append(
            {
                "id": entry.get("id") or entry.get("link"),
                "url": entry.get("link"),
                "title": entry.get("title"),
                "published": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", moment) if moment else None,
                "authors": [a.get("name") for a in entry.get("authors", []) if a.get("name")],
                "html": html or "",
            }
        )
    return parsed.feed.get("title"), entries
