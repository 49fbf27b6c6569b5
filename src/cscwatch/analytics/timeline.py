"""One council's story: every inspection and visit in order (its predecessors' included and
marked), the time between full inspections, the direction of travel, and where its statistical
neighbours stand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cscwatch import reference
from cscwatch.analytics.inspections import as_date, direction, previous
from cscwatch.registry.queries import History
from cscwatch.vocabulary import AREAS


def resolve(query_or_council: str | reference.Council) -> reference.Council:
    """The council meant by a name, close spelling, URN, LA code, ONS code or slug."""
    if isinstance(query_or_council, reference.Council):
        return query_or_council
    query = str(query_or_council).strip()
    council = reference.find(query) if query else None
    if council is None:
        close = reference.suggest(query, limit=5, cutoff=50) if query else []
        hint = f"; did you mean: {', '.join(c.name for c in close)}?" if close else ""
        raise LookupError(f"no council matches {query!r}{hint}")
    return council


def _ancestors(council: reference.Council) -> list[reference.Council]:
    out: list[reference.Council] = []
    todo = list(council.predecessors)
    while todo:
        code = todo.pop(0)
        c = reference.by_code().get(code)
        if c is not None and c not in out:
            out.append(c)
            todo.extend(c.predecessors)
    return out


def lineage_codes(council: reference.Council) -> list[str]:
    """The codes of the councils ``council`` replaced, directly or not (its own excluded)."""
    return [c.la_code for c in _ancestors(council)]


def _council(c: reference.Council) -> dict[str, Any]:
    return {
        "la_code": c.la_code,
        "name": c.name,
        "region": c.region,
        "urn": c.urn or None,
        "ons_code": c.ons_code or None,
        "start_date": c.start_date.isoformat() if c.start_date else None,
        "end_date": c.end_date.isoformat() if c.end_date else None,
    }


def _brief(code: str) -> dict[str, Any]:
    c = reference.by_code().get(code)
    return {"la_code": code, "name": c.name if c else None}


def _standing(hist: History, code: str, day: dt.date) -> dict[str, Any]:
    """A council's name, start date and the grades of its latest full inspection on ``day``."""
    c = reference.by_code().get(code)
    cur = hist.current(code, day) if c is not None else None
    return {
        **_brief(code),
        "start_date": c.start_date.isoformat() if c and c.start_date else None,
        "published": cur.published if cur else None,
        "inspection_end": cur.inspection_end if cur else None,
        **{a: cur.grade(a) if cur else None for a in AREAS},
        "no_report": cur is None,
    }


def la_timeline(
    history: History,
    query_or_council: str | reference.Council,
    *,
    as_of: dt.date | str | None = None,
    interventions: list[dict] | None = None,
) -> dict:
    """The council's inspections in order, with its neighbours' grades on ``as_of`` (today).

    ``days_since_previous`` is the number of days from the end of the previous full inspection
    (of this council, or of its single predecessor) to the end of this report's inspection;
    ``direction`` compares a full inspection's overall grade with the previous full inspection's.
    ``reports_held`` counts the registry's reports of the council itself (its predecessors'
    excluded): 0 for a council the registry has no report of, such as one abolished before the
    reports were collected. Each successor carries its current grade on ``as_of``.
    Focused and monitoring visits stand between the inspections, marked ``visit`` with their
    focus, priority actions and visit number; they never carry a grade. ``interventions``
    (rows of ``registry.queries.interventions``) adds the council's interventions, oldest first.
    Raises LookupError (with close matches) for an unknown council."""
    council = resolve(query_or_council)
    day = as_date(as_of)
    hist = history
    lineage = [council, *_ancestors(council)]
    reports = sorted(
        (r for c in lineage for r in hist.by_council.get(c.la_code, [])),
        key=lambda r: r.sort_key,
    )
    names = {c.la_code: c.name for c in lineage}
    inspections = []
    for r in reports:
        # For a visit: the full inspection in effect when it was published.
        prev = previous(hist, r) if r.full else hist.current(r.la_code, r.date)
        days = None
        if prev is not None and prev.inspection_end and r.inspection_end:
            days = (
                dt.date.fromisoformat(r.inspection_end) - dt.date.fromisoformat(prev.inspection_end)
            ).days
        entry: dict[str, Any] = {
            "la_code": r.la_code,
            "name": names.get(r.la_code),
            "source_file": r.source_file,
            "kind": r.kind,
            "framework": r.framework,
            "inspection_start": r.inspection_start,
            "inspection_end": r.inspection_end,
            "published": r.published,
            "published_estimated": r.estimated,
        }
        entry.update({a: r.grade(a) for a in AREAS})
        entry["cic_combined"] = r.cic_combined
        entry["days_since_previous"] = days
        entry["direction"] = (
            direction(prev.grade("overall"), r.grade("overall")) if r.full and prev else None
        )
        entry["predecessor"] = r.la_code != council.la_code
        entry["visit"] = r.visit
        entry["focus"] = r.focus
        entry["priority_actions"] = r.priority_actions
        entry["visit_number"] = r.visit_number
        inspections.append(entry)
    neighbours = []
    for code in council.stat_neighbours:
        c = reference.by_code().get(code)
        cur = hist.current(code, day) if c is not None else None
        neighbours.append(
            {
                "la_code": code,
                "name": c.name if c else None,
                "overall": cur.grade("overall") if cur else None,
                "published": cur.published if cur else None,
                "inspection_end": cur.inspection_end if cur else None,
                # No full inspection in effect in the registry (not the same as not judged).
                "no_report": cur is None,
            }
        )
    current = hist.current(council.la_code, day)
    return {
        "council": {
            **_council(council),
            "predecessors": [_brief(c) for c in council.predecessors],
            "successors": [_standing(hist, c, day) for c in council.successors],
        },
        "reports_held": len(hist.by_council.get(council.la_code, [])),
        "as_of": day.isoformat(),
        "current": {
            "overall": current.grade("overall") if current else None,
            "published": current.published if current else None,
            "inspection_end": current.inspection_end if current else None,
        },
        "inspections": inspections,
        "neighbours": neighbours,
        **(
            {}
            if interventions is None
            else {
                "interventions": sorted(
                    (
                        {k: i.get(k) for k in _INTERVENTION_KEYS}
                        for i in interventions
                        if i.get("la_code") in names
                    ),
                    key=lambda i: (i["date"] or "", i["source_file"] or "", i["page"] or 0),
                )
            }
        ),
    }


_INTERVENTION_KEYS = ("la_code", "kind", "detail", "date", "date_stated", "page", "source_file")
