"""The story map: located places as dots over the bundled world outline, each named where its name fits.

Coordinates are equirectangular degrees (x = longitude, y = -latitude), the
projection ``static/world-110m.svg`` was written in; ``_map.html`` writes the
SVG. Labels are placed by :func:`.labels.place_labels`, most mentioned place
first; a name that fits nowhere is left off the map and listed under it.
"""

from __future__ import annotations

from collections import Counter

from ..models import Place
from .labels import BASELINE_EMS, LINE_EMS, Box, place_labels, text_width

# Smallest map extent in degrees: one city alone still shows its region.
MIN_MAP_SPAN = 16.0
# Label font size and a one-mention dot's radius, in hundredths of the map's span (they keep their size on screen).
FONT_SIZE, DOT_RADIUS = 1.3, 0.35
# Country borders, in hundredths of the view (the outline is drawn with this stroke, whatever the zoom).
BORDER_WIDTH = 0.12
# Space kept between two labels, in ems.
LABEL_GAP_EMS = 0.25


def world_map(places: list[Place]) -> dict:
    """Places as points over the bundled world outline (see :func:`world_map_counts`)."""
    return world_map_counts(
        [(p.name, p.latitude, p.longitude, 1) for p in places if p.latitude is not None and p.longitude is not None]
    )


def world_map_counts(located: list[tuple[str, float, float, int]]) -> dict:
    """Places counted as ``(name, latitude, longitude, mentions)`` as points over the bundled world outline,
    zoomed to their extent, with a label box for each name that fits (``label`` None where none does)."""
    counts: Counter = Counter()
    for name, lat, lon, count in located:
        counts[(name, round(lat, 2), round(lon, 2))] += count
    if not counts:
        return {"viewbox": "-180 -90 360 180", "points": [], "scale": 1.0, "stroke": BORDER_WIDTH, "unlabelled": []}
    lats = [lat for _, lat, _ in counts]
    lons = [lon for _, _, lon in counts]
    span = max(max(lons) - min(lons), max(lats) - min(lats), MIN_MAP_SPAN) * 1.3
    cx, cy = (max(lons) + min(lons)) / 2, -(max(lats) + min(lats)) / 2
    width, height = min(span, 360), min(span / 2, 180)
    x0 = min(max(cx - width / 2, -180), 180 - width) if width < 360 else -180
    y0 = min(max(cy - height / 2, -90), 90 - height) if height < 180 else -90
    scale = span / 100  # one hundredth of the view: dots and labels keep their size on screen
    size = round(scale * FONT_SIZE, 3)
    points = [
        {
            "name": name,
            "x": lon,
            "y": -lat,
            "r": round(scale * (DOT_RADIUS + min(count, 20) ** 0.5 * 0.2), 3),
            "count": count,
        }
        for (name, lat, lon), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    dots = [Box(p["x"] - p["r"], p["y"] - p["r"], p["x"] + p["r"], p["y"] + p["r"]) for p in points]
    reach: dict = {}  # places at one spot (a country at its capital) share it: labels clear the largest dot
    for p in points:
        reach[(p["x"], p["y"])] = max(reach.get((p["x"], p["y"]), 0), p["r"])
    boxes = place_labels(
        [(p["x"], p["y"], reach[(p["x"], p["y"])], text_width(p["name"], size), size * LINE_EMS) for p in points],
        obstacles=dots,
        bounds=Box(x0, y0, x0 + width, y0 + height),
        gap=size * LABEL_GAP_EMS,
    )
    for point, box in zip(points, boxes, strict=True):
        point["label"] = None if box is None else _label(point["name"], box, size)
    return {
        "viewbox": f"{x0:.2f} {y0:.2f} {width:.2f} {height:.2f}",
        "points": points,
        "scale": round(scale, 3),
        "stroke": round(scale * BORDER_WIDTH, 4),
        "font_size": size,
        "unlabelled": [p["name"] for p in points if p["label"] is None],
    }


def _label(name: str, box: Box, size: float) -> dict:
    return {
        "x": round(box.x0, 3),
        "y": round(box.y0 + size * BASELINE_EMS, 3),
        "width": round(box.x1 - box.x0, 3),
        "box": [round(v, 3) for v in box],
    }
