"""The choropleth of England: district polygons (shipped in data/map) coloured by the grade of
the council that runs children's services there (data/districts.csv)."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources

from markupsafe import Markup

from cscwatch import reference
from cscwatch.render import grades as g
from cscwatch.render.palette import fill, patterns

_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class District:
    lad_code: str
    lad_name: str
    la_code: str
    d: str
    box: tuple[float, float, float, float]  # min x, min y, max x, max y


@dataclass(frozen=True)
class Geometry:
    width: int
    height: int
    attribution: str
    districts: tuple[District, ...]


def _box(d: str) -> tuple[float, float, float, float]:
    nums = [float(n) for n in _NUMBERS.findall(d)]
    xs, ys = nums[0::2], nums[1::2]
    return min(xs), min(ys), max(xs), max(ys)


@cache
def geometry() -> Geometry:
    data = resources.files("cscwatch.data")
    shapes = json.loads(data.joinpath("map/districts.json").read_text("utf-8"))
    rows = csv.DictReader(data.joinpath("districts.csv").read_text("utf-8").splitlines())
    serving = {r["lad_code"]: r["la_code"] for r in rows}
    districts = tuple(
        District(s["lad_code"], s["lad_name"], serving.get(s["lad_code"], ""), s["d"], _box(s["d"]))
        for s in shapes["districts"]
    )
    return Geometry(shapes["width"], shapes["height"], shapes["attribution"], districts)


def district_rows(grades_by_code: dict[str, dict], area: str = "overall") -> list[dict]:
    """One row per district: the council serving it and that council's grade (for the CSV)."""
    out = []
    for d in geometry().districts:
        council = reference.by_code().get(d.la_code)
        row = grades_by_code.get(d.la_code, {})
        out.append(
            {
                "lad_code": d.lad_code,
                "lad_name": d.lad_name,
                "la_code": d.la_code,
                "council": council.name if council else "",
                "region": council.region if council else "",
                "grade": row.get(area),
            }
        )
    return out


def _view_box(districts: list[District], geo: Geometry) -> str:
    if not districts:
        return f"0 0 {geo.width} {geo.height}"
    x0 = min(d.box[0] for d in districts)
    y0 = min(d.box[1] for d in districts)
    x1 = max(d.box[2] for d in districts)
    y1 = max(d.box[3] for d in districts)
    pad = max(x1 - x0, y1 - y0) * 0.03
    return f"{x0 - pad:.0f} {y0 - pad:.0f} {x1 - x0 + 2 * pad:.0f} {y1 - y0 + 2 * pad:.0f}"


def choropleth(
    grades_by_code: dict[str, dict],
    *,
    as_of: str,
    region: str | None = None,
    area: str = "overall",
) -> Markup:
    """Inline SVG; each district has a <title> naming the district, its council and the grade.
    With a region, the map zooms to it and other districts are drawn plain."""
    geo = geometry()
    by_code = reference.by_code()
    inside = [
        d
        for d in geo.districts
        if region is None or (d.la_code in by_code and by_code[d.la_code].region == region)
    ]
    scope = f" in {region}" if region else ""
    view_box = _view_box(inside, geo)
    scale = float(view_box.split()[2]) / 560  # patterns sized for the map as drawn
    parts = [
        f'<svg class="map" viewBox="{view_box}" role="img" '
        'aria-labelledby="map-title map-desc" preserveAspectRatio="xMidYMid meet">'
        f'<title id="map-title">Map of England{escape(scope)}: {escape(g.area_label(area))} '
        f"grade of the council serving each district, as of {escape(as_of)}</title>"
        '<desc id="map-desc">Districts are coloured by the grade of the council that runs '
        "children's services there. The same figures are in the table of councils.</desc>",
        patterns("map", scale),
    ]
    chosen = {d.lad_code for d in inside}
    for d in geo.districts:
        council = by_code.get(d.la_code)
        name = council.name if council else "unknown council"
        if d.lad_code not in chosen:
            parts.append(f'<path d="{d.d}" fill="url(#map-outside)" class="outside"/>')
            continue
        row = grades_by_code.get(d.la_code, {})
        grade = row.get(area)
        if grade is None and not row.get("source_file"):  # no full inspection in the registry
            grade = "no_report"
        tip = f"{d.lad_name} ({name}): {g.label(grade)}"
        href = f"/la/{council.slug}" if council else "#"
        parts.append(
            f'<a href="{escape(href)}" tabindex="-1"><path d="{d.d}" fill="{fill(grade, "map")}" '
            f'class="district {g.css(grade)}" data-la="{escape(d.la_code)}">'
            f"<title>{escape(tip)}</title></path></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
