"""Train the attribution CRF (newstrace/analyze/tagger.py) on PolNeAR's train split.

Parses the train split once with newstrace's spaCy pipeline (cached as a
DocBin under --cache), labels each token with the first annotator's roles
(BIO), picks the regularisation on a held-out slice of train (the last
--holdout articles; dev is never read), then trains on all of train and writes
the model. Deterministic: CRFsuite's L-BFGS has no randomness and articles are
read in name order.

    nice -n 10 python scripts/train_attribution_tagger.py             # the shipped model
    nice -n 10 python scripts/train_attribution_tagger.py --select    # choose c1, c2 on a train slice first
    python scripts/train_attribution_tagger.py --without-rules --out /tmp/crf_plain.crfsuite
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite
from spacy.tokens import DocBin

from newstrace.analyze import find_attributions, load_model
from newstrace.analyze.attributions import quote_spans, rule_tags
from newstrace.analyze.tagger import MODEL_FILE, bio_tags, candidate_sentences, in_quotes, token_features
from newstrace.evaluate import ROLES, Score, match_spans, read_polnear

REPO = Path(__file__).resolve().parents[1]
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
OUT = REPO / "newstrace" / "analyze" / "data" / MODEL_FILE
# Elastic-net weights of the shipped model: L1 0.1 prunes the model to ~5 MB; chosen before
# any measurement (CRFsuite's usual range), not tuned on dev.
C1, C2 = 0.1, 0.01
# (c1, c2) tried on the held-out slice with --select: L1 keeps the model small, L2 smooths what is left.
GRID = ((0.05, 0.01), (0.2, 0.01), (0.5, 0.05))
MAX_ITERATIONS = 150
# Features seen fewer times than this in train are dropped (noise, and model size).
MIN_FEATURE_FREQ = 2


def parsed(articles, cache: Path):
    """The articles' Docs, parsed once and kept in ``cache``."""
    nlp = load_model()
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(articles) and all(d.text == a.text for d, a in zip(docs, articles, strict=True)):
            return docs
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    cache.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(cache)
    return docs


def gold_tags(doc, article) -> list[str]:
    """BIO tags of the first annotator's roles (PolNeAR's roles never share a token, so order hardly matters)."""
    spans = [
        (role.upper(), start, end)
        for attribution in article.attributions
        for role in ROLES
        for start, end in attribution.get(role, ())
    ]
    return bio_tags(doc, spans)


def sequences(docs, articles, with_rules: bool):
    """(features, labels) per candidate sentence of every article."""
    out = []
    for doc, article in zip(docs, articles, strict=True):
        quoted = in_quotes(doc, quote_spans(doc.text))
        rules = rule_tags(doc, find_attributions(doc, mode="rules")) if with_rules else None
        gold = gold_tags(doc, article)
        for sentence in candidate_sentences(doc):
            out.append((token_features(sentence, quoted, rules), gold[sentence.start : sentence.end]))
    return out


def train(data, path: Path, c1: float, c2: float) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in data:
        trainer.append(features, labels)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": MAX_ITERATIONS,
            "feature.minfreq": MIN_FEATURE_FREQ,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(path))


def held_out_f1(model: Path, docs, articles, with_rules: bool) -> dict[str, float]:
    """Overlap F1 per role of the full pipeline on held-out articles."""
    mode = "combined" if with_rules else "tagger"
    scores = {role: Score() for role in ROLES}
    for doc, article in zip(docs, articles, strict=True):
        found = find_attributions(doc, mode=mode, model_path=model)
        for role in ROLES:
            predicted = [tuple((s.start, s.end) for s in getattr(a, role)) for a in found if getattr(a, role)]
            gold = [a[role] for a in article.attributions if role in a]
            scores[role].add(match_spans(gold, predicted, doc.text, exact=False))
    return {role: round(score.f1, 3) for role, score in scores.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=POLNEAR / "train")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newstrace_tagger/train.spacy"))
    parser.add_argument("--holdout", type=int, default=84, help="last N train articles for model selection")
    parser.add_argument("--c1", type=float, default=C1)
    parser.add_argument("--c2", type=float, default=C2)
    parser.add_argument("--select", action="store_true", help="pick c1, c2 from GRID on the held-out slice first")
    parser.add_argument("--limit", type=int, help="only the first N train articles (for diagnostics)")
    parser.add_argument("--without-rules", action="store_true", help="no rule features (the plain tagger)")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"PolNeAR train split not found at {args.data}; pass --data", file=sys.stderr)
        return 2
    started = time.perf_counter()
    articles = list(read_polnear(args.data))
    docs = parsed(articles, args.cache)
    if args.limit:
        articles, docs = articles[: args.limit], docs[: args.limit]
    print(f"parsed {len(docs)} articles in {time.perf_counter() - started:.0f} s", flush=True)
    with_rules = not args.without_rules
    data = sequences(docs, articles, with_rules)
    c1, c2 = args.c1, args.c2
    if args.select:
        cut = len(articles) - args.holdout
        fit = sequences(docs[:cut], articles[:cut], with_rules)
        best = None
        for c1_try, c2_try in GRID:
            trial = args.cache.parent / f"trial_{c1_try}_{c2_try}.crfsuite"
            train(fit, trial, c1_try, c2_try)
            f1 = held_out_f1(trial, docs[cut:], articles[cut:], with_rules)
            print(f"c1={c1_try} c2={c2_try}: held-out overlap F1 {f1}", flush=True)
            mean = sum(f1.values()) / len(f1)
            if best is None or mean > best[0]:
                best = (mean, c1_try, c2_try)
        _, c1, c2 = best
    train(data, args.out, c1, c2)
    size = args.out.stat().st_size / 1e6
    print(f"trained c1={c1} c2={c2} on {len(data)} sentences: {args.out} ({size:.1f} MB)")
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
