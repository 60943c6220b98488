"""Story clustering on FNC-1 bodies: B-cubed precision, recall and F1, speed.

Gold stories: FNC-1 pairs headlines with bodies; a body and a headline with a
related stance (agree, disagree, discuss) report the same claim, so bodies
joined through shared related headlines (union-find over the pairs) form one
story. The 1,683 training bodies form 191 stories this way. Every training body
has at least one related headline, so no body is left out; were there any with
only unrelated pairs, they would be singleton gold stories (we know of no
story they belong to) and the script reports their number.

Bodies have no titles, dates or outlets: the clusterer sees text alone. They
are fed one at a time in a shuffled order, several seeds; figures are medians
with their range. B-cubed after Bagga and Baldwin (1998), as in Amigó et al.
(2009): per body, precision is the share of its predicted story in its gold
story, recall the share of its gold story in its predicted story.

Against overfitting, the gold stories are split in two halves (seeded): the
defaults in newstrace/link/stories.py were chosen by ``--tune`` on the first
half only, and the second half and the whole set are reported beside it. A
batch baseline (TF-IDF, scikit-learn agglomerative clustering, cosine
distance, average linkage, its distance threshold tuned on the same half) is
printed for comparison.

    python bench/stories_fnc1.py                 # defaults: tuning half, held half, all
    python bench/stories_fnc1.py --tune          # the grids that chose the defaults
    python bench/stories_fnc1.py --seeds 1       # quicker
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's newstrace, not an installed one

from newstrace.link.stories import MERGE_THRESHOLD, QUERY_TERMS, THRESHOLD, StoryClusterer
from newstrace.models import StoryDoc

FNC1 = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc-1"
RELATED = {"agree", "disagree", "discuss"}
# The seed of the tuning/held-out split of gold stories; fixed so the defaults' provenance can be rerun.
SPLIT_SEED = 2018
THRESHOLDS = [round(0.26 + 0.02 * i, 2) for i in range(5)]
MERGE_THRESHOLDS = [None, 0.18, 0.20, 0.22, 0.24, 0.26]
BASELINE_DISTANCES = [round(0.70 + 0.02 * i, 2) for i in range(11)]
# Best batch distance threshold on the tuning half (from --tune); cosine distance = 1 - similarity.
BASELINE_DISTANCE = 0.84


def read_fnc1(folder: Path) -> tuple[dict[str, str], dict[str, int]]:
    """(body id -> text, body id -> gold story index) from FNC-1's training CSVs."""
    csv.field_size_limit(1 << 24)
    with open(folder / "train_bodies.csv", encoding="utf-8", newline="") as handle:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with open(folder / "train_stances.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Stance"] in RELATED:
                parent[find("body:" + row["Body ID"])] = find("headline:" + row["Headline"])
    roots: dict[str, int] = {}
    gold = {}
    for body in bodies:
        root = find("body:" + body)  # a body with only unrelated pairs is its own root: a singleton
        gold[body] = roots.setdefault(root, len(roots))
    return bodies, gold


def bcubed(predicted: dict[str, int], gold: dict[str, int]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of a clustering against gold, over gold's items."""
    predicted_members: dict[int, set[str]] = defaultdict(set)
    gold_members: dict[int, set[str]] = defaultdict(set)
    for item in gold:
        predicted_members[predicted[item]].add(item)
        gold_members[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        shared = len(predicted_members[predicted[item]] & gold_members[gold[item]])
        precision += shared / len(predicted_members[predicted[item]])
        recall += shared / len(gold_members[gold[item]])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def split_stories(gold: dict[str, int], seed: int = SPLIT_SEED) -> tuple[set[str], set[str]]:
    """Bodies of a seeded half of the gold stories, and of the other half."""
    stories = sorted(set(gold.values()))
    random.Random(seed).shuffle(stories)
    first = set(stories[: len(stories) // 2])
    return {b for b, s in gold.items() if s in first}, {b for b, s in gold.items() if s not in first}


def cluster_online(bodies: dict[str, str], keys: list[str], seed: int, **params) -> tuple[dict[str, int], dict]:
    """Feed ``keys`` in a seeded shuffled order; predicted stories and speed figures."""
    order = sorted(keys, key=int)
    random.Random(seed).shuffle(order)
    clusterer = StoryClusterer(**params)
    per_doc = []
    started = time.perf_counter()
    for key in order:
        tick = time.perf_counter()
        clusterer.add(StoryDoc(key, bodies[key]))
        per_doc.append(time.perf_counter() - tick)
    seconds = time.perf_counter() - started
    block = max(1, min(500, len(per_doc) // 3))
    speed = {
        "docs_per_s": len(order) / seconds,
        "first_ms": 1000 * statistics.mean(per_doc[:block]),
        "last_ms": 1000 * statistics.mean(per_doc[-block:]),
        "block": block,
        "comparisons": clusterer.comparisons_ / len(order),
        "stories": len(clusterer.clusters_),
    }
    return {key: clusterer.story_of(key) for key in order}, speed


def online_scores(bodies, gold, keys, seeds, **params) -> list[tuple[float, float, float]]:
    subset = {k: gold[k] for k in keys}
    return [bcubed(cluster_online(bodies, list(keys), seed, **params)[0], subset) for seed in seeds]


def cluster_batch(bodies: dict[str, str], keys: list[str], distance: float) -> dict[str, int]:
    """Baseline: TF-IDF and average-link agglomerative clustering with a cosine distance threshold."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform([bodies[k] for k in keys])
    distances = 1 - (matrix @ matrix.T).toarray()  # rows are unit length: cosine distance, without a dense X
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=distance
    )
    labels = model.fit_predict(distances.clip(0, 2))
    return dict(zip(keys, (int(label) for label in labels), strict=True))


def summary(scores: list[tuple[float, float, float]]) -> str:
    columns = []
    for i, name in enumerate("PRF"):
        values = [s[i] for s in scores]
        columns.append(f"{name} {statistics.median(values):.3f} [{min(values):.3f}-{max(values):.3f}]")
    return "  ".join(columns)


def tune(bodies, gold, tuning, seeds) -> None:
    """Print the grids over the tuning half; the defaults are their best cells."""
    keys = sorted(tuning, key=int)
    print(f"tuning half: {len(keys)} bodies, {len({gold[k] for k in keys})} stories; median B-cubed F1 over seeds")
    for merge in MERGE_THRESHOLDS:
        row = []
        for threshold in THRESHOLDS:
            scores = online_scores(bodies, gold, keys, seeds, threshold=threshold, merge_threshold=merge)
            row.append(f"{threshold:.2f}:{statistics.median(s[2] for s in scores):.3f}")
        print(f"  merge_threshold={merge!s:<5} threshold " + " ".join(row))
    scores = online_scores(bodies, gold, keys, seeds, adopt=False)
    print(f"  defaults without adopting one-article stories: {statistics.median(s[2] for s in scores):.3f}")
    subset = {k: gold[k] for k in keys}
    row = [f"{d:.2f}:{bcubed(cluster_batch(bodies, keys, d), subset)[2]:.3f}" for d in BASELINE_DISTANCES]
    print("  batch average-link distance " + " ".join(row))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=FNC1, help="FNC-1 folder (train_bodies.csv, train_stances.csv)")
    parser.add_argument("--seeds", type=int, default=5, help="shuffled orders per figure")
    parser.add_argument("--tune", action="store_true", help="print the tuning grids instead")
    args = parser.parse_args(argv)
    if not (args.data / "train_bodies.csv").exists():
        print(f"FNC-1 not found at {args.data}; pass --data", file=sys.stderr)
        return 2
    bodies, gold = read_fnc1(args.data)
    sizes = defaultdict(int)
    for story in gold.values():
        sizes[story] += 1
    print(
        f"FNC-1 train: {len(bodies)} bodies, {len(sizes)} gold stories "
        f"({sum(1 for n in sizes.values() if n == 1)} singletons, largest {max(sizes.values())})"
    )
    tuning, held = split_stories(gold)
    seeds = list(range(args.seeds))
    if args.tune:
        tune(bodies, gold, tuning, seeds)
        return 0
    print(
        f"online, threshold={THRESHOLD}, merge_threshold={MERGE_THRESHOLD}, query_terms={QUERY_TERMS}, "
        f"{len(seeds)} shuffled orders: median [range]"
    )
    for name, keys in (("tuning half", tuning), ("held half", held), ("all", set(bodies))):
        print(f"  {name:<12} {len(keys):>5} bodies  {summary(online_scores(bodies, gold, keys, seeds))}")
    print(f"batch TF-IDF average-link, cosine distance {BASELINE_DISTANCE} (order-free):")
    for name, keys in (("tuning half", tuning), ("held half", held), ("all", set(bodies))):
        ordered = sorted(keys, key=int)
        scores = bcubed(cluster_batch(bodies, ordered, BASELINE_DISTANCE), {k: gold[k] for k in ordered})
        print(f"  {name:<12} {len(keys):>5} bodies  {summary([scores])}")
    speeds = [cluster_online(bodies, list(bodies), seed)[1] for seed in seeds]
    median = {k: statistics.median(s[k] for s in speeds) for k in speeds[0]}
    print(
        f"speed (all bodies, median): {median['docs_per_s']:.0f} docs/s; per doc {median['first_ms']:.2f} ms "
        f"(first {median['block']:.0f}) -> {median['last_ms']:.2f} ms (last {median['block']:.0f}); "
        f"{median['comparisons']:.1f} centroid comparisons per doc for {median['stories']:.0f} stories"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
