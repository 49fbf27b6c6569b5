"""Opening the registry (issue 11, items 4 and 5): reading commands open it read-only and
never create it; a second build waits and then says another build holds the database; odd
databases and missing drivers get one line."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from cscwatch.cli import app
from cscwatch.registry import schema, store
from tests.conftest import SIF_2014, make_pdf

runner = CliRunner()


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "r.db"
    engine = store.connect(str(path), create=True)
    with engine.begin() as conn:
        conn.execute(
            schema.reports.insert(),
            [{"source_file": "a.pdf", "sha256": "0" * 64, "status": "ok", "la_code": "370"}],
        )
    engine.dispose()
    return path


def test_reading_opens_read_only(registry):
    engine = store.connect(str(registry))
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from reports")).scalar() == 1
    with pytest.raises(OperationalError, match="readonly"), engine.begin() as conn:
        conn.execute(text("delete from reports"))
    engine.dispose()


def test_reading_never_creates_a_schema(tmp_path):
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()  # a valid SQLite file with no tables
    with pytest.raises(store.RegistryError, match="not a cscwatch registry"):
        store.connect(str(empty))
    assert sqlite3.connect(empty).execute("select count(*) from sqlite_master").fetchone() == (0,)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(store.RegistryMissing, match="no registry at"):
        store.connect(str(tmp_path / "none.db"))
    assert not (tmp_path / "none.db").exists()


def test_a_file_that_is_not_a_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00garbage" * 500)
    for create in (False, True):
        with pytest.raises(store.RegistryError, match="not an SQLite database"):
            store.connect(str(junk), create=create)


@pytest.mark.skipif(
    importlib.util.find_spec("psycopg") is not None, reason="psycopg is installed here"
)
def test_a_driver_that_is_not_installed_names_the_package():
    with pytest.raises(store.RegistryError, match=r"postgresql://.*install psycopg"):
        store.connect("postgresql://user:secret@localhost/registry")
    result = runner.invoke(app, ["national", "--db", "postgresql://user:secret@localhost/r"])
    assert result.exit_code == 1 and "install psycopg" in result.output
    assert "secret" not in result.output and len(result.output.strip().splitlines()) == 1


@pytest.fixture
def reports(tmp_path):
    make_pdf([SIF_2014], tmp_path / "reports" / "80426_barnsley" / "sif - 08 august 2014.pdf")
    return tmp_path / "reports"


def test_a_second_build_waits_then_says_another_build_holds_the_database(registry, reports):
    url = f"sqlite:///{registry}"
    with store.writing(url, timeout=1):  # as a build in progress does
        start = time.monotonic()
        result = runner.invoke(app, ["build", str(reports), "--db", url, "-q", "--wait", "0.5"])
        waited = time.monotonic() - start
    assert result.exit_code == 1, result.output
    assert "another build holds the database" in result.output and waited >= 0.5
    assert len(result.output.strip().splitlines()) == 1
    # ... and it waits for a build that ends in time.
    holder = threading.Thread(target=_hold, args=(url, 0.5))
    holder.start()
    time.sleep(0.1)
    result = runner.invoke(app, ["build", str(reports), "--db", url, "-q", "--wait", "10"])
    holder.join()
    assert result.exit_code == 0, result.output


def _hold(url: str, seconds: float) -> None:
    with store.writing(url, timeout=1):
        time.sleep(seconds)


def test_a_database_locked_by_another_program_is_one_line(registry, reports):
    other = sqlite3.connect(registry, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        result = runner.invoke(
            app, ["build", str(reports), "--db", str(registry), "-q", "--wait", "0.3"]
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 1, result.output
    assert "another build holds" in result.output and "Traceback" not in result.output


# A read-only folder. Tests run as root here, and root writes through chmod, so the commands
# run without the capabilities that let root ignore file permissions (setpriv); a normal user
# needs nothing more than the chmod.
def _without_root_powers() -> list[str] | None:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def _run(prefix: list[str], args: list[str], cwd) -> subprocess.CompletedProcess:
    code = "from cscwatch.cli import app; app()"
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("CSCWATCH_DB", None)
    return subprocess.run(
        [*prefix, sys.executable, "-c", code, *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )  # fmt: skip


def test_reading_commands_work_in_a_read_only_folder(tmp_path, reports):
    prefix = _without_root_powers()
    if prefix is None:
        pytest.skip("running as root without setpriv: chmod cannot make a folder read-only")
    folder = tmp_path / "ro"
    folder.mkdir()
    built = _run([], ["build", str(reports), "-q"], folder)
    assert built.returncode == 0, built.stderr
    sqlite3.connect(folder / "cscwatch.db").close()  # the last connection folds the WAL in
    assert sorted(p.name for p in folder.iterdir()) == ["cscwatch.db"]  # a WAL database
    folder.chmod(0o555)
    try:
        probe = subprocess.run([*prefix, "touch", str(folder / "x")], capture_output=True)
        if probe.returncode == 0:
            pytest.skip("this folder stays writable even without root's powers")
        for args in (
            ["export", "judgments"],  # ./cscwatch.db, the default
            ["national", "--as-of", "2015-03-31", "--format", "json"],
            ["la", "Barnsley", "--db", str(folder / "cscwatch.db"), "--format", "json"],
        ):
            out = _run(prefix, args, folder)
            assert out.returncode == 0, (args, out.stderr)
            assert "Traceback" not in out.stderr
        export = _run(prefix, ["export", "judgments"], folder).stdout
        assert "80426_barnsley/sif - 08 august 2014.pdf" in export
        out = _run(prefix, ["build", str(reports), "-q", "--force"], folder)
        assert out.returncode == 1
        assert out.stderr.strip().startswith("error: cannot write cscwatch.db")
        assert len(out.stderr.strip().splitlines()) == 1
        assert sorted(p.name for p in folder.iterdir()) == ["cscwatch.db"]
    finally:
        folder.chmod(0o755)
