"""plan diff on two hand-made plans: October's and November's, every change typed here."""

from __future__ import annotations

import datetime as dt

from cscwatch.plan.diff import diff
from cscwatch.plan.model import Action, Ask, HistoryRow, Measure
from tests.plan.handmade import plan

D = dt.date


def november():
    p = plan()
    p.asks.append(Ask("2026-10-02/P1", "priority_action", "Monitoring visit", D(2026, 10, 2), 1))
    p.actions[0].status = "At risk"  # was on track
    p.actions[0].last_update = D(2026, 11, 3)  # was 20 May
    p.actions[2].due = D(2026, 12, 31)  # was 30 April
    p.actions[2].status = "AT RISK"  # the same status, written otherwise: no change
    p.actions.pop(1)  # A2 removed
    p.actions.append(Action("2026-10-02/P1", "A4", "Recruit", "HR", D(2027, 1, 31), "not started"))
    p.measures[0].target = 0.95  # was 0.9
    p.measures.append(Measure("2026-10-02/P1", "M3", "IR-34", None, 18.0, "lower"))
    p.history.append(HistoryRow(D(2026, 11, 1), "M1", 0.86, 0.9, False))
    return p


def test_what_moved_between_two_boards():
    d = diff(plan(), november())
    got = [(c["change"], c["id"], c["from"], c["to"]) for c in d.changes]
    assert got == [
        ("ask added", "2026-10-02/P1", None, "Monitoring visit"),
        ("action added", "A4", None, "not started"),
        ("action removed", "A2", "done", None),
        ("status changed", "A1", "on track", "At risk"),
        ("due date moved", "A3", D(2026, 4, 30), D(2026, 12, 31)),
        ("update", "A1", D(2026, 5, 20), D(2026, 11, 3)),
        ("measure added", "M3", None, 18.0),
        ("target changed", "M1", 0.9, 0.95),
        ("history added", "2026-11-01/M1", None, 0.86),
    ]
    assert d.summary["status changed"] == 1
    assert d.document()["changes"][4]["to"] == "2026-12-31"


def test_the_other_way_and_no_change():
    d = diff(november(), plan())
    kinds = [(c["change"], c["id"]) for c in d.changes]
    assert ("ask removed", "2026-10-02/P1") in kinds
    assert ("measure removed", "M3") in kinds
    assert ("action added", "A2") in kinds
    assert ("update", "A1") in kinds  # the date changed, to an earlier one
    assert not [k for k in kinds if k[0] == "history added"]
    assert diff(plan(), plan()).changes == []


def test_evidence_added():
    new = plan()
    new.actions[2].evidence = "Visit tracker, June 2026"
    d = diff(plan(), new)
    assert [(c["change"], c["id"], c["ask_id"]) for c in d.changes] == [
        ("evidence added", "A3", "2025-09-10/P1")
    ]
