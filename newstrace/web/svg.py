"""Geometry of the story charts: a timeline, a provenance graph and a map, drawn as SVG.

Functions here turn records into plain coordinates and labels; the templates
``_timeline.html``, ``_graph.html`` and ``_map.html`` write the SVG elements,
so every label passes through Jinja's autoescaping and no script is needed
(the pages keep a strict Content-Security-Policy).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..models import Article, ClaimMention, CopiedPassage, Place
from ..store import utc_sort_key

# Chart width in SVG user units; the CSS scales it to the page.
WIDTH = 900
# Room on the left of the timeline for outlet names.
LABEL_WIDTH = 190
# One outlet row of the timeline.
ROW_HEIGHT = 24
# Ticks on the time axis: enough to read, few enough not to overlap.
TICKS = 6
# Nodes in the provenance graph: past this the least connected are left out, so it stays legible.
MAX_GRAPH_NODES = 30
# Distance between the graph's columns and between nodes in a column.
COLUMN_GAP, NODE_GAP = 210, 34
# Smallest map extent in degrees: one city alone still shows its region.
MIN_MAP_SPAN = 16.0


def outlet_of(article: Article) -> str:
    return article.outlet or "(unknown outlet)"


def _moment(published: str | None) -> datetime | None:
    value = utc_sort_key(published)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def timeline(articles: list[Article], article_href) -> dict:
    """Publications by outlet: one row per outlet (first to publish on top), one dot per article.

    Undated articles sit in a separate column at the right. ``article_href``
    maps an article to its page's URL.
    """
    dated = [(a, _moment(a.published)) for a in articles]
    times = [t for _, t in dated if t]
    latest = datetime.max.replace(tzinfo=UTC)
    rows: dict[str, int] = {}
    for article, _ in sorted(dated, key=lambda pair: (pair[1] is None, pair[1] or latest)):
        rows.setdefault(outlet_of(article), len(rows))
    undated_x = WIDTH - 30
    left, right = LABEL_WIDTH + 10, WIDTH - 70
    start, end = (min(times), max(times)) if times else (None, None)
    span = (end - start).total_seconds() if times else 0

    def x_of(moment: datetime) -> float:
        if not span:
            return (left + right) / 2
        return left + (moment - start).total_seconds() / span * (right - left)

    points = []
    for article, moment in dated:
        points.append(
            {
                "x": round(x_of(moment), 1) if moment else undated_x,
                "y": rows[outlet_of(article)] * ROW_HEIGHT + ROW_HEIGHT / 2 + 20,
                "href": article_href(article),
                "label": f"{outlet_of(article)}: {article.title or article.external_id}"
                f" ({article.published or 'undated'})",
                "undated": moment is None,
            }
        )
    ticks = []
    if times:
        for i in range(TICKS if span else 1):
            moment = start + (end - start) * (i / (TICKS - 1) if span else 0)
            fmt = "%d %b %H:%M" if span < 40 * 86400 else "%d %b %Y"
            ticks.append({"x": round(x_of(moment), 1), "label": moment.strftime(fmt)})
    height = len(rows) * ROW_HEIGHT + 50
    return {
        "width": WIDTH,
        "height": height,
        "axis_y": height - 22,
        "left": LABEL_WIDTH,
        "rows": [{"label": o, "y": i * ROW_HEIGHT + ROW_HEIGHT / 2 + 20} for o, i in rows.items()],
        "points": points,
        "ticks": ticks,
        "undated_x": undated_x if any(p["undated"] for p in points) else None,
        "utc": True,
    }


@dataclass
class _Graph:
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: Counter = field(default_factory=Counter)

    def node(self, key: str, label: str, kind: str) -> str:
        self.nodes.setdefault(key, {"key": key, "label": label, "kind": kind, "origin": False})
        return key

    def edge(self, upstream: str, downstream: str, kind: str) -> None:
        if upstream != downstream:
            self.edges[(upstream, downstream, kind)] += 1


def provenance(
    articles: list[Article],
    copies: list[CopiedPassage],
    mentions: list[ClaimMention],
) -> dict:
    """Who got what from whom: outlets and upstream sources, with copy and relay edges.

    Edges point downstream: origin -> copy for copied passages (dashed when the
    direction is unknown), cited source -> relaying source -> outlet for
    attribution chains and claim mentions. Origins, nodes that feed others and
    are fed by none (or that claims name as an origin), are highlighted.
    Columns are longest-path layers from the origins (a Sugiyama-style layering
    without crossing reduction).
    """
    graph = _Graph()
    by_id = {a.external_id: a for a in articles}

    def outlet_node(external_id: str) -> str | None:
        article = by_id.get(external_id)
        if article is None:
            return None
        name = outlet_of(article)
        return graph.node("outlet:" + name.lower(), name, "outlet")

    for copy in copies:
        a, b = outlet_node(copy.a), outlet_node(copy.b)
        if a and b:
            graph.edge(a, b, "copy" if copy.direction == "a->b" else "copy-unknown")
    chains = {(m.article, m.chain) for m in mentions if m.chain}
    for external_id, chain in chains:
        downstream = outlet_node(external_id)
        if downstream is None:
            continue
        for source in chain:  # outermost first: each relays the next one
            key = graph.node("source:" + source.key, source.name, source.type)
            graph.edge(key, downstream, "relay")
            downstream = key
    origins = {m.origin for m in mentions if m.origin}
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
    columns = defaultdict(list)
    for key in sorted(keep, key=lambda k: (graph.nodes[k]["kind"] != "outlet", graph.nodes[k]["label"].lower())):
        columns[layer[key]].append(key)
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
    """Places as points over the bundled world outline, zoomed to their extent.

    Coordinates are equirectangular degrees (x = longitude, y = -latitude), the
    projection ``static/world-110m.svg`` was written in.
    """
    located = Counter(
        (p.name, round(p.latitude, 2), round(p.longitude, 2))
        for p in places
        if p.latitude is not None and p.longitude is not None
    )
    if not located:
        return {"viewbox": "-180 -90 360 180", "points": [], "scale": 1.0}
    lats = [lat for _, lat, _ in located]
    lons = [lon for _, _, lon in located]
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
        for (name, lat, lon), count in located.most_common()
    ]
    return {
        "viewbox": f"{x0:.2f} {y0:.2f} {min(width, 360):.2f} {min(height, 180):.2f}",
        "points": points,
        "scale": round(scale, 3),
    }
