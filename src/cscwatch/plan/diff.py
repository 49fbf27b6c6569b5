"""``plan diff``: what moved between two versions of a plan (the last board's and this one's),
as plain data. Records are matched by their ids (ask_id, action_id, measure_id; a history row by
its pack date and measure); statuses are compared as statuses ('On track' is 'on track').
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cscwatch.plan.model import HistoryRow, Plan, canonical_status

__all__ = ["CHANGES", "PlanDiff", "diff"]

# The kinds of change, in the order they are listed.
CHANGES = (
    "ask added",
    "ask removed",
    "action added",
    "action removed",
    "status changed",
    "due date moved",
    "update",
    "evidence added",
    "measure added",
    "measure removed",
    "target changed",
    "history added",
)


@dataclass
class PlanDiff:
    """What changed from ``old`` to ``new``: one record per change, each with ``change`` (one
    of CHANGES), ``sheet``, ``id`` (the record's id), ``ask_id``, ``from`` and ``to``."""

    old: str | None
    new: str | None
    changes: list[dict[str, Any]] = field(default_factory=list)

    def of(self, change: str) -> list[dict[str, Any]]:
        return [c for c in self.changes if c["change"] == change]

    @property
    def summary(self) -> dict[str, int]:
        return {c: len(self.of(c)) for c in CHANGES if self.of(c)}

    def records(self) -> list[dict[str, Any]]:
        return [dict(c) for c in self.changes]

    def document(self) -> dict[str, Any]:
        """The JSON document of ``plan diff --format json``."""
        return {
            "old": self.old,
            "new": self.new,
            "summary": self.summary,
            "changes": [{k: _plain(v) for k, v in c.items()} for c in self.changes],
        }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _key(value: object) -> str:
    return "" if value is None else str(value).strip()


def _by_id(records: list[Any], attr: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for r in records:
        key = _key(getattr(r, attr))
        if key and key not in out:
            out[key] = r
    return out


def _change(change: str, sheet: str, id_: str, ask_id: Any, old: Any, new: Any) -> dict:
    return {
        "change": change,
        "sheet": sheet,
        "id": id_,
        "ask_id": _key(ask_id) or None,
        "from": old,
        "to": new,
    }


def _status(value: object) -> object:
    return canonical_status(value) or value


def _history_key(h: HistoryRow) -> tuple[str, str]:
    day = h.pack_date.isoformat() if isinstance(h.pack_date, dt.date) else _key(h.pack_date)
    return (day, _key(h.measure_id))


def diff(old: Plan, new: Plan) -> PlanDiff:
    """The changes from ``old`` to ``new``, in the order of CHANGES, each kind in the order of
    the new plan (removals in the order of the old)."""
    out: list[dict[str, Any]] = []
    asks_old, asks_new = _by_id(old.asks, "ask_id"), _by_id(new.asks, "ask_id")
    for k, a in asks_new.items():
        if k not in asks_old:
            out.append(_change("ask added", "asks", k, k, None, a.report))
    for k, a in asks_old.items():
        if k not in asks_new:
            out.append(_change("ask removed", "asks", k, k, a.report, None))

    acts_old, acts_new = _by_id(old.actions, "action_id"), _by_id(new.actions, "action_id")
    for k, a in acts_new.items():
        if k not in acts_old:
            out.append(_change("action added", "actions", k, a.ask_id, None, a.status))
    for k, a in acts_old.items():
        if k not in acts_new:
            out.append(_change("action removed", "actions", k, a.ask_id, a.status, None))
    both = [(k, acts_old[k], a) for k, a in acts_new.items() if k in acts_old]
    for k, was, now in both:
        if _status(was.status) != _status(now.status):
            out.append(_change("status changed", "actions", k, now.ask_id, was.status, now.status))
    for k, was, now in both:
        if was.due != now.due:
            out.append(_change("due date moved", "actions", k, now.ask_id, was.due, now.due))
    for k, was, now in both:
        if now.last_update is not None and was.last_update != now.last_update:
            out.append(
                _change("update", "actions", k, now.ask_id, was.last_update, now.last_update)
            )
    for k, was, now in both:
        if _key(now.evidence) and _key(was.evidence) != _key(now.evidence):
            out.append(
                _change("evidence added", "actions", k, now.ask_id, was.evidence, now.evidence)
            )

    ms_old, ms_new = _by_id(old.measures, "measure_id"), _by_id(new.measures, "measure_id")
    for k, m in ms_new.items():
        if k not in ms_old:
            out.append(_change("measure added", "measures", k, m.ask_id, None, m.target))
    for k, m in ms_old.items():
        if k not in ms_new:
            out.append(_change("measure removed", "measures", k, m.ask_id, m.target, None))
    for k, now in ms_new.items():
        was = ms_old.get(k)
        if was is not None and was.target != now.target:
            out.append(_change("target changed", "measures", k, now.ask_id, was.target, now.target))

    seen = {_history_key(h) for h in old.history}
    for h in new.history:
        if _history_key(h) not in seen:
            day, measure = _history_key(h)
            out.append(_change("history added", "history", f"{day}/{measure}", None, None, h.value))
    return PlanDiff(old.source, new.source, out)
