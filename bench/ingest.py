"""Benchmark of ``newstrace ingest``: throughput, per-article cost and peak memory.

Inputs are real article bodies from FNC-1 (``train_bodies.csv``), replicated and
perturbed so every generated article has a distinct text and hash. For each format
(one JSONL file, or one HTML page per article in folders of 1,000) and each size,
the script writes the inputs (not timed), then ingests them into a fresh SQLite
database in a child process, timing ``ingest_paths`` alone and reading the child's
peak RSS. The table shows articles/s, MB/s, peak RSS, and the cost per article
relative to the smallest size of the same format (about 1.0 when cost stays flat).

Run it from the repository root::

    python bench/ingest.py --sizes 1000,10000 --formats jsonl,html

How long it takes: on a 2-core VM, JSONL ingests about 900 articles/s and these
generated HTML pages about 220/s (trafilatura dominates), so the defaults (1,000,
10,000 and 100,000 articles in both formats) take about 12 minutes, most of it the
100,000 HTML pages, and need about 1 GB of free disk at a time. Real crawled pages are
larger and messier, so expect HTML to be slower on them (at 20-60 pages/s, 100,000
would take about an hour). For a quick run (about a minute) use ``--sizes 1000,10000``.
Inputs and databases go to a temporary folder that is deleted at the end unless
``--keep`` is given; ``--json PATH`` also writes the results as JSON.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import platform
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

# FNC-1 lives in the shared data folder beside the checkout; never copied into the repo.
DEFAULT_BODIES = Path(__file__).resolve().parents[2] / "shared/data/fnc-1/train_bodies.csv"
# Small, medium, large: enough to see whether per-article cost stays flat.
DEFAULT_SIZES = "1000,10000,100000"
DEFAULT_FORMATS = "jsonl,html"
FORMATS = ("jsonl", "html")
# Distinct hosts, so articles spread over outlets as in a real crawl.
OUTLETS = 50
# Publication dates spread over this many days from START_DATE.
DAYS = 30
START_DATE = datetime(2026, 3, 1, tzinfo=UTC)
# Files per sub-folder of HTML pages: large flat folders are slow on some file systems.
FILES_PER_DIR = 1000
# Longest generated title, like a real headline.
TITLE_CHARS = 90
# Words swapped into each body, so replicas of one body differ in more than the tail.
WORDS_REPLACED = 3
REPLACEMENT_WORDS = (
    "officials", "residents", "harbour", "council", "report", "witnesses", "ministry",
    "storm", "vessel", "investigation", "spokesperson", "evening", "airport", "budget",
    "schools", "hospital", "protest", "railway", "coastline", "committee",
)  # fmt: skip
FIRST_NAMES = ("Anna", "Mikko", "Laura", "James", "Sofia", "Omar", "Elena", "Tom", "Priya", "Jon")
LAST_NAMES = ("Virtanen", "Smith", "Korhonen", "Garcia", "Novak", "Berg", "Okafor", "Lind")
# Appended to each body with its index; a stored text holding it was extracted whole.
MARKER = "Benchmark copy number"
# LIKE patterns of the generated pages' header, aside and footer, none of which occur in
# FNC-1 bodies: a stored text matching one holds page boilerplate.
BOILERPLATE = (
    "%Subscribe to our newsletter%",
    "%More from the newsroom%",
    "%© 2026 Outlet %",
)
NAV_SECTIONS = ("Home", "World", "Politics", "Business", "Science", "Sport", "Culture", "Opinion")
RELATED_LINKS = 5
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Counts shown per run under the table: ingest's outcomes, then the content checks.
CHECK_COLUMNS = (
    "stored",
    "added",
    "unchanged",
    "skipped",
    "failures",
    "whole_text",
    "boilerplate",
    "with_title",
    "with_published",
    "with_authors",
    "with_two_authors",
)
# How many failure or skip lines a child passes back, as examples.
PROBLEM_EXAMPLES = 5
MB = 1024 * 1024


# --- input generation (not timed) ---------------------------------------------


def load_bodies(path: Path) -> list[str]:
    """The article bodies of FNC-1's ``train_bodies.csv``."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as stream:
        return [row["articleBody"] for row in csv.DictReader(stream)]


def perturb(body: str, index: int, rng: random.Random) -> str:
    """The body with two sentences swapped, a few words replaced and a numbered sentence added."""
    paragraphs = [SENTENCE_END.split(p.strip()) for p in body.splitlines() if p.strip()]
    slots = [(p, s) for p, sentences in enumerate(paragraphs) for s in range(len(sentences))]
    if len(slots) >= 2:
        (p1, s1), (p2, s2) = rng.sample(slots, 2)
        paragraphs[p1][s1], paragraphs[p2][s2] = paragraphs[p2][s2], paragraphs[p1][s1]
    paragraphs = [" ".join(sentences).split(" ") for sentences in paragraphs]
    words = [(p, w) for p, paragraph in enumerate(paragraphs) for w in range(len(paragraph))]
    for p, w in rng.sample(words, min(WORDS_REPLACED, len(words))):
        paragraphs[p][w] = rng.choice(REPLACEMENT_WORDS)
    paragraphs.append([f"{MARKER} {index} of this report was prepared for the ingest benchmark."])
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs)


def make_article(index: int, bodies: list[str], seed: int) -> dict:
    """Article ``index``: the same for every size and format with the same seed."""
    rng = random.Random(f"{seed}:{index}")
    text = perturb(bodies[index % len(bodies)], index, rng)
    first = SENTENCE_END.split(text.split("\n", 1)[0], 1)[0]
    published = START_DATE + timedelta(days=index % DAYS, minutes=rng.randrange(24 * 60))
    count = rng.randint(1, 2)
    authors = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(count)]
    return {
        "id": f"bench-{index}",
        "url": f"https://outlet{index % OUTLETS}.example.com/news/{index}",
        "outlet": f"Outlet {index % OUTLETS} News",
        "title": first[:TITLE_CHARS].strip() or f"Benchmark article {index}",
        "published": published.isoformat(timespec="seconds"),
        "authors": authors,
        "text": text,
    }


def articles(count: int, bodies: list[str], seed: int) -> Iterator[dict]:
    """Generated articles one at a time, so no run holds them all."""
    return (make_article(index, bodies, seed) for index in range(count))


def write_jsonl(folder: Path, count: int, bodies: list[str], seed: int) -> Path:
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for article in articles(count, bodies, seed):
            stream.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def write_html(folder: Path, count: int, bodies: list[str], seed: int) -> Path:
    for index, article in enumerate(articles(count, bodies, seed)):
        part = folder / f"part-{index // FILES_PER_DIR:04d}"
        part.mkdir(exist_ok=True)
        (part / f"article-{index:06d}.html").write_text(page_html(article), encoding="utf-8")
    return folder


def page_html(article: dict) -> str:
    """A news page around the article: nav, header, byline, related links, footer."""
    e = html.escape
    site, url, title = e(article["outlet"]), e(article["url"]), e(article["title"])
    home = url.split("/news/")[0]
    nav = "".join(f'<li><a href="{home}/{s.lower()}">{s}</a></li>' for s in NAV_SECTIONS)
    paragraphs = "\n".join(f"<p>{e(p)}</p>" for p in article["text"].splitlines() if p.strip())
    people = enumerate(article["authors"])
    byline = ", ".join(f'<a rel="author" href="{home}/people/{n}">{e(a)}</a>' for n, a in people)
    related = "".join(
        f'<li><a href="{home}/news/r{article["id"]}-{n}">More from the newsroom: story {n}</a></li>'
        for n in range(RELATED_LINKS)
    )
    published = article["published"]
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | {site}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="{home}/static/site.css">
</head>
<body>
<nav class="site-nav"><ul>{nav}</ul></nav>
<header class="masthead"><a href="{home}/">{site}</a>
<form action="{home}/subscribe"><button>Subscribe to our newsletter</button></form></header>
<main>
<article>
<h1>{title}</h1>
<p class="byline">By {byline} · <time datetime="{published}">{published[:10]}</time></p>
{paragraphs}
</article>
<aside class="related"><h2>Related</h2><ul>{related}</ul></aside>
</main>
<footer><p>© 2026 {site}. All rights reserved.</p>
<p><a href="{home}/privacy">Privacy</a> · <a href="{home}/contact">Contact</a></p></footer>
</body>
</html>
"""


WRITERS = {"jsonl": write_jsonl, "html": write_html}


def input_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# --- one timed run, in a child process ------------------------------------------


def child_main(path: str, db: str) -> None:
    """Ingest ``path`` into ``db``; print one JSON line of measurements on stdout."""
    from newstrace.batch import ingest_paths
    from newstrace.settings import Settings
    from newstrace.store import Store

    settings = Settings(db=db)
    rss_before = peak_rss_kb()
    with Store(db) as store:
        start = time.perf_counter()
        report = ingest_paths([path], store, settings, quiet=True)
        seconds = time.perf_counter() - start
        counts = store.counts()
    peak = peak_rss_kb()
    result = {
        "seconds": seconds,
        "stored": counts["articles"],
        "added": report.added,
        "unchanged": report.unchanged,
        "new_versions": report.new_versions,
        "skipped": len(report.skipped),
        "failures": len(report.failures),
        "problems": report.problem_lines()[:PROBLEM_EXAMPLES],
        "rss_before_kb": rss_before,
        "peak_rss_kb": peak,
        **content_checks(db),
    }
    print(json.dumps(result))


def peak_rss_kb() -> int:
    """This process's peak resident set, in KB.

    Linux keeps ``ru_maxrss`` across exec, so a child would report its parent's peak
    whenever that is higher; the per-process high-water mark VmHWM starts afresh at exec.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        status = ""
    if match := re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE):
        return int(match.group(1))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS


def content_checks(db: str) -> dict:
    """How much of what was stored looks right: whole text, no boilerplate, metadata."""
    leak = " OR ".join("text LIKE ?" for _ in BOILERPLATE)
    queries = {
        "whole_text": ("text LIKE ?", [f"%{MARKER}%"]),
        "boilerplate": (leak, list(BOILERPLATE)),
        "with_title": ("title IS NOT NULL AND title != ''", []),
        "with_published": ("published IS NOT NULL", []),
        "with_authors": ("authors != '[]'", []),
        "with_two_authors": ("json_array_length(authors) >= 2", []),
    }
    with sqlite3.connect(db) as conn:
        checks = {
            name: conn.execute(f"SELECT count(*) FROM articles WHERE {where}", args).fetchone()[0]
            for name, (where, args) in queries.items()
        }
    checks["db_bytes"] = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    return checks


def run_child(path: Path, db: Path) -> dict:
    """One ingest in a fresh interpreter, so its peak RSS is its own."""
    command = [sys.executable, str(Path(__file__).resolve()), "--_child", str(path), str(db)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"child exited with {done.returncode}:\n{done.stderr.strip()}")
    if done.stderr.strip():
        print(done.stderr.strip(), file=sys.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def remove_db(db: Path) -> None:
    for path in db.parent.glob(db.name + "*"):  # the database with its -wal and -shm files
        path.unlink()


def bench_one(fmt: str, size: int, args, bodies: list[str], workdir: Path) -> dict:
    """Generate one input, ingest it ``--repeat`` times; the median run's numbers."""
    folder = workdir / f"{fmt}-{size}"
    folder.mkdir()
    say(f"{fmt} {size}: writing inputs to {folder}")
    path = WRITERS[fmt](folder, size, bodies, args.seed)
    size_bytes = input_bytes(path)
    runs = []
    for repeat in range(args.repeat):
        db = workdir / f"{fmt}-{size}-run{repeat}.db"
        say(f"{fmt} {size}: ingest run {repeat + 1}/{args.repeat}")
        runs.append(run_child(path, db))
        say(f"{fmt} {size}: {runs[-1]['seconds']:.2f} s, {runs[-1]['stored']:,} stored")
        if not args.keep:
            remove_db(db)
    if not args.keep:
        shutil.rmtree(folder)
    seconds = statistics.median(run["seconds"] for run in runs)
    last = runs[-1]
    return last | {
        "format": fmt,
        "articles": size,
        "input_bytes": size_bytes,
        "seconds": seconds,
        "all_seconds": [run["seconds"] for run in runs],
        "peak_rss_kb": max(run["peak_rss_kb"] for run in runs),
    }


# --- report -------------------------------------------------------------------


def add_rates(results: list[dict]) -> None:
    """Articles/s, MB/s and per-article cost relative to the smallest size of the format."""
    for result in results:
        result["articles_per_s"] = result["articles"] / result["seconds"]
        result["mb_per_s"] = result["input_bytes"] / MB / result["seconds"]
    for fmt in {r["format"] for r in results}:
        same = [r for r in results if r["format"] == fmt]
        smallest = min(same, key=lambda r: r["articles"])
        base = smallest["seconds"] / smallest["articles"]
        for result in same:
            result["cost_vs_smallest"] = result["seconds"] / result["articles"] / base


def machine() -> dict:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }


def print_table(results: list[dict]) -> None:
    header = (
        "format",
        "articles",
        "input MB",
        "seconds",
        "articles/s",
        "MB/s",
        "peak RSS MB",
        "cost vs smallest",
    )
    rows = [
        (
            r["format"],
            f"{r['articles']:,}",
            f"{r['input_bytes'] / MB:.1f}",
            f"{r['seconds']:.2f}",
            f"{r['articles_per_s']:,.1f}",
            f"{r['mb_per_s']:.2f}",
            f"{r['peak_rss_kb'] / 1024:.0f}",
            f"{r['cost_vs_smallest']:.2f}",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))


def print_checks(results: list[dict]) -> None:
    """Outcome counts and content checks of each run, with example problems."""
    for r in results:
        counts = ", ".join(f"{key} {r[key]:,}" for key in CHECK_COLUMNS)
        db_mb, rss_mb = r["db_bytes"] / MB, r["rss_before_kb"] / 1024
        sizes = f"DB {db_mb:.0f} MB, RSS after imports {rss_mb:.0f} MB"
        print(f"{r['format']} {r['articles']:,}: {counts}; {sizes}")
        for line in r["problems"]:
            print(f"    {line}")


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- command line -------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bodies", type=Path, default=DEFAULT_BODIES, help="FNC-1 bodies CSV")
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="articles per run, comma-separated")
    parser.add_argument("--formats", default=DEFAULT_FORMATS, help="jsonl and/or html")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the median counts")
    parser.add_argument("--seed", type=int, default=0, help="seed of the perturbations")
    parser.add_argument("--workdir", type=Path, help="empty or new folder for inputs and DBs")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--_child", nargs=2, metavar=("PATH", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._child:
        return args
    try:
        args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes wants whole numbers, e.g. 1000,10000; got {args.sizes!r}")
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if not args.sizes or min(args.sizes) <= 0:
        parser.error("--sizes wants positive numbers")
    if unknown := set(args.formats) - set(FORMATS):
        parser.error(f"unknown format(s) {', '.join(sorted(unknown))}; use {', '.join(FORMATS)}")
    if args.repeat < 1:
        parser.error("--repeat wants 1 or more")
    return args


def make_workdir(requested: Path | None) -> Path:
    """A fresh folder: the one asked for (new or empty, as it is deleted after) or a temp one."""
    if requested is None:
        return Path(tempfile.mkdtemp(prefix="newstrace-bench-"))
    if requested.exists() and any(requested.iterdir()):
        sys.exit(f"--workdir {requested} is not empty; it would be deleted after the run")
    requested.mkdir(parents=True, exist_ok=True)
    return requested


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args._child:
        child_main(*args._child)
        return
    if not args.bodies.is_file():
        print(f"FNC-1 bodies not found at {args.bodies}; pass --bodies", file=sys.stderr)
        sys.exit(2)
    bodies = load_bodies(args.bodies)
    workdir = make_workdir(args.workdir)
    info = machine()
    print(
        f"cores: {info['cores']} (usable: {info['usable_cores']}); "
        f"Python {info['python']} ({info['implementation']}); {info['platform']}"
    )
    print(
        f"{len(bodies):,} FNC-1 bodies from {args.bodies}; seed {args.seed}; repeat {args.repeat}",
        flush=True,
    )
    try:
        jobs = [(fmt, size) for fmt in args.formats for size in args.sizes]
        results = [bench_one(fmt, size, args, bodies, workdir) for fmt, size in jobs]
    finally:
        if args.keep:
            say(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    add_rates(results)
    print()
    print_table(results)
    print()
    print_checks(results)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
