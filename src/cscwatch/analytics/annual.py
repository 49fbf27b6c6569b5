"""The annual report: one self-contained, printable HTML document (and a PDF via headless
Chromium). Charts are inline SVG drawn here, so the report needs no script and no network."""

from __future__ import annotations

import datetime as dt
import html as htmlmod
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from cscwatch.analytics import asof, survival, transitions
from cscwatch.analytics.inspections import as_date
from cscwatch.registry.queries import History
from cscwatch.vocabulary import AREA_LABELS, GRADE_LABELS, GRADES, HEADLINE_AREAS

COLOURS = {
    "outstanding": "#1a7a3a",
    "good": "#7cc47f",
    "requires_improvement": "#f0a830",
    "inadequate": "#c8321e",
    "not_judged": "#c4c4c4",
}
TREND_START = dt.date(2014, 1, 1)  # the single inspection framework's first reports
CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _e(text: Any) -> str:
    return htmlmod.escape(str(text), quote=True)


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


def distribution_svg(result: dict, width: int = 760) -> str:
    """Horizontal stacked bars: each area's grade shares (of the councils with a grade)."""
    left, right, bar, gap, top = 170, 110, 26, 14, 34
    inner = width - left - right
    height = top + len(HEADLINE_AREAS) * (bar + gap) + 10
    parts = [_svg_open(width, height, f"Grade distribution on {result['as_of']}")]
    x = left
    for g in GRADES:  # legend
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{COLOURS[g]}"/>')
        parts.append(f'<text x="{x + 16}" y="16">{_e(GRADE_LABELS[g])}</text>')
        x += 30 + 7 * len(GRADE_LABELS[g])
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
        for g in GRADES:
            share = (a["percent"][g] or 0) / 100
            w = inner * share
            if w <= 0:
                continue
            parts.append(
                f'<rect x="{x0:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{COLOURS[g]}">'
                f"<title>{_e(GRADE_LABELS[g])}: {a[g]} ({_fmt_pct(a['percent'][g], 1)})</title>"
                f"</rect>"
            )
            if w > 34:
                fill = "#fff" if g in ("outstanding", "inadequate") else "#222"
                parts.append(
                    f'<text x="{x0 + w / 2:.1f}" y="{y + bar / 2 + 4}" text-anchor="middle" '
                    f'fill="{fill}">{_fmt_pct(a["percent"][g])}</text>'
                )
            x0 += w
        parts.append(
            f'<text x="{left + inner + 8}" y="{y + bar / 2 + 4}" fill="#555">'
            f"{a['graded']} graded, {a['not_judged']} not</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _x_scale(d0: dt.date, d1: dt.date, x0: float, x1: float):
    span = max((d1 - d0).days, 1)
    return lambda d: x0 + (x1 - x0) * (d - d0).days / span


def trend_svg(rows: list[dict], width: int = 760, height: int = 280) -> str:
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


def survival_svg(result: dict, width: int = 760, height: int = 300) -> str:
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


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("cscwatch.analytics", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = _fmt_pct
    env.filters["days_years"] = lambda d: (
        "–" if d is None else f"{d:.0f} days ({d / 365.25:.1f} years)"
    )
    return env


def report_data(history: History, as_of: dt.date | str) -> dict[str, Any]:
    """Everything the annual report shows, as plain data (the template only lays it out)."""
    day = as_date(as_of)
    nat = asof.national(history, day)
    change = asof.compare(history, day)
    start = min(TREND_START, day)
    trend = asof.trend(history, start, day, freq="QE")
    trans = transitions.transitions(history, "overall", as_of=day)
    ttl = survival.time_to_improve(history, day)
    return {
        "as_of": day.isoformat(),
        "generated": dt.date.today().isoformat(),
        "national": nat,
        "change": change,
        "regions": asof.by_region(history, day),
        "trend": trend,
        "transitions": trans,
        "transition_rows": list(
            zip(
                trans["grades"],
                trans["matrix"],
                trans["row_percent"],
                strict=True,
            )
        ),
        "survival": ttl,
        "rule": asof.rule(day),
        "grades": GRADES,
        "areas": HEADLINE_AREAS,
        "area_labels": AREA_LABELS,
        "grade_labels": GRADE_LABELS,
        "colours": COLOURS,
    }


def annual_report(history: History, as_of: dt.date | str) -> str:
    """The annual report on ``as_of`` as one self-contained HTML document."""
    data = report_data(history, as_of)
    charts = {
        "distribution": Markup(distribution_svg(data["national"])),
        "trend": Markup(trend_svg(data["trend"])),
        "survival": Markup(survival_svg(data["survival"])),
    }
    return _env().get_template("annual.html.j2").render(**data, charts=charts)


def find_chromium() -> str | None:
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def annual_report_pdf(html: str, path: str | Path, *, timeout: float = 120) -> Path:
    """Print ``html`` to a PDF at ``path`` with headless Chromium (nothing is fetched)."""
    exe = find_chromium()
    if exe is None:
        raise RuntimeError(
            "Chromium was not found (looked for chromium, chromium-browser, google-chrome): "
            "install it (e.g. `apt-get install chromium`) or open the HTML report in a browser "
            "and print it to PDF."
        )
    path = Path(path).resolve()
    with tempfile.TemporaryDirectory(prefix="cscwatch-annual-") as tmp:
        src = Path(tmp) / "annual.html"
        src.write_text(html, encoding="utf-8")
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={path}",
            src.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"Chromium did not finish printing within {timeout:.0f}s") from exc
    if proc.returncode != 0 or not path.exists() or path.stat().st_size == 0:
        raise RuntimeError(f"Chromium could not print the report: {proc.stderr.strip()[-500:]}")
    return path
