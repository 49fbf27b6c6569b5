import json

from typer.testing import CliRunner

from cscwatch.cli import app

runner = CliRunner()


def test_synth_check_and_readiness(tmp_path):
    out = tmp_path / "a.xlsx"
    res = runner.invoke(app, ["annex-a", "synth", "--size", "small", "--seed", "7", "-o", str(out)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["annex-a", "check", str(out), "--as-of", "2026-10-31"])
    assert res.exit_code == 0, res.output
    bad = tmp_path / "b.xlsx"
    runner.invoke(app, ["annex-a", "synth", "--seed", "7", "--faults", "DQ-204", "-o", str(bad)])
    res = runner.invoke(
        app, ["annex-a", "check", str(bad), "--as-of", "2026-10-31", "--format", "json"]
    )
    assert res.exit_code == 1
    assert json.loads(res.stdout)["summary"]["error"] == 2
    res = runner.invoke(app, ["readiness", str(out), "--as-of", "2026-10-31", "--format", "json"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["as_of"] == "2026-10-31"
    html = tmp_path / "r.html"
    res = runner.invoke(app, ["readiness", str(out), "--as-of", "2026-10-31", "-o", str(html)])
    assert res.exit_code == 0 and html.read_text().startswith("<!doctype html>")
