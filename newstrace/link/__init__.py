"""Links between articles: copied passages (fingerprints, index, alignment, direction, clusters)."""

from __future__ import annotations

from .align import Alignment, align
from .copies import copied_passages, direction, find_copies, link_copies, quoted_spans, reuse_clusters
from .fingerprints import Candidate, CopyIndex, fingerprints, tokenize, winnow_params

__all__ = [
    "Alignment",
    "Candidate",
    "CopyIndex",
    "align",
    "copied_passages",
    "direction",
    "find_copies",
    "fingerprints",
    "link_copies",
    "quoted_spans",
    "reuse_clusters",
    "tokenize",
    "winnow_params",
]
