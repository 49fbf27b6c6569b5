"""plan init on the registry built from ../shared: the asks equal the hand-checked
recommendations (tests/corpus/hand_checked_recommendations.csv) and the hand-checked priority
actions of focused visits (tests/corpus/hand_checked_visits.csv).

Each hand-checked report is taken as the latest full inspection by asking for the plan as the
registry stood on its publication date (``as_of``); each hand-checked visit by asking for the
plan on the visit's date, when the council had a full inspection before it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cscwatch.plan.init import InitError, init_plan
from cscwatch.registry import read
from cscwatch.registry.queries import load_history

HERE = Path(__file__).resolve().parents[1] / "corpus"

pytestmark = pytest.mark.corpus


def _rows(name: str) -> list[dict]:
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _report(engine, source_file: str):
    with engine.connect() as conn:
        return (
            read.execute(
                conn,
                "SELECT la_code, published FROM reports WHERE source_file = :f",
                {"f": source_file},
            )
            .mappings()
            .first()
        )


@pytest.fixture(scope="module")
def history(corpus_db):
    return load_history(corpus_db[0])


def test_recommendation_asks_equal_the_hand_checked_counts(corpus_db, history):
    engine, _ = corpus_db
    rows = _rows("hand_checked_recommendations.csv")
    for row in rows:
        report = _report(engine, row["source_file"])
        assert report is not None, row["source_file"]
        day = read_date(report["published"])
        plan = init_plan(engine, report["la_code"], history=history, as_of=day)
        recs = [a for a in plan.asks if a.source == "recommendation"]
        assert plan.latest_inspection == day, row["source_file"]
        assert len(recs) == int(row["count"]), row["source_file"]
        assert [a.position for a in recs] == list(range(1, len(recs) + 1))
        words = recs[0].text or ""
        assert words.startswith(row["first_words"]), (row["source_file"], words[:40])


def test_priority_action_asks_equal_the_hand_checked_visits(corpus_db, history):
    engine, _ = corpus_db
    checked = 0
    for row in _rows("hand_checked_visits.csv"):
        if row["kind"] != "focused_visit":
            continue
        report = _report(engine, row["source_file"])
        day = read_date(report["published"])
        try:
            plan = init_plan(engine, report["la_code"], history=history, as_of=day)
        except InitError:  # no full inspection of the council before the visit
            continue
        mine = [a for a in plan.asks if a.source == "priority_action" and a.report_date == day]
        assert len(mine) == int(row["priority_actions"]), row["source_file"]
        assert all(a.text and a.page for a in mine), row["source_file"]  # Ofsted's words
        checked += 1
    assert checked  # hand-checked visits that follow an inspection were compared


def read_date(value):
    import datetime as dt

    return dt.date.fromisoformat(str(value)[:10])
