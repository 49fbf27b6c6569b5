"""The plan commands: exit codes 0 (all good), 1 (errors found, or a file that is no plan),
2 (bad usage); one line naming the file and the problem."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cscwatch.plan.workbook import read_plan, write_plan
from tests.cli.conftest import invoke
from tests.plan.handmade import plan


@pytest.fixture(scope="module")
def db(wigan_registry):
    engine, root = wigan_registry
    return str(root / "wigan.db")


def test_init_writes_then_merges(db, tmp_path):
    out = tmp_path / "plan.xlsx"
    first = invoke("plan", "init", "Wigan", "--db", db, "-o", str(out), "--as-of", "2020-01-01")
    assert first.exit_code == 0, first.output
    assert f"wrote {out}" in first.stdout
    assert "Wigan: 1 asks: 1 recommendations" in first.stdout
    assert "without their words" not in first.stdout
    again = invoke("plan", "init", "Wigan", "--db", db, "-o", str(out))
    assert again.exit_code == 0, again.output
    assert f"merged into {out} (already a plan of Wigan): 6 new asks" in again.stdout
    assert "1 kept from earlier reports" in again.stdout
    assert len(read_plan(out).asks) == 7


def test_init_yaml_by_extension(db, tmp_path):
    out = tmp_path / "plan.yaml"
    assert invoke("plan", "init", "Wigan", "--db", db, "-o", str(out)).exit_code == 0
    assert out.read_text().startswith("# cscwatch improvement plan")
    assert read_plan(out).council == "Wigan"


def test_init_on_the_embedded_registry_says_the_words_are_missing(tmp_path):
    out = tmp_path / "p.xlsx"
    res = invoke("plan", "init", "Barnsley", "--db", "embedded", "-o", str(out))
    assert res.exit_code == 0, res.output
    assert "asks without their words" in res.stdout
    assert {a.text for a in read_plan(out).asks} == {None}


def test_init_errors(db, tmp_path):
    other = tmp_path / "notes.xlsx"
    other.write_bytes(b"not a workbook")
    res = invoke("plan", "init", "Wigan", "--db", db, "-o", str(other))
    assert res.exit_code == 1
    assert res.stderr.startswith("error: notes.xlsx: could not be read as a workbook")
    assert "it was not overwritten" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert other.read_bytes() == b"not a workbook"
    res = invoke("plan", "init", "Barnsley", "--db", db, "-o", str(tmp_path / "b.xlsx"))
    assert (res.exit_code, res.stderr.strip()) == (
        1,
        "error: the registry holds no full inspection of Barnsley",
    )
    assert not (tmp_path / "b.xlsx").exists()
    res = invoke("plan", "init", "Nowhereshire", "--db", db, "-o", str(tmp_path / "n.xlsx"))
    assert res.exit_code == 1 and "no council matches 'Nowhereshire'" in res.stderr
    res = invoke("plan", "init", "Wigan", "--db", db, "-o", str(tmp_path / "plan.csv"))
    assert res.exit_code == 2 and "a plan is written as .xlsx or .yaml" in res.output


@pytest.mark.parametrize("suffix", [".xlsx", ".yaml"])
def test_check_exit_codes(tmp_path, suffix):
    clean = write_plan(plan(), tmp_path / f"clean{suffix}")
    res = invoke("plan", "check", str(clean), "--as-of", "2026-06-01")
    assert res.exit_code == 0, res.output
    assert "errors: 0  warnings: 0" in res.stdout
    warned = plan()
    warned.measures[1].source = None  # PL-15, a warning
    path = write_plan(warned, tmp_path / f"warned{suffix}")
    res = invoke("plan", "check", str(path), "--as-of", "2026-06-01", "--format", "json")
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert doc["summary"] == {"error": 0, "warning": 1}
    assert doc["findings"][0]["rule"] == "PL-15"
    broken = plan()
    broken.actions[2].last_update = None  # due 30 April 2026: overdue on 1 June without update
    path = write_plan(broken, tmp_path / f"broken{suffix}")
    res = invoke("plan", "check", str(path), "--as-of", "2026-06-01", "-f", "csv")
    assert res.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    row = "4" if suffix == ".xlsx" else "3"  # a sheet's header is row 1; a YAML list from 1
    assert [(r["sheet"], r["row"], r["column"], r["rule"], r["severity"]) for r in rows] == [
        ("actions", row, "last_update", "PL-04", "error")
    ]
    assert rows[0]["message"] == (
        "action A3 was due 2026-04-30 and is 'at risk', with no update since (last update: none)"
    )
    # the same plan on its due date: not overdue yet
    assert invoke("plan", "check", str(path), "--as-of", "2026-04-30").exit_code == 0


def test_check_and_diff_bad_input(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("about: {council: X, layout_version: 7}\nasks: []\nactions: []\n")
    res = invoke("plan", "check", str(bad))
    assert (res.exit_code, res.stderr.strip()) == (1, "error: bad.yaml: no 'measures' section")
    res = invoke("plan", "check", str(tmp_path / "absent.xlsx"))
    assert res.exit_code == 2
    good = write_plan(plan(), tmp_path / "good.xlsx")
    res = invoke("plan", "diff", str(good), str(bad))
    assert (res.exit_code, res.stderr.strip()) == (1, "error: bad.yaml: no 'measures' section")
    res = invoke("plan", "check", str(good), "--as-of", "June")
    assert res.exit_code == 2


def test_diff(tmp_path):
    old = write_plan(plan(), tmp_path / "october.xlsx")
    new_plan = plan()
    new_plan.actions[0].status = "off track"
    new = write_plan(new_plan, tmp_path / "november.yaml")
    res = invoke("plan", "diff", str(old), str(new), "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert [(c["change"], c["id"], c["from"], c["to"]) for c in doc["changes"]] == [
        ("status changed", "A1", "on track", "off track")
    ]
    res = invoke("plan", "diff", str(old), str(old))
    assert res.exit_code == 0 and "no change from october.xlsx to october.xlsx" in res.stdout
    res = invoke("plan", "diff", str(old), str(new))
    assert "status changed: 1" in res.stdout
