"""newstrace: trace who claims what in the news, on whose authority, and who copied whom."""

import logging

from .ingest import extract_page, read_inputs
from .models import Analysis, Article, IngestFailure
from .settings import Settings
from .store import Store

__version__ = "0.1.0"
__all__ = [
    "Analysis",
    "Article",
    "IngestFailure",
    "Settings",
    "Store",
    "__version__",
    "analyze_text",
    "extract_page",
    "read_inputs",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def analyze_text(text: str, published: str | None = None, **options) -> Analysis:
    """Attributions, quantities, dates, places and boilerplate of one text, without a database.

    Imports spaCy on first use, so ``import newstrace`` stays quick for the CLI.
    """
    from .analyze import analyze_text as analyze

    return analyze(text, published, **options)
