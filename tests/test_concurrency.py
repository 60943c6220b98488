"""Two newstrace runs on one database: the second waits for the first, and nothing is lost or doubled."""

from __future__ import annotations

import json
import subprocess
import sys

from newstrace.store import Store

STORIES = {
    "a": [
        "The Harbour Line ferry ran aground off Vormsi on Monday, the coast guard said. All 40 passengers were safe.",
        "A Harbour Line ferry ran aground off Vormsi on Monday with 40 passengers on board, the coast guard said.",
    ],
    "b": [
        "The Tartu city council approved a new tram line on Tuesday, the mayor said. Work starts in May.",
        "Tartu's council voted on Tuesday to build a new tram line, the mayor said, with work to start in May.",
    ],
}


# Records both ingests of the test below read.
SHARED = 300


def records(folder, name: str) -> str:
    path = folder / f"{name}.jsonl"
    lines = [json.dumps({"id": f"{name}-{i}", "text": text}) for i, text in enumerate(STORIES[name])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def newstrace(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "newstrace", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_run_waits_while_another_holds_the_database_and_says_so(any_db, tmp_path):
    db = any_db  # SQLite: a lock file beside it; PostgreSQL: an advisory lock
    with Store(db) as store, store.exclusive():
        waiting = newstrace("ingest", records(tmp_path, "a"), "--db", db, "--quiet")
        assert "waiting for another newstrace run on this database" in waiting.stderr.readline()
        assert waiting.poll() is None and store.counts()["articles"] == 0
    assert waiting.wait(timeout=120) == 0
    with Store(db) as store:
        assert store.counts()["articles"] == 2


def test_two_runs_at_once_store_everything_once(tmp_path):
    db = str(tmp_path / "d.db")
    runs = [newstrace("run", records(tmp_path, name), "--db", db, "--quiet") for name in ("a", "b")]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    with Store(db) as store:
        assert store.counts()["articles"] == 4
        stories = store.stories()
        assert all(story.articles for story in stories)  # no story left empty
        assert sorted(sorted(story.articles) for story in stories) == [["a-0", "a-1"], ["b-0", "b-1"]]
        passages = [(p.a, p.b, p.a_span, p.b_span) for p in store.copies()]
        assert len(passages) == len(set(passages))  # no copied passage stored twice


def test_two_ingests_at_once_store_everything_once(any_db, tmp_path):
    """Both start on an empty database (both migrate it) and share an input: each article is stored once."""
    shared = tmp_path / "shared.jsonl"  # long enough that the two runs overlap, were they not to take turns
    lines = [json.dumps({"id": f"shared-{i}", "text": f"{STORIES['a'][0]} Copy {i}."}) for i in range(SHARED)]
    shared.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runs = [newstrace("ingest", str(shared), records(tmp_path, name), "--db", any_db, "--quiet") for name in STORIES]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    with Store(any_db) as store:
        stored = sorted(a.external_id for a in store.articles(all_versions=True, include_skipped=True))
    assert stored == sorted(["a-0", "a-1", "b-0", "b-1", *(f"shared-{i}" for i in range(SHARED))])
