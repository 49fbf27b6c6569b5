"""docs/plans.md and data/plan.yaml agree: every check rule with its severity, every sheet
with its columns (required ones in bold), the statuses."""

from __future__ import annotations

import re
from pathlib import Path

from cscwatch.plan.model import layout

DOC = (Path(__file__).resolve().parents[2] / "docs" / "plans.md").read_text(encoding="utf-8")


def _row(first_cell: str) -> str:
    found = re.search(rf"^\| {re.escape(first_cell)} \|(.*)$", DOC, re.M)
    assert found, f"docs/plans.md has no table row for {first_cell}"
    return found.group(1)


def test_every_rule_is_documented_with_its_severity():
    for rule, spec in layout()["checks"].items():
        assert _row(rule).split("|")[0].strip() == spec["severity"], rule
    documented = set(re.findall(r"^\| (PL-\d+) \|", DOC, re.M))
    assert documented == set(layout()["checks"])


def test_every_sheet_and_column_is_documented():
    for sheet, spec in layout()["sheets"].items():
        cells = _row(f"`{sheet}`").split("|")[0]
        names = re.findall(r"\*\*(\w+)\*\*|(\w+)", cells)
        bold = {b for b, _ in names if b}
        listed = [b or p for b, p in names]
        columns = spec.get("columns") or spec.get("keys")
        assert [c for c in listed if c in columns] == columns, sheet
        assert bold == set(spec["required"]), sheet


def test_statuses_and_version():
    assert ", ".join(f"`{s}`" for s in layout()["statuses"]) in DOC.replace("\n  ", " ")
    assert f"(layout version {layout()['version']})" in DOC
