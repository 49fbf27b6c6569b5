"""The analytics on the registry embedded in the package (built from ../shared's reports)."""

from __future__ import annotations

import datetime as dt

import pytest

from cscwatch import output, reference
from cscwatch.analytics import annual, asof, survival, timeline, transitions
from cscwatch.analytics.inspections import GRADES, HEADLINE_AREAS
from cscwatch.analytics.load import load_frame


@pytest.fixture(scope="module")
def frame():
    f = load_frame("embedded")
    if f.empty:
        pytest.skip("the embedded registry is empty")
    return f


@pytest.mark.parametrize("day", ["2014-01-31", "2019-08-31", "2021-04-01", "2024-03-31"])
def test_counts_add_up(frame, day):
    r = asof.national(frame, day)
    assert r["councils"] == len(reference.existing_on(dt.date.fromisoformat(day)))
    for area in HEADLINE_AREAS:
        a = r["areas"][area]
        assert a["graded"] + a["not_judged"] == r["councils"]
    g = asof.grade_on(frame, day)
    assert (g["overall"] == "inadequate").sum() == r["areas"]["overall"]["inadequate"]
    assert output.dumps(r)


def test_known_facts(frame):
    """Facts read from the reports by eye."""
    on = asof.grade_on(frame, "2019-08-31").set_index("la_code")
    # Sunderland: inadequate (SIF, published 25 July 2018); Medway: inadequate (ILACS,
    # published 27 August 2019, days before the date).
    assert on.loc["394", "overall"] == "inadequate"
    assert on.loc["887", "overall"] == "inadequate"
    # Sunderland's next inspection (2021) is outstanding.
    assert asof.grade_on(frame, "2021-09-01").set_index("la_code").loc["394", "overall"] == (
        "outstanding"
    )
    # Bournemouth, Christchurch and Poole only from 1 April 2019.
    assert "839" not in asof.grade_on(frame, "2019-03-31")["la_code"].tolist()


def test_timeline_and_transitions(frame):
    t = timeline.la_timeline(frame, "Sunderland")
    overall = [r["overall"] for r in t["inspections"] if r["kind"] == "inspection"]
    assert overall[:3] == ["inadequate", "inadequate", "outstanding"]
    assert t["inspections"][2]["direction"] == "improved"
    m = transitions.transitions(frame)
    assert m["pairs"] > 50
    assert 0 < m["inadequate_improved_share"] <= 1


def test_time_to_improve(frame):
    r = survival.time_to_improve(frame, "2024-03-31", by="framework")
    assert r["n"] == r["events"] + r["censored"] > 10
    assert r["median_days"] is not None and 365 < r["median_days"] < 5 * 365
    lo, hi = r["median_ci"]
    assert lo is None or lo <= r["median_days"]
    assert set(r["groups"]) <= {"SIF", "ILACS"}
    assert all(p["survival"] <= 1 for p in r["curve"])


def test_trend_and_annual(frame):
    rows = asof.trend(frame, "2014-01-01", "2024-03-31")
    assert len(rows) == 41
    assert all(r["graded"] <= r["councils"] for r in rows)
    html = annual.annual_report(frame, "2024-03-31")
    assert "Councils judged inadequate overall" in html
    for g in GRADES:
        assert g in html or g.replace("_", " ") in html.lower()
