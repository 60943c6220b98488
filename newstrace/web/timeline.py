"""The story timeline: one row per outlet, first to publish on top, one dot per outlet and hour.

:func:`timeline` turns publications into coordinates and labels; ``_timeline.html``
writes the SVG, so every label passes through Jinja's autoescaping. Tick
labels and the "undated" column's label are kept apart (:func:`.labels.keep_apart`).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from ..models import article_label
from ..store import utc_sort_key
from .dates import readable_date
from .labels import Box, keep_apart, shorten, text_width

# Chart width in SVG user units; the CSS scales it to the page.
WIDTH = 900
# Room on the left of the timeline for outlet names.
LABEL_WIDTH = 190
# One outlet row of the timeline.
ROW_HEIGHT = 24
# Label of articles without an outlet.
UNKNOWN_OUTLET = "(outlet unknown)"
# Outlet rows on the timeline: past this, later outlets share the last row, so the chart stays short.
TIMELINE_ROWS = 25
# Time bins across the timeline: dots are per outlet and hour, or per longer bin when a story
# spans more hours than this (about one bin per 6 units of the axis, what an eye can tell apart).
TIMELINE_BINS = 110
# Radius of a one-article dot; a bin's dot grows with the square root of its count, up to half a row.
DOT_RADIUS = 6
# Ticks on the time axis: enough to read, few enough not to overlap.
TICKS = 6
# Font sizes of the row labels and of the axis's tick labels; characters of a row label before it is cut.
ROW_FONT, TICK_FONT, ROW_CHARS = 12, 11, 28
# Space kept between two tick labels.
TICK_GAP = 8


def _namer(publications: list[dict]):
    """How rows are named: by outlet; an article without one by its title when it is the only such."""
    unnamed = [p for p in publications if not p["outlet"]]
    title = article_label(unnamed[0]["title"]) if len(unnamed) == 1 else UNKNOWN_OUTLET
    return lambda publication: publication["outlet"] or title


def _moment(published: str | None) -> datetime | None:
    value = utc_sort_key(published)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def timeline(publications: list[dict], article_href) -> dict:
    """Publications by outlet: one row per outlet (first to publish on top), one dot per outlet and hour.

    ``publications`` are dicts with ``external_id``, ``outlet``, ``title`` and
    ``published`` (:meth:`Store.story_publications`). Past ``TIMELINE_ROWS``
    outlets, the later ones share a last row ("N other outlets"). Articles of
    one row are binned by hour (by a longer whole number of hours when the
    story spans more than ``TIMELINE_BINS`` hours); a bin's dot grows with its
    count and links to its first article. Undated articles sit in a separate
    column at the right. ``article_href`` maps an external id to its page's URL.
    """
    outlet_of = _namer(publications)
    dated = sorted(
        ((p, _moment(p["published"])) for p in publications),
        key=lambda pair: (pair[1] is None, pair[1] or datetime.max.replace(tzinfo=UTC), pair[0]["external_id"]),
    )
    times = [t for _, t in dated if t]
    first_seen: dict[str, int] = {}
    for publication, _ in dated:
        first_seen.setdefault(outlet_of(publication), len(first_seen))
    shared = len(first_seen) - (TIMELINE_ROWS - 1) if len(first_seen) > TIMELINE_ROWS else 0
    labels = [o for o, i in first_seen.items() if not shared or i < TIMELINE_ROWS - 1]
    if shared:
        labels.append(f"{shared} other outlets")

    def row_of(publication: dict) -> int:
        return min(first_seen[outlet_of(publication)], len(labels) - 1)

    undated = any(moment is None for _, moment in dated)
    undated_x = WIDTH - 30
    # The last tick's label, centred on the axis's end, ends clear of the "undated" column's label.
    left, right = LABEL_WIDTH + 10, WIDTH - (110 if undated else 60)
    start, end = (times[0], times[-1]) if times else (None, None)
    span = (end - start).total_seconds() if times else 0
    hours_per_bin = max(1, math.ceil(span / 3600 / TIMELINE_BINS))

    def x_of(moment: datetime) -> float:
        if not span:
            return (left + right) / 2
        return left + (moment - start).total_seconds() / span * (right - left)

    bins: dict[tuple[int, int | None], list[tuple[dict, datetime | None]]] = {}
    for publication, moment in dated:
        slot = None if moment is None else int((moment - start).total_seconds() // (3600 * hours_per_bin))
        bins.setdefault((row_of(publication), slot), []).append((publication, moment))
    points = []
    for (row, _), members in bins.items():
        publication, moment = members[0]
        if len(members) == 1:
            name = article_label(publication["title"])
            named = f"{publication['outlet']}: {name}" if publication["outlet"] else name
            label = f"{named} ({readable_date(publication['published']) or 'undated'})"
        else:
            when = f"from {moment:%d %b %H:%M} UTC" if moment else "undated"
            label = f"{labels[row]}: {len(members)} articles, {when}"
        points.append(
            {
                "x": round(x_of(moment), 1) if moment else undated_x,
                "y": row * ROW_HEIGHT + ROW_HEIGHT / 2 + 20,
                "r": round(min(DOT_RADIUS * len(members) ** 0.5, ROW_HEIGHT / 2), 1),
                "count": len(members),
                "href": article_href(publication["external_id"]),
                "label": label,
                "undated": moment is None,
            }
        )
    ticks = _ticks(start, end, x_of) if times else []
    if undated:
        ticks.append({"x": undated_x, "label": "undated"})
    ticks = _apart(ticks)
    height = len(labels) * ROW_HEIGHT + 50
    return {
        "width": WIDTH,
        "height": height,
        "axis_y": height - 22,
        "left": LABEL_WIDTH,
        "rows": [_row(label, i) for i, label in enumerate(labels)],
        "points": points,
        "ticks": ticks,
        "undated_x": undated_x if undated else None,
        "hours_per_dot": hours_per_bin,
        "articles": len(publications),
        "outlets_sharing_a_row": shared,
        "utc": True,
    }


def _ticks(start: datetime, end: datetime, x_of) -> list[dict]:
    """``TICKS`` evenly spaced ticks from ``start`` to ``end`` (one when they are the same moment)."""
    span = (end - start).total_seconds()
    fmt = "%d %b %H:%M" if span < 40 * 86400 else "%d %b %Y"
    ticks = []
    for i in range(TICKS if span else 1):
        moment = start + (end - start) * (i / (TICKS - 1) if span else 0)
        ticks.append({"x": round(x_of(moment), 1), "label": moment.strftime(fmt).lstrip("0")})
    return ticks


def _apart(ticks: list[dict]) -> list[dict]:
    """The ticks whose centred labels overlap no other: the "undated" label and the axis's ends first."""
    for tick in ticks:
        tick["width"] = text_width(tick["label"], TICK_FONT)
    dated = [i for i, tick in enumerate(ticks) if tick["label"] != "undated"]
    ends = {dated[0], dated[-1]} if dated else set()
    order = sorted(range(len(ticks)), key=lambda i: (ticks[i]["label"] != "undated", i not in ends, i))
    boxes = [Box(ticks[i]["x"] - ticks[i]["width"] / 2, 0, ticks[i]["x"] + ticks[i]["width"] / 2, 1) for i in order]
    kept = {i for i, keep in zip(order, keep_apart(boxes, TICK_GAP), strict=True) if keep}
    return [tick for i, tick in enumerate(ticks) if i in kept]


def _row(label: str, index: int) -> dict:
    text = shorten(label, ROW_CHARS)
    return {
        "label": text,
        "full": label,
        "width": text_width(text, ROW_FONT),
        "y": index * ROW_HEIGHT + ROW_HEIGHT / 2 + 20,
    }
