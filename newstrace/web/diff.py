"""The words that differ between two aligned passages, for the copy page.

Words are compared with :class:`difflib.SequenceMatcher` (Ratcliff and
Obershelp's gestalt matching), junk heuristics off so that common words still
align; each side comes back as pieces of its own text, the changed ones marked.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import NamedTuple

# A word and the space after it: the pieces the two passages are compared in.
WORD = re.compile(r"\S+\s*|\s+")


class Piece(NamedTuple):
    text: str
    changed: bool


def _merge(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1].changed == piece.changed:
            merged[-1] = Piece(merged[-1].text + piece.text, piece.changed)
        else:
            merged.append(piece)
    return merged


def _split_space(piece: Piece) -> list[Piece]:
    """A changed piece without its trailing space, so a mark covers the words only."""
    words = piece.text.rstrip()
    if not piece.changed or words == piece.text:
        return [piece]
    return [Piece(words, True), Piece(piece.text[len(words) :], False)] if words else [Piece(piece.text, False)]


def word_diff(left: str, right: str) -> tuple[list[Piece], list[Piece]]:
    """Both passages as pieces, those whose words the other passage lacks or has otherwise marked changed.

    The pieces of each side join back into that side's text exactly.
    """
    a, b = WORD.findall(left), WORD.findall(right)
    matcher = SequenceMatcher(None, [w.strip() for w in a], [w.strip() for w in b], autojunk=False)
    ours: list[Piece] = []
    theirs: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        same = tag == "equal"
        ours += [Piece(w, not same) for w in a[i1:i2]]
        theirs += [Piece(w, not same) for w in b[j1:j2]]
    return (
        [p for piece in _merge(ours) for p in _split_space(piece)],
        [p for piece in _merge(theirs) for p in _split_space(piece)],
    )
