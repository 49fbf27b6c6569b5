"""`cscwatch visits` and the visits on `cscwatch la`, over a registry built from generated
letters: a Wigan inspection, then a focused visit that sets three priority actions."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from cscwatch.cli import app
from cscwatch.registry import schema
from tests.conftest import make_pdf
from tests.reports.test_visits_generated import FOCUSED_HEAD, NO_PRIORITY, SIGN, WITH_PRIORITY

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    root = tmp_path / "reports"
    make_pdf([FOCUSED_HEAD, WITH_PRIORITY + SIGN], root / "80579_wigan" / "fv - 14 march 2024.pdf")
    later = FOCUSED_HEAD.replace("14 March 2024", "14 March 2025").replace(
        "on 30 and 31 January 2024", "on 4 and 5 February 2025"
    )
    make_pdf([later, NO_PRIORITY + SIGN], root / "80579_wigan" / "fv - 14 march 2025.pdf")
    url = f"sqlite:///{tmp_path / 'r.db'}"
    result = runner.invoke(app, ["build", str(root), "--db", url, "-q", "--no-text"])
    assert result.exit_code == 0, result.output
    return url


def test_visits_lists_each_visit(db):
    result = runner.invoke(app, ["visits", "--db", db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["visit_end"], r["focus"], r["priority_actions"]) for r in rows] == [
        ("2024-01-31", "cin_cp", "3"),
        ("2025-02-05", "cin_cp", "0"),
    ]


def test_visits_filters(db):
    only = runner.invoke(app, ["visits", "--db", db, "--priority-actions", "--format", "json"])
    assert [r["visit_end"] for r in json.loads(only.stdout)] == ["2024-01-31"]
    since = runner.invoke(app, ["visits", "--db", db, "--since", "2025-01-01", "--format", "json"])
    assert [r["visit_end"] for r in json.loads(since.stdout)] == ["2025-02-05"]
    none = runner.invoke(app, ["visits", "--db", db, "--la", "Barnsley", "--format", "json"])
    assert json.loads(none.stdout) == []
    bad = runner.invoke(app, ["visits", "--db", db, "--la", "Gotham"])
    assert bad.exit_code == 1


def test_visits_summary(db):
    result = runner.invoke(app, ["visits", "--db", db, "--summary", "--format", "json"])
    got = json.loads(result.stdout)
    assert (got["focused_visits"], got["monitoring_visits"]) == (2, 0)
    assert got["next_grade_after_focused"]["with_priority_actions"]["not_yet_inspected"] == 1


def test_la_marks_the_visits(db):
    result = runner.invoke(app, ["la", "Wigan", "--db", db, "--format", "json"])
    got = json.loads(result.stdout)
    visits = [(e["kind"], e["visit"], e["priority_actions"]) for e in got["inspections"]]
    assert visits == [("focused_visit", True, 3), ("focused_visit", True, 0)]
    assert "interventions" in got


def test_export_appends_the_visit_columns_after_the_contract(db):
    result = runner.invoke(app, ["export", "judgments", "--db", db, "--format", "csv"])
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert header[:23] == list(schema.EXPORT_COLUMNS[:23])
    assert header[23:26] == ["focus", "priority_actions", "visit_number"]
