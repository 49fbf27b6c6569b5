"""A build with nothing to do answers from a read-only look at the registry (registry/survey.py),
the same answer as the build itself, and steps aside whenever the build has anything to write."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cscwatch.registry import schema, store
from cscwatch.registry.build import build
from cscwatch.registry.survey import SCHEMA_STAMP, nothing_to_do
from tests.conftest import ILACS_2018, ILACS_2023, SIF_2014, make_pdf


def _schema_stamp() -> int:
    described = sorted(
        f"{t.name}.{c.name}:{c.type}:{c.nullable}"
        for t in schema.metadata.sorted_tables
        for c in t.columns
    )
    return int(hashlib.sha256("\n".join(described).encode()).hexdigest()[:7], 16)


def test_the_schema_stamp_follows_the_schema():
    assert _schema_stamp() == SCHEMA_STAMP, (
        f"registry/schema.py changed: set survey.SCHEMA_STAMP = {_schema_stamp()}"
    )


@pytest.fixture
def built(tmp_path):
    root = tmp_path / "reports"
    make_pdf([SIF_2014], root / "80426_barnsley" / "sif - 08 august 2014.pdf")
    make_pdf([ILACS_2023], root / "80426_barnsley" / "ilacs - 15 december 2023.pdf")
    make_pdf([ILACS_2018], root / "80419_isle of wight" / "ilacs - 04 june 2018.pdf")
    (root / "80431_blackpool").mkdir()
    (root / "80431_blackpool" / "report - 13 july 2012.pdf").write_text("<html>not found</html>")
    (root / "notes.txt").write_text("not a report")
    db = f"sqlite:///{tmp_path / 'r.db'}"
    first = build(store.connect(db, create=True), root, workers=1)
    return root, db, first


def _quick(root, db, **kw):
    return nothing_to_do(db, root, text=True, force=False, keep_missing=False, **kw)


def test_nothing_to_do_gives_the_builds_own_answer(built):
    root, db, first = built
    assert first.parsed == 3 and len(first.failed) == 1
    quick = _quick(root, db)
    again = build(store.connect(db, create=True), root, workers=1)
    assert quick is not None
    for result in (quick, again):
        assert (result.seen, result.parsed, result.unchanged) == (4, 0, 4)
        assert result.failed == first.failed  # the HTML page is still a failure
        assert result.ignored == ["notes.txt"]
        assert result.removed == []


def test_any_change_to_the_folder_means_a_build(built):
    root, db, _ = built
    barnsley = root / "80426_barnsley" / "sif - 08 august 2014.pdf"
    st = barnsley.stat()
    os.utime(barnsley, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched: a refresh
    assert _quick(root, db) is None
    build(store.connect(db, create=True), root, workers=1)
    assert _quick(root, db) is not None
    make_pdf([ILACS_2018], root / "80426_barnsley" / "new - 01 june 2018.pdf")  # added
    assert _quick(root, db) is None
    build(store.connect(db, create=True), root, workers=1)
    (root / "80426_barnsley" / "new - 01 june 2018.pdf").unlink()  # gone
    assert _quick(root, db) is None
    assert nothing_to_do(db, root, text=True, force=False, keep_missing=True) is not None
    assert nothing_to_do(db, root, text=True, force=True, keep_missing=False) is None


def test_stale_derived_data_or_another_schema_means_a_build(built):
    root, db, _ = built
    path = store.sqlite_path(db)
    make_pdf([SIF_2014], root / "80426_barnsley" / "again - 08 august 2014.pdf")
    build(store.connect(db, create=True), root, workers=1)  # Barnsley: two reports
    with sqlite3.connect(path) as conn:  # recommendations never flagged (recurs NULL)
        conn.execute(
            "INSERT INTO recommendations (report_id, position, kind, text) SELECT id, 1, "
            "'improvement', 'Improve the quality of plans.' FROM reports WHERE la_code = '370'"
        )
    assert _quick(root, db) is None  # recurring recommendations to compute
    build(store.connect(db, create=True), root, workers=1)
    assert _quick(root, db) is not None
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO downloads (url, path, sha256) SELECT 'https://example.org/x.pdf', "
            "source_file, sha256 FROM reports WHERE status = 'ok' LIMIT 1"
        )
    assert _quick(root, db) is None  # a source URL to link
    build(store.connect(db, create=True), root, workers=1)
    assert _quick(root, db) is not None
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 0")  # as a registry made by an older version
    assert _quick(root, db) is None


def test_the_command_with_nothing_to_do_loads_neither_sqlalchemy_nor_the_parser(built):
    root, db, _ = built
    code = (
        "import sys\n"
        "from cscwatch.cli import app\n"
        f"sys.argv = ['cscwatch', 'build', {str(root)!r}, '--db', {db!r}, '-q']\n"
        "try:\n    app()\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, 'sqlalchemy' in sys.modules, 'cscwatch.reports.parse' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path.cwd(), check=False
    )
    assert out.stdout.split()[-3:] == ["1", "False", "False"], out.stderr
    assert "failed 80431_blackpool/report - 13 july 2012.pdf" in out.stderr
