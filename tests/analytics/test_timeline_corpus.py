"""`cscwatch la` for a council the corpus holds no report of, on the registry built from every
report in ../shared. Northamptonshire (abolished 31 March 2021) has no folder there; its
successors' grades are checked against the hand-checked reports (tests/corpus)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cscwatch import reference
from cscwatch.analytics.timeline import la_timeline
from cscwatch.registry.queries import load_history
from cscwatch.vocabulary import AREAS
from tests.conftest import CORPUS, needs_corpus

pytestmark = [pytest.mark.corpus, needs_corpus]

HAND = Path(__file__).resolve().parents[1] / "corpus" / "hand_checked_reports.csv"


def folder_urns() -> set[str]:
    return {p.name.split("_", 1)[0] for p in CORPUS.iterdir() if p.is_dir()}


def test_northamptonshire_has_no_report_but_its_successors_are_shown(corpus_db):
    council = reference.find("Northamptonshire")
    assert council is not None and council.urn not in folder_urns()
    engine, _ = corpus_db
    t = la_timeline(load_history(engine), council)
    assert (t["reports_held"], t["inspections"]) == (0, [])
    assert t["council"]["end_date"] == "2021-03-31"
    successors = {s["la_code"]: s for s in t["council"]["successors"]}
    assert set(successors) == set(council.successors)
    with HAND.open(encoding="utf-8") as fh:
        hand = list(csv.DictReader(fh))
    for code, got in successors.items():
        urn = reference.by_code()[code].urn
        assert urn in folder_urns()
        # The latest hand-checked full inspection in the successor's folder.
        rows = [r for r in hand if r["source_file"].split("_", 1)[0] == urn]
        latest = max(rows, key=lambda r: r["inspection_end"])
        assert got["inspection_end"] == latest["inspection_end"]
        assert {a: got[a] or "" for a in AREAS if a in latest} == {
            a: latest[a] for a in AREAS if a in latest
        }


def test_cli_says_the_registry_holds_no_report(corpus_db):
    from cscwatch.cli import app

    engine, _ = corpus_db
    db = str(engine.url.database).removeprefix("file:")  # opened read-only as a file: URI
    runner = CliRunner(env={"COLUMNS": "200"})
    result = runner.invoke(app, ["la", "Northamptonshire", "--db", db])
    assert result.exit_code == 0, result.output
    assert "The registry holds no report of Northamptonshire." in result.output
    assert "West Northamptonshire" in result.output
    doc = json.loads(runner.invoke(app, ["la", "928", "-f", "json", "--db", db]).output)
    assert doc["reports_held"] == 0
