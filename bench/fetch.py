"""Benchmark of fetching: pages/s at the default politeness across 20 hosts, and CPU per page beside the ingest of
the same pages from disk.

A child process serves generated news pages from 20 loopback addresses (127.0.0.1 to 127.0.0.20, one server
each, so 20 hosts as far as politeness goes; robots.txt allows all). This process then ingests the pages by URL,
listed host by host (the order a list of links from twenty outlets comes in), with the default politeness (one
request per host per second; `ingest` allows 127.0.0.0/8 here as `--allow-private` would), into a fresh SQLite
database; then ingests the same pages from HTML files into another. Each run is timed (wall clock) and its CPU
measured (this process only: the server's CPU is the child's). Medians of the runs are printed.

Run it from the repository root::

    python bench/fetch.py                 # 20 hosts x 10 pages, 3 runs: about 40 s
    python bench/fetch.py --pages-per-host 30 --runs 5

At one request per host per second, 20 hosts give at most 20 pages/s whatever the machine; the fetch rate shows
how close the polite queue comes to that bound when the list names one host after another.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newstrace.batch import ingest_paths
from newstrace.ingest.urls import DEFAULT_DELAY, FetchSettings
from newstrace.settings import Settings
from newstrace.store import Store

# Twenty hosts: loopback addresses, each its own server (Linux answers all of 127.0.0.0/8 on the loopback).
HOSTS = tuple(f"127.0.0.{n}" for n in range(1, 21))
WORDS = (
    "harbour", "council", "ministry", "storm", "vessel", "investigation", "spokesperson", "evening", "airport",
    "budget", "schools", "hospital", "protest", "railway", "coastline", "committee", "residents", "officials",
    "report", "witnesses",
)  # fmt: skip
PARAGRAPHS = 8


def page(host: int, number: int) -> bytes:
    """A news page of about 600 words, its text distinct for each host and number."""
    title = f"Outlet {host} report {number}: the {WORDS[(host + number) % len(WORDS)]} decision"
    body = "".join(
        "<p>"
        + " ".join(WORDS[(host * 7 + number * 3 + p * 5 + k) % len(WORDS)] for k in range(70))
        + f" (paragraph {p} of report {number} from outlet {host}).</p>"
        for p in range(PARAGRAPHS)
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="2026-03-{1 + number % 28:02d}T08:00:00+00:00">'
        f"</head><body><nav>Home | World | Sport</nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright the outlet</footer></body></html>"
    ).encode()


def serve(port: int, pages_per_host: int, ready) -> None:
    """Serve every host's pages until killed (the child process)."""
    import threading

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            host = HOSTS.index(self.server.server_address[0]) + 1
            if self.path == "/robots.txt":
                body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
            else:
                number = int(self.path.rsplit("/", 1)[-1])
                body, kind = page(host, number), "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    for host in HOSTS:
        server = ThreadingHTTPServer((host, port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.set()
    threading.Event().wait()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOSTS[-1], 0))
        return probe.getsockname()[1]


def timed_ingest(inputs: list[str], db: str, fetch: FetchSettings | None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, articles added) of one ingest into a fresh database."""
    with Store(db) as store:
        wall, cpu = time.perf_counter(), time.process_time()
        report = ingest_paths(inputs, store, Settings(db=db), quiet=True, fetch=fetch)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if report.failures:
        raise SystemExit(f"ingest failed: {report.failures[0]}")
    return wall, cpu, report.added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages-per-host", type=int, default=10, help="pages fetched from each of the 20 hosts")
    parser.add_argument("--runs", type=int, default=3, help="runs of each; medians are printed")
    options = parser.parse_args()

    port = free_port()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, options.pages_per_host, ready), daemon=True)
    server.start()
    ready.wait(10)
    # Host by host: all of outlet 1's links, then all of outlet 2's.
    urls = [f"http://{h}:{port}/news/{n}" for h in HOSTS for n in range(options.pages_per_host)]
    fetch = FetchSettings(allowed_networks=("127.0.0.0/8",))
    fetched, from_disk = [], []
    try:
        with tempfile.TemporaryDirectory() as folder:
            pages = Path(folder) / "pages"
            pages.mkdir()
            for h, _ in enumerate(HOSTS, start=1):
                for n in range(options.pages_per_host):
                    (pages / f"outlet{h:02d}-{n:04d}.html").write_bytes(page(h, n))
            for run in range(options.runs):
                fetched.append(timed_ingest(urls, f"{folder}/fetch{run}.db", fetch))
                from_disk.append(timed_ingest([str(pages)], f"{folder}/disk{run}.db", None))
    finally:
        server.terminate()

    count = len(urls)
    wall = statistics.median(w for w, _, _ in fetched)
    print(f"{count} pages from {len(HOSTS)} hosts, delay {DEFAULT_DELAY:g} s per host, {options.runs} runs (medians)")
    print(f"  fetch + ingest:  {count / wall:6.1f} pages/s  ({wall:.1f} s; bound {len(HOSTS) / DEFAULT_DELAY:.0f}/s)")
    for label, runs in (("fetch + ingest", fetched), ("ingest from disk", from_disk)):
        cpu = statistics.median(c for _, c, _ in runs)
        added = statistics.median(a for _, _, a in runs)
        print(f"  CPU per page, {label + ':':17} {1000 * cpu / count:6.1f} ms  ({added:.0f} added)")


if __name__ == "__main__":
    main()
