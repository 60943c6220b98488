"""What an input is: bylines and datelines of plain text, a saved page's address, MHTML, other tools' exports,
stdin pastes, the facts a user gives (--outlet, --url, --published, --id), and read commands on no database."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newstrace.assess.entities import resolve_entities
from newstrace.assess.status import origin_names
from newstrace.cli import cli
from newstrace.ingest import read_inputs
from newstrace.ingest.meta import date_order
from newstrace.models import ClaimMention, TextSpan
from newstrace.settings import Settings
from newstrace.store import Store
from newstrace.web import create_app

BODY = (
    "The ferry capsized on Tuesday night off the coast of Narva, the harbour master said.\n\n"
    "Forty passengers were rescued by the coast guard before dawn, officials told reporters."
)
PAGE = """<!DOCTYPE html>
{comment}<html lang="en"><head><title>Ferry capsizes off Narva</title>{canonical}</head>
<body><article><h1>Ferry capsizes off Narva</h1>
<p>The ferry capsized on Tuesday night off the coast of Narva, the harbour master said on Wednesday.</p>
<p>Forty passengers were rescued by the coast guard before dawn, officials told reporters at the port.</p>
</article></body></html>"""
SAVED_FROM = "<!-- saved from url=(0042)https://www.narvaherald.example.ee/ferry -->\n"


def read_one(path: Path, **settings):
    results = list(read_inputs([str(path)], Settings(**settings)))
    assert len(results) == 1, results
    return results[0]


def cli_run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


# --- plain text: byline and dateline ------------------------------------------------


@pytest.mark.parametrize(
    ("header", "authors", "published"),
    [
        ("By Anneli Saar\nPosted 11 March 2026", ["Anneli Saar"], "2026-03-11"),
        ("By Anneli Saar and Mart Kask | 11 March 2026, 10:40", ["Anneli Saar", "Mart Kask"], "2026-03-11T10:40:00"),
        ("Updated 12 March 2026\nPublished: 2026-03-11T09:00:00+02:00", [], "2026-03-11T09:00:00+02:00"),
        ("Updated: March 12, 2026", [], "2026-03-12"),
    ],
)
def test_a_text_files_byline_and_dateline_are_its_authors_and_date_not_its_text(tmp_path, header, authors, published):
    path = tmp_path / "ferry.txt"
    path.write_text(f"Ferry capsizes off Narva\n{header}\n\n{BODY}\n", encoding="utf-8")
    article = read_one(path)
    assert (article.title, article.authors, article.published) == ("Ferry capsizes off Narva", authors, published)
    assert article.text == BODY


def test_a_text_with_no_byline_or_dateline_keeps_its_text_and_gets_no_date(tmp_path):
    path = tmp_path / "ferry.txt"
    opening = "By the end of 2026 the port will have a new ferry, the harbour master said."
    path.write_text(f"Ferry capsizes off Narva\n{opening}\n\n{BODY}\n", encoding="utf-8")
    article = read_one(path)
    assert article.published is None and article.authors == []
    assert article.text.startswith(opening)


def test_a_dateline_reads_by_the_date_order_rule(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(f"Ferry capsizes off Narva\nPosted 11/03/2026\n\n{BODY}\n", encoding="utf-8")
    for order, published in (("DMY", "2026-03-11"), ("MDY", "2026-11-03")):
        with date_order(order):  # as ingest reads with --date-order
            assert read_one(path).published == published


# --- pages saved by a browser -------------------------------------------------------


def test_a_saved_pages_comment_is_its_url_and_outlet_when_it_links_no_canonical(tmp_path):
    path = tmp_path / "ferry.html"
    path.write_text(PAGE.format(comment=SAVED_FROM, canonical=""), encoding="utf-8")
    article = read_one(path)
    assert article.url == "https://www.narvaherald.example.ee/ferry"
    assert article.outlet == "example.ee"  # the registered domain, as for a canonical URL
    canonical = '<link rel="canonical" href="https://narvaherald.example.ee/news/ferry-capsizes">'
    path.write_text(PAGE.format(comment=SAVED_FROM, canonical=canonical), encoding="utf-8")
    assert read_one(path).url == "https://narvaherald.example.ee/news/ferry-capsizes"


def mhtml(html: str, *, charset: str = "windows-1252", location: str | None = "https://narvaherald.ee/ferry") -> bytes:
    """A page saved as one file, as Chrome writes it: multipart/related, the HTML quoted-printable."""
    message = EmailMessage()
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = "https://narvaherald.ee/snapshot"
    message["Subject"] = "Ferry capsizes off Narva"
    message.set_content(html, subtype="html", charset=charset, cte="quoted-printable")
    message.make_related()
    message.add_related(b"\x89PNG\r\n\x1a\n" + bytes(64), maintype="image", subtype="png")
    html_part = next(p for p in message.walk() if p.get_content_type() == "text/html")
    if location:
        html_part["Content-Location"] = location
    return message.as_bytes()


def test_an_mhtml_save_is_read_as_the_page_it_carries(tmp_path):
    html = PAGE.format(comment="", canonical="").replace("Narva, the", "Narva’s café, the")
    (tmp_path / "ferry.mhtml").write_bytes(mhtml(html))
    article = read_one(tmp_path / "ferry.mhtml")
    assert article.title == "Ferry capsizes off Narva"
    assert "Narva’s café, the harbour master said" in article.text
    assert "Saved by Blink" not in article.text and "quoted-printable" not in article.text
    assert article.url == "https://narvaherald.ee/ferry"
    assert article.outlet == "narvaherald.ee"
    assert article.extraction_method.startswith("mhtml+")
    (tmp_path / "ferry.mht").write_bytes(mhtml(html, charset="utf-8", location=None))
    assert read_one(tmp_path / "ferry.mht").url == "https://narvaherald.ee/snapshot"  # the message's own address


def test_an_mhtml_on_stdin_is_recognised_and_one_without_a_page_is_one_failure(tmp_path):
    db = str(tmp_path / "x.db")
    page = mhtml(PAGE.format(comment="", canonical="")).decode("ascii")
    result = cli_run("ingest", "-", "--db", db, "-q", input=page)
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        [article] = store.articles()
    assert article.extraction_method.startswith("mhtml+") and article.url == "https://narvaherald.ee/ferry"
    message = EmailMessage()
    message.set_content("only a note")
    message.make_related()
    (tmp_path / "empty.mhtml").write_bytes(message.as_bytes())
    result = cli_run("ingest", str(tmp_path / "empty.mhtml"), "--db", db, "-q")
    assert result.exit_code == 2
    assert f"failed: {tmp_path / 'empty.mhtml'}: MHTML file holds no text/html part" in result.stderr


# --- other tools' exports -----------------------------------------------------------


def read_record(tmp_path: Path, record: dict):
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return read_one(path)


def test_trafilatura_json_maps_field_by_field_and_its_source_is_the_url(tmp_path):
    article = read_record(
        tmp_path,
        {
            "title": "Ferry capsizes off Narva",
            "author": "Anneli Saar; Mart Kask",
            "source": "https://narvaherald.ee/news/ferry?utm_source=x",
            "source-hostname": "Narva Herald",
            "hostname": "narvaherald.ee",
            "date": "2026-03-11",
            "text": BODY,
            "raw_text": "The ferry capsized.",
            "language": "en",
        },
    )
    assert article.url == "https://narvaherald.ee/news/ferry?utm_source=x"
    assert article.outlet == "Narva Herald"
    assert article.external_id == article.url
    assert (article.title, article.authors, article.published, article.language) == (
        "Ferry capsizes off Narva",
        ["Anneli Saar", "Mart Kask"],
        "2026-03-11",
        "en",
    )
    assert article.text == BODY
    bare = read_record(tmp_path, {"source": "https://narvaherald.ee/x", "text": BODY})
    assert (bare.url, bare.outlet) == ("https://narvaherald.ee/x", "narvaherald.ee")  # never the URL as outlet
    named = read_record(tmp_path, {"source": "Narva Herald", "text": BODY})  # elsewhere "source" names the outlet
    assert (named.url, named.outlet) == (None, "Narva Herald")


def test_news_please_records_map_field_by_field(tmp_path):
    article = read_record(
        tmp_path,
        {
            "url": "https://narvaherald.ee/news/ferry",
            "source_domain": "narvaherald.ee",
            "title": "Ferry capsizes off Narva",
            "maintext": BODY,
            "description": "A short summary that is not the text.",
            "authors": ["Anneli Saar"],
            "date_publish": "2026-03-11 09:15:00",
            "language": "en",
        },
    )
    assert (article.url, article.outlet, article.title, article.authors) == (
        "https://narvaherald.ee/news/ferry",
        "narvaherald.ee",
        "Ferry capsizes off Narva",
        ["Anneli Saar"],
    )
    assert (article.published, article.language, article.text) == ("2026-03-11T09:15:00", "en", BODY)


def test_media_cloud_records_map_field_by_field(tmp_path):
    record = {
        "stories_id": 2718281828,
        "url": "https://narvaherald.ee/news/ferry",
        "media_name": "Narva Herald",
        "media_url": "https://narvaherald.ee",
        "title": "Ferry capsizes off Narva",
        "publish_date": "2026-03-11 09:15:00",
        "story_text": BODY,
        "language": "en",
    }
    article = read_record(tmp_path, record)
    assert (article.external_id, article.url, article.outlet) == (
        "2718281828",
        "https://narvaherald.ee/news/ferry",
        "Narva Herald",
    )
    assert (article.title, article.published, article.language, article.text) == (
        "Ferry capsizes off Narva",
        "2026-03-11T09:15:00",
        "en",
        BODY,
    )
    record["text"] = record.pop("story_text")  # newer exports name it text
    assert read_record(tmp_path, record).text == BODY


# --- stdin and the facts a user gives -------------------------------------------------


def test_each_stdin_paste_is_its_own_article_and_the_same_paste_twice_is_unchanged(tmp_path):
    db = str(tmp_path / "x.db")
    first, second = f"Ferry capsizes\n\n{BODY}\n", f"Bridge closes\n\n{BODY.replace('ferry', 'bridge')}\n"
    assert "1 added" in cli_run("ingest", "-", "--db", db, "-q", input=first).stderr
    assert "1 added" in cli_run("ingest", "-", "--db", db, "-q", input=second).stderr
    assert "1 unchanged" in cli_run("ingest", "-", "--db", db, "-q", input=first).stderr
    with Store(db) as store:
        found = list(store.articles(all_versions=True))
    assert sorted(a.title for a in found) == ["Bridge closes", "Ferry capsizes"]
    assert all(a.external_id.startswith("stdin:") and len(a.external_id) == 18 for a in found)
    assert {a.version for a in found} == {1}
    named = cli_run("ingest", "-", "--db", db, "-q", "--id", "my-paste", input=first)
    again = cli_run("ingest", "-", "--db", db, "-q", "--id", "my-paste", input=second)
    assert "1 added" in named.stderr and "1 new version," in again.stderr  # with --id, the same article


def test_given_facts_win_over_what_a_single_input_says(tmp_path):
    db = str(tmp_path / "x.db")
    path = tmp_path / "ferry.html"
    path.write_text(PAGE.format(comment=SAVED_FROM, canonical=""), encoding="utf-8")
    given = ["--id", "ferry-1", "--url", "https://narvaherald.ee/ferry", "--published", "11 March 2026"]
    result = cli_run("ingest", str(path), "--db", db, "-q", *given)
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        article = store.article("ferry-1")
    assert (article.url, article.outlet, article.published) == (
        "https://narvaherald.ee/ferry",
        "narvaherald.ee",
        "2026-03-11",
    )
    cli_run("ingest", str(path), "--db", db, "-q", "--id", "ferry-2", "--outlet", "Narva Herald")
    with Store(db) as store:
        assert store.article("ferry-2").outlet == "Narva Herald"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["{a}", "{b}", "--outlet", "X"], "Error: --outlet describes one article: give one file or -, not 2 inputs"),
        (["{dir}", "--id", "x"], "Error: --id describes one article: give one file or -, not the folder or pattern"),
        (["{a}", "--published", "soon"], "Error: --published='soon' is not accepted; expected a date"),
        (["{a}", "--url", "narvaherald.ee/x"], "Error: --url='narvaherald.ee/x' is not accepted; expected an http"),
    ],
)
def test_given_facts_for_several_inputs_or_that_do_not_read_are_one_error_line(tmp_path, args, error):
    (tmp_path / "a.txt").write_text(f"A\n\n{BODY}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"B\n\n{BODY}", encoding="utf-8")
    paths = {"a": tmp_path / "a.txt", "b": tmp_path / "b.txt", "dir": tmp_path}
    db = tmp_path / "x.db"
    result = cli_run("ingest", *[arg.format(**paths) for arg in args], "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr.startswith(error) and len(result.stderr.strip().splitlines()) == 1
    assert not db.exists()


def test_given_facts_are_refused_for_a_file_of_many_articles(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(f'title,text\nA,"{BODY}"\nB,"{BODY}"\n', encoding="utf-8")
    result = cli_run("ingest", str(path), "--db", str(tmp_path / "x.db"), "--outlet", "Narva Herald")
    assert result.exit_code == 2
    assert f"failed: {path}: holds many articles (csv): --outlet describes one article" in result.stderr


def test_run_takes_every_ingest_option():
    from newstrace.cli import ingest, run

    assert {p.name for p in ingest.params} <= {p.name for p in run.params}


def test_ingest_with_map_then_run_stores_each_body_once(tmp_path):
    db = str(tmp_path / "x.db")
    path = tmp_path / "bodies.csv"
    path.write_text(f'Body ID,articleBody\n7,"{BODY}"\n8,"{BODY.replace("ferry", "barge")}"\n', encoding="utf-8")
    mapping = ["--map", "id=Body ID", "--map", "text=articleBody"]
    assert "2 added" in cli_run("ingest", str(path), "--db", db, "-q", *mapping).stderr
    result = cli_run("run", str(path), "--db", db, "-q", *mapping)
    assert "0 added, 0 new versions, 2 unchanged" in result.stderr
    with Store(db) as store:
        assert sorted(a.external_id for a in store.articles(all_versions=True)) == ["7", "8"]


# --- read commands and a database that is not there ---------------------------------


READ_COMMANDS = [
    ["articles"],
    ["show", "x"],
    ["export"],
    ["copies"],
    ["stories"],
    ["claims"],
    ["sources"],
    ["check", "The ferry capsized"],
    ["serve"],
    ["analyze"],
    ["link"],
    ["assess"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_read_command_refuses_a_missing_database_and_creates_nothing(tmp_path, command):
    db = tmp_path / "mistyped.db"
    result = cli_run(*command, "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no database at {db}: create one with `newstrace ingest FILES --db {db}` "
        f"or `newstrace run FILES --db {db}`\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_database_url_is_not_looked_for_as_a_file(tmp_path):
    result = cli_run("articles", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert result.exit_code == 1
    assert "no database at" not in result.stderr and "cannot use database" in result.stderr


def test_claims_of_a_story_that_does_not_exist_is_one_error_line(tmp_path):
    db = str(tmp_path / "x.db")
    cli_run("ingest", str(tmp_path / "none"), "--db", db, "-q")  # creates the database, stores nothing
    result = cli_run("claims", "--story", "99", "--db", db)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no story with id 99 in ")


# --- naming articles of no outlet ---------------------------------------------------


def test_an_article_of_no_outlet_is_named_by_its_title_never_its_path():
    path = "crawl/000_3c785f62490fcbd7.txt"
    span = TextSpan(0, 5, "claim")
    mentions = [
        ClaimMention(path, span, span, "supports", origin=f"article:{path}", title="Ferry capsizes off Narva"),
        ClaimMention(path, span, span, "supports", origin=f"document:documents@article:{path}", title=None),
        ClaimMention(path, span, span, "supports", origin=f"anonymous:@article:{path}", title=None),
    ]
    names = origin_names(mentions, resolve_entities([]))
    assert names == {
        f"article:{path}": "Ferry capsizes off Narva (own reporting, outlet unknown)",
        f"document:documents@article:{path}": "documents (as seen by Ferry capsizes off Narva)",
        f"anonymous:@article:{path}": "unnamed sources in Ferry capsizes off Narva",
    }
    assert origin_names([ClaimMention(path, span, span, "supports", origin=f"article:{path}")], resolve_entities([]))[
        f"article:{path}"
    ] == ("untitled article (own reporting, outlet unknown)")


def test_the_web_app_names_an_untitled_article_so_never_by_its_path(tmp_path):
    db = str(tmp_path / "x.db")
    path = tmp_path / "000_3c785f62490fcbd7.jsonl"
    path.write_text(json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    cli_run("ingest", str(path), "--db", db, "-q")
    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    page = client.get("/article", params={"id": f"{path}#1"})
    assert page.status_code == 200
    assert "<h1>untitled article</h1>" in page.text
    listing = client.get("/", params={"q": "ferry capsized"})  # search results list article cards
    assert ">untitled article</a>" in listing.text and f">{path}#1<" not in listing.text
