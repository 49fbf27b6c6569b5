"""``plan check``: what is missing, overdue or inconsistent in a plan, one finding per problem
naming the sheet, row and column (as ``annex-a check`` does for Annex A lists). The rules, their
severity and messages are data: ``checks`` in ``data/plan.yaml`` (docs/plans.md lists them).

A rule never stops the others: every problem of the plan is found in one run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from cscwatch.plan.model import (
    Action,
    Ask,
    Measure,
    Plan,
    canonical_direction,
    canonical_status,
    layout,
    statuses,
)

__all__ = [
    "FINDING_FIELDS",
    "CheckResult",
    "Finding",
    "check",
    "indicator_ids",
    "known_indicator",
    "rules",
]

FINDING_FIELDS = ["sheet", "row", "column", "rule", "severity", "message"]
SEVERITY_ORDER = {"error": 0, "warning": 1}
SHEET_ORDER = {name: i for i, name in enumerate(layout()["sheets"])}
DONE = "done"


def rules() -> dict[str, dict[str, str]]:
    """Rule id -> severity, rule (what is checked) and message template."""
    return dict(layout()["checks"])


@cache
def indicator_ids() -> tuple[str, ...]:
    """The indicator ids of ``cscwatch readiness`` (casework's registry of indicators)."""
    from cscwatch.casework.indicators import INDICATORS

    return tuple(INDICATORS)


def known_indicator(value: object) -> str | None:
    """The readiness indicator id ``value`` names (case and spacing ignored), else None."""
    if value is None:
        return None
    word = "".join(str(value).split()).upper()
    return word if word in indicator_ids() else None


@dataclass(frozen=True)
class Finding:
    sheet: str
    row: int | None
    column: str | None
    rule: str
    severity: str
    message: str

    def record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CheckResult:
    as_of: dt.date
    findings: list[Finding] = field(default_factory=list)
    source: str | None = None

    @property
    def summary(self) -> dict[str, int]:
        out = dict.fromkeys(SEVERITY_ORDER, 0)
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    @property
    def errors(self) -> int:
        return self.summary["error"]

    def records(self) -> list[dict[str, Any]]:
        return [f.record() for f in self.findings]

    def document(self) -> dict[str, Any]:
        """The JSON document of ``plan check --format json``."""
        return {
            "file": self.source,
            "as_of": self.as_of.isoformat(),
            "summary": self.summary,
            "findings": self.records(),
        }


def _shown(value: object) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def _finding(rule: str, sheet: str, row: int | None, column: str | None, **values: Any) -> Finding:
    spec = rules()[rule]
    values.setdefault("column", column)
    text = {k: v if isinstance(v, str) and k in _PLAIN else _shown(v) for k, v in values.items()}
    return Finding(sheet, row, column, rule, spec["severity"], spec["message"].format(**text))


# values put into messages as they are (ids, words of the rule); others shown with quotes
_PLAIN = {"ask_id", "action_id", "measure_id", "id", "what", "column", "statuses", "first"}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _id(value: object) -> str:
    return "" if value is None else str(value).strip()


# The rules ----------------------------------------------------------------------------------------
def _ids(plan: Plan) -> Iterator[Finding]:
    """PL-14 rows without their id, PL-12 duplicate ids."""
    sheets: list[tuple[str, str, Iterable[Any]]] = [
        ("asks", "ask_id", plan.asks),
        ("actions", "action_id", plan.actions),
        ("measures", "measure_id", plan.measures),
    ]
    for sheet, column, records in sheets:
        seen: dict[str, int | None] = {}
        for r in records:
            key = _id(getattr(r, column))
            if not key:
                yield _finding("PL-14", sheet, r.row, column)
            elif key in seen:
                first = seen[key]
                yield _finding("PL-12", sheet, r.row, column, value=key, first=str(first or "?"))
            else:
                seen[key] = r.row


def _dates(plan: Plan) -> Iterator[Finding]:
    """PL-13: a value in a date column that could not be read as a date."""
    for sheet in ("asks", "actions", "measures", "history"):
        kinds = layout()["sheets"][sheet].get("types") or {}
        columns = [c for c, kind in kinds.items() if kind == "date"]
        for r in getattr(plan, sheet):
            for column in columns:
                value = getattr(r, column)
                if isinstance(value, str):
                    yield _finding("PL-13", sheet, r.row, column, value=value)


def _asks(plan: Plan) -> Iterator[Finding]:
    """PL-01: each ask has at least one action."""
    with_action = {_id(a.ask_id) for a in plan.actions}
    for ask in plan.asks:
        if _id(ask.ask_id) and _id(ask.ask_id) not in with_action:
            yield _finding("PL-01", "asks", ask.row, "ask_id", ask_id=_id(ask.ask_id))


def _actions(plan: Plan, as_of: dt.date) -> Iterator[Finding]:
    asks = {_id(a.ask_id) for a in plan.asks}
    for a in plan.actions:
        name = _id(a.action_id) or "(no id)"
        if _id(a.ask_id) not in asks:
            yield _finding(
                "PL-11", "actions", a.row, "ask_id", what="action", id=name, value=a.ask_id
            )
        if _blank(a.owner):
            yield _finding("PL-02", "actions", a.row, "owner", action_id=name)
        if _blank(a.due):
            yield _finding("PL-03", "actions", a.row, "due", action_id=name)
        status = canonical_status(a.status)
        if status is None:
            yield _finding(
                "PL-06",
                "actions",
                a.row,
                "status",
                action_id=name,
                value=a.status,
                statuses=", ".join(statuses()),
            )
        if status == DONE and _blank(a.evidence):
            yield _finding("PL-05", "actions", a.row, "evidence", action_id=name)
        if _overdue(a, status, as_of):
            yield _finding(
                "PL-04",
                "actions",
                a.row,
                "last_update",
                action_id=name,
                due=a.due,
                status=a.status,
                last_update=a.last_update,
            )


def _overdue(a: Action, status: str | None, as_of: dt.date) -> bool:
    """Due before ``as_of``, not done, and no update on or after the due date (an update
    that is no date is PL-13's)."""
    if not isinstance(a.due, dt.date) or a.due >= as_of or status == DONE:
        return False
    if a.last_update is None:
        return True
    return isinstance(a.last_update, dt.date) and a.last_update < a.due


def _measures(plan: Plan) -> Iterator[Finding]:
    asks = {_id(a.ask_id) for a in plan.asks}
    for m in plan.measures:
        name = _id(m.measure_id) or "(no id)"
        if _id(m.ask_id) not in asks:
            yield _finding(
                "PL-11", "measures", m.row, "ask_id", what="measure", id=name, value=m.ask_id
            )
        if not _blank(m.indicator) and known_indicator(m.indicator) is None:
            yield _finding(
                "PL-07", "measures", m.row, "indicator", measure_id=name, value=m.indicator
            )
        if _blank(m.target):
            yield _finding("PL-08", "measures", m.row, "target", measure_id=name)
        for column in ("target", "value"):
            value = getattr(m, column)
            if isinstance(value, str) and value.strip():
                yield _finding("PL-09", "measures", m.row, column, measure_id=name, value=value)
        if canonical_direction(m.direction) is None:
            yield _finding(
                "PL-10", "measures", m.row, "direction", measure_id=name, value=m.direction
            )
        if _blank(m.indicator) and (_blank(m.value) or _blank(m.source)):
            yield _finding(
                "PL-15",
                "measures",
                m.row,
                "source" if not _blank(m.value) else "indicator",
                measure_id=name,
            )


def _history(plan: Plan) -> Iterator[Finding]:
    measures = {_id(m.measure_id) for m in plan.measures}
    for h in plan.history:
        if _id(h.measure_id) and _id(h.measure_id) not in measures:
            yield _finding("PL-16", "history", h.row, "measure_id", value=h.measure_id)


def _order(f: Finding) -> tuple:
    return (
        SHEET_ORDER.get(f.sheet, 99),
        f.row if f.row is not None else 0,
        f.rule,
        f.column or "",
    )


def check(plan: Plan, as_of: dt.date | None = None) -> CheckResult:
    """Every finding of ``plan`` on ``as_of`` (default today), in sheet and row order."""
    day = as_of or dt.date.today()
    findings: list[Finding] = []
    for found in (
        _ids(plan),
        _dates(plan),
        _asks(plan),
        _actions(plan, day),
        _measures(plan),
        _history(plan),
    ):
        findings.extend(found)
    findings.sort(key=_order)
    return CheckResult(day, findings, plan.source)


def ask_actions(plan: Plan, ask: Ask) -> list[Action]:
    """The actions of one ask (by ask_id), in the plan's order."""
    return [a for a in plan.actions if _id(a.ask_id) == _id(ask.ask_id)]


def ask_measures(plan: Plan, ask: Ask) -> list[Measure]:
    """The measures of one ask (by ask_id), in the plan's order."""
    return [m for m in plan.measures if _id(m.ask_id) == _id(ask.ask_id)]
