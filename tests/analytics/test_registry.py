"""The analytics on the registry embedded in the package (built from ../shared's reports)."""

from __future__ import annotations

import datetime as dt

import pytest

from cscwatch import reference
from cscwatch.analytics import asof, survival, timeline, transitions
from cscwatch.analytics.inspections import GRADES, HEADLINE_AREAS
from cscwatch.registry import store
from cscwatch.registry.queries import load_history
from cscwatch.render import annual, output


@pytest.fixture(scope="module")
def history():
    history = load_history(store.connect("embedded"))
    if not history.reports:
        pytest.skip("the embedded registry is empty")
    return history


@pytest.mark.parametrize("day", ["2014-01-31", "2019-08-31", "2021-04-01", "2024-03-31"])
def test_counts_add_up(history, day):
    r = asof.national(history, day)
    assert r["councils"] == len(reference.existing_on(dt.date.fromisoformat(day)))
    for area in HEADLINE_AREAS:
        a = r["areas"][area]
        assert a["graded"] + a["not_judged"] + a["no_report"] == r["councils"]
    g = asof.grade_on(history, day)
    assert sum(c["overall"] == "inadequate" for c in g) == r["areas"]["overall"]["inadequate"]
    assert output.dumps(r)


def test_known_facts(history):
    """Facts read from the reports by eye."""
    on = {c["la_code"]: c for c in asof.grade_on(history, "2019-08-31")}
    # Sunderland: inadequate (SIF, published 25 July 2018); Medway: inadequate (ILACS,
    # published 27 August 2019, days before the date).
    assert on["394"]["overall"] == "inadequate"
    assert on["887"]["overall"] == "inadequate"
    # Sunderland's next inspection (2021) is outstanding.
    later = {c["la_code"]: c for c in asof.grade_on(history, "2021-09-01")}
    assert later["394"]["overall"] == "outstanding"
    # Bournemouth, Christchurch and Poole only from 1 April 2019.
    assert "839" not in {c["la_code"] for c in asof.grade_on(history, "2019-03-31")}


def test_timeline_and_transitions(history):
    t = timeline.la_timeline(history, "Sunderland")
    full = [r for r in t["inspections"] if r["kind"] == "inspection"]
    assert [r["overall"] for r in full[:3]] == ["inadequate", "inadequate", "outstanding"]
    assert full[2]["direction"] == "improved"
    m = transitions.transitions(history)
    assert m["pairs"] > 50
    assert 0 < m["inadequate_improved_share"] <= 1


def test_time_to_improve(history):
    r = survival.time_to_improve(history, "2024-03-31", by="framework")
    assert r["n"] == r["events"] + r["censored"] > 10
    assert r["median_days"] is not None and 365 < r["median_days"] < 5 * 365
    lo, hi = r["median_ci"]
    assert lo is None or lo <= r["median_days"]
    assert set(r["groups"]) <= {"SIF", "ILACS"}
    assert all(p["survival"] <= 1 for p in r["curve"])


def test_trend_and_annual(history):
    rows = asof.trend(history, "2014-01-01", "2024-03-31")
    assert len(rows) == 41
    assert all(r["graded"] <= r["councils"] for r in rows)
    html = annual.annual_report(history, "2024-03-31")
    assert "Councils judged inadequate overall" in html
    for g in GRADES:
        assert g in html or g.replace("_", " ") in html.lower()
