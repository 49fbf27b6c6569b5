"""The theme dictionary: well formed, covers the issue's themes, matches what it should."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cscwatch.reports.literals import expand
from cscwatch.reports.passages import Passage
from cscwatch.reports.recommendations import Recommendation
from cscwatch.reports.themes import (
    RECOMMENDATIONS_SECTION,
    _load,
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


def test_literal_expansion_follows_re():
    assert expand("(stable|unstable) placements?") == [
        "stable placements",
        "stable placement",
        "unstable placements",
        "unstable placement",
    ]
    assert expand("personal advis[eo]rs?") == [
        "personal advisers",
        "personal adviser",
        "personal advisors",
        "personal advisor",
    ]
    assert expand("IROs?") == ["iros", "iro"]
    assert expand("(ab){0,2}") == ["abab", "ab", ""]
    for not_finite in ("foo.*bar", "a+", "\\w+ing", "[^a]b", "^start", "x{1,9}"):
        assert expand(not_finite) is None, not_finite


def _dictionary(*patterns: str):
    return _load(
        "version: t\ndate: 2026-01-01\nthemes:\n  - id: x\n    label: X\n    patterns:\n"
        + "".join(f"      - {p!r}\n" for p in patterns)
    )


def test_a_bad_pattern_is_named():
    with pytest.raises(ValueError, match=r"theme 'x': pattern 'agency \(staff' is not valid"):
        _dictionary("agency (staff")


def test_counting_takes_the_strings_in_the_regexs_order():
    # At "x y z" the regex takes "x" (tried first), so "y z" is a second match; taking the
    # longest string ("x y") would count one.
    themes = _dictionary("x", "x y", "y z")
    assert themes.themes[0].literals == ("x", "x y", "y z")
    assert themes.counts("x y z") == [2] == [themes.themes[0].count("x y z")]
    # Boundaries: a hyphen or a letter either side stops a match; curly apostrophes count.
    themes = _dictionary("agency staff", "children's views")
    assert themes.counts("multi-agency staff; agency staffing; children’s views") == [1]
    # A pattern that is not finite: the theme is counted by its regex.
    themes = _dictionary("foo.*bar", "baz")
    assert themes.themes[0].literals is None
    assert themes.counts("foo and bar; baz") == [2]


WORDS = [
    "agency", "staff", "social", "workers", "children's", "children’s", "views", "plan",
    "plans", "care", "pathway", "multi-agency", "safeguarding", "hub", "MASH", "x-MASH",
    "PEP", "PEPs", "pepper", "16-", "and", "17-year-olds", "who", "present", "as", "homeless",
    "management", "oversight", "supervision", "regular", "early", "help", "police", "cells",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=40), st.lists(st.sampled_from(" ,.;\n-"), max_size=40)
)
def test_fast_counts_equal_the_regex_counts(words, seps):
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    themes = load_themes()
    assert all(t.literals for t in themes)  # the shipped dictionary is finite throughout
    assert themes.counts(text) == [t.count(text) for t in themes]
