"""The theme dictionary: well formed, covers the issue's themes, matches what it should."""

from __future__ import annotations

import re

import pytest

from cscwatch.reports.recommendations import Recommendation
from cscwatch.search.paragraphs import Passage
from cscwatch.search.themes import (
    RECOMMENDATIONS_SECTION,
    count_in_recommendations,
    count_themes,
    load_themes,
    themes_in,
)

REQUIRED = {
    "management_oversight",
    "caseloads",
    "workforce_stability",
    "continuity_of_social_worker",
    "children_seen_visits",
    "assessments",
    "plans_and_reviews",
    "education_virtual_school",
    "care_leavers_eet_contact",
    "police_custody",
    "missing_exploited",
    "front_door_mash",
    "early_help",
    "placement_sufficiency_stability",
    "permanence_adoption",
    "voice_of_child",
    "leadership_corporate_parenting",
    "private_fostering",
}


def test_dictionary_is_versioned_and_complete():
    themes = load_themes()
    assert themes.version and re.fullmatch(r"\d{4}-\d{2}-\d{2}", themes.date)
    ids = [t.id for t in themes]
    assert len(ids) == len(set(ids))
    assert set(ids) >= REQUIRED
    for t in themes:
        assert t.label and t.description and t.patterns


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Management oversight is not consistently recorded.", "management_oversight"),
        ("Caseloads are too high in the assessment teams.", "caseloads"),
        ("Reliance on agency social workers remains high.", "workforce_stability"),
        ("Children experience frequent changes of social worker.", "continuity_of_social_worker"),
        ("Not all children are seen alone.", "children_seen_visits"),
        ("The quality of assessments is variable.", "assessments"),
        ("Child protection plans lack clear timescales.", "plans_and_reviews"),
        ("Personal education plans are not always updated.", "education_virtual_school"),
        ("Most care leavers are in education, employment or training.", "care_leavers_eet_contact"),
        ("Young people were held overnight in police cells.", "police_custody"),
        ("Return home interviews are not always offered.", "missing_exploited"),
        ("The MASH responds promptly.", "front_door_mash"),
        ("Early help is well established.", "early_help"),
        ("There is insufficient placement sufficiency.", "placement_sufficiency_stability"),
        ("Later life letters are written well.", "permanence_adoption"),
        ("Children\u2019s views and wishes and feelings inform plans.", "voice_of_child"),
        ("Elected members are effective corporate parents.", "leadership_corporate_parenting"),
        ("Children who are privately fostered are visited.", "private_fostering"),
    ],
)
def test_each_theme_matches_a_plain_statement(text, theme):
    assert theme in themes_in(text)


def test_word_boundaries_and_case():
    assert "front_door_mash" not in themes_in("They mashed potatoes.")
    assert "permanence_adoption" in themes_in("ADOPTION support is good.")
    assert "police_custody" not in themes_in("Care leavers in youth custody are visited.")


def test_counts_per_section_and_in_recommendations():
    passages = [
        Passage(2, "Help and protection", "Caseloads are high. Caseloads vary."),
        Passage(3, "Leadership", "Caseloads are reducing."),
    ]
    counts = count_themes(passages)
    assert ("caseloads", "Help and protection", 2) in counts
    assert ("caseloads", "Leadership", 1) in counts
    recs = [Recommendation(1, "improvement", "Reduce caseloads for social workers.", 2)]
    assert count_in_recommendations(recs)[0] == ("caseloads", RECOMMENDATIONS_SECTION, 1)
    assert count_in_recommendations([]) == []


def test_loading_another_dictionary(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "version: 9\ndate: 2026-01-01\nthemes:\n  - id: x\n    label: X\n    description: d\n"
        "    patterns: [foo]\n",
        encoding="utf-8",
    )
    themes = load_themes(path)
    assert themes.version == "9" and themes_in("a foo b", themes) == {"x": 1}


def test_trigger_prefilter_never_changes_counts():
    import dataclasses

    from cscwatch.search.themes import ThemeDictionary, _triggers

    assert _triggers("personal advis[eo]rs?") == frozenset({"personal"})
    assert _triggers("(emotional|mental) (health|well-?being)") in (
        frozenset({"emotional", "mental"}),
        frozenset({"health", "well"}),
    )
    assert _triggers("a|b") is None
    assert _triggers("(stable|unstable) placements?") == frozenset({"placement"})
    assert "placements" not in (_triggers("(out of area|distant) (placements?|homes)") or set())
    themes = load_themes()
    assert all(t.triggers for t in themes)
    plain = ThemeDictionary(
        themes.version, themes.date, tuple(dataclasses.replace(t, triggers=None) for t in themes)
    )
    texts = [
        "Personal advisers keep in touch; PACE beds; later-life letters; 26-week target.",
        "Children’s views and wishes; emotional well-being; 16- and 17-year-olds who present "
        "as homeless; NEET; the MASH and the front door; caseloads; agency staff.",
    ]
    for t in texts:
        assert themes_in(t, themes) == themes_in(t, plain)
