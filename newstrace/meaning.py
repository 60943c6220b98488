"""Meaning: word vectors for claim terms, so paraphrases that share few words can still meet.

Pure, no network: the vectors ship in ``newstrace/data/`` and load lazily
once. They are keyed by the same terms claims are grouped by
(:func:`newstrace.assess.statement_words`: stemmed content words, news verbs
folded), learned by :func:`train_vectors` from co-occurrence counts turned into
positive pointwise mutual information (PPMI, context-distribution smoothing)
and reduced by truncated SVD, as in Levy, Goldberg and Dagan (2015),
"Improving Distributional Similarity with Lessons Learned from Word
Embeddings", TACL 3. ``scripts/train_word_vectors.py`` rebuilds the shipped
files byte for byte.

Two similarities of weighted term vectors (the TF-IDF dicts of
:func:`newstrace.assess.term_weights`), each in [0, 1], empty input 0.0:
:func:`similarity`, the cosine of IDF-weighted mean word vectors, and
:func:`soft_cosine` (Sidorov et al. 2014, "Soft Similarity and Soft Cosine
Measure", Computación y Sistemas 18(3)), a cosine in which two different
terms count as partly the same by their word-vector cosine.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
VECTORS_FILE = DATA / "word_vectors.npz"
VOCAB_FILE = DATA / "word_vectors.json"
# Dimensions kept from the SVD: enough for a ~650k-token corpus; more only fits noise and grows the file.
DIM = 100
# Content words either side that count as context (stop words are already gone, so 5 spans a clause).
WINDOW = 5
# Rarer terms get no vector: their co-occurrence counts are too few to place them.
MIN_COUNT = 5
# Context distribution smoothing exponent (Levy et al. 2015): keeps rare contexts from dominating PPMI.
CONTEXT_ALPHA = 0.75
# Eigenvalue weighting of the SVD word vectors (U * S**p); p = 0.5 beats p = 1 on similarity (Levy et al. 2015).
EIGEN_POWER = 0.5
# Seed of the randomized SVD, so a retrain writes the same vectors.
SEED = 20151008
# Two different terms count as the same to the soft cosine only from this word-vector cosine up: below it
# the vectors mostly say "same topic", which would join every statement of a story.
SOFT_FLOOR = 0.5


@dataclass
class WordVectors:
    """Unit-length word vectors (rows of ``matrix``) for ``terms`` (term -> row)."""

    terms: dict[str, int]
    matrix: np.ndarray

    @classmethod
    def load(cls, vectors_file: Path = VECTORS_FILE, vocab_file: Path = VOCAB_FILE) -> WordVectors:
        """Read the float16 ``vectors`` array (npz, no pickle) and the JSON vocabulary written by :meth:`save`."""
        meta = json.loads(vocab_file.read_text(encoding="utf-8"))
        with np.load(vectors_file, allow_pickle=False) as arrays:
            matrix = arrays["vectors"].astype(np.float32)
        if matrix.shape[0] != len(meta["terms"]):
            raise ValueError(f"vectors_file has {matrix.shape[0]} rows, vocab_file {len(meta['terms'])} terms")
        return cls({t: i for i, t in enumerate(meta["terms"])}, _unit_rows(matrix))

    def save(self, vectors_file: Path = VECTORS_FILE, vocab_file: Path = VOCAB_FILE, **meta: object) -> None:
        """Write float16 vectors with fixed zip timestamps and the vocabulary (plus ``meta``) as JSON."""
        from .link.stance import _write_npz  # the one deterministic npz writer

        vectors_file.parent.mkdir(parents=True, exist_ok=True)
        _write_npz(vectors_file, {"vectors": self.matrix.astype(np.float16)})
        terms = sorted(self.terms, key=self.terms.__getitem__)
        vocab_file.write_text(json.dumps({**meta, "terms": terms}, separators=(",", ":")) + "\n", encoding="utf-8")

    def rows(self, weights: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """(row indices, weights) of the terms of ``weights`` that have a vector."""
        known = [(self.terms[t], w) for t, w in weights.items() if t in self.terms and w > 0]
        return np.array([i for i, _ in known], dtype=np.int64), np.array([w for _, w in known], dtype=np.float32)


@cache
def word_vectors() -> WordVectors:
    """The shipped vectors, loaded on first use."""
    return WordVectors.load()


def word_similarity(a: str, b: str) -> float:
    """Cosine of two terms' vectors (terms as :func:`newstrace.assess.statement_words` gives them); 0.0 if unknown."""
    vectors = word_vectors()
    if a not in vectors.terms or b not in vectors.terms:
        return 0.0
    return float(vectors.matrix[vectors.terms[a]] @ vectors.matrix[vectors.terms[b]])


def vector(weights: Mapping[str, float]) -> np.ndarray:
    """Unit-length weighted mean of the word vectors of ``weights``' terms (zeros when none has a vector)."""
    vectors = word_vectors()
    rows, w = vectors.rows(weights)
    if not len(rows):
        return np.zeros(vectors.matrix.shape[1], dtype=np.float32)
    mean = w @ vectors.matrix[rows]
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def similarity(a_weights: Mapping[str, float], b_weights: Mapping[str, float]) -> float:
    """Cosine of the weighted mean word vectors of two term weightings, clipped to [0, 1]."""
    return max(0.0, float(vector(a_weights) @ vector(b_weights)))


def soft_cosine(a_weights: Mapping[str, float], b_weights: Mapping[str, float], floor: float = SOFT_FLOOR) -> float:
    """Soft cosine of two term weightings: a.S.b / sqrt(a.S.a * b.S.b), in [0, 1].

    S is 1 for a term with itself, the word-vector cosine for two terms whose cosine reaches ``floor``, else 0;
    terms without a vector match only themselves, so with no vectors at all this is the plain cosine.
    """
    if not 0.0 < floor <= 1.0:
        raise ValueError(f"floor must be in (0, 1], got {floor!r}")
    a_terms, b_terms = list(a_weights), list(b_weights)
    if not a_terms or not b_terms:
        return 0.0
    a = np.array([a_weights[t] for t in a_terms], dtype=np.float64)
    b = np.array([b_weights[t] for t in b_terms], dtype=np.float64)
    between = _term_similarities(a_terms, b_terms, floor)
    across = a @ between @ b
    if across <= 0.0:
        return 0.0
    norms = (a @ _term_similarities(a_terms, a_terms, floor) @ a) * (
        b @ _term_similarities(b_terms, b_terms, floor) @ b
    )
    return min(1.0, float(across / math.sqrt(norms))) if norms > 0 else 0.0


def _term_similarities(a_terms: list[str], b_terms: list[str], floor: float) -> np.ndarray:
    """S for the soft cosine: :func:`term_cosines` from ``floor`` up (so 1 on equal terms), 0 elsewhere."""
    cos = term_cosines(a_terms, b_terms)
    return np.where(cos >= floor, cos, 0.0)


def term_cosines(a_terms: list[str], b_terms: list[str]) -> np.ndarray:
    """Word-vector cosines of every pair of terms (rows ``a_terms``): 1 for equal terms, 0 with an unknown term."""
    vectors = word_vectors()
    a_rows = np.array([vectors.terms.get(t, -1) for t in a_terms], dtype=np.int64)
    b_rows = np.array([vectors.terms.get(t, -1) for t in b_terms], dtype=np.int64)
    cos = (vectors.matrix[a_rows] @ vectors.matrix[b_rows].T).astype(np.float64)
    cos[a_rows < 0, :] = 0.0
    cos[:, b_rows < 0] = 0.0
    ids: dict[str, int] = {}
    a_ids = np.array([ids.setdefault(t, len(ids)) for t in a_terms])
    b_ids = np.array([ids.setdefault(t, len(ids)) for t in b_terms])
    cos[np.equal.outer(a_ids, b_ids)] = 1.0
    return cos


def train_vectors(
    documents: Iterable[list[str]],
    *,
    dim: int = DIM,
    window: int = WINDOW,
    min_count: int = MIN_COUNT,
    seed: int = SEED,
) -> WordVectors:
    """PPMI + truncated SVD word vectors from documents given as term sequences (see the module docstring).

    Co-occurrences within ``window`` terms are weighted 1/distance; terms seen fewer than ``min_count`` times
    are dropped first. Deterministic for a given input and ``seed``.
    """
    import scipy.sparse as sp
    from sklearn.utils.extmath import randomized_svd

    documents = list(documents)
    counts: dict[str, int] = {}
    for terms in documents:
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
    vocab = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    if len(vocab) <= dim:
        raise ValueError(f"documents give {len(vocab)} terms seen {min_count}+ times; need more than dim={dim}")
    index = {t: i for i, t in enumerate(vocab)}
    rows, cols, values = [], [], []
    for terms in documents:
        ids = np.array([index[t] for t in terms if t in index], dtype=np.int64)
        for distance in range(1, window + 1):
            if len(ids) <= distance:
                break
            left, right = ids[:-distance], ids[distance:]
            rows += [left, right]
            cols += [right, left]
            values.append(np.full(2 * len(left), 1.0 / distance))
    n = len(vocab)
    cooc = sp.coo_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)).tocsr()
    cooc.sum_duplicates()
    word_totals = np.asarray(cooc.sum(axis=1)).ravel()
    context_totals = np.asarray(cooc.sum(axis=0)).ravel() ** CONTEXT_ALPHA
    coo = cooc.tocoo()
    pmi = np.log(coo.data * context_totals.sum() / (word_totals[coo.row] * context_totals[coo.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=(n, n))
    u, s, _ = randomized_svd(ppmi, n_components=dim, n_iter=7, random_state=seed)
    return WordVectors(index, _unit_rows(u * s**EIGEN_POWER))


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)
