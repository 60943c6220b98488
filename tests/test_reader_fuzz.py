"""Property tests of the record readers: a JSON list is split into exactly its items, and no bytes make a reader
raise anything but a one-line BadInput."""

from __future__ import annotations

import io
import json

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


@settings(max_examples=200, deadline=None)
@given(items=st.lists(JSON_VALUES, max_size=6), chunk=st.sampled_from([1, 2, 5, 64, 1 << 16]), indent=st.booleans())
def test_a_json_list_is_split_into_exactly_its_items(items, chunk, indent):
    data = json.dumps(items, indent=2 if indent else None, ensure_ascii=False).encode("utf-8")
    old, records.JSON_CHUNK = records.JSON_CHUNK, chunk
    try:
        assert list(records._capped_items(io.BytesIO(data), 10**6)) == items
    finally:
        records.JSON_CHUNK = old


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400), kind=st.sampled_from(["json", "jsonl", "csv"]))
def test_no_bytes_make_a_record_reader_raise_anything_but_one_line(data, kind):
    reader = {"json": records.json_records, "jsonl": records.jsonl_records, "csv": records.csv_records}[kind]
    try:
        for _, record, _ in reader(io.BufferedReader(io.BytesIO(data)), Settings(db="x.db", max_bytes=200)):
            if isinstance(record, BadInput):
                assert "\n" not in record.reason and len(record.reason) < 400
    except BadInput as error:
        assert "\n" not in error.reason and len(error.reason) < 400
