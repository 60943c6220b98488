"""Cost of assessing one story as it grows: milliseconds per article at 10, 30, 100, 300 and 1,000 articles.

Assess works story by story, so over a whole corpus its cost is the sum over
stories; what can grow faster than the input is one large story, where every
claim meets every article (grouping, then every article judged on the story's
top claims, the stance model reading each). The story is bench/web.py's true 1,000-article
story (60 paraphrased variants of the example ferry articles, analysed by spaCy,
and their republications under other outlets, linked by the real pipeline);
its first n members by publication time, with the copied passages among them,
are assessed with the shipped stance model, as ``newstrace assess`` does.

Prints per size: total seconds, ms per article, the stance model's share and
the articles it judged, the sentence vectors' share and the statements
embedded, claims, mentions; then the growth of ms per article per
tenfold size. One run per size (the machine has two noisy cores: run twice and
compare).

Run: nice -n 10 python bench/assess_scale.py [--db PATH]
(``--db``: a database bench/web.py built, or where to build it: 3 to 7 minutes.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's newstrace, not an installed one
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newstrace.assess import assess_story
from newstrace.assess.stance import judged_signals
from newstrace.meaning import sentence_vectors
from newstrace.store import Store

SIZES = (10, 30, 100, 300, 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="bench/web.py's database (built there when missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or str(Path(folder) / "assess.db")
        if not Path(db).exists():
            from web import build_story

            build_story(db, Path(folder), 1000, 60)
        store = Store(db)
        story = max(store.stories(), key=lambda s: len(s.articles))
        members = sorted(store.articles(story=story.id), key=lambda a: (a.published or "", a.external_id))
        analyses = {a.external_id: store.analysis(a) for a in members}
        copies = store.copies(story=story.id)
        warm = members[:2]  # load the stance model, gazetteer and word lists once before timing
        assess_story(
            story.id,
            warm,
            {a.external_id: analyses[a.external_id] for a in warm},
            stance=judged_signals,
            embed=sentence_vectors,
        )
        judged_signals([("warm-up", "Load the stance model once before timing.")])
        print(f"story {story.id}: {len(members)} articles, {len(copies)} copied passages")
        rows = []
        for size in (n for n in SIZES if n <= len(members)):
            chosen = members[:size]
            ids = {a.external_id for a in chosen}
            judged, embedded = [0.0, 0], [0.0, 0]

            def stance(pairs: list[tuple[str, str]], judged=judged) -> list:
                started = time.perf_counter()
                found = judged_signals(pairs)
                judged[0] += time.perf_counter() - started
                judged[1] += len(pairs)
                return found

            def embed(texts: list[str], embedded=embedded):
                started = time.perf_counter()
                vectors = sentence_vectors(texts)
                embedded[0] += time.perf_counter() - started
                embedded[1] += len(texts)
                return vectors

            started = time.perf_counter()
            claims = assess_story(
                story.id,
                chosen,
                {key: analyses[key] for key in ids},
                [c for c in copies if c.a in ids and c.b in ids],
                stance=stance,
                embed=embed,
            )
            seconds = time.perf_counter() - started
            mentions = sum(len(c.mentions) for c in claims)
            rows.append((size, 1000 * seconds / size))
            print(
                f"{size:>5} articles: {seconds:7.2f} s  {1000 * seconds / size:7.1f} ms/article  "
                f"stance {100 * judged[0] / max(seconds, 1e-9):3.0f}%  judged {judged[1]:>6}  "
                f"vectors {100 * embedded[0] / max(seconds, 1e-9):3.0f}% of {embedded[1]:>6} statements  "
                f"claims {len(claims):>4}  mentions {mentions:>6}",
                flush=True,
            )
        per_article = dict(rows)
        for small, large in ((10, 100), (30, 300), (100, 1000)):
            if small in per_article and large in per_article:
                print(f"ms/article x{per_article[large] / per_article[small]:.2f} from {small} to {large} articles")


if __name__ == "__main__":
    main()
