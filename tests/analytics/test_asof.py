"""The national picture on a date, checked against answers worked out by hand from HAND_ROWS."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cscwatch import reference
from cscwatch.analytics import asof
from cscwatch.analytics.inspections import GRADES
from cscwatch.render import output

from .handmade import make_history

D = dt.date(2019, 8, 31)


def names(result, grade, area="overall"):
    return [c["name"] for c in result["areas"][area]["councils"][grade]]


def codes(result, grade, area="overall"):
    return {c["la_code"] for c in result["areas"][area]["councils"][grade]}


def test_national_on_31_august_2019(hand):
    r = asof.national(hand, D)
    councils = len(reference.existing_on(D))
    assert r["as_of"] == "2019-08-31"
    assert r["councils"] == councils
    ov = r["areas"]["overall"]
    # Barnsley good (2019), Bolton outstanding (published on D), Bury RI (its inadequate report
    # is published the day after), Calderdale good (end date), Northamptonshire RI (2016).
    assert (ov["outstanding"], ov["good"], ov["requires_improvement"], ov["inadequate"]) == (
        1,
        2,
        2,
        0,
    )
    # Every other council has no full inspection in this registry: no report, not "not judged".
    assert ov["not_judged"] == 0
    assert ov["no_report"] == councils - 5
    assert ov["graded"] == 5
    assert ov["percent"] == {
        "outstanding": 20.0,
        "good": 40.0,
        "requires_improvement": 40.0,
        "inadequate": 0.0,
    }
    assert names(r, "good") == ["Barnsley", "Calderdale"]
    assert codes(r, "requires_improvement") == {"351", "928"}
    assert r["published_estimated"] == 1  # Calderdale
    assert r["inspected"] == 5
    calderdale = r["areas"]["overall"]["councils"]["good"][1]
    assert calderdale == {
        "la_code": "381",
        "name": "Calderdale",
        "inspection_end": "2018-12-19",
        "published": None,
        "published_estimated": True,
    }
    bolton = r["areas"]["overall"]["councils"]["outstanding"][0]
    assert bolton["published"] == "2019-08-31" and bolton["inspection_end"] == "2019-07-20"


def test_care_leavers_not_judged_in_ilacs_before_2023_is_not_filled(hand):
    r = asof.national(hand, D)
    cl = r["areas"]["care_leavers"]
    # Barnsley and Bolton's current ILACS made no care leavers judgement; their older SIF
    # judgements must not stand in. Bury (SIF RI), Calderdale (SIF good), Northants (SIF RI).
    assert (cl["good"], cl["requires_improvement"], cl["outstanding"], cl["inadequate"]) == (
        1,
        2,
        0,
        0,
    )
    assert {"370", "350"} <= codes(r, "not_judged", "care_leavers")
    assert r["areas"]["children_in_care"]["outstanding"] == 1  # Bolton's ILACS did judge it


def test_boundaries_published_on_the_day_counts_the_day_after_does_not(hand):
    before = asof.national(hand, D - dt.timedelta(days=1))
    on = asof.national(hand, D)
    after = asof.national(hand, D + dt.timedelta(days=1))
    assert "350" in codes(before, "good") and "350" in codes(on, "outstanding")
    assert "351" in codes(on, "requires_improvement") and "351" in codes(after, "inadequate")
    # Unknown publication: the end date stands in, counted on that day and not the day before.
    assert "381" in codes(asof.national(hand, "2018-12-19"), "good")
    assert "381" in codes(asof.national(hand, "2018-12-18"), "no_report")


def test_visits_and_failed_parses_never_change_a_grade(hand):
    r = asof.national(hand, "2018-12-01")
    # Barnsley's focused visit says inadequate; its grade stays RI from 2017.
    assert "370" in codes(r, "requires_improvement")
    # Bury's error row (outstanding, 2019-05-01) is ignored: still RI from 2017.
    assert "351" in codes(asof.national(hand, "2019-06-01"), "requires_improvement")


def test_duplicate_files_of_one_inspection_count_once(hand):
    g = {r["la_code"]: r for r in asof.grade_on(hand, "2018-01-01")}
    assert g["370"]["source_file"] == "barnsley/sif-2017.pdf"  # stated date kept
    assert g["370"]["published_estimated"] is False


def test_reorganised_councils_count_only_while_they_exist(hand):
    last = asof.national(hand, "2021-03-31")
    first = asof.national(hand, "2021-04-01")
    assert names(last, "inadequate") == ["Bury", "Northamptonshire"]
    all_first = {c for g in (*GRADES, "not_judged", "no_report") for c in codes(first, g)}
    assert "928" not in all_first
    assert {"940", "941"} <= codes(first, "no_report")  # new councils, not yet inspected
    assert first["areas"]["overall"]["inadequate"] == 1  # only Bury
    assert first["councils"] == last["councils"] + 1  # one county became two unitaries
    later = asof.national(hand, "2023-01-20")
    assert "940" in codes(later, "requires_improvement")
    assert "941" in codes(later, "no_report")
    # Dorset and BCP: the old councils until 31 March 2019, the new ones from 1 April.
    old = {c["la_code"] for c in asof.grade_on(hand, "2019-03-31")}
    new = {c["la_code"] for c in asof.grade_on(hand, "2019-04-01")}
    assert {"835", "836", "837"} <= old and not ({"838", "839"} & old)
    assert {"838", "839"} <= new and not ({"835", "836", "837"} & new)


def test_overall_not_judged_from_2026_is_not_filled_from_2019(hand):
    r = asof.national(hand, "2026-07-01")
    assert "350" in codes(r, "not_judged")
    assert "350" in codes(r, "good", "help_and_protection")
    assert "350" in codes(r, "good", "care_leavers")


def test_contract_shape_and_json(hand):
    r = asof.national(hand, D)
    assert set(r) >= {"as_of", "councils", "areas"}
    assert list(r["areas"]) == [
        "overall",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
        "leadership",
    ]
    for area in r["areas"].values():
        for key in (*GRADES, "not_judged", "no_report"):
            assert isinstance(area[key], int)
        for g in GRADES:
            for entry in area["councils"][g]:
                assert set(entry) >= {"la_code", "name", "inspection_end", "published"}
    assert json.loads(output.dumps(r)) == r


def test_region_filter(hand):
    r = asof.national(hand, D, region="north west")
    assert r["region"] == "North West"
    assert r["areas"]["overall"]["outstanding"] == 1  # Bolton
    assert r["areas"]["overall"]["requires_improvement"] == 1  # Bury
    assert r["councils"] == sum(1 for c in reference.existing_on(D) if c.region == "North West")
    with pytest.raises(ValueError, match="regions are"):
        asof.national(hand, D, region="Atlantis")


def test_by_region(hand):
    rows = {r["region"]: r for r in asof.by_region(hand, D)}
    assert rows["North West"]["outstanding"] == 1
    assert rows["North West"]["pct_good_or_better"] == 50.0
    yh = rows["Yorkshire and the Humber"]  # Barnsley good, Calderdale good
    assert yh["good"] == 2 and yh["pct_good_or_better"] == 100.0
    assert rows["London"]["pct_good_or_better"] is None  # nobody graded
    assert sum(r["councils"] for r in rows.values()) == len(reference.existing_on(D))


def test_compare_against_a_year_earlier(hand):
    c = asof.compare(hand, "2020-01-10")
    assert c["other"] == "2019-01-10"
    inad = c["areas"]["overall"]["inadequate"]
    # 2019-01-10: nobody inadequate. 2020-01-10: Bury (2019-09-01) and Northants (2020-01-10).
    assert (inad["then"], inad["now"], inad["change"]) == (0, 2, 2)
    ri = c["areas"]["overall"]["requires_improvement"]
    # then: Barnsley, Bury, Northants RI; now: none.
    assert (ri["then"], ri["now"], ri["change"]) == (3, 0, -3)
    assert asof.compare(hand, "2020-02-29")["other"] == "2019-02-28"


def test_trend_quarter_ends(hand):
    rows = asof.trend(hand, "2019-01-01", "2019-12-31")
    assert [r["date"] for r in rows] == ["2019-03-31", "2019-06-30", "2019-09-30", "2019-12-31"]
    q3 = rows[2]
    # Barnsley good, Bolton outstanding, Bury inadequate, Calderdale good, Northants RI.
    assert q3["graded"] == 5 and q3["good_or_better"] == 3 and q3["inadequate"] == 1
    assert q3["pct_good_or_better"] == pytest.approx(60.0)
    assert q3["pct_inadequate"] == pytest.approx(20.0)
    assert rows[0]["good_or_better"] == 2  # Bolton good (2016), Calderdale good


def test_grade_on_one_row_per_existing_council(hand):
    g = asof.grade_on(hand, D)
    assert len(g) == len(reference.existing_on(D)) == len({r["la_code"] for r in g})
    assert all(list(r) == list(asof.GRADE_ON_COLUMNS) for r in g)
    row = next(r for r in g if r["la_code"] == "350")
    assert row["overall"] == "outstanding" and row["care_leavers"] is None
    assert row["framework"] == "ILACS"


def test_empty_history():
    r = asof.national(make_history([]), D)
    assert r["areas"]["overall"]["no_report"] == r["councils"]
    assert r["areas"]["overall"]["not_judged"] == 0
    assert r["coverage"]["not_in_registry"] == r["councils"] and r["coverage"]["partial"]
    assert r["areas"]["overall"]["percent"]["good"] is None


def test_no_report_and_not_judged_kept_apart(hand):
    # 1 July 2026: Bolton's 2026 ILACS made no overall judgement (not judged); Barnsley (2019),
    # Bury (2022), Calderdale (2018) and North Northamptonshire (2023) are graded; every other
    # council, West Northamptonshire (941) among them, has no full inspection here (no report).
    day = "2026-07-01"
    r = asof.national(hand, day)
    ov = r["areas"]["overall"]
    assert codes(r, "not_judged") == {"350"}
    assert ov["not_judged"] == 1 and ov["graded"] == 4
    assert ov["no_report"] == r["councils"] - 5
    assert "941" in codes(r, "no_report")
    # Help and protection: Bolton is judged there (good), so nobody is "not judged".
    hp = r["areas"]["help_and_protection"]
    assert hp["not_judged"] == 0 and hp["graded"] == 5
    # The same split in every view: by region, the summary rows, compare.
    nw = {x["region"]: x for x in asof.by_region(hand, day)}["North West"]
    assert (nw["not_judged"], nw["no_report"]) == (1, nw["councils"] - 2)  # Bolton; Bury graded
    row = asof.summary_rows(r)[0]
    assert (row["not_judged"], row["no_report"]) == (1, r["councils"] - 5)
    ch = asof.compare(hand, day, "2025-07-01")["areas"]["overall"]
    assert (ch["not_judged"]["then"], ch["not_judged"]["now"]) == (0, 1)  # Bolton outstanding


def test_coverage_says_why_councils_have_no_grade(hand):
    # 1 June 2015: Barnsley (SIF, published 1 May 2015) and Northamptonshire (SIF 2013) are
    # graded. Bolton, Bury, Calderdale and the two Northamptonshire unitaries (which do not exist
    # yet) are inspected only later; every other council has no full inspection here at all.
    day = dt.date(2015, 6, 1)
    cov = asof.coverage(hand, day)
    existing = {c.la_code for c in reference.existing_on(day)}
    later = {"350", "351", "381"} & existing
    assert cov["councils"] == len(existing)
    assert cov["inspected"] == 2
    assert cov["not_yet_inspected"] == len(later) == 3
    assert cov["not_in_registry"] == len(existing) - 2 - 3
    assert cov["no_report"] == cov["not_yet_inspected"] + cov["not_in_registry"]
    assert cov["partial"] is True
    notes = " ".join(cov["notes"])
    assert "3 of the" in notes and "2013-11-01" in notes  # the SIF's start, from the data
    assert f"no full inspection of {len(existing) - 5} of the {len(existing)}" in notes
    assert asof.national(hand, day)["coverage"] == cov
    # Before the SIF began, the note says no council could have a current-framework grade.
    early = asof.coverage(hand, "2013-06-30")
    assert early["inspected"] == 0 and "had been published by 2013-06-30" in early["notes"][0]
