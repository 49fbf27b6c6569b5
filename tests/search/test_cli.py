"""search, recommendations and themes over a tiny registry."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import create_engine, insert
from typer.testing import CliRunner

from cscwatch.cli import app
from cscwatch.cli.search import snippet
from cscwatch.registry import fts, recurrence, schema
from cscwatch.search import index

runner = CliRunner()


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "r.db"
    eng = create_engine(f"sqlite:///{path}")
    schema.metadata.create_all(eng)
    with eng.begin() as conn:
        conn.execute(
            insert(schema.reports),
            [
                {"id": 1, "source_file": "a/2014.pdf", "sha256": "0", "status": "ok",
                 "la_code": "370", "la_name": "Barnsley", "framework": "SIF",
                 "published": "2014-08-08", "overall": "requires_improvement"},
                {"id": 2, "source_file": "a/2019.pdf", "sha256": "1", "status": "ok",
                 "la_code": "370", "la_name": "Barnsley", "framework": "ILACS",
                 "published": "2019-01-10", "overall": "good"},
            ],
        )  # fmt: skip
        conn.execute(
            insert(schema.passages),
            [
                {"report_id": 1, "page": 4, "section": "Help and protection",
                 "text": "Children are held in police custody overnight."},
                {"report_id": 2, "page": 2, "section": "Leadership",
                 "text": "Agency social workers are few [sic]."},
            ],
        )  # fmt: skip
        conn.execute(
            insert(schema.recommendations),
            [
                {"report_id": 1, "position": 1, "kind": "improvement", "text": "Reduce caseloads."},
                {"report_id": 2, "position": 1, "kind": "improvement", "text": "Reduce caseloads."},
            ],
        )
        fts.rebuild(conn)
    recurrence.flag_recurring(eng)
    return f"sqlite:///{path}"


def test_search_json_contract(db):
    res = runner.invoke(app, ["search", "police custody", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [list(r)[:9] for r in rows] == [list(index.RESULT_KEYS)]
    assert rows[0]["la_name"] == "Barnsley" and rows[0]["page"] == 4


def test_search_filters_and_table(db):
    res = runner.invoke(
        app, ["search", "agency", "--db", db, "--la", "Barnsley", "--grade", "good"]
    )
    assert res.exit_code == 0 and "Barnsley" in res.stdout and "[sic]" in res.stdout
    res = runner.invoke(
        app, ["search", "agency", "--db", db, "--since", "2020-01-01", "-f", "json"]
    )
    assert json.loads(res.stdout) == []
    res = runner.invoke(app, ["search", "agency", "--db", db, "--since", "soon"])
    assert res.exit_code != 0


def test_search_without_index(tmp_path):
    path = tmp_path / "empty.db"
    schema.metadata.create_all(create_engine(f"sqlite:///{path}"))
    res = runner.invoke(app, ["search", "x", "--db", f"sqlite:///{path}"])
    assert res.exit_code == 2


def test_recommendations_formats(db):
    res = runner.invoke(app, ["recommendations", "Barnsley", "--db", db, "-f", "csv"])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["recurs"] for r in rows] == ["True", ""]
    res = runner.invoke(app, ["recommendations", "370", "--db", db, "-f", "json"])
    assert json.loads(res.stdout)[0]["recurs"] is True
    res = runner.invoke(app, ["recommendations", "Nowhereshire Qqq", "--db", db])
    assert res.exit_code == 1


def test_themes(db):
    res = runner.invoke(app, ["themes", "--db", db, "-f", "json"])
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    caseloads = [r for r in rows if r["theme"] == "caseloads" and r["group"] == "all"]
    assert caseloads[0]["share_in_recommendations"] == 1.0
    res = runner.invoke(app, ["themes", "--la", "Barnsley", "--db", db])
    assert res.exit_code == 0 and "caseloads" in res.stdout.lower()


def test_snippet():
    long = "a " * 200 + "\u00abhit\u00bb" + " b" * 200
    s = snippet(long, 100)
    assert "\u00abhit\u00bb" in s and s.startswith("\u2026") and len(s) <= 102
