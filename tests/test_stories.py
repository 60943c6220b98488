"""Story clustering: online, incremental, with a time window; a quality floor on FNC-1."""

from __future__ import annotations

import importlib.util
import random

import pytest
from conftest import REPO, SHARED, need

from newstrace.link.stories import StoryClusterer
from newstrace.models import StoryDoc

FERRY_1 = "A passenger ferry capsized in a storm in the Gulf of Finland, killing at least 14 people, officials said."
FERRY_2 = "At least 14 people died when a ferry capsized in stormy seas in the Gulf of Finland, the coast guard said."
TRAM = "The city council approved a tram extension after a seven-hour debate, with 34 votes to 27."


def test_reports_of_one_event_join_and_another_event_does_not():
    clusterer = StoryClusterer()
    first = clusterer.add(StoryDoc("a", FERRY_1, "Ferry capsizes", "2026-03-10"))
    second = clusterer.add(StoryDoc("b", FERRY_2, "Ferry disaster", "2026-03-10"))
    third = clusterer.add(StoryDoc("c", TRAM, "Tram vote", "2026-03-10"))
    assert first == second != third
    stories = {s.id: s for s in clusterer.stories()}
    assert stories[first].articles == ["a", "b"] and stories[first].title
    assert (stories[first].first_published, stories[first].last_published) == ("2026-03-10", "2026-03-10")


def test_works_without_dates_and_the_window_splits_far_apart_events():
    undated = StoryClusterer()
    assert undated.add(StoryDoc("a", FERRY_1)) == undated.add(StoryDoc("b", FERRY_2))
    windowed = StoryClusterer(window_days=14)
    assert windowed.add(StoryDoc("a", FERRY_1, published="2026-03-10")) != windowed.add(
        StoryDoc("b", FERRY_2, published="2026-09-10")
    )


def test_restored_assignments_continue_the_same_stories():
    first = StoryClusterer()
    story = first.add(StoryDoc("a", FERRY_1))
    restored = StoryClusterer().restore([(StoryDoc("a", FERRY_1), story)])
    assert restored.add(StoryDoc("b", FERRY_2)) == story
    assert restored.add(StoryDoc("c", TRAM)) != story


def _bench():
    spec = importlib.util.spec_from_file_location("stories_fnc1", REPO / "bench" / "stories_fnc1.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", [1])
def test_quality_floor_on_an_fnc1_slice(seed):
    folder = need(SHARED / "data" / "fnc-1")
    bench = _bench()
    bodies, gold = bench.read_fnc1(folder)
    keys = sorted(gold)
    random.Random(seed).shuffle(keys)
    keys = keys[:400]
    predicted, _ = bench.cluster_online(bodies, keys, seed)
    precision, recall, f1 = bench.bcubed(predicted, {k: gold[k] for k in keys})
    # Measured: 0.917 B-cubed F1 on this slice (0.90 on all 1,683 bodies, bench/stories_fnc1.py).
    assert f1 >= 0.85, (precision, recall, f1)
