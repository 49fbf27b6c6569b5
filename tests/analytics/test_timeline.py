"""One council's timeline, on the hand-made registry."""

from __future__ import annotations

import datetime as dt

import pytest

from cscwatch.analytics.timeline import la_timeline
from cscwatch.render import output


def days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def test_barnsley_in_order_with_direction_and_gaps(hand):
    t = la_timeline(hand, "Barnsley", as_of="2020-01-01")
    assert t["council"]["la_code"] == "370" and t["council"]["urn"] == "80426"
    rows = t["inspections"]
    # The duplicate file of the 2017 inspection is shown once.
    assert [r["source_file"] for r in rows] == [
        "barnsley/sif-2015.pdf",
        "barnsley/mv-2015.pdf",
        "barnsley/sif-2017.pdf",
        "barnsley/fv-2018.pdf",
        "barnsley/ilacs-2019.pdf",
    ]
    assert [r["direction"] for r in rows] == [None, None, "improved", None, "improved"]
    assert rows[0]["days_since_previous"] is None
    assert rows[1]["days_since_previous"] == 174  # 2015-03-20 to 2015-09-10
    assert rows[2]["days_since_previous"] == days("2015-03-20", "2017-06-01") == 804
    assert rows[4]["days_since_previous"] == days("2017-06-01", "2019-05-01") == 699
    assert rows[4]["care_leavers"] is None and rows[4]["cic_combined"] is True
    assert not any(r["predecessor"] for r in rows)
    assert t["current"]["overall"] == "good"
    assert [n["la_code"] for n in t["neighbours"]][:2] == ["372", "384"]
    assert output.dumps(t)


@pytest.mark.parametrize("query", ["Barnsly", "370", "80426", "E08000016", "barnsley-370"])
def test_lookup_by_spelling_and_codes(hand, query):
    assert la_timeline(hand, query)["council"]["name"] == "Barnsley"


def test_unknown_council_suggests_close_names(hand):
    with pytest.raises(LookupError, match="did you mean: .*Southampton"):
        la_timeline(hand, "Gotham")
    with pytest.raises(LookupError, match="no council matches 'zzzz'"):
        la_timeline(hand, "zzzz")


def test_successor_shows_predecessor_inspections_marked(hand):
    t = la_timeline(hand, "North Northamptonshire")
    assert t["council"]["start_date"] == "2021-04-01"
    assert t["council"]["predecessors"] == [{"la_code": "928", "name": "Northamptonshire"}]
    rows = t["inspections"]
    assert [r["la_code"] for r in rows] == ["928", "928", "928", "940"]
    assert [r["predecessor"] for r in rows] == [True, True, True, False]
    own = rows[-1]
    assert own["direction"] == "improved"  # inadequate (Northamptonshire 2019) to RI
    assert own["days_since_previous"] == days("2019-11-15", "2022-11-25")
    assert rows[1]["direction"] == "improved" and rows[2]["direction"] == "declined"
    # West Northamptonshire: no inspection of its own yet, only its predecessor's.
    w = la_timeline(hand, "941")
    assert [r["predecessor"] for r in w["inspections"]] == [True, True, True]
    assert w["current"]["overall"] is None
    neighbours = {n["la_code"]: n for n in t["neighbours"]}
    assert neighbours["941"]["overall"] is None


def test_abolished_council_lists_successors(hand):
    t = la_timeline(hand, "Northamptonshire")
    assert t["council"]["end_date"] == "2021-03-31"
    assert [s["la_code"] for s in t["council"]["successors"]] == ["940", "941"]
    assert not any(r["predecessor"] for r in t["inspections"])


def test_council_with_no_report_says_so_and_shows_its_successors():
    """Northamptonshire without its reports (as in ../shared, which has none): the council, its
    dates and its successors with their grades, and reports_held 0."""
    from .handmade import HAND_ROWS, make_history

    hist = make_history([r for r in HAND_ROWS if r["la_code"] != "928"])
    t = la_timeline(hist, "Northamptonshire", as_of="2024-01-01")
    assert t["reports_held"] == 0 and t["inspections"] == []
    assert (t["council"]["la_code"], t["council"]["end_date"]) == ("928", "2021-03-31")
    north, west = t["council"]["successors"]
    # North Northamptonshire: RI overall, published 20 January 2023; West: not inspected.
    assert (north["la_code"], north["start_date"]) == ("940", "2021-04-01")
    assert (north["overall"], north["children_in_care"], north["published"]) == (
        "requires_improvement",
        "good",
        "2023-01-20",
    )
    assert west["la_code"] == "941" and west["overall"] is None and west["published"] is None
    # Before North Northamptonshire's report was published it had no grade.
    early = la_timeline(hist, "Northamptonshire", as_of="2022-12-31")["council"]["successors"]
    assert early[0]["overall"] is None
    # With the reports, the count is of the council's own reports (visits included).
    assert la_timeline(make_history(HAND_ROWS), "928")["reports_held"] == 3
    # West Northamptonshire: none of its own, only its predecessor's.
    w = la_timeline(make_history(HAND_ROWS), "941")
    assert w["reports_held"] == 0 and len(w["inspections"]) == 3
