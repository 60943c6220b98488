"""analyze, show --claims and the attributions export, through the CLI on the examples."""

from __future__ import annotations

import json

from conftest import EXAMPLES

RADIO = str(EXAMPLES / "radioharju-maritime-board-no-record-of-warning.html")


def test_analyze_is_incremental(run):
    run("ingest", str(EXAMPLES), "--quiet")
    first = run("analyze", "--quiet")
    assert first.exit_code == 0, first.stderr
    assert first.stderr.strip() == "Analyzed 12 articles"
    assert run("analyze", "--quiet").stderr.strip() == "Analyzed 0 articles"
    run("ingest", str(EXAMPLES / "feeds-export.jsonl"), "--quiet")
    assert run("analyze", "--quiet").stderr.strip() == "Analyzed 0 articles"
    assert run("analyze", "--quiet", "--force").stderr.strip() == "Analyzed 12 articles"


def test_export_has_attributions_naming_articles(run):
    run("ingest", str(EXAMPLES), "--quiet")
    run("analyze", "--quiet")
    document = json.loads(run("export").stdout)
    ids = {a["external_id"] for a in document["articles"]}
    records = document["attributions"]
    assert records and {r["article"] for r in records} <= ids
    texts = {a["external_id"]: a["text"] for a in document["articles"]}
    for record in records:
        for role in ("source", "cue", "content"):
            spans = record[role] if isinstance(record[role], list) else [record[role]] if record[role] else []
            for span in spans:
                assert texts[record["article"]][span["start"] : span["end"]] == span["text"]
    denial = [r for r in records if r["article"] == RADIO and r["cue_class"] == "deny"]
    assert any(s["name"] == "Nordvik Ferries" for r in denial for s in r["sources"]), denial
    lines = [json.loads(line) for line in run("export", "--format", "jsonl").stdout.splitlines()]
    assert {"article", "attribution"} <= {line["type"] for line in lines}


def test_show_claims_marks_roles_and_chains(run):
    run("ingest", str(EXAMPLES), "--quiet")
    run("analyze", "--quiet")
    result = run("show", RADIO, "--claims")
    assert result.exit_code == 0
    assert "[[Nordvik Ferries]] <<categorically denied>> {{cutting safety inspections on its ships}}" in result.stdout
    assert "Nordvik Ferries (organisation) [cue: deny]: «cutting safety inspections on its ships»" in result.stdout
    assert "Baltic Courier (news_outlet)" in result.stdout
    record = json.loads(run("show", RADIO, "--json").stdout)
    assert record["attributions"]


def test_quantities_dates_places_are_stored_and_exported(run):
    run("ingest", str(EXAMPLES), "--quiet")
    run("analyze", "--quiet")
    document = json.loads(run("export").stdout)
    texts = {a["external_id"]: a["text"] for a in document["articles"]}
    for section in ("quantities", "dates", "places", "boilerplate"):
        assert document[section], section
        for record in document[section]:
            span = record["span"]
            assert texts[record["article"]][span["start"] : span["end"]] == span["text"]
    wire = str(EXAMPLES / "npa-ferry-capsizes-gulf-of-finland.html")  # published Tuesday 2026-03-10
    assert any(r["article"] == wire and r["value"] == 186 for r in document["quantities"])
    assert any(r["article"] == wire and r["value"] == "2026-03-10" for r in document["dates"])
    places = {r["name"] for r in document["places"] if r["article"] == wire}
    assert {"Estonia", "Finland"} <= places, places
    jsonl_types = {json.loads(line)["type"] for line in run("export", "--format", "jsonl").stdout.splitlines()}
    assert {"quantity", "date", "place", "boilerplate"} <= jsonl_types
