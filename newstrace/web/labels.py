"""Text boxes for the charts: how wide a label is, and where labels go without covering each other.

Widths are estimated from a per-character table of a sans-serif face; the
templates pass the estimate to SVG's ``textLength`` so the browser draws each
label exactly that wide, and the boxes computed here are the boxes on screen.
Placement is the greedy candidate-position method of map labelling (Imhof;
Christensen, Marks and Shieber 1995, "An empirical study of algorithms for
point-feature label placement"): each label, most important first, takes the
first of a few positions around its point that covers no placed label and no
obstacle, or is left out.
"""

from __future__ import annotations

from typing import NamedTuple

# Advance widths in ems of a typical sans-serif face (DejaVu Sans, Liberation Sans, system-ui), by character
# class; a character not listed is taken as a lower-case letter.
NARROW, SEMI, WIDE = "ijl.,;:'!|`’‘", 'frt()[]- /"“”', "mwMW@%"
EM_NARROW, EM_SEMI, EM_WIDE, EM_UPPER, EM_DIGIT, EM_OTHER = 0.28, 0.36, 0.86, 0.68, 0.58, 0.55
# Height of a label's box, in ems: the ascent and descent of the face.
LINE_EMS = 1.25
# Where the baseline sits in that box, in ems from its top.
BASELINE_EMS = 0.95


class Box(NamedTuple):
    """An axis-aligned rectangle, ``x0 <= x1`` and ``y0 <= y1`` (SVG coordinates: y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """Whether the two boxes, each grown by ``gap / 2``, share any area."""
        return not (
            self.x1 + gap <= other.x0
            or other.x1 + gap <= self.x0
            or self.y1 + gap <= other.y0
            or other.y1 + gap <= self.y0
        )

    def inside(self, other: Box) -> bool:
        return other.x0 <= self.x0 and self.x1 <= other.x1 and other.y0 <= self.y0 and self.y1 <= other.y1


def text_width(text: str, size: float) -> float:
    """Estimated advance width of ``text`` set at font size ``size`` (same units as ``size``)."""
    ems = 0.0
    for char in text:
        if char in NARROW:
            ems += EM_NARROW
        elif char in SEMI:
            ems += EM_SEMI
        elif char in WIDE:
            ems += EM_WIDE
        elif char.isdigit():
            ems += EM_DIGIT
        elif char.isupper():
            ems += EM_UPPER
        else:
            ems += EM_OTHER
    return round(ems * size, 3)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Where a point's label may go, in order of preference: right, left, above, below, then the four diagonals.
# Each is (horizontal, vertical) alignment of the box against the point: -1 before it, 0 centred, 1 after it.
POSITIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))


def candidate(x: float, y: float, r: float, w: float, h: float, position: tuple[int, int]) -> Box:
    """The box of a ``w`` x ``h`` label beside the point (``x``, ``y``) of radius ``r``, at ``position``."""
    dx, dy = position
    offset = r * (1.0 if dx and dy else 1.15)  # a diagonal box's corner is what is near the point
    x0, y0 = _start(x, offset, w, dx), _start(y, offset, h, dy)
    return Box(x0, y0, x0 + w, y0 + h)


def _start(centre: float, offset: float, length: float, side: int) -> float:
    """Where a box of ``length`` begins along one axis: after the point (side 1), before it (-1) or centred (0)."""
    if side > 0:
        return centre + offset
    if side < 0:
        return centre - offset - length
    return centre - length / 2


def place_labels(
    anchors: list[tuple[float, float, float, float, float]],
    obstacles: list[Box] = (),
    bounds: Box | None = None,
    gap: float = 0.0,
) -> list[Box | None]:
    """A box for each label, or None where none fits: ``anchors`` are ``(x, y, r, w, h)``, a point of radius
    ``r`` and its label's size, most important first.

    A box never overlaps another placed box (with ``gap`` between them), nor
    any of ``obstacles`` (the points themselves, say), and stays inside
    ``bounds`` when given.
    """
    placed: list[Box] = []
    found: list[Box | None] = []
    for x, y, r, w, h in anchors:
        choice = None
        for position in POSITIONS:
            box = candidate(x, y, r, w, h, position)
            if bounds is not None and not box.inside(bounds):
                continue
            if any(box.overlaps(other, gap) for other in placed) or any(box.overlaps(o) for o in obstacles):
                continue
            choice = box
            break
        if choice is not None:
            placed.append(choice)
        found.append(choice)
    return found


def keep_apart(boxes: list[Box], gap: float = 0.0) -> list[bool]:
    """Which of ``boxes`` to keep, most important first, so that no two kept ones overlap."""
    kept: list[Box] = []
    keep = []
    for box in boxes:
        ok = not any(box.overlaps(other, gap) for other in kept)
        if ok:
            kept.append(box)
        keep.append(ok)
    return keep
