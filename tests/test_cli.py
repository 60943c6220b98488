"""The CLI through click's runner: data on stdout, talk on stderr, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os

import click
from click.testing import CliRunner
from conftest import EXAMPLES

from newstrace import __version__
from newstrace.cli import cli
from newstrace.store import Store

WIRE = EXAMPLES / "npa-ferry-capsizes-gulf-of-finland.html"


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"newstrace, version {__version__}"


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example:" in result.output, f"{name} --help has no example"
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"{name} {param.name} has no help text"


def test_python_dash_m_works():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "newstrace", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("newstrace, version")


def test_ingest_examples_then_list(run):
    result = run("ingest", str(EXAMPLES), "--quiet")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "Ingested 10 inputs: 12 added, 0 new versions, 0 unchanged"
    again = run("ingest", str(EXAMPLES), "--quiet")
    assert again.stderr.strip() == "Ingested 10 inputs: 0 added, 0 new versions, 12 unchanged"
    listing = run("articles")
    assert "Nordic Press Agency" in listing.stdout
    assert "Ferry capsizes in Gulf of Finland" in listing.stdout
    assert listing.stderr.strip() == "12 articles"


def test_articles_json_and_nl(run):
    run("ingest", str(EXAMPLES), "--quiet")
    records = json.loads(run("articles", "--json").stdout)
    assert len(records) == 12
    assert all("text" not in r and r["external_id"] for r in records)
    lines = run("articles", "--nl", "--search", "tram").stdout.splitlines()
    outlets = {json.loads(line)["outlet"] for line in lines}
    assert outlets == {"Castlemoor Evening Star", "Pennine Business Review"}
    with_text = json.loads(run("articles", "--json", "--limit", "1", "--with-text").stdout)
    assert len(with_text) == 1 and with_text[0]["text"]


def test_articles_outlet_filter(run):
    run("ingest", str(EXAMPLES), "--quiet")
    records = json.loads(run("articles", "--json", "--outlet", "radio harju").stdout)
    assert [r["outlet"] for r in records] == ["Radio Harju"]


def test_show_metadata_and_text(run):
    run("ingest", str(WIRE), "--quiet")
    result = run("show", str(WIRE))
    assert result.exit_code == 0
    assert "outlet             Nordic Press Agency" in result.stdout
    assert "published          2026-03-10T13:05:00+02:00" in result.stdout
    assert "TALLINN (NPA)" in result.stdout
    record = json.loads(run("show", str(WIRE), "--json").stdout)
    assert record["external_id"] == str(WIRE)
    assert record["url"].startswith("https://www.npa-wire.com/")


def test_show_unknown_id_is_one_error_line(run, db_path):
    with Store(db_path):  # an empty database: the id, not the database, is what is missing
        pass
    result = run("show", "missing-id")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("Error: no article with id 'missing-id' in ")


def test_db_from_environment(tmp_path):
    db = tmp_path / "env.db"
    runner = CliRunner(env={"NEWSTRACE_DB": str(db)})
    assert runner.invoke(cli, ["ingest", str(WIRE), "-q"]).exit_code == 0
    assert db.exists()
    assert "Nordic Press Agency" in runner.invoke(cli, ["articles"]).stdout


def test_stdin(run):
    payload = '{"id": "piped-1", "title": "Piped", "text": "Text that arrived on standard input."}\n'
    result = run("ingest", "-", "--quiet", input=payload)
    assert result.exit_code == 0, result.stderr
    assert json.loads(run("show", "piped-1", "--json").stdout)["source_path"] == "<stdin>"


def test_export_formats(run, tmp_path):
    run("ingest", str(EXAMPLES), "--quiet")
    document = json.loads(run("export", "--format", "json").stdout)
    assert document["format"] == "newstrace-export" and document["version"] == 1
    assert len(document["articles"]) == 12
    first = document["articles"][0]
    for key in (
        "external_id",
        "url",
        "outlet",
        "title",
        "published",
        "date_guessed",
        "authors",
        "language",
        "text",
        "raw_sha256",
        "text_sha256",
        "source_path",
        "extraction_method",
        "skipped_reason",
        "version",
    ):
        assert key in first
    lines = [json.loads(line) for line in run("export", "--format", "jsonl").stdout.splitlines()]
    assert {line["type"] for line in lines} == {"article"} and len(lines) == 12
    out = tmp_path / "articles.csv"
    result = run("export", "--format", "csv", "--out", str(out))
    assert result.stderr.strip() == f"Wrote 12 articles to {out}"
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 12
    assert any(row["authors"] == "Harriet Cole; Tom Brennan" for row in rows)


def test_export_of_empty_database_is_valid_json(run, db_path):
    with Store(db_path):
        pass
    document = json.loads(run("export").stdout)
    assert document["articles"] == []


def test_progress_goes_to_stderr(run):
    result = run("ingest", str(EXAMPLES))
    assert result.stdout == ""
    assert os.linesep.join(result.stderr.splitlines()[-1:]).startswith("Ingested 10 inputs")


def test_attributions_prints_a_content_split_around_its_source(tmp_path):
    article = tmp_path / "split.txt"
    article.write_text("The bridge, according to the mayor, will reopen next week.\n", "utf-8")
    result = CliRunner().invoke(cli, ["attributions", str(article)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "|" in x)
    source, cue, content = (part.strip() for part in line.split("|"))
    assert (source, cue) == ("the mayor", "according to")
    assert content.startswith("The bridge") and content.endswith("will reopen next week") and " … " in content
