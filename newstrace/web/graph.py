"""The provenance graph: who got what from whom, drawn left to right in time order.

A layered drawing after Sugiyama, Tagawa and Toda (1981), "Methods for visual
understanding of hierarchical system structures": edges point downstream
(origin -> copy, cited source -> the outlet relaying it), cycles are broken by
a depth-first search, nodes are layered by longest path (sources sit just
before what they feed), long edges pass through the columns between on
dummy lanes, crossings are reduced by barycenter sweeps, and each column's
rows are placed near their neighbours by isotonic regression (pool adjacent
violators) keeping boxes apart. Labels sit inside their boxes and edges run
only between columns or on their own lanes, so no edge passes under a label.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

from ..models import Source
from .labels import shorten, text_width

# Nodes drawn: past this the least connected are left out and counted (outlets are kept before sources).
MAX_GRAPH_NODES = 25
# Label font size, padding inside a box, a box's height, the height of an edge's lane through a column,
# the space between rows, between columns (where edges bend) and around the drawing.
FONT, PAD_X, BOX_H, LANE, ROW_GAP, COLUMN_GAP, MARGIN = 12, 7, 22, 6, 8, 80, 12
# Characters of a node's label before it is cut.
LABEL_CHARS = 30
# Barycenter sweeps (down and up) tried when ordering the rows of each column.
SWEEPS = 8
# Edge kinds, strongest first: a pair with several is drawn as the first.
KINDS = ("copy", "copy-unknown", "relay")
# Kinds whose direction is known, drawn with an arrowhead.
DIRECTED = ("copy", "relay")
# Label of the node for articles without an outlet.
UNKNOWN_OUTLET = "(outlet unknown)"


def _norm(name: str) -> str:
    name = name.strip().lower()
    return name[4:] if name.startswith("the ") else name


def provenance(
    flows: list[tuple[str | None, str | None, str, int]],
    chains: list[tuple[str | None, tuple[Source, ...], int]],
    origins: set[str],
    first_seen: dict[str, str] | None = None,
    unknown_outlet: str = UNKNOWN_OUTLET,
) -> dict:
    """Who got what from whom: outlets and the sources they cite, with copy and relay edges, laid out.

    ``flows`` are copied passages per (origin outlet, copying outlet,
    direction: "a->b" or "unknown"), passages both sides copied from a common
    source already left out (:func:`.pairs.outlet_flows`); ``chains`` the claim
    mentions' source chains per (outlet, chain) with their article counts
    (:meth:`Store.story_chains`); ``origins`` the keys claims name as an
    origin; ``first_seen`` each outlet's first publication (sortable), to
    orient pairs of unknown direction earlier -> later. A source named like
    an outlet of the story is that outlet's node. Edges are bundled per node
    pair; only a known direction gets an arrowhead.
    """
    first_seen = {_norm(k): v for k, v in (first_seen or {}).items()}
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str], Counter] = defaultdict(Counter)

    def outlet(name: str | None) -> str:
        key = "outlet:" + _norm(name) if name else "outlet:"
        nodes.setdefault(key, {"key": key, "label": name or unknown_outlet, "kind": "outlet"})
        return key

    def source(src: Source) -> str:
        if _norm(src.name) in named:  # an outlet of the story, cited by another
            return outlet(named[_norm(src.name)])
        key = "source:" + src.key
        nodes.setdefault(key, {"key": key, "label": src.name, "kind": src.type})
        return key

    named = {_norm(o): o for o, *_ in flows if o} | {_norm(o): o for _, o, *_ in flows if o}
    named |= {_norm(o): o for o, _, _ in chains if o}
    for upstream, downstream, direction, count in flows:
        kind = "copy" if direction == "a->b" else "copy-unknown"
        edges[(outlet(upstream), outlet(downstream))][kind] += count
    for name, chain, count in chains:
        downstream = outlet(name)
        for src in chain:  # outermost first: each relays the next one
            key = source(src)
            edges[(key, downstream)]["relay"] += count
            downstream = key
    edges = _without_inherited({pair: kinds for pair, kinds in edges.items() if pair[0] != pair[1]})
    return layout(nodes, edges, origins, lambda key: (first_seen.get(key.partition(":")[2], ""), key))


def _without_inherited(edges: dict[tuple[str, str], Counter]) -> dict[tuple[str, str], Counter]:
    """``edges`` less the citations a copy inherited: when X copied Y and Y cites S, X citing S is drawn
    as S -> Y -> X only (a transitive reduction of relays over copies)."""
    copied_from = defaultdict(set)
    for (u, d), kinds in edges.items():
        if kinds["copy"]:
            copied_from[d].add(u)
    kept = {}
    for (u, d), kinds in edges.items():
        if kinds["relay"] and any(edges.get((u, w), Counter())["relay"] for w in copied_from[d]):
            kinds = kinds - Counter(relay=kinds["relay"])
        if kinds:
            kept[(u, d)] = kinds
    return kept


def layout(nodes: dict[str, dict], edges: dict[tuple[str, str], Counter], origins: set[str], when) -> dict:
    """Nodes and bundled edges placed in columns; ``when(key)`` orders nodes in time (sources first)."""
    weight = Counter()
    for (u, d), kinds in edges.items():
        weight[u] += sum(kinds.values())
        weight[d] += sum(kinds.values())
    ranked = sorted(weight, key=lambda k: (nodes[k]["kind"] != "outlet", -weight[k], nodes[k]["label"].lower()))
    keep = set(ranked[:MAX_GRAPH_NODES])
    left_out = Counter("outlets" if nodes[k]["kind"] == "outlet" else "sources" for k in ranked[MAX_GRAPH_NODES:])
    bundles = _bundle({pair: kinds for pair, kinds in edges.items() if set(pair) <= keep}, when)
    order = sorted(keep, key=when)
    forward = _acyclic(order, [(u, d) for u, d in bundles])
    layer = _layers(order, forward)
    columns, chains = _columns(order, layer, forward, when)
    _order_rows(columns, chains)
    y = _rows_y(columns, chains)
    widths = {k: text_width(shorten(nodes[k]["label"], LABEL_CHARS), FONT) + 2 * PAD_X for k in keep}
    col_width = [max((widths[k] for k in column if k in widths), default=0) for column in columns]
    col_x = [MARGIN + sum(col_width[:i]) + i * COLUMN_GAP for i in range(len(columns))]
    fed = {d for u, d in bundles}
    placed = []
    for key in keep:
        node = dict(nodes[key])
        label = shorten(node["label"], LABEL_CHARS)
        x, top = col_x[layer[key]], y[key] - BOX_H / 2
        node |= {"x": round(x, 1), "y": round(top, 1), "w": round(widths[key], 1), "h": BOX_H, "text": label}
        node |= {"text_x": round(x + PAD_X, 1), "text_y": round(y[key] + FONT * 0.35, 1)}
        node["text_width"] = round(widths[key] - 2 * PAD_X, 1)
        node["origin"] = key.partition(":")[2] in origins or (key not in fed and weight[key] > 0)
        placed.append(node)
    drawn = []
    for (u, d), bundle in bundles.items():
        flipped = (u, d) not in forward
        path = chains[(d, u) if flipped else (u, d)]
        points = _points(path, layer, y, col_x, col_width, widths)
        ahead, back = bundle["arrow"], bundle["arrow_back"]
        drawn.append(
            {
                "from": u,
                "to": d,
                "kind": bundle["kind"],
                "kinds": dict(bundle["kinds"]),
                "count": sum(bundle["kinds"].values()),
                "d": _path(points),
                "arrow_end": back if flipped else ahead,
                "arrow_start": ahead if flipped else back,
                "width": round(1.2 + min(sum(bundle["kinds"].values()), 9) ** 0.5 * 0.5, 2),
                "title": _edge_title(nodes[u]["label"], nodes[d]["label"], bundle["kinds"]),
            }
        )
    bottom = max((y[k] + (BOX_H if k in keep else LANE) / 2 for k in y), default=0)
    return {
        "width": round(max(col_x[-1] + col_width[-1] + MARGIN, 300) if columns else 300, 1),
        "height": round(bottom + MARGIN, 1),
        "nodes": sorted(placed, key=lambda n: (n["x"], n["y"])),
        "edges": drawn,
        "left_out": sum(left_out.values()),
        "left_out_kinds": dict(left_out),
        "font_size": FONT,
    }


def _bundle(edges: dict[tuple[str, str], Counter], when) -> dict[tuple[str, str], dict]:
    """One edge per node pair, oriented along its directed kinds (else earlier -> later), with whether
    each direction is known (an arrowhead at that end)."""
    bundles: dict[frozenset, dict] = {}
    for (u, d), kinds in sorted(edges.items()):
        directed = any(kinds[k] for k in DIRECTED)
        if not directed and when(d) < when(u):
            u, d = d, u
        found = bundles.setdefault(frozenset((u, d)), {"pair": (u, d), "kinds": Counter(), "ends": set()})
        found["kinds"].update(kinds)
        if directed:
            found["ends"].add(d)
    result = {}
    for found in bundles.values():
        u, d = found["pair"]
        if found["ends"] == {u}:  # the only known direction points at u: draw it that way
            u, d = d, u
        kind = next(k for k in KINDS if found["kinds"][k])
        result[(u, d)] = {
            "kinds": found["kinds"],
            "kind": kind,
            "arrow": d in found["ends"],
            "arrow_back": u in found["ends"],
        }
    return result


def _acyclic(order: list[str], edges: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """``edges`` with those closing a cycle reversed (depth-first search from nodes in ``order``)."""
    out = defaultdict(list)
    for u, d in edges:
        out[u].append(d)
    state: dict[str, int] = {}
    result = set()
    for root in order:
        if root in state:
            continue
        stack = [(root, iter(sorted(out[root], key=order.index)))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                result.add((child, node))  # a back edge: reversed
            else:
                result.add((node, child))
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(sorted(out[child], key=order.index))))
    return result


def _layers(order: list[str], edges: set[tuple[str, str]]) -> dict[str, int]:
    """Longest-path layers, then each node fed by none moved up to just before the first node it feeds;
    empty layers removed."""
    layer = dict.fromkeys(order, 0)
    preds, succs = defaultdict(list), defaultdict(list)
    for u, d in edges:
        preds[d].append(u)
        succs[u].append(d)
    pending = {k: len(preds[k]) for k in order}
    ready = [k for k in order if not pending[k]]
    while ready:
        node = ready.pop(0)
        for d in succs[node]:
            layer[d] = max(layer[d], layer[node] + 1)
            pending[d] -= 1
            if not pending[d]:
                ready.append(d)
    for node in order:
        if not preds[node] and succs[node]:
            layer[node] = min(layer[d] for d in succs[node]) - 1
    used = {depth: i for i, depth in enumerate(sorted(set(layer.values())))}
    return {k: used[v] for k, v in layer.items()}


def _columns(order, layer, edges, when):
    """Each column's items (nodes, then dummy lanes of edges passing through) and each edge's item path."""
    columns = [[] for _ in range(max(layer.values(), default=-1) + 1)]
    for key in sorted(order, key=when):
        columns[layer[key]].append(key)
    chains = {}
    for u, d in sorted(edges):
        path = [u]
        for depth in range(layer[u] + 1, layer[d]):
            lane = ("lane", u, d, depth)
            columns[depth].append(lane)
            path.append(lane)
        chains[(u, d)] = [*path, d]
    return columns, chains


def _segments(chains) -> list[tuple[object, object]]:
    return [(a, b) for path in chains.values() for a, b in itertools.pairwise(path)]


def _crossings(columns, segments) -> int:
    """Pairs of segments that cross between neighbouring columns."""
    where = {item: (depth, i) for depth, column in enumerate(columns) for i, item in enumerate(column)}
    by_gap = defaultdict(list)
    for a, b in segments:
        by_gap[where[a][0]].append((where[a][1], where[b][1]))
    count = 0
    for pairs in by_gap.values():
        for i, (a1, b1) in enumerate(pairs):
            count += sum(1 for a2, b2 in pairs[i + 1 :] if (a1 - a2) * (b1 - b2) < 0)
    return count


def _order_rows(columns, chains) -> None:
    """Rows of each column reordered in place by barycenter sweeps, keeping the order with fewest crossings."""
    segments = _segments(chains)
    ups, downs = defaultdict(list), defaultdict(list)
    for a, b in segments:
        downs[a].append(b)
        ups[b].append(a)
    best, fewest = [list(c) for c in columns], _crossings(columns, segments)
    for sweep in range(SWEEPS):
        span = range(1, len(columns)) if sweep % 2 == 0 else range(len(columns) - 2, -1, -1)
        neighbours = ups if sweep % 2 == 0 else downs
        for depth in span:
            other = columns[depth - 1] if sweep % 2 == 0 else columns[depth + 1]
            where = {item: i for i, item in enumerate(other)}
            current = {item: i for i, item in enumerate(columns[depth])}

            def centre(item, where=where, current=current, neighbours=neighbours):
                linked = [where[n] for n in neighbours[item] if n in where]
                return sum(linked) / len(linked) if linked else current[item]

            columns[depth].sort(key=centre)
        crossings = _crossings(columns, segments)
        if crossings < fewest:
            best, fewest = [list(c) for c in columns], crossings
    columns[:] = best


def _height(item) -> float:
    return LANE if isinstance(item, tuple) else BOX_H


def _rows_y(columns, chains) -> dict:
    """Centre y of each item: near the mean of its neighbours' (a few passes), apart by its height and
    ``ROW_GAP`` in its column, the drawing's top at ``MARGIN``."""
    neighbours = defaultdict(list)
    for a, b in _segments(chains):
        neighbours[a].append(b)
        neighbours[b].append(a)
    y = {}
    for column in columns:
        top = MARGIN
        for item in column:
            y[item] = top + _height(item) / 2
            top += _height(item) + ROW_GAP
    for _ in range(6):
        for column in columns:
            if not column:
                continue
            wanted = [sum(y[n] for n in neighbours[i]) / len(neighbours[i]) if neighbours[i] else y[i] for i in column]
            gaps = [0.0]
            for a, b in itertools.pairwise(column):
                gaps.append(gaps[-1] + (_height(a) + _height(b)) / 2 + ROW_GAP)
            for item, value in zip(column, _isotonic([w - g for w, g in zip(wanted, gaps, strict=True)]), strict=True):
                y[item] = value + gaps[column.index(item)]
    lowest = min((y[i] - _height(i) / 2 for i in y), default=MARGIN)
    return {item: value - lowest + MARGIN for item, value in y.items()}


def _isotonic(values: list[float]) -> list[float]:
    """The non-decreasing sequence closest to ``values`` in least squares (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [mean, size]
    for value in values:
        blocks.append([value, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m2, n2), (m1, n1) = blocks.pop(), blocks.pop()
            blocks.append([(m1 * n1 + m2 * n2) / (n1 + n2), n1 + n2])
    return [mean for mean, size in blocks for _ in range(int(size))]


def _points(path, layer, y, col_x, col_width, widths) -> list[tuple[float, float, float]]:
    """Where an edge enters and leaves each column on its path: ``(x_in, x_out, y)``."""
    points = []
    for i, item in enumerate(path):
        depth = item[3] if isinstance(item, tuple) else layer[item]
        x_in = col_x[depth] + (widths[item] if i == 0 else 0)  # the first leaves its box's right side
        points.append((x_in, col_x[depth] + col_width[depth], y[item]))
    return points


def _path(points) -> str:
    """SVG path data: out of the first box, curving through each gap between columns, along each lane."""
    x_box, x, y = points[0]
    d = [f"M{x_box:.1f} {y:.1f}H{x:.1f}"]  # out of the box's right side, along its row to the column's edge
    for i, (x_in, x_out, y_next) in enumerate(points[1:], start=1):
        bend = (x_in - x) / 2
        d.append(f"C{x + bend:.1f} {y:.1f} {x_in - bend:.1f} {y_next:.1f} {x_in:.1f} {y_next:.1f}")
        if i < len(points) - 1:  # a lane: along the column to the next gap
            d.append(f"H{x_out:.1f}")
        x, y = x_out, y_next
    return "".join(d)


def _edge_title(upstream: str, downstream: str, kinds: Counter) -> str:
    parts = []
    if kinds["copy"]:
        parts.append(f"{kinds['copy']} passage{'s' * (kinds['copy'] != 1)} copied")
    if kinds["copy-unknown"]:
        n = kinds["copy-unknown"]
        parts.append(f"{n} passage{'s' * (n != 1)} shared, direction unknown")
    if kinds["relay"]:
        parts.append(f"cited in {kinds['relay']} article{'s' * (kinds['relay'] != 1)}")
    arrow = "→" if kinds["copy"] or kinds["relay"] else "—"
    return f"{upstream} {arrow} {downstream}: {'; '.join(parts)}"
