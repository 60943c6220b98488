"""The CLI's conventions (issue 18, point 3): --csv/--tsv on every listing, claim filters, the summary `run` ends
with, plurals, exit codes in --help, every --help example running on examples/, the port checked, `info`."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import shlex
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from newstrace.cli import cli
from newstrace.cli_exits import EXIT_CODES
from newstrace.cli_output import SUMMARY_CLAIMS, flat_record
from newstrace.console import plural

# The commands that list rows, each with the options that make it list something.
LISTINGS = {"articles": [], "stories": [], "claims": [], "copies": [], "sources": []}
# Example lines that cannot run in a test, and why: they start a server or reach the network.
SERVER_COMMANDS = {"serve": "starts a web server", "watch": "fetches feeds over the network"}
NETWORK_PREFIXES = ("http://", "https://", "tcp://")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A working folder with examples/ in it, so example lines name files as the README does."""
    folder = tmp_path_factory.mktemp("work")
    (folder / "examples").symlink_to(EXAMPLES)
    return folder


@pytest.fixture(scope="module")
def prepared(workdir):
    """The examples through `newstrace run examples/` once; returns (database path, run's result)."""
    db = workdir / "prepared.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(workdir)
        result = CliRunner().invoke(cli, ["run", "examples", "--db", str(db), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return str(db), result


@pytest.fixture
def db(prepared, tmp_path):
    """A copy of the prepared database, so a test may change it."""
    copy = tmp_path / "newstrace.db"
    shutil.copy(prepared[0], copy)
    return str(copy)


def invoke(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


# --- --csv and --tsv --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(LISTINGS))
@pytest.mark.parametrize("flag, delimiter", [("--csv", ","), ("--tsv", "\t")])
def test_every_listing_writes_csv_and_tsv_with_a_header(db, command, flag, delimiter):
    records = json.loads(invoke(command, "--json", "--db", db).stdout)
    result = invoke(command, flag, "--db", db)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=delimiter))
    assert records and len(rows) == len(records)
    assert list(rows[0]) == list(flat_record(records[0]))  # the header row names the columns


def test_csv_joins_lists_with_semicolons_and_flattens_spans(db):
    stories = json.loads(invoke("stories", "--json", "--db", db).stdout)
    rows = list(csv.DictReader(io.StringIO(invoke("stories", "--csv", "--db", db).stdout)))
    assert rows[0]["articles"] == "; ".join(stories[0]["articles"])
    copies = list(csv.DictReader(io.StringIO(invoke("copies", "--csv", "--db", db).stdout)))
    assert {"a_span.start", "a_span.text", "b_span.end"} <= set(copies[0])


@pytest.mark.parametrize("flag, delimiter", [("--csv", ","), ("--tsv", "\t")])
def test_attributions_write_one_row_per_attribution_with_each_roles_offsets(flag, delimiter):
    path = str(EXAMPLES / "northcoastgazette-kuusiranna-survivors-come-ashore.txt")
    found = json.loads(invoke("attributions", path, "--json").stdout)[path]
    rows = list(csv.DictReader(io.StringIO(invoke("attributions", path, flag).stdout), delimiter=delimiter))
    assert found and len(rows) == len(found)
    text = Path(path).read_text(encoding="utf-8")
    for row, record in zip(rows, found, strict=True):
        assert row["file"] == path
        source = record["source"] if isinstance(record["source"], dict) else None
        if source:  # one span: its text is the file's text at its offsets
            assert text[int(row["source_start"]) : int(row["source_end"])] == row["source"] == source["text"]


def test_two_output_flags_are_a_usage_error(db):
    result = invoke("claims", "--json", "--csv", "--db", db)
    assert result.exit_code == 2
    assert "Error: choose one of --json, --csv" in result.output


# --- claim filters ----------------------------------------------------------------------------------------------


def test_claims_filter_by_status_origins_and_story(db):
    every = json.loads(invoke("claims", "--json", "--db", db).stdout)
    disputed = json.loads(invoke("claims", "--json", "--status", "disputed", "--db", db).stdout)
    assert disputed and {c["status"] for c in disputed} == {"disputed"}
    assert len(disputed) == sum(c["status"] == "disputed" for c in every)
    both = json.loads(invoke("claims", "--json", "--status", "disputed,denied", "--db", db).stdout)
    repeated = json.loads(invoke("claims", "--json", "--status", "disputed", "--status", "denied", "--db", db).stdout)
    assert both == repeated and {c["status"] for c in both} == {"disputed", "denied"}
    two = json.loads(invoke("claims", "--json", "--min-origins", "2", "--db", db).stdout)
    assert two and all(c["supporting"] >= 2 for c in two)
    assert len(two) == sum(c["supporting"] >= 2 for c in every)
    story = json.loads(invoke("claims", "--json", "--story", "2", "--status", "corroborated", "--db", db).stdout)
    assert story and {(c["story"], c["status"]) for c in story} == {(2, "corroborated")}


def test_an_unknown_status_names_the_ones_there_are(db):
    result = invoke("claims", "--status", "false", "--db", db)
    assert result.exit_code == 2
    assert (
        "Error: Invalid value for '--status': 'false' is not one of corroborated, single_source, disputed, denied, "
        "unverified" in result.output
    )


# --- run's summary and plurals ----------------------------------------------------------------------------------


def test_run_ends_with_a_short_summary(prepared):
    out = prepared[1].stdout
    lines = out.splitlines()
    assert lines[0].startswith("3 stories, 104 claims: ") and "disputed" in lines[0]
    assert [line.split(":")[0] for line in lines if line.startswith("Story ")] == ["Story 1", "Story 2", "Story 4"]
    assert "(9 articles)" in out and "(1 article)" in out
    rows = [line for line in lines if line.startswith(" ") and line.split()[0].isdigit()]
    assert len(rows) == 3 * SUMMARY_CLAIMS
    assert "more claims ranked lower: newstrace claims --story 1" in out
    assert lines[-1] == "Every claim of a story: newstrace claims --story ID; to browse them all: newstrace serve"


def test_plural():
    assert [plural(n, "story", "stories") for n in (0, 1, 2)] == ["0 stories", "1 story", "2 stories"]
    assert plural(1, "article") == "1 article" and plural(3, "claim") == "3 claims"


def test_counts_of_one_are_singular(db, prepared):
    assert "Assessed 3 stories" in prepared[1].stderr
    result = invoke("sources", "--story", "4", "--db", db)
    assert result.stderr.strip().endswith("in 1 story")
    assert invoke("stories", "--db", db).stderr.strip() == "3 stories"
    claims = invoke("claims", "--story", "4", "--status", "unverified", "--db", db)
    assert "in 1 story" in claims.stderr or claims.stderr.strip() == "0 claims in 0 stories"


# --- exit codes, help examples ----------------------------------------------------------------------------------


def test_every_command_documents_its_exit_codes():
    assert set(cli.commands) <= set(EXIT_CODES), "add the command's exit codes to newstrace/cli_exits.py"
    for name in cli.commands:
        text = invoke(name, "--help").output
        codes = text.split("Exit codes:\n", 1)[1].split("\n")
        assert [line.split()[0] for line in codes if line.strip()][:3] == ["0", "1", "2"], name


def example_lines() -> list[tuple[str, str]]:
    """(command, line) for every line of every Example block in the commands' --help."""
    found = []
    for name in ["", *sorted(cli.commands)]:
        text = CliRunner().invoke(cli, [name, "--help"] if name else ["--help"], prog_name="newstrace").output
        block = text.split("Example:\n", 1)[1].split("\n\n", 1)[0] if "Example:\n" in text else ""
        found += [(name or "newstrace", line.strip()) for line in block.splitlines() if "newstrace " in line]
    return found


def skip_reason(words: list[str]) -> str | None:
    """Why an example line cannot run here, or None."""
    if words[0] in SERVER_COMMANDS:
        return SERVER_COMMANDS[words[0]]
    if "--serve" in words:
        return "starts a web server"
    if "--urls" in words or any(word.startswith(NETWORK_PREFIXES) for word in words):
        return "needs the network"
    if "--dask" in words and importlib.util.find_spec("distributed") is None:
        return "Dask is not installed (pip install 'newstrace[scale]')"
    return None


@pytest.mark.parametrize("command, line", example_lines(), ids=lambda value: value)
def test_every_help_example_runs_on_the_examples(command, line, db, workdir, monkeypatch):
    piped_in = None
    if line.startswith("cat "):  # cat FILE | newstrace ...: FILE on stdin
        source, line = line.split(" | ", 1)
        piped_in = (workdir / shlex.split(source)[1]).read_bytes()
    line, _, consumer = line.partition(" | ")
    line = line.split(" > ")[0]  # > file: the output is checked here instead
    words = shlex.split(line)[1:]
    if reason := skip_reason(words):
        pytest.skip(f"{line}: {reason}")
    takes_db = words[0] in cli.commands and any(p.name == "db" for p in cli.commands[words[0]].params)
    monkeypatch.chdir(workdir)
    result = invoke(*words, *(["--db", db] if takes_db else []), input=piped_in)
    assert result.exit_code == 0, f"{line}\n{result.output}"
    if consumer.startswith("jq"):  # what jq reads must be JSON: one document or one per line
        text = result.stdout.strip()
        try:
            json.loads(text)
        except json.JSONDecodeError:
            assert all(json.loads(row) for row in text.splitlines())


# --- serve's port -----------------------------------------------------------------------------------------------


def test_serve_refuses_a_busy_port_before_printing_its_url(db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke("serve", "--port", str(port), "--db", db)
        assert result.exit_code == 1
        assert result.output == f"Error: port {port} on 127.0.0.1 is in use: try --port {port + 1}\n"
        again = invoke("run", "examples", "--serve", "--port", str(port), "--db", db)
    assert again.exit_code == 1 and "Serving" not in again.output and "Ingested" not in again.output


# --- info -------------------------------------------------------------------------------------------------------


def test_info_prints_versions_database_and_counts(db, tmp_path):
    record = json.loads(invoke("info", "--json", "--db", db).stdout)
    assert record["newstrace"] and record["python"] and record["spacy"]
    assert record["spacy_pipeline"]["name"].startswith("en_core_web_sm")
    assert record["database"] == db and record["database_bytes"] > 0
    assert record["tables"]["articles"] == 12 and record["tables"]["stories"] == 3
    assert record["tables"]["claims"] == 104
    text = invoke("info", "--db", db).stdout
    assert "spaCy pipeline" in text and re.search(rf"^database +{re.escape(db)} \(", text, re.M)
    assert re.search(r"^  claims +104$", text, re.M)
    missing = invoke("info", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 1 and missing.output.startswith(f"Error: no database at {tmp_path / 'none.db'}")
