"""A killed ingest leaves a consistent database that a re-run completes."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

from newstrace.store import Store

ARTICLES = 3000


def test_kill_9_mid_ingest_then_rerun(tmp_path):
    corpus = tmp_path / "big.jsonl"
    with open(corpus, "w", encoding="utf-8") as out:
        for i in range(ARTICLES):
            text = f"Article {i} reports that the harbour of town {i} flooded. " * 20
            out.write(json.dumps({"id": f"n{i}", "title": f"Flood {i}", "text": text}) + "\n")
    db = tmp_path / "killed.db"
    command = [sys.executable, "-m", "newstrace", "ingest", str(corpus), "--db", str(db), "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        stored = _count(db)
        if stored >= 500:
            break
    assert process.poll() is None, "ingest finished before it could be killed; raise ARTICLES"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < _count(db) < ARTICLES
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    fts_rows = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    assert fts_rows == conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    rerun = subprocess.run(command, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    with Store(str(db)) as store:
        assert store.counts() == {"articles": ARTICLES, "skipped": 0, "rows": ARTICLES}


def _count(db) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
