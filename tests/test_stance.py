"""Stance: the shipped model loads without pickle, reads hand-written pairs, justifies, and holds a quality floor."""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import FNC1_BODIES, REPO, need

from newstrace.assess import stance_features
from newstrace.assess.fnc1 import TrainOptions, f1_scores, fnc_score, hold_out_split, read_fnc1, train
from newstrace.assess.stance import MODEL_FILE, StanceModel, StanceResult, justify
from newstrace.assess.stance_features import LABELS

CLAIM = "A shark was photographed swimming down a flooded highway in Houston after the hurricane"
DEBUNK = (
    "A picture said to show a shark swimming down a flooded Houston highway spread quickly after the hurricane.\n"
    "The photo is fake. Fact-checkers debunked it within hours: it is a hoax that has circulated since 2011, "
    "and the shark was pasted into the image.\n"
    "Officials denied that any shark had been seen on the highway."
)
UNRELATED = (
    "The city council voted on Tuesday to extend opening hours at the public library. "
    "Readers will be able to borrow books until nine in the evening from next month, the mayor said."
)


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return StanceModel.load()


def test_shipped_model_loads_without_pickle_and_is_cached(model):
    with np.load(MODEL_FILE, allow_pickle=False) as arrays:
        assert all(arrays[name].dtype.kind == "f" for name in arrays.files)
    assert StanceModel.load() is model


def test_a_body_about_something_else_is_unrelated(model):
    [result] = model.predict([(CLAIM, UNRELATED)])
    assert result.label == "unrelated"
    assert result.stance is None
    assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-4)


def test_a_debunking_body_does_not_agree(model):
    [result] = model.predict([(CLAIM, DEBUNK)])
    # FNC-1-trained models rarely say "disagree" outside FNC-1's topics; "discuss" is the honest floor here.
    assert result.label in ("disagree", "discuss"), result


def test_a_confirming_body_leans_to_agree(model):
    claim = "Apple will stop selling the iPod Classic, the company confirmed"
    body = (
        "Apple has confirmed it will stop selling the iPod Classic. The company said on Tuesday that the music "
        "player, launched in 2001, has been discontinued and removed from its online store."
    )
    [result] = model.predict([(claim, body)])
    assert result.label in ("agree", "discuss"), result
    assert result.probabilities["agree"] > result.probabilities["disagree"]


def test_product_stances():
    probabilities = dict.fromkeys(LABELS, 0.25)
    assert StanceResult("agree", probabilities).stance == "supports"
    assert StanceResult("disagree", probabilities).stance == "denies"
    assert StanceResult("discuss", probabilities).stance == "mentions"
    assert StanceResult("discuss", probabilities, hedged=True).stance == "unconfirmed"


def test_names_unseen_in_training_still_tie_a_claim_to_its_body(model):
    vocab = model.vocab.extend(["Zorblax Quintavelle opened the Vrellish ferry"])
    assert {"zorblax", "quintavelle", "vrellish"} <= set(vocab.terms[len(model.vocab.terms) :])
    assert "the" not in vocab.index
    claim = "Zorblax Quintavelle resigns from Vrellish ferry board"
    body = "Zorblax Quintavelle has resigned from the board of the Vrellish ferry company. " + UNRELATED
    [related, unrelated] = model.predict([(claim, body), (claim, UNRELATED)])
    assert related.label != "unrelated"
    assert unrelated.label == "unrelated"


def test_predict_checks_its_input(model):
    assert model.predict([]) == []
    with pytest.raises(ValueError, match="pairs"):
        model.predict([CLAIM])


def test_justify_gives_offsets_into_the_body():
    found = justify(CLAIM, DEBUNK)
    assert found
    for item in found:
        assert DEBUNK[item.span.start : item.span.end] == item.span.text
        assert item.span.text.strip() == item.span.text
    kinds = {item.kind for item in found}
    assert "refuting" in kinds
    assert any("fake" in item.span.text for item in found if item.kind == "refuting")
    assert not justify(CLAIM, "")


def test_scores_follow_fnc1():
    gold = ["agree", "unrelated", "discuss", "disagree"]
    assert fnc_score(gold, gold) == 1.0
    # right related call but wrong label: 0.25 of 1.0; unrelated right: 0.25 of 0.25
    assert fnc_score(gold, ["discuss", "unrelated", "agree", "unrelated"]) == pytest.approx((0.25 + 0.25 + 0.25) / 3.25)
    assert f1_scores(gold, gold)["macro"] == 1.0


def write_tiny_fnc1(folder: Path) -> None:
    """Twenty bodies, every label on each, in FNC-1's file layout."""
    folder.mkdir()
    topics = ["volcano", "bridge", "election", "vaccine", "satellite"]
    with open(folder / "train_bodies.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Body ID", "articleBody"])
        for i in range(20):
            topic = topics[i % len(topics)]
            writer.writerow(
                [i, f"Reports about the {topic} story number {i}. Officials said the {topic} news is fake."]
            )
    with open(folder / "train_stances.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Headline", "Body ID", "Stance"])
        for i in range(20):
            topic = topics[i % len(topics)]
            for label in LABELS:
                writer.writerow([f"{label} claim about the {topic}", i, label])


def test_training_script_and_runtime_share_the_feature_code(tmp_path, monkeypatch):
    """The training script goes through stance_features.featurize, as predict does."""
    calls = []
    original = stance_features.featurize

    def spy(pairs, vocab):
        calls.append(len(pairs))
        return original(pairs, vocab)

    monkeypatch.setattr(stance_features, "featurize", spy)
    monkeypatch.syspath_prepend(str(REPO / "scripts"))
    import train_stance

    data = tmp_path / "fnc"
    write_tiny_fnc1(data)
    out_model, out_vocab = tmp_path / "m.npz", tmp_path / "v.json"
    arguments = ["--data", str(data), "--model", str(out_model), "--vocab", str(out_vocab), "--dev", str(tmp_path)]
    assert train_stance.main(arguments) == 0
    training, held_out = hold_out_split(list(range(20)))
    assert calls == [4 * len(training), 4 * len(held_out)]
    trained = StanceModel.load(out_model, out_vocab)
    calls.clear()
    assert len(trained.predict([(CLAIM, DEBUNK)])) == 1
    assert calls == [1]
    sys.modules.pop("train_stance", None)


def test_a_saved_two_stage_model_predicts_as_trained(tmp_path):
    write_tiny_fnc1(tmp_path / "fnc")
    data = read_fnc1(tmp_path / "fnc" / "train_bodies.csv", tmp_path / "fnc" / "train_stances.csv")
    trained = train(data.pairs(), data.labels, TrainOptions(epochs=5, hidden=8, two_stage=True))
    trained.save(tmp_path / "m.npz", tmp_path / "v.json")
    loaded = StanceModel.load(tmp_path / "m.npz", tmp_path / "v.json")
    pairs = data.pairs()[:8]
    before, after = trained.predict(pairs), loaded.predict(pairs)
    for a, b in zip(before, after, strict=True):
        assert sum(b.probabilities.values()) == pytest.approx(1.0, abs=1e-4)
        for label in LABELS:
            assert a.probabilities[label] == pytest.approx(b.probabilities[label], abs=0.01)


# Measured on this 1,000-pair slice: FNC 0.907, macro F1 0.813 (all 9,622 held-out pairs: 0.905, 0.804).
# The floor leaves room for a retrained model's noise.
FLOOR_FNC = 0.88
FLOOR_MACRO_F1 = 0.75


def test_quality_floor_on_held_out_bodies(model):
    bodies = need(FNC1_BODIES)
    data = read_fnc1(bodies, bodies.parent / "train_stances.csv")
    held_out = data.subset(hold_out_split(list(data.bodies))[1])
    rows = random.Random(0).sample(range(len(held_out.labels)), 1000)
    pairs = held_out.pairs()
    predicted = [r.label for r in model.predict([pairs[i] for i in rows])]
    gold = [held_out.labels[i] for i in rows]
    assert fnc_score(gold, predicted) >= FLOOR_FNC
    assert f1_scores(gold, predicted)["macro"] >= FLOOR_MACRO_F1


def test_a_denial_of_something_else_does_not_deny_the_claim():
    from newstrace.assess.stance import article_stances

    claim = "Harbour Line operates six ferries on routes between Vormsi and the mainland."
    other = (
        "Harbour Line runs the island routes under a state contract.\n\n"
        "“Harbour Line has never skipped a required safety inspection on any of its ferries, and any suggestion "
        "otherwise is simply false,” a company spokesman said."
    )
    [(stance, _)] = article_stances([(claim, other)])
    assert stance != "denies"


def test_an_article_of_the_same_story_that_never_speaks_to_the_claim_does_not_mention_it():
    from newstrace.assess.stance import article_stances

    claim = "Harbour Line had warned the maritime regulator about a faulty valve in January."
    same_story = (
        "The Harbour Line ferry Vormsi Star sank off the island on Monday. Harbour Line operates six ferries on routes "
        "between Vormsi and the mainland. Rescue crews searched the water through the night."
    )
    speaks_to_it = same_story + " Harbour Line said it had warned the regulator in January about the valve."
    [(unrelated, none), (mentioned, sentence)] = article_stances([(claim, same_story), (claim, speaks_to_it)])
    assert (unrelated, none) == (None, None)
    assert mentioned is not None and "warned the regulator" in sentence.text
