"""Indicators worked out by hand on tiny synthetic cases."""

import pytest

from cscwatch.casework.frames import Context
from cscwatch.casework.indicators import INDICATORS
from cscwatch.casework.sample import case_sample

from .conftest import R, build


def ind(wb, ind_id):
    return INDICATORS[ind_id](Context.build(wb, R))


def test_ir04_45_working_days_across_bank_holidays():
    # start Thu 2 Apr 2026; Good Friday 3 Apr, Easter Monday 6 Apr and the May bank holidays
    # (4 and 25 May) are not working days. Counting working days d with start <= d < end:
    # April 2, 7-30 = 19; May 1, 5-22, 26-29 = 19 (38); June 1-5 = 5 (43), 8 June = 44th,
    # 9 June = 45th. So end 9 June -> 44 wd, 10 June -> 45 wd, 11 June -> 46 wd.
    wb = build(
        {
            4: [
                {
                    "child_id": "A",
                    "assessment_start": "02/04/2026",
                    "assessment_end": "09/06/2026",
                },  # 44
                {
                    "child_id": "B",
                    "assessment_start": "02/04/2026",
                    "assessment_end": "10/06/2026",
                },  # 45
                {
                    "child_id": "C",
                    "assessment_start": "02/04/2026",
                    "assessment_end": "11/06/2026",
                },  # 46
                {
                    "child_id": "D",
                    "assessment_start": "01/03/2026",
                    "assessment_end": "30/04/2026",
                },  # ended
                # before the window (W6 starts after 30/04/2026): excluded
                {"child_id": "E", "assessment_start": "01/10/2026", "assessment_end": None},  # open
            ]
        }
    )
    out = ind(wb, "IR-04")
    assert (out.numerator, out.denominator) == (2, 3)
    assert out.value == pytest.approx(0.6667, abs=1e-4)
    assert out.children == ["A", "B"]
    assert out.exceptions == ["C"]
    assert out.benchmark["value"] == 0.857


def test_ir05_open_assessments_in_drift():
    wb = build(
        {
            4: [
                {"child_id": "A", "assessment_start": "01/09/2026"},  # 43 wd to 31/10 -> in time
                {
                    "child_id": "B",
                    "assessment_start": "27/08/2026",
                },  # 46 wd (31/08 bank holiday) -> drift
                {"child_id": "C", "assessment_start": "01/08/2026", "assessment_end": "01/09/2026"},
                {"child_id": "D", "assessment_start": "01/08/2026", "assessment_end": "31/10/2026"},
            ]
        }
    )
    out = ind(wb, "IR-05")
    # D ends on R itself, so it is not open on R (conventions section 7)
    assert (out.numerator, out.denominator, out.children) == (1, 2, ["B"])


def test_ir01_window_boundaries_and_current_event_counting():
    rows = [
        {"child_id": "A", "referral_date": "30/04/2026", "prior_referrals": "1"},  # outside W6
        {"child_id": "B", "referral_date": "01/05/2026", "prior_referrals": "1"},  # first day in
        {"child_id": "C", "referral_date": "31/10/2026", "prior_referrals": "0"},  # R itself
        {"child_id": "D", "referral_date": "01/11/2026", "prior_referrals": "3"},  # after R
    ]
    out = ind(build({3: rows}), "IR-01")
    assert (out.numerator, out.denominator, out.children) == (1, 2, ["B"])
    # every count >= 1: the current referral is counted, so 1 means "no earlier referral"
    rows2 = [
        {"child_id": "E", "referral_date": "01/06/2026", "prior_referrals": "1"},
        {"child_id": "F", "referral_date": "01/06/2026", "prior_referrals": "2"},
    ]
    out2 = ind(build({3: rows2}), "IR-01")
    assert (out2.numerator, out2.denominator, out2.children) == (1, 2, ["F"])


def test_ir11_cin_not_seen_inclusive_42_days_and_missing_date():
    wb = build(
        {
            6: [
                {
                    "child_id": "A",
                    "cin_start": "01/01/2026",
                    "case_status": "c) Child in need plan",
                    "last_seen": "19/09/2026",
                },  # exactly 42 days before R -> in time
                {
                    "child_id": "B",
                    "cin_start": "01/01/2026",
                    "case_status": "c) Child in need plan",
                    "last_seen": "18/09/2026",
                },  # 43 days -> not seen recently
                {
                    "child_id": "C",
                    "cin_start": "01/01/2026",
                    "case_status": "d) Open assessment",
                },  # blank
                {
                    "child_id": "D",
                    "cin_start": "01/01/2026",
                    "case_status": "b) Child Protection plan",
                },
                {
                    "child_id": "E",
                    "cin_start": "01/01/2026",
                    "case_status": "c) Child in need plan",
                    "cin_end": "01/10/2026",
                    "closure_reason": "RC7",
                },  # closed
            ]
        }
    )
    out = ind(wb, "IR-11")
    assert (out.numerator, out.denominator, out.children) == (2, 3, ["B", "C"])


def test_ir12_ir13_cp_visits_and_seen_alone():
    wb = build(
        {
            7: [
                # R = Sat 31/10/2026; 10 wd back from R is Mon 19/10/2026
                {
                    "child_id": "A",
                    "cp_start": "01/01/2026",
                    "cp_last_visit": "19/10/2026",
                    "seen_alone": "Yes",
                    "dob": "01/01/2015",
                },
                {
                    "child_id": "B",
                    "cp_start": "01/01/2026",
                    "cp_last_visit": "16/10/2026",
                    "seen_alone": "No",
                    "dob": "01/01/2015",
                },
                {
                    "child_id": "C",
                    "cp_start": "01/01/2026",
                    "cp_last_visit": "30/10/2026",
                    "seen_alone": "b) No",
                    "dob": "01/01/2024",
                },  # aged 2: left out of IR-13
                {
                    "child_id": "D",
                    "cp_start": "01/01/2024",
                    "cp_end": "01/06/2026",
                    "cp_last_visit": "01/05/2026",
                    "dob": "01/01/2015",
                },  # ended
            ]
        }
    )
    ir12 = ind(wb, "IR-12")
    assert (ir12.numerator, ir12.denominator, ir12.exceptions) == (2, 3, ["B"])
    ir13 = ind(wb, "IR-13")
    assert (ir13.numerator, ir13.denominator, ir13.children) == (1, 2, ["A"])


def test_ir15_two_year_plans_calendar_anniversary_and_ir16():
    wb = build(
        {
            7: [
                {
                    "child_id": "A",
                    "cp_start": "01/06/2024",
                    "cp_end": "01/06/2026",
                },  # exactly 2 years
                {
                    "child_id": "B",
                    "cp_start": "02/06/2024",
                    "cp_end": "01/06/2026",
                },  # one day short
                {"child_id": "C", "cp_start": "31/10/2024"},  # open, 2 years on R
                {"child_id": "D", "cp_start": "01/07/2026", "previous_plans": "1"},
                {"child_id": "E", "cp_start": "01/08/2026", "previous_plans": "0"},
            ]
        }
    )
    ir15 = ind(wb, "IR-15")
    assert (ir15.numerator, ir15.denominator, ir15.children) == (1, 2, ["A"])
    b = next(s for s in ir15.sub_measures if s["id"] == "b")
    assert (b["numerator"], b["denominator"], b["children"]) == (1, 3, ["C"])
    ir16 = ind(wb, "IR-16")
    assert (ir16.numerator, ir16.denominator, ir16.children) == (1, 2, ["D"])


def test_ir18_ir21_ir22_children_in_care_several_episodes():
    wb = build(
        {
            8: [
                # visited 42 days before R: in time
                {
                    "child_id": "A",
                    "cla_start": "01/01/2020",
                    "placement_start": "01/01/2025",
                    "cla_visit": "19/09/2026",
                    "placement_type": "U6",
                    "placements_12m": "1",
                    "dob": "01/01/2012",
                },
                # long-term foster placement over a year: 3 months allowed
                {
                    "child_id": "B",
                    "cla_start": "01/01/2018",
                    "placement_start": "01/01/2020",
                    "cla_visit": "01/08/2026",
                    "placement_type": "f) U4: long term",
                    "placements_12m": "3",
                    "dob": "01/01/2012",
                },
                # placement 5 days old: in time even with no visit
                {
                    "child_id": "C",
                    "cla_start": "26/10/2026",
                    "placement_start": "26/10/2026",
                    "placement_type": "U6",
                    "placements_12m": "1",
                    "dob": "01/01/2016",
                },
                # moved 20 days ago and not seen since the move: overdue
                {
                    "child_id": "D",
                    "cla_start": "01/01/2026",
                    "placement_start": "11/10/2026",
                    "cla_visit": "01/10/2026",
                    "placement_type": "K2",
                    "placements_12m": "4",
                    "dob": "01/01/2011",
                },
                # ceased before R: not in care; earlier episode row for E also ceased
                {
                    "child_id": "E",
                    "cla_start": "01/01/2025",
                    "cla_end": "01/09/2026",
                    "reason_ceased": "E13",
                    "dob": "01/01/2012",
                },
            ]
        }
    )
    ir18 = ind(wb, "IR-18")
    assert (ir18.numerator, ir18.denominator, ir18.exceptions) == (3, 4, ["D"])
    ir21 = ind(wb, "IR-21")
    assert (ir21.numerator, ir21.denominator, ir21.children) == (2, 4, ["B", "D"])
    ir22 = ind(wb, "IR-22")  # under 16, in care >= 2.5 years: A and B; B same placement 2+ yrs
    assert (ir22.numerator, ir22.denominator, ir22.children) == (1, 2, ["B"])


def test_care_leavers_ir29_ir30_ir31():
    leavers = [
        {
            "child_id": "A",
            "dob": "01/01/2006",
            "in_touch": "a) Yes",
            "latest_contact": "05/09/2026",
            "pathway_review": "01/06/2026",
            "pa": "PA 1",
            "activity": "F1",
            "suitability": "Suitable",
        },
        {
            "child_id": "B",
            "dob": "01/01/2006",
            "in_touch": "Yes",
            "latest_contact": "04/09/2026",
            "pathway_review": "30/04/2026",
            "activity": "G5",
            "suitability": "Unsuitable",
        },
        {"child_id": "C", "dob": "01/01/2006", "in_touch": "b) No"},
        {"child_id": "D", "dob": "01/01/2006", "in_touch": "e) NREQ", "pa": "PA 2"},
        {"child_id": "E", "dob": "01/01/2006", "in_touch": "c) Died"},
        {"child_id": "F", "dob": "01/01/2009", "in_touch": "Yes"},  # aged 17
    ]
    wb = build({9: leavers})
    ir29 = ind(wb, "IR-29")  # 19-21: A, B, C (D NREQ and E died left out)
    assert (ir29.numerator, ir29.denominator, ir29.exceptions) == (2, 3, ["C"])
    ir30 = ind(wb, "IR-30")  # in touch A, B, F; 8 weeks before R = 05/09/2026
    assert (ir30.numerator, ir30.denominator, ir30.children) == (1, 3, ["A"])
    # all but died: 5; reviewed within 6 months: A, and B exactly 6 months before R (inclusive)
    b = next(s for s in ir30.sub_measures if s["id"] == "b")
    assert (b["numerator"], b["denominator"], b["children"]) == (2, 5, ["A", "B"])
    c = next(s for s in ir30.sub_measures if s["id"] == "c")
    assert (c["numerator"], c["denominator"]) == (2, 5)
    ir31 = ind(wb, "IR-31")  # 19-21 except died: A, B, C, D; EET: A
    assert (ir31.numerator, ir31.denominator, ir31.children) == (1, 4, ["A"])


def test_ir34_ir35_caseload_and_unallocated():
    wb = build(
        {
            6: [
                {"child_id": "A", "cin_start": "01/01/2026", "worker": "Jo Bloggs"},
                {"child_id": "B", "cin_start": "01/01/2026", "worker": "jo  bloggs"},
                {"child_id": "C", "cin_start": "01/01/2026", "worker": "Sam"},
                {"child_id": "D", "cin_start": "01/01/2026", "worker": "#N/A"},
                {"child_id": "E", "cin_start": "01/01/2026", "worker": "Duty"},
                {
                    "child_id": "F",
                    "cin_start": "01/01/2026",
                    "cin_end": "01/02/2026",
                    "worker": None,
                },
            ],
            8: [{"child_id": "A", "cla_start": "01/01/2026", "worker": "Jo Bloggs"}],
        }
    )
    ir34 = ind(wb, "IR-34")  # Jo: A, B (A counted once); Sam: C -> 3 children / 2 workers
    assert (ir34.numerator, ir34.denominator, ir34.value) == (3, 2, 1.5)
    ir35 = ind(wb, "IR-35")
    assert (ir35.numerator, ir35.denominator, ir35.children) == (2, 5, ["D", "E"])


def test_missing_input_says_so_instead_of_zero():
    wb = build({3: [{"child_id": "A", "referral_date": "01/10/2026"}]})
    out = ind(wb, "IR-04")
    assert out.value is None and out.status == "not_available"
    assert "List 4" in out.reason
    ir23 = ind(wb, "IR-23")
    assert ir23.value is None and "SSDA903" in ir23.reason


def sub(out, key):
    return next(s for s in out.sub_measures if s["id"] == key)


def test_ir14_cp_review_conferences_due_dates():
    # R = Sat 31/10/2026. Due: start + 3 months with no review yet, else latest review + 6
    # months; in time when the due date is on or after R. Population: plans open at R that are
    # older than 3 months (start + 3 months before R).
    wb = build(
        {
            7: [
                {"child_id": "A", "cp_start": "01/01/2026", "cp_review": "01/05/2026"},  # 01/11
                {"child_id": "B", "cp_start": "01/01/2026", "cp_review": "29/04/2026"},  # 29/10
                {"child_id": "C", "cp_start": "30/07/2026"},  # no review, due 30/10: overdue
                {"child_id": "D", "cp_start": "31/07/2026"},  # 3 months old on R: left out
                {"child_id": "E", "cp_start": "15/06/2026", "cp_review": "10/09/2026"},  # 2027
                {"child_id": "F", "cp_start": "01/01/2025", "cp_end": "01/10/2026"},  # ended
                {"child_id": "G", "cp_start": "01/01/2026", "cp_end": "31/10/2026"},  # ends on R
            ]
        }
    )
    out = ind(wb, "IR-14")  # in time A, E of A, B, C, E
    assert (out.numerator, out.denominator, out.children) == (2, 4, ["A", "E"])
    assert out.exceptions == ["B", "C"]


def test_ir17_children_on_a_cp_plan_and_in_care():
    wb = build(
        {
            7: [
                {"child_id": "A", "cp_start": "01/01/2026"},
                {"child_id": "A", "cp_start": "01/01/2024", "cp_end": "01/06/2025"},  # old plan
                {"child_id": "B", "cp_start": "01/01/2026"},
                {"child_id": "C", "cp_start": "01/01/2026"},
                {"child_id": "D", "cp_start": "01/01/2026", "cp_end": "01/09/2026"},  # ended
                {"child_id": "E", "cp_start": "01/01/2026"},
            ],
            8: [
                {"child_id": "A", "cla_start": "01/09/2026", "legal_status": "C1"},
                # B left care before R; C is on short breaks (V3), which is not being in care
                {"child_id": "B", "cla_start": "01/03/2026", "cla_end": "01/10/2026"},
                {"child_id": "C", "cla_start": "01/03/2026", "legal_status": "V3"},
                {"child_id": "D", "cla_start": "01/09/2026", "legal_status": "C2"},
                {"child_id": "E", "cla_start": "31/10/2026", "legal_status": "V2"},  # from R
            ],
        }
    )
    # children on a plan open at R: A, B, C, E; of those in care at R: A, E
    out = ind(wb, "IR-17")
    assert (out.numerator, out.denominator, out.children) == (2, 4, ["A", "E"])
    no_list_8 = ind(build({7: [{"child_id": "A", "cp_start": "01/01/2026"}]}), "IR-17")
    assert no_list_8.value is None and "List 8" in no_list_8.reason


def test_ir19_children_in_care_reviews():
    # R = Sat 31/10/2026; no bank holiday in June, July or October 2026. wd(a, b) counts a <= d < b.
    # First review 20 wd after start; a review held within 20 wd of the start is the first, the
    # next due 3 months after it; any other latest review is followed 6 months after it.
    rows = [
        {"child_id": "A", "cla_start": "01/01/2020", "cla_review": "01/05/2026"},  # due 01/11
        {"child_id": "B", "cla_start": "01/01/2020", "cla_review": "29/04/2026"},  # due 29/10
        {"child_id": "C", "cla_start": "01/01/2020"},  # never reviewed: overdue
        # Mon 05/10: 5-30 Oct = 20 wd in care, in the population, first review not yet late
        {"child_id": "D", "cla_start": "05/10/2026"},
        {"child_id": "E", "cla_start": "06/10/2026"},  # 19 wd: left out
        {"child_id": "J", "cla_start": "02/10/2026"},  # Fri 02/10: 21 wd, no review: overdue
        # Mon 01/06, reviewed 26/06 (19 wd): the first review, second due 26/09: overdue
        {"child_id": "F", "cla_start": "01/06/2026", "cla_review": "26/06/2026"},
        # Wed 01/07, reviewed 29/07 (exactly 20 wd): the first review, second due 29/10
        {"child_id": "G", "cla_start": "01/07/2026", "cla_review": "29/07/2026"},
        # reviewed 01/09, more than 20 wd after the start: next due 6 months on, 01/03/2027
        {"child_id": "H", "cla_start": "01/07/2026", "cla_review": "01/09/2026"},
        {"child_id": "I", "cla_start": "01/01/2020", "cla_end": "01/10/2026"},  # left care
    ]
    out = ind(build({8: rows}), "IR-19")  # in time A, D, H of A, B, C, D, F, G, H, J
    assert (out.numerator, out.denominator, out.children) == (3, 8, ["A", "D", "H"])
    assert out.exceptions == ["B", "C", "F", "G", "J"]


def test_ir20_permanence_plan_after_four_months():
    rows = [
        {"child_id": "A", "cla_start": "01/01/2025", "permanence_plan": "f) Long-term fostering"},
        {"child_id": "B", "cla_start": "01/01/2025"},  # blank: no plan recorded
        {"child_id": "C", "cla_start": "30/06/2026", "permanence_plan": "b) Adoption"},  # 4 months
        {"child_id": "D", "cla_start": "01/07/2026"},  # 4 months on 01/11: left out
        {"child_id": "E", "cla_start": "01/01/2025", "permanence_plan": "RETURN"},
        {"child_id": "F", "cla_start": "01/01/2024", "cla_end": "01/09/2026"},  # left care
    ]
    out = ind(build({8: rows}), "IR-20")
    assert (out.numerator, out.denominator, out.exceptions) == (3, 4, ["B"])
    assert out.detail["plan_mix"] == {"ADOPTION": 1, "FOSTERING": 1, "RETURN": 1}


def table(keys, *rows):
    """Rows of a list from tuples in the order of ``keys`` (None: blank)."""
    return [dict(zip(keys, r, strict=True)) for r in rows]


# in care 12 months or more at R (started on or before 31/10/2025): all but G and I
HEALTH = table(
    ("child_id", "dob", "cla_start", "health_assessment", "dental_check"),
    ("A", "01/01/2023", "01/01/2024", "01/05/2026", "31/10/2025"),
    ("B", "01/01/2023", "01/01/2024", "29/04/2026", "30/10/2025"),
    ("C", "01/01/2015", "01/01/2020", "29/04/2026", None),
    # five on R itself: the 12-month rule; assessed exactly 12 months before R
    ("D", "31/10/2021", "01/01/2024", "31/10/2025", "01/06/2026"),
    ("E", "01/01/2015", "01/01/2020", "30/10/2025", "01/06/2026"),
    ("F", "01/01/2015", "01/01/2020", None, "01/06/2026"),
    ("G", "01/01/2015", "01/11/2025", None, "01/06/2026"),
    ("H", "01/01/2015", "31/10/2025", "01/01/2026", "30/10/2025"),
    ("I", "01/01/2015", "20/10/2026", None, None),  # under 20 wd in care
)


def test_ir24_health_assessment_under_and_over_five():
    # under 5: within 6 months (A in time; B, 29/04, late); 5 and over: within 12 months (C, D
    # exactly 12 months, H in time; E 12 months and a day, F none: late)
    out = ind(build({8: HEALTH}), "IR-24")
    assert (out.numerator, out.denominator, out.children) == (4, 7, ["A", "C", "D", "H"])
    assert out.exceptions == ["B", "E", "F"]
    under5 = sub(out, "under_5")  # A and B (D turned five on R)
    assert (under5["numerator"], under5["denominator"], under5["children"]) == (1, 2, ["A"])
    assert under5["benchmark"]["value"] == 0.88
    # variant over children in care 20 working days or more: G (no assessment) joins, I not
    variant = sub(out, "in_care_20wd")
    assert (variant["numerator"], variant["denominator"]) == (4, 8)


def test_ir25_dental_check_within_12_months():
    # same population as IR-24 (A-F, H); in time A (exactly 12 months), D, E, F
    out = ind(build({8: HEALTH}), "IR-25")
    assert (out.numerator, out.denominator, out.children) == (4, 7, ["A", "D", "E", "F"])
    assert out.exceptions == ["B", "C", "H"]


def test_ir27_missing_and_return_interviews():
    rows = table(
        ("child_id", "cla_start", "cla_end", "missing_12m", "ri_offered", "ri_accepted"),
        ("A", "01/01/2024", None, "2", "Y", "Y"),
        ("B", "01/01/2024", None, "1", "Yes", "No"),
        ("C", "01/01/2024", None, "1", "N", None),
        ("D", "01/01/2024", None, "0", None, None),
        ("E", "01/01/2024", None, None, None, None),  # count blank: not counted as missing
        # left care in the window: still one of the children in the list
        ("F", "01/01/2024", "01/09/2026", "3", None, None),
        # two episodes: the latest row stands for the child
        ("G", "01/01/2024", "01/01/2025", "1", None, None),
        ("G", "01/03/2025", None, "0", None, None),
    )
    out = ind(build({8: rows}), "IR-27")  # children A-G: 7; missing A, B, C, F
    assert (out.numerator, out.denominator, out.children) == (4, 7, ["A", "B", "C", "F"])
    assert out.benchmark["value"] == 0.11
    offered = sub(out, "b_offered")  # of the 4 missing: A, B offered
    assert (offered["numerator"], offered["denominator"], offered["children"]) == (2, 4, ["A", "B"])
    accepted = sub(out, "b_accepted")  # of the 2 offered: A accepted
    assert (accepted["numerator"], accepted["denominator"], accepted["children"]) == (1, 2, ["A"])


def test_ir28_out_of_area_and_unregulated_type_placements():
    rows = table(
        ("child_id", "dob", "cla_start", "cla_end", "placement_location", "placement_type"),
        ("A", "01/01/2012", "01/01/2024", None, "b) Out", "U6"),
        ("B", "01/01/2012", "01/01/2024", None, "a) In", "K3"),
        ("C", "01/01/2010", "01/01/2024", None, "In", "K3"),
        ("D", "01/01/2012", "01/01/2024", None, "Out", "Z1"),
        ("E", "01/01/2012", "01/01/2024", None, None, "U4"),
        ("F", "01/01/2012", "01/01/2024", "01/09/2026", "Out", "H5"),  # left care
        # sixteen tomorrow (01/11): still under 16 on R
        ("G", "01/11/2010", "01/01/2024", None, "In", "H5"),
    )
    out = ind(build({8: rows}), "IR-28")  # in care at R: A, B, C, D, E, G; out of area A, D
    assert (out.numerator, out.denominator, out.children) == (2, 6, ["A", "D"])
    assert out.detail["location_not_recorded"] == 1  # E
    other = sub(out, "b_other_placements")  # Z1/Z11-Z14: D
    assert (other["numerator"], other["children"]) == (1, ["D"])
    young = sub(out, "b_under_16_unregulated_type")  # under 16 in K3/H5/P2: B, G (C is 16)
    assert (young["numerator"], young["children"]) == (2, ["B", "G"])
    # the case sample picks both (b) groups
    picked = {s["child_id"]: s["reasons"] for s in case_sample([out])}
    assert sorted(picked) == ["B", "D", "G"]
    assert picked["B"] == ["under 16 in supported or independent accommodation"]


NEW = ("IR-14", "IR-17", "IR-19", "IR-20", "IR-24", "IR-25", "IR-27", "IR-28")


def test_every_configured_indicator_is_computed_on_a_synthetic_workbook(small_clean):
    from cscwatch.casework import api
    from cscwatch.casework.layout import indicator_config

    assert set(indicator_config()["indicators"]) == set(INDICATORS)
    by_id = {i["id"]: i for i in api.readiness(small_clean, R)["indicators"]}
    for ind_id in NEW:
        assert by_id[ind_id]["value"] is not None, (ind_id, by_id[ind_id].get("reason"))
        assert by_id[ind_id]["denominator"] > 0, ind_id
