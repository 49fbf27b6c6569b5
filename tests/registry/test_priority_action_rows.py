"""A focused visit's areas for priority action, stored by the build as rows of kind
'priority_action' in the recommendations table, beside the tiny registry of tests/conftest.py
(Barnsley: inspections of 2014 and 2019): what reads that table keeps its meaning. The visit
falls between the two inspections, so were its rows taken for recommendations the 2014
recommendation raised again in 2019 would lose its recurrence."""

from __future__ import annotations

import pytest

from cscwatch.analytics import themes
from cscwatch.registry import build, recurrence
from cscwatch.reports.parse import parse_bytes
from cscwatch.search import index
from tests.conftest import FOCUSED_HEAD, SIGN, make_pdf

AREAS = """Areas for priority action
The local authority needs to take swift and decisive action to address the following
areas of weakness:
◼ Caseloads of social workers are too high.
◼ Management oversight of plans.
What needs to improve in this area of social work practice
◼ Recording of supervision.
Main findings
"""


def _barnsley_visit_2017():
    head = (
        FOCUSED_HEAD.replace("Wigan", "Barnsley")
        .replace("14 March 2024", "14 March 2017")
        .replace("30 and 31 January 2024", "30 and 31 January 2017")
    )
    report = parse_bytes(make_pdf([head, AREAS + SIGN]), "370_barnsley/focused visit 2017.pdf")
    assert (report.status, report.la_code, report.priority_actions) == ("ok", "370", 2)
    return report


@pytest.fixture()
def with_visit(text_registry):
    before = themes.theme_prevalence(text_registry)
    recurrence.flag_recurring(text_registry)
    recs_before = index.recommendations_for(text_registry, "370")
    with text_registry.begin() as conn:
        build.store(conn, _barnsley_visit_2017())
    flagged = recurrence.flag_recurring(text_registry)
    return text_registry, before, recs_before, flagged


def test_the_visit_rows_are_stored_with_their_kind_and_no_recurrence(with_visit):
    engine, *_ = with_visit
    rows = index.priority_actions_for(engine, "370")
    assert [(r["position"], r["text"], r["page"], r["report_kind"]) for r in rows] == [
        (1, "Caseloads of social workers are too high.", 2, "focused_visit"),
        (2, "Management oversight of plans.", 2, "focused_visit"),
    ]
    assert (rows[0]["visit_start"], rows[0]["visit_end"]) == ("2017-01-30", "2017-01-31")
    with engine.connect() as conn:
        recurs = conn.exec_driver_sql(
            "SELECT recurs FROM recommendations WHERE kind = 'priority_action'"
        ).all()
    assert recurs == [(None,), (None,)]


def test_recurrence_of_the_inspections_is_unchanged(with_visit):
    engine, _, recs_before, flagged = with_visit
    assert flagged == 1
    assert index.recommendations_for(engine, "370") == recs_before  # no visit rows listed
    assert [r["recurs"] for r in recs_before] == [True, False, None]
    with engine.connect() as conn:
        assert not recurrence.recurrence_stale(conn)


def test_theme_prevalence_is_unchanged(with_visit):
    engine, before, *_ = with_visit
    after = themes.theme_prevalence(engine)
    key = ("theme", "group", "value")
    old = {tuple(r[k] for k in key): r for r in before}
    new = {tuple(r[k] for k in key): r for r in after}
    # the visit is one more report (of 2017); what the inspections' recommendations say is not
    for k, r in new.items():
        if k[1:] == ("all", "all"):
            assert r["reports"] == old[k]["reports"] + 1
            assert r["reports_with_recommendations"] == old[k]["reports_with_recommendations"]
            assert r["in_recommendations"] == old[k]["in_recommendations"]
    caseloads = new[("caseloads", "all", "all")]
    assert (caseloads["in_recommendations"], caseloads["reports_with_recommendations"]) == (1, 3)


def test_the_visit_rows_have_theme_counts_of_their_own_section(with_visit):
    engine, *_ = with_visit
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT t.theme, t.section FROM theme_counts t JOIN reports r ON r.id = t.report_id "
            "WHERE r.kind = 'focused_visit' AND t.section != 'Main findings'"
        ).all()
    assert ("caseloads", "Priority actions") in rows
    assert all(section != "Recommendations" for _, section in rows)
