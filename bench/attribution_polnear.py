"""Attribution quality on PolNeAR: per-role precision, recall and F1.

Scores newstrace's attributions against the PolNeAR annotations (Newell,
Margolin and Ruths, 2018) the way attribution work reports them: for each role
(source, cue, content), overlap matching (spans share a character, one-to-one)
and exact matching (same characters once edge spaces, quotes and punctuation
are trimmed). Reads ../shared/data/polnear; never copies it.

    python bench/attribution_polnear.py            # the dev split
    python bench/attribution_polnear.py --split train --limit 100
    python bench/attribution_polnear.py --mode rules   # one mode (default: all)
    python bench/attribution_polnear.py --mode tagger --tagger-model /tmp/crf_plain.crfsuite
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newstrace.analyze import find_attributions, load_model
from newstrace.analyze.attributions import MODES
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


def evaluate(articles, nlp, mode: str = "combined", model_path: str | None = None) -> dict[tuple[str, str], Score]:
    """Scores summed over articles, keyed by (role, "overlap" | "exact"); ``nlp`` may be a list of parsed Docs."""
    scores = {(role, match): Score() for role in ROLES for match in ("overlap", "exact")}
    docs = nlp if isinstance(nlp, list) else nlp.pipe((a.text for a in articles), batch_size=16)
    for article, doc in zip(articles, docs, strict=True):
        predicted = predicted_spans(find_attributions(doc, mode=mode, model_path=model_path))
        for role in ROLES:
            gold = [a[role] for a in article.attributions if role in a]
            for match in ("overlap", "exact"):
                scores[role, match].add(match_spans(gold, predicted[role], article.text, exact=match == "exact"))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=POLNEAR, help="PolNeAR folder (with train/ and dev/)")
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--model", help="spaCy pipeline name")
    parser.add_argument("--mode", choices=[*MODES, "all"], default="all", help="which attribution finder")
    parser.add_argument("--tagger-model", help="another CRF (one trained --without-rules, for --mode tagger)")
    args = parser.parse_args(argv)
    split = args.data / args.split
    if not split.exists():
        print(f"PolNeAR not found at {split}; pass --data", file=sys.stderr)
        return 2
    articles = list(read_polnear(split))[: args.limit]
    started = time.perf_counter()
    docs = list(load_model(args.model).pipe((a.text for a in articles), batch_size=16))
    gold = sum(len(a.attributions) for a in articles)
    seconds = time.perf_counter() - started
    print(f"PolNeAR {args.split}: {len(articles)} articles, {gold} attributions, parsed in {seconds:.1f} s")
    modes = MODES if args.mode == "all" else (args.mode,)
    for mode in modes:
        if mode == "tagger" and not args.tagger_model:
            print("\nmode tagger: skipped, needs --tagger-model (train one with --without-rules)")
            continue
        started = time.perf_counter()
        scores = evaluate(articles, docs, mode, args.tagger_model)
        print(f"\nmode {mode} ({time.perf_counter() - started:.1f} s)")
        print(f"{'role':<8} {'match':<8} {'P':>6} {'R':>6} {'F1':>6}   (tp / predicted / gold)")
        for (role, match), score in scores.items():
            print(
                f"{role:<8} {match:<8} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}"
                f"   ({score.true_positives} / {score.predicted} / {score.gold})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
