"""Page furniture and scrape artifacts are recognised, and kept out of attributions."""

from __future__ import annotations

from conftest import EXAMPLES, SEEDS, need

from newstrace.analyze import analyze_text
from newstrace.analyze.boilerplate import find_boilerplate
from newstrace.ingest.text import normalize_text, split_title


def kinds(text: str, title: str | None = None) -> list[tuple[str, str]]:
    return [(b.kind, b.span.text) for b in find_boilerplate(text, title)]


def test_widgets_credits_bylines_labels():
    text = (
        "DEVELOPING: The dam held overnight, officials said.\n\nMore On This...\n\n"
        "By Jane Roe\n\nPosted 11 March 2026, 16:05 EET\n\nThe river fell by a metre.\n\n"
        "Jane Roe and The Associated Press contributed to this report.\n\n"
        "(Reporting by Ann Lee; Editing by Bo Dahl)"
    )
    assert kinds(text) == [
        ("slug", "DEVELOPING: "),
        ("furniture", "More On This..."),
        ("byline", "By Jane Roe"),
        ("byline", "Posted 11 March 2026, 16:05 EET"),
        ("credit", "Jane Roe and The Associated Press contributed to this report."),
        ("credit", "(Reporting by Ann Lee; Editing by Bo Dahl)"),
    ]


def test_a_pictures_caption_closed_by_its_credit_reports_nothing():
    text = (
        "The dam held overnight, officials said.\n\n"
        "A man sits by the flooded road near Tarnow on June 12. REUTERS/Jan Kowal\n\n"
        "The mayor speaks at the shelter on Monday. (Ann Lee/Getty Images for the Tarnow Festival)\n\n"
        "The river fell by a metre, Reuters reported.\n\n"
        "The AP/NORC poll found 40 percent of residents want a new dam."  # an agency's name, no credit
    )
    assert [k for k, _ in kinds(text)] == ["caption", "caption"]
    found = analyze_text(text).attributions
    assert [[s.name for s in a.sources] for a in found] == [["officials"], ["Reuters"], ["AP/NORC poll"]]


def test_article_sentences_are_not_boilerplate():
    text = (
        "By Tuesday evening the river had fallen by a metre, the agency said.\n\n"
        "Share prices of the operator fell 9 percent after the report, which comments on safety."
    )
    assert kinds(text) == []


def test_teaser_glued_after_the_end():
    path = EXAMPLES / "northcoastgazette-kuusiranna-survivors-come-ashore.txt"
    title, body = split_title(normalize_text(path.read_text(encoding="utf-8")))
    [teaser] = [b for b in find_boilerplate(body, title) if b.kind == "teaser"]
    assert teaser.span.text.startswith("Record crowds expected at Tartu spring book fair")
    assert body.endswith(teaser.span.text)


def test_repeated_headline_is_marked():
    seed = need(SEEDS) / "002_8be2dfa13b836c33.txt"
    title, body = split_title(normalize_text(seed.read_text(encoding="utf-8")))
    assert kinds(body, title)[0][0] == "title"


def test_teaser_attributions_are_left_out():
    text = (
        "The dam held, officials said.\n\nLucas Tomlinson contributed to this report.\n\n"
        "Record crowds expected at book fair\n\nOrganisers said they expect 40,000 visitors. Read more »"
    )
    sources = [s.name for a in analyze_text(text).attributions for s in a.sources]
    assert sources == ["officials"]


def test_no_sentence_runs_across_paragraphs():
    from newstrace.analyze import load_model

    doc = load_model()("Record crowds expected at book fair\n\nOrganisers said they expect visitors.")
    assert [s.text.strip() for s in doc.sents] == [
        "Record crowds expected at book fair",
        "Organisers said they expect visitors.",
    ]


def test_a_sentence_runs_on_after_an_abbreviation():
    from newstrace.analyze import load_model

    doc = load_model()(
        "The call came at 2:17 a.m. local time, the coast guard said. It left at 9 a.m. The crew stayed.\n\nnext"
    )
    assert [s.text.strip() for s in doc.sents] == [
        "The call came at 2:17 a.m. local time, the coast guard said.",
        "It left at 9 a.m.",
        "The crew stayed.",
        "next",
    ]
