"""scripts/plan_example.py re-made into a temporary folder gives what docs/plan-example/ holds,
byte for byte: the board packs (HTML and JSON), the check, the diff and the plan workbooks
(stamped with the plan's date, not the time they were written). When this fails after
a deliberate change to plan init, check, pack or diff, re-make the example:
``python scripts/plan_example.py --screenshot``."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from cscwatch.plan.workbook import read_plan

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "plan-example"
SCRIPT = ROOT / "scripts" / "plan_example.py"
SAME_BYTES = (
    "board-pack-2026-10-31.html",
    "board-pack-2026-11-30.html",
    "board-pack-2026-11-30.json",
    "check.txt",
    "diff.txt",
    "plan-2026-10-31.xlsx",
    "plan-2026-11-30.xlsx",
)
REMAKE = "re-make the example: python scripts/plan_example.py --screenshot"


@pytest.fixture(scope="module")
def remade(tmp_path_factory) -> dict[str, Path]:
    spec = importlib.util.spec_from_file_location("plan_example", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make(tmp_path_factory.mktemp("plan-example"))


def test_the_example_writes_every_file(remade):
    names = {p.name for p in remade.values()}
    assert set(SAME_BYTES) <= names
    for name in (*SAME_BYTES, "README.md", "board-pack-2026-11-30.png"):
        assert (DOCS / name).is_file(), f"docs/plan-example/{name} is missing: {REMAKE}"


@pytest.mark.parametrize("name", SAME_BYTES)
def test_the_outputs_are_those_in_docs(remade, name):
    made = next(p for p in remade.values() if p.name == name)
    assert made.read_bytes() == (DOCS / name).read_bytes(), f"{name} differs: {REMAKE}"


def test_what_the_readme_says_the_example_shows():
    """The README's figures, against the files (hand-read from the November pack)."""
    pack = json.loads((DOCS / "board-pack-2026-11-30.json").read_text("utf-8"))
    summary = pack["summary"]
    assert (summary["asks"], summary["actions"]) == (7, 11)
    assert [a["source"] for a in pack["asks"]].count("priority_action") == 2
    assert summary["by_status"] == {
        "not started": 0, "on track": 8, "at risk": 2, "off track": 0, "done": 1,
    }  # fmt: skip
    assert (summary["overdue"], summary["overdue_without_update"]) == (4, 1)
    assert summary["measures"]["met"] == 3 and summary["measures"]["total"] == 7
    for ask in pack["asks"]:  # two packs a month apart: every measure has a trend of two
        for m in ask["measures"]:
            dates = [p["pack_date"] for p in m["trend"]]
            assert dates == ["2026-10-31", "2026-11-30"], m["measure_id"]
    check = (DOCS / "check.txt").read_text("utf-8")
    assert "errors: 2  warnings: 0" in check and "(exit code 1)" in check
    assert "A1.2" in check and "PL-04" in check and "A2.1" in check and "PL-05" in check
    readme = (DOCS / "README.md").read_text("utf-8")
    assert "3 of 7 met" in readme and "11: 8 on track, 2 at risk, 1 done" in readme
    plan = read_plan(DOCS / "plan-2026-11-30.xlsx")
    assert len(plan.asks) == 7 and len(plan.history) == 14  # 7 measures x 2 packs
