"""The phrases that find interventions (data/interventions.yaml) and the words that let a page
be skipped without searching: every phrase must carry one of its kind's triggers where no
optional part can drop it, or pages stating that intervention would be skipped."""

from __future__ import annotations

import re

import pytest

from cscwatch.reports.visits import _interventions_data, find_interventions

KINDS = [k for k in _interventions_data()["kinds"] if k.get("phrases")]


def _required_text(phrase: str) -> str:
    """The phrase with every group taken out (what any match must contain), lower case."""
    while True:
        bare = re.sub(r"\([^()]*\)[?*]?", " ", phrase)
        if bare == phrase:
            return bare.lower()
        phrase = bare


@pytest.mark.parametrize("kind", KINDS, ids=[k["id"] for k in KINDS])
def test_every_phrase_carries_a_trigger_of_its_kind(kind):
    triggers = kind["triggers"]
    assert all(t == t.lower() and t.isalpha() for t in triggers)  # single words, lower case
    for phrase in kind["phrases"]:
        required = _required_text(phrase)
        assert any(
            t in required and not re.search(re.escape(t) + r"[?*{]", required) for t in triggers
        ), f"{kind['id']}: {phrase!r} can match without any of {triggers}"


def test_the_required_text_drops_optional_groups():
    assert _required_text("(?:formal |statutory )?direction (?:from|by) the").split() == [
        "direction",
        "the",
    ]
    assert "improvement notice" in _required_text("(?:statutory )?improvement notices?")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("THE SECRETARY OF STATE DIRECTED the council to act.", "direction"),
        ("A statutory notice of improvement was issued.", "improvement_notice"),
        ("The Government-appointed Commissioner reported.", "commissioner"),
        ("The Improvement and Assurance Board meets monthly.", "improvement_board"),
    ],
)
def test_a_stated_intervention_is_found_in_any_case(text, kind):
    found = find_interventions(["Some text.\n" + text], "871", None)
    assert [i.kind for i in found] == [kind]


def test_a_phrase_broken_over_lines_or_by_a_soft_hyphen_is_found():
    page = (
        "The Secretary of State\nissued a statutory\ndirection and appointed a commis\u00adsioner."
    )
    found = {i.kind for i in find_interventions([page], "871", None)}
    assert found == {"direction", "commissioner"}


def test_a_page_without_triggers_states_nothing():
    text = "The board of governors met. Directors of services noticed improvement."
    assert find_interventions([text], "871", None) == []
