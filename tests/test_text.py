"""The small pure helpers of ingest: text clean-up, URLs, dates, authors."""

import pytest

from newstrace.errors import BadInput
from newstrace.ingest.meta import iso_date, language_code, registered_domain, split_authors, url_key
from newstrace.ingest.sources import is_safe_member, sniff_format
from newstrace.ingest.text import decode, drop_leading_title, normalize_text, split_title


def test_normalize_text_folds_space_and_keeps_paragraphs():
    raw = "  Cafe\u0301  opens\u00a0today.\r\n\r\n\r\n\tSecond\u200b paragraph,\nsame paragraph.  "
    assert normalize_text(raw) == "Café opens today.\n\nSecond paragraph,\nsame paragraph."


def test_normalize_text_line_per_paragraph():
    assert normalize_text("One.\nTwo.\n\n\nThree.", line_per_paragraph=True) == "One.\n\nTwo.\n\nThree."


def test_split_title_and_drop_leading_title():
    assert split_title("\n\nHeadline here\n\nBody one.\n\nBody two.") == (
        "Headline here",
        "Body one.\n\nBody two.",
    )
    assert split_title("") == (None, "")
    assert drop_leading_title("Big News\n\nBody.", "big news") == "Body."
    assert drop_leading_title("Other\n\nBody.", "Big News") == "Other\n\nBody."


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t ", "holds only white space"),
        (b"%PDF-1.7 stuff", "binary content (a PDF document), not text"),
        (b"text\x00with\x00nul", "binary content (NUL bytes), not text"),
    ],
)
def test_decode_refuses_non_text(raw, reason):
    with pytest.raises(BadInput) as caught:
        decode(raw)
    assert caught.value.reason == reason


def test_decode_falls_back_from_utf8():
    assert decode("Příliš žluťoučký kůň úpěl ďábelské ódy.".encode("cp1250")).startswith("P")
    assert decode("\ufeffcafé".encode()) == "café"


def test_url_key_identifies_the_same_page():
    same = [
        "https://www.Example.com/news/story/?utm_source=tw&b=2&a=1#comments",
        "http://example.com/news/story?a=1&b=2",
    ]
    assert url_key(same[0]) == url_key(same[1]) == "example.com/news/story?a=1&b=2"
    assert url_key("https://example.com/news/other") != url_key(same[0])
    assert url_key(None) is None
    assert url_key("   ") is None


def test_registered_domain_uses_the_public_suffix_list_offline():
    assert registered_domain("https://www.dailymeridian.co.uk/world/x") == "dailymeridian.co.uk"
    assert registered_domain("https://edition.cnn.com/2015/10/08/") == "cnn.com"
    assert registered_domain(None) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-10-08", "2015-10-08"),
        ("2015-10-08T14:32:00+02:00", "2015-10-08T14:32:00+02:00"),
        ("2015-10-08T14:32:00+0200", "2015-10-08T14:32:00+02:00"),
        ("2015-10-08 09:00:00Z", "2015-10-08T09:00:00+00:00"),
        ("2015-10-08T00:00:00", "2015-10-08"),
        ("Thu, 08 Oct 2015 16:20:00 GMT", "2015-10-08T16:20:00+00:00"),
        ("October 8, 2015", "2015-10-08"),
        ("8 Oct 2015", "2015-10-08"),
        ("yesterday", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_split_authors():
    assert split_authors("By Jane Roe and John Doe") == ["Jane Roe", "John Doe"]
    assert split_authors("Jane Roe; John Doe; Jane Roe") == ["Jane Roe", "John Doe"]
    assert split_authors([{"name": "A. Writer"}, "B. Writer"]) == ["A. Writer", "B. Writer"]
    assert split_authors(None) == []


def test_language_code():
    assert language_code("en-GB") == "en"
    assert language_code("pt_BR") == "pt"
    assert language_code("???") is None


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("a/b.html", True),
        ("../evil.html", False),
        ("a/../../evil.html", False),
        ("/etc/passwd", False),
        ("C:/x.html", False),
        ("..\\evil.html", False),
        ("a..b.html", True),
    ],
)
def test_is_safe_member(name, safe):
    assert is_safe_member(name) is safe


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"WARC/1.0\r\n", "warc"),
        (b'[{"a": 1}]', "json"),
        (b'{"a": 1}\n', "jsonl"),
        (b"<!doctype html>", "html"),
        (b'<?xml version="1.0"?><rss version="2.0">', "feed"),
        (b"Plain words", "text"),
        (b"\x1f\x8b\x08", "gzip"),
    ],
)
def test_sniff_format(head, fmt):
    assert sniff_format(head) == fmt
