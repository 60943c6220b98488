"""Train the shipped stance model on FNC-1's training set minus the held-out bodies.

Seeded and deterministic: writes newstrace/assess/data/stance.npz (float16
weights) and stance_vocab.json, then prints the held-out scores (bodies never
seen in training, split as the official FNC-1 baseline splits). The bodies of
our hand-labelled development stories (bench/data/real_dev) are left out of
training too, so that bench/check_dev.py measures the model on text it never saw.

    python scripts/train_stance.py            # reproduces the shipped files
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newstrace.assess.fnc1 import TrainOptions, read_fnc1, score_report, train_hold_out
from newstrace.assess.stance import MODEL_FILE, VOCAB_FILE, StanceModel

FNC1 = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc-1"
DEV_STORIES = Path(__file__).resolve().parents[1] / "bench" / "data" / "real_dev"


def dev_bodies(folder: Path = DEV_STORIES) -> frozenset[int]:
    """The FNC-1 body ids of the hand-labelled development stories (kept out of training)."""
    return frozenset(b for path in folder.glob("story_*.json") for b in json.loads(path.read_text())["bodies"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=FNC1, help="folder with train_bodies.csv and train_stances.csv")
    parser.add_argument("--model", type=Path, default=MODEL_FILE, help="where to write the weights (.npz)")
    parser.add_argument("--vocab", type=Path, default=VOCAB_FILE, help="where to write the vocabulary (.json)")
    parser.add_argument(
        "--dev", type=Path, default=DEV_STORIES, help="folder of hand-labelled stories whose bodies are kept out"
    )
    args = parser.parse_args(argv)
    if not (args.data / "train_stances.csv").exists():
        print(f"FNC-1 training files not found in {args.data}; pass --data", file=sys.stderr)
        return 2
    data = read_fnc1(args.data / "train_bodies.csv", args.data / "train_stances.csv")
    started = time.perf_counter()
    model, held_out = train_hold_out(data, TrainOptions(), exclude=dev_bodies(args.dev))
    print(f"trained in {time.perf_counter() - started:.0f} s")
    model.save(args.model, args.vocab)
    shipped = StanceModel.load(args.model, args.vocab)  # score what was written (float16 weights)
    predicted = [r.label for r in shipped.predict(held_out.pairs())]
    print(f"held-out bodies: {score_report(held_out.labels, predicted)}")
    size = (args.model.stat().st_size + args.vocab.stat().st_size) / 1e6
    print(f"wrote {args.model} and {args.vocab} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
