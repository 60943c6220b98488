"""Attribution quality on PolNeAR: per-role precision, recall and F1.

Scores newstrace's attributions against the PolNeAR annotations (Newell,
Margolin and Ruths, 2018) the way attribution work reports them: for each role
(source, cue, content), overlap matching (spans share a character, one-to-one)
and exact matching (same characters once edge spaces, quotes and punctuation
are trimmed). Reads ../shared/data/polnear; never copies it.

    python bench/attribution_polnear.py            # the dev split
    python bench/attribution_polnear.py --split train --limit 100
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newstrace.analyze import find_attributions, load_model
from newstrace.evaluate import ROLES, Score, match_spans, read_polnear

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"


def predicted_spans(attributions) -> dict[str, list]:
    """Role -> spans (as fragment tuples) of newstrace's attributions."""
    spans = {role: [] for role in ROLES}
    for record in attributions:
        for role in ROLES:
            fragments = tuple((s.start, s.end) for s in getattr(record, role))
            if fragments:
                spans[role].append(fragments)
    return spans


def evaluate(articles, nlp) -> dict[tuple[str, str], Score]:
    """Scores summed over articles, keyed by (role, "overlap" | "exact")."""
    scores = {(role, mode): Score() for role in ROLES for mode in ("overlap", "exact")}
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    for article, doc in zip(articles, docs, strict=True):
        predicted = predicted_spans(find_attributions(doc))
        for role in ROLES:
            gold = [a[role] for a in article.attributions if role in a]
            for mode in ("overlap", "exact"):
                scores[role, mode].add(match_spans(gold, predicted[role], article.text, exact=mode == "exact"))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=POLNEAR, help="PolNeAR folder (with train/ and dev/)")
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--model", help="spaCy pipeline name")
    args = parser.parse_args(argv)
    split = args.data / args.split
    if not split.exists():
        print(f"PolNeAR not found at {split}; pass --data", file=sys.stderr)
        return 2
    articles = list(read_polnear(split))[: args.limit]
    started = time.perf_counter()
    scores = evaluate(articles, load_model(args.model))
    seconds = time.perf_counter() - started
    gold = sum(len(a.attributions) for a in articles)
    print(f"PolNeAR {args.split}: {len(articles)} articles, {gold} attributions, {seconds:.1f} s")
    print(f"{'role':<8} {'match':<8} {'P':>6} {'R':>6} {'F1':>6}   (tp / predicted / gold)")
    for (role, mode), score in scores.items():
        print(
            f"{role:<8} {mode:<8} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}"
            f"   ({score.true_positives} / {score.predicted} / {score.gold})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
