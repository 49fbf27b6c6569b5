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


def test_theme_prevalence_by_kind_of_document(text_registry):
    """Full inspections and focused-visit letters are counted apart (a letter is short and
    looks at one area: mixed in, letters would pull the shares of inspections down). The
    three reports of the fixture are inspections; a letter is added that mentions agency
    social workers and nothing of police custody."""
    from sqlalchemy import insert, update

    from cscwatch.registry import schema
    from cscwatch.reports.themes import count_themes

    letter = "The council still relies on agency social workers to cover vacant posts."
    with text_registry.begin() as conn:
        conn.execute(update(schema.reports).values(kind="inspection"))
        conn.execute(
            insert(schema.reports),
            [dict(id=4, source_file="1_a/visit 2021.pdf", la_code="370", la_name="Barnsley",
                  kind="focused_visit", published="2021-03-01", sha256="1" * 64, status="ok")],
        )  # fmt: skip
        conn.execute(
            insert(schema.passages),
            [dict(id=6, report_id=4, page=2, section="Other", text=letter)],
        )
        counts = count_themes([("Other", letter)])
        assert [t for t, _, n in counts if n] == ["workforce_stability"]
        conn.execute(
            insert(schema.theme_counts),
            [{"report_id": 4, "theme": t, "section": s, "count": n} for t, s, n in counts],
        )
    rows = themes.theme_prevalence(text_registry)
    by = {(r["theme"], r["group"], r["value"]): r for r in rows}
    inspections = by[("workforce_stability", "kind", "inspection")]
    assert (inspections["reports"], inspections["mentioning"], inspections["share"]) == (
        3,
        2,
        0.667,
    )
    letters = by[("workforce_stability", "kind", "focused_visit")]
    assert (letters["reports"], letters["mentioning"], letters["share"]) == (1, 1, 1.0)
    assert (
        letters["reports_with_recommendations"] == 0 and letters["share_in_recommendations"] is None
    )
    assert by[("workforce_stability", "all", "all")]["mentioning"] == 3
    assert by[("police_custody", "kind", "focused_visit")]["mentioning"] == 0
    assert by[("police_custody", "kind", "inspection")]["mentioning"] == 1
    groups = [r["group"] for r in rows if r["theme"] == "workforce_stability"]
    assert groups == [
        "all",
        "grade",
        "grade",
        "grade",
        "kind",
        "kind",
        "year",
        "year",
        "year",
        "year",
    ]
