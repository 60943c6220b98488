"""Claim alignment quality on FNC-1: does a body state (or address) a headline's claim?

Each FNC-1 training headline is a claim; a body states it when its stance is
agree or disagree ("stated": discuss pairs left out), or, in the second
reading, agree, disagree or discuss ("addressed"); unrelated bodies do not.
A body's score is its best sentence's similarity to the headline (regex
sentences as the stance model splits them), by the similarities claims are
grouped with: the lexical TF-IDF cosine of newstrace.assess (IDF over all body
sentences here; a story's own statements in the product; no quantity terms),
and the word-vector signals of newstrace.meaning (mix: (1 - w) * lexical +
w * cosine of mean word vectors; soft: soft cosine from a word-vector floor).
Prints precision, recall and F1 of "best score >= threshold" at the product's
thresholds, and with threshold, weight and floor chosen on one half of the
headlines (seeded split) and scored on the other half.

FNC-1's negatives are other topics, but grouping a story's claims fails on
neighbouring claims of one story. Each row therefore also gives its in-story
merge rate: the share of pairs of sentences of one body (each with
MIN_CONTENT_WORDS terms or more) that it would join, nearly all two different
claims of one story. The "(equal merges)" rows hold that rate at the product
threshold's and show what recall each signal buys there.

The shipped vectors were learned (without labels) from all FNC-1 training
bodies, the held half's included: the gain they show is for text of topics the
vectors have seen, and they join a story's neighbouring claims (13-29% of
same-body pairs where they gain). ``--vectors wordllama`` / ``wordllama-whole``
measure general-domain vectors instead (WordLlama, an optional install).

Reads ../shared/data/fnc-1; never copies it.

    python bench/claims_fnc1.py              # all 49,972 pairs (~1 min)
    python bench/claims_fnc1.py --limit 200  # the first 200 headlines of each half
    python bench/claims_fnc1.py --vectors wordllama-whole
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from newstrace import meaning
from newstrace.assess import (
    CLAIM_SIMILARITY,
    HEADLINE_SIMILARITY,
    MIN_CONTENT_WORDS,
    statement_similarity,
    statement_terms,
    statement_words,
    term_weights,
)
from newstrace.link.stance import read_fnc1, sentence_spans

FNC1 = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc-1"
# Seed of the headline split into a tuning half and a held half.
SPLIT_SEED = 20151008
TASKS = {
    "stated": "agree / disagree bodies vs unrelated, best sentence",
    "addressed": "agree / disagree / discuss bodies vs unrelated, best sentence",
    "headline pairs": "two headlines of one story vs of different stories",
}
READINGS = {"stated": {"agree", "disagree"}, "addressed": {"agree", "disagree", "discuss"}}
THRESHOLDS = np.round(np.arange(0.02, 0.96, 0.01), 2)
WEIGHTS = np.round(np.arange(0.0, 1.01, 0.1), 1)
FLOORS = (0.4, 0.5, 0.6, 0.7, 0.8)
# --vectors choices besides the shipped PPMI vectors: WordLlama with every word, or only words kept whole.
WORDLLAMA = ("wordllama", "wordllama-whole")
# Pair-sentences checked against the product functions, to show the fast matrix path computes the same scores.
CHECKS = 300


@dataclass
class Row:
    """One line of figures: a signal at a threshold (and mix weight), its tuning-half F1, its held-half P/R/F1."""

    name: str
    threshold: float
    tuning_f1: float | None  # None: a product threshold, not tuned
    held: tuple[float, float, float]
    weight: float | None = None
    signal: str | float = "lexical"  # "lexical", "mean", "mix" or a soft-cosine floor
    in_story: float | None = None  # share of same-body sentence pairs at or above the threshold


@dataclass
class Body:
    """One body's sentences as term weights over the body's own terms (rows: sentences)."""

    sentences: list[str]
    terms: list[str]
    weights: list[dict[str, float]]
    lexical: np.ndarray  # sentences x terms, unit rows
    means: np.ndarray  # sentences x dims, unit mean word vectors
    self_soft: dict[float, np.ndarray]  # floor -> b.S.b per sentence


def prepare(text: str, df: Counter, documents: int) -> Body:
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    weights = [term_weights(Counter(statement_words(s)), df, documents) for s in sentences]
    terms = sorted({t for w in weights for t in w})
    column = {t: i for i, t in enumerate(terms)}
    lexical = np.zeros((len(sentences), len(terms)))
    for row, w in enumerate(weights):
        for t, v in w.items():
            lexical[row, column[t]] = v
    means = np.array([meaning.vector(w) for w in weights]).reshape(len(sentences), -1)
    cos = meaning.term_cosines(terms, terms)
    self_soft = {f: np.einsum("ij,jk,ik->i", lexical, np.where(cos >= f, cos, 0.0), lexical) for f in FLOORS}
    return Body(sentences, terms, weights, lexical, means, self_soft)


def pair_scores(claim: dict[str, float], body: Body) -> dict[str, np.ndarray]:
    """Per-sentence scores of one (headline, body) pair: lexical, mean-vector cosine and soft cosines by floor."""
    a = np.array([claim.get(t, 0.0) for t in body.terms])
    scores = {"lexical": body.lexical @ a if len(body.terms) else np.zeros(len(body.sentences))}
    scores["mean"] = np.clip(body.means @ meaning.vector(claim), 0.0, None)
    claim_terms = list(claim)
    c = np.array([claim[t] for t in claim_terms])
    between, within = meaning.term_cosines(claim_terms, body.terms), meaning.term_cosines(claim_terms, claim_terms)
    for floor in FLOORS:
        if not claim_terms or not body.terms:
            scores[floor] = np.zeros(len(body.sentences))
            continue
        across = body.lexical @ (np.where(between >= floor, between, 0.0).T @ c)
        norms = (c @ np.where(within >= floor, within, 0.0) @ c) * body.self_soft[floor]
        scores[floor] = np.clip(np.divide(across, np.sqrt(norms), out=np.zeros_like(across), where=norms > 0), 0, 1)
    return scores


def check(claims, bodies, pairs, df, documents, rng) -> None:
    """Assert the matrix path equals the product functions on a sample of pair-sentences."""
    for h, b in rng.sample(pairs, min(CHECKS, len(pairs))):
        body = bodies[b]
        if not body.sentences:
            continue
        scores = pair_scores(claims[h], body)
        i = rng.randrange(len(body.sentences))
        product = statement_similarity(h, body.sentences[i], df, documents)
        assert abs(scores["lexical"][i] - product) < 1e-6, (h, body.sentences[i], scores["lexical"][i], product)
        assert abs(scores["mean"][i] - meaning.similarity(claims[h], body.weights[i])) < 1e-4
        soft = meaning.soft_cosine(claims[h], body.weights[i], FLOORS[1])
        assert abs(scores[FLOORS[1]][i] - soft) < 1e-4, (scores[FLOORS[1]][i], soft)


def prf(best: np.ndarray, gold: np.ndarray, threshold: float) -> tuple[float, float, float]:
    predicted = best >= threshold
    tp = float(np.sum(predicted & gold))
    precision = tp / max(1, int(predicted.sum()))
    recall = tp / max(1, int(gold.sum()))
    return precision, recall, (2 * precision * recall / (precision + recall) if tp else 0.0)


def best_threshold(best: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) with the highest F1 on this data."""
    return max(((float(t), prf(best, gold, t)[2]) for t in THRESHOLDS), key=lambda x: x[1])


def stories(data) -> dict[str, int]:
    """Headline -> story: headlines and bodies joined by a related (not unrelated) pair, as connected components."""
    parent: dict[object, object] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for h, b, label in zip(data.headlines, data.body_ids, data.labels, strict=True):
        find(h)
        if label != "unrelated":
            parent[find(h)] = find(b)
    roots = {find(h) for h in data.headlines}
    number = {r: i for i, r in enumerate(sorted(roots, key=str))}
    return {h: number[find(h)] for h in data.headlines}


def headline_pairs(claims: dict[str, dict[str, float]], story: dict[str, int], names: list[str]) -> dict:
    """Every pair of the given headlines: gold (same story) and each signal's score, by matrix products."""
    terms = sorted({t for h in names for t in claims[h]})
    column = {t: i for i, t in enumerate(terms)}
    x = np.zeros((len(names), len(terms)))
    for row, h in enumerate(names):
        for t, v in claims[h].items():
            x[row, column[t]] = v
    upper = np.triu_indices(len(names), k=1)
    means = np.array([meaning.vector(claims[h]) for h in names])
    out = {"gold": np.equal.outer([story[h] for h in names], [story[h] for h in names])[upper]}
    out["lexical"], out["mean"] = (x @ x.T)[upper], np.clip(means @ means.T, 0, None)[upper]
    cos = meaning.term_cosines(terms, terms)
    for floor in FLOORS:
        soft = x @ np.where(cos >= floor, cos, 0.0) @ x.T
        norms = np.sqrt(np.outer(np.diag(soft), np.diag(soft)))
        out[floor] = np.clip(np.divide(soft, norms, out=np.zeros_like(soft), where=norms > 0), 0, 1)[upper]
    return out


def headline_rows(claims, story, halves, rng) -> list[Row]:
    """Second task: are two headlines the same story's claim? Pairs within each half (never across)."""
    scores = {k: headline_pairs(claims, story, sorted(v)) for k, v in halves.items()}
    names = sorted(halves["held"])
    for _ in range(CHECKS):
        a, b = rng.sample(names, 2)
        i, j = sorted((names.index(a), names.index(b)))
        k = i * len(names) - i * (i + 1) // 2 + (j - i - 1)  # position of (i, j) in the upper triangle
        assert abs(scores["held"]["mean"][k] - meaning.similarity(claims[a], claims[b])) < 1e-4
        assert abs(scores["held"][FLOORS[1]][k] - meaning.soft_cosine(claims[a], claims[b], FLOORS[1])) < 1e-4
    tune, held = scores["tuning"], scores["held"]
    return rows_for(
        tune,
        held,
        tune["gold"],
        held["gold"],
        {"lexical": tune["lexical"], "mean": tune["mean"]},
        {"lexical": held["lexical"], "mean": held["mean"]},
    )


def rows_for(tune: dict, held: dict, tune_gold, held_gold, tune_parts: dict, held_parts: dict) -> list[Row]:
    """Rows at the product's thresholds, then each signal (and the mix) tuned on ``tune`` and scored on ``held``.

    ``tune_parts`` / ``held_parts``: per-pair "lexical" and "mean" scores, or callables giving the best mixed
    score for a weight (when pairs have several sentences, the mix is taken per sentence before the max).
    """
    rows = []
    for name, t in (("CLAIM_SIMILARITY", CLAIM_SIMILARITY), ("HEADLINE_SIMILARITY", HEADLINE_SIMILARITY)):
        rows.append(Row(f"lexical >= {t} ({name})", t, None, prf(held["lexical"], held_gold, t)))
        rows += [
            Row(f"soft cosine floor {f} >= {t}", t, None, prf(held[f], held_gold, t), signal=f) for f in FLOORS[1:3]
        ]
    for name, signal in [
        ("lexical", "lexical"),
        ("mean vectors only", "mean"),
        *((f"soft floor {f}", f) for f in FLOORS),
    ]:
        t, tuned = best_threshold(tune[signal], tune_gold)
        rows.append(Row(f"{name} >= {t:.2f}", t, tuned, prf(held[signal], held_gold, t), signal=signal))
    mixes = {float(w): (_mix(tune_parts, w), _mix(held_parts, w)) for w in WEIGHTS}
    (w, t), tuned = max(
        (((w, t), f) for w, (s, _) in mixes.items() for t, f in [best_threshold(s, tune_gold)]), key=lambda x: x[1]
    )
    rows.append(Row(f"mix w={w:.1f} >= {t:.2f}", t, tuned, prf(mixes[w][1], held_gold, t), w, signal="mix"))
    return rows


def in_story_pairs(bodies: dict[str, Body], weights: Iterable[float]) -> dict:
    """Scores of every pair of sentences of one body (MIN_CONTENT_WORDS terms or more each), all bodies.

    Two sentences of one article are nearly always two claims of one story (a lead restated later is the
    exception), so the share of these pairs a rule joins measures how often it merges neighbouring claims,
    the errors FNC-1's unrelated pairs (other topics) cannot show. Keys: signals, and ("mix", w) per weight.
    """
    parts: dict = defaultdict(list)
    for body in bodies.values():
        keep = [i for i, w in enumerate(body.weights) if len(w) >= MIN_CONTENT_WORDS]
        if len(keep) < 2:
            continue
        upper = np.triu_indices(len(keep), k=1)
        x, means = body.lexical[keep], body.means[keep]
        lexical, mean = (x @ x.T)[upper], np.clip(means @ means.T, 0, None)[upper]
        parts["lexical"].append(lexical)
        parts["mean"].append(mean)
        for w in weights:
            parts["mix", float(w)].append((1 - w) * lexical + w * mean)
        cos = meaning.term_cosines(body.terms, body.terms)
        for floor in FLOORS:
            soft = x @ np.where(cos >= floor, cos, 0.0) @ x.T
            norms = np.sqrt(np.outer(np.diag(soft), np.diag(soft)))
            parts[floor].append(np.divide(soft, norms, out=np.zeros_like(soft), where=norms > 0)[upper])
    return {k: np.concatenate(v) for k, v in parts.items()}


def at_equal_merges(rows: list[Row], in_story: dict, tune: dict, held: dict, tune_gold, held_gold) -> list[Row]:
    """Give each row its in-story merge rate, then add each signal at the in-story merge rate of the product's
    lexical threshold: the lowest threshold (step 0.01) merging no more neighbouring claims, scored on the
    held half. Signals compared so cannot buy recall with merges."""
    for row in rows:
        key = ("mix", row.weight) if row.signal == "mix" else row.signal
        row.in_story = float(np.mean(in_story[key] >= row.threshold))
    budget = float(np.mean(in_story["lexical"] >= CLAIM_SIMILARITY))
    added = []
    for name, signal in [("lexical", "lexical"), ("mean vectors only", "mean"), *((f"soft {f}", f) for f in FLOORS)]:
        t = min(float(t) for t in THRESHOLDS if np.mean(in_story[signal] >= t) <= budget)
        rate = float(np.mean(in_story[signal] >= t))
        tuned = prf(tune[signal], tune_gold, t)[2]
        added.append(Row(f"{name} >= {t:.2f} (equal merges)", t, tuned, prf(held[signal], held_gold, t), None, signal))
        added[-1].in_story = rate
    return rows + added


def _mix(parts: dict, weight: float) -> np.ndarray:
    if callable(parts.get("best")):
        return parts["best"](weight)
    return (1 - weight) * parts["lexical"] + weight * parts["mean"]


def evaluate(data, limit: int = 0) -> dict[str, list[Row]]:
    """Rows per task ("stated", "addressed", "headline pairs") on FNC-1 data, ``limit`` headlines per half."""
    headlines = sorted(set(data.headlines))
    random.Random(SPLIT_SEED).shuffle(headlines)
    halves = {"tuning": set(headlines[: len(headlines) // 2]), "held": set(headlines[len(headlines) // 2 :])}
    if limit:
        halves = {k: set(sorted(v)[:limit]) for k, v in halves.items()}
    rows = [i for i, h in enumerate(data.headlines) if h in halves["tuning"] | halves["held"]]
    sentences = {b: [data.bodies[b][s:e] for s, e in sentence_spans(data.bodies[b])] for b in data.bodies}
    df = Counter(t for b in data.bodies for s in sentences[b] for t in set(statement_words(s)))
    documents = sum(map(len, sentences.values()))
    bodies = {b: prepare(data.bodies[b], df, documents) for b in sorted({data.body_ids[i] for i in rows})}
    claims = {h: term_weights(Counter(statement_words(h)), df, documents) for h in halves["tuning"] | halves["held"]}
    check(claims, bodies, [(data.headlines[i], data.body_ids[i]) for i in rows], df, documents, random.Random(1))
    in_story = in_story_pairs(bodies, WEIGHTS)
    per_sentence = [pair_scores(claims[data.headlines[i]], bodies[data.body_ids[i]]) for i in rows]
    best = {s: np.array([x[s].max(initial=0.0) for x in per_sentence]) for s in ["lexical", "mean", *FLOORS]}
    labels = np.array([data.labels[i] for i in rows])
    half = np.array(["tuning" if data.headlines[i] in halves["tuning"] else "held" for i in rows])
    results = {}
    for reading, positive in READINGS.items():
        keep = np.isin(labels, [*positive, "unrelated"])
        gold = np.isin(labels, list(positive))
        tune, held = keep & (half == "tuning"), keep & (half == "held")

        def mixed(weight: float, where: np.ndarray) -> np.ndarray:
            mixes = [
                (1 - weight) * x["lexical"] + weight * x["mean"] for x, w in zip(per_sentence, where, strict=True) if w
            ]
            return np.array([m.max(initial=0.0) for m in mixes])

        tune_best, held_best = {s: v[tune] for s, v in best.items()}, {s: v[held] for s, v in best.items()}
        rows = rows_for(
            tune_best,
            held_best,
            gold[tune],
            gold[held],
            {"best": lambda w, where=tune: mixed(w, where)},
            {"best": lambda w, where=held: mixed(w, where)},
        )
        results[reading] = at_equal_merges(rows, in_story, tune_best, held_best, gold[tune], gold[held])
    results["headline pairs"] = headline_rows(claims, stories(data), halves, random.Random(2))
    return results


def wordllama_vectors(data, *, whole_words: bool) -> meaning.WordVectors:
    """WordLlama's "l2_supercat" vectors (general-domain, never trained on FNC-1) for every term of the data,
    each looked up by its commonest spelling; ``whole_words``: only words its tokenizer keeps whole get one
    (a split word's vector is the mean of its pieces', close to words spelled alike: "missiles" / "missed")."""
    import wordllama
    from wordllama import WordLlama

    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    texts = [*data.headlines, *data.bodies.values()]
    spellings: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for term, word in statement_terms(text):
            spellings[term][word] += 1
    terms = sorted(spellings)
    words = [spellings[t].most_common(1)[0][0] for t in terms]
    matrix = np.asarray(model.embed(words), dtype=np.float32)
    if whole_words:
        split = np.array([len(model.tokenizer.encode(w, add_special_tokens=False).ids) != 1 for w in words])
        matrix[split] = 0.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return meaning.WordVectors({t: i for i, t in enumerate(terms)}, matrix / np.where(norms > 0, norms, 1.0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=FNC1, help="folder with FNC-1 train_bodies.csv, train_stances.csv")
    parser.add_argument("--limit", type=int, default=0, help="headlines per half (0: all)")
    parser.add_argument(
        "--vectors",
        choices=["shipped", *WORDLLAMA],
        default="shipped",
        help="word vectors: the shipped PPMI ones, or WordLlama's (needs `pip install wordllama==0.4.0.post1`)",
    )
    args = parser.parse_args(argv)
    if not (args.data / "train_stances.csv").exists():
        print(f"FNC-1 training files not found in {args.data}: put the shared data beside the repo or pass --data")
        return 2
    started = time.perf_counter()
    data = read_fnc1(args.data / "train_bodies.csv", args.data / "train_stances.csv")
    if args.vectors != "shipped":
        try:
            vectors = wordllama_vectors(data, whole_words=args.vectors == "wordllama-whole")
        except ImportError:
            print("wordllama is not installed: pip install wordllama==0.4.0.post1")
            return 2
        meaning.word_vectors = lambda: vectors  # every signal of this run uses them
    results = evaluate(data, args.limit)
    print(f"FNC-1 train, {args.limit or 'all'} headlines per half, {args.vectors} word vectors; scores checked")
    for task, rows in results.items():
        print(f"\n{task} ({TASKS[task]}), held half:")
        for row in rows:
            tuned = "" if row.tuning_f1 is None else f"(tuning F1 {row.tuning_f1:.3f})"
            p, r, f = row.held
            merges = "" if row.in_story is None else f"  in-story merges {100 * row.in_story:.2f}%"
            print(f"  {row.name:<40} {tuned:<19} P {p:.3f}  R {r:.3f}  F1 {f:.3f}{merges}")
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    with threadpool_limits(1):  # many small products: BLAS threads only contend
        sys.exit(main())
