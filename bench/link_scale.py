"""Copy finding at scale: time per article, its growth, peak memory, and an all-pairs baseline.

Inputs are real FNC-1 bodies replicated into ``N`` articles. Replica ``r`` of a
body rewrites its rarer words through a replica-specific random mapping (every
word outside the 200 most frequent changes, the same way throughout the
article), so replicas do not copy each other while word frequencies and stock
phrases stay realistic. Then ``--copy-rate`` of the
articles get a passage planted from an earlier article with newsroom edits
(``bench/reuse_synth.py``'s planting), so copies exist to be found.

Each size runs in a child process that builds the articles (not timed), then
times the incremental driver: for each article in order, fingerprints,
``CopyIndex.candidates``, alignment of the candidates, and ``CopyIndex.add``.
It reports the cost per article, its ratio to the smallest size (about 1.0
when cost stays flat), the child's peak RSS (``resource.getrusage``), and pairs
found against pairs planted. The baseline compares every pair of articles by
the size of their word 5-gram shingle sets' intersection (a cheap all-pairs
method, no alignment at all); at sizes above ``--baseline-full`` it times a
random sample of pairs and extrapolates to all ``N (N - 1) / 2`` pairs, and
says so.

Run it from the repository root::

    python bench/link_scale.py --sizes 1000,10000
    nice -n 10 python bench/link_scale.py --sizes 100000 --repeats 1 --no-baseline

Times are medians of ``--repeats`` runs per size.
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
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reuse_synth import FNC1_BODIES, load_bodies, plant

from newstrace.link import CopyIndex, find_copies, fingerprints, tokenize
from newstrace.models import Article

# Words this frequent are kept in every replica, so stock phrases stay shared.
KEEP_TOP_WORDS = 200
# Share of a replica's rarer words that its mapping rewrites: all of them, so replicas
# share stock phrases of frequent words but no passage (else copies would grow with N).
REWRITE_SHARE = 1.0
# Edit rate of the planted passages (see reuse_synth.py).
PLANT_EDIT_RATE = 0.3
# Word n-gram length of the all-pairs shingle baseline.
BASELINE_SHINGLE = 5
# Pairs timed when the baseline is sampled.
BASELINE_SAMPLE = 200_000


def make_articles(bodies: list[str], size: int, copy_rate: float, seed: int) -> tuple[list[Article], int]:
    """``size`` articles from ``bodies``: perturbed replicas, some with planted passages; and the planted count."""
    rng = random.Random(seed)
    counts = Counter(w for body in bodies for w in body.split())
    keep = {w for w, _ in counts.most_common(KEEP_TOP_WORDS)}
    vocabulary = sorted(w for w in counts if w.isalpha() and w not in keep)
    texts: list[str] = []
    for n in range(size):
        body, replica = bodies[n % len(bodies)], n // len(bodies)
        if replica:
            salt = random.Random(f"{seed}:{replica}")
            mapping: dict[str, str] = {}

            def rewrite(word: str, salt=salt, mapping=mapping) -> str:
                if word in keep:
                    return word
                if word not in mapping:
                    mapping[word] = salt.choice(vocabulary) if salt.random() < REWRITE_SHARE else word
                return mapping[word]

            body = "\n\n".join(" ".join(rewrite(w) for w in p.split(" ")) for p in body.split("\n\n"))
        texts.append(body)
    planted = 0
    for n in range(1, size):
        if rng.random() < copy_rate:
            donor = rng.randrange(max(0, n - 5000), n)  # copies come from recent articles
            result = plant(texts[donor], texts[n], rng, PLANT_EDIT_RATE, vocabulary[:5000])
            if result is not None:
                texts[n] = result[0]
                planted += 1
    articles = [Article(f"n{n}", text, "bench", "synthetic", "", published=None) for n, text in enumerate(texts)]
    return articles, planted


class CountingIndex(CopyIndex):
    """A :class:`CopyIndex` that counts the candidates it returns."""

    returned = 0

    def candidates(self, prints, *, exclude=None):
        found = super().candidates(prints, exclude=exclude)
        self.returned += len(found)
        return found


def time_index(articles: list[Article]) -> dict[str, float]:
    """Run the incremental driver over ``articles``; seconds, candidates and pairs found."""
    index = CountingIndex()
    by_key = {a.external_id: a for a in articles}
    pairs: set[tuple[str, str]] = set()
    began = time.perf_counter()
    for article in articles:
        prints = fingerprints(article.text)
        for p in find_copies(article, index, by_key.__getitem__, prints=prints):
            pairs.add((p.a, p.b))
        index.add(article.external_id, prints)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "candidates_per_article": index.returned / len(articles), "pairs_found": len(pairs)}


def time_baseline(articles: list[Article], full_up_to: int, seed: int) -> dict[str, float | bool]:
    """Seconds an all-pairs shingle-intersection comparison takes (extrapolated from a sample when large)."""
    shingles = []
    for article in articles:
        words = [t.norm for t in tokenize(article.text)]
        shingles.append({hash(tuple(words[i : i + BASELINE_SHINGLE])) for i in range(len(words) - 4)})
    n = len(shingles)
    total = n * (n - 1) // 2
    began = time.perf_counter()
    if n <= full_up_to:
        for i in range(n):
            left = shingles[i]
            for j in range(i):
                len(left & shingles[j])
        return {"baseline_seconds": time.perf_counter() - began, "baseline_sampled": False}
    rng = random.Random(seed)
    sample = [(rng.randrange(n), rng.randrange(n)) for _ in range(BASELINE_SAMPLE)]
    began = time.perf_counter()
    for i, j in sample:
        len(shingles[i] & shingles[j])
    per_pair = (time.perf_counter() - began) / BASELINE_SAMPLE
    return {"baseline_seconds": per_pair * total, "baseline_sampled": True}


def child(size: int, args: argparse.Namespace) -> dict:
    """One size in this process: articles, timing, baseline, peak RSS."""
    bodies = list(load_bodies(args.bodies).values())
    articles, planted = make_articles(bodies, size, args.copy_rate, args.seed)
    result = {"size": size, "planted": planted} | time_index(articles)
    if args.baseline:
        result |= time_baseline(articles, args.baseline_full, args.seed)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--repeats", type=int, default=3, help="runs per size; medians shown")
    parser.add_argument("--copy-rate", type=float, default=0.1, help="share of articles with a planted passage")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false", help="skip the all-pairs baseline")
    parser.add_argument("--baseline-full", type=int, default=2000, help="largest size timed over every pair")
    parser.add_argument("--bodies", type=Path, default=FNC1_BODIES, help="FNC-1 train_bodies.csv")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.bodies.exists():
        sys.exit(f"{args.bodies} is absent: put the project's shared/ folder beside the repo")
    if args.child:
        print(json.dumps(child(args.child, args)))
        return
    forwarded = ["--copy-rate", str(args.copy_rate), "--bodies", str(args.bodies)]
    forwarded += ["--baseline-full", str(args.baseline_full)] + ([] if args.baseline else ["--no-baseline"])
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        runs = []
        for repeat in range(args.repeats):
            command = [sys.executable, __file__, "--child", str(size), "--seed", str(args.seed + repeat), *forwarded]
            runs.append(json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout))
        row = {key: statistics.median(r[key] for r in runs) for key in runs[0] if key != "baseline_sampled"}
        row["baseline_sampled"] = runs[0].get("baseline_sampled")
        rows.append(row)
        base = rows[0]["seconds"] / rows[0]["size"]
        per = row["seconds"] / size
        line = (
            f"{size:>7} articles: {row['seconds']:8.1f} s  {per * 1000:6.2f} ms/article  x{per / base:4.2f} vs first  "
            f"peak RSS {row['peak_rss_mb']:7.0f} MB  candidates/article {row['candidates_per_article']:5.2f}  "
            f"pairs found {row['pairs_found']:.0f} (planted {row['planted']:.0f})"
        )
        if "baseline_seconds" in row:
            how = "extrapolated from a sample" if row["baseline_sampled"] else "measured"
            line += f"\n         all-pairs shingle baseline {row['baseline_seconds']:9.1f} s ({how}): "
            line += f"index is x{row['baseline_seconds'] / row['seconds']:.1f} faster"
        print(line, flush=True)


if __name__ == "__main__":
    main()
