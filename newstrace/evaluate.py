"""Scoring helpers shared by the quality benchmarks and the tests' quality floors.

Spans are tuples of ``(start, end)`` character fragments (brat allows
discontinuous spans). Matching is one-to-one: each gold span pairs with at
most one predicted span, greedily by the number of characters they share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

Span = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")
# Characters an exact match ignores at the edges of a span.
TRIM = " \t\n\"'“”‘’«».,;:!?()[]—–-"
BRAT_TEXT_BOUND = re.compile(r"^(T\d+)\t(\w+) ([\d ;]+)\t")
BRAT_EVENT = re.compile(r"^(E\d+)\t(.*)$")


@dataclass
class Score:
    """Precision, recall and F1 from counts."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold


def characters(span: Span, text: str | None = None) -> set[int]:
    """The character positions a span covers; with ``text``, edges in TRIM are dropped."""
    positions = sorted(i for start, end in span for i in range(start, end))
    if text is not None:
        while positions and text[positions[0]] in TRIM:
            positions.pop(0)
        while positions and text[positions[-1]] in TRIM:
            positions.pop()
    return set(positions)


def match_spans(gold: Iterable[Span], predicted: Iterable[Span], text: str, *, exact: bool) -> Score:
    """One-to-one matches between gold and predicted spans of one role in one text.

    ``exact=False``: a match shares at least one character. ``exact=True``: the
    same characters once surrounding spaces, quotes and punctuation are trimmed.
    """
    gold_sets = [characters(s, text) for s in set(gold)]
    pred_sets = [characters(s, text) for s in set(predicted)]
    gold_sets = [g for g in gold_sets if g]
    pred_sets = [p for p in pred_sets if p]
    pairs = []
    for gi, g in enumerate(gold_sets):
        for pi, p in enumerate(pred_sets):
            shared = len(g & p)
            if shared and (not exact or g == p):
                pairs.append((shared, gi, pi))
    used_gold, used_pred = set(), set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
    return Score(len(used_gold), len(pred_sets), len(gold_sets))


@dataclass
class AnnotatedText:
    """A PolNeAR article: its text and its attributions as role -> span."""

    name: str
    text: str
    attributions: list[dict[str, Span]]


def read_brat(ann: str) -> list[dict[str, Span]]:
    """Attributions from a brat standoff file: each E line ties Source, Cue, Content."""
    spans: dict[str, tuple[str, Span]] = {}
    events = []
    for line in ann.splitlines():
        if match := BRAT_TEXT_BOUND.match(line):
            fragments = tuple(tuple(int(x) for x in part.split()) for part in match.group(3).split(";"))
            spans[match.group(1)] = (match.group(2).lower(), fragments)
        elif match := BRAT_EVENT.match(line):
            events.append(match.group(2).split())
    attributions = []
    for arguments in events:
        record: dict[str, Span] = {}
        for argument in arguments:
            role, _, ref = argument.partition(":")
            role = role.lower().rstrip("0123456789")
            if role in ROLES and ref in spans:
                record[role] = spans[ref][1]
        if record:
            attributions.append(record)
    return attributions


def read_polnear(split_dir: Path) -> Iterator[AnnotatedText]:
    """Each article of a PolNeAR split, with the first annotator's attributions (sorted by name)."""
    for text_path in sorted((split_dir / "text").glob("*.txt")):
        annotations = sorted((split_dir / "attributions").glob(text_path.stem + "_*.ann"))
        if not annotations:
            continue
        with open(text_path, encoding="utf-8", newline="") as handle:  # offsets count \r too
            text = handle.read()
        yield AnnotatedText(text_path.stem, text, read_brat(annotations[0].read_text(encoding="utf-8")))
