"""The board pack's figures, each worked out by hand from the rows of pack_fixtures.py."""

from __future__ import annotations

import datetime as dt

import pytest

from cscwatch.plan.pack import history_rows, merged_history, pack, tables

from .pack_fixtures import AS_OF, ASSESSMENTS, D, annex_a, plan, registry, registry_path  # noqa: F401


@pytest.fixture
def result(plan, registry, annex_a):  # noqa: F811
    return pack(plan, engine=registry, annex_a=annex_a, as_of=AS_OF)


def measure(result, measure_id):
    return next(m for a in result["asks"] for m in a["measures"] if m["measure_id"] == measure_id)


def test_status_counts_and_overdue(result):
    s = result["summary"]
    # Six actions answer the plan's asks (the seventh names no ask: left out, with a note).
    assert (s["asks"], s["actions"]) == (3, 6)
    assert s["by_status"] == {"not started": 1, "on track": 1, "at risk": 1, "off track": 1,
                              "done": 2}  # fmt: skip
    # Overdue on 30 Nov 2026: A1.1 (due 30 Sep, on track) and A1.3 (due 30 Jun, off track,
    # typed "Off Track"); A2.2 is due on the pack's date itself, A1.2 is done.
    assert s["overdue"] == 2 and s["overdue_without_update"] == 1  # A1.1 was updated 15 Oct
    days = {x["action_id"]: x["days_overdue"] for a in result["asks"] for x in a["actions"]}
    assert days == {"A1.1": 61, "A1.2": None, "A1.3": 153, "A2.1": None, "A2.2": None,
                    "A3.1": None}  # fmt: skip
    assert [(a["ask_id"], a["status"], a["overdue"]) for a in s["by_ask"]] == [
        ("2022-04-20/R1", "off track", 2),
        ("2022-04-20/R2", "at risk", 0),
        ("2024-06-20/P1", "done", 0),
    ]
    themes = {t["theme"]: (t["asks"], t["actions"], t["overdue"]) for t in s["by_theme"]}
    assert themes == {"caseloads": (1, 3, 2), "workforce_stability": (1, 2, 0),
                      "assessments": (1, 2, 0), "no theme": (1, 1, 0)}  # fmt: skip
    assert any("1 action(s) and 0 measure(s) name no ask" in n for n in result["notes"])


def test_indicator_measure_from_the_annex_a_workbook(result):
    # IR-06, child seen during the assessment: assessments authorised in the six months up to
    # R (after 30 May 2026, up to 30 November 2026), computed here from the rows themselves.
    start = dt.date(2026, 5, 30)
    done = [
        a
        for a in ASSESSMENTS
        if a[2] and start < dt.datetime.strptime(a[2], "%d/%m/%Y").date() <= AS_OF
    ]
    seen = [a for a in done if a[3] == "Y"]
    assert [a[0] for a in done] == ["C1", "C2", "C3", "C4"]
    m1 = measure(result, "M1")
    assert (m1["numerator"], m1["denominator"]) == (len(seen), len(done)) == (2, 4)
    assert m1["value"] == pytest.approx(0.5)
    assert m1["met"] is False  # target 0.8, higher is better
    assert m1["window"]["from_exclusive"] == start.isoformat()
    # Trend: the history rows of 30 Sep and 31 Oct, then this pack (the row already dated
    # 30 Nov is this pack's and is replaced; the one of 31 Dec is later and left out).
    assert [(p["pack_date"], p["value"]) for p in m1["trend"]] == [
        ("2026-09-30", 0.5), ("2026-10-31", 0.6), ("2026-11-30", 0.5)]  # fmt: skip
    assert m1["change"] == pytest.approx(-0.1)
    # IR-04 within 45 working days: 7, 10, 13 and 64 working days -> 3 of 4; the target typed
    # as 85 is read as 85%.
    m2 = measure(result, "M2")
    assert (m2["numerator"], m2["denominator"], m2["target"], m2["met"]) == (3, 4, 0.85, False)
    assert any("read as a percentage" in n for n in m2["notes"])


def test_manual_and_unknown_measures(result):
    m3 = measure(result, "M3")  # 21.5 against 18, lower is better: not met; 23 at the last pack
    assert (m3["kind"], m3["value"], m3["met"], m3["source"], m3["as_of"]) == (
        "manual", 21.5, False, "HR report", "2026-11-15")  # fmt: skip
    assert [p["value"] for p in m3["trend"]] == [23.0, 21.5] and m3["change"] == -1.5
    m4 = measure(result, "M4")
    assert m4["value"] is None and m4["met"] is None
    assert "IR-99 is not an indicator of cscwatch readiness" in m4["notes"]
    assert result["summary"]["measures"] == {"total": 4, "met": 0, "not_met": 3,
                                             "not_assessed": 1}  # fmt: skip


def test_words_from_the_plan_the_registry_or_a_note(result, plan):  # noqa: F811
    asks = {a["ask_id"]: a for a in result["asks"]}
    r1, r2 = asks["2022-04-20/R1"], asks["2022-04-20/R2"]
    assert r1["text"].startswith("Reduce the caseloads") and r1["text_source"] == "plan"
    # the plan holds no words for R2; the registry holds them (report of 20 April 2022, 2nd)
    assert r2["text"].startswith("Stabilise the workforce") and r2["text_source"] == "registry"
    without = {a["ask_id"]: a for a in pack(plan, as_of=AS_OF)["asks"]}["2022-04-20/R2"]
    assert without["text"] is None and "page 13" in without["text_note"]


def test_national_context_inadequate(result):
    """Bury is inadequate (published 20 April 2022). Inadequate spells on 30 Nov 2026:
    Barnsley 1 May 2015 -> RI 14 Jul 2017 (805 days, improved), Northamptonshire 1 Aug 2013
    -> RI 1 Jul 2016 (1065 days, improved), Northamptonshire 10 Jan 2020 -> abolished 31 Mar
    2021 (446 days, censored), Bury 1 Sep 2019 -> still (2647 days, censored). Kaplan-Meier:
    446 censored (4 -> 3 at risk); 805: S = 2/3; 1065: S = 2/3 x 1/2 = 1/3 <= 1/2: median 1065."""
    g = result["context"]["grade"]
    assert g["grade"] == "inadequate" and g["inspection"]["published"] == "2022-04-20"
    km = g["time_to_improve"]
    assert (km["spells"], km["events"], km["censored"]) == (4, 2, 2)
    assert km["median_days"] == 1065
    assert km["council_spell"] == {"start": "2019-09-01", "days": 2647}
    assert "2026-11-30" in km["rule"] and "within 1065 days" in km["meaning"]
    # Next inspections after an inadequate one: Barnsley RI, Bury inadequate again,
    # Northamptonshire RI (2016) and North Northamptonshire RI (2023, continuing it): 3 of 4.
    nx = g["next_inspection"]
    assert (nx["pairs"], nx["improved"], nx["same"], nx["declined"]) == (4, 3, 1, 0)
    assert nx["improved_share"] == 0.75


def test_theme_recurrence(result):
    """Pairs with both recommendations stored (pack_fixtures.REC_THEMES). Caseloads: Barnsley
    2015 -> 2017 no, Bury 2019 -> 2022 yes, Northamptonshire 2013 -> 2016 yes, 2016 -> 2020
    no: 2 of 4. Workforce: Bury 2019 -> 2022 no, Northamptonshire 2016 -> 2020 yes, 2020 ->
    North Northamptonshire 2023 yes: 2 of 3. Assessments: carried by no recommendation."""
    themes = {t["theme"]: t for t in result["context"]["themes"]}
    assert (themes["caseloads"]["raised_again"], themes["caseloads"]["pairs_with_theme"]) == (2, 4)
    assert themes["caseloads"]["share"] == 0.5
    assert (themes["workforce_stability"]["raised_again"],
            themes["workforce_stability"]["pairs_with_theme"]) == (2, 3)  # fmt: skip
    assert themes["assessments"]["share"] is None
    assert all("2026-11-30" in t["rule"] for t in themes.values())


def test_visits_since_the_last_inspection(result):
    # Bury's 2022 inspection ended on site on 1 Mar 2022: the 2021 visit is before it, the
    # November 2026 visit's letter is published in 2027. Three visits, 2 priority actions.
    v = result["context"]["visits"]
    assert (v["visits"], v["priority_actions"], v["since"]) == (3, 2, "2022-03-01")
    assert [r["visit_end"] for r in v["rows"]] == ["2022-10-05", "2023-03-01", "2024-05-10"]
    # what the focused visit set, in its words (stored as recommendations of kind
    # priority_action)
    areas = v["rows"][2]["areas"]
    assert [(a["position"], a["page"]) for a in areas] == [(1, 2), (2, 2)]
    assert areas[1]["text"] == "Strengthen management oversight of assessments."


def test_national_context_requires_improvement(plan, registry):  # noqa: F811
    """North Northamptonshire (940) is RI (published 20 Jan 2023). RI spells on 30 Nov 2026:
    Barnsley 14 Jul 2017 -> good 20 Jun 2019 (706 days, improved); Bury 10 Jan 2017 -> still
    (inadequate since: no better; 3611 days, censored); Northamptonshire 1 Jul 2016 ->
    abolished 31 Mar 2021 (1734, censored); North Northamptonshire 20 Jan 2023 -> still (1410,
    censored). The curve falls only to 3/4: no median. Next inspections after an RI one:
    Barnsley good, Bury inadequate, Northamptonshire inadequate: 1 of 3 improved."""
    plan.la_code, plan.council = "940", "North Northamptonshire"
    g = pack(plan, engine=registry, as_of=AS_OF)["context"]["grade"]
    km = g["time_to_improve"]
    assert g["grade"] == "requires_improvement"
    assert (km["spells"], km["events"], km["median_days"]) == (4, 1, None)
    assert km["council_spell"] == {"start": "2023-01-20", "days": 1410}
    assert "good or better" in km["rule"] and "Fewer than half" in km["meaning"]
    nx = g["next_inspection"]
    assert (nx["pairs"], nx["improved"], nx["declined"]) == (3, 1, 2)


def test_no_registry_no_annex(plan):  # noqa: F811
    r = pack(plan, as_of="2026-11-30")
    assert r["context"]["registry"] is None
    assert any("no national context" in n for n in r["notes"])
    assert "no Annex A workbook was given (--annex-a): no value" in measure(r, "M1")["notes"]
    with pytest.raises(ValueError, match="not a date"):
        pack(plan, as_of="30th November")


def test_history_rows_replace_the_same_pack_date(result, plan):  # noqa: F811
    rows = history_rows(result)
    assert {(r.measure_id, r.pack_date) for r in rows} == {
        (m, AS_OF) for m in ("M1", "M2", "M3", "M4")}  # fmt: skip
    merged = merged_history(plan.history, result)
    m1 = sorted((r.pack_date, r.value) for r in merged if r.measure_id == "M1")
    assert m1 == [(D("2026-09-30"), 0.5), (D("2026-10-31"), 0.6), (AS_OF, 0.5),
                  (D("2026-12-31"), 0.7)]  # fmt: skip
    assert len(merged) == 8  # 5 rows, less the one of this pack's date, plus 4


def test_no_child_identifier_in_the_pack(result, plan, annex_a):  # noqa: F811
    text = repr(result) + repr(tables(result))
    assert not any(f"'{a[0]}'" in text for a in ASSESSMENTS)
    hidden = pack(plan, annex_a=annex_a, as_of=AS_OF, pseudonymise=True)
    assert hidden["pseudonymised"] is True
    assert measure(hidden, "M1")["numerator"] == measure(result, "M1")["numerator"]


def test_tables_are_the_xlsx_sheets(result):
    t = tables(result)
    assert list(t) == ["summary", "asks", "actions", "measures", "context"]
    assert len(t["actions"]) == 6 and len(t["measures"]) == 4 and len(t["asks"]) == 3
    assert t["summary"][0]["overdue"] == 2
    assert all(r["as_of"] == "2026-11-30" and r["rule"] for r in t["context"])


def test_configured_indicator_not_computed_is_a_note(plan, registry, annex_a, monkeypatch):  # noqa: F811
    import copy

    from cscwatch.casework.indicators import INDICATORS
    from cscwatch.plan.model import Measure

    # every configured indicator is computed now, so take one out of readiness's registry: the
    # pack still knows it from indicators.yaml and says readiness gave no value for it
    monkeypatch.delitem(INDICATORS, "IR-19")
    changed = copy.deepcopy(plan)
    ask = changed.asks[0].ask_id
    changed.measures.append(Measure(ask, "M9", "IR-19", target=0.8, direction="higher"))
    m9 = measure(pack(changed, engine=registry, annex_a=annex_a, as_of=AS_OF), "M9")
    assert m9["value"] is None and m9["met"] is None
    assert m9["name"] == "Children in care reviews in timescale"
    assert "IR-19 is not computed by cscwatch readiness: no value" in m9["notes"]
