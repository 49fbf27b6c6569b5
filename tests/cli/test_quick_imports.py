"""The quick commands answer without the heavy libraries: `national`, `la` and `search`
(JSON and table) import neither pandas, polars, lifelines nor pypdfium2, and on an SQLite
registry (or the embedded one) not SQLAlchemy or Pydantic either. Each command runs in a new
process, as a user runs it, and reports the modules it loaded (a test of imports, not of
timing: benchmarks/commands.py times them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("pandas", "polars", "lifelines", "pypdfium2", "numpy")
DATABASE = ("sqlalchemy", "pydantic")

RUN = """
import json, sys
from cscwatch.cli import app
try:
    app(sys.argv[2:], prog_name="cscwatch")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
with open(sys.argv[1], "w") as fh:
    json.dump({"code": code, "modules": sorted(sys.modules)}, fh)
"""


def _modules(tmp_path, *args: str) -> set[str]:
    out = tmp_path / "modules.json"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "120"}
    subprocess.run(
        [sys.executable, "-c", RUN, str(out), *args],
        check=True,
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    found = json.loads(out.read_text())
    assert found["code"] in (0, None), args
    return {m.split(".")[0] for m in found["modules"]}


@pytest.fixture(scope="module")
def small_registry(tmp_path_factory):
    """A registry file with one report and one indexed passage (built through SQLAlchemy, as
    `cscwatch build` builds one)."""
    from cscwatch.registry import fts, schema, store

    db = tmp_path_factory.mktemp("quick") / "registry.db"
    engine = store.connect(f"sqlite:///{db}", create=True)
    with engine.begin() as conn:
        conn.execute(
            schema.reports.insert(),
            {
                "id": 1,
                "source_file": "370_Barnsley/report.pdf",
                "sha256": "0" * 64,
                "la_code": "370",
                "la_name": "Barnsley",
                "kind": "inspection",
                "framework": "ILACS",
                "inspection_end": "2023-05-12",
                "published": "2023-06-30",
                "overall": "good",
                "status": "ok",
            },
        )
        conn.execute(
            schema.passages.insert(),
            {"report_id": 1, "page": 3, "section": "Summary", "text": "Agency staff are few."},
        )
    fts.rebuild(engine)
    engine.dispose()
    return str(db)


QUICK = [
    ("national", "--as-of", "2024-03-31", "--format", "json"),
    ("national", "--as-of", "2024-03-31"),
    ("la", "Barnsley", "--format", "json"),
    ("la", "Barnsley"),
]


@pytest.mark.parametrize("args", QUICK, ids=" ".join)
def test_quick_commands_on_the_embedded_registry_skip_heavy_imports(tmp_path, args):
    _modules(tmp_path, *args, "--db", "embedded")  # the first run makes the cached copy
    loaded = _modules(tmp_path, *args, "--db", "embedded")
    assert "cscwatch" in loaded and "typer" in loaded
    assert not loaded & {*HEAVY, *DATABASE}, sorted(loaded & {*HEAVY, *DATABASE})


@pytest.mark.parametrize(
    "args",
    [*QUICK, ("search", "agency", "--format", "json"), ("search", "agency")],
    ids=" ".join,
)
def test_quick_commands_on_a_registry_file_skip_heavy_imports(tmp_path, small_registry, args):
    loaded = _modules(tmp_path, *args, "--db", small_registry)
    assert not loaded & {*HEAVY, *DATABASE}, sorted(loaded & {*HEAVY, *DATABASE})


def test_a_table_on_screen_loads_rich_and_json_does_not(tmp_path):
    assert "rich" not in _modules(tmp_path, "national", "--format", "json", "--db", "embedded")
    assert "rich" in _modules(tmp_path, "national", "--db", "embedded")
