"""Analyze: per article, who says what on whose authority (spaCy lives only here)."""

from __future__ import annotations

from ..models import Attribution
from .attributions import find_attributions
from .boilerplate import find_boilerplate
from .dates import find_dates
from .model import load_model
from .places import find_places
from .quantities import find_quantities

__all__ = [
    "analyze_text",
    "find_attributions",
    "find_boilerplate",
    "find_dates",
    "find_places",
    "find_quantities",
    "load_model",
]


def analyze_text(
    text: str, published: str | None = None, *, title: str | None = None, model: str | None = None
) -> list[Attribution]:
    """The attributions of one text, without a database (boilerplate left out)."""
    return find_attributions(load_model(model)(text), find_boilerplate(text, title))
