"""Where input comes from: paths, folders, globs, stdin, and .gz/.zip containers.

Everything is turned into :class:`Entry` objects: a name for messages, a name
whose ending decides the format, and a way to open the bytes as a stream.
Nothing here reads a whole file into memory unless the format needs it.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from ..errors import BadInput, human_bytes
from ..models import IngestFailure
from .mhtml import looks_like_mhtml

# File endings we read, and the reader that handles each. Longest endings first.
FORMATS = {
    ".warc.gz": "warc",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".txt": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".gz": "gzip",
    ".zip": "zip",
}
# How deep archives may nest (a .zip holding a .jsonl.gz is depth 2).
MAX_ARCHIVE_DEPTH = 3
# A record file (JSONL, CSV) inside a zip may hold many documents: it may be this
# many times the one-document cap before we refuse it (a zip bomb stops there).
RECORD_FILE_FACTOR = 50
# Formats holding one document, read whole (up to the cap); the others hold records and are streamed.
ONE_DOCUMENT_FORMATS = ("html", "mhtml", "text", "feed")
# Characters that make a command-line argument a glob pattern.
GLOB_CHARS = set("*?[")
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Entry:
    """One input stream: ``name`` for messages and ids, ``format`` for its reader."""

    name: str
    format: str | None
    open: Callable[[], BinaryIO]
    size: int | None = None
    depth: int = 0


def format_of(name: str) -> str | None:
    lower = name.lower()
    for ending, fmt in FORMATS.items():
        if lower.endswith(ending):
            return fmt
    return None


def sniff_format(head: bytes) -> str:
    """Guess the format of a nameless stream from its first bytes."""
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"warc/"):
        return "warc"
    if looks_like_mhtml(head):
        return "mhtml"
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        return "jsonl"
    if text.startswith(b"<"):
        if b"<rss" in text[:2048] or b"<feed" in text[:2048] or b"<rdf:rdf" in text[:2048]:
            return "feed"
        return "html"
    return "text"


def expand_paths(paths: list[str]) -> Iterator[Entry | IngestFailure]:
    """Each argument as entries: a file, a folder (recursive), a glob, or ``-`` for stdin.

    Files in folders and globs whose ending we do not read are passed over; a
    file named on its own is read whatever its ending (its format is sniffed).
    """
    for arg in paths:
        if arg == "-":
            yield _stdin_entry()
            continue
        path = Path(arg)
        if path.is_dir():
            found = False
            for file_path in _walk(path):  # streamed: memory stays flat however many files
                found = True
                yield _file_entry(file_path)
            if not found:
                yield IngestFailure(arg, "folder holds no file newstrace reads")
        elif path.is_file():
            yield _file_entry(path)
        elif GLOB_CHARS & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file() and format_of(m)]
            if not files:
                yield IngestFailure(arg, "pattern matches no file newstrace reads")
            yield from (_file_entry(p) for p in files)
        else:
            yield IngestFailure(arg, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    """Readable files under ``folder``, folder by folder, each folder's names sorted."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if format_of(name):
                yield Path(root) / name


def _file_entry(path: Path) -> Entry:
    name = os.path.normpath(str(path))
    return Entry(name, format_of(name), lambda: open(path, "rb"), path.stat().st_size)


def _stdin_entry() -> Entry:
    stream = sys.stdin.buffer
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    head = stream.peek(4096)[:4096]
    return Entry(STDIN_NAME, sniff_format(head), lambda: _NonClosing(stream))


class _NonClosing(io.BufferedIOBase):
    """Wraps stdin so readers can close what they opened without closing stdin."""

    def __init__(self, raw: BinaryIO):
        self._raw = raw

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._raw.read(size)

    def read1(self, size: int = -1) -> bytes:
        return self._raw.read1(size) if hasattr(self._raw, "read1") else self._raw.read(size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._raw.readline(size)


def read_capped(entry: Entry, max_bytes: int) -> bytes:
    """All bytes of a one-document entry, refusing more than ``max_bytes``."""
    if entry.size is not None and entry.size > max_bytes:
        raise BadInput(f"{human_bytes(entry.size)}, over the {human_bytes(max_bytes)} cap (--max-bytes)")
    with entry.open() as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise BadInput(f"over the {human_bytes(max_bytes)} cap (--max-bytes)")
    return data


def gzip_members(entry: Entry) -> Iterator[Entry]:
    """The one stream inside a ``.gz`` file, named without the ``.gz``."""
    inner = entry.name[:-3] if entry.name.lower().endswith(".gz") else entry.name
    fmt = format_of(inner)
    if fmt is None:
        with entry.open() as outer, gzip.GzipFile(fileobj=outer) as stream:
            fmt = sniff_format(stream.read(4096))

    @contextmanager
    def _open_inner():
        with entry.open() as outer, gzip.GzipFile(fileobj=outer) as stream:
            yield stream

    yield Entry(entry.name, fmt, _open_inner, None, entry.depth + 1)


def zip_members(entry: Entry, max_bytes: int) -> Iterator[Entry | IngestFailure]:
    """Each file in a ``.zip``, refusing unsafe names; ids are ``archive.zip:member``."""
    with entry.open() as outer:
        data = outer if outer.seekable() else io.BytesIO(_read_limited(outer, max_bytes * RECORD_FILE_FACTOR))
        try:
            archive = zipfile.ZipFile(data)
        except zipfile.BadZipFile as exc:
            raise BadInput(f"not a readable zip archive ({exc})") from exc
        with archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                label = f"{entry.name}:{info.filename}"
                if not is_safe_member(info.filename):
                    yield IngestFailure(entry.name, "unsafe path in archive, skipped", info.filename)
                    continue
                fmt = format_of(info.filename)
                if fmt is None:
                    continue
                if fmt not in ONE_DOCUMENT_FORMATS:  # record files are streamed, each record capped as it is read
                    yield Entry(label, fmt, _member_opener(archive, info), info.file_size, entry.depth + 1)
                    continue
                payload = _member_bytes(archive, info, max_bytes, entry.name)
                if isinstance(payload, IngestFailure):
                    yield payload
                    continue
                yield Entry(label, fmt, _bytes_opener(payload), len(payload), entry.depth + 1)


def _member_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], BinaryIO]:
    """Opens a member as a stream (read while the archive is open, as entries are read one after another)."""
    return lambda: archive.open(info)


def _member_bytes(archive, info, max_bytes, archive_name) -> bytes | IngestFailure:
    limit = max_bytes
    if info.file_size > limit:
        why = f"{human_bytes(info.file_size)}, over the {human_bytes(limit)} cap (--max-bytes)"
        return IngestFailure(archive_name, why, info.filename)
    try:
        with archive.open(info) as member:
            return _read_limited(member, limit)
    except (BadInput, zipfile.BadZipFile, OSError, EOFError) as exc:
        return IngestFailure(archive_name, f"cannot read member ({exc})", info.filename)


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise BadInput(f"expands past the {human_bytes(limit)} cap (--max-bytes)")
    return data


def is_safe_member(name: str) -> bool:
    """False for archive names that would escape a folder: absolute, drive or ``..`` paths."""
    if not name or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return False
    return ".." not in PurePosixPath(name.replace("\\", "/")).parts


def _bytes_opener(payload: bytes) -> Callable[[], BinaryIO]:
    return lambda: io.BytesIO(payload)
