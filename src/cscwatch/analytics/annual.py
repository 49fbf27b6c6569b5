"""The annual report's figures on one date, as plain data: the national picture and its change
over a year, the regions, the trend, the transitions between inspections, the time to
improve and the visits between inspections. Laying them out (HTML, charts, PDF) is :mod:`cscwatch.render.annual`'s work."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cscwatch.analytics import asof, survival, transitions, visits
from cscwatch.analytics.inspections import as_date
from cscwatch.registry.queries import History
from cscwatch.vocabulary import AREA_LABELS, GRADE_LABELS, GRADES, HEADLINE_AREAS

TREND_START = dt.date(2014, 1, 1)  # the single inspection framework's first reports


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
        "visits": visits.summary_on(history, day),
        "rule": asof.rule(day),
        "grades": GRADES,
        "areas": HEADLINE_AREAS,
        "area_labels": AREA_LABELS,
        "grade_labels": GRADE_LABELS,
    }
