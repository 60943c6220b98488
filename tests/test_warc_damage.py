"""Damaged web archives: one line per bad file or record, the records before the damage kept, never a traceback.

The archives are written here with warcio, then cut, flipped and bloated; nothing large is committed.
"""

from __future__ import annotations

import gzip
import io

import pytest
from conftest import fuzz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrace.errors import BadInput
from newstrace.ingest.archives import MESSAGE_CHARS, warc_pages

BODY = (
    b"<html><head><title>Bridge</title></head><body><article><p>"
    + b"The council approved the new bridge on Monday after a long debate. " * 20
    + b"</p></article></body></html>"
)
MAX_BYTES = 1_000_000


def archive(compressed: bool, pages: int = 3) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    for number in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = io.BytesIO(BODY.replace(b"bridge", f"bridge {number}".encode()))
        writer.write_record(
            writer.create_warc_record(f"http://example.com/{number}", "response", payload=payload, http_headers=headers)
        )
    return out.getvalue()


def read_all(data: bytes) -> tuple[int, str | None]:
    """(pages read, the error line's reason or None); any other exception fails the test."""
    pages = 0
    try:
        for _, page in warc_pages(io.BytesIO(data), MAX_BYTES):
            pages += not isinstance(page, BadInput)
    except BadInput as error:
        assert "\n" not in error.reason and len(error.reason) < 300
        return pages, error.reason
    return pages, None


@pytest.mark.parametrize("compressed", [False, True])
def test_a_whole_archive_reads_every_page(compressed):
    assert read_all(archive(compressed)) == (3, None)


@pytest.mark.parametrize("compressed", [False, True])
def test_a_cut_archive_keeps_the_pages_before_the_cut_and_says_where(compressed):
    data = archive(compressed)
    pages, reason = read_all(data[: len(data) * 2 // 3 + 37])  # into the third record
    assert pages >= 1 and reason is not None and "after record" in reason


def test_a_huge_content_length_is_one_line():
    data = archive(False).replace(b"Content-Length: ", b"Content-Length: 99999999999999999999", 1)
    _, reason = read_all(data)
    assert reason is not None and "corrupt" in reason


def test_zeros_named_warc_gz_are_refused_at_once_with_a_short_line():
    bomb = gzip.compress(b"\0" * 16 * 1024 * 1024)  # 16 MB of zeros in 16 KB
    pages, reason = read_all(bomb)
    assert pages == 0 and reason.startswith("not a WARC file") and len(reason) <= MESSAGE_CHARS


@settings(max_examples=fuzz(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    compressed=st.booleans(),
    cut=st.floats(0.05, 1.0),
    flips=st.lists(st.tuples(st.floats(0, 0.999), st.integers(0, 255)), max_size=6),
)
def test_a_mutated_archive_never_raises_anything_but_one_error_line(compressed, cut, flips):
    data = bytearray(archive(compressed))
    for where, value in flips:
        data[int(where * len(data))] = value
    read_all(bytes(data[: max(1, int(cut * len(data)))]))
