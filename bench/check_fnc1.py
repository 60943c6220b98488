"""FNC-1 as claims to check: each headline judged over its story's bodies, and each story's claims discovered.

FNC-1's training stories are bodies linked by a shared related headline (191
stories). Two measures:

- **Check.** Each headline is a claim given to newstrace's ``check`` (the pure
  :func:`newstrace.assess.check_claim`, story given) over its story's bodies
  plus the unrelated bodies FNC-1 pairs with it. Each body's stance is
  compared with FNC-1's label: supports with agree, denies with disagree,
  unconfirmed or mentions with discuss, unrelated with unrelated. Only bodies
  held out from any training count: the stance model's held-out fifth (split
  as the official baseline splits) less our hand-labelled development
  stories (bench/data/real_dev, real_check, real_check2 and real_holdout), whose bodies
  the judge's rules were chosen on or that measure it. Prints accuracy,
  macro F1 and per-label F1, and the FNC-1 score.
- **Discovery.** Each story's bodies (no titles: FNC-1's headlines are what is
  measured) are assessed as one story; a headline is discovered when one of
  the story's top ten claims states it (sentence-vector cosine >= 0.70).
  Prints the share of headlines discovered, and claims per story.

FNC-1's labels mean something else than newstrace's stances: "discuss" is any
body reporting the claim without taking a side, where newstrace calls a body
reporting it through a source without doubt "supports". The issue's measure
maps them as above; bench/check_dev.py measures newstrace's own labels.

Reads ../shared/data/fnc-1; never copies it. The analysed bodies are kept in
``--db`` (about 4 minutes to build once).

    python bench/check_fnc1.py --db /tmp/fnc1.db [--stories N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's newstrace, not an installed one

import numpy as np

from newstrace.assess import check_claim, story_assessment
from newstrace.assess.fnc1 import LABELS, fnc_score, hold_out_split, read_fnc1
from newstrace.assess.stance import judged_signals
from newstrace.batch import StoredVectors, analyze_stored, ingest_paths
from newstrace.meaning import sentence_vectors
from newstrace.settings import Settings
from newstrace.store import Store

FNC1 = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc-1"
DEV = [
    Path(__file__).resolve().parent / "data" / name
    for name in ("real_dev", "real_check", "real_check2", "real_holdout")
]
# newstrace's stance -> the FNC-1 label it is compared with.
AS_FNC1 = {"supports": "agree", "denies": "disagree", "unconfirmed": "discuss", "mentions": "discuss"}
MATCH_COSINE = 0.70
TOP = 10


def stories_of(data) -> dict[int, set[int]]:
    """FNC-1's stories: bodies linked by a shared related headline (union-find), by their smallest body id."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    related: dict[str, set[int]] = defaultdict(set)
    for headline, body, label in zip(data.headlines, data.body_ids, data.labels, strict=True):
        if label != "unrelated":
            related[headline].add(body)
    for bodies in related.values():
        first, *rest = sorted(bodies)
        for body in rest:
            parent[find(body)] = find(first)
        find(first)
    stories: dict[int, set[int]] = defaultdict(set)
    for body in parent:
        stories[find(body)].add(body)
    return {min(bodies): bodies for bodies in stories.values()}


def build(db: str, data) -> None:
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "fnc1.jsonl"
        with records.open("w", encoding="utf-8") as out:
            for body, text in sorted(data.bodies.items()):
                out.write(json.dumps({"id": f"fnc-{body}", "text": text}, ensure_ascii=False) + "\n")
        with Store(db) as store:
            ingest_paths([str(records)], store, Settings(db=db), quiet=True)
            analyze_stored(store, quiet=True)


def scores(gold: list[str], predicted: list[str]) -> str:
    f1 = {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        total = sum(p == label for p in predicted) + sum(g == label for g in gold)
        f1[label] = 2 * tp / total if total else 0.0
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(1, len(gold))
    per_label = "  ".join(f"{label} {f1[label]:.3f}" for label in LABELS)
    return (
        f"accuracy {accuracy:.3f}  macro F1 {sum(f1.values()) / len(LABELS):.3f}  {per_label}  "
        f"FNC score {fnc_score(gold, predicted):.3f}  (n={len(gold)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database of the analysed bodies, built if absent (default: a temporary one)")
    parser.add_argument("--stories", type=int, default=0, help="only the first N stories (0: all)")
    args = parser.parse_args()
    if not (FNC1 / "train_stances.csv").exists():
        print(f"FNC-1 not found in {FNC1}: skipped", file=sys.stderr)
        return 0
    data = read_fnc1(FNC1 / "train_bodies.csv", FNC1 / "train_stances.csv")
    db = args.db or str(Path(tempfile.mkdtemp()) / "fnc1.db")
    if not Path(db).exists():
        started = time.perf_counter()
        build(db, data)
        print(f"built {db} in {time.perf_counter() - started:.0f} s")
    dev = {b for folder in DEV for path in folder.glob("story_*.json") for b in json.loads(path.read_text())["bodies"]}
    _, held_out = hold_out_split(list(data.bodies))
    measured = held_out - dev
    stories = stories_of(data)
    chosen = sorted(stories)[: args.stories or None]
    pairs_of: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for headline, body, label in zip(data.headlines, data.body_ids, data.labels, strict=True):
        pairs_of[headline].append((body, label))
    gold, predicted, seconds = [], [], []
    discovered, headlines_seen, claims_per_story = 0, 0, []
    with Store(db) as store:
        embed = StoredVectors(store)

        def articles_of(bodies):
            found = [store.article(f"fnc-{b}") for b in sorted(bodies)]
            return found, {a.external_id: store.analysis(a) for a in found}

        for key in chosen:
            bodies = stories[key]
            headlines = sorted(
                {h for h, pairs in pairs_of.items() for b, lab in pairs if b in bodies and lab != "unrelated"}
            )
            articles, analyses = articles_of(bodies)
            claims = story_assessment(key, articles, analyses, stance=judged_signals, embed=embed).claims
            claims_per_story.append(len(claims))
            top = claims[:TOP]
            if top:
                cosines = (sentence_vectors(headlines) @ sentence_vectors([c.text for c in top]).T).max(axis=1)
                discovered += int((cosines >= MATCH_COSINE).sum())
                headlines_seen += len(headlines)
            else:
                headlines_seen += len(headlines)
            for headline in headlines:
                labelled = {b: lab for b, lab in pairs_of[headline] if b in measured}
                if not labelled:
                    continue
                judged = set(bodies) | {b for b, _ in pairs_of[headline]}
                found, found_analyses = articles_of(judged)
                started = time.perf_counter()
                claim = check_claim(headline, key, found, found_analyses, embed=embed)
                seconds.append(time.perf_counter() - started)
                stances = {s.article: s.stance for s in claim.stances}
                for body, label in labelled.items():
                    gold.append(label)
                    predicted.append(AS_FNC1.get(stances.get(f"fnc-{body}", "unrelated"), "unrelated"))
        embed.save()
    print(f"check, held-out bodies: {scores(gold, predicted)}")
    related = [i for i, g in enumerate(gold) if g != "unrelated"]
    print(f"check, related bodies only: {scores([gold[i] for i in related], [predicted[i] for i in related])}")
    print(f"  confusion (gold -> predicted): {dict(Counter(zip(gold, predicted, strict=True)).most_common())}")
    print(
        f"discovery: {discovered / max(1, headlines_seen):.3f} of {headlines_seen} headlines among their story's top "
        f"{TOP} claims (cosine >= {MATCH_COSINE}); claims per story median {statistics.median(claims_per_story):.0f}, "
        f"mean {np.mean(claims_per_story):.1f} ({len(chosen)} stories)"
    )
    print(f"check: {len(seconds)} claims, median {statistics.median(seconds):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
