"""The areas for priority action of the focused-visit letters in ../shared, as the build stores
them (rows of kind 'priority_action' in the recommendations table): one row per area the
letter's count gives, the hand-checked counts (tests/corpus/hand_checked_visits.csv,
HAND_CHECKED_VISITS.md), and recurrence of the inspections' recommendations as it would be
with no such rows at all."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, select
from tests.conftest import CORPUS, needs_corpus

from cscwatch.registry import recurrence, schema

pytestmark = [pytest.mark.corpus, needs_corpus]

HERE = Path(__file__).parent
with (HERE / "hand_checked_visits.csv").open(encoding="utf-8") as fh:
    HAND = [r for r in csv.DictReader(fh) if r["priority_actions"] != ""]


@pytest.fixture(scope="module")
def stored(corpus_db):
    """(reports by source_file, priority-action rows by source_file, every recommendation)."""
    engine, _ = corpus_db
    r, c = schema.reports, schema.recommendations
    with engine.connect() as conn:
        reports = {row.source_file: row for row in conn.execute(select(r))}
        recs = conn.execute(
            select(r.c.source_file, c.c.position, c.c.kind, c.c.text, c.c.page, c.c.recurs)
            .join(r, r.c.id == c.c.report_id)
            .order_by(r.c.source_file, c.c.position)
        ).all()
    areas: dict[str, list] = {}
    for row in recs:
        if row.kind == "priority_action":
            areas.setdefault(row.source_file, []).append(row)
    return reports, areas, engine


def test_every_focused_visit_stores_as_many_areas_as_its_count(stored):
    reports, areas, _ = stored
    letters = sorted(
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*.pdf")
        if "focused visit" in p.name.lower()
    )
    assert letters
    for f in letters:
        got = reports[f]
        if got.kind != "focused_visit":
            continue
        mine = areas.get(f, [])
        assert len(mine) == got.priority_actions, f
        assert [a.position for a in mine] == list(range(1, len(mine) + 1)), f
        for a in mine:
            assert a.text and a.recurs is None, f
            assert 1 <= a.page <= got.page_count, f
    # only focused visits carry them
    assert {reports[f].kind for f in areas} == {"focused_visit"}


@pytest.mark.parametrize("row", HAND, ids=[r["source_file"] for r in HAND])
def test_hand_checked_count_of_areas(stored, row):
    _, areas, _ = stored
    assert len(areas.get(row["source_file"], [])) == int(row["priority_actions"])


def test_the_areas_total_over_the_hand_checked_letters(stored):
    """15 letters set 35 areas (HAND_CHECKED_VISITS.md); every letter that sets some is among
    the hand-checked ones (they include every letter mentioning 'priority action')."""
    _, areas, _ = stored
    hand = {r["source_file"]: int(r["priority_actions"]) for r in HAND}
    assert set(areas) == {f for f, n in hand.items() if n}
    assert sum(len(a) for a in areas.values()) == sum(hand.values())


def test_pages_of_areas_read_by_hand(stored):
    """Southampton 06/2021 prints both areas on page 1, above the letterhead; Hackney 03/2019's
    second area starts on page 3."""
    _, areas, _ = stored
    southampton = areas["80558_southampton/children's services focused visit - 18 june 2021.pdf"]
    hackney = areas["80496_hackney/children's services focused visit - 04 march 2019.pdf"]
    assert [a.page for a in southampton] == [1, 1]
    assert [a.page for a in hackney] == [2, 3]


def test_no_area_holds_the_letterhead(stored):
    _, areas, _ = stored
    for f, rows in areas.items():
        for a in rows:
            assert "ofsted.gov.uk" not in a.text and "0300 123" not in a.text, f


def test_recurrence_is_what_it_would_be_without_the_visits_areas(stored):
    """The inspections' recurrence flags, as stored, equal those worked out on a copy of the
    registry from which every priority-action row is removed."""
    _, _, engine = stored
    r, c = schema.reports, schema.recommendations
    with engine.connect() as conn:
        report_rows = [
            dict(row._mapping)
            for row in conn.execute(
                select(
                    r.c.id,
                    r.c.source_file,
                    r.c.sha256,
                    r.c.status,
                    r.c.la_code,
                    r.c.inspection_end,
                    r.c.published,
                )
            )
        ]
        rec_rows = [
            dict(row._mapping)
            for row in conn.execute(
                select(c.c.report_id, c.c.position, c.c.kind, c.c.text, c.c.recurs).order_by(
                    c.c.report_id, c.c.position
                )
            )
        ]
    copy = create_engine("sqlite://")
    schema.metadata.create_all(copy, tables=[r, c])
    kept = [dict(x, recurs=None) for x in rec_rows if x["kind"] != "priority_action"]
    with copy.begin() as conn:
        conn.execute(insert(r), report_rows)
        conn.execute(insert(c), kept)
    recurrence.flag_recurring(copy)
    with copy.connect() as conn:
        again = [
            (row.report_id, row.position, row.kind, row.recurs)
            for row in conn.execute(select(c).order_by(c.c.report_id, c.c.position))
        ]
    before = [
        (x["report_id"], x["position"], x["kind"], x["recurs"])
        for x in rec_rows
        if x["kind"] != "priority_action"
    ]
    assert sorted(again, key=repr) == sorted(before, key=repr)
    flags = Counter(x["recurs"] for x in rec_rows if x["kind"] != "priority_action")
    assert flags[True] > 0  # the comparison compares something
    assert all(x["recurs"] is None for x in rec_rows if x["kind"] == "priority_action")
