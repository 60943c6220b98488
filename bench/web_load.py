"""The web app under load: concurrent clients on story, claim and search pages while an ingest writes.

The example corpus (``examples/``, fictional) is run through the pipeline into a temporary database; the
server is started as ``newstrace serve`` on 127.0.0.1 (a process of its own, as users run it); while
``newstrace ingest`` adds ``--records`` synthetic articles to the same database, ``--clients`` concurrent
clients (httpx, asyncio) each send ``--requests`` requests to the home page, story pages and their JSON twins,
claim pages and searches. Prints the statuses, the count of 5xx answers (the bar: zero), and latency p50, p95
and max; exits 1 if any answer was a 5xx or a request failed.

Run: nice -n 10 python bench/web_load.py [--clients 200] [--requests 5] [--records 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's newstrace, not an installed one

import httpx

from newstrace.store import Store
from newstrace.web.demo import build_demo

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WORDS = ["ferry", "tram", "council", "passengers", "ballast", "minister", "storm", "harbour", '"', "%", "x y z"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/index.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {base}")


def synthetic_records(path: Path, count: int) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            place = rng.choice(["Tartu", "Pärnu", "Narva", "Haapsalu"])
            text = (
                f"The council of {place} approved item {number} of its budget on Monday, the mayor said. "
                f"Work on the {rng.choice(['bridge', 'tram', 'harbour'])} starts in spring, officials said."
            )
            out.write(json.dumps({"id": f"load-{number}", "text": text, "outlet": f"Outlet {number % 9}"}) + "\n")


async def client(http: httpx.AsyncClient, urls: list[str], requests: int, found: list) -> None:
    for _ in range(requests):
        url = random.choice(urls)
        started = time.perf_counter()
        try:
            response = await http.get(url)
            found.append((response.status_code, time.perf_counter() - started))
        except httpx.HTTPError as error:
            found.append((type(error).__name__, time.perf_counter() - started))


async def load(base: str, urls: list[str], clients: int, requests: int) -> list:
    found: list = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as http:
        await asyncio.gather(*(client(http, urls, requests, found) for _ in range(clients)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=5, help="requests per client")
    parser.add_argument("--records", type=int, default=300, help="articles the concurrent ingest adds")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = str(folder / "load.db")
    build_demo(db, [str(EXAMPLES)]).close()
    with Store(db) as store:
        stories = [s.id for s in store.stories()]
        claims = [c.id for c in store.claims()][:40]
    urls = ["/", "/index.json"] + [f"/story/{s}" for s in stories] + [f"/story/{s}.json" for s in stories]
    urls += [f"/claim/{c}" for c in claims] + [f"/?q={word}" for word in WORDS]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "newstrace", "serve", "--db", db, "--port", str(port)], stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(base)
        synthetic_records(folder / "more.jsonl", args.records)
        ingest = subprocess.Popen(
            [sys.executable, "-m", "newstrace", "ingest", str(folder / "more.jsonl"), "--db", db, "--quiet"],
            stderr=subprocess.DEVNULL,
        )
        started = time.perf_counter()
        found = asyncio.run(load(base, urls, args.clients, args.requests))
        seconds = time.perf_counter() - started
        ingest_status = ingest.wait(timeout=600)
    finally:
        server.terminate()
        server.wait(timeout=30)
    statuses = Counter(status for status, _ in found)
    latencies = sorted(latency for _, latency in found)
    server_errors = sum(n for status, n in statuses.items() if not isinstance(status, int) or status >= 500)
    print(f"{len(found)} requests from {args.clients} clients in {seconds:.1f} s ({len(found) / seconds:.0f}/s)")
    print(f"statuses: {dict(sorted(statuses.items(), key=str))}; 5xx or failed: {server_errors}")
    print(
        f"latency: p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    print(f"concurrent ingest of {args.records} records: exit {ingest_status}")
    return 1 if server_errors or ingest_status != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
