"""The attribution CRF: the shipped model loads, tags a plain report, and reads the same features it was trained on."""

from __future__ import annotations

import inspect
import sys

import pytest
from conftest import REPO

from newstrace.analyze import find_attributions, load_model
from newstrace.analyze.attributions import quote_spans, rule_tags
from newstrace.analyze.tagger import bio_tags, in_quotes, load_tagger, spans_from_tags, tag_doc, token_features

sys.path.insert(0, str(REPO / "scripts"))


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def test_model_loads_with_the_three_roles():
    labels = set(load_tagger().labels())
    assert {f"{p}-{r}" for p in "BI" for r in ("SOURCE", "CUE", "CONTENT")} <= labels


def test_a_plain_report_gets_source_cue_and_content(nlp):
    doc = nlp("The harbour master said on Tuesday that the ferry had been running late for weeks.")
    rules = rule_tags(doc, find_attributions(doc, mode="rules"))
    spans = {(s.role, doc[s.start : s.end].text) for s in tag_doc(doc, quote_spans(doc.text), rules)}
    assert ("SOURCE", "The harbour master") in spans
    assert ("CUE", "said") in spans
    assert any(role == "CONTENT" and "the ferry had been running late" in text for role, text in spans)


def test_combined_records_keep_the_attribution_shape(nlp):
    doc = nlp("The harbour master said on Tuesday that the ferry had been running late for weeks.")
    (record,) = find_attributions(doc)
    assert [s.text for s in record.source] == ["The harbour master"]
    assert record.cue_class == "say"
    assert record.sources and record.sources[0].type


def test_bio_tags_round_trip(nlp):
    doc = nlp("Officials said the dam held.")
    tags = bio_tags(doc, [("SOURCE", 0, 9), ("CUE", 10, 14), ("CONTENT", 15, 27)])
    assert tags == ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "O"]
    assert [(s.role, s.start, s.end) for s in spans_from_tags(tags)] == [
        ("SOURCE", 0, 1),
        ("CUE", 1, 2),
        ("CONTENT", 2, 5),
    ]


def test_training_and_tagging_share_one_feature_function():
    import train_attribution_tagger as training

    from newstrace.analyze import tagger

    assert training.token_features is tagger.token_features
    assert training.in_quotes is tagger.in_quotes
    assert training.candidate_sentences is tagger.candidate_sentences
    assert "token_features(" in inspect.getsource(tagger.tag_doc)
    assert "token_features(" in inspect.getsource(training.sequences)


def test_features_see_quotes_and_rules(nlp):
    doc = nlp('"The dam held," officials said.')
    quoted = in_quotes(doc, quote_spans(doc.text))
    rules = rule_tags(doc, find_attributions(doc, mode="rules"))
    rows = token_features(next(doc.sents), quoted, rules)
    assert "q=True" in rows[1] and "q=False" in rows[-2]
    assert any(f.startswith("r=B-CUE") for f in rows[-2])


def test_unknown_mode_is_refused(nlp):
    with pytest.raises(ValueError, match="mode"):
        find_attributions(nlp("Officials said the dam held."), mode="crf")
