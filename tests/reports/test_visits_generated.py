"""Visit letters made here in the structure Ofsted uses (focused visits with and without
priority actions, monitoring visits of councils judged inadequate, standalone LSCB reviews,
letters to a trust): what the parser reads from each."""

from __future__ import annotations

import datetime as dt

import pytest

from cscwatch.reports.parse import parse_bytes
from cscwatch.reports.visits import priority_actions, visit_focus, visit_number
from tests.conftest import (
    EARLIER_ONLY,
    FOCUSED_HEAD,
    NO_PRIORITY,
    SIGN,
    SLOUGH_SIF_PAGES,
    WITH_PRIORITY,
    make_pdf,
    monitoring_letter,
)

D = dt.date


def _focused(body: str) -> bytes:
    return make_pdf([FOCUSED_HEAD, body + SIGN])


def test_focused_visit_that_sets_three_priority_actions():
    r = parse_bytes(_focused(WITH_PRIORITY), "wigan/focused.pdf", text=False)
    assert (r.status, r.kind, r.la_code) == ("ok", "focused_visit", "359")
    assert (r.inspection_start, r.inspection_end) == (D(2024, 1, 30), D(2024, 1, 31))
    assert r.focus == "cin_cp"
    assert r.priority_actions == 3  # a bullet wrapped over two lines is one action
    assert r.visit_number is None


def test_focused_visit_without_priority_actions_is_zero_not_none():
    r = parse_bytes(_focused(NO_PRIORITY), "wigan/focused.pdf", text=False)
    assert r.priority_actions == 0


def test_heading_for_an_earlier_visits_actions_sets_none():
    r = parse_bytes(_focused(EARLIER_ONLY), "wigan/focused.pdf", text=False)
    assert r.priority_actions == 0


def test_singular_heading_is_one_area_even_with_sub_bullets():
    body = """Area for priority action
The local authority needs to take swift and decisive action to address delays in
permanence for children, including:
◼ timely applications to court
◼ the quality of permanence planning
What needs to improve in this area of social work practice
"""
    assert priority_actions([FOCUSED_HEAD, body]) == 1


@pytest.mark.parametrize(
    ("sentence", "focus"),
    [
        ("the ‘front door’, the service that receives contacts and referrals", "front_door"),
        ("care leavers aged 18 to 25, with a particular focus on accommodation", "care_leavers"),
        ("children in care, including disabled children", "children_in_care"),
        # A 'particular focus' within one named area keeps that area ...
        (
            "children subject to a child protection plan, with a particular focus on the "
            "quality and impact of pre-proceedings interventions",
            "cin_cp",
        ),
        # ... and decides where the words before it name several areas.
        (
            "children in need, children subject to a plan and children in care, with a "
            "specific focus on services for disabled children",
            "disabled_children",
        ),
        ("children in pre-proceedings under the public law outline", "pre_proceedings"),
        (
            "young people in care aged 16 and 17 and moving into adulthood, and for "
            "care-experienced young people aged 18 to 25",
            "care_leavers",
        ),
        ("placement decision-making for older children, but not care leavers", "children_in_care"),
        ("the protection of vulnerable children from extra-familial harm", "exploitation_missing"),
        ("planning and achieving permanence", "children_in_care"),
        ("something inspectors have never looked at before", "other"),
    ],
)
def test_focus_from_the_scope_sentence(sentence, focus):
    page = f"Focused visit to Wigan children’s services\nInspectors looked at the local authority’s arrangements for {sentence}.\nHeadline findings\n"
    assert visit_focus([page], "focused_visit") == focus


def test_a_general_scope_is_made_specific_by_the_next_sentence():
    page = (
        "Inspectors considered the local authority’s arrangements for children who need help "
        "and protection. Specifically, they considered contacts, referrals and decision-making "
        "within the multi-agency safeguarding hub (MASH).\nOverview\n"
    )
    assert visit_focus([page], "focused_visit") == "front_door"


def test_pandemic_visit_names_no_single_area():
    page = (
        "This letter summarises the findings of a focused visit on 6 October 2020. Her Majesty’s "
        "Chief Inspector is leading Ofsted’s work into how England’s social care system has "
        "delivered child-centred practice during the COVID-19 (coronavirus) pandemic.\n"
        "This visit looked at the quality and impact of key decision-making across help and "
        "protection, children in care and care leavers services.\nOverview\n"
    )
    assert visit_focus([page], "focused_visit") == "pandemic"


def test_visit_dates_in_the_letters_year_when_the_sentence_gives_none():
    head = FOCUSED_HEAD.replace("on 30 and 31 January 2024.", "on 13 and 14 February.")
    r = parse_bytes(make_pdf([head, NO_PRIORITY + SIGN]), "w/f.pdf", text=False)
    assert (r.status, r.inspection_start, r.inspection_end) == (
        "ok",
        D(2024, 2, 13),
        D(2024, 2, 14),
    )


def test_visit_dates_given_as_the_days_of_a_month():
    head = FOCUSED_HEAD.replace("on 30 and 31 January 2024.", "on the 15 and 16 of January 2024.")
    r = parse_bytes(make_pdf([head, NO_PRIORITY + SIGN]), "w/f.pdf", text=False)
    assert (r.inspection_start, r.inspection_end) == (D(2024, 1, 15), D(2024, 1, 16))


def _monitoring(nth: str, council: str = "Sheffield") -> bytes:
    return make_pdf(monitoring_letter(nth, council))


ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
]


@pytest.mark.parametrize(("n", "word"), list(enumerate(ORDINALS, start=1)))
def test_monitoring_visit_number_in_words(n, word):
    r = parse_bytes(_monitoring(word), "sheffield/monitoring.pdf", text=False)
    assert (r.status, r.kind, r.la_code) == ("ok", "monitoring_visit", "373")
    assert r.visit_number == n
    assert (r.inspection_start, r.inspection_end) == (D(2022, 4, 5), D(2022, 4, 6))
    assert r.lead_inspector == "Pat Lee"
    assert r.focus == "care_leavers"
    assert r.priority_actions is None  # a focused-visit decision only


@pytest.mark.parametrize(("text", "n"), [("4th", 4), ("11th", 11), ("2nd", 2), ("21st", 21)])
def test_monitoring_visit_number_in_digits(text, n):
    assert visit_number(f"This visit was the {text} monitoring visit since March 2020.") == n


def test_monitoring_visit_without_a_number_is_none():
    assert visit_number("This letter summarises the findings of the monitoring visit.") is None


LSCB_REVIEW = """1
Surrey Safeguarding Children Board
Review of the effectiveness of the Local Safeguarding Children
Board
Inspection date: 15 June 2015 – 17 June 2015
Report published: 3 August 2015
The Local Safeguarding Children Board requires improvement
The arrangements in place to evaluate the effectiveness of what is done by the
authority and board partners to safeguard and promote the welfare of children
require improvement.
"""


def test_standalone_lscb_review_is_its_own_kind_with_its_judgement():
    r = parse_bytes(make_pdf([LSCB_REVIEW, "2\nContents\n"]), "surrey/lscb.pdf", text=False)
    assert (r.status, r.kind, r.la_code) == ("ok", "lscb_review", "936")
    assert r.grade("lscb") == "requires_improvement"
    assert r.grade("overall") is None
    assert (r.inspection_start, r.inspection_end) == (D(2015, 6, 15), D(2015, 6, 17))


def test_lscb_judgement_stated_only_in_the_reports_lscb_section():
    from tests.conftest import SIF_2016

    section = """41
The Local Safeguarding Children Board (LSCB)
The Local Safeguarding Children is inadequate
The arrangements in place to evaluate the effectiveness of what is done by the
authority and board partners to safeguard and promote the welfare of children are
inadequate.
"""
    pages = [SIF_2016, "2\nContents\n", "3\nSummary\n", "4\nMore text about the area.\n", section]
    r = parse_bytes(make_pdf(pages), "norfolk/sif.pdf", text=False)
    assert r.status == "ok"
    assert r.grade("lscb") == "inadequate"
    assert next(j.page for j in r.judgments if j.area == "lscb") == 5


def test_letter_to_a_trust_belongs_to_the_council_it_serves():
    page = """9 April 2021
Chief Executive
Dear Chief Executive
Focused visit to Sandwell Children’s Trust
This letter summarises the findings of a focused visit to Sandwell Children’s Trust
on 23 and 24 February 2021. Inspectors looked at the arrangements for care leavers.
Headline findings
"""
    r = parse_bytes(make_pdf([page]), "unknown/letter.pdf", text=False)
    assert (r.status, r.la_code) == ("ok", "333")
    trust = [i for i in r.interventions if i.kind == "trust"]
    assert [(i.detail, i.page) for i in trust] == [("Sandwell Children's Trust", 1)]


def test_interventions_with_their_stated_dates():
    r = parse_bytes(make_pdf(SLOUGH_SIF_PAGES), "slough/sif.pdf", text=False)
    assert r.la_code == "871"
    got = {(i.kind, i.date, i.date_stated, i.page) for i in r.interventions}
    assert ("direction", "2014-10", True, 2) in got
    assert ("commissioner", "2014-10", True, 2) in got
    assert ("trust", "2015-10-01", True, 2) in got
    assert ("improvement_board", "2016-02-17", False, 2) in got  # the report's date
