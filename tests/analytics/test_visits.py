"""Visits between inspections over a small hand-made history: every expected figure is worked
out by hand from the rows below."""

from __future__ import annotations

import datetime as dt

from cscwatch.analytics import visits
from cscwatch.analytics.timeline import la_timeline

from .handmade import GOOD, INAD, RI, ilacs, make_history, report


def _visit(la, name, end, published, kind="focused_visit", **kw):
    return report(la, name, end, published, kind=kind, framework=None, **kw)


ROWS = [
    # Wigan (359): RI 2017; focused visit 2018 sets 2 priority actions; inadequate 2019;
    # monitoring visits 1 and 2; good 2021.
    ilacs("359", "wigan/ilacs-2017.pdf", "2017-11-01", "2017-12-15", RI),
    _visit(
        "359", "wigan/fv-2018.pdf", "2018-06-02", "2018-07-01", focus="cin_cp", priority_actions=2
    ),
    ilacs("359", "wigan/ilacs-2019.pdf", "2019-03-01", "2019-04-10", INAD),
    _visit(
        "359",
        "wigan/mv1.pdf",
        "2019-07-20",
        "2019-08-20",
        kind="monitoring_visit",
        focus="front_door",
        visit_number=1,
    ),
    _visit(
        "359",
        "wigan/mv2.pdf",
        "2019-11-15",
        "2019-12-20",
        kind="monitoring_visit",
        focus="children_in_care",
        visit_number=2,
    ),
    ilacs("359", "wigan/ilacs-2021.pdf", "2021-02-01", "2021-03-10", GOOD),
    # Bolton (350): good 2017; focused visit 2019 with none; good again 2022; visit 2023 with none.
    ilacs("350", "bolton/ilacs-2017.pdf", "2017-05-01", "2017-06-01", GOOD),
    _visit(
        "350",
        "bolton/fv-2019.pdf",
        "2019-05-10",
        "2019-06-10",
        focus="care_leavers",
        priority_actions=0,
    ),
    ilacs("350", "bolton/ilacs-2022.pdf", "2022-01-20", "2022-03-01", GOOD),
    _visit(
        "350",
        "bolton/fv-2023.pdf",
        "2023-09-10",
        "2023-10-10",
        focus="front_door",
        priority_actions=0,
    ),
]


def _hist():
    return make_history(ROWS)


def test_history_lists_the_visits_in_order():
    h = _hist()
    assert [r.source_file for r in h.visits] == [
        "wigan/fv-2018.pdf",
        "bolton/fv-2019.pdf",
        "wigan/mv1.pdf",
        "wigan/mv2.pdf",
        "bolton/fv-2023.pdf",
    ]
    assert h.current("359", dt.date(2019, 8, 1)).source_file == "wigan/ilacs-2019.pdf"


def test_visit_list_with_grade_at_visit_and_next_grade():
    rows = visits.visit_list(_hist(), ["359"], priority_actions=True)
    assert [(r["source_file"], r["grade_at_visit"], r["next_overall"]) for r in rows] == [
        ("wigan/fv-2018.pdf", RI, INAD)
    ]
    since = visits.visit_list(_hist(), since=dt.date(2019, 6, 1))
    assert [r["source_file"] for r in since] == [
        "wigan/mv1.pdf",
        "wigan/mv2.pdf",
        "bolton/fv-2023.pdf",
    ]


def test_visits_per_year_and_focus():
    got = {
        (r["year"], r["kind"], r["focus"]): r["visits"] for r in visits.by_year_and_focus(_hist())
    }
    assert got == {
        (2018, "focused_visit", "cin_cp"): 1,
        (2019, "focused_visit", "care_leavers"): 1,
        (2019, "monitoring_visit", "front_door"): 1,
        (2019, "monitoring_visit", "children_in_care"): 1,
        (2023, "focused_visit", "front_door"): 1,
    }


def test_share_setting_priority_actions_by_grade_at_the_visit():
    rows = {r["grade_at_visit"]: r for r in visits.priority_share_by_grade(_hist())}
    assert (rows[RI]["focused_visits"], rows[RI]["with_priority_actions"]) == (1, 1)
    assert rows[RI]["share_pct"] == 100.0
    assert (rows[GOOD]["focused_visits"], rows[GOOD]["with_priority_actions"]) == (2, 0)
    assert rows[INAD]["share_pct"] is None


def test_next_grade_with_and_without_priority_actions():
    got = visits.next_grade_after_focused(_hist())
    assert got["with_priority_actions"][INAD] == 1
    assert got["with_priority_actions"]["visits"] == 1
    # Bolton 2019 -> good in 2022; Bolton 2023 not inspected since.
    assert got["without_priority_actions"][GOOD] == 1
    assert got["without_priority_actions"]["not_yet_inspected"] == 1


def test_monitoring_visits_after_an_inadequate_judgement():
    (row,) = visits.monitoring_after_inadequate(_hist())
    assert row["la_code"] == "359"
    assert row["monitoring_visits"] == 2
    # published 10 April 2019 -> first monitoring visit ended 20 July 2019: 101 days
    assert row["days_to_first_visit"] == 101
    assert row["next_overall"] == GOOD
    assert visits.summary(_hist())["median_days_to_first_monitoring_visit"] == 101.0


def test_timeline_marks_visits():
    t = la_timeline(_hist(), "Wigan", as_of="2024-01-01")
    marked = [
        (e["source_file"], e["visit"], e["visit_number"]) for e in t["inspections"] if e["visit"]
    ]
    assert marked == [
        ("wigan/fv-2018.pdf", True, None),
        ("wigan/mv1.pdf", True, 1),
        ("wigan/mv2.pdf", True, 2),
    ]
    assert "interventions" not in t
    t = la_timeline(
        _hist(),
        "Wigan",
        interventions=[
            {
                "la_code": "359",
                "kind": "improvement_board",
                "detail": "improvement board",
                "date": "2019-05",
                "date_stated": True,
                "page": 3,
                "source_file": "wigan/mv1.pdf",
            },
            {
                "la_code": "350",
                "kind": "commissioner",
                "detail": "x",
                "date": "2019",
                "date_stated": True,
                "page": 1,
                "source_file": "bolton/x.pdf",
            },
        ],
    )
    assert [i["kind"] for i in t["interventions"]] == ["improvement_board"]
