"""The national picture on any date: who was rated what, per area, per region, over time.

The rule (docs/analytics.md): a council's grade on date D is the grade of its most recent full
inspection (SIF or ILACS) published on or before D; where the publication date is unknown the
inspection end date stands in, and the output says how many such cases there were. Monitoring and
focused visits do not change a grade. The same rule holds per area. Where the most recent
inspection made no judgement in an area, the council is "not judged" there on D, never filled
from an older inspection. Councils count only while they exist. Percentages are of the councils
with a grade on D and are not rounded here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cscwatch import reference
from cscwatch.analytics.inspections import as_date, picture
from cscwatch.registry.queries import History, Report
from cscwatch.vocabulary import (
    AREAS,
    FRAMEWORKS,
    GOOD_OR_BETTER,
    GRADES,
    HEADLINE_AREAS,
    NO_REPORT,
    NOT_JUDGED,
)

RULE = (
    "A council's grade on {day} is the grade of its most recent full inspection (SIF or ILACS) "
    "published on or before {day}; where the publication date is unknown, the inspection end "
    "date stands in. Monitoring visits, focused visits and joint targeted area inspections do "
    "not change a grade. The same rule holds for each area judgement; where the most recent "
    "inspection made no judgement in an area, the council is counted as not judged there, never "
    "filled from an older inspection; a council with no full inspection in effect in the registry "
    "is counted apart, as no report. Councils count only while they exist. Percentages are of "
    "the councils with a grade."
)


def rule(day: dt.date | str) -> str:
    return RULE.format(day=as_date(day).isoformat())


def _pct(n: int, d: int) -> float | None:
    return 100.0 * n / d if d else None


def _regions() -> list[str]:
    return sorted({c.region for c in reference.councils() if c.region})


def _region(region: str | None) -> str | None:
    if region is None:
        return None
    for r in _regions():
        if r.lower() == region.strip().lower():
            return r
    raise ValueError(f"unknown region {region!r}; regions are: {', '.join(_regions())}")


def _entry(council: reference.Council, insp: Report | None) -> dict[str, Any]:
    return {
        "la_code": council.la_code,
        "name": council.name,
        "inspection_end": insp.inspection_end if insp else None,
        "published": insp.published if insp else None,
        "published_estimated": bool(insp and insp.estimated),
    }


def _picture(history: History, day: dt.date, region: str | None = None):
    pic = picture(history, day)
    if region is not None:
        pic = [(c, r) for c, r in pic if c.region == region]
    return pic


def _area(pic, area: str) -> dict[str, Any]:
    lists: dict[str, list] = {g: [] for g in (*GRADES, NOT_JUDGED, NO_REPORT)}
    for council, insp in pic:
        key = NO_REPORT if insp is None else (insp.grade(area) or NOT_JUDGED)
        lists[key].append(_entry(council, insp))
    for v in lists.values():
        v.sort(key=lambda e: (e["name"], e["la_code"]))
    graded = sum(len(lists[g]) for g in GRADES)
    out: dict[str, Any] = {g: len(lists[g]) for g in GRADES}
    out[NOT_JUDGED] = len(lists[NOT_JUDGED])
    out[NO_REPORT] = len(lists[NO_REPORT])
    out["graded"] = graded
    out["percent"] = {g: _pct(len(lists[g]), graded) for g in GRADES}
    out["councils"] = lists
    return out


def national(history: History, as_of: dt.date | str, *, region: str | None = None) -> dict:
    """The picture on ``as_of``: per area, the count, percentage and named list per grade."""
    day = as_date(as_of)
    region = _region(region)
    pic = _picture(history, day, region)
    current = [r for _, r in pic if r is not None]
    out: dict[str, Any] = {
        "as_of": day.isoformat(),
        "councils": len(pic),
        "areas": {a: _area(pic, a) for a in HEADLINE_AREAS},
        "inspected": len(current),
        "published_estimated": sum(r.estimated for r in current),
        "registry_councils": len(history.councils_with_reports),
        "coverage": coverage(history, day, pic),
        "rule": rule(day),
    }
    if region is not None:
        out["region"] = region
    return out


def coverage(history: History, day: dt.date | str, pic=None) -> dict[str, Any]:
    """Who has no grade on ``day`` and why: ``no_report`` councils (existing on ``day``, no full
    inspection in effect in the registry) split into ``not_in_registry`` (the registry holds no
    full inspection of the council at any date: it is partial) and ``not_yet_inspected`` (its
    first full inspection in the registry came after ``day``); ``notes`` says in words what
    that means for the percentages (none when every council has a grade)."""
    day = as_date(day)
    pic = _picture(history, day) if pic is None else pic
    missing = [c for c, r in pic if r is None]
    never = [c for c in missing if not history.full.get(c.la_code)]
    later = len(missing) - len(never)
    frameworks = [
        {"id": k, "label": label, "start": start.isoformat()}
        for k, (label, start) in FRAMEWORKS.items()
    ]
    first_id, (first_label, first_start) = next(iter(FRAMEWORKS.items()))
    notes: list[str] = []
    if day < first_start:
        notes.append(
            f"No full inspection under the {first_label} ({first_id}, from "
            f"{first_start.isoformat()}) had been published by {day.isoformat()}: grades from "
            "earlier inspections are a different framework, not comparable and not counted."
        )
    elif later:
        since = " or ".join(
            f"the {k} (from {s.isoformat()})" for k, (_, s) in FRAMEWORKS.items() if s <= day
        )
        notes.append(
            f"On {day.isoformat()}, {later} of the {len(pic)} councils had not yet had a full "
            f"inspection under {since}, so have no grade; grades from inspections before "
            f"{first_start.isoformat()} are a different framework, not comparable and not counted."
        )
    if never:
        notes.append(
            f"The registry holds no full inspection of {len(never)} of the {len(pic)} councils "
            f"that exist on {day.isoformat()} (no report): percentages describe only the "
            f"{len(pic) - len(missing)} councils with a full inspection in effect in this "
            f"registry, not of all {len(pic)}."
        )
    return {
        "councils": len(pic),
        "inspected": len(pic) - len(missing),
        NO_REPORT: len(missing),
        "not_in_registry": len(never),
        "not_yet_inspected": later,
        "partial": bool(never),
        "frameworks": frameworks,
        "notes": notes,
    }


GRADE_ON_COLUMNS = (
    "la_code",
    "name",
    "region",
    "source_file",
    "framework",
    "inspection_start",
    "inspection_end",
    "published",
    "published_estimated",
    *AREAS,
)


def grade_on(history: History, as_of: dt.date | str) -> list[dict[str, Any]]:
    """One row per council that exists on ``as_of`` with its current full inspection and grades
    (all None where it has none yet): the keys of GRADE_ON_COLUMNS, sorted by council name."""
    day = as_date(as_of)
    rows = []
    for council, insp in _picture(history, day):
        row = {
            "la_code": council.la_code,
            "name": council.name,
            "region": council.region,
            "source_file": insp.source_file if insp else None,
            "framework": insp.framework if insp else None,
            "inspection_start": insp.inspection_start if insp else None,
            "inspection_end": insp.inspection_end if insp else None,
            "published": insp.published if insp else None,
            "published_estimated": bool(insp and insp.estimated),
        }
        row.update({a: insp.grade(a) if insp else None for a in AREAS})
        rows.append(row)
    rows.sort(key=lambda r: (r["name"], r["la_code"]))
    return rows


def _overall_counts(pic) -> dict[str, int]:
    counts = dict.fromkeys((*GRADES, NOT_JUDGED, NO_REPORT), 0)
    for _, insp in pic:
        counts[NO_REPORT if insp is None else (insp.grade("overall") or NOT_JUDGED)] += 1
    return counts


def by_region(history: History, as_of: dt.date | str) -> list[dict]:
    """Overall effectiveness per region on ``as_of``: counts and the share good or better."""
    day = as_date(as_of)
    pic = _picture(history, day)
    rows = []
    for region in _regions():
        sub = [(c, r) for c, r in pic if c.region == region]
        counts = _overall_counts(sub)
        graded = sum(counts[g] for g in GRADES)
        good = counts["outstanding"] + counts["good"]
        rows.append(
            {
                "region": region,
                "councils": len(sub),
                **counts,
                "graded": graded,
                "pct_good_or_better": _pct(good, graded),
                "pct_inadequate": _pct(counts["inadequate"], graded),
            }
        )
    return rows


def _same_day_last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def compare(history: History, as_of: dt.date | str, other: dt.date | str | None = None) -> dict:
    """Counts per area and grade on ``other`` ("then", by default a year before) and on
    ``as_of`` ("now"), with the change; percentages in points."""
    now_day = as_date(as_of)
    then_day = as_date(other) if other is not None else _same_day_last_year(now_day)
    now = national(history, now_day)
    then = national(history, then_day)
    areas: dict[str, Any] = {}
    for a in HEADLINE_AREAS:
        per: dict[str, Any] = {}
        for g in (*GRADES, NOT_JUDGED, NO_REPORT, "graded"):
            n0, n1 = then["areas"][a][g], now["areas"][a][g]
            per[g] = {"then": n0, "now": n1, "change": n1 - n0}
        for g in GRADES:
            p0, p1 = then["areas"][a]["percent"][g], now["areas"][a]["percent"][g]
            per[g]["pct_then"], per[g]["pct_now"] = p0, p1
            per[g]["pct_change"] = None if p0 is None or p1 is None else p1 - p0
        areas[a] = per
    return {
        "as_of": now_day.isoformat(),
        "other": then_day.isoformat(),
        "councils": {
            "then": then["councils"],
            "now": now["councils"],
            "change": now["councils"] - then["councils"],
        },
        "areas": areas,
        "coverage": {"then": then["coverage"], "now": now["coverage"]},
        "rule": rule(now_day),
    }


def compare_rows(result: dict, area: str = "overall") -> list[dict]:
    """``compare``'s result for one area as table rows (grade, then, now, change)."""
    return [
        {
            "grade": g,
            "then": v["then"],
            "now": v["now"],
            "change": v["change"],
            "pct_then": v.get("pct_then"),
            "pct_now": v.get("pct_now"),
            "pct_change": v.get("pct_change"),
        }
        for g, v in result["areas"][area].items()
    ]


def trend(
    history: History,
    start: dt.date | str,
    end: dt.date | str,
    freq: str = "QE",
) -> list[dict]:
    """Overall effectiveness on each period end from ``start`` to ``end`` (see :func:`period_ends`)."""
    rows = []
    for day in period_ends(as_date(start), as_date(end), freq):
        counts = _overall_counts(_picture(history, day))
        graded = sum(counts[g] for g in GRADES)
        good = sum(counts[g] for g in GOOD_OR_BETTER)
        rows.append(
            {
                "date": day.isoformat(),
                "councils": graded + counts[NOT_JUDGED] + counts[NO_REPORT],
                "graded": graded,
                "good_or_better": good,
                "pct_good_or_better": _pct(good, graded),
                "inadequate": counts["inadequate"],
                "pct_inadequate": _pct(counts["inadequate"], graded),
            }
        )
    return rows


_MONTHS_PER_PERIOD = {"ME": 1, "QE": 3, "YE": 12}


def period_ends(start: dt.date, end: dt.date, freq: str = "QE") -> list[dt.date]:
    """The month ends ('ME'), quarter ends ('QE': 31 March, 30 June, 30 September,
    31 December) or year ends ('YE': 31 December) from ``start`` to ``end``, both included."""
    step = _MONTHS_PER_PERIOD.get(freq)
    if step is None:
        raise ValueError(f"unknown frequency {freq!r}; use one of: {', '.join(_MONTHS_PER_PERIOD)}")
    out: list[dt.date] = []
    # The first period end on or after start: the end of the month whose number divides by step.
    month = start.year * 12 + start.month - 1
    month += (step - 1 - month % 12 % step) % step
    while True:
        year, m0 = divmod(month, 12)
        day = _month_end(year, m0 + 1)
        if day > end:
            return out
        if day >= start:
            out.append(day)
        month += step


def _month_end(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def summary_rows(result: dict) -> list[dict]:
    """``national``'s result as one table row per area (counts, then percentages)."""
    rows = []
    for area, v in result["areas"].items():
        row: dict[str, Any] = {"area": area, "councils": result["councils"]}
        row.update({g: v[g] for g in GRADES})
        row[NOT_JUDGED] = v[NOT_JUDGED]
        row[NO_REPORT] = v[NO_REPORT]
        row["graded"] = v["graded"]
        row.update({f"pct_{g}": v["percent"][g] for g in GRADES})
        rows.append(row)
    return rows


def named_rows(result: dict, grade: str = "inadequate", area: str = "overall") -> list[dict]:
    """The named councils with ``grade`` in ``area`` as table rows."""
    return [dict(e) for e in result["areas"][area]["councils"][grade]]
