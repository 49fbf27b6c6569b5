"""Questions every analytic asks of a :class:`~cscwatch.registry.queries.History` (the value
``registry.queries.load_history(engine)`` returns, loaded once and passed to every function):
which councils exist on a date and what each one's current inspection is, which inspection came
before another, and the consecutive pairs of full inspections.

Rules used throughout ``cscwatch.analytics`` (also in docs/analytics.md):

- A *full inspection* is a report of kind ``inspection`` (a SIF or ILACS inspection). Monitoring
  visits, focused visits, joint targeted area inspections and earlier inspections never set a grade.
- An inspection *takes effect* on its publication date; where that is unknown the inspection's
  end date stands in (``estimated``). A report with neither date cannot be placed and is left out.
- Two full-inspection files of the same council with the same inspection end date are one
  inspection (a file downloaded twice); the one with a stated publication date and the most
  judgements is kept.
- A council's inspections follow on from its predecessor's when it has exactly one predecessor
  (Dorset 2019, the Northamptonshire and Cumbria splits: both halves continue the one council);
  a council formed by a merger (Bournemouth, Christchurch and Poole) starts afresh.
"""

from __future__ import annotations

import datetime as dt

from cscwatch import reference
from cscwatch.registry.queries import History, Report, parse_date
from cscwatch.vocabulary import (
    AREA_LABELS,
    AREAS,
    GOOD_OR_BETTER,
    GRADE_LABELS,
    GRADES,
    HEADLINE_AREAS,
    INSPECTION,
    RANK,
)

# Re-exported for the modules that import them from here (web/grades.py, the CLI, tests).
__all__ = [
    "AREA_LABELS",
    "AREAS",
    "FULL_KIND",
    "GOOD_OR_BETTER",
    "GRADES",
    "GRADE_LABELS",
    "HEADLINE_AREAS",
    "RANK",
    "History",
    "Report",
    "as_date",
    "direction",
    "pairs",
    "parse_date",
    "picture",
    "previous",
]

FULL_KIND = INSPECTION


def as_date(value: dt.date | str | None, default: dt.date | None = None) -> dt.date:
    """A date from a date, an ISO string or None (``default``, else today)."""
    if value is None:
        return default or dt.date.today()
    day = parse_date(value)
    if day is None:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)")
    return day


def direction(before: str | None, after: str | None) -> str | None:
    """'improved', 'declined' or 'same' from one grade to the next; None if either is missing."""
    if before not in RANK or after not in RANK:
        return None
    if RANK[after] < RANK[before]:
        return "improved"
    if RANK[after] > RANK[before]:
        return "declined"
    return "same"


def picture(history: History, day: dt.date) -> list[tuple[reference.Council, Report | None]]:
    """Each council that exists on ``day`` with its current full inspection (or None)."""
    return [(c, history.current(c.la_code, day)) for c in reference.existing_on(day)]


def lineage_predecessor(la_code: str) -> str | None:
    """The council whose inspections this one's follow on from (a single predecessor)."""
    council = reference.by_code().get(la_code)
    if council is not None and len(council.predecessors) == 1:
        return council.predecessors[0]
    return None


def previous(history: History, report: Report) -> Report | None:
    """The full inspection before ``report`` (a full inspection) of the same council, or for a
    council's first, its single predecessor's last one before it."""
    seq = history.full.get(report.la_code, ())
    i = next((k for k, r in enumerate(seq) if r is report), None)
    if i:
        return seq[i - 1]
    pred = lineage_predecessor(report.la_code)
    if pred is None:
        return None
    before = [r for r in history.full.get(pred, ()) if r.sort_key < report.sort_key]
    return before[-1] if before else None


def pairs(history: History, upto: dt.date | None = None) -> list[tuple[Report, Report]]:
    """Consecutive full inspections (previous, next), both in effect by ``upto``."""
    out = []
    for seq in history.full.values():
        for r in seq:
            if upto is not None and r.date > upto:
                continue
            prev = previous(history, r)
            if prev is not None:
                out.append((prev, r))
    return out
