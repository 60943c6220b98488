"""Copy finding at scale: time per article, its growth, peak memory, and an all-pairs baseline.

Inputs are real FNC-1 bodies replicated into ``N`` articles, with the copy density
per article the same at every size. The pool is the bodies that share no text
(``reuse_synth.independent_bodies``, about 540 of 1,683: FNC-1 holds many
near-duplicate bodies, and replicating those made each new article meet more
true copies as ``N`` grew). Replica ``r`` of the pool swaps words through a
replica-specific bijection: the 20 most frequent words (function words) stay,
every other word is swapped with one of similar frequency rank, digits are
permuted. So word frequencies and function-word stock phrases stay realistic,
while replicas of one body share no sentence skeleton (keeping the 200 most
frequent words, as this bench first did, left replicas aligning as copies,
again more of them as ``N`` grew). Then ``--copy-rate`` of the articles get a
passage planted from a recent earlier article with newsroom edits
(``bench/reuse_synth.py``'s planting), so copies exist to be found.

Each size runs in a child process that builds the articles (not timed), then
times the incremental driver: for each article in order, fingerprints,
``CopyIndex.candidates``, alignment of the candidates, and ``CopyIndex.add``.
It reports the CPU time per article (``time.process_time``: the machine is
shared, so wall time mostly measures the neighbours; wall time is printed too)
as the median over blocks of 500 articles, and the last block's (the cost at
the full index size),
its ratio to the smallest size (about 1.0 when cost stays flat), the child's
peak RSS (``resource.getrusage``), and pairs found against pairs planted.
The baseline compares every pair of articles by the size of their word
5-gram shingle sets' intersection (a cheap all-pairs method, no alignment);
above ``--baseline-full`` articles it times a random sample of pairs and
extrapolates to all ``N (N - 1) / 2`` pairs, and says so.

Run it from the repository root::

    python bench/link_scale.py --sizes 1000,10000
    nice -n 10 python bench/link_scale.py --sizes 1000,10000,100000

Times are medians of ``--repeats`` runs per size (``--large-repeats`` above
20,000 articles); the baseline runs up to ``--baseline-up-to`` articles.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reuse_synth import FNC1_BODIES, independent_bodies, load_bodies, plant
from scale_corpus import KEEP_TOP_WORDS, ranked_words, replicas

from newstrace.link import CopyIndex, copied_passages, find_copies, fingerprints, tokenize
from newstrace.link.copies import young_collections_only
from newstrace.link.stories import StoryClusterer, story_doc
from newstrace.models import Article

# Edit rate of the planted passages (see reuse_synth.py).
PLANT_EDIT_RATE = 0.3
# Word n-gram length of the all-pairs shingle baseline.
BASELINE_SHINGLE = 5
# Pairs timed when the baseline is sampled.
BASELINE_SAMPLE = 200_000
# Articles per timing block: the cost per article is the median over blocks, robust to
# the bursts when the machine's other workers take the caches and memory bus.
BLOCK = 500
# Articles arrive this far apart (100,000 articles span a year), so story time windows come into play.
ARRIVAL = timedelta(minutes=5)
# Sizes above this run --large-repeats times (100k articles take minutes of CPU each run).
LARGE_SIZE = 20_000


def make_articles(bodies: list[str], size: int, copy_rate: float, seed: int) -> tuple[list[Article], int]:
    """``size`` articles: replicas of ``bodies`` under per-replica word swaps, some with planted passages; and
    the planted count.

    ``bodies`` should share no text (``reuse_synth.independent_bodies``): then the only copies are the planted
    ones, at the same rate per article at every size.
    """
    rng = random.Random(seed)
    ranked = ranked_words(bodies)
    vocabulary = sorted(ranked[KEEP_TOP_WORDS:])
    texts = replicas(bodies, size, seed)
    planted = 0
    for n in range(1, size):
        if rng.random() < copy_rate:
            donor = rng.randrange(max(0, n - 5000), n)  # copies come from recent articles
            result = plant(texts[donor], texts[n], rng, PLANT_EDIT_RATE, vocabulary[:5000])
            if result is not None:
                texts[n] = result[0]
                planted += 1
    start = datetime(2026, 1, 1, tzinfo=UTC)
    articles = [
        Article(f"n{n}", text, "bench", "synthetic", "", published=(start + n * ARRIVAL).isoformat())
        for n, text in enumerate(texts)
    ]
    return articles, planted


class CountingIndex(CopyIndex):
    """A :class:`CopyIndex` that counts the candidates it returns."""

    returned = 0

    def candidates(self, prints, *, exclude=None):
        found = super().candidates(prints, exclude=exclude)
        self.returned += len(found)
        return found


def time_index(articles: list[Article]) -> dict[str, float]:
    """Run the incremental driver over ``articles``; seconds, per-block CPU cost, candidates and pairs found.

    Story clustering (:class:`StoryClusterer`, text only: no analysis) runs on the same articles in the same
    loop and is timed on its own (``story_ms``), since `link` does both.
    """
    index, clusterer = CountingIndex(), StoryClusterer()
    story_cpu: list[float] = []
    by_key = {a.external_id: a for a in articles}
    pairs: set[tuple[str, str]] = set()
    copied_passages(articles[0], articles[0])  # warm up: lazy imports (the analyzer's boilerplate) out of the timing
    blocks: list[float] = []
    began, cpu_began = time.perf_counter(), time.process_time()
    block_began = cpu_began
    with young_collections_only():  # as link_copies and the link command do
        for n, article in enumerate(articles, start=1):
            prints = fingerprints(article.text)
            for p in find_copies(article, index, by_key.__getitem__, prints=prints):
                pairs.add((p.a, p.b))
            index.add(article.external_id, prints)
            story_began = time.process_time()
            clusterer.add(story_doc(article))
            story_cpu.append(time.process_time() - story_began)
            if n % BLOCK == 0:
                now = time.process_time()
                blocks.append((now - block_began - sum(story_cpu[-BLOCK:])) / BLOCK)
                block_began = now
    seconds, cpu_seconds = time.perf_counter() - began, time.process_time() - cpu_began - sum(story_cpu)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "block_ms": statistics.median(blocks) * 1000 if blocks else cpu_seconds / len(articles) * 1000,
        "last_block_ms": blocks[-1] * 1000 if blocks else cpu_seconds / len(articles) * 1000,
        "story_ms": statistics.median(_block_sums(story_cpu)) * 1000,
        "story_last_block_ms": _block_sums(story_cpu)[-1] * 1000,
        "stories": len(clusterer.stories()),
        "candidates_per_article": index.returned / len(articles),
        "pairs_found": len(pairs),
    }


def _block_sums(seconds: list[float]) -> list[float]:
    """Mean seconds per article over each block of BLOCK articles (the whole run if shorter)."""
    blocks = [seconds[i : i + BLOCK] for i in range(0, len(seconds) - BLOCK + 1, BLOCK)] or [seconds]
    return [sum(block) / len(block) for block in blocks]


def time_baseline(articles: list[Article], full_up_to: int, seed: int) -> dict[str, float | bool]:
    """CPU seconds an all-pairs shingle-intersection comparison takes (extrapolated from a sample when large)."""
    shingles = []
    for article in articles:
        words = [t.norm for t in tokenize(article.text)]
        shingles.append({hash(tuple(words[i : i + BASELINE_SHINGLE])) for i in range(len(words) - 4)})
    n = len(shingles)
    total = n * (n - 1) // 2
    began = time.process_time()
    if n <= full_up_to:
        for i in range(n):
            left = shingles[i]
            for j in range(i):
                len(left & shingles[j])
        return {"baseline_seconds": time.process_time() - began, "baseline_sampled": False}
    rng = random.Random(seed)
    sample = [(rng.randrange(n), rng.randrange(n)) for _ in range(BASELINE_SAMPLE)]
    began = time.process_time()
    for i, j in sample:
        len(shingles[i] & shingles[j])
    per_pair = (time.process_time() - began) / BASELINE_SAMPLE
    return {"baseline_seconds": per_pair * total, "baseline_sampled": True}


def child(size: int, args: argparse.Namespace) -> dict:
    """One size in this process: articles, timing, peak RSS (of building and linking), baseline."""
    loaded = load_bodies(args.bodies)
    bodies = [loaded[key] for key in independent_bodies(loaded, random.Random(args.seed))]
    articles, planted = make_articles(bodies, size, args.copy_rate, args.seed)
    result = {"size": size, "planted": planted} | time_index(articles)
    # Read before the baseline, whose shingle sets for every article would dominate it.
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.baseline:
        result |= time_baseline(articles, args.baseline_full, args.seed)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--repeats", type=int, default=3, help="runs per size; medians shown")
    parser.add_argument("--large-repeats", type=int, default=1, help=f"runs per size above {LARGE_SIZE:,}")
    parser.add_argument("--copy-rate", type=float, default=0.1, help="share of articles with a planted passage")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false", help="skip the all-pairs baseline")
    parser.add_argument("--baseline-full", type=int, default=2000, help="largest size timed over every pair")
    parser.add_argument(
        "--baseline-up-to", type=int, default=10_000, help="largest size with a baseline (its shingle sets fill GBs)"
    )
    parser.add_argument("--bodies", type=Path, default=FNC1_BODIES, help="FNC-1 train_bodies.csv")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.bodies.exists():
        sys.exit(f"{args.bodies} is absent: put the project's shared/ folder beside the repo")
    if args.child:
        print(json.dumps(child(args.child, args)))
        return
    forwarded = ["--copy-rate", str(args.copy_rate), "--bodies", str(args.bodies)]
    forwarded += ["--baseline-full", str(args.baseline_full)]
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        runs = []
        baseline = [] if args.baseline and size <= args.baseline_up_to else ["--no-baseline"]
        for repeat in range(args.repeats if size <= LARGE_SIZE else args.large_repeats):
            seed = str(args.seed + repeat)
            command = [sys.executable, __file__, "--child", str(size), "--seed", seed, *forwarded, *baseline]
            runs.append(json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout))
        row = {key: statistics.median(r[key] for r in runs) for key in runs[0] if key != "baseline_sampled"}
        row["baseline_sampled"] = runs[0].get("baseline_sampled")
        rows.append(row)
        first, previous = (r["block_ms"] for r in (rows[0], rows[-2 if len(rows) > 1 else 0]))
        per = row["block_ms"]
        line = (
            f"{size:>7} articles ({len(runs)} run(s)): {per:6.2f} ms/article (CPU, median of {BLOCK}-article blocks)  "
            f"x{per / first:4.2f} vs first, x{per / previous:4.2f} vs previous\n"
            f"         last block {row['last_block_ms']:.2f} ms/article, total CPU {row['cpu_seconds']:.1f} s "
            f"(wall {row['seconds'] / size * 1000:.2f} ms/article), peak RSS {row['peak_rss_mb']:.0f} MB, "
            f"candidates/article {row['candidates_per_article']:.2f}, "
            f"pairs found {row['pairs_found']:.0f} (planted {row['planted']:.0f})\n"
            f"         stories: {row['story_ms']:.2f} ms/article (CPU, median of blocks; the copy figures above "
            f"exclude it), last block {row['story_last_block_ms']:.2f}, {row['stories']:.0f} stories"
        )
        if "baseline_seconds" in row:
            how = "extrapolated from a sample" if row["baseline_sampled"] else "measured"
            line += f"\n         all-pairs shingle baseline CPU {row['baseline_seconds']:9.1f} s ({how}): "
            line += f"index is x{row['baseline_seconds'] / row['cpu_seconds']:.1f} faster"
        print(line, flush=True)


if __name__ == "__main__":
    main()
