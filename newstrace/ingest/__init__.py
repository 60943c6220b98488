"""Ingest: any pile of news files -> :class:`~newstrace.models.Article` records.

:func:`read_inputs` walks the paths it is given (files, folders, globs, ``-``
for stdin), opens containers (.gz, .zip), picks a reader by format and yields
an Article for every document it finds, or an
:class:`~newstrace.models.IngestFailure` naming the file, the record and the
reason. It never stops at a bad input and never touches the database.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ..errors import BadInput
from ..models import GUESSED_DATE_METHOD, Article, IngestFailure, sha256_hex
from ..settings import Settings
from .archives import feed_entries, warc_pages
from .header import read_header
from .html import ExtractedPage, extract_page, fragment_text
from .meta import document_locale, is_web_url, iso_date, language_code, registered_domain, split_authors
from .mhtml import saved_page
from .records import RecordFields, csv_records, json_records, jsonl_records
from .sources import (
    MAX_ARCHIVE_DEPTH,
    STDIN_NAME,
    Entry,
    expand_paths,
    gzip_members,
    read_capped,
    sniff_format,
    zip_members,
)
from .text import decode, drop_leading_title, normalize_text, split_title

__all__ = ["extract_page", "read_inputs"]

Result = Article | IngestFailure

# Formats holding one article, the only ones the facts a user gives about an input (--outlet, --url, --published,
# --id) can describe; a compressed file holding one of them is checked when it is opened.
SINGLE_ARTICLE_FORMATS = ("html", "mhtml", "text", "gzip")
# Hex digits of the text's SHA-256 in the id of an input read from stdin: each paste is its own article.
STDIN_ID_DIGITS = 12


def read_inputs(paths: list[str], settings: Settings | None = None) -> Iterator[Result]:
    """Every article (or failure) found under ``paths``, streamed in input order."""
    settings = settings or Settings()
    for item in expand_paths(paths):
        if isinstance(item, IngestFailure):
            yield item
        else:
            yield from read_entry(item, settings)


def read_entry(entry: Entry, settings: Settings) -> Iterator[Result]:
    """The articles of one entry; any error becomes a failure naming the entry."""
    try:
        fmt = entry.format or _sniff(entry)
        if settings.given and fmt not in SINGLE_ARTICLE_FORMATS:
            raise BadInput(f"holds many articles ({fmt}): {one_article_only(settings.given)}")
        for result in READERS[fmt](entry, settings):
            yield with_given_facts(result, settings.given)
    except BadInput as exc:
        yield IngestFailure(entry.name, exc.reason, exc.record)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield IngestFailure(entry.name, f"truncated or corrupt compressed data ({exc})")
    except OSError as exc:
        yield IngestFailure(entry.name, f"cannot read ({exc.strerror or exc})")


def _sniff(entry: Entry) -> str:
    with entry.open() as stream:
        return sniff_format(stream.read(4096))


def _buffered(stream):
    import io

    return stream if hasattr(stream, "peek") else io.BufferedReader(stream)


# --- one reader per format --------------------------------------------------


def read_html(entry: Entry, settings: Settings) -> Iterator[Result]:
    raw = read_capped(entry, settings.max_bytes)
    page = extract_page(raw)
    yield _from_page(page, external_id=document_id(entry, raw), entry=entry, raw=raw)


def read_mhtml(entry: Entry, settings: Settings) -> Iterator[Result]:
    raw = read_capped(entry, settings.max_bytes)
    saved = saved_page(raw)
    page = extract_page(saved.html, url=saved.url if is_web_url(saved.url) else None)
    page.method = "mhtml+" + page.method
    yield _from_page(page, external_id=document_id(entry, raw), entry=entry, raw=raw)


def read_text(entry: Entry, settings: Settings) -> Iterator[Result]:
    raw = read_capped(entry, settings.max_bytes)
    top = read_header(normalize_text(decode(raw)))  # a byline or dateline above the title
    title, body = split_title(top.text)
    below = read_header(body)  # or below it
    yield _article(
        external_id=document_id(entry, raw),
        entry=entry,
        raw=raw,
        method="text",
        title=title,
        text=below.text,
        authors=top.authors + [name for name in below.authors if name not in top.authors],
        published=top.published or below.published,
        skipped_reason=None if below.text.strip() else "no text after the title line",
    )


def read_records(entry: Entry, settings: Settings) -> Iterator[Result]:
    parse = {"jsonl": jsonl_records, "json": json_records, "csv": csv_records}[entry.format or "jsonl"]
    fields = RecordFields(settings.field_map)
    with entry.open() as stream:
        for where, record, raw in parse(_buffered(stream), settings):
            if isinstance(record, BadInput):
                yield IngestFailure(entry.name, record.reason, where)
                continue
            try:
                yield _from_record(record, fields, entry, where, raw)
            except BadInput as exc:
                yield IngestFailure(entry.name, exc.reason, where)


def read_warc(entry: Entry, settings: Settings) -> Iterator[Result]:
    with entry.open() as stream:
        for where, page in warc_pages(stream, settings.max_bytes):
            if isinstance(page, BadInput):
                yield IngestFailure(entry.name, page.reason, where)
                continue
            try:
                extracted = extract_page(page["html"], url=page["url"])
            except BadInput as exc:
                yield IngestFailure(entry.name, exc.reason, where)
                continue
            extracted.method = "warc+" + extracted.method
            yield _from_page(
                extracted,
                external_id=page["url"] or page["record_id"],
                entry=entry,
                raw=page["html"],
                crawled=iso_date(page["crawled"]),
            )


def read_feed(entry: Entry, settings: Settings) -> Iterator[Result]:
    raw = read_capped(entry, settings.max_bytes)
    feed_title, entries = feed_entries(raw)
    for number, item in enumerate(entries, start=1):
        text = fragment_text(item["html"])
        yield _article(
            external_id=item["id"] or document_id(entry, repr(sorted(item.items())).encode("utf-8"), f"#{number}"),
            entry=entry,
            raw=repr(sorted(item.items())).encode("utf-8"),
            method="feed",
            url=item["url"],
            outlet=feed_title,
            title=normalize_text(item["title"] or "") or None,
            published=iso_date(item["published"]),
            authors=item["authors"],
            text=text,
            skipped_reason=None if text else "feed entry has no text",
        )


def read_gzip(entry: Entry, settings: Settings) -> Iterator[Result]:
    _check_depth(entry)
    for inner in gzip_members(entry):
        yield from read_entry(inner, settings)


def read_zip(entry: Entry, settings: Settings) -> Iterator[Result]:
    _check_depth(entry)
    for member in zip_members(entry, settings.max_bytes):
        if isinstance(member, IngestFailure):
            yield member
        else:
            yield from read_entry(member, settings)


def _check_depth(entry: Entry) -> None:
    if entry.depth >= MAX_ARCHIVE_DEPTH:
        raise BadInput(f"archives nested more than {MAX_ARCHIVE_DEPTH} deep")


READERS: dict[str, Callable[[Entry, Settings], Iterator[Result]]] = {
    "html": read_html,
    "mhtml": read_mhtml,
    "text": read_text,
    "jsonl": read_records,
    "json": read_records,
    "csv": read_records,
    "warc": read_warc,
    "feed": read_feed,
    "gzip": read_gzip,
    "zip": read_zip,
}


# --- building articles --------------------------------------------------------


def _from_record(record: dict[str, Any], fields: RecordFields, entry: Entry, where: str, raw: bytes) -> Article:
    url = _text_or_none(fields.get(record, "url"))
    record_id = _text_or_none(fields.get(record, "id"))
    external_id = record_id or url or document_id(entry, raw, f"#{where.split()[-1]}")
    text = fields.get(record, "text")
    html = fields.get(record, "html")
    found: dict[str, Any] = {}
    if text not in (None, ""):
        found = {"text": normalize_text(str(text)), "method": "record"}
    elif html not in (None, ""):
        page = extract_page(str(html), url=url)
        found = {
            "text": page.text,
            "method": "record+" + page.method,
            "title": page.title,
            "outlet": page.outlet,
            "published": page.published,
            "authors": page.authors,
            "language": page.language,
            "skipped_reason": page.skipped_reason,
        }
        url = url or page.url
    else:
        found = {"text": "", "method": "record", "skipped_reason": "record has no text or html"}
    locale = _text_or_none(fields.get(record, "language"))
    with document_locale(locale):
        published = iso_date(fields.get(record, "published"))
    given = {
        "title": normalize_text(str(fields.get(record, "title") or "")) or None,
        "outlet": _text_or_none(fields.get(record, "outlet")),
        "published": published,
        "authors": split_authors(fields.get(record, "authors")),
        "language": language_code(locale),
    }
    merged = {**found, **{key: value for key, value in given.items() if value}}
    merged["text"] = drop_leading_title(merged["text"], merged.get("title"))  # as for pages
    if not merged["text"].strip() and not merged.get("skipped_reason"):
        merged["skipped_reason"] = "record has empty text"
    method = merged.pop("method")
    return _article(external_id=external_id, entry=entry, raw=raw, method=method, url=url, **merged)


def _from_page(
    page: ExtractedPage, *, external_id: str, entry: Entry, raw: bytes, crawled: str | None = None
) -> Article:
    return _article(
        external_id=external_id,
        entry=entry,
        raw=raw,
        method=page.method,
        url=page.url,
        outlet=page.outlet,
        title=page.title,
        published=page.published,
        crawled=crawled,
        authors=page.authors,
        language=page.language,
        text=page.text,
        skipped_reason=page.skipped_reason,
    )


def _article(*, external_id: str, entry: Entry, raw: bytes, method: str, url: str | None = None, **fields) -> Article:
    """An Article with the derived fields filled in: hash, outlet from the URL's domain."""
    if url and not is_web_url(url):
        url = None  # javascript:, data:, file: and the like identify nothing
    outlet = fields.pop("outlet", None) or registered_domain(url)
    return Article(
        external_id=external_id,
        source_path=entry.name,
        extraction_method=method,
        raw_sha256=sha256_hex(raw),
        url=url,
        outlet=outlet,
        **fields,
    )


def document_id(entry: Entry, raw: bytes, place: str = "") -> str:
    """The id of a document that names none: its file's name (with ``place`` in the file), or for stdin
    ``stdin:`` and the start of its bytes' SHA-256, so that each paste is an article of its own and the same
    paste twice is the same article."""
    if entry.name == STDIN_NAME:
        return f"stdin:{sha256_hex(raw)[:STDIN_ID_DIGITS]}"
    return entry.name + place


def one_article_only(given: dict[str, str]) -> str:
    """ "--outlet and --id describe one article": why facts given about an input fit no more than one."""
    named = " and ".join(filter(None, [", ".join(f"--{name}" for name in list(given)[:-1]), f"--{list(given)[-1]}"]))
    return f"{named} {'describes' if len(given) == 1 else 'describe'} one article"


def with_given_facts(result: Result, given: dict[str, str]) -> Result:
    """The article with what the user said about its input (``Settings.given``) in place of what it says; the
    outlet follows a given URL's domain when neither the user nor the input names one."""
    if not given or isinstance(result, IngestFailure):
        return result
    changes = {name: value for name, value in given.items() if name != "id"}
    if "id" in given:
        changes["external_id"] = given["id"]
    if "url" in given and "outlet" not in given and result.outlet in (None, registered_domain(result.url)):
        changes["outlet"] = registered_domain(given["url"])
    if "published" in given and result.extraction_method.endswith(GUESSED_DATE_METHOD):
        changes["extraction_method"] = result.extraction_method.removesuffix(GUESSED_DATE_METHOD)
    return replace(result, **changes)


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
