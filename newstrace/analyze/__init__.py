"""Analyze: per article, who says what on whose authority (spaCy lives only here)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Analysis
from .attributions import find_attributions
from .boilerplate import find_boilerplate
from .dates import find_dates
from .model import load_model
from .places import find_places
from .quantities import find_quantities
from .relays import add_recipient_relays
from .republished import add_republication
from .sentences import find_entities, find_sentences

__all__ = [
    "analyze_doc",
    "analyze_text",
    "find_attributions",
    "find_boilerplate",
    "find_dates",
    "find_entities",
    "find_places",
    "find_quantities",
    "find_sentences",
    "load_model",
]


def analyze_doc(doc: Doc, *, title: str | None = None, published: str | None = None) -> Analysis:
    """All records of one parsed article; attributions in boilerplate are left out."""
    furniture = find_boilerplate(doc.text, title)
    attributions = find_attributions(doc, furniture)
    add_recipient_relays(doc, attributions)
    add_republication(doc.text, [s.start_char for s in doc.sents], attributions)
    return Analysis(
        attributions=attributions,
        sentences=find_sentences(doc, attributions, furniture, title),
        entities=find_entities(doc),
        quantities=find_quantities(doc),
        dates=find_dates(doc, published),
        places=find_places(doc),
        boilerplate=furniture,
    )


def analyze_text(
    text: str, published: str | None = None, *, title: str | None = None, model: str | None = None
) -> Analysis:
    """The analysis of one text, without a database."""
    return analyze_doc(load_model(model)(text), title=title, published=published)
