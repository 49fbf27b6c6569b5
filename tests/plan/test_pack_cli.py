"""``cscwatch plan pack``: the files it writes, the plan's history sheet, exit codes."""

from __future__ import annotations

import json

import pytest

from cscwatch.plan.workbook import read_plan, write_plan
from cscwatch.render.annual import find_chromium
from tests.cli.conftest import invoke
from tests.plan.handmade import xlsx_created

from .pack_fixtures import AS_OF, D, annex_a, make_plan, registry_path  # noqa: F401


@pytest.fixture
def plan_file(tmp_path):
    return write_plan(make_plan(), tmp_path / "plan.xlsx")


def pack_args(plan_file, annex_a, registry_path, *more):  # noqa: F811
    return ["plan", "pack", str(plan_file), "--annex-a", str(annex_a), "--as-of", "2026-11-30",
            "--db", registry_path, *more]  # fmt: skip


def test_html_and_history(plan_file, annex_a, registry_path, tmp_path):  # noqa: F811
    out = tmp_path / "board.html"
    r = invoke(*pack_args(plan_file, annex_a, registry_path, "-o", str(out)))
    assert r.exit_code == 0, r.output
    assert "Bury" in out.read_text() and "overdue by 153 days" in out.read_text()
    assert "4 figures of 2026-11-30 into the history sheet" in r.output
    history = read_plan(plan_file).history
    m1 = sorted((h.pack_date, h.value) for h in history if h.measure_id == "M1")
    assert m1 == [(D("2026-09-30"), 0.5), (D("2026-10-31"), 0.6), (AS_OF, 0.5),
                  (D("2026-12-31"), 0.7)]  # fmt: skip
    # run again: the rows of this pack's date are replaced, not added twice
    assert invoke(*pack_args(plan_file, annex_a, registry_path, "-o", str(out))).exit_code == 0
    assert len(read_plan(plan_file).history) == len(history) == 8


def test_no_history_leaves_the_plan_alone(plan_file, annex_a, registry_path, tmp_path):  # noqa: F811
    before = plan_file.read_bytes()
    args = pack_args(plan_file, annex_a, registry_path, "--no-history", "-o",
                     str(tmp_path / "b.html"))  # fmt: skip
    r = invoke(*args)
    assert r.exit_code == 0 and "history sheet" not in r.output
    assert plan_file.read_bytes() == before


def test_json_and_xlsx(plan_file, annex_a, registry_path, tmp_path):  # noqa: F811
    r = invoke(*pack_args(plan_file, annex_a, registry_path, "--no-history", "--format", "json"))
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert doc["contract"] == "cscwatch.plan.pack" and doc["summary"]["overdue"] == 2
    assert doc["context"]["grade"]["time_to_improve"]["median_days"] == 1065
    out = tmp_path / "pack.xlsx"
    r = invoke(*pack_args(plan_file, annex_a, registry_path, "--no-history", "-o", str(out)))
    assert r.exit_code == 0 and out.read_bytes()[:2] == b"PK"
    # stamped with the pack's date (2026-11-30), not the time it was written
    assert xlsx_created(out.read_bytes()) == "2026-11-30T00:00:00Z"


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium")
def test_pdf(plan_file, annex_a, registry_path, tmp_path):  # noqa: F811
    out = tmp_path / "board.html"
    r = invoke(*pack_args(plan_file, annex_a, registry_path, "--no-history", "-o", str(out),
                          "--pdf"))  # fmt: skip
    assert r.exit_code == 0, r.output
    assert out.exists() and out.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"


def test_exit_codes(plan_file, tmp_path, registry_path):  # noqa: F811
    # no such plan file, a date that is no date, a format the suffix cannot tell: usage (2)
    assert invoke("plan", "pack", str(tmp_path / "none.xlsx")).exit_code == 2
    r = invoke("plan", "pack", str(plan_file), "--as-of", "30/11/2026")
    assert r.exit_code == 2 and "not a date" in r.output
    r = invoke("plan", "pack", str(plan_file), "-o", str(tmp_path / "board.txt"))
    assert r.exit_code == 2
    # a file that is no plan: one line naming it, exit 1
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook")
    r = invoke("plan", "pack", str(bad), "--db", registry_path, "--no-history")
    assert r.exit_code == 1
    assert "notes.xlsx" in r.output and len(r.output.strip().splitlines()) == 1
    # an Annex A workbook that cannot be read: one line, exit 1, the plan untouched
    before = plan_file.read_bytes()
    broken = tmp_path / "annex.xlsx"
    broken.write_text("not a workbook either")
    r = invoke("plan", "pack", str(plan_file), "--annex-a", str(broken), "--db", registry_path,
               "-o", str(tmp_path / "b.html"))  # fmt: skip
    assert r.exit_code == 1 and "annex.xlsx" in r.output
    assert plan_file.read_bytes() == before
