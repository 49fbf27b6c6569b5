"""Read the registry into values for the analytics, search and web layers."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cscwatch.registry import read
from cscwatch.vocabulary import AREAS, FULL_KINDS, RANK, VISIT_KINDS

if TYPE_CHECKING:  # imported when used: the quick commands read through registry.read
    import pandas as pd
    from sqlalchemy import Engine


def reports_frame(engine: Engine, *, only_ok: bool = False) -> pd.DataFrame:
    """One row per report file with the export columns (plus ``id`` and ``cic_combined``);
    missing values are None."""
    import pandas as pd
    from sqlalchemy import null, select

    from cscwatch.registry import schema

    t = schema.reports
    with engine.connect() as conn:
        have = _columns(conn, "reports")
        cols = [
            t.c[c] if c in have else null().label(c)  # a registry built before the column
            for c in ("id", *schema.EXPORT_COLUMNS, "cic_combined", "sha256")
        ]
        query = select(*cols).order_by(t.c.la_code, t.c.inspection_end, t.c.source_file)
        if only_ok:
            query = query.where(t.c.status == "ok")
        frame = pd.read_sql(query, conn)
    return frame.astype(object).where(frame.notna(), None)


def _columns(conn, table: str) -> set[str]:
    from sqlalchemy import inspect

    return {c["name"] for c in inspect(conn).get_columns(table)}


def judgments_export(engine: Engine) -> pd.DataFrame:
    """The `cscwatch export judgments` table: exactly EXPORT_COLUMNS, in order."""
    from cscwatch.registry import schema

    frame = reports_frame(engine).sort_values("source_file", kind="stable")
    return frame.loc[:, list(schema.EXPORT_COLUMNS)].reset_index(drop=True)


def context_figures(engine: Engine, la_code: str) -> list[dict]:
    """The local context figures printed in a council's reports (SIF 'Information about this
    local authority area'), newest report first: source_file, published, figure, value, unit,
    as_of, page."""
    sql = (
        "SELECT reports.source_file, reports.published, context_figures.figure, "
        "context_figures.value, context_figures.unit, context_figures.as_of, "
        "context_figures.page FROM reports JOIN context_figures "
        "ON context_figures.report_id = reports.id WHERE reports.la_code = :la_code "
        "ORDER BY reports.published DESC, context_figures.figure"
    )
    with engine.connect() as conn:
        return [dict(row) for row in read.execute(conn, sql, {"la_code": la_code}).mappings()]


# The history: every council's reports, loaded once ---------------------------------------------
#
# Rules (docs/analytics.md):
# - A *full inspection* is a report whose kind is one of ``vocabulary.FULL_KINDS`` (a SIF or
#   ILACS inspection); other kinds never set a grade.
# - A report *takes effect* on its publication date; where that is unknown the inspection end
#   date stands in (``estimated``). A report with neither date cannot be placed and is left out
#   (counted in ``History.undated``); so is a report without a council code.
# - Two full-inspection files of the same council with the same inspection end date are one
#   inspection (a file downloaded twice); the one with a stated publication date and the most
#   judgements is kept.

_SOURCE_RANK = {"stated": 0, "pdf_metadata": 1, "filename": 2}


def parse_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime or an ISO string (its first ten characters); else None."""
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
    # Visits between inspections (None where they do not apply).
    focus: str | None = None
    priority_actions: int | None = None
    visit_number: int | None = None

    @property
    def visit(self) -> bool:
        """A focused or monitoring visit: between inspections, never a grade."""
        return self.kind in VISIT_KINDS

    @property
    def full(self) -> bool:
        return self.kind in FULL_KINDS

    def grade(self, area: str) -> str | None:
        return self.grades.get(area)

    @property
    def sort_key(self) -> tuple:
        """The order reports take effect in: date, then inspection end date, then file name."""
        return (self.date, self.inspection_end or "", self.source_file)


@dataclass(frozen=True)
class History:
    """Every council's placeable reports in the order they took effect, and its full
    inspections (duplicate files removed) in the same order. Build with :func:`load_history`
    or :func:`history_from_rows`; it is a plain value, never changed after it is built."""

    reports: tuple[Report, ...]  # every kind, duplicate full-inspection files removed
    full: Mapping[str, tuple[Report, ...]]  # la_code -> full inspections in order
    by_council: Mapping[str, tuple[Report, ...]]  # la_code -> every report in order
    undated: int = 0  # reports left out for want of any date
    _ordinals: Mapping[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    @property
    def visits(self) -> tuple[Report, ...]:
        """Every focused and monitoring visit, in the order they took effect."""
        return tuple(r for r in self.reports if r.visit)

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


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):  # NaN
        return None
    s = str(value).strip()
    return s or None


def _grade(value: Any) -> str | None:
    s = _text(value)
    if s is None:
        return None
    s = s.lower().replace(" ", "_")
    return s if s in RANK else None


def _report(r: Mapping[str, Any]) -> Report | None:
    """The report of one registry row, or None when it cannot be placed."""
    la = _text(r.get("la_code"))
    published = parse_date(r.get("published"))
    end = parse_date(r.get("inspection_end"))
    day = published or end
    if la is None or day is None:
        return None
    start = parse_date(r.get("inspection_start"))
    cic = r.get("cic_combined")
    return Report(
        la_code=la,
        source_file=_text(r.get("source_file")) or "",
        kind=_text(r.get("kind")),
        framework=_text(r.get("framework")),
        inspection_start=start.isoformat() if start else None,
        inspection_end=end.isoformat() if end else None,
        published=published.isoformat() if published else None,
        published_source=_text(r.get("published_source")) if published else None,
        date=day,
        estimated=published is None,
        grades={a: _grade(r.get(a)) for a in AREAS},
        cic_combined=None if cic is None else bool(cic),
        focus=_text(r.get("focus")),
        priority_actions=_int(r.get("priority_actions")),
        visit_number=_int(r.get("visit_number")),
    )


def _int(value: Any) -> int | None:
    s = _text(value)
    try:
        return int(float(s)) if s is not None else None
    except ValueError:
        return None


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


def history_from_rows(rows: Iterable[Mapping[str, Any]]) -> History:
    """The history of registry rows (mappings with the export columns and ``cic_combined``;
    rows whose ``status`` is given and not 'ok' are skipped)."""
    reports: list[Report] = []
    undated = 0
    for row in rows:
        if row.get("status") not in (None, "ok"):
            continue
        report = _report(row)
        if report is None:
            undated += _text(row.get("la_code")) is not None
            continue
        reports.append(report)
    full = _dedupe([r for r in reports if r.full])
    kept = {id(r) for r in full}
    ordered = tuple(
        sorted((r for r in reports if not r.full or id(r) in kept), key=lambda r: r.sort_key)
    )
    by_full: dict[str, list[Report]] = {}
    for r in sorted(full, key=lambda r: r.sort_key):
        by_full.setdefault(r.la_code, []).append(r)
    by_council: dict[str, list[Report]] = {}
    for r in ordered:
        by_council.setdefault(r.la_code, []).append(r)
    return History(
        reports=ordered,
        full={la: tuple(rs) for la, rs in by_full.items()},
        by_council={la: tuple(rs) for la, rs in by_council.items()},
        undated=undated,
        _ordinals={la: tuple(r.date.toordinal() for r in rs) for la, rs in by_full.items()},
    )


_HISTORY_COLUMNS = (
    "source_file",
    "la_code",
    "kind",
    "framework",
    "inspection_start",
    "inspection_end",
    "published",
    "published_source",
    *AREAS,
    "cic_combined",
    "focus",
    "priority_actions",
    "visit_number",
)


def load_history(engine: Engine) -> History:
    """The history of the registry's reports that parsed (status 'ok'), read in one query."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            have = {row[1] for row in read.execute(conn, "PRAGMA table_info(reports)")}
        else:
            have = _columns(conn, "reports")
        cols = ", ".join(
            f"reports.{c}" if c in have else f"NULL AS {c}"  # a registry built before the column
            for c in _HISTORY_COLUMNS
        )
        sql = (
            f"SELECT {cols} FROM reports WHERE reports.status = 'ok' "
            "ORDER BY reports.la_code, reports.inspection_end, reports.source_file"
        )
        return history_from_rows([dict(row) for row in read.execute(conn, sql).mappings()])


def interventions(engine: Engine, la_codes: Iterable[str] | None = None) -> list[dict]:
    """The interventions the reports state (table ``interventions``), with each report's
    council and date: source_file, la_code, kind, detail, date, date_stated, page, report_kind,
    published. Ordered by council, date and file; ``la_codes`` limits the councils."""
    codes = None if la_codes is None else list(la_codes)
    where = ""
    params: dict[str, Any] = {}
    if codes is not None:
        where = " AND reports.la_code IN (" + ", ".join(f":la{n}" for n in range(len(codes))) + ")"
        params = {f"la{n}": code for n, code in enumerate(codes)}
    sql = (
        "SELECT reports.source_file, reports.la_code, interventions.kind, "
        "interventions.detail, interventions.date, interventions.date_stated, "
        "interventions.page, reports.kind AS report_kind, reports.published "
        "FROM reports JOIN interventions ON interventions.report_id = reports.id "
        f"WHERE reports.status = 'ok'{where} "
        "ORDER BY reports.la_code, interventions.date, reports.source_file, interventions.page"
    )
    with engine.connect() as conn:
        if not _has_table(conn, "interventions"):
            return []
        rows = [dict(row) for row in read.execute(conn, sql, params).mappings()]
    for row in rows:  # a Boolean column, as SQLAlchemy gives it
        if row["date_stated"] is not None:
            row["date_stated"] = bool(row["date_stated"])
    return rows


def _has_table(conn, table: str) -> bool:
    if conn.dialect.name == "sqlite":
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"
        return read.execute(conn, sql, {"name": table}).first() is not None
    from sqlalchemy import inspect

    return inspect(conn).has_table(table)
