"""A demo database for the web app's tests, benchmark and screenshots.

Runs the real pipeline (ingest, analyze, link, assess) over the given inputs,
the example corpus by default. ``replicate`` clones every analysed article
(text, analysis and all) under new ids, outlets and times before linking, to
build a large story fast for the benchmark: clones copy their original, so
the link and assess stages see heavy reuse, as news at scale does.
"""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from ..batch import analyze_stored, assess_stored, ingest_paths, link_stored
from ..settings import Settings
from ..store import Store


def build_demo(db: str, inputs: list[str], *, replicate: int = 0) -> Store:
    """Ingest and analyse ``inputs`` into ``db``, clone ``replicate`` copies of each article, link and assess."""
    store = Store(db)
    ingest_paths(inputs, store, Settings(db=db), quiet=True)
    analyze_stored(store, quiet=True)
    if replicate:
        _replicate(store, replicate)
    link_stored(store, quiet=True)
    assess_stored(store, quiet=True)
    return store


def _replicate(store: Store, times: int) -> None:
    originals = list(store.articles())
    analyses = {a.external_id: store.analysis(a) for a in originals}
    clones = []
    for n in range(1, times + 1):
        for article in originals:
            clone = dataclasses.replace(
                article,
                id=None,
                external_id=f"{article.external_id}#clone{n}",
                url=None,
                outlet=f"{article.outlet or 'Outlet'} {n}",
                published=_shift(article.published, n),
            )
            clones.append((clone, analyses[article.external_id]))
    store.add_articles([clone for clone, _ in clones])
    for clone, analysis in clones:
        store.save_analysis(clone, analysis, "demo-clone")


def _shift(published: str | None, minutes: int) -> str | None:
    if not published or "T" not in published:
        return published
    return (datetime.fromisoformat(published) + timedelta(minutes=minutes)).isoformat()


@contextmanager
def serving(app, host: str = "127.0.0.1") -> Iterator[str]:
    """Run ``app`` with uvicorn in a background thread on a free port; yields its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind((host, 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the web app did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
