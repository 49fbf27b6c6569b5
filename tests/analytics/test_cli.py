"""The analytics commands over a registry database built from the hand-made rows."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from cscwatch.registry import schema, store
from cscwatch.registry.queries import load_history

from .handmade import HAND_ROWS

runner = CliRunner(env={"COLUMNS": "200"})


def run(app, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_load_history_skips_failed_parses(db):
    history = load_history(store.connect(db))
    ok = {r["source_file"] for r in HAND_ROWS if r["status"] == "ok"}
    assert len(ok) == len(HAND_ROWS) - 1
    got = {r.source_file for r in history.reports}
    assert "bury/broken.pdf" not in got and got <= ok


def test_national_json_is_the_contract(app, db):
    doc = json.loads(run(app, "national", "--as-of", "2019-08-31", "--format", "json", "--db", db))
    assert doc["as_of"] == "2019-08-31"
    ov = doc["areas"]["overall"]
    assert [ov[g] for g in ("outstanding", "good", "requires_improvement", "inadequate")] == [
        1,
        2,
        2,
        0,
    ]
    assert ov["not_judged"] == 0 and ov["no_report"] == doc["councils"] - 5


def test_national_table_and_files(app, db, tmp_path):
    out = run(app, "national", "--as-of", "2021-03-31", "--db", db)
    assert "Northamptonshire" in out and "Bury" in out  # the named inadequate list
    assert "2020-03-31 (then) and 2021-03-31 (now)" in out
    csv = tmp_path / "n.csv"
    run(app, "national", "--as-of", "2019-08-31", "--format", "csv", "-o", str(csv), "--db", db)
    table = pd.read_csv(csv)
    assert list(table["area"])[0] == "overall" and table.loc[0, "outstanding"] == 1
    xlsx = tmp_path / "r.xlsx"
    run(
        app,
        "national",
        "--as-of",
        "2019-08-31",
        "--by",
        "region",
        "-f",
        "xlsx",
        "-o",
        str(xlsx),
        "--db",
        db,
    )
    regions = read_xlsx(xlsx).set_index("region")
    assert regions.loc["North West", "outstanding"] == 1
    per = json.loads(
        run(app, "national", "--as-of", "2019-08-31", "--by", "council", "-f", "json", "--db", db)
    )
    assert {r["la_code"]: r["overall"] for r in per}["350"] == "outstanding"
    change = json.loads(
        run(
            app,
            "national",
            "--as-of",
            "2020-01-10",
            "--compare",
            "2019-01-10",
            "-f",
            "json",
            "--db",
            db,
        )
    )
    assert change["areas"]["overall"]["inadequate"]["change"] == 2


def test_bad_date(app, db):
    result = runner.invoke(app, ["national", "--as-of", "31/08/2019", "--db", db])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_la(app, db):
    out = run(app, "la", "Barnsly", "--db", db)
    assert "Barnsley" in out and "improved" in out
    doc = json.loads(run(app, "la", "940", "-f", "json", "--db", db))
    assert [r["predecessor"] for r in doc["inspections"]] == [True, True, True, False]
    result = runner.invoke(app, ["la", "Gotham", "--db", db])
    assert result.exit_code == 1 and "did you mean" in result.output


def test_la_with_no_report(app, tmp_path):
    """A council the registry holds no report of: what is known, and a clear statement."""
    path = tmp_path / "no-northants.db"
    engine = store.connect(str(path), create=True)
    rows = [{**r, "sha256": f"{i:064d}"} for i, r in enumerate(HAND_ROWS) if r["la_code"] != "928"]
    with engine.begin() as conn:
        conn.execute(schema.reports.insert(), rows)
    engine.dispose()
    out = run(app, "la", "Northamptonshire", "--db", str(path))
    assert "LA 928" in out and "2021-03-31" in out
    assert "The registry holds no report of Northamptonshire." in out
    assert "North Northamptonshire" in out and "West Northamptonshire" in out
    assert "RI" in out  # North Northamptonshire's grade
    doc = json.loads(run(app, "la", "Northamptonshire", "-f", "json", "--db", str(path)))
    assert doc["reports_held"] == 0 and doc["inspections"] == []
    assert [s["overall"] for s in doc["council"]["successors"]] == ["requires_improvement", None]
    # A council with reports says nothing of the kind.
    assert "holds no report" not in run(app, "la", "Barnsley", "--db", str(path))


def test_transitions(app, db, tmp_path):
    doc = json.loads(run(app, "transitions", "-f", "json", "--db", db))
    assert doc["inadequate_improved_share"] == 0.75
    out = run(app, "transitions", "--area", "all", "--db", db)
    assert "Care leavers" in out and "care_leavers" not in out
    csv = tmp_path / "t.csv"
    run(app, "transitions", "-f", "csv", "-o", str(csv), "--db", db)
    t = pd.read_csv(csv).set_index("from")
    assert t.loc["inadequate", "to_requires_improvement"] == 3
    assert t.loc["inadequate", "pct_to_requires_improvement"] == 75.0


def test_time_to_improve(app, db, tmp_path):
    doc = json.loads(run(app, "time-to-improve", "--as-of", "2024-03-31", "-f", "json", "--db", db))
    assert doc["median_days"] == 1065.0 and doc["censored"] == 2
    chart = tmp_path / "km.svg"
    out = run(
        app,
        "time-to-improve",
        "--as-of",
        "2024-03-31",
        "--by",
        "framework",
        "--chart",
        str(chart),
        "--db",
        db,
    )
    assert "ILACS" in out and chart.read_text().startswith("<svg")


def test_annual(app, db, tmp_path):
    html = tmp_path / "annual.html"
    run(app, "report", "annual", "--as-of", "2024-03-31", "-o", str(html), "--db", db)
    text = html.read_text()
    assert "Bury" in text and "2024-03-31" in text


def read_xlsx(path):
    """The first sheet of an XLSX file as a frame (fastexcel, the project's reader)."""
    import fastexcel

    return fastexcel.read_excel(path).load_sheet(0).to_pandas()
