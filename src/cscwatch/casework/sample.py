"""Case sample: the children an inspector would likely pick for case tracking, with reasons
(which indicators and reasons: ``case_sample`` in indicators.yaml)."""

from __future__ import annotations

from typing import Any

from cscwatch.casework.indicators import Indicator
from cscwatch.casework.layout import indicator_config


def _children(ind: Indicator, which: str) -> list[str]:
    if which.startswith("sub:"):
        key = which.split(":", 1)[1]
        sub = next((s for s in ind.sub_measures if s["id"] == key), None)
        return sub["children"] if sub else []
    return getattr(ind, which)


def case_sample(indicators: list[Indicator], limit: int = 50) -> list[dict[str, Any]]:
    """Children with the most reasons first; each with its list of reasons."""
    by_id = {i.id: i for i in indicators}
    reasons: dict[str, list[str]] = {}
    for pick in indicator_config()["case_sample"]:
        ind = by_id.get(pick["indicator"])
        if ind is None or ind.value is None:
            continue
        for child in _children(ind, pick["children"]):
            reasons.setdefault(child, []).append(pick["reason"])
    ranked = sorted(reasons.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"child_id": c, "reasons": r} for c, r in ranked[:limit]]
