"""Server time of the web app's home page and of a story page of a 1,000-article story.

Builds a demo database (the example corpus analysed once, then cloned under new
ids and outlets until the story holds about --articles articles; see
newstrace/web/demo.py), then times requests in-process through FastAPI's
TestClient and prints p50 and p95 in milliseconds.

Run: nice -n 10 python bench/web.py [--articles 1000] [--requests 40]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from newstrace.web import create_app
from newstrace.web.demo import build_demo

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# Articles in the example corpus, which the clones multiply.
EXAMPLE_ARTICLES = 11


def timings(client: TestClient, url: str, requests: int) -> list[float]:
    client.get(url).raise_for_status()  # warm caches and templates once
    found = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url).raise_for_status()
        found.append((time.perf_counter() - start) * 1000)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.db")
        start = time.perf_counter()
        store = build_demo(db, [str(EXAMPLES)], replicate=max(0, round(args.articles / EXAMPLE_ARTICLES) - 1))
        story = store.stories()[0]
        print(
            f"built {len(story.articles)}-article story, {len(store.claims())} claims, "
            f"{len(store.copies())} copied passages in {time.perf_counter() - start:.0f} s"
        )
        store.close()
        client = TestClient(create_app(db, upload_dir=Path(folder) / "uploads"))
        for name, url in (
            ("home", "/"),
            ("home.json", "/index.json"),
            ("story", f"/story/{story.id}"),
            ("story.json", f"/story/{story.id}.json"),
        ):
            found = sorted(timings(client, url, args.requests))
            p95 = found[min(len(found) - 1, round(0.95 * (len(found) - 1)))]
            print(f"{name:<11} p50 {statistics.median(found):7.1f} ms   p95 {p95:7.1f} ms   ({args.requests} requests)")


if __name__ == "__main__":
    main()
