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


def test_readiness_table_shows_a_zero_numerator(tmp_path):
    from cscwatch.casework.frames import Context
    from cscwatch.casework.indicators import INDICATORS
    from cscwatch.cli.casework import _readiness_table

    from .conftest import R, build

    # two children on a plan open at R, neither in care: IR-17 is 0 of 2, and the 0 is shown
    wb = build(
        {
            7: [{"child_id": c, "cp_start": "01/01/2026"} for c in ("A", "B")],
            8: [{"child_id": "C", "cla_start": "01/01/2026"}],
        }
    )
    ir17 = INDICATORS["IR-17"](Context.build(wb, R)).to_dict()
    result = {
        "as_of": R.isoformat(),
        "indicators": [ir17],
        "data_quality": {"errors": 0, "warnings": 0},
    }
    out = tmp_path / "t.txt"
    _readiness_table(result, out)
    row = next(ln for ln in out.read_text().splitlines() if "IR-17" in ln)
    cells = [c.strip() for c in row.split("│")]
    assert cells[3:6] == ["0.0", "0", "2"]
