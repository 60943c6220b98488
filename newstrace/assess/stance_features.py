"""Features of a (claim, body) pair for the stance model: term frequencies, TF-IDF cosine, cue words.

After Riedel et al. 2017 (arXiv:1707.03264); see :mod:`.stance`. ``featurize`` is the one feature code path for
training and prediction.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

LABELS = ("agree", "disagree", "discuss", "unrelated")
UNRELATED = LABELS.index("unrelated")  # the last label: the two-stage model appends it


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
class BodyFeatures:
    """What featurize needs of one body, computed once per distinct body."""

    words: set[str]
    lead: set[str]
    counts: Counter[int]
    sentences: sp.csr_matrix  # TF-IDF rows, L2-normalised, one per sentence
    cues: np.ndarray  # per sentence: refuting, hedging, negation counts
    refuting: int
    hedging: int
    length: int


def body_features(body: str, vocab: Vocabulary) -> BodyFeatures:
    words = tokens(body)
    spans = sentence_spans(body) or [(0, len(body))]
    sentence_words = [tokens(body[s:e]) for s, e in spans]
    cues = np.array(
        [[_cue_count(w, REFUTING), _cue_count(w, HEDGING), _cue_count(w, NEGATION)] for w in sentence_words],
        dtype=np.float32,
    ).reshape(-1, 3)
    return BodyFeatures(
        words=set(words),
        lead={w for ws in sentence_words[:3] for w in ws},
        counts=vocab.counts(words),
        sentences=vocab.tfidf([vocab.counts(w) for w in sentence_words]),
        cues=cues,
        refuting=_cue_count(words, REFUTING),
        hedging=_cue_count(words, HEDGING),
        length=len(words),
    )


def claim_terms(claim: str) -> set[str]:
    return {w for w in tokens(claim) if w not in STOP_WORDS}


def featurize(pairs: Sequence[tuple[str, str]], vocab: Vocabulary) -> sp.csr_matrix:
    """Feature rows for ``(claim, body)`` pairs: claim TF, body TF, then the DENSE features.

    The term-frequency blocks are L2-normalised counts over the ``tf_terms`` most
    frequent terms (Riedel et al. 2017); the cosine is over TF-IDF vectors of the
    whole vocabulary. Bodies shared by several pairs are analysed once.
    """
    vocab = vocab.extend(dict.fromkeys(text for pair in pairs for text in pair))
    bodies: dict[str, BodyFeatures] = {}
    claims = [c for c, _ in pairs]
    claim_counts = [vocab.counts(tokens(c)) for c in claims]
    body_list = []
    for _, body in pairs:
        if body not in bodies:
            bodies[body] = body_features(body, vocab)
        body_list.append(bodies[body])
    width = vocab.tf_terms
    claim_tf = _l2(_rows(claim_counts, width))
    body_tf = _l2(_rows([b.counts for b in body_list], width))
    claim_tfidf = vocab.tfidf(claim_counts)
    body_tfidf = vocab.tfidf([b.counts for b in body_list])
    cosine = np.asarray(claim_tfidf.multiply(body_tfidf).sum(axis=1)).ravel()
    dense = np.zeros((len(pairs), len(DENSE)), dtype=np.float32)
    for i, (claim, body) in enumerate(zip(claims, body_list, strict=True)):
        terms = claim_terms(claim)
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
