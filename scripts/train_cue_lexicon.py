"""Learn which verbs PolNeAR's annotators mark as attribution cues (train split only).

For every verb lemma in the train texts, counts how often a token with that
lemma heads a gold cue and how often it occurs at all, and keeps lemmas that
are cues often enough. Writes newstrace/analyze/data/cue_lemmas.tsv, which the
attribution rules read beside the hand-made classes in lexicon.py.

    python scripts/train_cue_lexicon.py            # reproduces the shipped file
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from newstrace.analyze import load_model
from newstrace.evaluate import read_polnear

POLNEAR_TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "train"
OUT = Path(__file__).resolve().parents[1] / "newstrace" / "analyze" / "data" / "cue_lemmas.tsv"
# A lemma must head a cue at least this often, and in at least this share of its uses.
MIN_CUES = 3
MIN_SHARE = 0.25


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=POLNEAR_TRAIN)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"PolNeAR train split not found at {args.data}; pass --data", file=sys.stderr)
        return 2
    articles = list(read_polnear(args.data))
    nlp = load_model()
    as_cue, seen = Counter(), Counter()
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=16), strict=True):
        cue_chars = {i for a in article.attributions for s, e in a.get("cue", ()) for i in range(s, e)}
        for token in doc:
            if token.pos_ != "VERB":
                continue
            lemma = token.lemma_.lower()
            seen[lemma] += 1
            if token.idx in cue_chars:
                as_cue[lemma] += 1
    kept = sorted(
        (lemma for lemma in as_cue if as_cue[lemma] >= MIN_CUES and as_cue[lemma] / seen[lemma] >= MIN_SHARE),
        key=lambda lemma: (-as_cue[lemma], lemma),
    )
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("# lemma\tcue_count\tverb_count (written by scripts/train_cue_lexicon.py from PolNeAR train)\n")
        for lemma in kept:
            out.write(f"{lemma}\t{as_cue[lemma]}\t{seen[lemma]}\n")
    print(f"wrote {len(kept)} cue lemmas to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
