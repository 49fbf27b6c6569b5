"""Writing files: ``-o`` on a full disk or a device ends in one line (exit 1), a failed write
leaves what was there before (never a truncated or deleted file), nothing half-written is left
behind, and CSV cells a spreadsheet would run as formulas are neutralised (OWASP)."""

from __future__ import annotations

import csv
import errno
import io
import os
import resource
import signal
import sqlite3
import stat
from contextlib import contextmanager

import pytest

from cscwatch.registry import schema, store

from .conftest import invoke

OLD = b"what was here before\n"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "annex_a.xlsx"
    assert invoke("annex-a", "synth", "--seed", "3", "-o", str(path)).exit_code == 0
    return path


def commands(db: str, workbook, target) -> list[list[str]]:
    """Every command that writes a file with ``-o``, in each of its file formats."""
    t = str(target)
    return [
        *(["export", "judgments", "--db", db, "-f", f, "-o", t] for f in ("csv", "json", "table")),
        *(["export", "judgments", "--db", db, "-f", f, "-o", t] for f in ("xlsx", "parquet")),
        ["national", "--db", db, "--as-of", "2024-03-31", "-f", "csv", "-o", t],
        ["report", "annual", "--db", db, "--as-of", "2024-03-31", "-o", t],
        *(
            ["readiness", str(workbook), "--as-of", "2026-10-31", "-f", f, "-o", t]
            for f in ("html", "json", "xlsx", "csv", "table")
        ),
    ]


@pytest.fixture
def full_device(tmp_path):
    """A character device like /dev/full (writes fail: no space left), made in tmp_path so a
    writer that deletes its target cannot harm the real one."""
    path = tmp_path / "full"
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    try:
        path.write_bytes(b"x")
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            pytest.skip(f"device nodes do not work in {tmp_path}: {exc}")
    return path


def test_a_full_device_is_one_line_and_is_never_removed(registry_db, workbook, full_device):
    for args in commands(registry_db, workbook, full_device):
        result = invoke(*args)
        assert result.exit_code == 1, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "No space left on device" in lines[0], (args, result.output)
        assert stat.S_ISCHR(full_device.stat().st_mode), f"{args} removed the device"


def written(folder) -> list[str]:
    """The files in ``folder`` besides the test registry (and SQLite's own files)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("small.db"))


@contextmanager
def file_size_limit(size: int):
    """Writes past ``size`` bytes fail (EFBIG) as they would on a full disk."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_failed_write_keeps_the_old_file(registry_db, workbook, tmp_path):
    """The disk fills while the file is written: the old file stays as it was and no
    temporary file is left beside it."""
    with sqlite3.connect(registry_db) as conn:  # no WAL: reading then writes no -shm file
        conn.execute("PRAGMA journal_mode=DELETE")
    target = tmp_path / "out"
    for args in commands(registry_db, workbook, target):
        target.write_bytes(OLD)
        with file_size_limit(10):
            result = invoke(*args)
        assert result.exit_code == 1, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1, (args, result.output)
        assert "File too large" in result.output, (args, result.output)
        assert target.read_bytes() == OLD, f"{args} changed the old file"
        assert written(tmp_path) == ["out"], args


def test_a_failed_parquet_export_keeps_the_old_file(registry_db, tmp_path, monkeypatch):
    import pandas as pd

    def broken(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    target = tmp_path / "judgments.parquet"
    target.write_bytes(OLD)
    monkeypatch.setattr(pd.DataFrame, "to_parquet", broken)
    result = invoke("export", "judgments", "--db", registry_db, "-o", str(target))
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert target.read_bytes() == OLD
    assert written(tmp_path) == ["judgments.parquet"]


def test_a_successful_write_replaces_the_file_and_keeps_its_mode(registry_db, tmp_path):
    target = tmp_path / "j.csv"
    target.write_bytes(OLD)
    target.chmod(0o640)
    assert invoke("export", "judgments", "--db", registry_db, "-o", str(target)).exit_code == 0
    assert target.read_text().startswith("source_file,")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = tmp_path / "new.csv"
    assert invoke("export", "judgments", "--db", registry_db, "-o", str(fresh)).exit_code == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~_umask()
    assert written(tmp_path) == ["j.csv", "new.csv"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Formula injection ---------------------------------------------------------------------------
DANGEROUS = ["=1+2", "+1", "-1+2", "@SUM(A1)", "\t=1"]


@pytest.fixture
def odd_db(tmp_path) -> str:
    path = tmp_path / "odd.db"
    engine = store.connect(str(path), create=True)
    rows = [
        {"source_file": f"80426_barnsley/{i}.pdf", "sha256": f"{i}" * 64, "status": "ok",
         "la_code": "370", "la_name": "Barnsley", "kind": "inspection", "framework": "ILACS",
         "inspection_end": "2019-11-29", "published": "2020-01-10", "overall": "good",
         "lead_inspector": text}
        for i, text in enumerate(DANGEROUS)
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(schema.reports.insert(), rows)
    engine.dispose()
    return str(path)


def test_csv_export_neutralises_formulas(odd_db):
    result = invoke("export", "judgments", "--db", odd_db, "-f", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(schema.EXPORT_COLUMNS)  # the contract's columns, unchanged
    assert sorted(r["lead_inspector"] for r in rows) == sorted("'" + d for d in DANGEROUS)
    assert {r["la_code"] for r in rows} == {"370"}  # ordinary text untouched


def test_csv_text_leaves_numbers_alone():
    from cscwatch.render.output import csv_text

    text = csv_text([{"a": -1.5, "b": -3, "c": "-3", "d": "=x", "e": "ok", "f": "\r=1"}])
    assert text == "a,b,c,d,e,f\n-1.5,-3,'-3,'=x,ok,'\r=1\n"


def test_xlsx_export_writes_formula_text_as_text(odd_db, tmp_path):
    import fastexcel

    target = tmp_path / "j.xlsx"
    assert invoke("export", "judgments", "--db", odd_db, "-o", str(target)).exit_code == 0
    frame = fastexcel.read_excel(target).load_sheet(0).to_pandas()
    assert sorted(frame["lead_inspector"]) == sorted(DANGEROUS)


def test_a_missing_folder_or_a_folder_is_a_usage_error(registry_db, workbook, tmp_path):
    for target, word in ((tmp_path / "no" / "such" / "x.html", "no folder"), (tmp_path, "folder")):
        for args in commands(registry_db, workbook, target):
            result = invoke(*args)
            assert result.exit_code == 2, (args, result.output)
            assert word in " ".join(result.output.split()), (args, result.output)
    assert not (tmp_path / "no").exists()
