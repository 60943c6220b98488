"""Property tests of the record readers: a JSON list is split into exactly its items, and no bytes make a reader
raise anything but a one-line BadInput."""

from __future__ import annotations

import io
import json

from conftest import fuzz
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.errors import BadInput
from newstrace.ingest import records
from newstrace.settings import Settings

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=fuzz(200), deadline=None)
@given(items=st.lists(JSON_VALUES, max_size=6), chunk=st.sampled_from([1, 2, 5, 64, 1 << 16]), indent=st.booleans())
def test_a_json_list_is_split_into_exactly_its_items(items, chunk, indent):
    data = json.dumps(items, indent=2 if indent else None, ensure_ascii=False).encode("utf-8")
    old, records.JSON_CHUNK = records.JSON_CHUNK, chunk
    try:
        assert list(records._capped_items(io.BytesIO(data), 10**6)) == items
    finally:
        records.JSON_CHUNK = old


@settings(max_examples=fuzz(200), deadline=None)
@given(data=st.binary(max_size=400), kind=st.sampled_from(["json", "jsonl", "csv"]))
def test_no_bytes_make_a_record_reader_raise_anything_but_one_line(data, kind):
    reader = {"json": records.json_records, "jsonl": records.jsonl_records, "csv": records.csv_records}[kind]
    try:
        for _, record, _ in reader(io.BufferedReader(io.BytesIO(data)), Settings(db="x.db", max_bytes=200)):
            if isinstance(record, BadInput):
                assert "\n" not in record.reason and len(record.reason) < 400
    except BadInput as error:
        assert "\n" not in error.reason and len(error.reason) < 400


PAGE = (
    "<html><head><title>Bridge opens</title><meta property='article:published_time' content='2026-03-10T09:00:00Z'>"
    "</head><body><nav><a href='/'>Home</a></nav><article><h1>Bridge opens</h1><p>"
    + "The council approved the new bridge on Monday after a long debate in the city hall, the mayor said. " * 4
    + "</p></article></body></html>"
).encode()
FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>Bridge</title>'
    b"<link>https://example.com/b</link><pubDate>Tue, 10 Mar 2026 09:00:00 GMT</pubDate><description>"
    + b"The council approved the new bridge on Monday after a long debate. " * 4
    + b"</description></item></channel></rss>"
)


def mutated(base: bytes, cut: float, flips: list[tuple[float, int]]) -> bytes:
    data = bytearray(base)
    for where, value in flips:
        data[int(where * len(data))] = value
    return bytes(data[: max(1, int(cut * len(data)))])


MUTATIONS = {
    "cut": st.floats(0.01, 1.0),
    "flips": st.lists(st.tuples(st.floats(0, 0.999), st.integers(0, 255)), max_size=8),
}


@settings(max_examples=fuzz(120), deadline=None)
@given(**MUTATIONS)
def test_a_mutated_page_gives_a_page_or_one_line(cut, flips):
    from newstrace.ingest.html import extract_page

    try:
        page = extract_page(mutated(PAGE, cut, flips))
        assert page.skipped_reason is None or "\n" not in page.skipped_reason
    except BadInput as error:
        assert "\n" not in error.reason and len(error.reason) < 400


@settings(max_examples=fuzz(120), deadline=None)
@given(**MUTATIONS)
def test_a_mutated_feed_gives_entries_or_one_line(cut, flips):
    from newstrace.ingest.archives import feed_entries

    try:
        feed_entries(mutated(FEED, cut, flips))
    except BadInput as error:
        assert "\n" not in error.reason and len(error.reason) < 400


@settings(max_examples=fuzz(60), deadline=None)
@given(data=st.binary(max_size=300), kind=st.sampled_from(["x.gz", "x.zip", "x.jsonl.gz", "x.warc.gz"]))
def test_random_bytes_as_an_archive_give_one_line(tmp_path_factory, data, kind):
    from newstrace.ingest import read_entry
    from newstrace.ingest.sources import expand_paths
    from newstrace.models import IngestFailure

    folder = tmp_path_factory.mktemp("archive")
    (folder / kind).write_bytes(data)
    for entry in expand_paths([str(folder / kind)]):
        results = [entry] if isinstance(entry, IngestFailure) else list(read_entry(entry, Settings(db="x.db")))
        for result in results:
            if isinstance(result, IngestFailure):
                assert "\n" not in str(result) and len(str(result)) < 600
