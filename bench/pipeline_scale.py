"""Flat cost, bounded memory: per-article cost of each stage of the whole job as the corpus grows, and peak RSS.

Two measurements (issue 16, point 4), each size in a child process of its own, so
each peak RSS (``resource.getrusage``: the process's, and its largest child's, such as
spaCy's or assess's worker processes) is that size's alone:

- ``--job 1000,10000``: the whole job, ``newstrace run``'s stages (ingest, analyze,
  link, assess) with their defaults, on ``N`` articles written as JSONL records to a
  temporary folder: real FNC-1 bodies replicated with perturbations
  (``scale_corpus.py``: per-replica word swaps, 10% with a passage planted from a
  recent article as ``link_scale.py`` plants it), titled by their first agreeing
  FNC-1 headline (swapped alike), spread over 200 outlets, one every 5.3 minutes
  (100,000 articles span a year; every size has the same articles per day, so
  stories and copies per article are alike at every size).
- ``--stored 1000,100000``: link, then assess, on a database built from stored
  analyses (analysing 100,000 articles takes hours): the pool's bodies are
  analysed once by spaCy (kept in ``--cache``), every article is a replica of one
  under a word swap that keeps each word's length (so the stored analysis's
  character offsets hold, and its spans' texts are the replica's), dates and outlets
  as above, and 10% are reprints of a recent article (its text with 5% of the words
  swapped for words of the same length, and its analysis): copies to find. Building
  is not timed. Link runs over every article; assess over ``--assess-stories``
  stories drawn at random (seeded; every story when there are fewer), each read from
  the store, assessed and written as ``newstrace assess`` does in one process.

Every stage's modules are imported before any clock starts (a fixed second or two of imports would count as
per-article cost, most at 1,000 articles). Printed per stage: wall seconds, wall and CPU (this process and its children)
milliseconds per article; per size the peak RSS; with more than one size, each
stage's ratio of milliseconds per article to the first size's. The machine's two
cores are shared and noisy: CPU time is the steadier figure.

Run from the repository root (FNC-1 in ../shared/data/fnc-1)::

    nice -n 10 python bench/pipeline_scale.py --job 1000,10000
    nice -n 10 python bench/pipeline_scale.py --stored 1000,100000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's newstrace, not an installed one

from reuse_synth import FNC1_BODIES, independent_bodies, load_bodies, plant
from scale_corpus import KEEP_TOP_WORDS, WORD, ranked_words, replica_mapping, rewrite

from newstrace.batch import AUTO_WORKERS, analyze_stored, assess_one, assess_stored, ingest_paths, link_stored
from newstrace.models import Analysis, Article, TextSpan
from newstrace.settings import Settings
from newstrace.store import Store

# One article every this often: 100,000 articles span a year.
ARRIVAL = timedelta(days=365) / 100_000
START = datetime(2025, 1, 1, tzinfo=UTC)
# Made-up outlets the articles are spread over (assess counts independent origins by outlet).
OUTLETS = 200
# Share of articles with a copied passage (--job: planted as link_scale.py plants it) or that
# reprint a recent article (--stored), and how far back the copied article lies.
COPY_RATE = 0.1
COPY_BACK = 300
PLANT_EDIT_RATE = 0.3
# Share of a reprint's words swapped for another word of the same length (--stored).
REPRINT_EDIT_RATE = 0.05
STAGES = ("ingest", "analyze", "link", "assess")
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "newstrace-pipeline-scale-pool.pickle"


def pool(seed: int) -> list[tuple[str, str]]:
    """(title, text) of the FNC-1 bodies sharing no text, in a seeded order; the title is the body's first
    agreeing headline, or empty."""
    from newstrace.assess.fnc1 import read_fnc1

    folder = FNC1_BODIES.parent
    data = read_fnc1(folder / "train_bodies.csv", folder / "train_stances.csv")
    titles: dict[str, str] = {}
    for headline, body, label in zip(data.headlines, data.body_ids, data.labels, strict=True):
        if label == "agree":
            titles.setdefault(str(body), headline)
    bodies = load_bodies(FNC1_BODIES)
    return [(titles.get(key, ""), bodies[key]) for key in independent_bodies(bodies, random.Random(seed))]


def published(n: int) -> str:
    return (START + n * ARRIVAL).isoformat()


def outlet(n: int, seed: int) -> str:
    return f"Outlet {random.Random(f'{seed}:outlet:{n}').randrange(OUTLETS)}"


# --- the whole job --------------------------------------------------------------


def job_records(size: int, folder: Path, seed: int) -> Path:
    """``size`` replicated, perturbed articles as a JSONL file in ``folder``."""
    bodies = pool(seed)
    ranked = ranked_words(text for _, text in bodies)
    vocabulary = sorted(ranked[KEEP_TOP_WORDS:])
    rng = random.Random(seed)
    texts, titles = [], []
    mapping: dict[str, str] = {}
    for n in range(size):
        (title, body), replica = bodies[n % len(bodies)], n // len(bodies)
        if n % len(bodies) == 0:
            mapping = replica_mapping(ranked, replica, seed) if replica else {}
        texts.append(rewrite(body, mapping))
        titles.append(rewrite(title, mapping))
    for n in range(1, size):
        if rng.random() < COPY_RATE:
            donor = rng.randrange(max(0, n - COPY_BACK), n)
            planted = plant(texts[donor], texts[n], rng, PLANT_EDIT_RATE, vocabulary[:5000])
            if planted is not None:
                texts[n] = planted[0]
    records = folder / "articles.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for n, (title, text) in enumerate(zip(titles, texts, strict=True)):
            record = {"id": f"a{n}", "title": title, "text": text, "outlet": outlet(n, seed), "published": published(n)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


class Clock:
    """Wall and CPU seconds (this process and its finished children) of a block."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc_info) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, _cpu() - self.cpu


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mb() -> dict[str, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"peak_rss_mb": own.ru_maxrss / 1024, "child_peak_rss_mb": children.ru_maxrss / 1024}


def import_stages() -> None:
    """Import every stage's modules (and the libraries they load: spaCy, scikit-learn, trafilatura) before any
    clock starts: a one-off second or two that would otherwise count as per-article cost, most at 1,000 articles,
    and flatter the ratio of the larger sizes to it."""
    import newstrace.assess
    import newstrace.ingest
    import newstrace.link.copies
    import newstrace.link.stories
    import newstrace.link.window  # noqa: F401


def job_child(size: int, args: argparse.Namespace) -> dict:
    """One size of the whole job: records written (not timed), then each stage timed on a fresh database."""
    import_stages()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        records = job_records(size, folder, args.seed)
        db = str(folder / "job.db")
        result: dict = {"size": size}
        with Store(db) as store:
            stages = {
                "ingest": lambda: ingest_paths([str(records)], store, Settings(db=db), quiet=True),
                "analyze": lambda: analyze_stored(store, quiet=True, workers=args.workers),
                "link": lambda: link_stored(store, quiet=True),
                "assess": lambda: assess_stored(store, quiet=True, workers=args.workers),
            }
            for stage in STAGES:
                with Clock() as clock:
                    stages[stage]()
                result[stage] = {"seconds": clock.wall, "cpu_seconds": clock.cpu}
                print(f"  {size}: {stage} {clock.wall:.1f} s", file=sys.stderr, flush=True)
            result["stories"] = len(store.stories())
            result["copies"] = len(store.copies())
        return result | peak_rss_mb()


# --- link and assess from stored analyses -------------------------------------------------


def pool_analyses(bodies: list[tuple[str, str]], cache: Path, seed: int) -> tuple[list[Analysis], str]:
    """The pool's analyses by spaCy, in its order, and the model's name (read from ``cache`` when it has them)."""
    key = (seed, [text for _, text in bodies])
    if cache.exists():
        with cache.open("rb") as handle:
            stored = pickle.load(handle)
        if stored["key"] == key:
            return stored["analyses"], stored["model"]
    from newstrace.batch import analysed_here

    articles = [Article(f"p{n}", text, "pool", "bench", "", title=title) for n, (title, text) in enumerate(bodies)]
    analysed = list(analysed_here(None, articles, 2))
    analyses, model = [analysis for _, analysis, _, _ in analysed], analysed[0][3]
    with cache.open("wb") as handle:
        pickle.dump({"key": key, "analyses": analyses, "model": model}, handle)
    return analyses, model


def respan(value, text: str):
    """``value`` (an analysis or any record in it) with every TextSpan's text read from ``text`` at its offsets."""
    if isinstance(value, TextSpan):
        return TextSpan(value.start, value.end, text[value.start : value.end])
    if isinstance(value, list | tuple):
        return type(value)(respan(item, text) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for found in dataclasses.fields(value):
            item = getattr(value, found.name)
            if isinstance(item, TextSpan | list | tuple) or dataclasses.is_dataclass(item):
                changed[found.name] = respan(item, text)
        return dataclasses.replace(value, **changed)
    return value


def stored_corpus(size: int, seed: int):
    """Yield (article, index of its pool body) for ``size`` articles replicating the pool with same-length word
    swaps; a COPY_RATE share reprint a recent article with REPRINT_EDIT_RATE of its words swapped."""
    bodies = pool(seed)
    ranked = ranked_words(text for _, text in bodies)
    by_length: dict[int, list[str]] = {}
    for word in ranked[KEEP_TOP_WORDS:]:
        by_length.setdefault(len(word), []).append(word)
    rng = random.Random(seed)
    recent: list[tuple[str, str, int]] = []  # (title, text, pool index) of the last COPY_BACK articles
    mapping: dict[str, str] = {}

    def edit(match):
        word = match.group()
        choices = by_length.get(len(word))
        if not choices or word.isdigit() or rng.random() >= REPRINT_EDIT_RATE:
            return word
        new = rng.choice(choices)
        return new.capitalize() if word[:1].isupper() else new

    for n in range(size):
        if n % len(bodies) == 0:
            mapping = replica_mapping(ranked, n // len(bodies), seed, same_length=True) if n else {}
        if recent and rng.random() < COPY_RATE:
            title, text, source = rng.choice(recent)
            text = WORD.sub(edit, text)
        else:
            (title, body), source = bodies[n % len(bodies)], n % len(bodies)
            title, text = rewrite(title, mapping), rewrite(body, mapping)
        recent = [*recent[-COPY_BACK + 1 :], (title, text, source)]
        article = Article(
            f"a{n}", text, "bench", "jsonl", "", outlet=outlet(n, seed), title=title, published=published(n)
        )
        yield article, source


def build_stored(size: int, db: str, args: argparse.Namespace) -> None:
    """A database of ``size`` articles with their analyses, none linked."""
    bodies = pool(args.seed)
    analyses, model = pool_analyses(bodies, args.cache, args.seed)
    sources: dict[str, int] = {}
    with Store(db) as store, store.writer() as writer:
        for article, source in stored_corpus(size, args.seed):
            writer.add(article)
            sources[article.external_id] = source
    with Store(db) as store:
        stored = list(store.articles())  # read first: a read held open while writing keeps SQLite's WAL from
        # checkpointing, and it grew to 7 GB by 70,000 articles, each write slower than the last
        for article in stored:
            store.save_analysis(article, respan(analyses[sources[article.external_id]], article.text), model)


def stored_child(size: int, args: argparse.Namespace) -> dict:
    """Link every article of the stored database for ``size``, then assess a sample of its stories."""
    db = str(args.folder / f"stored-{size}.db")
    result: dict = {"size": size}
    import_stages()
    with Store(db) as store:
        with Clock() as clock:
            report = link_stored(store, quiet=True)
        result["link"] = {"seconds": clock.wall, "cpu_seconds": clock.cpu, "articles": report.articles}
        result |= {"link_" + key: value for key, value in peak_rss_mb().items()}
        print(f"  {size}: link {clock.wall:.1f} s", file=sys.stderr, flush=True)
        stories = store.stale_stories()
        result["stories"] = len(stories)
        sample = (
            stories
            if len(stories) <= args.assess_stories
            else random.Random(args.seed).sample(stories, args.assess_stories)
        )
        sample.sort(key=lambda story: -len(story.articles))  # largest first, as assess_stored orders them
        with Clock() as clock:
            for story in sample:  # assess_stored's loop in one process
                story_id, found, vectors = assess_one(store, story.id)
                store.save_claims(story_id, found.claims, found.entities)
                store.save_sentence_vectors(args.vector_model, vectors)
        articles = sum(len(story.articles) for story in sample)
        result["assess"] = {"seconds": clock.wall, "cpu_seconds": clock.cpu, "articles": articles}
        result["assessed_stories"] = len(sample)
    return result | peak_rss_mb()


# --- the parent -----------------------------------------------------------------------------


def run_child(flag: str, size: int, args: argparse.Namespace) -> dict | None:
    """Run this script for one size in a child process; the JSON object it prints, if any."""
    command = [sys.executable, __file__, flag, str(size), "--seed", str(args.seed), "--workers", str(args.workers)]
    command += ["--cache", str(args.cache), "--folder", str(args.folder), "--assess-stories", str(args.assess_stories)]
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out) if out.strip() else None


def report(row: dict, first: dict, stages: tuple[str, ...]) -> None:
    """Print one size's figures, and their ratios to the first size's."""
    size, parts = row["size"], []
    for stage in stages:
        figures = row[stage]
        count = figures.get("articles", size)
        parts.append(
            f"{stage} {figures['seconds']:.1f} s = "
            f"{1000 * figures['seconds'] / max(count, 1):.2f} ms/article wall, "
            f"{1000 * figures['cpu_seconds'] / max(count, 1):.2f} CPU"
            + (f" ({count} articles)" if count != size else "")
        )
    rss = f"peak RSS {row['peak_rss_mb']:.0f} MB (largest child {row['child_peak_rss_mb']:.0f} MB)"
    if "link_peak_rss_mb" in row:
        rss += f", by the end of link {row['link_peak_rss_mb']:.0f} MB"
    print(f"{size:>7} articles: " + "; ".join(parts) + f"; {rss}", flush=True)
    if row is first:
        return
    ratios = []
    for stage in stages:
        per = [
            fig[key] / max(fig.get("articles", r["size"]), 1)
            for fig, r in ((first[stage], first), (row[stage], row))
            for key in ("seconds", "cpu_seconds")
        ]
        ratios.append(f"{stage} x{per[2] / per[0]:.2f} wall, x{per[3] / per[1]:.2f} CPU")
    print(f"ms/article at {size} vs {first['size']}: " + "; ".join(ratios), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--job", help="comma-separated sizes of the whole job")
    parser.add_argument("--stored", help="comma-separated sizes of link + assess from stored analyses")
    parser.add_argument("--repeats", type=int, default=1, help="runs per size (medians shown)")
    parser.add_argument("--assess-stories", type=int, default=300, help="stories assessed per --stored size")
    parser.add_argument("--workers", type=int, default=AUTO_WORKERS, help="as run's --workers (0: its default)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="the pool's analyses (--stored)")
    parser.add_argument("--folder", type=Path, help="where --stored databases are built (default: a temporary one)")
    parser.add_argument("--job-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--stored-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.vector_model = None
    if not FNC1_BODIES.exists():
        print(f"{FNC1_BODIES} is absent: put the project's shared/ folder beside the repo", file=sys.stderr)
        return 1
    if args.job_child:
        print(json.dumps(job_child(args.job_child, args)))
        return 0
    if args.build:
        build_stored(args.build, str(args.folder / f"stored-{args.build}.db"), args)
        return 0
    if args.stored_child:
        from newstrace import meaning

        args.vector_model = meaning.model_id() or meaning.DEFAULT_MODEL
        print(json.dumps(stored_child(args.stored_child, args)))
        return 0
    with tempfile.TemporaryDirectory() as name:
        args.folder = args.folder or Path(name)
        for flag, sizes, stages in (
            ("--job-child", args.job, STAGES),
            ("--stored-child", args.stored, ("link", "assess")),
        ):
            if not sizes:
                continue
            what = "whole job" if flag == "--job-child" else "link + assess from stored analyses"
            print(f"{what}, medians of {args.repeats}:", flush=True)
            first = None
            for size in (int(s) for s in sizes.split(",")):
                runs = []
                for _ in range(args.repeats):
                    if flag == "--stored-child":
                        db = args.folder / f"stored-{size}.db"
                        for path in db.parent.glob(db.name + "*"):
                            path.unlink()
                        started = time.perf_counter()
                        run_child("--build", size, args)
                        print(f"  {size}: built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
                    runs.append(run_child(flag, size, args))
                row = _median(runs)
                first = first or row
                report(row, first, stages)
    return 0


def _median(runs: list[dict]) -> dict:
    """Each figure's median over runs (nested figures too)."""
    first = runs[0]
    return {
        key: _median([r[key] for r in runs]) if isinstance(value, dict) else statistics.median(r[key] for r in runs)
        for key, value in first.items()
    }


if __name__ == "__main__":
    raise SystemExit(main())
