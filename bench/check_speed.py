"""How long `newstrace check` takes on a 100-article story (the issue's target: under 2 s on this machine).

The story is bench/web.py's: paraphrased variants of the example ferry
articles and their republications under other outlets, analysed, linked and
assessed by the real pipeline (``--articles``, default 100). Times, medians of
``--runs`` runs each:

- the command as a user runs it (``newstrace check CLAIM --json``, a new
  process: imports, models loaded, the story found among all stories, every
  article read from the database and judged);
- the same in one warm process (``check_stored``), which is what the web app
  and a script pay after the first claim.

The first command after `assess` embeds the sentences no claim of the story
needed before; later ones read them from the database's vector cache. Both are
shown.

Run: nice -n 10 python bench/check_speed.py [--db PATH] [--articles 100]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's newstrace, not an installed one
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newstrace.batch import assess_stored, check_stored
from newstrace.store import Store

CLAIMS = (
    "The Larkspur was carrying 186 passengers when it capsized",
    "Nordvik warned regulators about a faulty ballast valve",
    "At least 17 people died when the ferry sank",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database to build or reuse")
    parser.add_argument("--articles", type=int, default=100, help="articles in the story")
    parser.add_argument("--runs", type=int, default=3, help="runs per claim")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = args.db or str(folder / "check.db")
    if not Path(db).exists():
        from web import build_story

        started = time.perf_counter()
        store, _ = build_story(db, folder, args.articles, 30)
        assess_stored(store, quiet=True)
        store.close()
        print(f"built {db} in {time.perf_counter() - started:.0f} s")
    with Store(db) as store:
        story = max(store.stories(), key=lambda s: len(s.articles))
        print(f"story {story.id}: {len(story.articles)} articles; {len(store.stories())} stories in the database")
    command = [sys.executable, "-m", "newstrace", "check"]
    for claim in CLAIMS:
        walls = []
        for _ in range(args.runs + 1):
            started = time.perf_counter()
            done = subprocess.run([*command, claim, "--db", db, "--json"], capture_output=True, text=True)
            walls.append(time.perf_counter() - started)
            if done.returncode != 0:
                print(f"  {claim!r}: exit {done.returncode}: {done.stdout.strip()[:200]}")
                break
        print(f"  command, new process: first {walls[0]:.2f} s, then median {statistics.median(walls[1:]):.2f} s")
    with Store(db) as store:
        check_stored(store, CLAIMS[0])  # load the models once
        for claim in CLAIMS:
            warm = []
            for _ in range(args.runs):
                started = time.perf_counter()
                found = check_stored(store, claim)
                warm.append(time.perf_counter() - started)
            judged = len(found.claim.stances)
            print(f"  warm process, {judged} articles judged: median {statistics.median(warm):.2f} s for {claim!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
