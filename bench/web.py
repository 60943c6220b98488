"""Server time of the web app's pages for one true 1,000-article story: p50 and p95 in milliseconds.

How the story is built (every stage is the real one, nothing is written with SQL):

1. The example corpus (``examples/``, fictional) is ingested, analysed and
   linked; the largest story it forms (the ferry disaster) supplies the seeds.
2. ``--distinct`` paraphrased variants of the seed articles are written to a
   JSONL file: each replaces some words with synonyms, may drop or swap a
   later paragraph, and is given a new outlet, URL and publication time spread
   over three days in several time zones. They are ingested and analysed by
   spaCy like any input (``newstrace.batch.ingest_paths``/``analyze_stored``).
3. The remaining articles, up to ``--articles``, are syndicated republications:
   the exact text of one variant under another outlet, URL and later time
   (wire copy as it spreads, up to 12 hours after the variant). Their analysis
   is the variant's, copied through ``Store.add_articles`` and
   ``Store.save_analysis``, because spaCy would return the same records for the
   same text and 1,000 analyses (about 0.3 s each) take too long on a busy
   two-core machine.
4. ``link_stored`` (copies, story clustering) and ``assess_stored`` (claims,
   stance, independence) run over everything. The story clusterer decides the
   membership; the script prints how many articles, copied passages, claims and
   mentions the largest story really holds.

Then requests are timed in-process through FastAPI's TestClient, after one
warm-up request per URL: the home page, the story page and its JSON twin, the
story page "cold" (its digest of copies, timeline and graph emptied before
each request, as after link or assess touched the story), a later page of its
lists, and the page of the story's claim with the most mentions.

Run: nice -n 10 python bench/web.py [--articles 1000] [--repeat 40] [--distinct 60] [--db PATH]
(the build takes 3 to 7 minutes; ``--db`` keeps the database and reuses it on the next run).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's newstrace, not an installed one

from newstrace.batch import analyze_stored, assess_stored, ingest_paths, link_stored
from newstrace.models import Article
from newstrace.settings import Settings
from newstrace.store import Store
from newstrace.web import create_app, views

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# Seeded, so every run builds the same corpus.
SEED = 20260310
# Word swaps of a paraphrase: each occurrence is swapped with probability SWAP_RATE.
SYNONYMS = {
    "capsized": "overturned",
    "heavy": "rough",
    "officials": "authorities",
    "passengers": "travellers",
    "people": "persons",
    "early": "very early",
    "storm": "gale",
    "survivors": "those rescued",
    "company": "firm",
    "ship": "vessel",
    "told": "informed",
    "hospital": "clinic",
    "warned": "alerted",
    "documents": "papers",
    "denied": "rejected",
}
SWAP_RATE = 0.5
# Chance a variant drops one paragraph after the lead, and that it swaps two later ones.
DROP_RATE, REORDER_RATE = 0.4, 0.3
# Invented outlet names: a town and a paper kind (400 outlets).
# fmt: off
TOWNS = (
    "Aberley", "Ashcombe", "Brindle", "Carrow", "Dunmere", "Elsford", "Fallowby", "Garron", "Hesket",
    "Ivelmouth", "Jarrow", "Kelbrook", "Lissan", "Morrowdale", "Norreys", "Oakhurst", "Pelling", "Quenby",
    "Rosslyn", "Saltmarsh", "Tarrant", "Ullock", "Varne", "Wexcombe", "Yarrowby", "Zennor", "Ambry", "Bexmoor",
    "Calder", "Dunholm", "Eskbank", "Ferrand", "Glaze", "Holmwick", "Ilfield", "Kestle", "Lunt", "Marwood",
    "Nettlecombe", "Orrin",
)
# fmt: on
PAPERS = ["Post", "Herald", "Times", "Courier", "Gazette", "Chronicle", "Observer", "Tribune", "Record", "Ledger"]
# Publication times of variants: this many hours after the start, in these UTC offsets.
START = datetime(2026, 3, 10, 6, 0, tzinfo=timezone(timedelta(hours=2)))
SPREAD_HOURS = 72
OFFSETS = (0, 1, 2, 3, -4, -5)
# Republications appear up to this many hours after the variant they copy.
SYNDICATION_HOURS = 12
# Default number of distinct (spaCy-analysed) variants.
DISTINCT = 60


def paraphrase(text: str, rng: random.Random) -> str:
    """``text`` with synonym swaps and possibly one paragraph dropped or two swapped."""
    words = "|".join(sorted(SYNONYMS, key=len, reverse=True))

    def swap(match: re.Match) -> str:
        word = match.group(0)
        if rng.random() >= SWAP_RATE:
            return word
        new = SYNONYMS[word.lower()]
        return new[0].upper() + new[1:] if word[0].isupper() else new

    paragraphs = re.sub(rf"\b({words})\b", swap, text, flags=re.IGNORECASE).split("\n\n")
    if len(paragraphs) > 3 and rng.random() < DROP_RATE:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    if len(paragraphs) > 4 and rng.random() < REORDER_RATE:
        i = rng.randrange(2, len(paragraphs) - 1)
        paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    return "\n\n".join(paragraphs)


def outlet_name(n: int) -> str:
    return f"{TOWNS[n % len(TOWNS)]} {PAPERS[n // len(TOWNS) % len(PAPERS)]}"


def moment(rng: random.Random, after: datetime = START, hours: int = SPREAD_HOURS) -> str:
    """A time up to ``hours`` after ``after``, written in one of OFFSETS."""
    offset = timezone(timedelta(hours=rng.choice(OFFSETS)))
    return (after + timedelta(minutes=rng.randrange(0, hours * 60))).astimezone(offset).isoformat()


def slug(outlet: str) -> str:
    return re.sub(r"\W+", "", outlet.lower())


def build_story(db: str, folder: Path, articles: int, distinct: int) -> tuple[Store, int]:
    """The database of the module docstring; returns the store and the largest story's id."""
    rng = random.Random(SEED)
    start = time.perf_counter()
    store = Store(db)
    settings = Settings(db=db)
    ingest_paths([str(EXAMPLES)], store, settings, quiet=True)
    analyze_stored(store, quiet=True)
    link_stored(store, quiet=True)
    seed_story = max(store.stories(), key=lambda s: len(s.articles))
    seeds = [store.article(key) for key in seed_story.articles]
    wanted = max(0, articles - len(seeds))
    variants = []
    for n in range(min(distinct, wanted)):
        seed = seeds[n % len(seeds)]
        outlet = outlet_name(n)
        title = paraphrase(seed.title or "", rng)
        variants.append(
            {
                "id": f"variant-{n:04d}",
                "url": f"https://{slug(outlet)}.example/news/{n}",
                "outlet": outlet,
                "title": title,
                "published": moment(rng),
                "text": paraphrase(seed.text, rng),
            }
        )
    feed = folder / "variants.jsonl"
    feed.write_text("".join(json.dumps(v, ensure_ascii=False) + "\n" for v in variants), encoding="utf-8")
    ingest_paths([str(feed)], store, settings, quiet=True)
    analyze_stored(store, quiet=True)
    originals = [store.article(v["id"]) for v in variants]
    analyses = {a.external_id: store.analysis(a) for a in originals}
    republished = []
    for n in range(len(variants), wanted):
        original = rng.choice(originals)
        outlet = outlet_name(n)
        after = datetime.fromisoformat(original.published)
        copy = Article(
            external_id=f"syndicated-{n:04d}",
            text=original.text,
            source_path="bench/web.py",
            extraction_method="syndicated",
            raw_sha256=original.raw_sha256,
            url=f"https://{slug(outlet)}.example/wire/{n}",
            outlet=outlet,
            title=original.title,
            published=moment(rng, after, SYNDICATION_HOURS),
            language=original.language,
        )
        republished.append((copy, analyses[original.external_id]))
    store.add_articles([copy for copy, _ in republished])
    for copy, analysis in republished:
        store.save_analysis(copy, analysis, "bench-syndicated")
    print(f"variants and republications stored in {time.perf_counter() - start:.0f} s")
    link_stored(store, quiet=True)
    print(f"linked in {time.perf_counter() - start:.0f} s")
    assess_stored(store, quiet=True)
    story = max(store.stories(), key=lambda s: len(s.articles))
    return store, story.id


def timings(client: TestClient, url: str, repeat: int, *, cold: bool = False) -> list[float]:
    """Milliseconds per request, after one warm-up request; ``cold`` empties the story digests first."""
    client.get(url).raise_for_status()  # warm templates, SQLite's page cache and the digest once
    found = []
    for _ in range(repeat):
        if cold:
            views._digests.clear()
        start = time.perf_counter()
        client.get(url).raise_for_status()
        found.append((time.perf_counter() - start) * 1000)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles to build the story from")
    parser.add_argument("--repeat", type=int, default=40, help="timed requests per page")
    parser.add_argument("--distinct", type=int, default=DISTINCT, help="paraphrased variants analysed by spaCy")
    parser.add_argument("--db", help="keep the built database here, and reuse it when it exists (for profiling)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or str(Path(folder) / "bench.db")
        start = time.perf_counter()
        if args.db and Path(args.db).exists():
            store = Store(db)
            story_id = max(store.stories(), key=lambda s: len(s.articles)).id
        else:
            store, story_id = build_story(db, Path(folder), args.articles, args.distinct)
        story = store.story(story_id)
        claims = store.claims(story=story_id)
        biggest = max(claims, key=lambda c: len(c.mentions), default=None)
        print(
            f"built in {time.perf_counter() - start:.0f} s: story {story_id} holds {len(story.articles)} of "
            f"{store.counts()['articles']} articles, {len(store.copies(story=story_id))} copied passages, "
            f"{len(claims)} claims, {sum(len(c.mentions) for c in claims)} claim mentions"
            + (f" (largest claim: {len(biggest.mentions)} mentions)" if biggest else "")
        )
        store.close()
        client = TestClient(create_app(db, upload_dir=Path(folder) / "uploads"), base_url="http://127.0.0.1")
        pages = [
            ("home", "/"),
            ("home.json", "/index.json"),
            ("story", f"/story/{story_id}"),
            ("story.json", f"/story/{story_id}.json"),
            ("story cold", f"/story/{story_id}"),
            ("story p20", f"/story/{story_id}?articles=20&claims=2&copies=500"),
        ]
        if biggest:
            pages += [("claim", f"/claim/{biggest.id}"), ("claim.json", f"/claim/{biggest.id}.json")]
        for name, url in pages:
            found = timings(client, url, args.repeat, cold=name.endswith("cold"))
            print(
                f"{name:<11} p50 {statistics.median(found):7.1f} ms   p95 {percentile(found, 0.95):7.1f} ms   "
                f"({args.repeat} requests, {len(client.get(url).content) // 1024} KB)"
            )


if __name__ == "__main__":
    main()
