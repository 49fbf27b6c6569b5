"""The project's one chart kit: charts drawn as inline SVG (no script, no network), for the web
pages, the annual report and the readiness report. Each takes figures already computed and only
lays them out, in the one palette (:mod:`cscwatch.render.palette`). Text is escaped; every mark
has a <title>."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import Any

from markupsafe import Markup

from cscwatch.render import grades as g
from cscwatch.render.palette import ACCENT, COLOURS, FILL, ON_DARK
from cscwatch.vocabulary import (
    AREA_LABELS,
    FOCUSED_VISIT,
    GRADE_LABELS,
    GRADES,
    HEADLINE_AREAS,
    VISIT_FOCUS_LABELS,
)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def distribution(national: dict, areas: Sequence[str] = g.AREAS) -> Markup:
    """One stacked bar per area: the share of councils at each grade (of all councils)."""
    width, label_w, bar_h, gap = 720, 190, 30, 14
    plot_w = width - label_w - 10
    rows = [a for a in areas if a in national.get("areas", {})]
    height = len(rows) * (bar_h + gap) + 10
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="dist-title"><title id="dist-title">Councils by grade, as of '
        f"{_e(national.get('as_of'))}</title>",
    ]
    for i, area in enumerate(rows):
        figures = national["areas"][area]
        total = sum(int(figures.get(k) or 0) for k in g.WITH_NONE) or 1
        y = 5 + i * (bar_h + gap)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h / 2 + 5}" text-anchor="end" '
            f'class="chart-label">{_e(g.area_label(area))}</text>'
        )
        x = float(label_w)
        for grade in g.WITH_NONE:
            n = int(figures.get(grade) or 0)
            if not n:
                continue
            w = plot_w * n / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{FILL[grade]}" '
                f'stroke="#fff" stroke-width="1"><title>{_e(g.area_label(area))}: '
                f"{_e(g.label(grade))} {n} of {total}</title></rect>"
            )
            if w > 26:
                dark = grade in ("outstanding", "inadequate")
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar_h / 2 + 5}" text-anchor="middle" '
                    f'class="chart-value{" on-dark" if dark else ""}">{_e(g.short(grade))} {n}</text>'
                )
            x += w
    parts.append("</svg>")
    return Markup("".join(parts))


def _year_ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    years = list(range(start.year + (start.month > 1), end.year + 1))
    step = max(1, len(years) // 8)
    return [dt.date(y, 1, 1) for y in years[::step]]


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def trend(rows: Sequence[dict]) -> Markup:
    """Lines for the share of councils judged good or better and judged inadequate."""
    points = [r for r in rows if r.get("pct_good_or_better") is not None]
    if len(points) < 2:
        return Markup('<p class="govuk-body">Not enough inspections yet to draw a trend.</p>')
    width, height, left, right, top, bottom = 720, 300, 50, 20, 15, 40
    start, end = _as_date(points[0]["date"]), _as_date(points[-1]["date"])
    span = max((end - start).days, 1)

    def px(day: dt.date) -> float:
        return left + (width - left - right) * (day - start).days / span

    def py(pct: float) -> float:
        return top + (height - top - bottom) * (1 - float(pct) / 100)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="trend-title">'
        '<title id="trend-title">Share of councils judged good or better, and inadequate, '
        f"{_e(start.isoformat())} to {_e(end.isoformat())}</title>"
    ]
    for pct in range(0, 101, 20):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{py(pct):.1f}" y2="{py(pct):.1f}" '
            f'class="chart-grid"/><text x="{left - 6}" y="{py(pct) + 4:.1f}" text-anchor="end" '
            f'class="chart-axis">{pct}%</text>'
        )
    for tick in _year_ticks(start, end):
        parts.append(
            f'<text x="{px(tick):.1f}" y="{height - bottom + 20}" text-anchor="middle" '
            f'class="chart-axis">{tick.year}</text>'
        )
    for key, cls, name in (
        ("pct_good_or_better", "line-good", "Good or better"),
        ("pct_inadequate", "line-inadequate", "Inadequate"),
    ):
        pts = [(px(_as_date(r["date"])), py(r[key]), r) for r in points if r.get(key) is not None]
        if not pts:
            continue
        path = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y, _ in pts)
        parts.append(f'<path d="{path}" class="{cls}" fill="none"/>')
        for x, y, r in pts:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="{cls}-point">'
                f"<title>{_e(_as_date(r['date']).isoformat())}: {name} {float(r[key]):.1f}%"
                "</title></circle>"
            )
        last_x, last_y, last = pts[-1]
        parts.append(
            f'<text x="{min(last_x, width - right - 4):.1f}" y="{last_y - 8:.1f}" text-anchor="end" '
            f'class="chart-label {cls}-text">{name} {float(last[key]):.0f}%</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline(inspections: Sequence[dict], areas: Sequence[str] = g.AREAS) -> Markup:
    """A row per judgement area, a mark per inspection placed at its end date, labelled by grade."""
    dated = [i for i in inspections if i.get("inspection_end")]
    if not dated:
        return Markup(
            '<p class="govuk-body">No graded inspections are recorded for this council.</p>'
        )
    width, left, right, row_h, top = 960, 180, 30, 40, 10
    days = [_as_date(i["inspection_end"]) for i in dated]
    start = dt.date(min(days).year, 1, 1)
    end = dt.date(max(days).year + 1, 1, 1)
    span = (end - start).days
    visits = [(i, d) for i, d in zip(dated, days, strict=True) if i.get("visit")]
    height = top + row_h * (len(areas) + bool(visits)) + 30

    def px(day: dt.date) -> float:
        return left + (width - left - right) * (day - start).days / span

    parts = [
        f'<svg class="chart chart-wide" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="tl-title">'
        '<title id="tl-title">Judgements at each inspection</title>',
    ]
    for tick in _year_ticks(start, end):
        parts.append(
            f'<line x1="{px(tick):.1f}" x2="{px(tick):.1f}" y1="{top}" y2="{height - 30}" '
            f'class="chart-grid"/><text x="{px(tick):.1f}" y="{height - 10}" text-anchor="middle" '
            f'class="chart-axis">{tick.year}</text>'
        )
    for r, area in enumerate(areas):
        y = top + r * row_h + row_h / 2
        parts.append(
            f'<text x="{left - 10}" y="{y + 5}" text-anchor="end" class="chart-label">'
            f"{_e(g.area_label(area))}</text>"
        )
        for insp, day in zip(dated, days, strict=True):
            grade = insp.get(area)
            if not grade:
                continue
            x = px(day)
            dark = grade in ("outstanding", "inadequate")
            parts.append(
                f'<g><rect x="{x - 17:.1f}" y="{y - 14}" width="34" height="28" rx="4" '
                f'fill="{FILL.get(grade, FILL[None])}" stroke="#0b0c0c" stroke-width="1"/>'
                f'<text x="{x:.1f}" y="{y + 5}" text-anchor="middle" '
                f'class="chart-value{" on-dark" if dark else ""}">{_e(g.short(grade))}</text>'
                f"<title>{_e(g.area_label(area))}: {_e(g.label(grade))} "
                f"(inspection ended {_e(day.isoformat())})</title></g>"
            )
    if visits:
        parts.extend(_visit_marks(visits, px, left, top + len(areas) * row_h + row_h / 2))
    parts.append("</svg>")
    return Markup("".join(parts))


def visit_words(visit: dict) -> str:
    """A visit in words: 'Focused visit: children in care; 2 areas for priority action'."""
    focused = visit.get("kind") == FOCUSED_VISIT
    words = "Focused visit" if focused else "Monitoring visit"
    if not focused and visit.get("visit_number"):
        words = f"Monitoring visit {visit['visit_number']}"
    if visit.get("focus"):
        label = VISIT_FOCUS_LABELS.get(visit["focus"], visit["focus"])
        if label[1:2].islower():  # 'Children in care' reads 'children in care'; 'COVID-19' stays
            label = label[0].lower() + label[1:]
        words += ": " + label
    if focused:
        n = visit.get("priority_actions") or 0
        words += (
            "; no areas for priority action"
            if not n
            else f"; {n} area{'s' if n != 1 else ''} for priority action"
        )
    return words


def _visit_marks(visits: Sequence[tuple[dict, dt.date]], px: Any, left: int, y: float) -> list[str]:
    """The visits row of the timeline: a diamond per visit, lettered F (focused) or M
    (monitoring), with '!' beside a focused visit that set priority actions; no grade colour."""
    parts = [
        f'<text x="{left - 10}" y="{y + 5}" text-anchor="end" class="chart-label">'
        "Visits (no grade)</text>"
    ]
    dash = ' stroke-dasharray="3 2"'
    for visit, day in visits:
        x = px(day)
        letter = "F" if visit.get("kind") == FOCUSED_VISIT else "M"
        flagged = bool(visit.get("priority_actions"))
        parts.append(
            f'<g class="chart-visit"><path d="M{x:.1f} {y - 13} L{x + 13:.1f} {y} L{x:.1f} {y + 13} '
            f'L{x - 13:.1f} {y} Z" fill="#ffffff" stroke="#0b0c0c" stroke-width="1.5"'
            f"{dash if letter == 'M' else ''}/>"
            f'<text x="{x:.1f}" y="{y + 4}" text-anchor="middle" class="chart-value">{letter}</text>'
            + (
                f'<text x="{x + 15:.1f}" y="{y - 4}" class="chart-value">!</text>'
                if flagged
                else ""
            )
            + f"<title>{_e(visit_words(visit))} (visit ended {_e(day.isoformat())})</title></g>"
        )
    return parts


# The annual report ------------------------------------------------------------------------------


def _fmt_pct(v: float | None, digits: int = 0) -> str:
    return "–" if v is None else f"{v:.{digits}f}%"


def _svg_open(width: int, height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{label}" font-family="sans-serif" font-size="12">'
    )


def _percent_grid(x0: float, x1: float, y, step: int) -> list[str]:
    """Horizontal rules from x0 to x1 at 0%, step%, ... 100%, labelled on the left;
    ``y`` places a percentage (0-100) vertically."""
    return [
        f'<line x1="{x0}" x2="{x1}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
        f'stroke="#ddd"/><text x="{x0 - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v}%</text>'
        for v in range(0, 101, step)
    ]


def annual_distribution(result: dict, width: int = 760) -> str:
    """Horizontal stacked bars: each area's grade shares (of the councils with a grade)."""
    left, right, bar, gap, top = 170, 110, 26, 14, 34
    inner = width - left - right
    height = top + len(HEADLINE_AREAS) * (bar + gap) + 10
    parts = [_svg_open(width, height, f"Grade distribution on {result['as_of']}")]
    x = left
    for grade in GRADES:  # legend
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{FILL[grade]}"/>')
        parts.append(f'<text x="{x + 16}" y="16">{_e(GRADE_LABELS[grade])}</text>')
        x += 30 + 7 * len(GRADE_LABELS[grade])
    for i, area in enumerate(HEADLINE_AREAS):
        a = result["areas"][area]
        y = top + i * (bar + gap)
        parts.append(
            f'<text x="{left - 8}" y="{y + bar / 2 + 4}" text-anchor="end">'
            f"{_e(AREA_LABELS[area])}</text>"
        )
        x0 = float(left)
        if not a["graded"]:
            parts.append(
                f'<rect x="{left}" y="{y}" width="{inner}" height="{bar}" fill="#eee"/>'
                f'<text x="{left + 6}" y="{y + bar / 2 + 4}">no grades</text>'
            )
        for grade in GRADES:
            share = (a["percent"][grade] or 0) / 100
            w = inner * share
            if w <= 0:
                continue
            parts.append(
                f'<rect x="{x0:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{FILL[grade]}">'
                f"<title>{_e(GRADE_LABELS[grade])}: {a[grade]} ({_fmt_pct(a['percent'][grade], 1)})</title>"
                f"</rect>"
            )
            if w > 34:
                ink, halo = ("#fff", "#0b0c0c") if grade in ON_DARK else ("#0b0c0c", "#fff")
                parts.append(
                    f'<text x="{x0 + w / 2:.1f}" y="{y + bar / 2 + 4}" text-anchor="middle" '
                    f'fill="{ink}" stroke="{halo}" stroke-width="3" paint-order="stroke" '
                    f'font-weight="700">{_fmt_pct(a["percent"][grade])}</text>'
                )
            x0 += w
        parts.append(
            f'<text x="{left + inner + 8}" y="{y + bar / 2 + 4}" fill="#555">'
            f"{a['graded']} graded, {a['not_judged']} not judged, "
            f"{a.get('no_report', 0)} no report</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _x_scale(d0: dt.date, d1: dt.date, x0: float, x1: float):
    span = max((d1 - d0).days, 1)
    return lambda d: x0 + (x1 - x0) * (d - d0).days / span


def annual_trend(rows: list[dict], width: int = 760, height: int = 280) -> str:
    """Lines of the share good or better and the share inadequate over time (0-100%)."""
    left, right, top, bottom = 46, 20, 28, 30
    pts = [r for r in rows if r["pct_good_or_better"] is not None]
    parts = [_svg_open(width, height, "Share of councils good or better over time")]
    y = lambda v: top + (height - top - bottom) * (1 - v / 100)  # noqa: E731
    parts += _percent_grid(left, width - right, y, step=20)
    if pts:
        d0 = dt.date.fromisoformat(pts[0]["date"])
        d1 = dt.date.fromisoformat(pts[-1]["date"])
        x = _x_scale(d0, d1, left, width - right)
        for year in range(d0.year, d1.year + 1):
            jan = dt.date(year, 1, 1)
            if d0 <= jan <= d1:
                parts.append(
                    f'<line x1="{x(jan):.1f}" x2="{x(jan):.1f}" y1="{top}" '
                    f'y2="{height - bottom}" stroke="#eee"/>'
                    f'<text x="{x(jan):.1f}" y="{height - bottom + 16}" '
                    f'text-anchor="middle">{year}</text>'
                )
        for key, colour in (
            ("pct_good_or_better", COLOURS["outstanding"]),
            ("pct_inadequate", COLOURS["inadequate"]),
        ):
            line = " ".join(
                f"{x(dt.date.fromisoformat(r['date'])):.1f},{y(r[key]):.1f}" for r in pts
            )
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2.2"/>'
            )
            for r in pts:
                parts.append(
                    f'<circle cx="{x(dt.date.fromisoformat(r["date"])):.1f}" '
                    f'cy="{y(r[key]):.1f}" r="2.2" fill="{colour}"><title>{r["date"]}: '
                    f"{_fmt_pct(r[key], 1)} of {r['graded']} graded</title></circle>"
                )
        parts.append(
            f'<rect x="{left + 8}" y="8" width="12" height="3" fill="{COLOURS["outstanding"]}"/>'
            f'<text x="{left + 24}" y="14">Good or better</text>'
            f'<rect x="{left + 128}" y="8" width="12" height="3" fill="{COLOURS["inadequate"]}"/>'
            f'<text x="{left + 144}" y="14">Inadequate</text>'
        )
    else:
        parts.append(f'<text x="{left + 10}" y="{height / 2}">no grades in this period</text>')
    parts.append("</svg>")
    return "".join(parts)


def survival_curve(result: dict, width: int = 760, height: int = 300) -> str:
    """The Kaplan-Meier curve (share still inadequate against years) with its 95% band."""
    left, right, top, bottom = 46, 20, 28, 36
    curve = result["curve"]
    max_days = max([p["days"] for p in curve] + [365.0])
    years = max_days / 365.25
    xs = lambda d: left + (width - left - right) * d / max_days  # noqa: E731
    ys = lambda s: top + (height - top - bottom) * (1 - s)  # noqa: E731
    parts = [_svg_open(width, height, "Time from inadequate to improvement")]
    parts += _percent_grid(left, width - right, lambda v: ys(v / 100), step=25)
    for yr in range(0, int(years) + 1):
        d = yr * 365.25
        parts.append(
            f'<text x="{xs(d):.1f}" y="{height - bottom + 16}" text-anchor="middle">{yr}</text>'
        )
    parts.append(
        f'<text x="{(left + width - right) / 2}" y="{height - 4}" text-anchor="middle">'
        f"years since judged inadequate</text>"
    )
    if curve:
        upper, lower, line = [], [], []
        prev = None
        for p in curve:
            if prev is not None:  # step: hold the previous value until this time
                line.append(f"{xs(p['days']):.1f},{ys(prev['survival']):.1f}")
                upper.append(f"{xs(p['days']):.1f},{ys(prev['hi'] or 0):.1f}")
                lower.append(f"{xs(p['days']):.1f},{ys(prev['lo'] or 0):.1f}")
            line.append(f"{xs(p['days']):.1f},{ys(p['survival']):.1f}")
            upper.append(f"{xs(p['days']):.1f},{ys(p['hi'] or 0):.1f}")
            lower.append(f"{xs(p['days']):.1f},{ys(p['lo'] or 0):.1f}")
            prev = p
        band = " ".join(upper + lower[::-1])
        parts.append(f'<polygon points="{band}" fill="{COLOURS["inadequate"]}" opacity="0.15"/>')
        parts.append(
            f'<polyline points="{" ".join(line)}" fill="none" '
            f'stroke="{COLOURS["inadequate"]}" stroke-width="2.2"/>'
        )
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ys(0.5):.1f}" y2="{ys(0.5):.1f}" '
            f'stroke="#555" stroke-dasharray="4 3"/>'
        )
        if result.get("median_days") is not None:
            mx = xs(result["median_days"])
            parts.append(
                f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{ys(0.5):.1f}" y2="{ys(0):.1f}" '
                f'stroke="#555" stroke-dasharray="4 3"/><text x="{mx + 4:.1f}" '
                f'y="{ys(0.5) - 6:.1f}">median {result["median_days"]:.0f} days</text>'
            )
    else:
        parts.append(f'<text x="{left + 10}" y="{height / 2}">no inadequate spells</text>')
    parts.append("</svg>")
    return "".join(parts)


# The readiness report ---------------------------------------------------------------------------
def indicator_value(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "proportion":
        return f"{100 * value:.1f}%"
    return f"{value:,.1f}"


def indicator_bar(ind: dict[str, Any]) -> Markup:
    """A 160px bar for proportions, with a tick at the benchmark."""
    if ind["value"] is None or ind["unit"] != "proportion":
        return Markup("")
    w = 160
    svg = [
        f'<svg width="{w}" height="14" role="img" aria-label="{indicator_value(ind["value"], "proportion")}">',
        f'<rect width="{w}" height="14" fill="#eee"/>',
        f'<rect width="{ind["value"] * w:.1f}" height="14" fill="{ACCENT}"/>',
    ]
    bench = (ind.get("benchmark") or {}).get("value")
    if bench is not None:
        svg.append(f'<rect x="{bench * w - 1:.1f}" width="2" height="14" fill="#000"/>')
    return Markup("".join(svg) + "</svg>")


def indicator_trend(ind: dict[str, Any]) -> Markup:
    points = ind["by_month"]
    w, h, pad = 420, 90, 24
    step = (w - 2 * pad) / max(len(points) - 1, 1)
    top = max(max(p["value"] for p in points), 1e-9)
    xy = [
        (pad + i * step, h - pad - (p["value"] / top) * (h - 2 * pad)) for i, p in enumerate(points)
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    labels = "".join(
        f'<text x="{x:.1f}" y="{h - 6}" font-size="9" text-anchor="middle">{p["month"]}</text>'
        f'<text x="{x:.1f}" y="{y - 4:.1f}" font-size="9" text-anchor="middle">'
        f"{indicator_value(p['value'], ind['unit'])}</text>"
        for (x, y), p in zip(xy, points, strict=True)
    )
    return Markup(
        f'<svg width="{w}" height="{h}" role="img"><polyline fill="none" stroke="{ACCENT}" '
        f'stroke-width="2" points="{line}"/>{labels}</svg>'
    )
