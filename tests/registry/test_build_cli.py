"""`cscwatch build` and `cscwatch export` on a folder of generated reports."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from cscwatch.cli import app
from cscwatch.registry import schema
from tests.conftest import ILACS_2018, ILACS_2023, SIF_2014, make_pdf

runner = CliRunner()


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "reports"
    make_pdf([SIF_2014], root / "80426_barnsley" / "sif - 08 august 2014.pdf")
    make_pdf([ILACS_2023], root / "80419_isle of wight" / "ilacs - 15 december 2023.pdf")
    make_pdf([ILACS_2018], root / "nested" / "deeper" / "brighton.PDF")
    (root / "80431_blackpool").mkdir()
    (root / "80431_blackpool" / "report - 13 july 2012.pdf").write_text(
        "<!DOCTYPE html><html>Report not found</html>"
    )
    (root / "notes.txt").write_text("not a report")
    return root


def _build(folder, db, *extra):
    return runner.invoke(app, ["build", str(folder), "--db", db, "-q", *extra])


def test_build_reports_failures_and_exit_code(folder, tmp_path):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    result = _build(folder, db)
    assert result.exit_code == 1  # one file failed; the rest is stored
    out = result.output
    assert "80431_blackpool/report - 13 july 2012.pdf" in out
    assert "HTML page" in out
    assert "notes.txt" in out  # other files are named, not silently skipped

    export = runner.invoke(app, ["export", "judgments", "--db", db])
    assert export.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(export.stdout)))
    assert list(rows[0].keys()) == list(schema.EXPORT_COLUMNS)
    by_file = {r["source_file"]: r for r in rows}
    assert len(by_file) == 4
    sif = by_file["80426_barnsley/sif - 08 august 2014.pdf"]
    assert (sif["la_code"], sif["framework"], sif["overall"], sif["lscb"]) == (
        "370",
        "SIF",
        "requires_improvement",
        "good",
    )
    assert (sif["published"], sif["published_source"], sif["status"]) == (
        "2014-08-08",
        "stated",
        "ok",
    )
    ilacs = by_file["nested/deeper/brighton.PDF"]
    assert (ilacs["inspection_type"], ilacs["care_leavers"], ilacs["children_in_care"]) == (
        "standard",
        "",
        "good",
    )
    bad = by_file["80431_blackpool/report - 13 july 2012.pdf"]
    assert bad["status"] == "error" and "HTML" in bad["error"]
    assert bad["la_code"] == "890"  # from the folder name, where the file says nothing


def test_rerun_skips_unchanged_and_reparses_changed(folder, tmp_path):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    _build(folder, db)
    again = _build(folder, db)
    assert "unchanged (skipped) │ 4" in again.output or "unchanged (skipped)" in again.output
    from cscwatch.registry import store
    from cscwatch.registry.build import build

    engine = store.connect(db, create=True)
    result = build(engine, folder)
    assert (result.seen, result.parsed, result.unchanged, len(result.failed)) == (4, 0, 4, 1)
    # Replace one report by another: only that file is parsed again.
    make_pdf(
        [ILACS_2018.replace("Good\nOverall", "Inadequate\nOverall")],
        folder / "nested" / "deeper" / "brighton.PDF",
    )
    result = build(engine, folder)
    assert (result.parsed, result.unchanged) == (1, 3)


def test_all_good_build_exits_zero_and_exports_every_format(tmp_path):
    root = tmp_path / "ok"
    make_pdf([SIF_2014], root / "a.pdf")
    db = f"sqlite:///{tmp_path / 'ok.db'}"
    assert _build(root, db).exit_code == 0
    out = tmp_path / "j.json"
    assert (
        runner.invoke(
            app, ["export", "judgments", "--db", db, "-f", "json", "-o", str(out)]
        ).exit_code
        == 0
    )
    assert json.loads(out.read_text())[0]["overall"] == "requires_improvement"
    for fmt, reader in (("xlsx", read_xlsx), ("parquet", pd.read_parquet)):
        path = tmp_path / f"j.{fmt}"
        runner.invoke(app, ["export", "judgments", "--db", db, "-f", fmt, "-o", str(path)])
        frame = reader(path)
        assert list(frame.columns) == list(schema.EXPORT_COLUMNS)
        assert frame.loc[0, "la_code"] in (370, "370")


def test_bad_usage_exits_two(tmp_path):
    assert runner.invoke(app, ["build", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(app, ["export", "nonsense"]).exit_code == 2
    assert (
        runner.invoke(app, ["export", "judgments", "--db", str(tmp_path / "none.db")]).exit_code
        == 2
    )


def test_export_works_on_the_embedded_registry(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./cscwatch.db here
    monkeypatch.delenv("CSCWATCH_DB", raising=False)
    result = runner.invoke(app, ["export", "judgments"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) >= 300
    barnsley = [r for r in rows if r["la_code"] == "370" and r["framework"] == "SIF"]
    assert barnsley and barnsley[0]["overall"] == "requires_improvement"


def test_no_text_build_then_text_build_reads_the_text(folder, tmp_path):
    from sqlalchemy import func, select

    from cscwatch.registry import store
    from cscwatch.registry.build import build

    engine = store.connect(f"sqlite:///{tmp_path / 't.db'}", create=True)
    first = build(engine, folder, text=False)
    assert (first.parsed, len(first.failed)) == (3, 1)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.passages)).scalar() == 0
    # A text build re-reads the reports stored without their text ...
    second = build(engine, folder)
    assert (second.parsed, second.unchanged) == (3, 0)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.passages)).scalar() > 0
    # ... and a later registry-only build finds nothing to do.
    third = build(engine, folder, text=False)
    assert (third.parsed, third.unchanged) == (0, 4)


def test_la_shows_context_figures_from_the_embedded_registry(tmp_path, monkeypatch):
    """Barnsley's 2014 SIF report (hand-checked in tests/corpus/hand_checked_context.csv)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CSCWATCH_DB", raising=False)
    result = runner.invoke(app, ["la", "Barnsley", "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = {c["figure"]: c for c in json.loads(result.stdout)["context"]}
    assert figures["children_under_18"]["value"] == 49000
    assert figures["poverty_pct"]["value"] == 24
    assert (figures["looked_after"]["value"], figures["looked_after"]["as_of"]) == (
        227,
        "2014-05-31",
    )


def test_embedded_registry_answers_recommendation_questions_without_prose(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CSCWATCH_DB", raising=False)
    recs = json.loads(runner.invoke(app, ["recommendations", "Barnsley", "-f", "json"]).stdout)
    sif = [r for r in recs if r["published"] == "2014-08-08"]
    assert len(sif) == 25  # hand-checked: tests/corpus/hand_checked_recommendations.csv
    assert all(r["text"] is None for r in recs)  # the package ships no report prose
    themes = json.loads(runner.invoke(app, ["themes", "-f", "json"]).stdout)
    oversight = {
        r["value"]: r["share_in_recommendations"]
        for r in themes
        if r["theme"] == "management_oversight" and r["group"] == "grade"
    }
    assert oversight["inadequate"] > oversight["good"] > oversight["outstanding"]


def read_xlsx(path):
    """The first sheet of an XLSX file as a frame (fastexcel, the project's reader)."""
    import fastexcel

    return fastexcel.read_excel(path).load_sheet(0).to_pandas()
