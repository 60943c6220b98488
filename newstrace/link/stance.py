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

import csv
import json
import random
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..models import TextSpan

LABELS = ("agree", "disagree", "discuss", "unrelated")
UNRELATED = LABELS.index("unrelated")  # the last label: the two-stage model appends it
# FNC-1 label -> the product's stance of a mention. "discuss" splits on hedging
# (see StanceResult.stance); "unrelated" means the article does not address the claim.
PRODUCT_STANCE = {"agree": "supports", "disagree": "denies", "discuss": "mentions", "unrelated": None}
DATA = Path(__file__).resolve().parent / "data"
MODEL_FILE = DATA / "stance.npz"
VOCAB_FILE = DATA / "stance_vocab.json"

# Tokens as scikit-learn's CountVectorizer sees them (2+ word characters, lower-cased).
TOKEN = re.compile(r"\b\w\w+\b")
# A sentence ends at . ! ? (with closing quotes/brackets) followed by space, or at a line break.
SENTENCE = re.compile(r"[^\n]+?(?:[.!?][\"'”’)\]]*(?=\s)|$)", re.MULTILINE)
# Riedel et al. keep the 5,000 most frequent terms for the term-frequency vectors.
TF_TERMS = 5000
# The TF-IDF cosine sees a wider vocabulary: rarer names are what ties a claim to a body.
IDF_TERMS = 20000


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Cue words. Refuting and hedging follow the FNC-1 baseline's refuting list, widened by hand.
REFUTING = _word_set(
    "fake fraud hoax hoaxes false deny denies denied denial denying despite nope doubt doubts doubted bogus "
    "debunk debunked debunks debunking prank pranks retract retracted retraction untrue misleading myth "
    "satire satirical fabricated fictional baseless unfounded rejected refuted refutes dismissed"
)
HEDGING = _word_set(
    "reportedly allegedly alleged apparently purportedly supposedly unconfirmed unverified rumor rumors rumour "
    "rumours claim claims claimed claiming may might could possibly perhaps appears suggest suggests "
    "speculation speculated unclear according"
)
# Contractions lose their "t" to the tokenizer: "didn't" -> "didn".
NEGATION = _word_set(
    "not no never none nobody nothing neither nor cannot without isn wasn aren weren didn doesn don hasn haven "
    "hadn won wouldn couldn shouldn"
)
# How many of the body sentences most similar to the claim the cue features look at.
TOP_SENTENCES = 3
# Dense features beside the two term-frequency blocks; each lies in [0, 1].
DENSE = (
    "cosine",
    "max_sentence_cosine",
    "top_sentence_cosine",
    "claim_terms_in_body",
    "claim_terms_in_lead",
    "refuting_body",
    "refuting_claim",
    "refuting_top",
    "hedging_body",
    "hedging_claim",
    "hedging_top",
    "negation_top",
    "refuting_first",
    "hedging_first",
    "refuting_lead",
    "hedging_lead",
    "negation_claim",
    "claim_question",
    "body_length",
)
# The official FNC-1 baseline holds out 20% of bodies, shuffled with this seed.
HOLD_OUT_SEED = 1489215
HOLD_OUT_SHARE = 0.2


def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


STOP_WORDS = _stop_words()


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (two or more word characters)."""
    return TOKEN.findall(text.lower())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, stripped of surrounding white space."""
    spans = []
    for match in SENTENCE.finditer(text):
        start, end = match.span()
        piece = text[start:end]
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


@dataclass
class Vocabulary:
    """Terms by falling frequency with their inverse document frequencies.

    The first ``tf_terms`` terms index the term-frequency vectors; all of them
    weigh the TF-IDF cosine.
    """

    terms: list[str]
    idf: np.ndarray
    tf_terms: int
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.index = {term: i for i, term in enumerate(self.terms)}

    @classmethod
    def build(cls, texts: Iterable[str], *, tf_terms: int = TF_TERMS, idf_terms: int = IDF_TERMS) -> Vocabulary:
        """The most frequent non-stop-word terms of ``texts`` (each distinct text counted once)."""
        frequency: Counter[str] = Counter()
        document_frequency: Counter[str] = Counter()
        n = 0
        for text in dict.fromkeys(texts):
            words = [w for w in tokens(text) if w not in STOP_WORDS]
            frequency.update(words)
            document_frequency.update(set(words))
            n += 1
        terms = [t for t, _ in sorted(frequency.items(), key=lambda kv: (-kv[1], kv[0]))[:idf_terms]]
        # Smoothed idf as in scikit-learn's TfidfTransformer.
        idf = np.array([np.log((1 + n) / (1 + document_frequency[t])) + 1 for t in terms], dtype=np.float32)
        return cls(terms, idf, min(tf_terms, len(terms)))

    def extend(self, texts: Iterable[str]) -> Vocabulary:
        """This vocabulary plus the unseen non-stop-word terms of ``texts``, at the highest idf.

        A term never met in training is rarer than any term met, and names new to
        the model are often what ties a claim to a body.
        """
        new = {w for text in texts for w in tokens(text) if w not in self.index and w not in STOP_WORDS}
        if not new:
            return self
        top = float(self.idf.max()) if len(self.idf) else 1.0
        extra = sorted(new)
        return Vocabulary(
            self.terms + extra, np.concatenate([self.idf, np.full(len(extra), top, np.float32)]), self.tf_terms
        )

    def tfidf(self, count_dicts: Sequence[Counter[int]]) -> sp.csr_matrix:
        """L2-normalised TF-IDF rows over the whole vocabulary."""
        return _l2(_rows(count_dicts, len(self.terms)).multiply(self.idf).tocsr())

    def counts(self, words: Iterable[str]) -> Counter[int]:
        """Term index -> count for the words in the vocabulary."""
        return Counter(self.index[w] for w in words if w in self.index)


def _rows(count_dicts: Sequence[Counter[int]], width: int) -> sp.csr_matrix:
    """A CSR matrix with one row per counter."""
    indptr, indices, data = [0], [], []
    for counts in count_dicts:
        for i, c in counts.items():
            if i < width:
                indices.append(i)
                data.append(c)
        indptr.append(len(indices))
    return sp.csr_matrix((np.array(data, np.float32), indices, indptr), shape=(len(count_dicts), width))


def _l2(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def _cue_count(words: Iterable[str], cues: frozenset[str]) -> int:
    return sum(w in cues for w in words)


@dataclass
class _Body:
    """What featurize needs of one body, computed once per distinct body."""

    words: set[str]
    lead: set[str]
    counts: Counter[int]
    sentences: sp.csr_matrix  # TF-IDF rows, L2-normalised, one per sentence
    cues: np.ndarray  # per sentence: refuting, hedging, negation counts
    refuting: int
    hedging: int
    length: int


def _analyse_body(body: str, vocab: Vocabulary) -> _Body:
    words = tokens(body)
    spans = sentence_spans(body) or [(0, len(body))]
    sentence_words = [tokens(body[s:e]) for s, e in spans]
    cues = np.array(
        [[_cue_count(w, REFUTING), _cue_count(w, HEDGING), _cue_count(w, NEGATION)] for w in sentence_words],
        dtype=np.float32,
    ).reshape(-1, 3)
    return _Body(
        words=set(words),
        lead={w for ws in sentence_words[:3] for w in ws},
        counts=vocab.counts(words),
        sentences=vocab.tfidf([vocab.counts(w) for w in sentence_words]),
        cues=cues,
        refuting=_cue_count(words, REFUTING),
        hedging=_cue_count(words, HEDGING),
        length=len(words),
    )


def _claim_terms(claim: str) -> set[str]:
    return {w for w in tokens(claim) if w not in STOP_WORDS}


def featurize(pairs: Sequence[tuple[str, str]], vocab: Vocabulary) -> sp.csr_matrix:
    """Feature rows for ``(claim, body)`` pairs: claim TF, body TF, then the DENSE features.

    The term-frequency blocks are L2-normalised counts over the ``tf_terms`` most
    frequent terms (Riedel et al. 2017); the cosine is over TF-IDF vectors of the
    whole vocabulary. Bodies shared by several pairs are analysed once.
    """
    vocab = vocab.extend(dict.fromkeys(text for pair in pairs for text in pair))
    bodies: dict[str, _Body] = {}
    claims = [c for c, _ in pairs]
    claim_counts = [vocab.counts(tokens(c)) for c in claims]
    body_list = []
    for _, body in pairs:
        if body not in bodies:
            bodies[body] = _analyse_body(body, vocab)
        body_list.append(bodies[body])
    width = vocab.tf_terms
    claim_tf = _l2(_rows(claim_counts, width))
    body_tf = _l2(_rows([b.counts for b in body_list], width))
    claim_tfidf = vocab.tfidf(claim_counts)
    body_tfidf = vocab.tfidf([b.counts for b in body_list])
    cosine = np.asarray(claim_tfidf.multiply(body_tfidf).sum(axis=1)).ravel()
    dense = np.zeros((len(pairs), len(DENSE)), dtype=np.float32)
    for i, (claim, body) in enumerate(zip(claims, body_list, strict=True)):
        terms = _claim_terms(claim)
        similarity = (body.sentences @ claim_tfidf[i].T).toarray().ravel()
        top = np.argsort(-similarity, kind="stable")[:TOP_SENTENCES]
        top_cues = body.cues[top].sum(axis=0)
        claim_words = tokens(claim)
        dense[i] = (
            cosine[i],
            similarity.max(),
            similarity[top].mean(),
            len(terms & body.words) / len(terms) if terms else 0.0,
            len(terms & body.lead) / len(terms) if terms else 0.0,
            min(body.refuting, 5) / 5,
            min(_cue_count(claim_words, REFUTING), 1),
            min(top_cues[0], 3) / 3,
            min(body.hedging, 10) / 10,
            min(_cue_count(claim_words, HEDGING), 1),
            min(top_cues[1], 3) / 3,
            min(top_cues[2], 3) / 3,
            min(body.cues[top[0], 0], 1),
            min(body.cues[top[0], 1], 1),
            min(body.cues[:2, 0].sum(), 1),
            min(body.cues[:2, 1].sum(), 1),
            min(_cue_count(claim_words, NEGATION), 1),
            float("?" in claim),
            min(np.log1p(body.length) / 8, 1.0),
        )
    return sp.hstack([claim_tf, body_tf, sp.csr_matrix(dense)], format="csr", dtype=np.float32)


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
        pairs = _check_pairs(pairs)
        if not pairs:
            return []
        features = featurize(pairs, self.vocab)
        probabilities = self.probabilities(features)
        hedged = features[:, -len(DENSE) + DENSE.index("hedging_top")].toarray().ravel() > 0
        return [
            StanceResult(LABELS[int(row.argmax())], dict(zip(LABELS, map(float, row), strict=True)), bool(h))
            for row, h in zip(probabilities, hedged, strict=True)
        ]


def article_stances(pairs: Sequence[tuple[str, str]]) -> list[tuple[str | None, TextSpan | None]]:
    """(product stance, the sentence that justifies it) of each article toward each claim, shipped model.

    ``pairs`` are (claim text, article text); fits ``assess.assess_story(...,
    stance=article_stances)``, which asks once per story so that each article
    is read once. The sentence is the most refuting (for a denial) or most
    similar one; (None, None) when unrelated, or when the most similar sentence
    shares too little of what the claim says (:func:`_engages`): a story's
    other articles are all "related" to the model.
    """
    model = StanceModel.load()
    sentences: dict[str, list[set[str]]] = {}
    for _, text in pairs:
        if text not in sentences:
            sentences[text] = [_plain_words(text[start:end]) for start, end in sentence_spans(text)]
    # Only a sentence sharing REFUTING_SHARED_WORDS words with the claim can justify a stance (_engages): an
    # article with none is unrelated whatever the model says, so the model reads only the others.
    asked = [i for i, (claim, text) in enumerate(pairs) if _any_engages(_plain_words(claim), sentences[text])]
    results: list[StanceResult | None] = [None] * len(pairs)
    for i, result in zip(asked, model.predict([pairs[i] for i in asked]), strict=True):
        results[i] = result
    vocab = model.vocab.extend(dict.fromkeys(text for i in asked for text in pairs[i]))
    bodies: dict[str, _Body] = {}
    found = []
    for (claim_text, text), result in zip(pairs, results, strict=True):
        if result is None or result.stance is None:
            found.append((None, None))
            continue
        if text not in bodies:
            bodies[text] = _analyse_body(text, vocab)
        reasons = _justifications(claim_text, text, bodies[text], vocab, TOP_SENTENCES)
        refuting = [
            r
            for r in reasons
            if r.kind == "refuting" and r.score >= REFUTING_SIMILARITY and _engages(claim_text, r.span.text)
        ]
        # FNC-1 models rarely say "disagree" (2% of their training pairs): a sentence that
        # refutes ("hoax", "false", "denied") and is close to the claim is a denial too. And a
        # denial counts as an independent disputing origin, so the model's alone, with no such
        # sentence to show the reader, is only a mention.
        stance = "denies" if refuting else "mentions" if result.stance == "denies" else result.stance
        best = max(refuting if stance == "denies" and refuting else reasons, key=lambda r: r.score, default=None)
        if stance != "denies" and (best is None or not _engages(claim_text, best.span.text)):
            found.append((None, None))  # of the same story, but no sentence of it speaks to the claim
            continue
        found.append((stance, best.span))
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


def _check_pairs(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
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
    return _justifications(claim, body, _analyse_body(body, vocab), vocab, top)


def _justifications(claim: str, body: str, body_info: _Body, vocab: Vocabulary, top: int) -> list[Justification]:
    spans = sentence_spans(body)
    if not spans:
        return []
    similarity = (body_info.sentences @ vocab.tfidf([vocab.counts(tokens(claim))]).T).toarray().ravel()
    chosen = {int(i) for i in np.argsort(-similarity, kind="stable")[:top] if similarity[i] > 0}
    terms = _claim_terms(claim)
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
    pairs = _check_pairs(pairs)
    if set(labels) != set(LABELS):
        raise ValueError(f"labels must hold each of {LABELS} and nothing else, got {sorted(set(labels))}")
    vocab = Vocabulary.build(
        (text for pair in pairs for text in pair), tf_terms=options.tf_terms, idf_terms=options.idf_terms
    )
    features = featurize(pairs, vocab)
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


def train_hold_out(data: Fnc1, options: TrainOptions | None = None) -> tuple[StanceModel, Fnc1]:
    """A model trained on ``data`` minus the held-out bodies (``hold_out_split``), and those held-out pairs."""
    if data.labels is None:
        raise ValueError("data must carry a Stance column to train on")
    training, held_out = hold_out_split(list(data.bodies))
    fit = data.subset(training)
    return train(fit.pairs(), fit.labels, options), data.subset(held_out)


def score_report(gold: Sequence[str], predicted: Sequence[str]) -> str:
    """One line: FNC-1 relative score, per-label F1 and macro F1."""
    f1 = f1_scores(gold, predicted)
    per_label = " ".join(f"{label}={f1[label]:.3f}" for label in LABELS)
    return f"FNC {fnc_score(gold, predicted):.4f}  F1 {per_label}  macro={f1['macro']:.3f}  (n={len(gold)})"
