"""A demo database for the web app's tests, benchmark and screenshots.

Runs the real pipeline (ingest, analyze, link, assess) over the given inputs,
the example corpus by default. (``bench/web.py`` builds its 1,000-article story
on top of this corpus its own way; see its docstring.)
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..batch import analyze_stored, assess_stored, ingest_paths, link_stored
from ..settings import Settings
from ..store import Store


def build_demo(db: str, inputs: list[str]) -> Store:
    """Ingest, analyse, link and assess ``inputs`` into ``db``; returns the open store."""
    store = Store(db)
    ingest_paths(inputs, store, Settings(db=db), quiet=True)
    analyze_stored(store, quiet=True)
    link_stored(store, quiet=True)
    assess_stored(store, quiet=True)
    return store


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
