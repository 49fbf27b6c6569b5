"""The CLI's quick option values (cli/__init__.py, ``_quick_params``) lean on Typer's private
coercion API; where that API is not as expected the commands fall back to Typer's own way and
answer exactly as before. Each run is a new process (the commands are built once a process)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

RUN = """
import sys
if sys.argv[1] == "without":  # as if Typer's private API had changed
    import typer._param_types as types
    del types.choice_coercion_annotation
from cscwatch.cli import app
app(sys.argv[2:], prog_name="cscwatch")
"""


def _run(tmp_path, mode: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-c", RUN, mode, *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("national", "--as-of", "2020-03-31", "--format", "csv"),
        ("la", "Barnsley", "--format", "json"),
        ("national", "--as-of", "2020-02-30"),  # not a date: usage error, exit 2
        ("national", "--format", "nonsense"),  # not a format: usage error, exit 2
    ],
    ids=" ".join,
)
def test_commands_answer_the_same_without_the_quick_path(tmp_path, registry_db, args):
    quick = _run(tmp_path, "with", *args, "--db", registry_db)
    plain = _run(tmp_path, "without", *args, "--db", registry_db)
    assert (quick.returncode, quick.stdout, quick.stderr) == (
        plain.returncode,
        plain.stdout,
        plain.stderr,
    )
    assert quick.returncode == (2 if args[-1] in ("2020-02-30", "nonsense") else 0), quick.stderr
    assert "Traceback" not in quick.stderr + plain.stderr
