"""Charts drawn on the server as SVG, so they show without JavaScript. Each takes figures the
library already computed and only lays them out. Text is escaped; every mark has a <title>."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from cscwatch.web import grades as g


def fill(grade: str | None, prefix: str = "fill") -> str:
    return f"url(#{prefix}-{(grade or 'not_judged').replace('_', '-')})"


FILL = {grade: fill(grade) for grade in (*g.WITH_NONE, None)}


def patterns(prefix: str = "fill", scale: float = 1.0) -> Markup:
    """The grade fills. Colours stay apart for the common colour-vision deficiencies (blue
    against orange, dark against light); dots and stripes mark the two lowest grades so they
    differ in greyscale too. ``scale`` sizes the patterns for a drawing's units."""

    def n(v: float) -> str:
        return f"{v * scale:.3g}"

    def solid(name: str, colour: str) -> str:
        return (
            f'<pattern id="{prefix}-{name}" width="{n(8)}" height="{n(8)}" '
            f'patternUnits="userSpaceOnUse"><rect width="{n(8)}" height="{n(8)}" '
            f'fill="{colour}"/></pattern>'
        )

    return Markup(
        "<defs>"
        + solid("outstanding", "#003078")
        + solid("good", "#5694ca")
        + f'<pattern id="{prefix}-requires-improvement" width="{n(6)}" height="{n(6)}" '
        f'patternUnits="userSpaceOnUse"><rect width="{n(6)}" height="{n(6)}" fill="#f6a96b"/>'
        f'<circle cx="{n(3)}" cy="{n(3)}" r="{n(1.2)}" fill="#7a3a0b"/></pattern>'
        f'<pattern id="{prefix}-inadequate" width="{n(6)}" height="{n(6)}" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="{n(6)}" height="{n(6)}" fill="#942514"/>'
        f'<rect width="{n(2)}" height="{n(6)}" fill="#f3d2cd"/></pattern>'
        + solid("not-judged", "#dddddd")
        + solid("outside", "#f3f2f1")
        + "</defs>"
    )


PATTERNS = patterns()


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
    height = top + row_h * len(areas) + 30

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
    parts.append("</svg>")
    return Markup("".join(parts))
