"""The Annex A readiness report: one printable HTML document with inline SVG charts (no
script, no network), from the result of ``cscwatch.casework.api.readiness``."""

from __future__ import annotations

from typing import Any

from cscwatch.render import charts
from cscwatch.render.jinja import render


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
    """The report for ``result`` as one HTML document."""
    return render(
        "readiness.html.j2",
        r=result,
        indicator_value=charts.indicator_value,
        indicator_bar=charts.indicator_bar,
        indicator_trend=charts.indicator_trend,
        rules=_rule_groups(result["data_quality"]["findings"]),
    )
