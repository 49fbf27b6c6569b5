"""What a person reads on an 80-column terminal: words, not stored values; tables that fit;
no report kept apart from not judged; binary formats never poured onto a terminal."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from cscwatch import reference
from cscwatch.registry import store

runner = CliRunner(env={"COLUMNS": "80"})
# Stored values a screen must never show: grade ids, area ids, matrix column names.
SNAKE = re.compile(
    r"\b(requires_improvement|not_judged|no_report|to_[a-z_]+|no_benchmark|help_and_protection"
    r"|children_in_care|care_leavers|pct_[a-z_]+|source_file)\b"
)


def screen(app, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


SCREENS = [
    ("national", "--as-of", "2019-08-31"),
    ("national", "--as-of", "2015-06-01"),
    ("national", "--as-of", "2021-04-01", "--by", "region"),
    ("national", "--as-of", "2021-04-01", "--by", "region", "--compare", "2019-08-31"),
    ("national", "--as-of", "2021-04-01", "--by", "council"),
    ("national", "--as-of", "2020-01-10", "--compare", "2019-01-10"),
    ("transitions", "--area", "all"),
    ("time-to-improve", "--as-of", "2024-03-31", "--by", "region"),
    ("la", "Barnsley"),
    ("la", "Northamptonshire"),
]


@pytest.mark.parametrize("args", SCREENS, ids=lambda a: " ".join(a))
def test_screens_fit_80_columns_in_words(app, db, args):
    out = screen(app, *args, "--db", db)
    long = [line for line in out.splitlines() if len(line) > 80]
    assert not long, long
    assert not SNAKE.search(out), SNAKE.search(out)
    assert "/" not in out.replace("n/a", "")  # no file paths


def test_national_screen_keeps_no_report_apart(app, db):
    # 1 June 2015: Barnsley (SIF, published 1 May 2015) and Northamptonshire (SIF 2013) graded;
    # Bolton, Bury and Calderdale are inspected only later; the rest are not in this registry.
    out = screen(app, "national", "--as-of", "2015-06-01", "--db", db)
    existing = len(reference.existing_on(__import__("datetime").date(2015, 6, 1)))
    flat = " ".join(out.split())
    assert f"{existing} councils exist on 2015-06-01; 2 have a full inspection" in flat
    assert f"{existing - 2} have none in this registry (no report)" in flat
    assert "3 of the" in flat and "not yet had a full inspection under the SIF" in flat
    assert f"no full inspection of {existing - 5} of the {existing} councils" in flat
    no_report = next(line for line in out.splitlines() if "No report" in line)
    assert no_report.count(str(existing - 2)) == 5  # one per area
    not_judged = next(line for line in out.splitlines() if "Not judged" in line)
    assert re.findall(r"\d+", not_judged) == ["0"] * 5


def test_national_json_adds_no_report(app, db):
    doc = json.loads(screen(app, "national", "--as-of", "2026-07-01", "-f", "json", "--db", db))
    ov = doc["areas"]["overall"]
    assert ov["not_judged"] == 1  # Bolton's 2026 inspection made no overall judgement
    assert ov["no_report"] == doc["councils"] - 5
    assert [c["la_code"] for c in ov["councils"]["not_judged"]] == ["350"]
    assert doc["coverage"]["no_report"] == ov["no_report"] and doc["coverage"]["partial"]


def test_compare_and_by_council_do_not_combine(app, db):
    result = runner.invoke(
        app, ["national", "--by", "council", "--compare", "2019-01-01", "--db", db]
    )
    assert result.exit_code == 2 and "does not combine" in result.output


def test_region_compare_data_has_both_dates(app, db):
    rows = json.loads(
        screen(
            app,
            *("national", "--as-of", "2020-01-10", "--by", "region", "--compare", "2019-01-10"),
            *("-f", "json", "--db", db),
        )
    )
    nw = next(r for r in rows if r["region"] == "North West")
    # 2019-01-10: Bolton good, Bury RI; 2020-01-10: Bolton outstanding, Bury inadequate.
    assert (nw["pct_good_or_better_then"], nw["pct_good_or_better"]) == (50.0, 50.0)
    assert (nw["inadequate_then"], nw["inadequate"]) == (0, 1)


def test_time_to_improve_in_years_and_months(app, db):
    out = " ".join(screen(app, "time-to-improve", "--as-of", "2024-03-31", "--db", db).split())
    # The hand-made median is 1,065 days: 35 months.
    assert "2 years 11 months (1,065 days)" in out
    out = " ".join(
        screen(
            app, "time-to-improve", "--as-of", "2024-03-31", "--by", "region", "--db", db
        ).split()
    )
    assert "none: too" in out  # a group too small for a median says so, with its count
    assert "A median needs at least 5 spells" in out


def test_la_neighbours_say_no_report(app, db):
    out = screen(app, "la", "Barnsley", "--db", db)
    rows = [line for line in out.splitlines() if "Rotherham" in line]
    assert rows and "No report" in rows[-1]
    assert "no full inspection of that council in this registry" in " ".join(out.split())


@pytest.mark.parametrize("fmt", ["xlsx", "parquet"])
def test_binary_formats_refused_on_a_terminal(app, db, fmt, monkeypatch):
    from cscwatch.cli import options

    monkeypatch.setattr(options, "_terminal", lambda: True)
    result = runner.invoke(app, ["national", "-f", fmt, "--db", db])
    assert result.exit_code == 2 and f"-o FILE.{fmt}" in result.output


def test_annual_pdf_written_once(app, db, tmp_path, monkeypatch):
    from cscwatch.render import annual

    calls = []

    def fake_pdf(html, path, **kw):
        calls.append(path)
        path.write_bytes(b"%PDF-1.4 fake")
        return path

    monkeypatch.setattr(annual, "print_pdf", fake_pdf)
    pdf = tmp_path / "x.pdf"
    result = runner.invoke(
        app, ["report", "annual", "--as-of", "2024-03-31", "--pdf", "-o", str(pdf), "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert calls == [pdf] and pdf.read_bytes().startswith(b"%PDF")
    assert result.stdout.count("wrote") == 1 and not list(tmp_path.glob("*.html"))


def test_export_says_what_it_wrote(app, db, tmp_path):
    out = tmp_path / "j.csv"
    result = runner.invoke(app, ["export", "judgments", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    n = len(out.read_text().splitlines()) - 1
    assert f"{n} rows" in " ".join(result.stderr.split()) and "j.csv" in result.stderr


def test_describe_names_the_registry(db):
    assert "embedded" in store.describe("embedded")
    assert store.describe(db) == f"the registry file {db}"
