"""Stance of an article toward a claim: agree, disagree, discuss or unrelated (FNC-1 labels).

The model follows Riedel et al. 2017, "A simple but tough-to-beat baseline for
the Fake News Challenge stance detection task" (arXiv:1707.03264): L2-normalised
term frequencies of the claim and of the body over the most frequent terms, the
TF-IDF cosine of the pair, one hidden layer of ReLU units and a softmax. Beside
those we add a few dense features aimed at agree/disagree: refuting, hedging and
negation cues (lists after the FNC-1 baseline, Pomerleau and Rao 2017) in the
body sentences most similar to the claim, and claim/body term overlap; the
rare "disagree" class weighs three times in training. On FNC-1 bodies held out
as the official baseline holds them out: FNC score 0.905, macro F1 0.804
(``bench/stance_fnc1.py``); the cue features add about 0.004 and 0.02.

Training (``train``) uses scikit-learn's MLP; the shipped model is stored
without pickle (a JSON vocabulary and float16 weights in an ``.npz``) and run
with a numpy forward pass. ``featurize`` is the one feature code path for
training and prediction.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..models import TextSpan
from . import stance_features
from .stance_features import (
    DENSE,
    LABELS,
    STOP_WORDS,
    TOP_SENTENCES,
    UNRELATED,
    BodyFeatures,
    Vocabulary,
    body_features,
    claim_terms,
    sentence_spans,
    tokens,
)

PRODUCT_STANCE = {"agree": "supports", "disagree": "denies", "discuss": "mentions", "unrelated": None}
DATA = Path(__file__).resolve().parent / "data"
MODEL_FILE = DATA / "stance.npz"
VOCAB_FILE = DATA / "stance_vocab.json"


# Probability of "disagree" from which the judge may read the model's refuting sentence (newstrace.assess.judge
# reads it from DISAGREE_PROBABILITY, which must not be lower).
EXPLAINED = 0.3
# Cosine to the claim a refuting sentence needs to make the article a denial of it.
REFUTING_SIMILARITY = 0.15
# Lower-case content words (not names) a refuting sentence must share with the claim it denies.
REFUTING_SHARED_WORDS = 2


@dataclass(frozen=True)
class StanceResult:
    """The stance of one body toward one claim.

    ``label`` is an FNC-1 label (agree, disagree, discuss, unrelated);
    ``probabilities`` maps every label to the model's probability;
    ``hedged`` says a hedging cue sits in a body sentence close to the claim.
    """

    label: str
    probabilities: dict[str, float]
    hedged: bool = False

    @property
    def stance(self) -> str | None:
        """The product's stance: supports, denies, unconfirmed, mentions, or None (unrelated)."""
        if self.label == "discuss" and self.hedged:
            return "unconfirmed"
        return PRODUCT_STANCE[self.label]


def _mlp(features: sp.csr_matrix, weights: list[np.ndarray], biases: list[np.ndarray]) -> np.ndarray:
    """Softmax outputs of a ReLU MLP, one row per feature row (numpy forward pass)."""
    hidden = features
    for w, b in zip(weights[:-1], biases[:-1], strict=True):
        hidden = np.maximum(hidden @ w + b, 0.0)
    logits = hidden @ weights[-1] + biases[-1]
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` with fixed timestamps, so retraining an unchanged model rewrites the same bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as handle:
                np.lib.format.write_array(handle, array, allow_pickle=False)


@dataclass
class StanceModel:
    """Vocabulary and MLP weights (one ReLU hidden layer, softmax output over LABELS).

    With ``related_weights`` the model has two stages: the first MLP gives the
    probability of "unrelated", the second splits the rest among agree,
    disagree and discuss.
    """

    vocab: Vocabulary
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    related_weights: list[np.ndarray] = field(default_factory=list)
    related_biases: list[np.ndarray] = field(default_factory=list)

    @classmethod
    def load(cls, model_file: Path | None = None, vocab_file: Path | None = None) -> StanceModel:
        """The shipped model (cached), or the one saved at the given paths."""
        if model_file is None and vocab_file is None:
            return _shipped()
        return cls._read(Path(model_file or MODEL_FILE), Path(vocab_file or VOCAB_FILE))

    @classmethod
    def _read(cls, model_file: Path, vocab_file: Path) -> StanceModel:
        meta = json.loads(vocab_file.read_text(encoding="utf-8"))
        if tuple(meta["dense"]) != DENSE or tuple(meta["labels"]) != LABELS:
            raise ValueError(f"vocab_file {vocab_file} was written for other features or labels")
        with np.load(model_file, allow_pickle=False) as arrays:
            layers = {prefix: sum(1 for k in arrays.files if k.startswith(prefix + "w")) for prefix in ("", "r")}
            weights, biases = ([arrays[f"{p}{i}"].astype(np.float32) for i in range(layers[""])] for p in "wb")
            related_weights, related_biases = (
                [arrays[f"r{p}{i}"].astype(np.float32) for i in range(layers["r"])] for p in "wb"
            )
        vocab = Vocabulary(meta["terms"], np.array(meta["idf"], dtype=np.float32), meta["tf_terms"])
        return cls(vocab, weights, biases, related_weights, related_biases)

    def save(self, model_file: Path = MODEL_FILE, vocab_file: Path = VOCAB_FILE) -> None:
        """Write weights as float16 arrays and the vocabulary as JSON (no pickle)."""
        arrays = {}
        for prefix, weights, biases in (
            ("", self.weights, self.biases),
            ("r", self.related_weights, self.related_biases),
        ):
            arrays |= {f"{prefix}w{i}": w.astype(np.float16) for i, w in enumerate(weights)}
            arrays |= {f"{prefix}b{i}": b.astype(np.float32) for i, b in enumerate(biases)}
        _write_npz(model_file, arrays)
        meta = {
            "labels": list(LABELS),
            "dense": list(DENSE),
            "tf_terms": self.vocab.tf_terms,
            "terms": self.vocab.terms,
            "idf": [round(float(x), 4) for x in self.vocab.idf],
        }
        vocab_file.write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")

    def probabilities(self, features: sp.csr_matrix) -> np.ndarray:
        """Probabilities over LABELS, one row per feature row."""
        probabilities = _mlp(features, self.weights, self.biases)
        if self.related_weights:
            unrelated = probabilities[:, UNRELATED : UNRELATED + 1]
            probabilities = np.hstack(
                [(1 - unrelated) * _mlp(features, self.related_weights, self.related_biases), unrelated]
            )
        return probabilities

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        """The stance of each ``(claim_text, body_text)`` pair."""
        pairs = checked_pairs(pairs)
        if not pairs:
            return []
        features = stance_features.featurize(pairs, self.vocab)
        probabilities = self.probabilities(features)
        hedged = features[:, -len(DENSE) + DENSE.index("hedging_top")].toarray().ravel() > 0
        return [
            StanceResult(LABELS[int(row.argmax())], dict(zip(LABELS, map(float, row), strict=True)), bool(h))
            for row, h in zip(probabilities, hedged, strict=True)
        ]


@dataclass(frozen=True)
class ArticleSignal:
    """What the shipped model reads in one article about one claim.

    ``label`` is the FNC-1 label (None when no sentence of the article engages
    the claim, so the model was not asked), ``probabilities`` the model's;
    ``refuting`` a sentence close to the claim that refutes it ("a hoax",
    "denied"), ``hedging`` one that hedges it, ``closest`` the most similar
    sentence that engages it (shares REFUTING_SHARED_WORDS plain words).
    """

    label: str | None
    probabilities: dict[str, float] = field(default_factory=dict)
    hedged: bool = False
    refuting: TextSpan | None = None
    hedging: TextSpan | None = None
    closest: TextSpan | None = None

    @property
    def stance(self) -> str | None:
        """The product's stance: denies only with a refuting sentence to show (FNC-1 models rarely say
        "disagree", and a denial counts as a disputing origin); None when unrelated or engaging no sentence."""
        if self.refuting is not None:
            return "denies"
        if self.label is None or self.label == "unrelated" or self.closest is None:
            return None
        if self.label == "disagree":
            return "mentions"
        return StanceResult(self.label, self.probabilities, self.hedged).stance

    @property
    def evidence(self) -> TextSpan | None:
        return self.refuting if self.refuting is not None else self.closest


def article_signals(
    pairs: Sequence[tuple[str, str]], explain: Callable[[dict[str, float]], bool] | None = None
) -> list[ArticleSignal]:
    """What the shipped model reads of each (claim text, article text) pair; each article is read once.

    Only a sentence sharing REFUTING_SHARED_WORDS plain words with the claim is
    shown as evidence: a story's other articles are all "related" to the model.
    ``explain(probabilities)`` says which pairs need their evidence sentences
    (the costly part); by default all do.
    """
    model = StanceModel.load()
    results = model.predict(pairs)
    vocab = model.vocab.extend(dict.fromkeys(text for pair in pairs for text in pair))
    bodies: dict[str, BodyFeatures] = {}
    found = []
    for (claim_text, text), result in zip(pairs, results, strict=True):
        if explain is not None and not explain(result.probabilities):
            found.append(ArticleSignal(result.label, result.probabilities, result.hedged))
            continue
        if text not in bodies:
            bodies[text] = body_features(text, vocab)
        reasons = _justifications(claim_text, text, bodies[text], vocab, TOP_SENTENCES)
        engaging = [r for r in reasons if _engages(claim_text, r.span.text)]
        closest = max(engaging, key=lambda r: r.score, default=None)
        found.append(
            ArticleSignal(
                result.label,
                result.probabilities,
                result.hedged,
                refuting=_best(engaging, "refuting", REFUTING_SIMILARITY),
                hedging=_best(engaging, "hedging"),
                closest=closest.span if closest else None,
            )
        )
    return found


def judged_signals(pairs: Sequence[tuple[str, str]]) -> list[ArticleSignal]:
    """:func:`article_signals` as the judge reads them: evidence sentences only where the model leans to
    disagreement (the judge reads the model's refuting sentence only then; see newstrace.assess.judge)."""
    return article_signals(pairs, explain=lambda probabilities: probabilities.get("disagree", 0.0) >= EXPLAINED)


def _best(reasons: list[Justification], kind: str, floor: float = 0.0) -> TextSpan | None:
    """The span of the highest-scoring justification of ``kind`` scoring at least ``floor``."""
    chosen = max((r for r in reasons if r.kind == kind and r.score >= floor), key=lambda r: r.score, default=None)
    return chosen.span if chosen else None


def article_stances(pairs: Sequence[tuple[str, str]]) -> list[tuple[str | None, TextSpan | None]]:
    """(product stance, the sentence that justifies it) of each (claim text, article text) pair, shipped model.

    Fits ``assess.assess_story(..., stance=article_stances)``, which asks once
    per story so that each article is read once. See :class:`ArticleSignal`.
    """
    found = []
    for signal in article_signals(pairs):
        stance = signal.stance
        found.append((stance, signal.evidence) if stance is not None else (None, None))
    return found


def _engages(claim: str, sentence: str) -> bool:
    """The sentence shares with the claim enough of what it says, not only whom it names: a company's denial of
    one thing ("never skipped an inspection on its vessels") is not a denial of all it is named in."""
    return _any_engages(_plain_words(claim), [_plain_words(sentence)])


def _any_engages(claim_words: set[str], sentences: Iterable[set[str]]) -> bool:
    return any(len(claim_words & words) >= REFUTING_SHARED_WORDS for words in sentences)


def _plain_words(text: str) -> set[str]:
    """Lower-case words that are not stop words: what is said, not who is named."""
    return set(re.findall(r"\b[a-z][a-z'-]+", text)) - STOP_WORDS


@lru_cache(maxsize=1)
def _shipped() -> StanceModel:
    return StanceModel._read(MODEL_FILE, VOCAB_FILE)


def checked_pairs(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    checked = list(pairs)
    for pair in checked:
        if not (isinstance(pair, tuple | list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            raise ValueError(f"pairs must hold (claim_text, body_text) string pairs, got {pair!r}")
    return [(c, b) for c, b in checked]


@dataclass(frozen=True)
class Justification:
    """A body sentence behind a stance: ``kind`` is similar, refuting or hedging; ``score`` its cosine to the claim."""

    span: TextSpan
    kind: str
    score: float


def justify(claim: str, body: str, *, top: int = TOP_SENTENCES, vocab: Vocabulary | None = None) -> list[Justification]:
    """Body sentences that justify a stance, in body order, with character offsets into ``body``.

    The ``top`` sentences most similar to the claim (TF-IDF cosine, the model's
    vocabulary) are "similar". A sentence holding a refuting or hedging cue is
    "refuting" or "hedging" when it is one of those, shares a term with the
    claim, or directly follows one of those (where a rebuttal usually sits).
    """
    if top < 1:
        raise ValueError(f"top must be a positive number of sentences, got {top!r}")
    vocab = (vocab or StanceModel.load().vocab).extend([claim, body])
    return _justifications(claim, body, body_features(body, vocab), vocab, top)


def _justifications(claim: str, body: str, body_info: BodyFeatures, vocab: Vocabulary, top: int) -> list[Justification]:
    spans = sentence_spans(body)
    if not spans:
        return []
    similarity = (body_info.sentences @ vocab.tfidf([vocab.counts(tokens(claim))]).T).toarray().ravel()
    chosen = {int(i) for i in np.argsort(-similarity, kind="stable")[:top] if similarity[i] > 0}
    terms = claim_terms(claim)
    found = []
    for i, (start, end) in enumerate(spans):
        refuting, hedging, _ = body_info.cues[i]
        related = i in chosen or i - 1 in chosen or bool(terms & set(tokens(body[start:end])))
        if refuting and related:
            kind = "refuting"
        elif hedging and related:
            kind = "hedging"
        elif i in chosen:
            kind = "similar"
        else:
            continue
        found.append(Justification(TextSpan(start, end, body[start:end]), kind, float(similarity[i])))
    return found
