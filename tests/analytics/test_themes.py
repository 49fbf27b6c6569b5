"""Theme prevalence by grade, year and over all reports, on the tiny registry of
tests/conftest.py (theme counts stored as the build stores them)."""

from __future__ import annotations

from cscwatch.analytics import themes


def test_theme_prevalence(text_registry):
    rows = themes.theme_prevalence(text_registry)
    by = {(r["theme"], r["group"], r["value"]): r for r in rows}
    allc = by[("workforce_stability", "all", "all")]
    assert allc["reports"] == 3 and allc["mentioning"] == 2
    assert by[("caseloads", "grade", "inadequate")]["share_in_recommendations"] == 1.0
    assert by[("police_custody", "grade", "good")]["share_in_recommendations"] == 1.0
    assert by[("police_custody", "year", "2014")]["in_recommendations"] == 1
    mine = themes.theme_prevalence(text_registry, la_code="919")
    assert {r["reports"] for r in mine if r["group"] == "all"} == {1}
