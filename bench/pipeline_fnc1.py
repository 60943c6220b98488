"""The main job on real news text: FNC-1's training bodies through ingest, analyze, link and assess.

FNC-1's 1,683 bodies are real news articles (2014-2015, many stories told by
several outlets), with no dates or outlets: each becomes a JSONL record with
its first agreeing headline as title and one of 40 made-up outlet names, so
that copies and relays between "outlets" exist. The record file is written to
a temporary folder (never into the repo) and run through the same stages as
``newstrace run``; the script prints the seconds each stage took, the peak
memory, the stories and the claims by status. No labels are scored here: it
shows what the pipeline costs and yields on real text, and that it completes.

Run: nice -n 10 python bench/pipeline_fnc1.py [--limit N] [--db PATH] [--workers N]   (all bodies: about 8 minutes)
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's newstrace, not an installed one

from newstrace.assess.fnc1 import read_fnc1
from newstrace.batch import analyze_stored, assess_stored, ingest_paths, link_stored
from newstrace.settings import Settings
from newstrace.store import Store

FNC1 = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc-1"
# Made-up outlets the bodies are spread over, so that some copies cross outlets.
OUTLETS = 40


def write_records(folder: Path, limit: int) -> Path:
    data = read_fnc1(FNC1 / "train_bodies.csv", FNC1 / "train_stances.csv")
    titles: dict[int, str] = {}
    for headline, body, label in zip(data.headlines, data.body_ids, data.labels, strict=True):
        if label == "agree":
            titles.setdefault(body, headline)
    records = folder / "fnc1.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for n, (body, text) in enumerate(sorted(data.bodies.items())[: limit or None]):
            record = {
                "id": f"fnc-{body}",
                "title": titles.get(body, ""),
                "text": text,
                "outlet": f"Outlet {n % OUTLETS}",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="first N bodies only (0: all)")
    parser.add_argument("--db", help="database file (default: a temporary one)")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="processes for analyze and assess (as --workers; 0: as run does by default)",
    )
    args = parser.parse_args()
    if not (FNC1 / "train_bodies.csv").exists():
        print(f"FNC-1 training files not found in {FNC1}: put the shared data beside the repo")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or str(Path(folder) / "fnc1.db")
        store = Store(db)
        records = write_records(Path(folder), args.limit)
        stages = [
            ("ingest", lambda: ingest_paths([str(records)], store, Settings(db=db), quiet=True)),
            ("analyze", lambda: analyze_stored(store, quiet=True, workers=args.workers)),
            ("link", lambda: link_stored(store, quiet=True)),
            ("assess", lambda: assess_stored(store, quiet=True, workers=args.workers)),
        ]
        articles = sum(1 for _ in store.articles())
        for name, run in stages:
            started = time.perf_counter()
            run()
            seconds = time.perf_counter() - started
            articles = articles or sum(1 for _ in store.articles())
            print(f"{name:<8} {seconds:7.1f} s  {1000 * seconds / max(articles, 1):7.1f} ms/article", flush=True)
        stories = store.stories()
        sizes = sorted((len(s.articles) for s in stories), reverse=True)
        statuses = Counter(c.status for s in stories for c in store.claims(story=s.id))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{articles} articles, {len(stories)} stories (largest {sizes[:5]}), peak RSS {peak:.0f} MB")
        print(f"{sum(statuses.values())} claims: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
