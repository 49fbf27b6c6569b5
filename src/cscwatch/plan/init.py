"""``plan init``: a council's asks from the registry, into a new plan or an existing one.

The asks are (docs/plans.md):

- each recommendation of the council's latest full inspection (of the council or, where it
  has none, of the councils it replaced: the lineage of ``analytics.timeline``);
- each area for priority action of a focused or monitoring visit published after that
  inspection (``recommendations`` rows of kind ``priority_action`` on the visit's report; where
  a registry holds the visit's count of priority actions but not their rows, the asks are made
  by position, without words).

An ask's themes are the themes of ``data/themes.yaml`` its words mention; on a registry without
the words (the embedded one) each ask carries the themes the build counted in its report's
recommendations as a whole. Re-running init on an existing plan adds the asks it lacks, fills
what an existing ask lacks (its words, page, themes) and keeps every ask, action, measure and
history row already there: an ask of an earlier inspection stays, with its own report date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from cscwatch.analytics.timeline import lineage_codes, resolve
from cscwatch.plan.model import Ask, Plan
from cscwatch.plan.workbook import PlanError
from cscwatch.reference import Council
from cscwatch.registry import read
from cscwatch.registry.queries import History, Report, load_history
from cscwatch.reports.recommendations import PRIORITY_ACTION
from cscwatch.reports.themes import (
    PRIORITY_ACTIONS_SECTION,
    RECOMMENDATIONS_SECTION,
    load_themes,
    themes_in,
)
from cscwatch.vocabulary import KIND_LABELS

__all__ = [
    "InitError",
    "PRIORITY_ACTION",
    "ask_id",
    "asks_for",
    "counts",
    "init_plan",
    "is_current",
    "merge",
    "without_text",
]

SOURCE_LETTER = {"recommendation": "R", "priority_action": "P"}


class InitError(PlanError):
    """A plan that cannot be made: no full inspection of the council, a plan of another
    council. One line for the user."""


def ask_id(report_date: dt.date | str | None, source: str, position: Any) -> str:
    """``<report_date>/R<position>`` for a recommendation, ``.../P<position>`` for a priority
    action: stable across re-runs of init."""
    day = report_date.isoformat() if isinstance(report_date, dt.date) else str(report_date)
    return f"{day}/{SOURCE_LETTER[source]}{position}"


def _report_words(r: Report) -> str:
    label = KIND_LABELS.get(r.kind or "", r.kind or "Report")
    return f"{label} ({r.framework})" if r.framework and r.full else label


def _columns(conn, table: str) -> set[str]:
    return {row[1] for row in read.execute(conn, f"PRAGMA table_info({table})")}


def _has_columns(conn, table: str) -> set[str]:
    if conn.dialect.name == "sqlite":
        return _columns(conn, table)
    from sqlalchemy import inspect

    return {c["name"] for c in inspect(conn).get_columns(table)}


def _rows(
    engine, files: list[str]
) -> tuple[list[dict], dict[tuple[str, str], set[str]], dict[str, Any], bool]:
    """The recommendations rows of ``files`` (source_file, position, kind, text, page), the
    themes counted in each file's recommendations or priority actions (by file and section),
    each file's source_url, and whether the registry holds any recommendation's words."""
    if not files:
        return [], {}, {}, False
    marks = ", ".join(f":f{i}" for i in range(len(files)))
    params = {f"f{i}": f for i, f in enumerate(files)}
    with engine.connect() as conn:
        have = _has_columns(conn, "reports")
        url = "r.source_url" if "source_url" in have else "NULL"
        urls = {
            row[0]: row[1]
            for row in read.execute(
                conn,
                f"SELECT r.source_file, {url} FROM reports r WHERE r.source_file IN ({marks})",
                params,
            )
        }
        recs = [
            dict(row)
            for row in read.execute(
                conn,
                "SELECT r.source_file, c.position, c.kind, c.text, c.page FROM recommendations c "
                f"JOIN reports r ON r.id = c.report_id WHERE r.source_file IN ({marks}) "
                "ORDER BY r.source_file, c.position",
                params,
            ).mappings()
        ]
        counted: dict[tuple[str, str], set[str]] = {}
        for source_file, section, theme in read.execute(
            conn,
            "SELECT r.source_file, t.section, t.theme FROM theme_counts t JOIN reports r "
            f"ON r.id = t.report_id WHERE r.source_file IN ({marks}) "
            "AND t.section IN (:rec, :pa) AND t.count > 0",
            {**params, "rec": RECOMMENDATIONS_SECTION, "pa": PRIORITY_ACTIONS_SECTION},
        ):
            counted.setdefault((source_file, section), set()).add(theme)
        text = (
            read.execute(
                conn, "SELECT 1 FROM recommendations WHERE text IS NOT NULL LIMIT 1"
            ).first()
            is not None
        )
    return recs, counted, urls, text


def latest_inspection(
    history: History, council: Council, as_of: dt.date | None = None
) -> Report | None:
    """The latest full inspection of the council or its predecessors that had taken effect on
    ``as_of`` (every one when None)."""
    found = [
        r
        for code in (council.la_code, *lineage_codes(council))
        for r in history.full.get(code, ())
        if as_of is None or r.date <= as_of
    ]
    return max(found, key=lambda r: r.sort_key) if found else None


def visits_after(
    history: History, council: Council, inspection: Report, as_of: dt.date | None = None
) -> list[Report]:
    """The council's (and its predecessors') visits published after ``inspection``."""
    return sorted(
        (
            r
            for code in (council.la_code, *lineage_codes(council))
            for r in history.by_council.get(code, ())
            if r.visit and r.date > inspection.date and (as_of is None or r.date <= as_of)
        ),
        key=lambda r: r.sort_key,
    )


def asks_for(
    engine, council: Council, *, history: History | None = None, as_of: dt.date | None = None
) -> tuple[Report, list[Ask], bool]:
    """The council's latest full inspection, its asks in order (the inspection's
    recommendations, then each later visit's priority actions) and whether the registry holds
    the asks' words. Raises :class:`InitError` when the registry has no full inspection of the
    council."""
    history = history if history is not None else load_history(engine)
    inspection = latest_inspection(history, council, as_of)
    if inspection is None:
        when = f" published by {as_of.isoformat()}" if as_of else ""
        raise InitError(f"the registry holds no full inspection of {council.name}{when}")
    visits = visits_after(history, council, inspection, as_of)
    reports = [inspection, *visits]
    recs, counted, urls, text_held = _rows(engine, [r.source_file for r in reports])
    themes = load_themes()
    order = {t.id: i for i, t in enumerate(themes)}
    by_file: dict[str, list[dict]] = {}
    for rec in recs:
        by_file.setdefault(rec["source_file"], []).append(rec)
    asks: list[Ask] = []
    for r in reports:
        source = "recommendation" if r.full else "priority_action"
        rows = [
            rec
            for rec in by_file.get(r.source_file, [])
            if (rec["kind"] == PRIORITY_ACTION) == (source == "priority_action")
        ]
        if not rows and source == "priority_action" and r.priority_actions:
            # the count of the visit's priority actions, without their rows: by position
            rows = [
                {"position": n, "text": None, "page": None}
                for n in range(1, r.priority_actions + 1)
            ]
        day = dt.date.fromisoformat(r.published) if r.published else r.date
        for rec in rows:
            words = rec["text"]
            section = RECOMMENDATIONS_SECTION if r.full else PRIORITY_ACTIONS_SECTION
            found = (
                themes_in(words, themes)
                if words
                else dict.fromkeys(counted.get((r.source_file, section), ()), 1)
            )
            asks.append(
                Ask(
                    ask_id=ask_id(day, source, rec["position"]),
                    source=source,
                    report=_report_words(r),
                    report_date=day,
                    position=rec["position"],
                    page=rec["page"],
                    themes=sorted(found, key=lambda t: order.get(t, len(order))),
                    text=words,
                    source_url=urls.get(r.source_file),
                )
            )
    return inspection, asks, text_held


REGISTRY_FIELDS = ("page", "themes", "text", "source_url", "report")


def merge(existing: Plan, fresh: Plan) -> Plan:
    """``fresh`` (a plan just made by init) merged into ``existing``: every ask, action, measure
    and history row of ``existing`` kept, the asks it lacks added, the blanks of the asks it
    has (words, page, themes, link) filled; asks in order of report date, source, position."""
    if existing.la_code and fresh.la_code and existing.la_code != fresh.la_code:
        raise InitError(f"{_name(existing)} is a plan for {existing.council}, not {fresh.council}")
    new = {a.ask_id: a for a in fresh.asks}
    asks = []
    for old in existing.asks:
        found = new.pop(str(old.ask_id), None)
        if found is not None:
            fill = {
                f: getattr(found, f)
                for f in REGISTRY_FIELDS
                if getattr(old, f) in (None, "", []) and getattr(found, f) not in (None, "", [])
            }
            old = dataclasses.replace(old, **fill)
        asks.append(old)
    asks.extend(new.values())
    asks.sort(key=_ask_order)
    return dataclasses.replace(
        existing,
        council=fresh.council,
        la_code=fresh.la_code,
        registry=fresh.registry,
        latest_inspection=max(
            (d for d in (existing.latest_inspection, fresh.latest_inspection) if d), default=None
        ),
        created=existing.created or fresh.created,
        asks=asks,
        registry_text=fresh.registry_text,
    )


def _name(plan: Plan) -> str:
    from pathlib import Path

    return Path(plan.source).name if plan.source else "the plan"


def _ask_order(a: Ask) -> tuple:
    day = a.report_date.isoformat() if isinstance(a.report_date, dt.date) else str(a.report_date)
    pos = a.position if isinstance(a.position, int) else 10**6
    return (day, 0 if a.source == "recommendation" else 1, pos, str(a.ask_id))


def init_plan(
    engine,
    council: str | Council,
    *,
    existing: Plan | None = None,
    history: History | None = None,
    as_of: dt.date | None = None,
    registry: str | None = None,
    today: dt.date | None = None,
) -> Plan:
    """A plan of ``council`` (user words: a name, code or URN) with its asks from the registry
    (``engine``: an SQLAlchemy engine or a ``registry.read`` Reader; ``history`` if already
    loaded). ``as_of`` takes the registry as it stood on that date (the latest inspection and
    visits published by then). With ``existing``, the asks are merged into it (:func:`merge`).
    ``registry`` names the registry in the plan's about sheet. ``plan.registry_text`` tells
    whether the registry held the asks' words. Raises LookupError for an unknown council and
    :class:`InitError` for one without a full inspection."""
    found = resolve(council)
    inspection, asks, text_held = asks_for(engine, found, history=history, as_of=as_of)
    day = dt.date.fromisoformat(inspection.published) if inspection.published else inspection.date
    fresh = Plan(
        council=found.name,
        la_code=found.la_code,
        created=today or dt.date.today(),
        registry=registry,
        latest_inspection=day,
        asks=asks,
        registry_text=text_held,
    )
    return merge(existing, fresh) if existing is not None else fresh


def without_text(asks: Iterable[Ask]) -> int:
    """How many asks have no words (made on a registry without text)."""
    return sum(a.text is None for a in asks)


def is_current(plan: Plan, ask: Ask) -> bool:
    """Whether ``ask`` is one of the plan's current asks: a recommendation of its latest full
    inspection or a priority action of a visit since. Asks kept from earlier reports (a
    re-run of init after a new inspection keeps them) are not."""
    latest = plan.latest_inspection
    day = ask.report_date if isinstance(ask.report_date, dt.date) else None
    if latest is None or day is None:
        return False
    if ask.source == "recommendation":
        return day == latest
    return ask.source == "priority_action" and day > latest


def counts(plan: Plan) -> dict[str, int]:
    """The plan's asks counted: ``recommendations`` of its latest full inspection,
    ``priority_actions`` of the visits since, ``earlier`` asks kept from before it, and
    ``without_text`` (asks without their words)."""
    out = dict.fromkeys(("recommendations", "priority_actions", "earlier"), 0)
    for a in plan.asks:
        if not is_current(plan, a):
            out["earlier"] += 1
        elif a.source == "recommendation":
            out["recommendations"] += 1
        else:
            out["priority_actions"] += 1
    out["without_text"] = without_text(plan.asks)
    return out
