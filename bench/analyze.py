"""Speed of the analyze stage against bare spaCy parsing on the same texts.

Times `nlp.pipe` alone, then `nlp.pipe` plus newstrace's analysis (attributions,
quantities, dates, places, boilerplate: what `newstrace analyze` runs per
article, without the database), over FNC-1
bodies, and prints articles/s for both, their ratio (ours / bare; 1.0 means
our logic costs nothing beside parsing) and peak memory. Medians of --repeat
runs; the machine is noisy.

    python bench/analyze.py                 # 500 bodies, 3 repeats
    python bench/analyze.py --articles 2000 --repeat 1
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import sys
import time
from pathlib import Path

from newstrace.analyze import analyze_doc, load_model
from newstrace.batch import ANALYZE_BATCH, MAX_ANALYZE_CHARS

BODIES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc-1" / "train_bodies.csv"


def read_bodies(path: Path, limit: int) -> list[str]:
    csv.field_size_limit(1 << 24)
    with open(path, encoding="utf-8", newline="") as handle:
        texts = [row["articleBody"][:MAX_ANALYZE_CHARS] for row in csv.DictReader(handle)]
    return (texts * (limit // len(texts) + 1))[:limit]


def bare(nlp, texts) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=ANALYZE_BATCH):
        pass
    return time.perf_counter() - started


def ours(nlp, texts) -> tuple[float, int]:
    started = time.perf_counter()
    found = 0
    for doc in nlp.pipe(texts, batch_size=ANALYZE_BATCH):
        found += len(analyze_doc(doc, published="2015-10-08").attributions)
    return time.perf_counter() - started, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=Path, default=BODIES)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model")
    args = parser.parse_args(argv)
    if not args.bodies.exists():
        print(f"FNC-1 bodies not found at {args.bodies}; pass --bodies", file=sys.stderr)
        return 2
    texts = read_bodies(args.bodies, args.articles)
    nlp = load_model(args.model)
    bare(nlp, texts[:20])  # warm up
    bare_times, our_times, found = [], [], 0
    for _ in range(args.repeat):
        bare_times.append(bare(nlp, texts))
        seconds, found = ours(nlp, texts)
        our_times.append(seconds)
    bare_rate = len(texts) / statistics.median(bare_times)
    our_rate = len(texts) / statistics.median(our_times)
    chars = sum(map(len, texts))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(texts)} articles ({chars / 1e6:.1f} M chars), median of {args.repeat}, model {nlp.meta['name']}")
    print(f"bare nlp.pipe      {bare_rate:8.1f} articles/s")
    print(f"analyze (ours)     {our_rate:8.1f} articles/s   ({found} attributions)")
    print(f"ratio ours / bare  {our_rate / bare_rate:8.2f}")
    print(f"peak RSS           {peak_mb:8.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
