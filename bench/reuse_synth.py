"""Copy detection quality on real FNC-1 bodies with planted, newsroom-edited passages.

Gold. FNC-1 bodies already share text (the same story bodies, near-duplicates,
common phrases), so found pairs outside the planted ones could be real copies.
To keep the gold exact, the corpus is an independent set of bodies: in a seeded
random order a body joins when it shares no text with any body already in
(an exact shingle comparison over every pair, not our detector), so
about 720 of the 1,683 bodies remain and no two of them share a run of 8 words
or more. A shared passage of 15 words would need an edit every 7 words to hide
from that check. Then ``--pairs`` disjoint (donor, host) pairs are drawn from
the corpus, each donor and host used once; every other body stays unchanged as
a distractor. Every pair the detector reports that was not planted is a false
positive, every planted pair it misses a false negative.

Planting. From the donor, a passage of whole sentences (one sentence of 15
words or more, a few sentences, or one to three paragraphs) is copied into the
host at a paragraph or sentence boundary. With probability ``--rate`` each
sentence gets a newsroom edit (a changed word, changed or dropped punctuation,
or a dropped clause between commas), and the passage is trimmed by a few words
at either end or has two sentences swapped. The donor is published a day or
more before the host. Gold spans are the donor's original passage (after
trimming) and the inserted text in the host.

Scores. Pair-level precision, recall and F1 over unordered article pairs (any
reported passage makes a pair); character-level precision, recall and F1 of
the reported spans against the gold spans, over both sides of every pair
(characters of spans reported for unplanted pairs count as false positives);
and the share of found planted pairs whose direction names the donor.

Run it from the repository root::

    python bench/reuse_synth.py --pairs 200 --rate 0.5 --seed 1

It takes about a minute on a 2-core VM. ``--repeats`` runs several seeds and
prints the median of each score.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newstrace.ingest.text import normalize_text
from newstrace.link import link_copies, tokenize
from newstrace.models import Article, CopiedPassage

FNC1_BODIES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc-1" / "train_bodies.csv"
# Two bodies "share text" beforehand when they have EXACT_SHARED word EXACT_SHINGLE-grams in
# common (about 7 words in a row, or a few shorter runs), ignoring shingles in more than
# EXACT_MAX_DF bodies. Stricter than the detector on purpose: an 8-gram check let lightly
# edited same-story copies ("Senior officials in Iraq have reported [that the] scorpions ...")
# into the gold as unrelated.
EXACT_SHINGLE = 4
EXACT_SHARED = 4
EXACT_MAX_DF = 30
# Planted passages are at least one sentence of this many words (the detector's min_words).
MIN_PASSAGE_WORDS = 15
# A sentence ends at . ! or ? (and a closing quote) before white space and a capital or digit.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[.!?][\"”’)])\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Planted:
    """One planted passage: donor and host ids and the gold character ranges in each."""

    donor: str
    host: str
    donor_range: tuple[int, int]
    host_range: tuple[int, int]


def load_bodies(path: Path = FNC1_BODIES) -> dict[str, str]:
    """Body ID -> normalised article text."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["Body ID"]: normalize_text(row["articleBody"]) for row in csv.DictReader(handle)}


def independent_bodies(bodies: dict[str, str], rng: random.Random) -> list[str]:
    """Body ids, no two of which share text (greedy, in a seeded random order).

    Two bodies share text when they have ``EXACT_SHARED`` or more distinct word
    ``EXACT_SHINGLE``-grams in common, counting only shingles found in at most
    ``EXACT_MAX_DF`` bodies (stock phrases such as "one of the most" are not copying).
    """
    holders: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for key, text in bodies.items():
        words = [t.norm for t in tokenize(text)]
        for i in range(len(words) - EXACT_SHINGLE + 1):
            holders[tuple(words[i : i + EXACT_SHINGLE])].add(key)
    shared: Counter[tuple[str, str]] = Counter()
    for keys in holders.values():
        if 1 < len(keys) <= EXACT_MAX_DF:
            shared.update(itertools.combinations(sorted(keys), 2))
    related: dict[str, set[str]] = defaultdict(set)
    for (a, b), count in shared.items():
        if count >= EXACT_SHARED:
            related[a].add(b)
            related[b].add(a)
    order = sorted(bodies)
    rng.shuffle(order)
    chosen: set[str] = set()
    for key in order:
        if not related[key] & chosen:
            chosen.add(key)
    return [key for key in order if key in chosen]


def sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph number) of each sentence of ``text``."""
    found = []
    offset = 0
    for number, paragraph in enumerate(text.split("\n\n")):
        start = offset
        for match in SENTENCE_END.finditer(paragraph):
            found.append((start, offset + match.start(), number))
            start = offset + match.end()
        if start < offset + len(paragraph):
            found.append((start, offset + len(paragraph), number))
        offset += len(paragraph) + 2
    return found


def _words(text: str) -> int:
    return len(text.split())


def choose_passage(text: str, rng: random.Random) -> tuple[int, int] | None:
    """A donor range of whole sentences: one long sentence, a few sentences, or up to three paragraphs."""
    spans = sentences(text)
    shape = rng.random()
    if shape < 0.4:
        options = [(s, e) for s, e, _ in spans if _words(text[s:e]) >= MIN_PASSAGE_WORDS]
        return rng.choice(options) if options else None
    if shape < 0.75:
        count = rng.randint(2, 4)
        options = [(spans[i][0], spans[i + count - 1][1]) for i in range(len(spans) - count + 1)]
    else:
        paragraphs = sorted({p for _, _, p in spans})
        count = rng.randint(1, 3)
        options = []
        for i in range(len(paragraphs) - count + 1):
            inside = [(s, e) for s, e, p in spans if paragraphs[i] <= p < paragraphs[i] + count]
            options.append((inside[0][0], inside[-1][1]))
    options = [(s, e) for s, e in options if _words(text[s:e]) >= MIN_PASSAGE_WORDS]
    return rng.choice(options) if options else None


def edit_sentence(sentence: str, rng: random.Random, vocabulary: list[str]) -> str:
    """One newsroom edit: a changed word, changed punctuation, or a dropped clause."""
    words = sentence.split(" ")
    kind = rng.choice(("word", "punctuation", "clause"))
    clauses = sentence.split(", ")
    if kind == "clause" and len(clauses) >= 3:
        drop = rng.randrange(1, len(clauses))
        shorter = ", ".join(clauses[:drop] + clauses[drop + 1 :])
        if _words(shorter) >= MIN_PASSAGE_WORDS:
            return shorter
    if kind == "punctuation" and ("," in sentence or sentence.endswith(".")):
        return sentence.replace(",", "", 1) if "," in sentence else sentence[:-1] + ";"
    if len(words) > 2:
        i = rng.randrange(1, len(words) - 1)
        words[i] = rng.choice(vocabulary)
    return " ".join(words)


def plant(donor: str, host: str, rng: random.Random, rate: float, vocabulary: list[str]):
    """Copy an edited passage of ``donor`` into ``host``: (new host text, donor range, host range) or None."""
    chosen = choose_passage(donor, rng)
    if chosen is None:
        return None
    start, end = chosen
    if rng.random() < rate:  # trim a few words at one end
        words = list(re.finditer(r"\S+", donor[start:end]))
        cut = rng.randint(1, 3)
        if len(words) - cut >= MIN_PASSAGE_WORDS:
            if rng.random() < 0.5:
                start += words[cut].start()
            else:
                end = start + words[-cut - 1].end()
    parts = [donor[max(s, start) : min(e, end)] for s, e, _ in sentences(donor) if s < end and e > start]
    parts = [edit_sentence(p, rng, vocabulary) if rng.random() < rate else p for p in parts]
    if len(parts) >= 2 and rng.random() < rate:  # re-order two neighbouring sentences
        i = rng.randrange(len(parts) - 1)
        parts[i], parts[i + 1] = parts[i + 1], parts[i]
    passage = " ".join(parts)
    if rng.random() < 0.5:  # a paragraph of its own
        cuts = [0] + [m.end() for m in re.finditer(r"\n\n", host)] + [len(host)]
        at = rng.choice(cuts)
        before, after = ("" if at == 0 else "\n\n"), ("" if at == len(host) else "\n\n")
    else:  # inside a paragraph, between sentences
        at = rng.choice([e for _, e, _ in sentences(host)])
        before, after = " ", ""
        if host[at : at + 1] == " ":
            at += 1
            before, after = "", " "
    text = host[:at].rstrip(" ") + before + passage + after + host[at:].lstrip(" ")
    begin = len(host[:at].rstrip(" ") + before)
    return text, (start, end), (begin, begin + len(passage))


def build_corpus(
    bodies: dict[str, str], *, pairs: int, rate: float, seed: int, limit: int | None = None
) -> tuple[list[Article], list[Planted]]:
    """Articles (in publication order) with planted passages, and the gold list."""
    rng = random.Random(seed)
    pool = independent_bodies(bodies, rng)[:limit]
    if 2 * pairs > len(pool):
        raise ValueError(f"pairs must be at most {len(pool) // 2} for this corpus, got {pairs}")
    vocabulary = sorted({w for key in pool[:200] for w in bodies[key].split() if w.isalpha()})
    texts = {key: bodies[key] for key in pool}
    days = {key: rng.randrange(0, 60) for key in pool}
    gold: list[Planted] = []
    candidates = pool[:]
    rng.shuffle(candidates)
    while len(gold) < pairs and len(candidates) >= 2:
        donor, host = candidates.pop(), candidates.pop()
        planted = plant(texts[donor], texts[host], rng, rate, vocabulary)
        if planted is None:
            continue
        texts[host], donor_range, host_range = planted
        days[host] = days[donor] + rng.randint(1, 5)
        gold.append(Planted(donor, host, donor_range, host_range))
    start = date(2015, 1, 1)
    articles = [
        Article(key, texts[key], "fnc-1", "synthetic", "", published=(start + timedelta(days[key])).isoformat())
        for key in pool
    ]
    articles.sort(key=lambda a: (a.published, a.external_id))
    return articles, gold


def score(found: list[CopiedPassage], gold: list[Planted]) -> dict[str, float]:
    """Pair and character precision/recall/F1, and direction accuracy over found planted pairs."""
    gold_pairs = {frozenset((g.donor, g.host)): g for g in gold}
    found_pairs: dict[frozenset[str], list[CopiedPassage]] = defaultdict(list)
    for p in found:
        found_pairs[frozenset((p.a, p.b))].append(p)
    tp = len(gold_pairs.keys() & found_pairs.keys())
    result = _prf("pair", tp, len(found_pairs), len(gold_pairs))
    true_chars = found_chars = gold_chars = 0
    for pair, passages in found_pairs.items():
        marks: dict[str, set[int]] = defaultdict(set)
        for p in passages:
            marks[p.a].update(range(p.a_span.start, p.a_span.end))
            marks[p.b].update(range(p.b_span.start, p.b_span.end))
        found_chars += sum(len(m) for m in marks.values())
        if pair in gold_pairs:
            g = gold_pairs[pair]
            true_chars += len(marks[g.donor] & set(range(*g.donor_range)))
            true_chars += len(marks[g.host] & set(range(*g.host_range)))
    gold_chars = sum(g.donor_range[1] - g.donor_range[0] + g.host_range[1] - g.host_range[0] for g in gold)
    result |= _prf("char", true_chars, found_chars, gold_chars)
    directed = [
        passages[0].a == gold_pairs[pair].donor and passages[0].direction == "a->b"
        for pair, passages in found_pairs.items()
        if pair in gold_pairs
    ]
    result["direction_accuracy"] = sum(directed) / max(1, len(directed))
    return result


def _prf(prefix: str, true: int, found: int, gold: int) -> dict[str, float]:
    precision = true / found if found else 0.0
    recall = true / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {f"{prefix}_precision": precision, f"{prefix}_recall": recall, f"{prefix}_f1": f1}


def run(bodies: dict[str, str], *, pairs: int, rate: float, seed: int, limit: int | None = None):
    """Build a corpus, detect copies incrementally, and score: (scores, seconds, articles, gold, found)."""
    articles, gold = build_corpus(bodies, pairs=pairs, rate=rate, seed=seed, limit=limit)
    began = time.perf_counter()
    found, _ = link_copies(articles)
    seconds = time.perf_counter() - began
    return score(found, gold), seconds, articles, gold, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200, help="planted (donor, host) pairs")
    parser.add_argument("--rate", type=float, default=0.5, help="probability of each newsroom edit, per sentence")
    parser.add_argument("--seed", type=int, default=1, help="random seed (corpus order, passages, edits)")
    parser.add_argument("--repeats", type=int, default=1, help="runs with seeds seed, seed+1, ...; medians shown")
    parser.add_argument("--bodies", type=Path, default=FNC1_BODIES, help="FNC-1 train_bodies.csv")
    args = parser.parse_args()
    if not args.bodies.exists():
        sys.exit(f"{args.bodies} is absent: put the project's shared/ folder beside the repo")
    bodies = load_bodies(args.bodies)
    runs = []
    for repeat in range(args.repeats):
        scores, seconds, articles, gold, found = run(bodies, pairs=args.pairs, rate=args.rate, seed=args.seed + repeat)
        runs.append(scores | {"seconds": seconds})
        print(
            f"seed {args.seed + repeat}: {len(articles)} articles, {len(gold)} planted pairs, "
            f"{len({frozenset((p.a, p.b)) for p in found})} pairs found, {seconds:.1f} s"
        )
    print(f"\nmedian over {args.repeats} run(s), --pairs {args.pairs} --rate {args.rate}")
    for name in runs[0]:
        print(f"  {name:20s} {statistics.median(r[name] for r in runs):.4f}")


if __name__ == "__main__":
    main()
