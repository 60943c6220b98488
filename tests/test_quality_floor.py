"""Quality floors for the fuzzy stages, on small slices of real labelled data.

Floors sit a little under the figures measured when they were set (noise
margin), so a change that makes a stage worse fails here. The full figures
come from the bench/ scripts.
"""

from __future__ import annotations

import sys

import pytest
from conftest import REPO, SHARED, need

sys.path.insert(0, str(REPO / "bench"))

# Overlap F1 per role on the first 12 PolNeAR dev articles, rules and CRF combined (measured:
# source 0.794, cue 0.794, content 0.825 with `python bench/attribution_polnear.py --limit 12 --mode combined`;
# the rules alone measured 0.633, 0.649, 0.662).
ATTRIBUTION_FLOORS = {"source": 0.77, "cue": 0.77, "content": 0.80}
# Precision matters more than coverage (an unattributed claim beats a misattributed one): measured
# 0.815, 0.822, 0.877.
ATTRIBUTION_PRECISION_FLOORS = {"source": 0.79, "cue": 0.80, "content": 0.85}
# Exact F1 of content on the same slice: a quotation broken by its cue ('"...," she said. "..."') and a cue set off in
# mid-sentence are whole (measured 0.546; 0.520 before; 0.560 since quotations set with two apostrophes and orders
# with whom they are given to).
CONTENT_EXACT_FLOOR = 0.54
# Exact F1 of cues on the same slice: a cue takes in its auxiliaries and adverbs ("has also said"; measured 0.713,
# 0.627 before).
CUE_EXACT_FLOOR = 0.69
DEV_SLICE = 12


@pytest.mark.parametrize("role", sorted(ATTRIBUTION_FLOORS))
def test_attribution_overlap_f1_floor(role, attribution_scores):
    assert attribution_scores[role, "overlap"].f1 >= ATTRIBUTION_FLOORS[role]


@pytest.mark.parametrize("role", sorted(ATTRIBUTION_PRECISION_FLOORS))
def test_attribution_overlap_precision_floor(role, attribution_scores):
    assert attribution_scores[role, "overlap"].precision >= ATTRIBUTION_PRECISION_FLOORS[role]


def test_attribution_exact_content_floor(attribution_scores):
    assert attribution_scores["content", "exact"].f1 >= CONTENT_EXACT_FLOOR


def test_attribution_exact_cue_floor(attribution_scores):
    assert attribution_scores["cue", "exact"].f1 >= CUE_EXACT_FLOOR


@pytest.fixture(scope="module")
def attribution_scores():
    from attribution_polnear import evaluate

    from newstrace.analyze import load_model
    from newstrace.evaluate import read_polnear

    dev = need(SHARED / "data" / "polnear" / "dev")
    articles = list(read_polnear(dev))[:DEV_SLICE]
    return evaluate(articles, load_model())
