"""Case sample: the children an inspector would likely pick for case tracking, with reasons."""

from __future__ import annotations

from typing import Any

from cscwatch.casework.indicators import Indicator

# indicator id -> (which children, reason shown)
SAMPLE_REASONS: list[tuple[str, str, str]] = [
    ("IR-05", "children", "assessment open beyond 45 working days"),
    ("IR-11", "children", "child in need not seen within the visiting standard"),
    ("IR-12", "exceptions", "child protection visit outside timescale"),
    ("IR-13", "exceptions", "not recorded as seen alone at the last CP visit"),
    ("IR-15", "sub:b", "child protection plan open for two years or more"),
    ("IR-16", "children", "second or subsequent child protection plan"),
    ("IR-18", "exceptions", "child in care: statutory visit overdue"),
    ("IR-21", "children", "three or more placements in 12 months"),
    ("IR-29", "exceptions", "care leaver not in touch"),
    ("IR-35", "children", "open case with no allocated worker"),
]


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
    for ind_id, which, text in SAMPLE_REASONS:
        ind = by_id.get(ind_id)
        if ind is None or ind.value is None:
            continue
        for child in _children(ind, which):
            reasons.setdefault(child, []).append(text)
    ranked = sorted(reasons.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"child_id": c, "reasons": r} for c, r in ranked[:limit]]
