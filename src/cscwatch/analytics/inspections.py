"""The reports of a registry frame arranged for as-of questions: each council's full inspections
in order, with the date each one took effect, built once per frame and reused by every analytic.

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

import bisect
import datetime as dt
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cscwatch import reference
from cscwatch.registry.schema import AREAS

GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
# Lower is better.
RANK = {g: i for i, g in enumerate(GRADES)}
GOOD_OR_BETTER = frozenset({"outstanding", "good"})
# The judgements the national picture reports, in order.
HEADLINE_AREAS = (
    "overall",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
    "leadership",
)
FULL_KIND = "inspection"

AREA_LABELS = {
    "overall": "Overall effectiveness",
    "help_and_protection": "Help and protection",
    "children_in_care": "Children in care",
    "care_leavers": "Care leavers",
    "leadership": "Leadership",
    "adoption": "Adoption",
    "lscb": "LSCB",
}
GRADE_LABELS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
    "not_judged": "Not judged",
}

_SOURCE_RANK = {"stated": 0, "pdf_metadata": 1, "filename": 2}


def parse_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


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


@dataclass(frozen=True)
class Report:
    """One report file of a council, with the date it took effect."""

    la_code: str
    source_file: str
    kind: str | None
    framework: str | None
    inspection_start: str | None
    inspection_end: str | None
    published: str | None
    published_source: str | None
    date: dt.date  # publication date, or inspection end date when that is unknown
    estimated: bool  # True when the inspection end date stood in for publication
    grades: Mapping[str, str | None] = field(hash=False, compare=False)
    cic_combined: bool | None = None

    @property
    def full(self) -> bool:
        return self.kind == FULL_KIND

    def grade(self, area: str) -> str | None:
        return self.grades.get(area)


def _grade(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip().lower().replace(" ", "_")
    return s if s in RANK else None


def _str(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    s = str(value).strip()
    return s or None


def _reports(frame: pd.DataFrame) -> tuple[list[Report], int]:
    """The placeable reports of ``frame`` and the number left out for want of any date."""
    cols = set(frame.columns)
    rows = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    out: list[Report] = []
    undated = 0
    for r in rows:
        if "status" in cols and r.get("status") not in (None, "ok"):
            continue
        la = _str(r.get("la_code"))
        if la is None:
            continue
        published = parse_date(r.get("published"))
        end = parse_date(r.get("inspection_end"))
        day = published or end
        if day is None:
            undated += 1
            continue
        cic = r.get("cic_combined")
        out.append(
            Report(
                la_code=la,
                source_file=_str(r.get("source_file")) or "",
                kind=_str(r.get("kind")),
                framework=_str(r.get("framework")),
                inspection_start=_iso(r.get("inspection_start")),
                inspection_end=end.isoformat() if end else None,
                published=published.isoformat() if published else None,
                published_source=_str(r.get("published_source")) if published else None,
                date=day,
                estimated=published is None,
                grades={a: _grade(r.get(a)) for a in AREAS},
                cic_combined=None if cic is None else bool(cic),
            )
        )
    return out, undated


def _iso(value: Any) -> str | None:
    day = parse_date(value)
    return day.isoformat() if day else None


def _sort_key(r: Report) -> tuple:
    return (r.date, r.inspection_end or "", r.source_file)


def _keep_score(r: Report) -> tuple:
    return (
        r.estimated,
        _SOURCE_RANK.get(r.published_source or "", 9),
        -sum(g is not None for g in r.grades.values()),
        r.source_file,
    )


def _dedupe(full: list[Report]) -> list[Report]:
    best: dict[tuple, Report] = {}
    for r in full:
        key = (r.la_code, r.inspection_end) if r.inspection_end else (r.la_code, r.source_file)
        if key not in best or _keep_score(r) < _keep_score(best[key]):
            best[key] = r
    return list(best.values())


class History:
    """Every council's reports and full inspections in order. Build with :func:`history`."""

    def __init__(self, frame: pd.DataFrame):
        reports, self.undated = _reports(frame)
        full = _dedupe([r for r in reports if r.full])
        kept = {id(r) for r in full}
        # Other report kinds, plus the full inspections kept after removing duplicate files.
        self.reports = sorted((r for r in reports if not r.full or id(r) in kept), key=_sort_key)
        self.full: dict[str, list[Report]] = {}
        for r in sorted(full, key=_sort_key):
            self.full.setdefault(r.la_code, []).append(r)
        self._ordinals = {la: [r.date.toordinal() for r in rs] for la, rs in self.full.items()}
        self.by_council: dict[str, list[Report]] = {}
        for r in self.reports:
            self.by_council.setdefault(r.la_code, []).append(r)

    @property
    def councils_with_reports(self) -> set[str]:
        return set(self.by_council)

    def current(self, la_code: str, day: dt.date) -> Report | None:
        """The council's most recent full inspection that had taken effect on ``day``."""
        ords = self._ordinals.get(la_code)
        if not ords:
            return None
        i = bisect.bisect_right(ords, day.toordinal())
        return self.full[la_code][i - 1] if i else None

    def picture(self, day: dt.date) -> list[tuple[reference.Council, Report | None]]:
        """Each council that exists on ``day`` with its current full inspection (or None)."""
        # Not cached: it is cheap (one bisect per council), and keeping every day's list alive
        # would only feed the garbage collector's full collections.
        return [(c, self.current(c.la_code, day)) for c in reference.existing_on(day)]

    def lineage_predecessor(self, la_code: str) -> str | None:
        """The council whose inspections this one's follow on from (a single predecessor)."""
        council = reference.by_code().get(la_code)
        if council is not None and len(council.predecessors) == 1:
            return council.predecessors[0]
        return None

    def previous(self, report: Report) -> Report | None:
        """The full inspection before ``report`` (a full inspection) of the same council, or for
        a council's first, its single predecessor's last one before it."""
        seq = self.full.get(report.la_code, [])
        i = next((k for k, r in enumerate(seq) if r is report), None)
        if i:
            return seq[i - 1]
        pred = self.lineage_predecessor(report.la_code)
        if pred is None:
            return None
        before = [r for r in self.full.get(pred, []) if _sort_key(r) < _sort_key(report)]
        return before[-1] if before else None

    def pairs(self, upto: dt.date | None = None) -> list[tuple[Report, Report]]:
        """Consecutive full inspections (previous, next), both in effect by ``upto``."""
        out = []
        for seq in self.full.values():
            for r in seq:
                if upto is not None and r.date > upto:
                    continue
                prev = self.previous(r)
                if prev is not None:
                    out.append((prev, r))
        return out


# One History per frame, dropped when the frame is garbage collected. Frames are treated as
# immutable: build a new frame rather than editing one in place.
_CACHE: dict[int, tuple[weakref.ref, int, History]] = {}


def history(frame: pd.DataFrame) -> History:
    key = id(frame)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is frame and hit[1] == len(frame):
        return hit[2]
    built = History(frame)
    try:
        ref = weakref.ref(frame, lambda _r, k=key: _CACHE.pop(k, None))
    except TypeError:  # pragma: no cover - frames support weak references
        return built
    _CACHE[key] = (ref, len(frame), built)
    return built
