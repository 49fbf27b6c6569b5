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


# On a date ------------------------------------------------------------------------------------
RECENT_DAYS = 365


def known_on(history: History, day: dt.date) -> History:
    """The history as it stood on ``day``: only the reports that had taken effect (published)
    on or before it, so that figures 'as of' a date use nothing published later."""
    reports = tuple(r for r in history.reports if r.date <= day)
    full = {
        la: kept
        for la, rs in history.full.items()
        if (kept := tuple(r for r in rs if r.date <= day))
    }
    by_council = {
        la: kept
        for la, rs in history.by_council.items()
        if (kept := tuple(r for r in rs if r.date <= day))
    }
    return History(
        reports=reports,
        full=full,
        by_council=by_council,
        undated=history.undated,
        _ordinals={la: tuple(r.date.toordinal() for r in rs) for la, rs in full.items()},
    )


def recent_rule(as_of: dt.date, days: int = RECENT_DAYS) -> str:
    start = as_of - dt.timedelta(days=days - 1)
    return (
        f"visits whose last day on site fell from {start.isoformat()} to {as_of.isoformat()} "
        f"({days} days) and whose letter was published on or before {as_of.isoformat()}; "
        "the grade at a visit is the overall grade of the council's most recent full "
        "inspection published on or before the visit's last day on site"
    )


def recent(
    history: History, as_of: dt.date, days: int = RECENT_DAYS, *, region: str | None = None
) -> dict[str, Any]:
    """The visits of the ``days`` days up to ``as_of`` (visit date in the window, letter
    published by ``as_of``), of England or of one ``region``: how many per focus (focused and
    monitoring counted apart), and the focused visits that set priority actions, newest
    first."""
    known = known_on(history, as_of)
    start = as_of - dt.timedelta(days=days - 1)
    codes = None
    if region is not None:
        codes = [c.la_code for c in reference.councils() if c.region == region]
    rows = [r for r in visit_list(known, codes, since=start) if _row_date(r) <= as_of]
    focused: Counter[str] = Counter()
    monitoring: Counter[str] = Counter()
    for r in rows:
        (focused if r["kind"] == FOCUSED_VISIT else monitoring)[r["focus"] or "other"] += 1
    by_focus = [
        {
            "focus": f,
            "label": VISIT_FOCUS_LABELS.get(f, f),
            "focused_visits": focused[f],
            "monitoring_visits": monitoring[f],
        }
        for f in VISIT_FOCUS
        if focused[f] or monitoring[f]
    ]
    priority = [r for r in rows if r["kind"] == FOCUSED_VISIT and r["priority_actions"]]
    priority.sort(key=lambda r: (_row_date(r), r["la_code"]), reverse=True)
    return {
        "as_of": as_of.isoformat(),
        "start": start.isoformat(),
        "days": days,
        "region": region,
        "rule": recent_rule(as_of, days),
        "visits": len(rows),
        "focused_visits": sum(focused.values()),
        "monitoring_visits": sum(monitoring.values()),
        "focused_with_priority_actions": len(priority),
        "by_focus": by_focus,
        "priority_actions": priority,
        "rows": rows,
    }


def _row_date(row: dict[str, Any]) -> dt.date:
    return parse_date(row["visit_end"]) or parse_date(row["published"]) or dt.date.min


def summary_on(history: History, as_of: dt.date) -> dict[str, Any]:
    """:func:`summary` over the reports published on or before ``as_of`` (the annual report's
    rule), with the date."""
    known = known_on(history, as_of)
    return {
        "as_of": as_of.isoformat(),
        **summary(known),
        "year_focus": year_focus_table(known),
        "rule": (
            f"visits whose letters were published on or before {as_of.isoformat()}, counted by "
            "the year of their last day on site; the grade at a visit is the overall grade of "
            "the council's most recent full inspection published on or before that day; the "
            "next inspection is the council's first full inspection ending after the visit and "
            f"published on or before {as_of.isoformat()}"
        ),
    }


def year_focus_table(history: History) -> dict[str, Any]:
    """:func:`by_year_and_focus` laid out by year: the focuses that occur (vocabulary order),
    and per year the focused visits per focus, the monitoring visits and the total."""
    counts = by_year_and_focus(history)
    present = {r["focus"] for r in counts if r["kind"] == FOCUSED_VISIT}
    focuses = [
        {"focus": f, "label": VISIT_FOCUS_LABELS.get(f, f)} for f in VISIT_FOCUS if f in present
    ]
    years: dict[int, dict[str, Any]] = {}
    for r in counts:
        row = years.setdefault(
            r["year"],
            {"year": r["year"], "focused": {f["focus"]: 0 for f in focuses}, "monitoring": 0},
        )
        if r["kind"] == FOCUSED_VISIT:
            row["focused"][r["focus"]] += r["visits"]
        elif r["kind"] == MONITORING_VISIT:
            row["monitoring"] += r["visits"]
    rows = [
        {**row, "total": sum(row["focused"].values()) + row["monitoring"]}
        for _, row in sorted(years.items())
    ]
    return {"focuses": focuses, "rows": rows}
