"""The whole job against bare parsing: `newstrace run` beside spaCy's `nlp.pipe(n_process=2)` on the same texts.

Issue 16 asks `run` to reach 0.8 of bare parsing throughput on a 2-core
machine. For each size, the script writes the first N FNC-1 training bodies as
JSONL records (to a temporary folder, never into the repo), then, round after
round, interleaved so the machine's noise falls on both alike:

- **bare**: the default spaCy pipeline loaded, then `nlp.pipe(texts,
  n_process=2)` consumed (the model's load not timed);
- **run**: ingest, analyze, link and assess into a fresh database, as `newstrace
  run` does with its defaults, each stage timed.

It prints per round and as medians: articles/s of each, their ratio, and the
seconds of each stage of `run`.

Run: python bench/pipeline_speed.py [--sizes 300,1683] [--rounds 3]   (300 bodies: about 2 minutes a round)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's newstrace, not an installed one

from pipeline_fnc1 import FNC1, write_records

from newstrace.analyze import load_model
from newstrace.assess.fnc1 import read_fnc1
from newstrace.batch import AUTO_WORKERS, analyze_stored, assess_stored, ingest_paths, link_stored
from newstrace.settings import Settings
from newstrace.store import Store

STAGES = ("ingest", "analyze", "link", "assess")
# Processes of the bare parse: the yardstick on a 2-core machine.
BARE_PROCESSES = 2


def bare_seconds(texts: list[str]) -> float:
    """Seconds for spaCy's default pipeline to parse ``texts`` in BARE_PROCESSES processes (load not timed)."""
    nlp = load_model()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=BARE_PROCESSES):
        pass
    return time.perf_counter() - started


def run_seconds(records: Path, folder: Path, workers: int) -> dict[str, float]:
    """Seconds of each stage of `run` on ``records``, into a new database in ``folder``."""
    db = str(folder / f"run-{time.monotonic_ns()}.db")
    seconds = {}
    with Store(db) as store:
        stages = {
            "ingest": lambda: ingest_paths([str(records)], store, Settings(db=db), quiet=True),
            "analyze": lambda: analyze_stored(store, quiet=True, workers=workers),
            "link": lambda: link_stored(store, quiet=True),
            "assess": lambda: assess_stored(store, quiet=True, workers=workers),
        }
        for name in STAGES:
            started = time.perf_counter()
            stages[name]()
            seconds[name] = time.perf_counter() - started
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300", help="comma-separated numbers of bodies")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=AUTO_WORKERS, help="as run's --workers (0: its default)")
    args = parser.parse_args()
    if not (FNC1 / "train_bodies.csv").exists():
        print(f"FNC-1 not found in {FNC1}: skipped", file=sys.stderr)
        return 0
    bodies = read_fnc1(FNC1 / "train_bodies.csv", FNC1 / "train_stances.csv").bodies
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            records = write_records(folder, size)
            texts = [text for _, text in sorted(bodies.items())[:size]]
            bare, runs = [], []
            for round_ in range(1, args.rounds + 1):
                bare.append(size / bare_seconds(texts))
                stages = run_seconds(records, folder, args.workers)
                runs.append(stages)
                whole = size / sum(stages.values())
                split = ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())
                print(f"{size} bodies, round {round_}: bare {bare[-1]:.1f}/s, run {whole:.1f}/s ({split})", flush=True)
            run_rate = statistics.median(size / sum(r.values()) for r in runs)
            bare_rate = statistics.median(bare)
            medians = ", ".join(f"{k} {statistics.median(r[k] for r in runs):.1f} s" for k in STAGES)
            print(
                f"{size} bodies, medians of {args.rounds}: bare nlp.pipe(n_process={BARE_PROCESSES}) "
                f"{bare_rate:.1f} articles/s, run {run_rate:.1f} articles/s, ratio {run_rate / bare_rate:.2f} "
                f"({medians})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
