"""Issue 11 on the build side: nothing hangs, nothing goes stale, every bad input gets one
clear line, and a build is all or nothing."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from cscwatch.cli import app
from cscwatch.registry import build as build_mod
from cscwatch.registry import schema, store
from cscwatch.reports import parse as parse_mod
from tests.conftest import ILACS_2018, ILACS_2023, SIF_2014, make_pdf
from tests.robustness.conftest import time_limit

runner = CliRunner()
BARNSLEY = "80426_barnsley/sif - 08 august 2014.pdf"
WIGHT = "80419_isle of wight/ilacs - 15 december 2023.pdf"


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "reports"
    make_pdf([SIF_2014], root / BARNSLEY)
    make_pdf([ILACS_2023], root / WIGHT)
    return root


def _build(folder, db, *extra):
    with time_limit(120, "cscwatch build"):
        return runner.invoke(app, ["build", str(folder), "--db", db, "-q", *extra])


def _count(db: str, sql: str) -> int:
    engine = create_engine(db)
    with engine.connect() as conn:
        n = conn.execute(text(sql)).scalar()
    engine.dispose()
    return n


# 1. Hangs ------------------------------------------------------------------------------------
def test_a_named_pipe_is_a_failure_not_a_hang(folder, tmp_path):
    os.mkfifo(folder / "x.pdf")
    result = _build(folder, f"sqlite:///{tmp_path / 'r.db'}")
    assert result.exit_code == 1, result.output
    assert "x.pdf: not a regular file (a named pipe)" in result.output
    assert "failed" in result.output and BARNSLEY not in result.output.split("failed", 2)[-1]


def test_parse_file_never_blocks_on_a_named_pipe(tmp_path):
    os.mkfifo(tmp_path / "x.pdf")
    with time_limit(10, "parse_file"):
        report = parse_mod.parse_file(tmp_path / "x.pdf", tmp_path)
    assert report.status == "error" and "named pipe" in report.error


def _slow_parse(path, root, text=True):
    if "slow" in path.name:
        time.sleep(600)
    if "dies" in path.name:
        os._exit(3)
    return parse_mod.parse_file(path, root, text)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_over_its_time_budget_fails_and_the_build_goes_on(folder, tmp_path, monkeypatch,
                                                                  workers):  # fmt: skip
    make_pdf([ILACS_2018], folder / "a" / "slow.pdf")
    make_pdf([ILACS_2018], folder / "b" / "dies.pdf")
    make_pdf([ILACS_2018], folder / "c" / "brighton.pdf")  # after both: the pool still works
    monkeypatch.setattr(build_mod, "parse_file", _slow_parse)  # (workers are forked)
    engine = store.connect(f"sqlite:///{tmp_path / 'r.db'}", create=True)
    started = time.monotonic()
    with time_limit(60, "build"):
        result = build_mod.build(engine, folder, workers=workers, timeout=2)
    assert time.monotonic() - started < 30
    failed = dict(result.failed)
    assert failed == {
        "a/slow.pdf": "timed out after 2 s",
        "b/dies.pdf": "parser process died (exit 3)",
    }
    assert result.parsed == 3  # Barnsley, Isle of Wight, Brighton


def test_the_build_option_sets_the_time_budget(folder, tmp_path, monkeypatch):
    make_pdf([ILACS_2018], folder / "slow.pdf")
    monkeypatch.setattr(build_mod, "parse_file", _slow_parse)
    result = _build(folder, f"sqlite:///{tmp_path / 'r.db'}", "--timeout", "1")
    assert result.exit_code == 1
    assert "slow.pdf: timed out after 1 s" in result.output


WATCHED = """
import os, sys, time
from pathlib import Path
from cscwatch.registry import build as b, store
def slow(path, root, text=True):
    os.write(1, f"{os.getpid()}\\n".encode())  # each worker says who it is, in one write
    time.sleep(600)
b.parse_file = slow
engine = store.connect(sys.argv[2], create=True)
b.build(engine, Path(sys.argv[1]), workers=2, timeout=None)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_build_killed_by_sigkill(folder, tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(WATCHED), str(folder), f"sqlite:///{tmp_path / 'r.db'}"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    workers = [int(proc.stdout.readline()) for _ in range(2)]
    assert all(_alive(p) for p in workers)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [p for p in workers if _alive(p)]
    for pid in survivors:  # (clean up after a failure)
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "workers outlived the build"


# 2. Stale registry ---------------------------------------------------------------------------
def test_a_deleted_file_leaves_the_registry_and_is_named(folder, tmp_path):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert _build(folder, db).exit_code == 0
    owned = ("judgments", "passages", "theme_counts", "recommendations", "context_figures")
    before = {t: _count(db, f"select count(*) from {t}") for t in owned}
    fts_before = _count(db, "select count(*) from passages_fts")
    assert before["passages"] > 0 and fts_before == before["passages"]
    (folder / BARNSLEY).unlink()

    kept = _build(folder, db, "--keep-missing")
    assert kept.exit_code == 0
    assert f"kept {BARNSLEY}: no such file any more" in kept.output
    assert _count(db, "select count(*) from reports") == 2

    result = _build(folder, db)
    assert result.exit_code == 0, result.output
    assert f"removed {BARNSLEY}: no such file any more" in result.output
    export = runner.invoke(app, ["export", "judgments", "--db", db]).stdout
    assert BARNSLEY not in export and WIGHT in export
    assert _count(db, "select count(*) from reports") == 1
    for table in owned:  # nothing left that belonged to it
        assert _count(db, f"select count(*) from {table} where report_id not in "
                          "(select id from reports)") == 0  # fmt: skip
    assert _count(db, "select count(*) from judgments") < before["judgments"]
    assert _count(db, "select count(*) from passages_fts") == _count(
        db, "select count(*) from passages"
    )
    assert _count(db, "select count(*) from passages_fts where passages_fts match 'barnsley'") == 0


def test_reports_built_from_another_folder_are_kept(folder, tmp_path):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    other = tmp_path / "other"
    make_pdf([ILACS_2018], other / "brighton.pdf")
    assert _build(folder, db).exit_code == 0
    result = _build(other, db)
    assert result.exit_code == 0 and "removed" not in result.output
    assert _count(db, "select count(*) from reports") == 3


def test_an_edit_that_keeps_size_and_mtime_is_caught(folder, tmp_path):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert _build(folder, db).exit_code == 0
    path = folder / BARNSLEY
    st = path.stat()
    data = path.read_bytes()
    path.write_bytes(b"%PDF-1.4 " + b"x" * (len(data) - 9))  # same size, no longer a report
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    result = _build(folder, db)
    assert result.exit_code == 1, result.output
    assert BARNSLEY in result.output and re.search(
        r"unchanged \(skipped\)\s*│\s*1\b", result.output
    )


# 3. Second commit lost -----------------------------------------------------------------------
def test_recurrence_is_recomputed_when_missing(tmp_path):
    from tests.conftest import TEXT_RECS as RECS  # two councils' reports, recommendations
    from tests.conftest import TEXT_REPORTS as REPORTS

    engine = store.connect(f"sqlite:///{tmp_path / 'r.db'}", create=True)
    with engine.begin() as conn:  # as an older build left it, killed before its second commit
        keys = ("id", "source_file", "la_code", "la_name", "region", "framework", "published",
                "overall")  # fmt: skip
        conn.execute(schema.reports.insert(), [
            dict(zip(keys, r, strict=True), sha256="0" * 64, status="ok") for r in REPORTS
        ])  # fmt: skip
        conn.execute(
            schema.recommendations.insert(),
            [dict(zip(("report_id", "position", "kind", "text"), r, strict=True)) for r in RECS],
        )
    empty = tmp_path / "empty"
    empty.mkdir()
    build_mod.build(engine, empty, keep_missing=True, workers=1)
    with engine.connect() as conn:
        recurs = conn.execute(text("select recurs from recommendations r join reports p "
                                   "on p.id = r.report_id where la_code = '370' "
                                   "order by published, position")).scalars().all()  # fmt: skip
    assert recurs == [True, False, None]


def test_a_build_that_fails_late_leaves_the_registry_as_it_was(folder, tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    engine = store.connect(db, create=True)
    from cscwatch.registry import recurrence

    def boom(conn, **kw):
        raise KeyboardInterrupt  # as if killed while deriving recurring recommendations

    monkeypatch.setattr(recurrence, "flag_recurring", boom)
    with pytest.raises(KeyboardInterrupt):
        build_mod.build(engine, folder, workers=1)
    assert _count(db, "select count(*) from reports") == 0
    monkeypatch.undo()
    assert build_mod.build(engine, folder, workers=1).parsed == 2


# 9. Links and echoes -------------------------------------------------------------------------
def test_links_out_of_the_folder_are_not_followed_and_nothing_is_echoed(folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:TOPSECRET:/root:/bin/bash\n")
    (folder / "passwd.pdf").symlink_to(secret)
    (folder / "notapdf.pdf").write_text("TOPSECRET plain text, no header")
    (folder / "inside.pdf").symlink_to(folder / BARNSLEY)  # a link within the folder is read
    (folder / "broken.pdf").symlink_to(tmp_path / "nowhere.pdf")
    result = _build(folder, f"sqlite:///{tmp_path / 'r.db'}")
    assert result.exit_code == 1
    out = result.output
    assert "passwd.pdf: a symbolic link to outside the folder (not followed)" in out
    assert "notapdf.pdf: not a PDF: no %PDF header" in out
    assert "broken.pdf: a broken symbolic link" in out
    assert "TOPSECRET" not in out and "root:x" not in out and "inside.pdf" not in out


def test_a_parser_bug_is_named_without_quoting_the_report(monkeypatch):
    def bug(report, pages, *cleaned):
        raise ValueError(f"cannot read {pages[0][:40]!r}")  # a message quoting the text

    monkeypatch.setattr(parse_mod, "_read_pages", bug)
    report = parse_mod.parse_bytes(make_pdf([SIF_2014]), "x.pdf")
    assert report.status == "error"
    line = bug.__code__.co_firstlineno + 1
    assert report.error == f"parser error: ValueError in bug (test_reliability.py:{line})"


def test_emoji_codes_in_file_names_are_printed_as_they_are(tmp_path):
    root = tmp_path / ":rocket: reports"
    make_pdf([SIF_2014], root / ":smile:" / "sif - 08 august 2014 :thumbs_up:.pdf")
    (root / ":fire:.pdf").write_text("<html>not found</html>")
    with time_limit(120, "build"):
        result = runner.invoke(app, ["build", str(root), "--db", f"sqlite:///{tmp_path / 'r.db'}"],
                               env={"COLUMNS": "200"})  # fmt: skip
    out = result.output
    assert ":fire:.pdf: not a PDF" in out
    assert ":thumbs_up:" in out  # the progress bar's file name
    assert ":rocket: reports" in out  # the summary's title
    assert not {"😄", "🔥", "👍", "🚀"} & set(out)


# 5. Odd databases, end to end ----------------------------------------------------------------
def test_a_file_that_is_not_a_database_is_one_line_for_build_and_reading(folder, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00garbage" * 500)
    for args in (["build", str(folder), "-q"], ["export", "judgments"], ["national"]):
        result = runner.invoke(app, [*args, "--db", str(junk)])
        assert result.exit_code == 1, (args, result.output)
        assert (
            result.output.strip() == f"error: {junk} is not an SQLite database (or it is damaged)"
        )


def test_a_registry_from_before_the_new_columns_is_upgraded(folder, tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    db = f"sqlite:///{path}"
    assert _build(folder, db).exit_code == 0
    con = sqlite3.connect(path)
    con.execute("alter table reports drop column quick_check")
    con.execute("alter table reports drop column root")
    con.commit()
    con.close()
    result = _build(folder, db)
    assert result.exit_code == 0, result.output
    assert re.search(r"unchanged \(skipped\)\s*│\s*2\b", result.output)
    assert (
        _count(
            db, "select count(*) from reports where quick_check is not null and root is not null"
        )
        == 2
    )
