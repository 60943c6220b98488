"""Claim exports: ClaimReview checked against schema.org's properties, GDELT-style mentions, claims as CSV."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from conftest import database
from test_pipeline_examples import run_examples

from newstrace.cli import cli
from newstrace.export_claimreview import CLAIM_REVIEWED_CHARS, claim_review, claim_reviewed
from newstrace.export_claims import CLAIM_COLUMNS, GDELT_COLUMNS, ArticleRef, gdelt_time, mention_row
from newstrace.models import Claim, ClaimMention, Origin, Source, TextSpan

# schema.org's properties per type (https://schema.org/ClaimReview and the types it names), each type with those
# of the types it extends. A subset: the ones an export could sensibly use; every one is schema.org's.
THING = {"name", "alternateName", "description", "identifier", "url", "sameAs", "image"}
CREATIVE_WORK = THING | {
    "author",
    "datePublished",
    "dateCreated",
    "dateModified",
    "headline",
    "publisher",
    "text",
    "inLanguage",
    "about",
    "abstract",
    "creator",
    "sourceOrganization",
    "isPartOf",
}
PROPERTIES = {
    "ClaimReview": CREATIVE_WORK | {"itemReviewed", "reviewBody", "reviewRating", "reviewAspect", "claimReviewed"},
    "Claim": CREATIVE_WORK | {"appearance", "firstAppearance", "claimInterpreter"},
    "CreativeWork": CREATIVE_WORK,
    "Rating": THING | {"ratingValue", "bestRating", "worstRating", "ratingExplanation", "reviewAspect", "author"},
    "Organization": THING | {"legalName", "address"},
    "Person": THING | {"givenName", "familyName", "affiliation", "jobTitle"},
}
# The types schema.org accepts as each property's value ("Text", "URL", "Date" for strings).
RANGES = {
    "author": {"Organization", "Person"},
    "publisher": {"Organization", "Person"},
    "itemReviewed": {"Claim", "CreativeWork"},
    "reviewRating": {"Rating"},
    "appearance": {"CreativeWork"},
    "firstAppearance": {"CreativeWork"},
    "url": {"URL"},
    "datePublished": {"Date"},
}
# GDELT 2.0 Mentions' columns, in its order (GDELT Event Codebook V2.0, "Mentions table").
GDELT_MENTIONS = """GLOBALEVENTID EventTimeDate MentionTimeDate MentionType MentionSourceName MentionIdentifier
SentenceID Actor1CharOffset Actor2CharOffset ActionCharOffset InRawText Confidence MentionDocLen MentionDocTone
MentionDocTranslationInfo Extras"""
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?$")


def schema_problems(node: dict, path: str = "$") -> list[str]:
    """What in ``node`` (a JSON-LD object and all it holds) is not schema.org: unknown types, properties a type
    lacks, values of a type the property does not take."""
    kind = node.get("@type")
    if kind not in PROPERTIES:
        return [f"{path}: unknown @type {kind!r}"]
    problems = []
    for name, value in node.items():
        if name.startswith("@"):
            continue
        if name not in PROPERTIES[kind]:
            problems.append(f"{path}: {kind} has no property {name!r}")
        for item in value if isinstance(value, list) else [value]:
            problems += _value_problems(name, item, f"{path}.{name}")
    return problems


def _value_problems(name: str, value, path: str) -> list[str]:
    accepted = RANGES.get(name, {"Text"})
    if isinstance(value, dict):
        if value.get("@type") not in accepted:
            return [f"{path}: {value.get('@type')!r} is not one of {sorted(accepted)}"]
        return schema_problems(value, path)
    if not isinstance(value, str) or not value:
        return [f"{path}: {value!r} is no text"]
    if "URL" in accepted and not value.startswith(("http://", "https://")):
        return [f"{path}: {value!r} is no web URL"]
    if "Date" in accepted and not ISO_DATE.match(value):
        return [f"{path}: {value!r} is no ISO 8601 date"]
    return []


def google_problems(review: dict) -> list[str]:
    """What Google's fact-check markup requires and the review lacks."""
    problems = [f"no {name}" for name in ("claimReviewed", "reviewRating", "itemReviewed", "url") if name not in review]
    rating = review.get("reviewRating", {})
    if not ({"alternateName", "ratingValue"} & set(rating)):
        problems.append("reviewRating has neither alternateName nor ratingValue")
    return problems


@pytest.fixture(scope="module")
def examples_db(request, tmp_path_factory):
    return run_examples(database(request, "sqlite", tmp_path_factory.mktemp("export")))


def export(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--db", db, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_claimreview_is_schema_org_and_what_google_requires(examples_db):
    reviews = json.loads(export(examples_db, "--format", "claimreview", "--review-url-base", "https://fc.example/"))
    assert len(reviews) > 50
    for review in reviews:
        assert review["@context"] == "https://schema.org"
        assert schema_problems(review) == [], review["claimReviewed"]
        assert google_problems(review) == [], review["claimReviewed"]
        assert re.fullmatch(r"https://fc\.example/claim/\d+", review["url"])
        assert len(review["claimReviewed"]) <= CLAIM_REVIEWED_CHARS
        urls = [work["url"] for work in review["itemReviewed"].get("appearance", [])]
        assert len(urls) == len(set(urls))  # one appearance per article URL
        assert not re.search(r'"(?:examples/|/tmp|file:)', json.dumps(review))  # never a local path
    disputed = [r for r in reviews if r["reviewRating"]["alternateName"] == "Disputed by independent sources"]
    first = disputed[0]["itemReviewed"]
    assert first["author"] == {"@type": "Organization", "name": "the Estonian government"}
    assert first["datePublished"] and first["firstAppearance"] == first["appearance"][0]
    authors = [r["itemReviewed"]["author"] for r in reviews if "author" in r["itemReviewed"]]
    assert {"Person", "Organization"} <= {a["@type"] for a in authors if isinstance(a, dict)}


def test_status_and_min_origins_choose_the_claims_of_every_claim_format(examples_db):
    everything = json.loads(export(examples_db, "--format", "claimreview"))
    disputed = json.loads(export(examples_db, "--format", "claimreview", "--status", "disputed"))
    assert 0 < len(disputed) < len(everything)
    assert {r["reviewRating"]["alternateName"] for r in disputed} == {"Disputed by independent sources"}
    rows = list(csv.DictReader(io.StringIO(export(examples_db, "--format", "claims-csv", "--min-origins", "2"))))
    assert rows and all(int(row["supporting"]) >= 2 for row in rows)
    claims = json.loads(export(examples_db, "--status", "corroborated,denied"))["claims"]
    assert claims and {c["status"] for c in claims} == {"corroborated", "denied"}
    mentions = export(examples_db, "--format", "gdelt-mentions", "--status", "disputed").splitlines()[1:]
    assert {line.split("\t")[0] for line in mentions} == {str(c["id"]) for c in _claims(examples_db, "disputed")}


def _claims(db: str, status: str) -> list[dict]:
    return json.loads(export(db, "--status", status))["claims"]


def test_claims_csv_has_one_row_per_claim_with_its_origins(examples_db, tmp_path):
    out = tmp_path / "claims.csv"
    result = CliRunner().invoke(cli, ["export", "--db", examples_db, "--format", "claims-csv", "--out", str(out)])
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert result.stderr.strip() == f"Wrote {len(rows)} claims to {out}"
    assert tuple(rows[0]) == CLAIM_COLUMNS
    first = rows[0]
    assert first["status"] == "disputed" and first["supporting_origins"] == "the Estonian government"
    assert first["disputing_origins"] == "the Finnish government" and first["claimed_by"] == "the Estonian government"
    assert first["first_seen"].startswith("2026-03-10") and int(first["mentions"]) >= 1
    tabbed = export(examples_db, "--format", "claims-csv", "--delimiter", "tab").splitlines()
    assert tabbed[0].split("\t") == list(CLAIM_COLUMNS)


def test_gdelt_mentions_mirror_gdelt_columns_with_offsets_into_the_text(examples_db):
    rows = list(csv.DictReader(io.StringIO(export(examples_db, "--format", "gdelt-mentions")), delimiter="\t"))
    assert tuple(rows[0]) == GDELT_COLUMNS
    assert list(rows[0])[:16] == GDELT_MENTIONS.split()
    document = json.loads(export(examples_db))
    texts = {a["external_id"]: a["text"] for a in document["articles"]}
    assert len(rows) == sum(len(c["mentions"]) for c in document["claims"])
    for row in rows:
        text = texts[row["ArticleID"]]
        assert int(row["MentionDocLen"]) == len(text) and 10 <= int(row["Confidence"]) <= 100
        assert re.fullmatch(r"(\d{14})?", row["EventTimeDate"]) and row["MentionType"] == "1"
        if row["InRawText"] == "1":
            start, end = int(row["ActionCharOffset"]), int(row["ActionCharEnd"])
            assert text[start:end] == row["MentionText"] and row["SentenceID"].isdigit()
        if row["Actor1CharOffset"] != "-1":
            offset = int(row["Actor1CharOffset"])
            assert text[offset : offset + len(row["Source"])] == row["Source"]
        assert row["MentionIdentifier"].startswith("http") or row["MentionIdentifier"] == row["ArticleID"]
    assert {"supports", "denies"} <= {row["Stance"] for row in rows}


def test_a_claim_cut_for_claimreviewed_ends_at_a_word_with_an_ellipsis():
    assert claim_reviewed("Short enough.") == "Short enough."
    long = "The MV Larkspur, operated by the Estonian company Nordvik Ferries, was carrying 186 passengers"
    assert claim_reviewed(long, 68) == "The MV Larkspur, operated by the Estonian company Nordvik Ferries…"
    assert claim_reviewed(long) == "The MV Larkspur, operated by the Estonian company Nordvik Ferries, was…"


def test_appearances_are_one_per_url_and_leave_out_articles_without_one():
    def mention(article, start=0):
        return ClaimMention(article, TextSpan(start, start + 5, "Ferry"), TextSpan(0, 9, "Ferry ok."), "supports")

    claim = Claim(
        id=7,
        story=1,
        text="The ferry sank",
        status="single_source",
        supporting=1,
        mentions=[mention("a"), mention("a", 20), mention("copy-of-a"), mention("notes.txt")],
        origins={"supporting": [Origin("person:mari kask", "Mari Kask")], "disputing": [], "unconfirmed": []},
    )
    url = "https://news.example/ferry"
    articles = {
        "a": ArticleRef(url, "News", "Ferry", "2026-03-10", 100),
        "copy-of-a": ArticleRef(url, "News", "Ferry", "2026-03-10", 100),
        "notes.txt": ArticleRef(None, None, "Notes", None, 50),
    }
    review = claim_review(claim, articles)
    assert [w["url"] for w in review["itemReviewed"]["appearance"]] == [url]
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Mari Kask"}
    assert "url" not in review  # no --review-url-base: no review URL is invented
    assert schema_problems(review) == []


def test_gdelt_times_are_utc():
    assert gdelt_time("2026-03-10T10:48:00-04:00") == "20260310144800"
    assert gdelt_time("2026-03-10") == "20260310000000"
    assert gdelt_time(None) == ""


def test_a_source_in_a_chain_is_named_in_a_gdelt_row():
    sentence = TextSpan(100, 140, "Officials said the ferry sank at night.")
    found = ClaimMention(
        "a", TextSpan(115, 138, "the ferry sank at night"), sentence, "supports", (Source("Officials", "x", "group"),)
    )
    row = mention_row(Claim(id=1, story=1, text="t", status="single_source"), found, None, 3)
    assert (row["Actor1CharOffset"], row["ActionCharOffset"], row["SentenceID"]) == (100, 115, 3)
    assert row["MentionIdentifier"] == "a" and row["Confidence"] == 100
