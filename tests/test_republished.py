"""Republication frames: a site running another outlet's report says so, and that outlet relays it all."""

from __future__ import annotations

import pytest

from newstrace.analyze import analyze_text
from newstrace.analyze.republished import find_republication

BODY = (
    "A passenger ferry ran aground off the island of Hiiumaa on Tuesday, the Estonian coast guard said.\n\n"
    "All 212 passengers were taken off by lifeboats, and no one was hurt, officials said.\n\n"
    "The vessel had left Rohuküla shortly after noon in calm weather."
)


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (f"The Island Times is reporting as follows…\n\n{BODY}", "Island Times"),
        (f"As first reported by Radio Harju: {BODY}", "Radio Harju"),
        (f"Republished with permission from the Baltic Courier.\n\n{BODY}", "Baltic Courier"),
        (f"{BODY}\n\nThis article was originally published in The Island Times.", "Island Times"),
        (f"{BODY}\n\nOriginally published by Radio Harju", "Radio Harju"),
    ],
)
def test_frames_at_the_top_or_bottom_name_the_outlet(text, outlet):
    frame = find_republication(text)
    assert frame is not None and frame.kind == "republished"
    assert frame.sources[0].name == outlet and frame.sources[0].type == "news_outlet"
    (content,) = frame.content
    assert content.text == text[content.start : content.end]
    assert "ran aground" in content.text and "originally" not in content.text.lower()
    assert "reporting as follows" not in content.text


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        BODY + "\n\nThe Island Times reported that the captain had been questioned.",
        "The coast guard said the ferry ran aground.\n\n" * 6
        + "The report was originally published in The Island Times, the minister said in the middle of a speech "
        + "that went on and on about other things entirely.\n\n"
        + "The coast guard said the ferry ran aground.\n\n" * 6,
    ],
)
def test_no_frame_in_ordinary_reporting(text):
    assert find_republication(text) is None


def test_the_frame_relays_every_attribution_and_sentence():
    analysis = analyze_text(f"The Island Times is reporting as follows…\n\n{BODY}")
    [frame] = [a for a in analysis.attributions if a.kind == "republished"]
    index = analysis.attributions.index(frame)
    top_level = [a for a in analysis.attributions if a is not frame and a.parent is None]
    assert not top_level, "every attribution hangs under the frame"
    assert any(a.parent == index for a in analysis.attributions)
    own = [s for s in analysis.sentences if "calm weather" in s.span.text]
    assert own and own[0].voice == "own" and own[0].assertive  # the frame does not make the text "attributed"
