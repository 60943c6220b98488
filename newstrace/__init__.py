"""newstrace: trace who claims what in the news, on whose authority, and who copied whom."""

import logging

from .ingest import extract_page, read_inputs
from .models import Article, IngestFailure
from .settings import Settings
from .store import Store

__version__ = "0.1.0"
__all__ = [
    "Article",
    "IngestFailure",
    "Settings",
    "Store",
    "__version__",
    "extract_page",
    "read_inputs",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
