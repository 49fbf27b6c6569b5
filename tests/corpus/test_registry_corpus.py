"""The registry built from the real reports in ../shared, checked against facts read by hand
(tests/corpus/hand_checked_reports.csv, see HAND_CHECKED.md) and against invariants that must
hold for every report."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import CORPUS, needs_corpus

from cscwatch import reference
from cscwatch.registry import queries, schema

pytestmark = [pytest.mark.corpus, needs_corpus]

HERE = Path(__file__).parent
AREAS = schema.AREAS
with (HERE / "hand_checked_reports.csv").open(encoding="utf-8") as fh:
    HAND = list(csv.DictReader(fh))
GRADES = {"outstanding", "good", "requires_improvement", "inadequate"}


@pytest.fixture(scope="module")
def registry(corpus_db):
    engine, result = corpus_db
    frame = queries.reports_frame(engine)
    return {row["source_file"]: row for row in frame.to_dict(orient="records")}, result, engine


def test_hand_checked_set_covers_every_framework_and_year():
    years = {row["inspection_end"][:4] for row in HAND}
    assert {row["framework"] for row in HAND} >= {"SIF", "ILACS", "OTHER"}
    assert years >= {str(y) for y in range(2013, 2027)}
    assert len(HAND) >= 40


@pytest.mark.parametrize("row", HAND, ids=[r["source_file"] for r in HAND])
def test_hand_checked_report(registry, row):
    reports, _, _ = registry
    got = reports[row["source_file"]]
    assert got["status"] == "ok", got["error"]
    framework = {"OTHER": "pre-2013"}.get(row["framework"], row["framework"])
    assert got["framework"] == framework
    assert got["inspection_start"] == row["inspection_start"]
    assert got["inspection_end"] == row["inspection_end"]
    if row["published"]:
        assert (got["published"], got["published_source"]) == (row["published"], "stated")
    assert (got["lead_inspector"] or "") == row["lead_inspector"]
    if framework in ("SIF", "ILACS"):
        assert got["kind"] == "inspection"
        for area in AREAS:
            assert (got[area] or "") == row[area], area
    else:
        assert got["kind"] == "earlier_inspection"


def _is_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(5) == b"%PDF-"


def test_every_file_is_accounted_for(registry):
    """Every file in the folder is stored; the ones that fail are exactly the files that are not
    PDFs at all (Ofsted's "report not found" HTML pages saved with a .pdf name, HAND_CHECKED.md),
    each failing for that reason. Counts follow the folder, whatever it holds."""
    reports, result, _ = registry
    pdfs = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.pdf"))
    assert result.seen == len(reports) == len(pdfs)
    assert sorted(reports) == pdfs
    assert result.parsed + len(result.failed) == result.seen
    assert {r for r, _ in result.failed} == {
        f for f, row in reports.items() if row["status"] == "error"
    }
    not_pdf = {f for f in pdfs if not _is_pdf(CORPUS / f)}
    assert dict(result.failed).keys() == not_pdf
    assert all("HTML page" in reason for _, reason in result.failed)


def test_every_inspection_has_all_its_judgements(registry):
    reports, _, engine = registry
    inspections = [r for r in reports.values() if r["kind"] == "inspection"]
    assert len(inspections) >= 300
    for r in inspections:
        required = ["help_and_protection", "children_in_care", "leadership"]
        if r["framework"] == "SIF":
            required += ["overall", "care_leavers", "adoption"]
        else:
            if not r["cic_combined"]:
                required.append("care_leavers")
            if r["inspection_start"] < "2026-04-01":
                required.append("overall")
        # A table may say an area was not judged (e.g. no children in care); that is recorded.
        with engine.connect() as conn:
            judged = {
                a
                for (a,) in conn.execute(
                    select(schema.judgments.c.area).where(schema.judgments.c.report_id == r["id"])
                )
            }
        missing = [a for a in required if a not in judged]
        assert not missing, (r["source_file"], missing)
        for a in AREAS:
            assert r[a] is None or r[a] in GRADES


def test_ilacs_judgement_rules_follow_the_dates(registry):
    reports, _, _ = registry
    for r in reports.values():
        if r["framework"] != "ILACS":
            continue
        if r["cic_combined"]:
            assert r["care_leavers"] is None and r["inspection_start"] < "2023-04-01"
        if r["inspection_start"] >= "2026-04-27":
            assert r["overall"] is None, r["source_file"]
        assert r["inspection_type"] in ("standard", "short")
        assert r["adoption"] is None and r["lscb"] is None


def test_sif_overall_is_inadequate_when_a_key_area_is(registry):
    reports, _, _ = registry
    sif = [r for r in reports.values() if r["framework"] == "SIF"]
    assert len(sif) >= 100
    for r in sif:
        if "inadequate" in (r["help_and_protection"], r["children_in_care"], r["leadership"]):
            assert r["overall"] == "inadequate", r["source_file"]


def test_dates_in_order_and_one_council_per_report(registry):
    reports, _, _ = registry
    for name, r in reports.items():
        if r["status"] != "ok":
            continue
        assert r["inspection_start"] <= r["inspection_end"] <= r["published"], name
        # The folder is named after the council's URN: the council read from the report's own
        # title must be the same one (or its successor/predecessor for reorganised councils).
        folder_urn = name.split("_", 1)[0]
        council = reference.by_code()[r["la_code"]]
        related = {council.urn} | {
            reference.by_code()[c].urn for c in council.predecessors + council.successors
        }
        assert folder_urn in related, (name, r["la_code"])


def test_publication_dates_evidence(registry):
    """Stated dates where the report gives one; otherwise the date in the file name, which
    agrees with the stated date on almost every report that has both."""
    reports, _, _ = registry
    from cscwatch.reports.parse import filename_date

    stated = [r for r in reports.values() if r["published_source"] == "stated"]
    agree = sum(str(filename_date(r["source_file"])) == r["published"] for r in stated)
    assert len(stated) >= 100
    assert agree / len(stated) > 0.9


def test_every_reports_text_is_read_to_its_end(corpus_db):
    """Each report's passages reach its last page or one of the two before it (a report closes
    with pages of notices and, in SIF reports, the judgement table). Before: the inspections
    of 2013 print Ofsted's copyright notice on the inside cover (page 2), which was taken for
    the closing page and ended their text after the title page (one passage each, of 21-26
    pages); and Hull's 2015 inspection file, with its safeguarding board's review appended
    after the inspection's closing page, was read to page 35 of 50."""
    from sqlalchemy import text

    engine, _ = corpus_db
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT r.source_file, r.page_count, max(p.page) AS last, count(p.id) AS n "
                "FROM reports r LEFT JOIN passages p ON p.report_id = r.id "
                "WHERE r.status = 'ok' GROUP BY r.id"
            )
        ).all()
    assert rows
    short = [r.source_file for r in rows if (r.last or 0) < r.page_count - 2]
    assert short == []
    # no passage holds Ofsted's notices (copyright, complaints), wherever they stand
    with engine.connect() as conn:
        notices = conn.execute(
            text(
                "SELECT count(*) FROM passages WHERE text LIKE '%Crown copyright%' "
                "OR text LIKE '%complaints about the inspection%'"
            )
        ).scalar()
    assert notices == 0
