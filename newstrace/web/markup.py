"""Text cut into marked segments, so templates can wrap each in an escaped ``<span>``.

Marks may overlap (a source inside a copied passage); the text is cut at every
mark boundary and each piece carries the classes of all marks covering it, in
the manner of a sweep over interval endpoints.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..ingest.meta import is_web_url


@dataclass(frozen=True)
class Mark:
    """A stretch ``[start, end)`` of a text to show with ``css`` class, linked to ``href`` if given."""

    start: int
    end: int
    css: str
    href: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Segment:
    text: str
    classes: tuple[str, ...] = ()
    href: str | None = None
    title: str | None = None


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """``text`` in consecutive pieces, each with the classes (and first link) of the marks over it."""
    usable = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        over = [m for m in usable if m.start <= start and end <= m.end]
        classes = tuple(sorted({m.css for m in over}))
        href = next((m.href for m in over if m.href), None)
        title = "; ".join(dict.fromkeys(m.title for m in over if m.title)) or None
        pieces.append(Segment(text[start:end], classes, href, title))
    return pieces


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None: ``javascript:`` and friends never become links."""
    return url.strip() if url and is_web_url(url) else None
