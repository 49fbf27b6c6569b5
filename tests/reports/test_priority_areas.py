"""The areas for priority action a focused-visit letter sets, read from letter pages made here in
the layouts Ofsted has used (a bulleted list after an introducing sentence, a list with no
introduction, a numbered list, one paragraph, a singular heading with sub-points, a list that
runs onto the next page, the letterhead printed after the list): their text, page and order,
and their number, which is priority_actions() by construction."""

from __future__ import annotations

import pytest

from cscwatch.reports.parse import parse_bytes
from cscwatch.reports.themes import PRIORITY_ACTIONS_SECTION, RECOMMENDATIONS_SECTION
from cscwatch.reports.visits import priority_action_areas, priority_actions
from tests.conftest import (
    EARLIER_ONLY,
    FOCUSED_HEAD,
    NO_PRIORITY,
    SIGN,
    WITH_PRIORITY,
    make_pdf,
)

NEXT = "What needs to improve in this area of social work practice\n◼ Recording of supervision.\n"


def _areas(*pages: str) -> list[tuple[int, str, int]]:
    found = priority_action_areas([FOCUSED_HEAD, *pages])
    assert len(found) == priority_actions([FOCUSED_HEAD, *pages])
    assert {a.kind for a in found} <= {"priority_action"}
    return [(a.position, a.text, a.page) for a in found]


def test_bullets_after_an_introducing_sentence():
    assert _areas(WITH_PRIORITY) == [
        (1, "The timeliness of visits to children at risk of harm.", 2),
        (2, "Management oversight of plans, so that drift is identified and acted on.", 2),
        (3, "The sufficiency of social workers.", 2),
    ]


def test_bullets_with_no_introduction_and_no_full_stops():
    body = (
        "Areas for priority action\n"
        "\uf06e delays in case allocation and in seeing children at risk of\n"
        "harm\n"
        "\uf06e management oversight of safeguarding practice\n" + NEXT
    )
    assert _areas(body) == [
        (1, "delays in case allocation and in seeing children at risk of harm", 2),
        (2, "management oversight of safeguarding practice", 2),
    ]


def test_numbered_areas():
    body = (
        "Areas for priority action\n"
        "1. The quality of assessments of risk, so that children are\n"
        "protected.\n"
        "2. The capacity of the workforce.\n" + NEXT
    )
    assert _areas(body) == [
        (1, "The quality of assessments of risk, so that children are protected.", 2),
        (2, "The capacity of the workforce.", 2),
    ]


def test_an_area_in_a_paragraph():
    body = (
        "Areas for priority action\n"
        "The local authority needs to take swift and decisive action to improve the\n"
        "timeliness of child protection enquiries.\n" + NEXT
    )
    assert _areas(body) == [
        (
            1,
            "The local authority needs to take swift and decisive action to improve the "
            "timeliness of child protection enquiries.",
            2,
        )
    ]


def test_singular_heading_is_one_area_with_its_sub_points():
    body = (
        "Area for priority action\n"
        "The local authority needs to take swift and decisive action to address delays in\n"
        "permanence for children, including:\n"
        "◼ timely applications to court\n"
        "◼ the quality of permanence planning.\n" + NEXT
    )
    assert _areas(body) == [
        (
            1,
            "The local authority needs to take swift and decisive action to address delays in "
            "permanence for children, including: timely applications to court the quality of "
            "permanence planning.",
            2,
        )
    ]


@pytest.mark.parametrize("body", [NO_PRIORITY, EARLIER_ONLY], ids=["no heading", "none new"])
def test_letters_that_set_none(body):
    assert _areas(body) == []


def test_an_area_that_runs_onto_the_next_page_starts_on_its_first():
    page2 = (
        "Areas for priority action\n"
        "◼ The timeliness of social work practice and interventions to safeguard\n"
    )
    page3 = "3\nchildren from harm\n◼ Managerial oversight and supervision.\n" + NEXT
    assert _areas(page2, page3) == [
        (1, "The timeliness of social work practice and interventions to safeguard children "
         "from harm", 2),
        (2, "Managerial oversight and supervision.", 3),
    ]  # fmt: skip


def test_the_letterhead_printed_after_the_last_area_is_no_part_of_it():
    page1 = (
        FOCUSED_HEAD + "Areas for priority action\n"
        "◼ Effective management oversight of services to care leavers.\n"
        "Piccadilly Gate\nStore Street\nManchester M1 2WD\nT 0300 123 1231\n"
        "www.gov.uk/ofsted\n"
    )
    pages = [page1, NEXT + "Main findings\nChildren wait.\n"]
    found = priority_action_areas(pages)
    assert [(a.text, a.page) for a in found] == [
        ("Effective management oversight of services to care leavers.", 1)
    ]


def test_a_second_sentence_of_an_area_on_its_page_is_kept():
    body = (
        "Areas for priority action\n"
        "◼ Weaknesses in child protection practice.\n"
        "This includes the quality of supervision\n"
        "◼ The sufficiency of placements.\n" + NEXT
    )
    assert [t for _, t, _ in _areas(body)] == [
        "Weaknesses in child protection practice. This includes the quality of supervision",
        "The sufficiency of placements.",
    ]


def test_parsed_letter_carries_its_areas_as_recommendations_of_their_own_kind():
    r = parse_bytes(make_pdf([FOCUSED_HEAD, WITH_PRIORITY + SIGN]), "wigan/focused.pdf")
    assert r.status == "ok" and r.priority_actions == 3
    areas = [x for x in r.recommendations if x.kind == "priority_action"]
    assert [(a.position, a.page) for a in areas] == [(1, 2), (2, 2), (3, 2)]
    assert areas[2].text == "The sufficiency of social workers."
    sections = {s for _, s, _ in r.themes}
    # themed as recommendations are, under their own section ('social workers': workforce)
    assert PRIORITY_ACTIONS_SECTION in sections and RECOMMENDATIONS_SECTION not in sections


def test_without_text_a_letter_keeps_its_count_but_no_areas():
    r = parse_bytes(make_pdf([FOCUSED_HEAD, WITH_PRIORITY + SIGN]), "wigan/focused.pdf", text=False)
    assert (r.priority_actions, r.recommendations) == (3, [])
