"""Visits between inspections in the registry built from ../shared, against letters read by hand
(tests/corpus/hand_checked_visits.csv, HAND_CHECKED_VISITS.md) and against invariants for every
visit letter."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import CORPUS, needs_corpus

from cscwatch.registry import queries, schema
from cscwatch.vocabulary import VISIT_FOCUS

pytestmark = [pytest.mark.corpus, needs_corpus]

HERE = Path(__file__).parent
_CSV = HERE / "hand_checked_visits.csv"  # see HAND_CHECKED_VISITS.md
with _CSV.open(encoding="utf-8") as fh:
    HAND = list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def registry(corpus_db):
    engine, _ = corpus_db
    frame = queries.reports_frame(engine)
    return {row["source_file"]: row for row in frame.to_dict(orient="records")}, engine


@pytest.mark.parametrize("row", HAND, ids=[r["source_file"] for r in HAND])
def test_hand_checked_visit(registry, row):
    reports, _ = registry
    got = reports[row["source_file"]]
    assert got["status"] == "ok", got["error"]
    assert got["kind"] == row["kind"]
    assert (got["inspection_start"], got["inspection_end"]) == (
        row["visit_start"],
        row["visit_end"],
    )
    if row["lead_inspector"]:
        assert got["lead_inspector"] == row["lead_inspector"]
    if row["focus"]:
        assert got["focus"] == row["focus"]
    if row["priority_actions"] != "":
        assert got["priority_actions"] == int(row["priority_actions"])


def test_every_visit_letter_in_the_folder_parses_with_a_focus(registry):
    reports, _ = registry
    letters = sorted(
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*.pdf")
        if "focused visit" in p.name.lower() or "monitoring visit" in p.name.lower()
    )
    assert letters
    for f in letters:
        got = reports[f]
        assert got["status"] == "ok", (f, got["error"])
        assert got["kind"] in ("focused_visit", "monitoring_visit"), f
        assert got["focus"] in VISIT_FOCUS, f
        assert got["inspection_start"] and got["lead_inspector"], f
        if got["kind"] == "focused_visit":
            assert got["priority_actions"] is not None and got["priority_actions"] >= 0, f


def test_only_visit_letters_carry_visit_facts(registry):
    reports, _ = registry
    for f, got in reports.items():
        if got["kind"] not in ("focused_visit", "monitoring_visit"):
            assert (got["focus"], got["priority_actions"], got["visit_number"]) == (
                None,
                None,
                None,
            ), f


def test_the_two_letters_that_had_no_dates(registry):
    """Durham's letter gives its days without a year ('on 13 and 14 July'); Camden's reads 'on
    the 15 and 16 of May 2018'."""
    reports, _ = registry
    durham = reports["80465_durham/children's services focused visit - 23 august 2021.pdf"]
    camden = reports["80491_camden/children's services focused visit - 08 june 2018.pdf"]
    assert (durham["inspection_start"], durham["inspection_end"]) == ("2021-07-13", "2021-07-14")
    assert (camden["inspection_start"], camden["inspection_end"]) == ("2018-05-15", "2018-05-16")


def test_standalone_lscb_review_and_the_lscb_judgement_in_a_sif_section(registry):
    reports, engine = registry
    surrey = reports["80567_surrey/children's services inspection - 03 august 2015.pdf"]
    assert (surrey["status"], surrey["kind"], surrey["la_code"]) == ("ok", "lscb_review", "936")
    assert surrey["lscb"] == "requires_improvement"
    assert surrey["overall"] is None
    somerset = "80555_somerset/children's services inspection - 27 march 2015.pdf"
    assert reports[somerset]["lscb"] == "inadequate"
    r, j = schema.reports, schema.judgments
    with engine.connect() as conn:
        page = conn.execute(
            select(j.c.page)
            .join(r, r.c.id == j.c.report_id)
            .where(r.c.source_file == somerset, j.c.area == "lscb")
        ).scalar_one()
    assert page == 41


def test_interventions_stated_in_reports(registry):
    _, engine = registry
    rows = queries.interventions(engine, ["871", "371"])
    got = {(i["source_file"], i["kind"], i["detail"], i["date"], i["page"]) for i in rows}
    # Slough, February 2016, page 2: the trust took over on 1 October 2015.
    assert (
        "80553_slough/children's services inspection - 17 february 2016.pdf",
        "trust",
        "Slough Children's Services Trust",
        "2015-10-01",
        2,
    ) in got
    # Doncaster, November 2015, page 2: a direction made in August 2013.
    assert any(
        f.startswith("80462_doncaster/children's services inspection - 27 november 2015")
        and kind == "direction"
        and date == "2013-08"
        for f, kind, _, date, _ in got
    )


def test_every_letters_text_is_read_past_its_letterhead(corpus_db):
    """Every focused-visit letter prints Ofsted's letterhead on its first page (at the top or
    at the foot): its passages reach the letter's last page, or the one before (a last page
    may hold only the closing sentence and the signature), and none holds the letterhead."""
    from sqlalchemy import text

    engine, _ = corpus_db
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT r.source_file, r.page_count, max(p.page) AS last, count(p.id) AS n, "
                "sum(p.text LIKE '%Piccadilly Gate%' OR p.text LIKE '%enquiries@ofsted%') "
                "AS letterhead FROM reports r LEFT JOIN passages p ON p.report_id = r.id "
                "WHERE r.kind = 'focused_visit' AND r.status = 'ok' GROUP BY r.id"
            )
        ).all()
    assert len(rows) == sum(
        "focused visit" in p.name for p in CORPUS.rglob("*.pdf")
    )  # every letter in the folder is here
    short = [r.source_file for r in rows if (r.last or 0) < r.page_count - 1]
    assert short == []
    assert [r.source_file for r in rows if r.letterhead] == []
    assert min(r.n for r in rows) >= 5
