"""A small registry for the command-line tests: two reports on Barnsley, one of them stored
under a file name full of Rich markup and emoji codes."""

from __future__ import annotations

import pytest

from cscwatch.registry import schema, store

ODD_NAME = "80426_barnsley/:smile: [bold]x[/bold].pdf"


@pytest.fixture
def registry_db(tmp_path) -> str:
    path = tmp_path / "small.db"
    engine = store.connect(str(path), create=True)
    rows = [
        {"source_file": "80426_barnsley/sif.pdf", "sha256": "0" * 64, "status": "ok",
         "la_code": "370", "la_name": "Barnsley", "kind": "inspection", "framework": "SIF",
         "inspection_end": "2014-06-20", "published": "2014-08-08",
         "overall": "requires_improvement"},
        {"source_file": ODD_NAME, "sha256": "1" * 64, "status": "ok",
         "la_code": "370", "la_name": "Barnsley", "kind": "inspection", "framework": "ILACS",
         "inspection_end": "2019-11-29", "published": "2020-01-10", "overall": "good"},
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(schema.reports.insert(), rows)
    engine.dispose()
    return str(path)


def invoke(*args: str):
    """Run ``cscwatch ARGS`` (200 columns); a user never sees a traceback: only SystemExit may
    end a command."""
    from typer.testing import CliRunner

    from cscwatch.cli import app

    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args}: {result.exception!r}"
    )
    assert "Traceback" not in result.output
    return result
