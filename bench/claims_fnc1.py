"""Claim alignment quality on FNC-1: does a body state a headline's claim, and how often are neighbouring claims merged?

Each FNC-1 training headline is a claim; a body states it when its stance is
agree or disagree ("stated": discuss pairs left out), or, in the second
reading, agree, disagree or discuss ("addressed"); unrelated bodies do not. A
body's score is its best sentence's similarity to the headline (regex
sentences as the stance model splits them), by the signals claims are grouped
with (newstrace.assess):

- lexical: the TF-IDF cosine of statement_similarity (IDF over all body
  sentences here; a story's own statements in the product; no quantity terms);
- sentence: the cosine of newstrace.meaning's sentence vectors;
- mixed: the product's mixed_similarity of the two, counted only where the
  lexical cosine reaches the product's floor (MIXED_CLAIM_SIMILARITY).

FNC-1's negatives are other topics, but grouping a story's claims fails on
neighbouring claims of one story. Each row therefore also gives its in-story
merge rate: the share of pairs of sentences of one body (each with
MIN_CONTENT_WORDS terms or more) that it would join, nearly all two different
claims of one story. "(equal merges)" rows hold that rate at the one of
CLAIM_SIMILARITY (the lexical product threshold) and show the recall each
signal buys there; the weight sweep shows how MEANING_WEIGHT and the mixed
threshold were chosen (on the tuning half). The headline rows compare the
headline thresholds at their rate of unrelated headline-body pairs joined.

Reads ../shared/data/fnc-1; never copies it.

    python bench/claims_fnc1.py              # all 49,972 pairs (~6 min: 30k sentences to encode)
    python bench/claims_fnc1.py --limit 200  # the first 200 headlines of each half
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newstrace.assess import (
    CLAIM_SIMILARITY,
    HEADLINE_SIMILARITY,
    MEANING_WEIGHT,
    MIN_CONTENT_WORDS,
    MIXED_CLAIM_SIMILARITY,
    MIXED_HEADLINE_SIMILARITY,
    mixed_similarity,
    statement_similarity,
    statement_words,
    term_weights,
)
from newstrace.assess.fnc1 import read_fnc1
from newstrace.assess.stance_features import sentence_spans
from newstrace.meaning import sentence_vectors

FNC1 = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc-1"
# Seed of the headline split into a tuning half and a held half.
SPLIT_SEED = 20151008
READINGS = {"stated": {"agree", "disagree"}, "addressed": {"agree", "disagree", "discuss"}}
THRESHOLDS = np.round(np.arange(0.02, 0.98, 0.005), 3)
WEIGHTS = (0.4, 0.5, 0.6, 0.7, 0.8)
# Pair-sentences checked against the product functions, to show the matrix path computes the same scores.
CHECKS = 300


@dataclass
class Row:
    """One line of figures: a rule, its tuning-half and held-half P/R/F1, its in-story merge rate."""

    name: str
    tuning: tuple[float, float, float]
    held: tuple[float, float, float]
    in_story: float | None = None


@dataclass
class Body:
    """One body's sentences: term weights, lexical matrix over the body's terms (unit rows), sentence vectors."""

    sentences: list[str]
    weights: list[dict[str, float]]
    terms: list[str]
    lexical: np.ndarray
    vectors: np.ndarray


def prepare(text: str, df: Counter, documents: int, vectors: dict[str, np.ndarray]) -> Body:
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    weights = [term_weights(Counter(statement_words(s)), df, documents) for s in sentences]
    terms = sorted({t for w in weights for t in w})
    column = {t: i for i, t in enumerate(terms)}
    lexical = np.zeros((len(sentences), len(terms)))
    for row, w in enumerate(weights):
        for t, v in w.items():
            lexical[row, column[t]] = v
    dim = len(next(iter(vectors.values())))
    stacked = np.array([vectors[s] for s in sentences]).reshape(len(sentences), dim)
    return Body(sentences, weights, terms, lexical, stacked)


def gated(lexical: np.ndarray, sentence: np.ndarray, weight: float, floor: float) -> np.ndarray:
    """(1 - weight) * lexical + weight * sentence where the lexical cosine reaches ``floor``, else 0."""
    return np.where(lexical >= floor, (1 - weight) * lexical + weight * sentence, 0.0)


def prf(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(predicted & gold))
    precision = tp / max(1, int(predicted.sum()))
    recall = tp / max(1, int(gold.sum()))
    return precision, recall, (2 * precision * recall / (precision + recall) if tp else 0.0)


def evaluate(data, limit: int = 0) -> dict[str, list[Row]]:
    """Rows per reading ("stated", "addressed") and "headlines" on FNC-1 data, ``limit`` headlines per half."""
    headlines = sorted(set(data.headlines))
    random.Random(SPLIT_SEED).shuffle(headlines)
    halves = {"tuning": set(headlines[: len(headlines) // 2]), "held": set(headlines[len(headlines) // 2 :])}
    if limit:
        halves = {k: set(sorted(v)[:limit]) for k, v in halves.items()}
    chosen = halves["tuning"] | halves["held"]
    rows = [i for i, h in enumerate(data.headlines) if h in chosen]
    sentences = {b: [data.bodies[b][s:e] for s, e in sentence_spans(data.bodies[b])] for b in data.bodies}
    df = Counter(t for b in data.bodies for s in sentences[b] for t in set(statement_words(s)))
    documents = sum(map(len, sentences.values()))
    used = sorted({data.body_ids[i] for i in rows})
    texts = sorted({s for b in used for s in sentences[b]} | chosen)
    vectors = dict(zip(texts, sentence_vectors(texts), strict=True))
    bodies = {b: prepare(data.bodies[b], df, documents, vectors) for b in used}
    claims = {h: term_weights(Counter(statement_words(h)), df, documents) for h in chosen}
    _check(claims, bodies, [(data.headlines[i], data.body_ids[i]) for i in rows], df, documents, random.Random(1))

    pairs = []  # per (headline, body) row: per-sentence lexical and sentence cosines
    for i in rows:
        body, claim = bodies[data.body_ids[i]], claims[data.headlines[i]]
        a = np.array([claim.get(t, 0.0) for t in body.terms])
        lexical = body.lexical @ a if len(body.terms) else np.zeros(len(body.sentences))
        pairs.append((lexical, body.vectors @ vectors[data.headlines[i]]))
    in_story = _in_story_pairs(bodies)
    labels = np.array([data.labels[i] for i in rows])
    half = np.array(["tuning" if data.headlines[i] in halves["tuning"] else "held" for i in rows])

    def best(score) -> np.ndarray:
        return np.array([score(lexical, sentence).max(initial=0.0) for lexical, sentence in pairs])

    lexical_best = best(lambda lexical, _: lexical)
    sentence_best = best(lambda _, sentence: sentence)
    mixed = {w: best(lambda lex, sen, w=w: gated(lex, sen, w, MIXED_CLAIM_SIMILARITY[1])) for w in WEIGHTS}
    product_best = best(lambda lex, sen: np.where(lex >= MIXED_CLAIM_SIMILARITY[1], mixed_similarity(lex, sen), 0.0))
    story_lexical, story_sentence = in_story
    story_mixed = {w: gated(story_lexical, story_sentence, w, MIXED_CLAIM_SIMILARITY[1]) for w in WEIGHTS}
    product_story = np.where(
        story_lexical >= MIXED_CLAIM_SIMILARITY[1], mixed_similarity(story_lexical, story_sentence), 0.0
    )
    budget = float(np.mean(story_lexical >= CLAIM_SIMILARITY))

    results: dict[str, list[Row]] = {}
    for reading, positive in READINGS.items():
        keep = np.isin(labels, [*positive, "unrelated"])
        gold = np.isin(labels, list(positive))

        def row(name: str, scores: np.ndarray, threshold: float, story: np.ndarray, keep=keep, gold=gold) -> Row:
            figures = [prf(scores[keep & (half == h)] >= threshold, gold[keep & (half == h)]) for h in halves]
            return Row(name, figures[0], figures[1], float(np.mean(story >= threshold)))

        def at_budget(story: np.ndarray) -> float:
            return min(float(t) for t in THRESHOLDS if np.mean(story >= t) <= budget)

        def tuned(scores: np.ndarray, keep=keep, gold=gold) -> float:
            tune = keep & (half == "tuning")
            return max((float(t) for t in THRESHOLDS), key=lambda t: prf(scores[tune] >= t, gold[tune])[2])

        found = [
            row(f"lexical >= {CLAIM_SIMILARITY} (product, no vectors)", lexical_best, CLAIM_SIMILARITY, story_lexical),
            row(
                f"mixed w={MEANING_WEIGHT} >= {MIXED_CLAIM_SIMILARITY[0]}, lexical >= {MIXED_CLAIM_SIMILARITY[1]} "
                "(product)",
                product_best,
                MIXED_CLAIM_SIMILARITY[0],
                product_story,
            ),
        ]
        t = at_budget(story_sentence)
        found.append(row(f"sentence >= {t:.3f} (equal merges)", sentence_best, t, story_sentence))
        for w in WEIGHTS:
            t = at_budget(story_mixed[w])
            found.append(row(f"mixed w={w} >= {t:.3f} (equal merges)", mixed[w], t, story_mixed[w]))
        for name, scores, story in [
            ("lexical", lexical_best, story_lexical),
            ("sentence", sentence_best, story_sentence),
        ]:
            t = tuned(scores)
            found.append(row(f"{name} >= {t:.3f} (F1-best on tuning)", scores, t, story))
        t = tuned(product_best)
        found.append(row(f"mixed w={MEANING_WEIGHT} >= {t:.3f} (F1-best on tuning)", product_best, t, product_story))
        results[reading] = found

    unrelated, stated = labels == "unrelated", np.isin(labels, list(READINGS["stated"]))
    headline_rows = []
    for name, scores, threshold in [
        (f"lexical >= {HEADLINE_SIMILARITY} (product, no vectors)", lexical_best, HEADLINE_SIMILARITY),
        (
            f"mixed >= {MIXED_HEADLINE_SIMILARITY[0]}, lexical >= {MIXED_HEADLINE_SIMILARITY[1]} (product)",
            best(lambda lex, sen: np.where(lex >= MIXED_HEADLINE_SIMILARITY[1], mixed_similarity(lex, sen), 0.0)),
            MIXED_HEADLINE_SIMILARITY[0],
        ),
    ]:
        both = unrelated | stated
        figures = [prf(scores[(half == h) & both] >= threshold, stated[(half == h) & both]) for h in halves]
        joined = float(np.mean(scores[unrelated & (half == "held")] >= threshold))
        headline_rows.append(Row(name, figures[0], figures[1], joined))
    results["headlines"] = headline_rows
    return results


def _in_story_pairs(bodies: dict[str, Body]) -> tuple[np.ndarray, np.ndarray]:
    """Lexical and sentence cosines of every pair of sentences of one body (MIN_CONTENT_WORDS terms or more).

    Two sentences of one article are nearly always two claims of one story (a lead restated later is the
    exception), so the share of these pairs a rule joins measures how often it merges neighbouring claims,
    the errors FNC-1's unrelated pairs (other topics) cannot show.
    """
    lexical, sentence = [np.zeros(0)], [np.zeros(0)]
    for body in bodies.values():
        keep = [i for i, w in enumerate(body.weights) if len(w) >= MIN_CONTENT_WORDS]
        if len(keep) < 2:
            continue
        upper = np.triu_indices(len(keep), k=1)
        x, v = body.lexical[keep], body.vectors[keep]
        lexical.append((x @ x.T)[upper])
        sentence.append((v @ v.T)[upper])
    return np.concatenate(lexical), np.concatenate(sentence)


def _check(claims, bodies, pairs, df, documents, rng) -> None:
    """Assert the matrix path's lexical cosine equals the product function on a sample of pair-sentences."""
    for h, b in rng.sample(pairs, min(CHECKS, len(pairs))):
        body = bodies[b]
        if not body.sentences:
            continue
        i = rng.randrange(len(body.sentences))
        a = np.array([claims[h].get(t, 0.0) for t in body.terms])
        fast = float(body.lexical[i] @ a) if len(body.terms) else 0.0
        product = statement_similarity(h, body.sentences[i], df, documents)
        assert abs(fast - product) < 1e-6, (h, body.sentences[i], fast, product)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=FNC1, help="folder with FNC-1 train_bodies.csv, train_stances.csv")
    parser.add_argument("--limit", type=int, default=0, help="headlines per half (0: all)")
    args = parser.parse_args(argv)
    if not (args.data / "train_stances.csv").exists():
        print(f"FNC-1 training files not found in {args.data}: put the shared data beside the repo or pass --data")
        return 2
    started = time.perf_counter()
    data = read_fnc1(args.data / "train_bodies.csv", args.data / "train_stances.csv")
    results = evaluate(data, args.limit)
    print(f"FNC-1 train, {args.limit or 'all'} headlines per half; lexical scores checked against the product")
    captions = {
        "stated": "agree / disagree bodies vs unrelated, best sentence",
        "addressed": "agree / disagree / discuss bodies vs unrelated, best sentence",
        "headlines": "headline thresholds: agree / disagree vs unrelated; joined = unrelated pairs joined, held",
    }
    for task, rows in results.items():
        print(f"\n{task} ({captions[task]}):")
        for row in rows:
            (tp, tr, _), (hp, hr, hf) = row.tuning, row.held
            merges = "" if row.in_story is None else f"{100 * row.in_story:5.2f}%"
            print(f"  {row.name:<58} tuning P {tp:.3f} R {tr:.3f} | held P {hp:.3f} R {hr:.3f} F1 {hf:.3f}  {merges}")
    print("\n(last column: in-story merges; for headlines, unrelated pairs joined)")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
