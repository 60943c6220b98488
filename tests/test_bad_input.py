"""A crafted file for every kind of bad input: one line each, the batch goes on, nothing lost."""

from __future__ import annotations

import gzip
import json
import random
import zipfile
from pathlib import Path

import pytest

from newstrace.store import Store

GOOD_TEXT = "Good article\n\nThe council approved the new bridge on Monday after a long debate.\n"


def crafted(folder: Path) -> dict[str, str]:
    """Write one bad file per case; returns file name -> the reason its error line must give."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    files = {
        "empty.txt": (b"", "empty file"),
        "binary.txt": (b"\x89PNG\r\n\x1a\nIHDR", "binary content (a PNG image), not text"),
        "nul.html": (b"<html>\x00\x00\x00</html>", "binary content (NUL bytes), not text"),
        "undecodable.txt": (bytes(rng.randrange(1, 256) for _ in range(900)), "cannot decode"),
        "not-markup.html": (
            b"Just some words, no tags at all, in an html file.",
            "not HTML: no markup found",
        ),
        "empty-page.html": (
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "too little text for an",
        ),
        "bad.json": (
            b'[{"id": 1, "text": "fine"}, {"id": 2, "text": ',
            "invalid JSON after record 1",
        ),
        "oversize.txt": (b"Title\n\n" + b"word " * 400, "over the 1.0 KB cap (--max-bytes)"),
    }
    reasons = {}
    for name, (data, reason) in files.items():
        (folder / name).write_bytes(data)
        reasons[name] = reason
    (folder / "truncated.jsonl.gz").write_bytes(gzip.compress(b'{"id": "t", "text": "x"}\n' * 50)[:-30])
    reasons["truncated.jsonl.gz"] = "truncated or corrupt compressed data"
    (folder / "lines.jsonl").write_text(
        '{"id": "ok-1", "text": "Fine record."}\n{"id": "broken", "text": \n[1, 2]\n',
        encoding="utf-8",
    )
    reasons["lines.jsonl"] = "line 2: invalid JSON"
    (folder / "rows.csv").write_text('id,text\nr1,"Good row."\nr2,"Bad row.",extra\nr3,"Open quote\n', encoding="utf-8")
    reasons["rows.csv"] = "row 3: 3 fields where the header has 2"
    (folder / "nocolumn.csv").write_text("name,score\na,1\n", encoding="utf-8")
    reasons["nocolumn.csv"] = "no text or html column (columns: name, score); map one with --map text=COLUMN"
    with zipfile.ZipFile(folder / "evil.zip", "w") as archive:
        archive.writestr("../escape.txt", GOOD_TEXT)
        archive.writestr("/etc/absolute.txt", GOOD_TEXT)
        archive.writestr("inside/fine.txt", GOOD_TEXT)
    reasons["evil.zip"] = "unsafe path in archive, skipped"
    return reasons


def test_each_bad_file_gets_one_line_and_the_rest_goes_in(run, tmp_path, db_path):
    folder = tmp_path / "inbox"
    reasons = crafted(folder)
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    result = run("ingest", str(folder), "--max-bytes", "1024", "--quiet")
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    for name, reason in reasons.items():
        mine = [line for line in lines if f"{folder / name}" in line]
        assert mine, f"no error line for {name}:\n{result.stderr}"
        assert any(reason in line for line in mine), f"{name}: {mine}"
    for line in lines[:-1]:
        assert line.startswith(("failed: ", "skipped: ")), line
    assert "unsafe path in archive" in "\n".join(lines)
    assert sum("evil.zip" in line for line in lines) == 2  # ../escape.txt and /etc/absolute.txt
    assert f"failed: {folder / 'rows.csv'}: row 4: malformed CSV: unexpected end of data" in lines
    assert lines[-1].startswith("Ingested ")
    with Store(db_path) as store:
        ids = {a.external_id for a in store.articles()}
    assert str(folder / "good.txt") in ids
    assert f"{folder / 'evil.zip'}:inside/fine.txt" in ids
    assert {"ok-1", "r1"} <= ids  # good records of files that fail later still go in
    assert not any("escape" in i or "absolute" in i for i in ids)


def test_skipped_page_is_stored_with_its_reason(run, tmp_path, db_path):
    (tmp_path / "empty-page.html").write_bytes(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    result = run("ingest", str(tmp_path), "--quiet")
    assert result.exit_code == 1
    with Store(db_path) as store:
        [skipped] = [a for a in store.articles(include_skipped=True) if not a.usable]
        assert skipped.skipped_reason == "too little text for an article (1 words)"
        assert store.counts() == {"articles": 1, "skipped": 1, "rows": 2}


def test_nothing_usable_exits_2(run, tmp_path):
    crafted(tmp_path / "bad")
    for good in (
        "lines.jsonl",
        "rows.csv",
        "evil.zip",
        "truncated.jsonl.gz",
        "bad.json",
        "oversize.txt",
    ):
        (tmp_path / "bad" / good).unlink()
    result = run("ingest", str(tmp_path / "bad"), "--quiet")
    assert result.exit_code == 2, result.output


def test_missing_path_exits_2_with_one_line(run, tmp_path):
    result = run("ingest", str(tmp_path / "nope.html"), "--quiet")
    assert result.exit_code == 2
    assert f"failed: {tmp_path / 'nope.html'}: no such file or folder" in result.stderr


def test_all_good_exits_0(run, tmp_path):
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    result = run("ingest", str(tmp_path / "good.txt"), "--quiet")
    assert result.exit_code == 0
    assert result.stderr.strip() == "Ingested 1 input: 1 added, 0 new versions, 0 unchanged"


def test_bad_batch_loses_nothing_already_stored(run, tmp_path, db_path):
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    assert run("ingest", str(tmp_path / "good.txt"), "--quiet").exit_code == 0
    crafted(tmp_path / "bad")
    run("ingest", str(tmp_path / "bad"), "--max-bytes", "1024", "--quiet")
    with Store(db_path) as store:
        assert str(tmp_path / "good.txt") in {a.external_id for a in store.articles()}


def test_oversize_record_in_jsonl_is_one_failure(run, tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(
        json.dumps({"id": "small", "text": "Small."})
        + "\n"
        + json.dumps({"id": "huge", "text": "x" * 5000})
        + "\n"
        + json.dumps({"id": "after", "text": "After."})
        + "\n",
        encoding="utf-8",
    )
    result = run("ingest", str(path), "--max-bytes", "1024", "--quiet")
    assert result.exit_code == 1
    assert f"failed: {path}: line 2: record over the 1.0 KB cap (--max-bytes)" in result.stderr
    assert "2 added" in result.stderr


def test_not_a_database_is_one_error_line(tmp_path):
    from click.testing import CliRunner

    from newstrace.cli import cli

    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    result = CliRunner().invoke(cli, ["articles", "--db", str(bogus)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot use database {bogus}")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("pair", ["text", "=x", "nofield=col"])
def test_bad_map_is_an_error(run, tmp_path, pair):
    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    result = run("ingest", str(tmp_path / "a.csv"), "--map", pair)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --map=")


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01", "9999-12-31T23:59:59+14:00", "2999-06-01"])
def test_an_impossible_date_is_refused_at_ingest_and_analysis_goes_on(run, tmp_path, db_path, published):
    records = tmp_path / "dates.jsonl"
    good = "The council approved the new bridge on Monday, the mayor said."
    lines = [
        {"id": "bad-date", "text": good, "published": published},
        {"id": "fine", "text": "The port reopened on Tuesday, the harbour master said.", "published": "2026-03-10"},
    ]
    records.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    ingested = run("ingest", str(records))
    assert ingested.exit_code == 0, ingested.output
    warning = next(line for line in ingested.output.splitlines() if line.startswith("warning:"))
    assert "bad-date" in warning and "published date" in warning and "stored without it" in warning
    analyzed = run("analyze", "--quiet")
    assert analyzed.exit_code == 0, analyzed.output
    with Store(db_path) as store:
        dates = {a.external_id: a.published for a in store.articles()}
        assert dates == {"bad-date": None, "fine": "2026-03-10"}
        assert not store.unanalysed_ids()


def test_an_article_the_analysis_fails_on_records_why_and_the_others_are_analysed(run, tmp_path, db_path):
    """Whatever one article does to a stage (here a date that passed an older ingest), the stage records the
    failure on it, lists it at the end, exits 1, and analyses the others; a later run does not retry it."""
    records = tmp_path / "two.jsonl"
    records.write_text(
        json.dumps({"id": "poison", "text": "The dam will open tomorrow, officials said."})
        + "\n"
        + json.dumps(
            {"id": "fine", "text": "The port reopened on Tuesday after the storm, harbour master Jaan Tamm said."}
        )
        + "\n",
        encoding="utf-8",
    )
    assert run("ingest", str(records)).exit_code == 0
    with Store(db_path) as store, store.engine.begin() as conn:  # as a database written before dates were checked
        conn.exec_driver_sql("UPDATE articles SET published = '9999-12-31' WHERE external_id = 'poison'")
    analyzed = run("analyze", "--quiet")
    assert analyzed.exit_code == 1
    failed = [line for line in analyzed.output.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and "poison" in failed[0] and "analyze failed" in failed[0]
    with Store(db_path) as store:
        found = {a.external_id: a for a in store.articles()}
        assert found["poison"].problem.startswith("analyze failed: ") and found["fine"].problem is None
        assert [source.name for _, a in store.attributions() for source in a.sources] == ["Jaan Tamm"]
        assert not store.unanalysed_ids()
    listed = run("articles", "--all")
    assert "[analyze failed:" in listed.output
    assert run("analyze", "--quiet").exit_code == 0  # recorded once; not retried on every run


def test_an_oversize_csv_line_is_one_failure_and_the_rows_after_it_go_in(run, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text(
        'id,text\nr1,"First good row, about the bridge."\nr2,"'
        + "a" * 5000
        + '"\nr3,"Third good row, about the port."\n',
        encoding="utf-8",
    )
    result = run("ingest", str(rows), "--max-bytes", "2000")
    assert result.exit_code == 1, result.output
    failed = [line for line in result.output.splitlines() if line.startswith("failed:")]
    assert failed == [f"failed: {rows}: row 3: line over the 2.0 KB cap (--max-bytes)"]
    assert "2 added" in result.output


@pytest.mark.parametrize("name", ["bomb.csv.gz", "bomb.jsonl.gz"])
def test_a_compressed_bomb_is_read_in_bounded_memory(tmp_path, name):
    """Zeros decompress to 64 MB from 64 KB; with a 10 KB cap, the reader never holds more than a few caps."""
    import tracemalloc

    from newstrace.ingest import read_entry
    from newstrace.ingest.sources import expand_paths
    from newstrace.models import IngestFailure
    from newstrace.settings import Settings

    bomb = tmp_path / name
    with gzip.open(bomb, "wb") as out:
        for _ in range(64):
            out.write(b"\0" * 1024 * 1024)
    [entry] = list(expand_paths([str(bomb)]))
    tracemalloc.start()
    results = list(read_entry(entry, Settings(db=str(tmp_path / "x.db"), max_bytes=10_000)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert results and all(isinstance(r, IngestFailure) for r in results)
    assert all(len(str(r)) < 300 for r in results)  # the error line never echoes the input
    assert peak < 5 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_a_zip_of_large_record_files_is_streamed_and_its_good_members_go_in(tmp_path):
    """Each of ten members expands to 32 MB; with a 10 KB cap none is held whole, and the good member is read."""
    import tracemalloc

    from newstrace.ingest import read_entry
    from newstrace.ingest.sources import expand_paths
    from newstrace.models import IngestFailure
    from newstrace.settings import Settings

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(10):
            name = f"zeros-{number}.{'csv' if number % 2 else 'jsonl'}"
            with archive.open(name, "w") as member:
                for _ in range(32):
                    member.write(b"\0" * 1024 * 1024)
        archive.writestr("good.jsonl", json.dumps({"id": "g", "text": "The bridge opened on Monday."}) + "\n")
    [entry] = list(expand_paths([str(bomb)]))
    tracemalloc.start()
    results = list(read_entry(entry, Settings(db=str(tmp_path / "x.db"), max_bytes=10_000)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    failures = [r for r in results if isinstance(r, IngestFailure)]
    assert len(failures) == 10 and [r.external_id for r in results if not isinstance(r, IngestFailure)] == ["g"]
    assert peak < 5 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_an_oversize_record_in_a_json_list_is_read_past_not_parsed(tmp_path, run):
    """A 64 MB string inside a record of a JSON list: one failure line, the records around it go in, and the
    reader never holds the record."""
    import tracemalloc

    from newstrace.ingest.records import json_records
    from newstrace.settings import Settings

    path = tmp_path / "list.json"
    with path.open("w", encoding="utf-8") as out:
        out.write('[{"id": "a", "text": "The bridge opened on Monday, the mayor said."}, {"id": "big", "text": "')
        for _ in range(64):
            out.write("x" * 1024 * 1024)
        out.write('"}, {"id": "c", "text": "The port closed on Friday after the storm, officials said."}]')
    tracemalloc.start()
    with path.open("rb") as stream:
        found = list(json_records(stream, Settings(db=str(tmp_path / "x.db"), max_bytes=10_000)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [(where, getattr(record, "reason", None) or record["id"]) for where, record, _ in found] == [
        ("record 1", "a"),
        ("record 2", "record over the 9.8 KB cap (--max-bytes)"),
        ("record 3", "c"),
    ]
    assert peak < 5 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


XXE_DOCTYPE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS_DOCTYPE = (
    '<!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
    '<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>'
)


@pytest.mark.parametrize(("doctype", "entity"), [(XXE_DOCTYPE, "&xxe;"), (LAUGHS_DOCTYPE, "&g;")])
@pytest.mark.parametrize("kind", ["feed.xml", "page.html"])
def test_xml_entities_are_never_expanded_from_files_or_into_bombs(run, tmp_path, db_path, doctype, entity, kind):
    """XXE and billion laughs (held in the audit; kept so): no file is read, no entity grows, the rest goes in."""
    story = "The council approved the new bridge on Monday after a long debate in the city hall. " * 4
    if kind == "feed.xml":
        document = (
            f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>Feed</title><item><title>Bridge'
            f"</title><link>https://example.com/b</link><description>{story} {entity}</description></item>"
            "</channel></rss>"
        )
    else:
        page = f"<html><head><title>Bridge</title></head><body><article><p>{story} {entity}</p></article></body></html>"
        document = doctype + page
    (tmp_path / kind).write_text(document, encoding="utf-8")
    result = run("ingest", str(tmp_path / kind))
    assert result.exit_code in (0, 1, 2)
    with Store(db_path) as store:
        texts = " ".join(a.text for a in store.articles(include_skipped=True))
    assert "root:" not in texts and "hahahahaha" not in texts
    assert len(texts) < 10_000


def test_the_main_job_reaches_for_no_network(run, monkeypatch):
    """Nothing is fetched unless the user gave a URL (held in the audit; kept so): the whole pipeline on the
    examples runs with every outgoing connection refused, and tries none."""
    import socket

    from conftest import EXAMPLES

    tried = []

    def refuse(self, address, *args):
        tried.append(address)
        raise OSError(f"network access refused in this test: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: tried.append(a) or [])
    result = run("run", str(EXAMPLES), "--quiet")
    assert result.exit_code == 0, result.output
    assert tried == []


def test_a_full_disk_is_one_error_line_and_loses_nothing_stored(run, tmp_path, db_path, monkeypatch):
    """SQLite reporting a full disk mid-ingest (held in the audit; kept so): one line naming the database, a
    non-zero exit, and what an earlier run stored is intact."""
    import sqlite3

    import sqlalchemy as sa

    from newstrace.store import ArticleWriter

    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps({"id": "kept", "text": "The bridge opened on Monday, the mayor said."}) + "\n")
    second.write_text(json.dumps({"id": "lost", "text": "The port closed on Friday after the storm."}) + "\n")
    assert run("ingest", str(first)).exit_code == 0

    def full(self):
        raise sa.exc.OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(ArticleWriter, "commit", full)
    monkeypatch.setattr(sa.engine.Connection, "commit", full)
    result = run("ingest", str(second))
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "disk is full" in lines[0] and "Traceback" not in result.output
    monkeypatch.undo()
    with Store(db_path) as store:
        assert [a.external_id for a in store.articles()] == ["kept"]
