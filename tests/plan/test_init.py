"""plan init: the asks of a council's latest full inspection and of the visits after it, on a
registry built from generated reports (tests/plan/conftest.py), with and without the text."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from cscwatch.plan.init import InitError, counts, init_plan, is_current
from cscwatch.plan.model import Action, HistoryRow, Measure
from cscwatch.plan.workbook import read_plan, write_plan

# What the generated reports print (tests/plan/conftest.py and FOCUSED_HEAD/WITH_PRIORITY of
# tests/conftest.py): the 2023 inspection (file dated 15 December 2023) and its three
# recommendations on page 2, the focused visit of 14 March 2024 and its three priority actions.
RECS_2023 = [
    "The quality of management oversight of children’s plans.",
    "The sufficiency of homes for children in care.",
    "The timeliness of assessments for disabled children.",
]
PRIORITY_2024 = [
    "The timeliness of visits to children at risk of harm.",
    "Management oversight of plans, so that drift is identified and acted on.",
    "The sufficiency of social workers.",
]


def test_asks_of_the_latest_inspection_and_the_visit_after_it(wigan_registry):
    engine, _ = wigan_registry
    plan = init_plan(engine, "wigan", today=dt.date(2026, 6, 1), registry="wigan.db")
    assert (plan.council, plan.la_code, plan.latest_inspection) == (
        "Wigan",
        "359",
        dt.date(2023, 12, 15),
    )
    assert plan.registry_text is True
    recs = [a for a in plan.asks if a.source == "recommendation"]
    assert [a.text for a in recs] == RECS_2023
    assert [a.ask_id for a in recs] == ["2023-12-15/R1", "2023-12-15/R2", "2023-12-15/R3"]
    assert {a.page for a in recs} == {2}
    assert {a.report for a in recs} == {"Full inspection (ILACS)"}
    # themes of the words: 'management oversight' and 'sufficiency' are patterns of themes.yaml
    assert "management_oversight" in recs[0].themes
    assert "placement_sufficiency_stability" in recs[1].themes
    visit = [a for a in plan.asks if a.source == "priority_action"]
    assert [a.ask_id for a in visit] == ["2024-03-14/P1", "2024-03-14/P2", "2024-03-14/P3"]
    assert {a.report for a in visit} == {"Focused visit"}
    assert [a.text for a in visit] == PRIORITY_2024
    # the 2019 inspection's ask is not current
    assert not [a for a in plan.asks if str(a.report_date).startswith("2019")]


def test_registry_without_text(wigan_registry, tmp_path):
    """As on the embedded registry: recommendations stored without their words."""
    from sqlalchemy import text

    engine, root = wigan_registry
    with_text = init_plan(engine, "Wigan")
    bare = _copy(root / "wigan.db", tmp_path / "bare.db")
    with bare.begin() as conn:
        conn.execute(text("UPDATE recommendations SET text = NULL"))
    plan = init_plan(bare, "Wigan")
    assert plan.registry_text is False
    assert [a.ask_id for a in plan.asks] == [a.ask_id for a in with_text.asks]
    assert {a.text for a in plan.asks} == {None}
    # each ask carries the themes of its report's recommendations (or of the visit's
    # priority actions) as a whole
    for source in ("recommendation", "priority_action"):
        whole = {t for a in with_text.asks if a.source == source for t in a.themes}
        assert whole  # the words mention themes
        assert all(set(a.themes) == whole for a in plan.asks if a.source == source)


def test_registry_built_before_the_visits_areas_were_stored(wigan_registry, tmp_path):
    """A registry made before the areas for priority action were stored as rows holds only
    their number (reports.priority_actions): the visit's asks are made by position."""
    from sqlalchemy import text

    engine, root = wigan_registry
    bare = _copy(root / "wigan.db", tmp_path / "older.db")
    with bare.begin() as conn:
        conn.execute(text("DELETE FROM recommendations WHERE kind = 'priority_action'"))
    plan = init_plan(bare, "Wigan")
    visit = [a for a in plan.asks if a.source == "priority_action"]
    assert [(a.ask_id, a.text) for a in visit] == [
        ("2024-03-14/P1", None),
        ("2024-03-14/P2", None),
        ("2024-03-14/P3", None),
    ]


def _copy(source, target):
    import sqlite3

    from cscwatch.registry import store

    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return store.connect(f"sqlite:///{target}", create=True)


def test_as_of_takes_the_registry_as_it_stood(wigan_registry):
    engine, _ = wigan_registry
    plan = init_plan(engine, "Wigan", as_of=dt.date(2020, 1, 1))
    assert plan.latest_inspection == dt.date(2019, 4, 24)
    assert [a.text for a in plan.asks] == ["The quality of return home interviews."]


def _work(plan):
    """The team's work on a plan: an action per ask, a measure and a history row."""
    plan.actions = [
        Action(a.ask_id, f"A{i}", "Do it", "Jo", dt.date(2026, 9, 1), "on track")
        for i, a in enumerate(plan.asks, start=1)
    ]
    plan.measures = [Measure(plan.asks[0].ask_id, "M1", "IR-06", None, 0.9, "higher")]
    plan.history = [HistoryRow(dt.date(2026, 5, 1), "M1", 0.8, 0.9, False)]
    return plan


@pytest.mark.parametrize("suffix", [".xlsx", ".yaml"])
def test_rerun_adds_new_asks_and_keeps_every_action(wigan_registry, tmp_path, suffix):
    engine, _ = wigan_registry
    first = _work(init_plan(engine, "Wigan", as_of=dt.date(2020, 1, 1)))
    first.actions[0].extra = {"RAG": "amber"}
    path = write_plan(first, tmp_path / f"plan{suffix}")
    existing = read_plan(path)
    again = init_plan(engine, "Wigan", existing=existing)
    assert again.actions == first.actions
    assert again.measures == first.measures and again.history == first.history
    ids = [a.ask_id for a in again.asks]
    assert ids[0] == "2019-04-24/R1"  # the earlier inspection's ask is kept, in date order
    assert ids[1:] == [
        "2023-12-15/R1", "2023-12-15/R2", "2023-12-15/R3",
        "2024-03-14/P1", "2024-03-14/P2", "2024-03-14/P3",
    ]  # fmt: skip
    assert again.latest_inspection == dt.date(2023, 12, 15)
    assert [is_current(again, a) for a in again.asks] == [False] + [True] * 6
    assert counts(again) == {
        "recommendations": 3,
        "priority_actions": 3,
        "earlier": 1,
        "without_text": sum(a.text is None for a in again.asks),
    }
    assert again.created == first.created
    # a second re-run changes nothing
    path = write_plan(again, path)
    assert init_plan(engine, "Wigan", existing=read_plan(path)) == again


def test_rerun_fills_words_an_ask_lacked(wigan_registry, tmp_path):
    engine, _ = wigan_registry
    bare = init_plan(engine, "Wigan")
    for a in bare.asks:
        a.text, a.themes = None, []
    filled = init_plan(engine, "Wigan", existing=bare)
    assert [a.text for a in filled.asks][:3] == RECS_2023


def test_errors(wigan_registry):
    engine, _ = wigan_registry
    with pytest.raises(InitError, match=r"^the registry holds no full inspection of Barnsley$"):
        init_plan(engine, "Barnsley")
    with pytest.raises(LookupError, match="no council matches 'Nowhereshire'"):
        init_plan(engine, "Nowhereshire")
    wigan = init_plan(engine, "Wigan")
    other = dataclasses.replace(wigan, council="Barnsley", la_code="370", source="b.xlsx")
    with pytest.raises(InitError, match=r"^b\.xlsx is a plan for Barnsley, not Wigan$"):
        init_plan(engine, "Wigan", existing=other)
