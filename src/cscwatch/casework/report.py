"""One printable HTML readiness report with offline charts (inline SVG, no scripts)."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, select_autoescape

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Annex A readiness at {{ r.as_of }}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}
table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 6px;
font-size:13px;text-align:left;vertical-align:top}th{background:#f2f2f2}
.better{color:#1a7f37}.worse{color:#b42318}.small{color:#8a6d00}.muted{color:#777}
h2{border-bottom:2px solid #333;padding-bottom:2px;margin-top:1.6em}
@media print{body{margin:0}h2{page-break-after:avoid}table{page-break-inside:auto}}
</style></head><body>
<h1>Annex A readiness</h1>
<p>Reference date <b>{{ r.as_of }}</b>{% if r.meta.as_of_inferred %} (inferred from the latest event
date){% endif %} &middot; {{ r.meta.rows }} rows read from {{ r.meta.lists|length }} lists
{% if r.meta.pseudonymised %}&middot; child identifiers pseudonymised{% endif %}.
Synthetic or local data only; nothing here leaves this computer unless you send it.</p>

<h2>Headline indicators against national benchmarks</h2>
<table><tr><th>Indicator</th><th>Value</th><th>Chart</th><th>Numerator / denominator</th>
<th>Benchmark</th><th>Status</th></tr>
{% for i in r.indicators %}<tr>
<td><b>{{ i.id }}</b> {{ i.name }}<br><span class="muted">{{ i.direction }} is better &middot;
counts {{ i.counts }} &middot; {{ i.window.name }}</span></td>
<td>{{ fmt(i.value, i.unit) }}{% if i.small_number %} <span class="small">(small number)</span>{% endif %}</td>
<td>{{ bar(i)|safe }}</td>
<td>{% if i.value is none %}<span class="muted">{{ i.reason }}</span>{% else %}{{ i.numerator }} / {{ i.denominator }}{% endif %}</td>
<td>{% if i.benchmark and i.benchmark.value is not none %}{{ fmt(i.benchmark.value, i.unit) }}
({{ i.benchmark.period }}{% if not i.benchmark.verified %}, unverified{% endif %})<br>
<span class="muted">{{ i.benchmark.source }}</span>{% else %}<span class="muted">none</span>{% endif %}</td>
<td class="{{ i.status }}">{{ i.status.replace('_', ' ') }}</td></tr>{% endfor %}
</table>

<h2>Trends by month within the window</h2>
{% for i in r.indicators if i.by_month|length > 1 %}
<p><b>{{ i.id }}</b> {{ i.name }}<br>{{ trend(i)|safe }}</p>
{% else %}<p class="muted">No event-based indicator has more than one month of data.</p>{% endfor %}

<h2>Data quality</h2>
<p>{{ r.data_quality.errors }} errors, {{ r.data_quality.warnings }} warnings,
{{ r.data_quality.info }} notes.</p>
<table><tr><th>Rule</th><th>Severity</th><th>Findings</th><th>First message</th></tr>
{% for g in rules %}<tr><td>{{ g.rule }}</td><td>{{ g.severity }}</td><td>{{ g.count }}</td>
<td>{{ g.message }}</td></tr>{% endfor %}</table>

<h2>Case sample</h2>
<p>Children an inspector would be likely to pick for case tracking, most reasons first.</p>
<table><tr><th>Child</th><th>Reasons</th></tr>
{% for s in r.case_sample %}<tr><td>{{ s.child_id }}</td><td>{{ s.reasons|join('; ') }}</td></tr>
{% else %}<tr><td colspan="2" class="muted">No child met a sampling reason.</td></tr>{% endfor %}
</table>
</body></html>
"""


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "proportion":
        return f"{100 * value:.1f}%"
    return f"{value:,.1f}"


def bar(ind: dict[str, Any]) -> str:
    """A 160px bar for proportions, with a tick at the benchmark."""
    if ind["value"] is None or ind["unit"] != "proportion":
        return ""
    w = 160
    svg = [
        f'<svg width="{w}" height="14" role="img" aria-label="{fmt(ind["value"], "proportion")}">',
        f'<rect width="{w}" height="14" fill="#eee"/>',
        f'<rect width="{ind["value"] * w:.1f}" height="14" fill="#4a78b5"/>',
    ]
    bench = (ind.get("benchmark") or {}).get("value")
    if bench is not None:
        svg.append(f'<rect x="{bench * w - 1:.1f}" width="2" height="14" fill="#000"/>')
    return "".join(svg) + "</svg>"


def trend(ind: dict[str, Any]) -> str:
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
        f"{fmt(p['value'], ind['unit'])}</text>"
        for (x, y), p in zip(xy, points, strict=True)
    )
    return (
        f'<svg width="{w}" height="{h}" role="img"><polyline fill="none" stroke="#4a78b5" '
        f'stroke-width="2" points="{line}"/>{labels}</svg>'
    )


def _rule_groups(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for f in findings:
        g = groups.setdefault(
            f["rule"],
            {"rule": f["rule"], "severity": f["severity"], "count": 0, "message": f["message"]},
        )
        g["count"] += 1
    return list(groups.values())


def render_html(result: dict[str, Any]) -> str:
    env = Environment(autoescape=select_autoescape(default=True))
    template = env.from_string(TEMPLATE)
    return template.render(
        r=result,
        fmt=fmt,
        bar=bar,
        trend=trend,
        rules=_rule_groups(result["data_quality"]["findings"]),
    )
