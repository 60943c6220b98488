"""Structured exports to articles: JSONL, JSON lists and CSV, one article per record.

A record's fields are found by name: the canonical ``id, url, outlet, title,
published, authors, text, html, language``, the names other tools give them
(trafilatura's JSON, news-please's and Media Cloud's exports: see FIELD_ALIASES),
or the columns the user maps with ``--map FIELD=COLUMN``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import BadInput, human_bytes
from ..settings import Settings
from .meta import is_web_url
from .text import decode, utf16_without_bom

# Names other tools give our fields, tried in order when the canonical name is absent. Among them:
# trafilatura's JSON (source: the URL, source-hostname: the site's name, date, author, raw_text), news-please
# (source_domain, maintext, date_publish) and Media Cloud (stories_id, media_name, publish_date, story_text).
FIELD_ALIASES = {
    "id": ("id", "_id", "guid", "uuid", "article_id", "doc_id", "stories_id"),
    "url": ("url", "link", "canonical_url", "source_url", "source"),
    "outlet": (
        "outlet",
        "sitename",
        "site_name",
        "source-hostname",
        "media_name",
        "source_domain",
        "publisher",
        "source",
        "media",
    ),
    "title": ("title", "headline", "Headline"),
    "published": ("published", "date_publish", "publish_date", "published_at", "datePublished", "date", "pubdate"),
    "authors": ("authors", "author", "byline", "creator"),
    "text": ("text", "maintext", "body", "content", "articleBody", "story_text", "raw_text"),
    "html": ("html", "raw_html", "page_html"),
    "language": ("language", "lang"),
}
# A name two fields share ("source": a URL in trafilatura's JSON, an outlet's name elsewhere) counts for a field
# only with a value of that field's kind: a web address for url, anything else for outlet.
ALIAS_FITS = {("url", "source"): is_web_url, ("outlet", "source"): lambda value: not is_web_url(value)}


class RecordFields:
    """Finds each article field in a record, honouring the user's ``--map``."""

    def __init__(self, field_map: dict[str, str]):
        self.field_map = field_map

    def get(self, record: dict[str, Any], name: str) -> Any:
        if name in self.field_map:
            return record.get(self.field_map[name])
        for alias in FIELD_ALIASES[name]:
            value = record.get(alias)
            if value not in (None, "") and ALIAS_FITS.get((name, alias), bool)(str(value)):
                return value
        return None

    def check_columns(self, columns: list[str]) -> None:
        """Raise :class:`BadInput` when a table can hold no article text at all."""
        missing = [column for column in self.field_map.values() if column not in columns]
        if missing:
            raise BadInput(f"mapped column(s) not found: {', '.join(missing)} (columns: {', '.join(columns)})")
        has_body = any(self.field_map.get(n) or any(a in columns for a in FIELD_ALIASES[n]) for n in ("text", "html"))
        if not has_body:
            raise BadInput(f"no text or html column (columns: {', '.join(columns)}); map one with --map text=COLUMN")


def jsonl_records(stream: BinaryIO, settings: Settings) -> Iterator[tuple[str, dict | BadInput, bytes]]:
    """``(location, record or error, raw bytes)`` for each line of a JSONL stream."""
    for number, line in enumerate(_bounded(stream.readline, settings.max_bytes), start=1):
        where = f"line {number}"
        if line is None:
            yield where, BadInput(f"record over the {human_bytes(settings.max_bytes)} cap (--max-bytes)"), b""
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, BadInput(f"invalid JSON: {exc.msg} (column {exc.colno})"), line
            continue
        except UnicodeDecodeError:
            yield where, BadInput("not UTF-8"), line
            continue
        if not isinstance(record, dict):
            yield where, BadInput(f"expected a JSON object, found {type(record).__name__}"), line
            continue
        yield where, record, line


# Bytes read at a time when a JSON list is split into its items.
JSON_CHUNK = 1 << 16
# The bytes that can start, end or escape something in JSON text.
JSON_SIGNIFICANT = re.compile(rb'["\\\[\]{},]')


def _capped_items(stream: BinaryIO, max_bytes: int) -> Iterator[Any]:
    """The items of a JSON list, each parsed only when its text is at most ``max_bytes``: a longer one is read
    past (never held, whatever it holds: a 200 MB string is skipped as fast as it is read) and given as a
    BadInput. The list is split by a scan of its strings, brackets and commas; each item is parsed alone."""
    item, size = bytearray(), 0
    depth, in_string, started, escaped_at, base = 0, False, False, -1, 0
    while chunk := stream.read(JSON_CHUNK):
        at = 0  # where the current item's bytes in this chunk begin
        for match in JSON_SIGNIFICANT.finditer(chunk):
            char, end, position = match.group(), match.end(), base + match.start()
            if in_string:
                if position == escaped_at:
                    continue
                if char == b"\\":
                    escaped_at = position + 1
                elif char == b'"':
                    in_string = False
                continue
            if char == b'"':
                in_string = True
            elif char in b"[{":
                depth += 1
                if depth == 1:
                    started, at = True, end
                    continue
            elif char in b"]}":
                depth -= 1
            if (depth == 0 and char == b"]") or (depth == 1 and char == b","):
                piece = chunk[at : match.start()]
                size += len(piece)
                if size <= max_bytes:
                    item += piece
                text = bytes(item).strip()
                if text or size > max_bytes:
                    yield _parsed_item(text, size > max_bytes, max_bytes)
                item, size, at = bytearray(), 0, end
                if depth == 0:
                    return
        if started:
            piece = chunk[at:]
            size += len(piece)
            if size <= max_bytes:
                item += piece
            else:
                item.clear()
        base += len(chunk)
    raise BadInput("invalid JSON: the list is not closed")


def _parsed_item(text: bytes, oversize: bool, max_bytes: int) -> Any:
    if oversize:
        return BadInput(f"record over the {human_bytes(max_bytes)} cap (--max-bytes)")
    try:
        return json.loads(decode(text))
    except json.JSONDecodeError as exc:
        return BadInput(f"invalid JSON: {exc.msg}")


def json_records(stream: BinaryIO, settings: Settings) -> Iterator[tuple[str, dict | BadInput, bytes]]:
    """Records of a JSON file holding a list of objects (streamed) or one object."""
    buffered = io.BufferedReader(stream) if not hasattr(stream, "peek") else stream
    head = buffered.peek(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        data = buffered.read(settings.max_bytes + 1)
        if len(data) > settings.max_bytes:
            raise BadInput(f"over the {human_bytes(settings.max_bytes)} cap (--max-bytes)")
        try:
            record = json.loads(decode(data))
        except json.JSONDecodeError as exc:
            raise BadInput(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
        yield "record 1", record, data
        return
    if not head.startswith(b"["):
        raise BadInput("invalid JSON: expected a list of article objects")
    index = 0
    try:
        for index, record in enumerate(_capped_items(buffered, settings.max_bytes), start=1):
            where = f"record {index}"
            if isinstance(record, BadInput):
                yield where, record, b""
                continue
            if not isinstance(record, dict):
                yield where, BadInput(f"expected a JSON object, found {type(record).__name__}"), b""
                continue
            yield _serialised(where, record, settings.max_bytes)
    except BadInput as exc:  # the list itself is broken: what came before it is kept
        raise BadInput(f"invalid JSON after record {index}: {exc.reason.removeprefix('invalid JSON: ')}") from exc


def csv_records(stream: BinaryIO, settings: Settings) -> Iterator[tuple[str, dict | BadInput, bytes]]:
    """Rows of a CSV file with a header line, streamed."""
    # The limit is process-wide: only ever raise it. The per-record cap is checked below.
    csv.field_size_limit(max(csv.field_size_limit(), settings.max_bytes))
    stream = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    head = stream.peek(LEGACY_SAMPLE)[:LEGACY_SAMPLE]
    wide = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else utf16_without_bom(head)
    if wide:  # two bytes a character: decoded as a whole
        text = io.TextIOWrapper(stream, encoding=wide, newline="", errors="replace")
        lines = (
            OVERSIZE_LINE + "\r\n" if line is None else line for line in _bounded(text.readline, settings.max_bytes)
        )
    else:
        lines = _decoded_lines(stream, settings.max_bytes)
    reader = csv.DictReader(lines, restkey="\0extra", strict=True)
    try:
        columns = reader.fieldnames
        if not columns:
            raise BadInput("empty CSV: no header line")
        if OVERSIZE_LINE in columns:
            raise BadInput(f"header line over the {human_bytes(settings.max_bytes)} cap (--max-bytes): not a CSV file")
        RecordFields(settings.field_map).check_columns(list(columns))
        while (row := _next_row(reader)) is not None:
            where = f"row {reader.line_num}"
            if isinstance(row, csv.Error):  # the row that failed begins after the last line read
                yield f"row {reader.line_num + 1}", BadInput(f"malformed CSV: {row}"), b""
                continue
            if OVERSIZE_LINE in row.values():
                yield where, BadInput(f"line over the {human_bytes(settings.max_bytes)} cap (--max-bytes)"), b""
                continue
            if "\0extra" in row:
                found = len(columns) + len(row["\0extra"])
                yield where, BadInput(f"{found} fields where the header has {len(columns)}"), b""
                continue
            if None in row.values():
                found = sum(v is not None for v in row.values())
                yield where, BadInput(f"{found} fields where the header has {len(columns)}"), b""
                continue
            yield _serialised(where, row, settings.max_bytes)
    except csv.Error as exc:
        raise BadInput(f"malformed CSV after line {reader.line_num}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise BadInput(f"malformed CSV after line {reader.line_num}: not valid text ({exc.reason})") from exc


# What a line over the byte cap reads as, so that it is one failure and the rows after it are read.
OVERSIZE_LINE = "\0oversize line"


def _bounded(readline, limit: int) -> Iterator:
    """The lines ``readline`` gives (bytes or text), none held longer than ``limit``: a longer one is read past
    in pieces and given as None."""
    while line := readline(limit + 1):
        if len(line) > limit and line[-1:] not in ("\n", b"\n"):
            while line and line[-1:] not in ("\n", b"\n"):
                line = readline(limit + 1)
            yield None
            continue
        yield line


def _decoded_lines(stream: BinaryIO, limit: int) -> Iterator[str]:
    """The lines of ``stream`` as text, none held longer than ``limit`` bytes (a longer one is given as
    OVERSIZE_LINE). Each line is decoded on its own: UTF-8 where it is, else the file's legacy encoding, so a
    file mixing UTF-8 and Latin-1 rows reads right row by row."""
    legacy = _legacy_encoding(stream.peek(LEGACY_SAMPLE)[:LEGACY_SAMPLE])
    for number, line in enumerate(_bounded(stream.readline, limit)):
        if line is None:
            yield OVERSIZE_LINE + "\r\n"
            continue
        try:
            yield line.decode("utf-8-sig" if number == 0 else "utf-8")
        except UnicodeDecodeError:
            yield line.decode(legacy, errors="replace")


def _next_row(reader: csv.DictReader) -> dict | csv.Error | None:
    """The next row, the error of a malformed one (the reader goes on after it), or None at the end."""
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error as error:
        return error


def _serialised(where: str, record: dict, max_bytes: int) -> tuple[str, dict | BadInput, bytes]:
    """The record with its canonical JSON bytes (what its hash is taken of), or an oversize error."""
    raw = json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")
    if len(raw) > max_bytes:
        return where, BadInput(f"record over the {human_bytes(max_bytes)} cap (--max-bytes)"), b""
    return where, record, raw


# Bytes of a file sampled to name its legacy encoding, and the least of non-UTF-8 text charset detection is
# trusted on (below it, Windows-1252, the commonest legacy encoding of news text).
LEGACY_SAMPLE = 65536
LEGACY_MIN_DETECT = 1024


def _legacy_encoding(head: bytes) -> str:
    """The encoding of a file's lines that are not UTF-8, from those lines in its first bytes."""
    foreign = b"".join(line for line in head.splitlines(keepends=True)[:-1] if not _is_utf8(line))
    if len(foreign) < LEGACY_MIN_DETECT:
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(foreign).best()
    return best.encoding if best else "cp1252"


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
