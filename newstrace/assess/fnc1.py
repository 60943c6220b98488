"""FNC-1 (Fake News Challenge, stage 1): reading the files, the official held-out split, scores, training."""

from __future__ import annotations

import csv
import random
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from . import stance_features
from .stance import StanceModel, checked_pairs
from .stance_features import IDF_TERMS, LABELS, TF_TERMS, UNRELATED, Vocabulary

HOLD_OUT_SEED = 1489215
HOLD_OUT_SHARE = 0.2


# --- training and evaluation on FNC-1 -------------------------------------------------------


@dataclass
class Fnc1:
    """FNC-1 pairs: headlines, body ids, bodies by id, and labels (None when the file has no Stance column)."""

    headlines: list[str]
    body_ids: list[int]
    bodies: dict[int, str]
    labels: list[str] | None

    def pairs(self) -> list[tuple[str, str]]:
        return [(h, self.bodies[b]) for h, b in zip(self.headlines, self.body_ids, strict=True)]

    def subset(self, keep_bodies: set[int]) -> Fnc1:
        rows = [i for i, b in enumerate(self.body_ids) if b in keep_bodies]
        return Fnc1(
            [self.headlines[i] for i in rows],
            [self.body_ids[i] for i in rows],
            self.bodies,
            None if self.labels is None else [self.labels[i] for i in rows],
        )


def read_fnc1(bodies_csv: Path, stances_csv: Path) -> Fnc1:
    """FNC-1 files: bodies ("Body ID", articleBody) and stances (Headline, "Body ID"[, Stance])."""
    csv.field_size_limit(1 << 24)
    with open(bodies_csv, encoding="utf-8", newline="") as handle:
        bodies = {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(handle)}
    with open(stances_csv, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    missing = {r["Body ID"] for r in rows if int(r["Body ID"]) not in bodies}
    if missing:
        raise ValueError(f"stances_csv names body ids absent from bodies_csv: {sorted(missing)[:5]}")
    labels = [r["Stance"] for r in rows] if rows and "Stance" in rows[0] else None
    if labels and set(labels) - set(LABELS):
        raise ValueError(f"Stance must be one of {LABELS}, got {sorted(set(labels) - set(LABELS))}")
    return Fnc1([r["Headline"] for r in rows], [int(r["Body ID"]) for r in rows], bodies, labels)


def hold_out_split(body_ids: Sequence[int], *, seed: int = HOLD_OUT_SEED) -> tuple[set[int], set[int]]:
    """(training, held-out) body ids, shuffled as the official FNC-1 baseline does (bodies in file order)."""
    ids = list(body_ids)
    random.Random(seed).shuffle(ids)
    cut = int((1 - HOLD_OUT_SHARE) * len(ids))
    return set(ids[:cut]), set(ids[cut:])


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """FNC-1 score relative to the best achievable: 0.25 per right related/unrelated call, 0.75 more per right label."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if (g == "unrelated") == (p == "unrelated"):
            score += 0.25
            if g == p and g != "unrelated":
                score += 0.75
    return score / best if best else 0.0


def f1_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """F1 per label, plus "macro" (their mean)."""
    scores = {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        n_pred, n_gold = sum(p == label for p in predicted), sum(g == label for g in gold)
        scores[label] = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
    scores["macro"] = sum(scores[label] for label in LABELS) / len(LABELS)
    return scores


@dataclass
class TrainOptions:
    """Training knobs; the defaults reproduce the shipped model."""

    seed: int = 0
    hidden: int = 100
    epochs: int = 30
    # L2 penalty standing in for Riedel et al.'s dropout (scikit-learn's MLP has none).
    alpha: float = 1e-2
    batch_size: int = 500
    # Sample weight per label; "disagree" is rare (4x fewer than agree, 40x fewer than unrelated).
    class_weight: dict[str, float] = field(default_factory=lambda: {"disagree": 3.0})
    tf_terms: int = TF_TERMS
    idf_terms: int = IDF_TERMS
    # A second MLP for agree/disagree/discuss, trained on related pairs only.
    two_stage: bool = False


def train(pairs: Sequence[tuple[str, str]], labels: Sequence[str], options: TrainOptions | None = None) -> StanceModel:
    """Fit the vocabulary and the MLP on labelled ``(claim, body)`` pairs; deterministic for a given seed."""
    options = options or TrainOptions()
    pairs = checked_pairs(pairs)
    if set(labels) != set(LABELS):
        raise ValueError(f"labels must hold each of {LABELS} and nothing else, got {sorted(set(labels))}")
    vocab = Vocabulary.build(
        (text for pair in pairs for text in pair), tf_terms=options.tf_terms, idf_terms=options.idf_terms
    )
    features = stance_features.featurize(pairs, vocab)
    y = np.array([LABELS.index(label) for label in labels])
    weight = np.array([options.class_weight.get(label, 1.0) for label in LABELS])[y]
    weights, biases = _fit_mlp(features, y, weight, options)
    if not options.two_stage:
        return StanceModel(vocab, weights, biases)
    related = np.flatnonzero(y != UNRELATED)
    related_weights, related_biases = _fit_mlp(features[related], y[related], weight[related], options)
    return StanceModel(vocab, weights, biases, related_weights, related_biases)


def _fit_mlp(
    features: sp.csr_matrix, y: np.ndarray, weight: np.ndarray, options: TrainOptions
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Weights and biases of scikit-learn's MLP (Adam, ReLU, softmax) fitted to ``features``."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    mlp = MLPClassifier(
        hidden_layer_sizes=(options.hidden,),
        alpha=options.alpha,
        batch_size=min(options.batch_size, len(y)),
        max_iter=options.epochs,
        random_state=options.seed,
        shuffle=True,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(features, y, sample_weight=weight)
    return [w.astype(np.float32) for w in mlp.coefs_], [b.astype(np.float32) for b in mlp.intercepts_]


def train_hold_out(
    data: Fnc1, options: TrainOptions | None = None, exclude: frozenset[int] = frozenset()
) -> tuple[StanceModel, Fnc1]:
    """A model trained on ``data`` minus the held-out bodies (``hold_out_split``) and ``exclude`` (bodies kept
    for other measures, such as the hand-labelled development stories), and the held-out pairs."""
    if data.labels is None:
        raise ValueError("data must carry a Stance column to train on")
    training, held_out = hold_out_split(list(data.bodies))
    fit = data.subset(training - set(exclude))
    return train(fit.pairs(), fit.labels, options), data.subset(held_out)


def score_report(gold: Sequence[str], predicted: Sequence[str]) -> str:
    """One line: FNC-1 relative score, per-label F1 and macro F1."""
    f1 = f1_scores(gold, predicted)
    per_label = " ".join(f"{label}={f1[label]:.3f}" for label in LABELS)
    return f"FNC {fnc_score(gold, predicted):.4f}  F1 {per_label}  macro={f1['macro']:.3f}  (n={len(gold)})"
