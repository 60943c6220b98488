"""A learned attribution tagger: a linear-chain CRF over spaCy features, BIO tags per token.

Each token of a sentence that holds a candidate cue (a lexicon verb or
"according") gets one of ``O``, ``B-``/``I-`` ``SOURCE``, ``CUE`` or
``CONTENT``, as in PolNeAR (Newell, Margolin and Ruths, 2018), whose roles
never share a token. The model is a conditional random field (Lafferty,
McCallum and Pereira, 2001) trained with CRFsuite's L-BFGS and elastic-net
regularisation, as in the BBC's Citron (Newell et al.'s data; Citron used a CRF
over spaCy features too). Features are the token's words and parse, the path up
to the nearest cue verb that governs it ("under the subject of *said*"),
quotation marks, neighbours, and what the dependency rules in
:mod:`.attributions` said about the token, so the CRF learns when to trust
them. :func:`token_features` is the one feature function, used at training
time (``scripts/train_attribution_tagger.py``) and at run time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span

from .lexicon import CUE_VERBS

ROLES = ("SOURCE", "CUE", "CONTENT")
OUTSIDE = "O"
MODEL_FILE = "attribution_crf.crfsuite"
# Words besides cue verbs that open an attribution ("according to X").
CUE_WORDS = {"according"}
# How far up the parse a token looks for a governing cue: deeper paths are rare and noisy.
MAX_CUE_DEPTH = 12


@dataclass(frozen=True)
class TaggedSpan:
    """A run of tokens the tagger gave one role: ``start``/``end`` are token indices (end exclusive)."""

    role: str
    start: int
    end: int


def is_cue_candidate(token) -> bool:
    """A token that may open an attribution: a lexicon verb (any part of speech) or "according"."""
    return token.lemma_.lower() in CUE_VERBS or token.lower_ in CUE_WORDS


def candidate_sentences(doc: Doc) -> list[Span]:
    """The sentences the tagger reads: those with a candidate cue; others hold no attribution to tag."""
    return [s for s in doc.sents if any(is_cue_candidate(t) for t in s)]


def in_quotes(doc: Doc, quotes: Sequence[tuple[int, int]]) -> list[bool]:
    """Per token: does it start inside a quotation ``(start, end)`` (sorted, marks included)?"""
    starts = [q[0] for q in quotes]
    flags = []
    for token in doc:
        k = bisect_right(starts, token.idx) - 1
        flags.append(k >= 0 and token.idx < quotes[k][1])
    return flags


def _governing_cue(token, cues: set[int], left: int) -> str:
    """ "nsubj<L" style: the dependency under which the token hangs from its nearest cue ancestor, and its side."""
    child = token
    for _ in range(MAX_CUE_DEPTH):
        head = child.head
        if head.i == child.i:
            return "none"
        if head.i in cues:
            side = "L" if token.i < head.i else "R"
            return f"{child.dep_}{side}"
        if head.i < left:
            return "none"
        child = head
    return "far"


def token_features(sentence: Span, quoted: Sequence[bool], rule_roles: Sequence[str] | None = None) -> list[list[str]]:
    """The CRF's features for each token of ``sentence``: one list of ``name=value`` strings per token.

    ``quoted`` is :func:`in_quotes` of the whole document; ``rule_roles`` gives,
    per document token, the role the rules assigned it (``O`` for none).
    """
    tokens = list(sentence)
    cues = {t.i for t in tokens if is_cue_candidate(t) and t.pos_ in ("VERB", "AUX")} | {
        t.i for t in tokens if t.lower_ in CUE_WORDS
    }
    n = len(tokens)
    has_quote = any(quoted[t.i] for t in tokens)
    sentence_feats = [f"nc={min(len(cues), 3)}", f"sq={has_quote}"]
    base = []
    for t in tokens:
        lemma = t.lemma_.lower()
        cue_class = CUE_VERBS.get(lemma, "-") if t.i in cues or lemma in CUE_VERBS else "-"
        base.append((t.lower_, t.pos_, t.dep_, t.tag_, cue_class))
    rows = []
    start = sentence.start
    for k, t in enumerate(tokens):
        lower, pos, dep, tag, cue_class = base[k]
        head = t.head
        features = [
            "b",
            f"w={lower}",
            f"l={t.lemma_.lower()}",
            f"p={pos}",
            f"t={tag}",
            f"d={dep}",
            f"pd={pos}|{dep}",
            f"hl={head.lemma_.lower()}",
            f"hp={head.pos_}",
            f"hd={head.dep_}",
            f"cc={cue_class}",
            f"cue={t.i in cues}",
            f"hcue={head.i in cues}|{dep}",
            f"gov={_governing_cue(t, cues, start)}",
            f"q={quoted[t.i]}",
            f"e={t.ent_iob_}{t.ent_type_}",
            f"sh={t.shape_[:4]}",
            f"pos={'F' if k == 0 else 'L' if k == n - 1 else min(3, 4 * k // n)}",
            *sentence_feats,
        ]
        for offset in (-2, -1, 1, 2):
            j = k + offset
            if 0 <= j < n:
                w, p, d, _, c = base[j]
                features.append(f"{offset}p={p}")
                features.append(f"{offset}c={c}")
                if offset in (-1, 1):
                    features.append(f"{offset}w={w}")
                    features.append(f"{offset}d={d}")
            else:
                features.append(f"{offset}edge")
        if rule_roles is not None:
            role = rule_roles[t.i]
            features.append(f"r={role}")
            features.append(f"r-1={rule_roles[t.i - 1] if k > 0 else 'edge'}")
            features.append(f"r+1={rule_roles[t.i + 1] if k < n - 1 else 'edge'}")
            features.append(f"r={role}|{pos}")
        rows.append(features)
    return rows


def bio_tags(doc: Doc, spans: Iterable[tuple[str, int, int]]) -> list[str]:
    """Per token of ``doc``, the BIO tag of the first ``(role, start_char, end_char)`` span it overlaps.

    Used for the gold labels at training time and for the rules' roles at run time.
    """
    tags = [OUTSIDE] * len(doc)
    starts = [t.idx for t in doc]
    for role, start, end in spans:
        first = max(0, bisect_right(starts, start) - 1)
        if first < len(doc) and doc[first].idx + len(doc[first]) <= start:
            first += 1
        k = first
        while k < len(doc) and doc[k].idx < end:
            if tags[k] == OUTSIDE and not doc[k].is_space:
                tags[k] = ("B-" if k == first or not tags[k - 1].endswith(role) else "I-") + role
            k += 1
    return tags


def spans_from_tags(tags: Iterable[str], offset: int = 0) -> list[TaggedSpan]:
    """BIO tags as role spans of token indices; an ``I-`` after another role starts a new span."""
    spans: list[TaggedSpan] = []
    role, begin = None, 0
    for k, tag in enumerate([*tags, OUTSIDE]):
        prefix, _, name = tag.partition("-")
        if role is not None and (prefix != "I" or name != role):
            spans.append(TaggedSpan(role, offset + begin, offset + k))
            role = None
        if prefix in ("B", "I") and role is None:
            role, begin = name, k
    return spans


@cache
def load_tagger(path: str | None = None):
    """The CRF at ``path`` (default: the shipped model) as a ``pycrfsuite.Tagger``, loaded once."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    if path is not None:
        tagger.open(path)
        return tagger
    with resources.as_file(resources.files(__package__).joinpath("data", MODEL_FILE)) as shipped:
        tagger.open(str(shipped))
    return tagger


def tag_doc(
    doc: Doc,
    quotes: Sequence[tuple[int, int]],
    rule_roles: Sequence[str] | None,
    model_path: str | None = None,
) -> list[TaggedSpan]:
    """Role spans the CRF finds in ``doc``, in text order."""
    tagger = load_tagger(model_path)
    quoted = in_quotes(doc, quotes)
    found = []
    for sentence in candidate_sentences(doc):
        tags = tagger.tag(token_features(sentence, quoted, rule_roles))
        found.extend(spans_from_tags(tags, sentence.start))
    return found
