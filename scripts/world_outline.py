"""Write the web app's offline world map from Natural Earth's 110m countries (TopoJSON).

The source is ``countries-110m.json`` of the npm package world-atlas (ISC
licence; the Natural Earth data it is built from is public domain)::

    npm pack world-atlas && tar xzf world-atlas-*.tgz
    python scripts/world_outline.py package/countries-110m.json

It decodes the TopoJSON arcs (delta-encoded, quantised; see the TopoJSON
specification, "Arcs"), projects them equirectangularly (x = longitude,
y = -latitude) and writes one SVG path per country, rounded to 0.1 degree, to
``newstrace/web/static/world-110m.svg``. The map is drawn in the same
coordinates, so a place at (lat, lon) is the point (lon, -lat).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "newstrace" / "web" / "static" / "world-110m.svg"
# Tenths of a degree: about 11 km, finer than the 110m source at this scale.
DECIMALS = 1


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points of every arc, undoing delta encoding and quantisation."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring's points from its arc indexes (a negative index ~i is arc i reversed)."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def path_data(points: list[tuple[float, float]]) -> str:
    coords = []
    for lon, lat in points:
        coord = f"{round(lon, DECIMALS):g} {round(-lat, DECIMALS):g}"
        if not coords or coords[-1] != coord:
            coords.append(coord)
    return "M" + "L".join(coords) + "Z" if len(coords) > 2 else ""


def country_paths(topology: dict) -> list[str]:
    arcs = decode_arcs(topology)
    paths = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        d = "".join(path_data(ring_points(ring, arcs)) for polygon in polygons for ring in polygon)
        if d:
            paths.append(d)
    return paths


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    body = "\n".join(f'<path d="{d}"/>' for d in country_paths(topology))
    OUT.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-180 -90 360 180">\n'
        "<!-- Natural Earth 110m countries (public domain) via world-atlas (ISC); see scripts/world_outline.py -->\n"
        '<g id="world" fill="#e4e7eb" stroke="#9aa5b1">\n'
        f"{body}\n</g>\n</svg>\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package/countries-110m.json")
