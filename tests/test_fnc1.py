"""Real data: FNC-1's training bodies ingest whole, with their ids."""

from __future__ import annotations

import csv

from conftest import FNC1_BODIES, need

from newstrace.store import Store


def test_fnc1_bodies_arrive_with_their_ids(run, db_path):
    bodies = need(FNC1_BODIES)
    result = run("ingest", str(bodies), "--map", "text=articleBody", "--map", "id=Body ID", "--quiet")
    assert result.exit_code == 0, result.stderr
    csv.field_size_limit(1 << 24)
    with open(bodies, encoding="utf-8", newline="") as handle:
        expected = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    assert len(expected) == 1683
    with Store(db_path) as store:
        stored = {a.external_id: a for a in store.articles()}
    assert set(stored) == set(expected)
    # text is the body with white space normalised: same words, same order
    for body_id in ("0", "1683" if "1683" in expected else next(iter(expected))):
        assert stored[body_id].text.split() == expected[body_id].split()
