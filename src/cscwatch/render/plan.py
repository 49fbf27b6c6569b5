"""The improvement board pack as one self-contained, printable HTML document (inline SVG, no
script, no network; one section per ask, each starting a new A4 page), as a PDF printed by
headless Chromium, as an XLSX workbook and as JSON. The figures are
:func:`cscwatch.plan.pack.pack`'s; this module only lays them out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from markupsafe import Markup, escape

from cscwatch.plan.pack import tables
from cscwatch.render import output
from cscwatch.render.annual import print_pdf as _print_pdf
from cscwatch.render.jinja import render
from cscwatch.render.palette import (
    ACCENT,
    STATUS_COLOURS,
    STATUS_ON_DARK,
    status_id,
    status_patterns,
)

__all__ = ["render_html", "print_pdf", "write_xlsx", "json_text"]


def value_text(value: Any, unit: str | None) -> str:
    """A measure's value for people: proportions as percentages, other numbers as typed."""
    if value is None:
        return "–"
    if unit == "proportion":
        return f"{100 * value:.1f}%"
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def status_bar(counts: dict[str, int], width: int = 180, height: int = 14) -> Markup:
    """A stacked bar of action statuses, filled with the status patterns."""
    total = sum(counts.values())
    words = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no actions"
    parts = [
        f'<svg class="bar" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(words)}"><rect width="{width}" height="{height}" fill="#f3f2f1"/>'
    ]
    x = 0.0
    for status, n in counts.items():
        if not n or not total:
            continue
        w = width * n / total
        parts.append(
            f'<rect x="{x:.1f}" width="{w:.1f}" height="{height}" '
            f'fill="url(#{status_id(status)})" stroke="#fff" stroke-width="1">'
            f"<title>{n} {escape(status)}</title></rect>"
        )
        x += w
    parts.append("</svg>")
    return Markup("".join(parts))


def trend_chart(measure: dict[str, Any], width: int = 200, height: int = 54) -> Markup:
    """The measure's figures pack by pack, with its target as a dashed line."""
    points = [p for p in measure["trend"] if p["value"] is not None]
    if not points:
        return Markup('<span class="muted">no figures yet</span>')
    values = [p["value"] for p in points]
    targets = [p["target"] for p in measure["trend"] if p["target"] is not None]
    lo, hi = min(values + targets), max(values + targets)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.15
    lo, hi = lo - pad, hi + pad
    left, right, top, bottom = 6, width - 6, 6, height - 14
    n = len(points)

    def px(i: int) -> float:
        return left + (right - left) * (i / (n - 1) if n > 1 else 0.5)

    def py(v: float) -> float:
        return bottom - (bottom - top) * (v - lo) / (hi - lo)

    unit = measure.get("unit")
    label = "; ".join(f"{p['pack_date']}: {value_text(p['value'], unit)}" for p in points)
    parts = [
        f'<svg class="trend" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    if measure["target"] is not None:
        y = py(measure["target"])
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#505a5f" '
            'stroke-dasharray="4 3"><title>target</title></line>'
        )
    if n > 1:
        path = " ".join(f"{px(i):.1f},{py(p['value']):.1f}" for i, p in enumerate(points))
        parts.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    for i, p in enumerate(points):
        fill = {True: "#00703c", False: "#d4351c"}.get(p["met"], "#505a5f")
        shape = (
            f'<circle cx="{px(i):.1f}" cy="{py(p["value"]):.1f}" r="3.5" fill="{fill}">'
            if p["met"] is not False
            else f'<rect x="{px(i) - 3.5:.1f}" y="{py(p["value"]) - 3.5:.1f}" width="7" '
            f'height="7" fill="{fill}">'
        )  # a square where the target was missed: not by colour alone
        end = "</circle>" if p["met"] is not False else "</rect>"
        parts.append(f"{shape}<title>{escape(p['pack_date'])}: "
                     f"{escape(value_text(p['value'], unit))}</title>{end}")  # fmt: skip
    first, last = points[0]["pack_date"], points[-1]["pack_date"]
    parts.append(
        f'<text x="{left}" y="{height - 2}" font-size="9" fill="#505a5f">{escape(first)}</text>'
    )
    if n > 1:
        parts.append(
            f'<text x="{right}" y="{height - 2}" font-size="9" fill="#505a5f" '
            f'text-anchor="end">{escape(last)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _tag(status: str) -> Markup:
    colour = STATUS_COLOURS.get(status, "#ffffff")
    ink = "#ffffff" if status in STATUS_ON_DARK else "#0b0c0c"
    return Markup(
        f'<strong class="tag" style="background:{colour};color:{ink}">{escape(status)}</strong>'
    )


def render_html(result: dict[str, Any]) -> str:
    """The board pack for ``result`` (:func:`cscwatch.plan.pack.pack`) as one HTML document."""
    themes = {t["theme"]: t for t in result["context"].get("themes", [])}
    return render(
        "plan_pack.html.j2",
        p=result,
        themes=themes,
        tag=_tag,
        status_bar=status_bar,
        trend_chart=trend_chart,
        value_text=value_text,
        status_patterns=status_patterns(),
        status_id=status_id,
        STATUS_COLOURS=STATUS_COLOURS,
    )


def print_pdf(html: str, path: str | Path, *, timeout: float = 120) -> Path:
    """The pack printed to PDF by headless Chromium (A4, one ask per page)."""
    return _print_pdf(html, path, timeout=timeout)


def write_xlsx(result: dict[str, Any], fh: IO[bytes]) -> None:
    """The pack as a workbook: sheets summary, asks, actions, measures and context."""
    day = dt.date.fromisoformat(result["as_of"]) if result.get("as_of") else None
    output.xlsx_sheets(tables(result), fh, created=day)


def json_text(result: dict[str, Any]) -> str:
    """The pack as the JSON document of docs/plan-pack.md."""
    return output.dumps(output.clean(result)) + "\n"


def default_name(result: dict[str, Any], fmt: str) -> str:
    council = (result["council"]["name"] or "plan").lower().replace(" ", "-")
    day = result["as_of"] or dt.date.today().isoformat()
    return f"board-pack-{council}-{day}.{fmt}"
