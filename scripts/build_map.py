"""Build the England district map shipped with the web app.

Reads ../shared/reference/la_boundaries.geojson (ONS district polygons, April 2023), keeps the
English districts (codes starting with "E"), projects them to a flat plane, simplifies every
ring with Douglas-Peucker and writes SVG path data to src/cscwatch/data/map/districts.json.

    python scripts/build_map.py [SOURCE] [--tolerance 0.9]

The projection is equirectangular scaled by cos(52.5 deg), which is close enough for a country
the size of England; coordinates are rounded to whole units on a canvas 1000 units high.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "reference" / "la_boundaries.geojson"
TARGET = ROOT / "src" / "cscwatch" / "data" / "map" / "districts.json"
HEIGHT = 1000
LAT0 = math.radians(52.5)
ATTRIBUTION = (
    "District boundaries: ONS Open Geography (April 2023), via data-to-insight/"
    "ofsted-ilacs-scrape-tool. Contains public sector information licensed under the Open "
    "Government Licence v3.0. Contains OS data © Crown copyright and database right."
)

Point = tuple[float, float]


def perpendicular(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Keep the points that matter to within ``tolerance`` (iterative, so deep rings are fine)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, 0
        for i in range(first + 1, last):
            d = perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def project(lon: float, lat: float) -> Point:
    return lon * math.cos(LAT0), -lat


def rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def build(source: Path, tolerance: float) -> dict:
    features = [
        f
        for f in json.loads(source.read_text("utf-8"))["features"]
        if f["properties"]["LAD23CD"].startswith("E")
    ]
    projected = [
        (f["properties"], [[project(*pt[:2]) for pt in ring] for ring in rings(f["geometry"])])
        for f in features
    ]
    xs = [x for _, rs in projected for r in rs for x, _ in r]
    ys = [y for _, rs in projected for r in rs for _, y in r]
    scale = HEIGHT / (max(ys) - min(ys))
    x0, y0 = min(xs), min(ys)
    width = math.ceil((max(xs) - x0) * scale)

    districts = []
    for props, rs in projected:
        paths = []
        for ring in sorted(rs, key=len, reverse=True):
            pts = [((x - x0) * scale, (y - y0) * scale) for x, y in ring]
            simple = douglas_peucker(pts, tolerance)
            rounded = [(round(x), round(y)) for x, y in simple]
            rounded = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
            if len(rounded) < 4 and paths:
                continue  # a speck: drop it unless it is the district's only shape
            paths.append("M" + "L".join(f"{x} {y}" for x, y in rounded[:-1]) + "Z")
        districts.append(
            {"lad_code": props["LAD23CD"], "lad_name": props["LAD23NM"], "d": "".join(paths)}
        )
    districts.sort(key=lambda d: d["lad_code"])
    return {
        "attribution": ATTRIBUTION,
        "licence": "Open Government Licence v3.0",
        "source": "la_boundaries.geojson (LAD23), data-to-insight/ofsted-ilacs-scrape-tool",
        "projection": "equirectangular, x scaled by cos(52.5 deg); y down; 1000 units high",
        "tolerance": tolerance,
        "width": width,
        "height": HEIGHT,
        "districts": districts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE)
    parser.add_argument("--tolerance", type=float, default=0.9, help="in canvas units")
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    data = build(args.source, args.tolerance)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", "utf-8")
    print(
        f"{len(data['districts'])} districts, {args.out.stat().st_size / 1024:.0f} KB -> {args.out}"
    )


if __name__ == "__main__":
    main()
