"""Web archives and feeds: WARC response records (warcio) and RSS/Atom entries (feedparser)."""

from __future__ import annotations

import gzip
import io
import re
import time
from collections.abc import Iterator
from typing import Any, BinaryIO

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import BadInput, human_bytes, one_line

# How a gzip stream and a WARC record begin.
GZIP_MAGIC, WARC_MAGIC = b"\x1f\x8b", b"WARC/"
# A document type declaration with an internal subset, where entities are declared ("billion laughs": 700
# bytes that expand to gigabytes; XXE: an entity read from a file). Feeds have no use for them.
DOCTYPE_WITH_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.DOTALL | re.IGNORECASE)
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
        stream = _warc_stream(stream)
        records = ArchiveIterator(stream)
        for record in records:
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
            if len(payload) <= max_bytes and getattr(record.raw_stream, "limit", 0) > 0:
                yield where, BadInput("record cut short: its payload ends before its Content-Length")
                continue
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
        if isinstance(getattr(stream, "raw", None), _EndsEarly) and stream.raw.truncated:
            raise BadInput(f"WARC file truncated after record {number}: its compressed data ends early")
        if (left := records.fh.tell() - records.offset) > 0:
            raise BadInput(f"WARC file truncated after record {number}: {left} bytes at its end are no whole record")
    except BadInput:
        raise
    except ArchiveLoadFailed as exc:
        raise BadInput(f"not a readable WARC file after record {number} ({clip_message(exc.msg)})") from exc
    except (EOFError, OSError, ValueError) as exc:
        raise BadInput(f"WARC file truncated or corrupt after record {number} ({clip_message(exc)})") from exc
    except Exception as exc:  # warcio's parser fails in its own ways on damaged records (None headers, huge lengths)
        raise BadInput(f"WARC file corrupt after record {number} ({clip_message(one_line(exc))})") from exc


# Characters of a parser's message quoted in an error line: enough to recognise it, never a whole record.
MESSAGE_CHARS = 120


def clip_message(message: object) -> str:
    """A parser's message quoted safely: one line, control characters escaped, at most MESSAGE_CHARS."""
    text = " ".join(str(message).split())
    text = text.encode("unicode_escape", "backslashreplace").decode("ascii")
    return text if len(text) <= MESSAGE_CHARS else text[:MESSAGE_CHARS] + "..."


class _EndsEarly(io.RawIOBase):
    """A decompressing stream that ends, instead of raising, where its compressed data is cut short, and says
    so in ``truncated``: the records before the cut are read, then the cut is reported."""

    def __init__(self, inner: gzip.GzipFile):
        self.inner, self.truncated = inner, False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self.inner.read1(len(buffer))
        except EOFError:
            self.truncated, data = True, b""
        buffer[: len(data)] = data
        return len(data)


def _warc_stream(stream: BinaryIO) -> BinaryIO:
    """The WARC's records as a plain stream: a gzipped file decompressed here (so that a truncated one says so),
    and refused at once unless it begins with a WARC record header (a file of zeros is not read to its end)."""
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        buffered = io.BufferedReader(_EndsEarly(gzip.GzipFile(fileobj=buffered)))
    if not buffered.peek(len(WARC_MAGIC))[: len(WARC_MAGIC)] == WARC_MAGIC:
        raise BadInput("not a WARC file: it does not begin with a WARC/1.x record header")
    return buffered


def feed_entries(raw: bytes) -> tuple[str | None, list[dict[str, Any]]]:
    """``(feed title, entries)`` of an RSS or Atom document, entries as plain dicts.

    Each entry is ``{"id", "url", "title", "published", "authors", "html"}``.
    """
    raw = DOCTYPE_WITH_SUBSET.sub(b"", raw, count=1)  # entities a feed declares are never expanded
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
