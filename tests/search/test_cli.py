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
    assert [list(r) for r in rows] == [[*index.RESULT_KEYS, "highlighted"]]
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


@pytest.mark.parametrize(
    ("option", "value", "closest"),
    [
        ("--grade", "inadequte", "inadequate"),
        ("--region", "North", "North East"),
        ("--section", "help", "Help and protection"),
        ("--framework", "ilac", "ILACS"),
    ],
)
def test_unknown_filter_is_a_usage_error_naming_the_valid_values(db, option, value, closest):
    res = runner.invoke(app, ["search", "agency", "--db", db, option, value])
    assert res.exit_code == 2
    assert f"did you mean {closest!r}" in res.stderr and "valid" in res.stderr
    assert res.stdout == ""


def test_filter_values_in_other_spellings(db):
    for grade in ("Good", "G", "good"):
        res = runner.invoke(app, ["search", "agency", "--db", db, "--grade", grade, "-f", "json"])
        assert res.exit_code == 0 and [r["source_file"] for r in json.loads(res.stdout)] == [
            "a/2019.pdf"
        ]
    res = runner.invoke(app, ["search", "agency", "--db", db, "--section", "LEADERSHIP"])
    assert res.exit_code == 0 and "[sic]" in res.stdout


def test_only_negative_query_is_a_usage_error(db):
    res = runner.invoke(app, ["search", "NOT police", "--db", db])
    assert res.exit_code == 2 and "NOT" in res.stderr and "before" in res.stderr
    res = runner.invoke(app, ["search", "police OR", "--db", db])
    assert res.exit_code == 2 and "both sides" in res.stderr


def test_pages_and_total(db):
    # 'reduce' is in neither passage; 'children OR agency' finds both (one per report)
    res = runner.invoke(app, ["search", "children OR agency", "--db", db, "-n", "1"])
    assert res.exit_code == 0 and "1-1 of 2" in res.stdout and "--page 2" in res.stderr
    res = runner.invoke(
        app, ["search", "children OR agency", "--db", db, "-n", "1", "--page", "2", "-f", "json"]
    )
    second = json.loads(res.stdout)
    res = runner.invoke(
        app, ["search", "children OR agency", "--db", db, "-n", "1", "--offset", "1", "-f", "json"]
    )
    assert json.loads(res.stdout) == second and len(second) == 1
    res = runner.invoke(app, ["search", "children OR agency", "--db", db, "-f", "json"])
    both = json.loads(res.stdout)
    assert len(both) == 2 and second[0] == both[1]


def test_by_report(db):
    res = runner.invoke(
        app, ["search", "children OR agency", "--db", db, "--by", "report", "-f", "json"]
    )
    rows = json.loads(res.stdout)
    assert [list(r) for r in rows] == [[*index.REPORT_KEYS, "highlighted"]] * 2
    assert {r["source_file"]: r["passages"] for r in rows} == {"a/2014.pdf": 1, "a/2019.pdf": 1}
    assert {r["grade"] for r in rows} == {"requires_improvement", "good"}
    res = runner.invoke(app, ["search", "agency", "--db", db, "--by", "council"])
    assert res.exit_code == 2 and "passage, report" in res.stderr


def test_every_result_says_where_to_read_it(db):
    res = runner.invoke(app, ["search", "police", "--db", db, "-f", "json"])
    assert json.loads(res.stdout)[0]["link"] == "a/2014.pdf, page 4"
    res = runner.invoke(app, ["search", "police", "--db", db], env={"COLUMNS": "200"})
    assert "a/2014.pdf, page 4" in res.stdout


def test_search_without_index(tmp_path):
    path = tmp_path / "empty.db"
    schema.metadata.create_all(create_engine(f"sqlite:///{path}"))
    res = runner.invoke(app, ["search", "x", "--db", f"sqlite:///{path}"])
    assert res.exit_code == 2


def test_search_index_made_before_exact_phrases(db):
    """A registry whose index has only the stemmed table is told to rebuild, not searched
    with phrases that would silently match stems."""
    with create_engine(db).begin() as conn:
        conn.exec_driver_sql("DROP TABLE passages_exact")
    res = runner.invoke(app, ["search", '"police custody"', "--db", db])
    assert res.exit_code == 2 and "cscwatch build" in res.stderr


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
