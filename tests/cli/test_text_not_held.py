"""Screens over the embedded registry, which holds facts but no report prose: tables never show
rows of placeholders for text the registry does not hold, and context figures read as figures.
The counts are the embedded registry's own (read from it here, not typed in)."""

from __future__ import annotations

import csv
import io

from typer.testing import CliRunner

from cscwatch.cli import app
from cscwatch.render import choropleth

runner = CliRunner(env={"COLUMNS": "80"})


def run(*args: str) -> str:
    result = runner.invoke(app, [*args, "--db", "embedded"])
    assert result.exit_code == 0, result.output
    return result.output


def test_recommendations_without_their_words_are_one_line_not_placeholder_rows():
    rows = list(csv.DictReader(io.StringIO(run("recommendations", "Barnsley", "-f", "csv"))))
    assert rows and all(r["text"] == "" for r in rows)  # the embedded registry holds no prose
    reports = len({r["source_file"] for r in rows})
    screen = run("recommendations", "Barnsley")
    assert f"{len(rows)} recommendations in {reports} reports" in " ".join(screen.split())
    assert "┃" not in screen and "(not held)" not in screen  # no table of placeholders


def test_context_figures_read_as_figures_on_the_council_timeline():
    screen = " ".join(run("la", "Barnsley").split())
    # Barnsley, SIF report of 8 August 2014, p. 10: about 49,000 children under 18.
    assert "49,000 children" in screen
    assert "children_under_18" not in screen and "per_10000" not in screen


def test_a_district_whose_council_has_no_report_is_drawn_as_no_report():
    svg = str(choropleth.choropleth({}, as_of="2024-03-31"))
    assert 'class="district grade-no-report"' in svg and "grade-not-judged" not in svg
    judged = {"370": {"overall": "good", "source_file": "x.pdf"}}
    svg = str(choropleth.choropleth(judged, as_of="2024-03-31"))
    assert 'class="district grade-good" data-la="370"' in svg
