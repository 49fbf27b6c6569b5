"""Visits between inspections: focused visits (ILACS, 2018 on) and monitoring visits of councils
judged inadequate. Visits never change a grade (docs/analytics.md); these functions ask what
the visits found and how they sit between full inspections.

Every function takes the :class:`~cscwatch.registry.queries.History` from
``registry.queries.load_history`` and returns plain data (lists and dicts of numbers, strings
and ISO dates) for the CLI, the web pages and the annual report.

Rules:
- A visit's date is the last day on site (``inspection_end``), else the date it took effect.
- The council's grade at a visit is the overall grade of its most recent full inspection that
  had taken effect on that date (the rule of ``analytics.asof``); None where there was none.
- The next full inspection after a visit is the council's first full inspection whose on-site
  end date (else publication) falls after the visit's date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from cscwatch import reference
from cscwatch.registry.queries import History, Report, parse_date
from cscwatch.vocabulary import (
    FOCUSED_VISIT,
    GRADES,
    MONITORING_VISIT,
    VISIT_FOCUS,
    VISIT_FOCUS_LABELS,
)

NO_GRADE = "none"  # the council had no full inspection in effect on the visit's date


def visit_date(r: Report) -> dt.date:
    return parse_date(r.inspection_end) or r.date


def _done(r: Report) -> dt.date:
    """When a full inspection happened: its last day on site, else its date."""
    return parse_date(r.inspection_end) or r.date


def grade_at(history: History, r: Report) -> str | None:
    """The council's overall grade in effect on the visit's date."""
    current = history.current(r.la_code, visit_date(r))
    return current.grade("overall") if current else None


def next_full(history: History, r: Report) -> Report | None:
    """The council's first full inspection after the visit."""
    day = visit_date(r)
    return next((f for f in history.full.get(r.la_code, ()) if _done(f) > day), None)


def _selected(
    history: History,
    la_codes: Iterable[str] | None = None,
    *,
    kind: str | None = None,
    priority_actions: bool = False,
    since: dt.date | None = None,
) -> list[Report]:
    codes = set(la_codes) if la_codes is not None else None
    out = []
    for r in history.visits:
        if codes is not None and r.la_code not in codes:
            continue
        if kind is not None and r.kind != kind:
            continue
        if priority_actions and not r.priority_actions:
            continue
        if since is not None and visit_date(r) < since:
            continue
        out.append(r)
    return out


def visit_list(
    history: History,
    la_codes: Iterable[str] | None = None,
    *,
    kind: str | None = None,
    priority_actions: bool = False,
    since: dt.date | None = None,
) -> list[dict[str, Any]]:
    """One row per visit, oldest first: council, kind, dates, focus, priority actions, visit
    number, the grade in effect at the visit and the grade of the next full inspection.
    ``priority_actions`` keeps only focused visits that set some."""
    names = {c.la_code: c.name for c in reference.councils()}
    rows = []
    for r in _selected(
        history, la_codes, kind=kind, priority_actions=priority_actions, since=since
    ):
        nxt = next_full(history, r)
        rows.append(
            {
                "la_code": r.la_code,
                "name": names.get(r.la_code),
                "kind": r.kind,
                "visit_start": r.inspection_start,
                "visit_end": r.inspection_end,
                "published": r.published,
                "focus": r.focus,
                "priority_actions": r.priority_actions,
                "visit_number": r.visit_number,
                "grade_at_visit": grade_at(history, r),
                "next_inspection_end": nxt.inspection_end if nxt else None,
                "next_overall": nxt.grade("overall") if nxt else None,
                "source_file": r.source_file,
            }
        )
    return rows


def by_year_and_focus(history: History, since: dt.date | None = None) -> list[dict[str, Any]]:
    """Visits per year (of the visit's date), kind and focus: year, kind, focus, label, visits."""
    counts: Counter[tuple[int, str, str]] = Counter()
    for r in _selected(history, since=since):
        counts[(visit_date(r).year, r.kind or "", r.focus or "other")] += 1
    order = {f: i for i, f in enumerate(VISIT_FOCUS)}
    return [
        {
            "year": year,
            "kind": kind,
            "focus": focus,
            "label": VISIT_FOCUS_LABELS.get(focus, focus),
            "visits": n,
        }
        for (year, kind, focus), n in sorted(
            counts.items(), key=lambda kv: (kv[0][0], kv[0][1], order.get(kv[0][2], 99))
        )
    ]


def priority_share_by_grade(history: History, since: dt.date | None = None) -> list[dict]:
    """For focused visits, by the council's overall grade at the visit: visits, visits that
    set priority actions, and their share (percent, unrounded; None for no visits)."""
    visits: Counter[str] = Counter()
    with_pa: Counter[str] = Counter()
    for r in _selected(history, kind=FOCUSED_VISIT, since=since):
        g = grade_at(history, r) or NO_GRADE
        visits[g] += 1
        with_pa[g] += bool(r.priority_actions)
    rows = []
    for g in (*GRADES, NO_GRADE):
        n = visits[g]
        rows.append(
            {
                "grade_at_visit": g,
                "focused_visits": n,
                "with_priority_actions": with_pa[g],
                "share_pct": 100.0 * with_pa[g] / n if n else None,
            }
        )
    return rows


def next_grade_after_focused(history: History) -> dict[str, dict[str, Any]]:
    """The overall grade of the next full inspection after a focused visit, for visits that set
    priority actions against those that did not: {'with_priority_actions': {...},
    'without_priority_actions': {...}}, each with counts per grade, 'not_yet_inspected' and
    'visits'. A council inspected once after two visits counts once per visit."""
    out: dict[str, dict[str, Any]] = {}
    for key in ("with_priority_actions", "without_priority_actions"):
        out[key] = {g: 0 for g in GRADES} | {"not_judged": 0, "not_yet_inspected": 0, "visits": 0}
    for r in _selected(history, kind=FOCUSED_VISIT):
        group = out["with_priority_actions" if r.priority_actions else "without_priority_actions"]
        group["visits"] += 1
        nxt = next_full(history, r)
        if nxt is None:
            group["not_yet_inspected"] += 1
        else:
            group[nxt.grade("overall") or "not_judged"] += 1
    return out


def monitoring_after_inadequate(history: History) -> list[dict[str, Any]]:
    """For each full inspection judged inadequate overall: the monitoring visits before the
    council's next full inspection, and the days from the inadequate report taking effect to
    the first monitoring visit's end (None where there was none)."""
    monitoring: dict[str, list[Report]] = defaultdict(list)
    for r in history.visits:
        if r.kind == MONITORING_VISIT:
            monitoring[r.la_code].append(r)
    names = {c.la_code: c.name for c in reference.councils()}
    rows = []
    for la, seq in history.full.items():
        for i, insp in enumerate(seq):
            if insp.grade("overall") != "inadequate":
                continue
            nxt = seq[i + 1] if i + 1 < len(seq) else None
            start = insp.date
            end = _done(nxt) if nxt else None
            visits = [
                v
                for v in monitoring.get(la, [])
                if visit_date(v) >= start and (end is None or visit_date(v) < end)
            ]
            first = visits[0] if visits else None
            rows.append(
                {
                    "la_code": la,
                    "name": names.get(la),
                    "inadequate_published": insp.published,
                    "inadequate_inspection_end": insp.inspection_end,
                    "monitoring_visits": len(visits),
                    "first_visit_end": first.inspection_end if first else None,
                    "days_to_first_visit": (visit_date(first) - start).days if first else None,
                    "next_inspection_end": nxt.inspection_end if nxt else None,
                    "next_overall": nxt.grade("overall") if nxt else None,
                }
            )
    return sorted(rows, key=lambda r: (r["inadequate_published"] or "", r["la_code"]))


def summary(history: History, since: dt.date | None = None) -> dict[str, Any]:
    """Every visit analytic at once (for the annual report and the web pages)."""
    after = monitoring_after_inadequate(history)
    waits = [r["days_to_first_visit"] for r in after if r["days_to_first_visit"] is not None]
    return {
        "visits": len(_selected(history, since=since)),
        "focused_visits": len(_selected(history, kind=FOCUSED_VISIT, since=since)),
        "monitoring_visits": len(_selected(history, kind=MONITORING_VISIT, since=since)),
        "by_year_and_focus": by_year_and_focus(history, since),
        "priority_share_by_grade": priority_share_by_grade(history, since),
        "next_grade_after_focused": next_grade_after_focused(history),
        "monitoring_after_inadequate": after,
        "median_days_to_first_monitoring_visit": _median(waits),
    }


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return float(s[mid]) if len(s) % 2 else (s[mid - 1] + s[mid]) / 2
