"""Geometry of the story charts: a timeline, a provenance graph and a map, drawn as SVG.

Functions here turn records into plain coordinates and labels; the templates
``_timeline.html``, ``_graph.html`` and ``_map.html`` write the SVG elements,
so every label passes through Jinja's autoescaping and no script is needed
(the pages keep a strict Content-Security-Policy).
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..models import Place, Source, article_label
from ..store import utc_sort_key

# Chart width in SVG user units; the CSS scales it to the page.
WIDTH = 900
# Room on the left of the timeline for outlet names.
LABEL_WIDTH = 190
# One outlet row of the timeline.
ROW_HEIGHT = 24
# Label of articles without an outlet, on the timeline and in the graph.
UNKNOWN_OUTLET = "(unknown outlet)"
# Outlet rows on the timeline: past this, later outlets share the last row, so the chart stays short.
TIMELINE_ROWS = 25
# Time bins across the timeline: dots are per outlet and hour, or per longer bin when a story
# spans more hours than this (about one bin per 6 units of the axis, what an eye can tell apart).
TIMELINE_BINS = 110
# Radius of a one-article dot; a bin's dot grows with the square root of its count, up to half a row.
DOT_RADIUS = 6
# Ticks on the time axis: enough to read, few enough not to overlap.
TICKS = 6
# Nodes in the provenance graph: past this the least connected are left out, so it stays legible.
MAX_GRAPH_NODES = 30
# Columns of the graph: copies of copies of copies are drawn in the last one, so the graph
# stays as wide as the page instead of one column per step of a long copy chain.
MAX_GRAPH_COLUMNS = 5
# Distance between the graph's columns and between nodes in a column.
COLUMN_GAP, NODE_GAP = 210, 34
# Smallest map extent in degrees: one city alone still shows its region.
MIN_MAP_SPAN = 16.0


def outlet_of(publication: dict) -> str:
    return publication["outlet"] or UNKNOWN_OUTLET


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

    undated_x = WIDTH - 30
    left, right = LABEL_WIDTH + 10, WIDTH - 70
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
            label = f"{outlet_of(publication)}: {name} ({publication['published'] or 'undated'})"
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
    ticks = []
    if times:
        for i in range(TICKS if span else 1):
            moment = start + (end - start) * (i / (TICKS - 1) if span else 0)
            fmt = "%d %b %H:%M" if span < 40 * 86400 else "%d %b %Y"
            ticks.append({"x": round(x_of(moment), 1), "label": moment.strftime(fmt)})
    height = len(labels) * ROW_HEIGHT + 50
    return {
        "width": WIDTH,
        "height": height,
        "axis_y": height - 22,
        "left": LABEL_WIDTH,
        "rows": [{"label": o, "y": i * ROW_HEIGHT + ROW_HEIGHT / 2 + 20} for i, o in enumerate(labels)],
        "points": points,
        "ticks": ticks,
        "undated_x": undated_x if any(p["undated"] for p in points) else None,
        "hours_per_dot": hours_per_bin,
        "articles": len(publications),
        "outlets_sharing_a_row": shared,
        "utc": True,
    }


@dataclass
class _Graph:
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: Counter = field(default_factory=Counter)

    def node(self, key: str, label: str, kind: str) -> str:
        if key not in self.nodes:
            self.nodes[key] = {"key": key, "label": label, "kind": kind, "origin": False}
        return key

    def edge(self, upstream: str, downstream: str, kind: str, count: int = 1) -> None:
        if upstream != downstream:
            self.edges[(upstream, downstream, kind)] += count


def provenance(
    flows: list[tuple[str | None, str | None, str, int]],
    chains: list[tuple[str | None, tuple[Source, ...], int]],
    origins: set[str],
) -> dict:
    """Who got what from whom: outlets and upstream sources, with copy and relay edges.

    ``flows`` are copied passages counted per (origin outlet, copying outlet,
    direction) and ``chains`` the claim mentions' source chains counted per
    (outlet, chain) in articles (from :meth:`Store.story_copy_ranking`
    and :meth:`Store.story_chains`); ``origins`` are the keys claims name as an
    origin. Edges point downstream: origin -> copy for copied passages (dashed
    when the direction is unknown), cited source -> relaying source -> outlet
    for attribution chains. Origins, nodes that feed others and are fed by none
    (or that claims name as an origin), are highlighted. Columns are
    longest-path layers from the origins (a Sugiyama-style layering without
    crossing reduction), deeper layers drawn in the last of ``MAX_GRAPH_COLUMNS``.
    Past ``MAX_GRAPH_NODES`` the least connected nodes are left out and counted.
    """
    graph = _Graph()

    @functools.cache
    def outlet_node(outlet: str | None) -> str:
        name = outlet or UNKNOWN_OUTLET
        return graph.node("outlet:" + name.lower(), name, "outlet")

    for a_outlet, b_outlet, direction, count in flows:
        graph.edge(
            outlet_node(a_outlet), outlet_node(b_outlet), "copy" if direction == "a->b" else "copy-unknown", count
        )
    for outlet, chain, count in chains:
        downstream = outlet_node(outlet)
        for source in chain:  # outermost first: each relays the next one
            key = graph.node("source:" + source.key, source.name, source.type)
            graph.edge(key, downstream, "relay", count)
            downstream = key
    return _layout(graph, origins)


def _layout(graph: _Graph, origins: set[str]) -> dict:
    degree = Counter()
    for upstream, downstream, _ in graph.edges:
        degree[upstream] += 1
        degree[downstream] += 1
    keep = {key for key, _ in degree.most_common(MAX_GRAPH_NODES)}
    left_out = len(graph.nodes) - len(keep)
    edges = [(u, d, kind, n) for (u, d, kind), n in graph.edges.items() if u in keep and d in keep]
    layer = dict.fromkeys(keep, 0)
    for _ in range(len(keep)):  # longest path by relaxation; a cycle stops after |nodes| rounds
        changed = False
        for upstream, downstream, _, _ in edges:
            if layer[downstream] < layer[upstream] + 1 and layer[upstream] + 1 < len(keep):
                layer[downstream] = layer[upstream] + 1
                changed = True
        if not changed:
            break
    fed = {d for _, d, _, _ in edges}
    rank = {depth: i for i, depth in enumerate(sorted(set(layer.values())))}  # no empty columns
    columns = defaultdict(list)
    for key in sorted(keep, key=lambda k: (graph.nodes[k]["kind"] != "outlet", graph.nodes[k]["label"].lower())):
        columns[min(rank[layer[key]], MAX_GRAPH_COLUMNS - 1)].append(key)
    place = {}
    for column, keys in columns.items():
        for row, key in enumerate(keys):
            place[key] = (80 + column * COLUMN_GAP, 30 + row * NODE_GAP)
    nodes = []
    for key in keep:
        node = dict(graph.nodes[key])
        node["x"], node["y"] = place[key]
        node["origin"] = key.split(":", 1)[1] in origins or (key not in fed and degree[key] > 0)
        nodes.append(node)
    tallest = max((len(keys) for keys in columns.values()), default=0)
    return {
        "width": max(WIDTH, 160 + max(columns, default=0) * COLUMN_GAP + 120),
        "height": 40 + tallest * NODE_GAP,
        "nodes": sorted(nodes, key=lambda n: (n["x"], n["y"])),
        "edges": [
            {"x1": place[u][0], "y1": place[u][1], "x2": place[d][0], "y2": place[d][1], "kind": kind, "count": n}
            for u, d, kind, n in edges
        ],
        "left_out": left_out,
    }


def world_map(places: list[Place]) -> dict:
    """Places as points over the bundled world outline (see :func:`world_map_counts`)."""
    return world_map_counts(
        [(p.name, p.latitude, p.longitude, 1) for p in places if p.latitude is not None and p.longitude is not None]
    )


def world_map_counts(located: list[tuple[str, float, float, int]]) -> dict:
    """Places counted as ``(name, latitude, longitude, mentions)`` as points over the bundled world
    outline, zoomed to their extent.

    Coordinates are equirectangular degrees (x = longitude, y = -latitude), the
    projection ``static/world-110m.svg`` was written in.
    """
    counts: Counter = Counter()
    for name, lat, lon, count in located:
        counts[(name, round(lat, 2), round(lon, 2))] += count
    if not counts:
        return {"viewbox": "-180 -90 360 180", "points": [], "scale": 1.0}
    lats = [lat for _, lat, _ in counts]
    lons = [lon for _, _, lon in counts]
    span = max(max(lons) - min(lons), max(lats) - min(lats), MIN_MAP_SPAN) * 1.3
    cx, cy = (max(lons) + min(lons)) / 2, -(max(lats) + min(lats)) / 2
    width, height = span, span / 2
    x0 = min(max(cx - width / 2, -180), 180 - width) if width < 360 else -180
    y0 = min(max(cy - height / 2, -90), 90 - height) if height < 180 else -90
    scale = span / 100  # one hundredth of the view: dots and labels keep their size on screen
    points = [
        {
            "name": name,
            "x": lon,
            "y": -lat,
            "r": round(scale * (0.35 + min(count, 20) ** 0.5 * 0.2), 3),
            "count": count,
        }
        for (name, lat, lon), count in counts.most_common()
    ]
    return {
        "viewbox": f"{x0:.2f} {y0:.2f} {min(width, 360):.2f} {min(height, 180):.2f}",
        "points": points,
        "scale": round(scale, 3),
    }
