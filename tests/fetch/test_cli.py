"""`cscwatch fetch` and `cscwatch update` on the command line, against the stand-in site."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from cscwatch.cli import app
from tests.conftest import SIF_2014, SIF_2016, make_pdf
from tests.fetch.standin import Council, Pub, StandIn

runner = CliRunner(env={"COLUMNS": "200"})


def fetch_args(standin, tmp_path, *more: str) -> list[str]:
    return [
        "fetch", str(tmp_path / "reports"), "--base-url", standin.base_url,
        "--db", str(tmp_path / "r.db"), "--delay", "0", "--quiet", *more,
    ]  # fmt: skip


def test_fetch_lists_what_is_new_then_nothing(standin, tmp_path):
    first = runner.invoke(app, fetch_args(standin, tmp_path))
    assert first.exit_code == 0, first.output
    total = sum(len(c.pubs) for c in standin.councils)
    new = [line for line in first.stdout.splitlines() if line.startswith("new ")]
    assert len(new) == total
    assert "new 80426_barnsley/children's services inspection - 27 october 2023.pdf" in new
    assert "publications listed" in first.stderr
    second = runner.invoke(app, fetch_args(standin, tmp_path))
    assert second.exit_code == 0, second.output
    assert not [line for line in second.stdout.splitlines() if line.startswith("new ")]
    assert "0 new" in second.stderr


def test_fetch_exit_code_1_names_what_failed(standin, tmp_path):
    standin.gone.add("/provider/44/80481")
    result = runner.invoke(app, fetch_args(standin, tmp_path))
    assert result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
    assert failed == [
        f"failed Leeds City Council ({standin.base_url}/provider/44/80481): HTTP 404 Not Found"
    ]
    assert (tmp_path / "reports" / "80426_barnsley").is_dir()  # the others were fetched


def test_fetch_one_council_by_name_code_or_urn(standin, tmp_path):
    result = runner.invoke(
        app, fetch_args(standin, tmp_path, "--la", "Barnsley", "--la", "926", "--la", "80450")
    )
    assert result.exit_code == 0, result.output
    folders = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert folders == ["80418_norfolk", "80426_barnsley", "80450_london corporation"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--la", "Nowhereshire"], "no council matches 'Nowhereshire'"),
        (["--since", "2024-13-01"], "is not a date"),
        (["--delay", "-1"], "--delay"),
    ],
)
def test_fetch_usage_errors_exit_2(standin, tmp_path, args, message):
    result = runner.invoke(app, fetch_args(standin, tmp_path, *args))
    assert result.exit_code == 2
    assert message in result.output
    assert not standin.log  # nothing was asked of the site


def test_update_fetches_then_builds_with_each_reports_source(tmp_path):
    councils = [
        Council("80426", "Barnsley Metropolitan Borough Council", [
            Pub("Children's services inspection - 08 August 2014, pdf", "7001",
                make_pdf([SIF_2014])),
        ]),
        Council("80418", "Norfolk County Council", [
            Pub("Children's services inspection - 20 October 2015, pdf", "7002",
                make_pdf([SIF_2016])),
        ]),
    ]  # fmt: skip
    site = StandIn(councils)
    try:
        reports, db = tmp_path / "reports", tmp_path / "r.db"
        args = ["update", "--reports", str(reports), "--db", str(db), "--base-url",
                site.base_url, "--delay", "0", "--quiet", "--no-text"]  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        # A report added by hand has no source.
        (reports / "80426_barnsley" / "copy.pdf").write_bytes(make_pdf([SIF_2014 + "\ncopy"]))
        again = runner.invoke(app, args)
        assert again.exit_code == 0, again.output
    finally:
        site.close()
    exported = runner.invoke(app, ["export", "judgments", "--db", str(db), "-f", "csv"])
    assert exported.exit_code == 0, exported.output
    rows = {r["source_file"]: r for r in csv.DictReader(io.StringIO(exported.stdout))}
    assert list(next(iter(rows.values())))[-1] == "source_url"
    barnsley = rows["80426_barnsley/children's services inspection - 08 august 2014.pdf"]
    norfolk = rows["80418_norfolk/children's services inspection - 20 october 2015.pdf"]
    assert (barnsley["la_name"], barnsley["overall"]) == ("Barnsley", "requires_improvement")
    assert (norfolk["la_name"], norfolk["overall"]) == ("Norfolk", "inadequate")
    assert barnsley["source_url"] == site.file_url("7001")
    assert norfolk["source_url"] == site.file_url("7002")
    assert rows["80426_barnsley/copy.pdf"]["source_url"] == ""
