"""The articles copies are looked for among: a sliding time window over the stream, in memory.

Linking compares each new article with the articles before it through a
:class:`~newstrace.link.fingerprints.CopyIndex`. Kept over every article ever
linked, the index and the texts it points at would grow with the corpus (about
10 kB per article: 1 GB at 100,000). :class:`CopyWindow` keeps the articles
published within ``days`` of the latest publication date seen, and takes the
older ones out of the index and out of memory as dates advance, so what linking
holds follows the articles of a few weeks, not the corpus. An article older than
the window is no copy candidate any more: a passage copied from it is not found
(news copies come within days; a republication months later is judged by the
analyzer's republication notes, not here). An undated article counts as
published on the latest date seen when it came (when no date was seen yet, it
stays).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from ..models import Article, Fingerprint
from .fingerprints import CopyIndex
from .stories import parse_day

# Days before the latest publication date an article stays a copy candidate. Copies come
# within days of their origin (wire reprints the same day, rewrites within the week);
# a wider bound only costs memory: about 275 articles a day at 100,000 a year.
COPY_WINDOW_DAYS = 60.0


class CopyWindow:
    """A :class:`CopyIndex` and the articles it holds, limited to the last ``days`` of publication dates.

    Args:
        index: the index to fill (a new :class:`CopyIndex` when None).
        days: how far before the latest publication date an article stays; None keeps every article.
    """

    def __init__(self, index: CopyIndex | None = None, days: float | None = COPY_WINDOW_DAYS) -> None:
        if days is not None and days < 0:
            raise ValueError(f"days={days!r}: expected days >= 0, or None for no window")
        self.index = CopyIndex() if index is None else index
        self.days = days
        self.articles_: dict[str, Article] = {}
        self.latest_day_: float | None = None
        self._order: list[tuple[float, int, str]] = []  # heap of (day, arrival, key): the oldest leaves first
        self._arrivals = 0

    def __len__(self) -> int:
        return len(self.articles_)

    def article(self, key: str) -> Article:
        """The held article with external id ``key`` (KeyError when it left the window or never came)."""
        return self.articles_[key]

    def add(self, article: Article, prints: Sequence[Fingerprint]) -> None:
        """Index ``article`` with its fingerprints, then let out the articles the window has passed."""
        self.index.add(article.external_id, prints)
        self.articles_[article.external_id] = article
        day = parse_day(article.published) if article.published else None
        if day is not None and (self.latest_day_ is None or day > self.latest_day_):
            self.latest_day_ = day
        day = self.latest_day_ if day is None else day
        if day is None or self.days is None:
            return
        self._arrivals += 1
        heapq.heappush(self._order, (day, self._arrivals, article.external_id))
        while self._order and self._order[0][0] < self.latest_day_ - self.days:
            _, _, key = heapq.heappop(self._order)
            self.index.remove(key)
            del self.articles_[key]
