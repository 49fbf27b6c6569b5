"""plan check: every rule of data/plan.yaml with a failing and a passing case, on the
hand-made plan of tests/plan/handmade.py (well formed on 2026-06-01)."""

from __future__ import annotations

import datetime as dt

import pytest

from cscwatch.plan.check import check, rules
from cscwatch.plan.model import Action, HistoryRow, Measure
from cscwatch.plan.workbook import read_plan, write_plan
from tests.plan.handmade import plan

AS_OF = dt.date(2026, 6, 1)


def numbered(p):
    """Rows as a workbook numbers them: the header is row 1."""
    for sheet in (p.asks, p.actions, p.measures, p.history):
        for i, r in enumerate(sheet, start=2):
            r.row = i
    return p


def found(p, as_of=AS_OF):
    return [(f.rule, f.sheet, f.row, f.column) for f in check(numbered(p), as_of).findings]


def test_the_handmade_plan_is_clean():
    result = check(plan(), AS_OF)
    assert result.findings == []
    assert result.summary == {"error": 0, "warning": 0}


def test_every_rule_is_tested_here():
    import inspect
    import sys

    source = inspect.getsource(sys.modules[__name__])
    assert all(f'"{rule}"' in source for rule in rules())


def _break(change):
    p = plan()
    change(p)
    return p


CASES = [
    # (rule, change that breaks it, expected (sheet, row, column)), the rule id in quotes
    ("PL-01", lambda p: p.actions.pop(2), ("asks", 3, "ask_id")),
    ("PL-02", lambda p: setattr(p.actions[0], "owner", " "), ("actions", 2, "owner")),
    ("PL-03", lambda p: setattr(p.actions[0], "due", None), ("actions", 2, "due")),
    # A3 due 30 April and at risk: its last update (6 May) is after the due date; one
    # before it (20 April) is not an update since
    (
        "PL-04",
        lambda p: setattr(p.actions[2], "last_update", dt.date(2026, 4, 20)),
        ("actions", 4, "last_update"),
    ),  # fmt: skip
    ("PL-05", lambda p: setattr(p.actions[1], "evidence", None), ("actions", 3, "evidence")),
    ("PL-06", lambda p: setattr(p.actions[0], "status", "green"), ("actions", 2, "status")),
    (
        "PL-07",
        lambda p: setattr(p.measures[0], "indicator", "IR-99"),
        ("measures", 2, "indicator"),
    ),  # fmt: skip
    ("PL-08", lambda p: setattr(p.measures[0], "target", None), ("measures", 2, "target")),
    (
        "PL-09",
        lambda p: setattr(p.measures[0], "target", "90 per cent"),
        ("measures", 2, "target"),
    ),  # fmt: skip
    (
        "PL-10",
        lambda p: setattr(p.measures[1], "direction", "up"),
        ("measures", 3, "direction"),
    ),  # fmt: skip
    (
        "PL-11",
        lambda p: p.actions.append(
            Action("2025-09-10/P9", "A4", "x", "Jo", dt.date(2026, 9, 1), "on track")
        ),
        ("actions", 5, "ask_id"),
    ),  # fmt: skip
    ("PL-12", lambda p: setattr(p.actions[2], "action_id", "A1"), ("actions", 4, "action_id")),
    (
        "PL-13",
        lambda p: setattr(p.actions[0], "last_update", "last week"),
        ("actions", 2, "last_update"),
    ),  # fmt: skip
    (
        "PL-14",
        lambda p: setattr(p.measures[1], "measure_id", None),
        ("measures", 3, "measure_id"),
    ),  # fmt: skip
    ("PL-15", lambda p: setattr(p.measures[1], "source", None), ("measures", 3, "source")),
    (
        "PL-16",
        lambda p: p.history.append(HistoryRow(dt.date(2026, 5, 1), "M9", 0.5)),
        ("history", 3, "measure_id"),
    ),  # fmt: skip
]


@pytest.mark.parametrize(("rule", "change", "where"), CASES, ids=[c[0] for c in CASES])
def test_rule_fails_where_broken(rule, change, where):
    got = found(_break(change))
    assert got == [(rule, *where)]


def test_overdue_action_with_update_passes_and_without_one_fails():
    p = plan()
    # A3 due 2026-04-30, at risk, updated 2026-05-06: on 2026-06-01 overdue but updated
    assert found(p) == []
    p.actions[2].last_update = None
    assert found(p) == [("PL-04", "actions", 4, "last_update")]
    assert found(p, dt.date(2026, 4, 30)) == []  # on its due date it is not overdue yet
    p.actions[2].status = "done"
    p.actions[2].evidence = "Tracker, May 2026"
    assert found(p) == []  # done is never overdue


def test_values_named_in_messages_and_statuses_read_loosely():
    p = plan()
    p.actions[0].status = "On  Track"  # case and spacing ignored
    p.actions[1].due = "next week"
    p.measures[0].indicator = "ir-12"
    f = check(numbered(p), AS_OF).findings
    assert [(x.rule, x.message) for x in f] == [
        ("PL-13", "due 'next week' is not a date: use YYYY-MM-DD"),
    ]


def test_a_measure_with_two_problems_and_the_severities():
    p = plan()
    p.measures.append(Measure("2025-03-01/R2", "M3", None, "Hand figure", "high", "more"))
    result = check(numbered(p), AS_OF)
    assert [(f.rule, f.column, f.severity) for f in result.findings] == [
        ("PL-09", "target", "error"),
        ("PL-10", "direction", "error"),
        ("PL-11", "ask_id", "error"),
        ("PL-15", "indicator", "warning"),
    ]
    assert result.summary == {"error": 3, "warning": 1}


def test_rows_are_the_sheet_rows_of_the_file(tmp_path):
    p = plan()
    p.actions.append(Action("2025-03-01/R1", "A4", "Recruit", None, "31/13/2026", "on track"))
    back = read_plan(write_plan(p, tmp_path / "plan.xlsx"))
    assert [(f.rule, f.sheet, f.row, f.column) for f in check(back, AS_OF).findings] == [
        ("PL-02", "actions", 5, "owner"),
        ("PL-13", "actions", 5, "due"),
    ]


def test_the_children_in_care_and_cp_indicators_are_known():
    # configured in indicators.yaml and now computed by readiness: no PL-07 for them
    for ind_id in ("IR-14", "IR-17", "IR-19", "IR-20", "IR-24", "IR-25", "IR-27", "IR-28"):
        p = plan()
        p.measures[0].indicator = ind_id.lower()
        assert "PL-07" not in [f.rule for f in check(numbered(p), AS_OF).findings], ind_id
