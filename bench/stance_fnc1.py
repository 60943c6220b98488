"""Stance quality on FNC-1: relative FNC score, per-class F1 and macro F1.

Trains on --train-dir (FNC-1's train_bodies.csv and train_stances.csv, minus
the held-out bodies, split as the official baseline splits) or, without it,
loads the shipped model; prints the scores on the held-out bodies (when
training data is at hand), writes a prediction for every pair of --stances in
FNC-1's submission format, and scores it when --stances has a Stance column.
Reads ../shared/data/fnc-1; never copies it.

    python bench/stance_fnc1.py --bodies ../shared/data/fnc-1/train_bodies.csv \\
        --stances ../shared/data/fnc-1/train_stances.csv --out /tmp/pred.csv
    python bench/stance_fnc1.py --train-dir ../shared/data/fnc-1 --bodies B.csv --stances S.csv --out P.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from newstrace.assess.fnc1 import hold_out_split, read_fnc1, score_report, train_hold_out
from newstrace.assess.stance import StanceModel

FNC1 = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc-1"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-dir", type=Path, help="FNC-1 training folder to train on (default: shipped model)")
    parser.add_argument("--bodies", type=Path, required=True, help="bodies CSV (Body ID, articleBody)")
    parser.add_argument("--stances", type=Path, required=True, help="stances CSV (Headline, Body ID[, Stance])")
    parser.add_argument("--out", type=Path, required=True, help="predictions CSV (Headline, Body ID, Stance)")
    args = parser.parse_args(argv)
    train_dir = args.train_dir or FNC1
    training = None
    if (train_dir / "train_stances.csv").exists():
        training = read_fnc1(train_dir / "train_bodies.csv", train_dir / "train_stances.csv")
    elif args.train_dir:
        print(f"FNC-1 training files not found in {args.train_dir}", file=sys.stderr)
        return 2
    if args.train_dir:
        started = time.perf_counter()
        model, held_out = train_hold_out(training)
        print(f"trained on {args.train_dir} in {time.perf_counter() - started:.0f} s")
    else:
        model = StanceModel.load()
        held_out = training.subset(hold_out_split(list(training.bodies))[1]) if training else None
        print("shipped model")
    if held_out is not None:
        predicted = [r.label for r in model.predict(held_out.pairs())]
        print(f"held-out bodies: {score_report(held_out.labels, predicted)}")
    target = read_fnc1(args.bodies, args.stances)
    started = time.perf_counter()
    predicted = [r.label for r in model.predict(target.pairs())]
    seconds = time.perf_counter() - started
    with open(args.out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows(zip(target.headlines, target.body_ids, predicted, strict=True))
    print(f"wrote {len(predicted)} predictions to {args.out} ({len(predicted) / seconds:.0f} pairs/s)")
    if target.labels is not None:
        print(f"{args.stances.name}: {score_report(target.labels, predicted)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
