"""Train the shipped word vectors (PPMI + truncated SVD) on FNC-1 training bodies and PolNeAR train texts.

Seeded and deterministic: writes newstrace/data/word_vectors.npz (float16)
and word_vectors.json (the terms), then prints a few nearest neighbours.
Reads ../shared/data; never copies it. FNC-1 headlines are not used, so the
claims bench (bench/claims_fnc1.py) scores on text the vectors never saw.

    python scripts/train_word_vectors.py      # reproduces the shipped files
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

from newstrace.assess import statement_words
from newstrace.meaning import DIM, VECTORS_FILE, VOCAB_FILE, WINDOW, train_vectors

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
# Terms whose neighbours are printed after training, as a sanity check.
PROBES = ("missil", "impact", "die", "deny", "rocket", "prison")


def corpus(data: Path) -> list[str]:
    """FNC-1 training bodies (file order), then PolNeAR train texts (sorted by name)."""
    csv.field_size_limit(1 << 24)
    with open(data / "fnc-1" / "train_bodies.csv", encoding="utf-8", newline="") as handle:
        texts = [row["articleBody"] for row in csv.DictReader(handle)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((data / "polnear" / "train" / "text").glob("*.txt"))]
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="shared data folder holding fnc-1/ and polnear/")
    parser.add_argument("--dim", type=int, default=DIM, help="vector dimensions")
    parser.add_argument("--vectors", type=Path, default=VECTORS_FILE, help="where to write the vectors (.npz)")
    parser.add_argument("--vocab", type=Path, default=VOCAB_FILE, help="where to write the terms (.json)")
    args = parser.parse_args(argv)
    if not (args.data / "fnc-1" / "train_bodies.csv").exists() or not (args.data / "polnear" / "train").exists():
        print(f"FNC-1 train_bodies.csv or PolNeAR train/ not found under {args.data}; pass --data", file=sys.stderr)
        return 2
    started = time.perf_counter()
    documents = [statement_words(text) for text in corpus(args.data)]
    vectors = train_vectors(documents, dim=args.dim)
    seconds = time.perf_counter() - started
    tokens = sum(map(len, documents))
    vectors.save(args.vectors, args.vocab, dim=args.dim, window=WINDOW, documents=len(documents), tokens=tokens)
    print(f"{len(vectors.terms)} terms x {args.dim} dims, {len(documents)} documents, {tokens} terms: {seconds:.0f} s")
    print(f"wrote {args.vectors} ({args.vectors.stat().st_size / 1e6:.1f} MB) and {args.vocab}")
    names = sorted(vectors.terms, key=vectors.terms.__getitem__)
    for probe in PROBES:
        if probe in vectors.terms:
            cos = vectors.matrix @ vectors.matrix[vectors.terms[probe]]
            near = [f"{names[i]} {cos[i]:.2f}" for i in np.argsort(-cos)[1:7]]
            print(f"  {probe}: {', '.join(near)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
