"""Time from inadequate to improvement (Kaplan-Meier), on the hand-made registry."""

from __future__ import annotations

import datetime as dt

import pytest

from cscwatch.analytics.survival import spells, time_to_improve
from cscwatch.render import output

from .handmade import HAND_ROWS, make_history, report


def days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def test_spells_and_censoring_by_hand(hand):
    got = {(s["la_code"], s["start"]): s for s in spells(hand, "2024-03-31")}
    assert set(got) == {
        ("928", "2013-08-01"),
        ("370", "2015-05-01"),
        ("351", "2019-09-01"),
        ("928", "2020-01-10"),
    }
    n1 = got[("928", "2013-08-01")]
    assert (n1["days"], n1["event"], n1["end"]) == (1065, True, "2016-07-01")
    b = got[("370", "2015-05-01")]
    assert (b["days"], b["event"], b["outcome"]) == (805, True, "requires_improvement")
    assert b["days"] == days("2015-05-01", "2017-07-14")
    # Bury: inadequate again in 2022, the same spell, still open: censored on the as-of date.
    bury = got[("351", "2019-09-01")]
    assert (bury["days"], bury["event"], bury["outcome"]) == (1673, False, "still_inadequate")
    assert bury["days"] == days("2019-09-01", "2024-03-31")
    # Northamptonshire abolished while inadequate: censored on its last day.
    n2 = got[("928", "2020-01-10")]
    assert (n2["days"], n2["event"], n2["outcome"]) == (446, False, "abolished")


def test_kaplan_meier_by_hand(hand):
    r = time_to_improve(hand, "2024-03-31")
    assert (r["n"], r["events"], r["censored"]) == (4, 2, 2)
    # Times 446c, 805e, 1065e, 1673c: S(805) = 2/3, S(1065) = 2/3 * 1/2 = 1/3.
    curve = {p["days"]: p["survival"] for p in r["curve"]}
    assert curve[0.0] == 1.0
    assert curve[446.0] == 1.0
    assert curve[805.0] == pytest.approx(2 / 3)
    assert curve[1065.0] == pytest.approx(1 / 3)
    assert curve[1673.0] == pytest.approx(1 / 3)
    assert r["median_days"] == 1065.0
    lo, hi = r["median_ci"]
    assert lo is None or lo <= 1065.0
    assert hi is None or hi >= 1065.0
    for p in r["curve"]:
        assert p["lo"] is None or p["lo"] <= p["survival"] + 1e-9
        assert p["hi"] is None or p["hi"] >= p["survival"] - 1e-9
    assert output.dumps(r)


def test_censored_at_earlier_as_of(hand):
    r = time_to_improve(hand, "2017-01-01")
    by = {s["la_code"]: s for s in r["spells"]}
    # Barnsley's RI report (2017-07-14) is not yet out: still inadequate on 2017-01-01.
    assert (by["370"]["days"], by["370"]["event"]) == (days("2015-05-01", "2017-01-01"), False)
    assert (r["n"], r["events"], r["censored"]) == (2, 1, 1)
    # 611 censored, 1065 event with one at risk: the curve falls to 0 at 1065.
    assert r["median_days"] == 1065.0


def test_no_overall_judgement_censors_at_that_inspection():
    rows = [
        report("350", "a.pdf", "2024-01-10", "2024-03-01", grade="inadequate"),
        report("350", "b.pdf", "2026-05-01", "2026-06-15", overall=None, leadership="good"),
    ]
    (s,) = spells(make_history(rows), "2026-12-31")
    assert (s["end"], s["event"], s["outcome"]) == ("2026-06-15", False, "not_judged")


def test_groups(hand):
    r = time_to_improve(hand, "2024-03-31", by="framework")
    assert set(r["groups"]) == {"SIF", "ILACS"}
    assert r["groups"]["SIF"]["n"] == 2 and r["groups"]["SIF"]["events"] == 2
    assert r["groups"]["ILACS"]["censored"] == 2
    assert r["groups"]["SIF"]["median_days"] is None  # too few spells to estimate
    # With enough spells a group gets its own curve.
    many = make_history(
        HAND_ROWS
        + [
            report(code, f"{code}-{k}.pdf", f"201{k}-01-01", f"201{k}-02-01", grade=g)
            for code in ("202", "203", "204", "205", "206")
            for k, g in ((4, "inadequate"), (6, "good"))
        ]
    )
    r = time_to_improve(many, "2024-03-31", by="region")
    assert r["groups"]["London"]["n"] == 5 and r["groups"]["London"]["median_days"] == 730.0
    assert r["groups"]["London"]["curve"]
    with pytest.raises(ValueError):
        time_to_improve(hand, "2024-03-31", by="colour")


def test_spells_from_requires_improvement_by_hand(hand):
    """From RI the spell runs until a judgement better than RI; a later inadequate one does not
    end it (Bury: RI 2017, inadequate 2019 and 2022: still not better). On 2026-11-30."""
    got = {
        (s["la_code"], s["start"]): s
        for s in spells(hand, "2026-11-30", grade="requires_improvement")
    }
    assert set(got) == {("370", "2017-07-14"), ("351", "2017-01-10"), ("928", "2016-07-01"),
                        ("940", "2023-01-20")}  # fmt: skip
    b = got[("370", "2017-07-14")]
    assert (b["days"], b["event"], b["outcome"]) == (days("2017-07-14", "2019-06-20"), True, "good")
    bury = got[("351", "2017-01-10")]
    assert (bury["event"], bury["outcome"]) == (False, "still_requires_improvement")
    assert got[("928", "2016-07-01")]["outcome"] == "abolished"
    result = time_to_improve(hand, "2026-11-30", grade="requires_improvement")
    assert (result["n"], result["events"], result["median_days"]) == (4, 1, None)  # S = 3/4
    assert "good or better" in result["rule"]
    # the default is the inadequate rule, unchanged
    assert time_to_improve(hand, "2026-11-30")["rule"].startswith(
        "Days from an inadequate overall judgement to the next judgement of requires improvement"
    )
    with pytest.raises(ValueError, match="unknown grade"):
        spells(hand, "2026-11-30", grade="excellent")
