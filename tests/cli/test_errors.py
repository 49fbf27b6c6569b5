"""Every bad input ends in one line and the right exit code (0 all good, 1 something failed,
2 bad usage), never a traceback; file names and user text are printed as they are (no Rich
markup, no `:emoji:` codes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import ODD_NAME, invoke

BAD_DATES = ["2024-02-30", "9999-99-99", "", "31/08/2019", "soon"]


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "annex_a.xlsx"
    assert invoke("annex-a", "synth", "--seed", "3", "-o", str(path)).exit_code == 0
    return path


@pytest.fixture
def junk(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"not a database at all\n" * 100)
    return path


def bad_inputs(tmp, db, junk, workbook):
    """(arguments, expected exit code, a word the one-line message must contain)."""
    missing = str(tmp / "missing.db")
    return [
        (["build", str(tmp / "no-such-folder")], 2, "no-such-folder"),
        (["build", str(tmp), "--db", str(junk), "-q"], 1, "not an SQLite database"),
        (["build", str(tmp), "--db", "postgresql://u:secret@localhost/x", "-q"], 1, "psycopg"),
        (["export", "nonsense"], 2, "nonsense"),
        (["export", "judgments", "--db", missing], 2, "no registry"),
        (["export", "judgments", "--db", str(junk)], 1, "not an SQLite database"),
        (["export", "judgments", "--db", str(tmp)], 1, "is a folder"),
        (["export", "judgments", "--db", db, "-o", str(tmp)], 2, "is a folder"),
        (["export", "judgments", "--db", db, "-o", str(tmp / "no" / "x.csv")], 2, "no folder"),
        (["export", "judgments", "--db", db, "-f", "docx"], 2, "docx"),
        (["national", "--db", missing], 2, "no registry"),
        (["national", "--db", str(junk)], 1, "not an SQLite database"),
        (["national", "--db", "postgresql://u:secret@localhost/x"], 1, "psycopg"),
        (["national", "--db", "nosuchdb://x"], 1, "unknown kind of database"),
        (["national", "--db", db, "--compare", "2024-13-01"], 2, "2024-13-01"),
        (["national", "--db", db, "--by", "planet"], 2, "planet"),
        (["la", "Nowhereshire Qqq", "--db", db], 1, "Nowhereshire"),
        (["la", "Barnsley", "--db", missing], 2, "no registry"),
        (["transitions", "--area", "weather", "--db", db], 2, "weather"),
        (["time-to-improve", "--db", str(junk)], 1, "not an SQLite database"),
        (["report", "annual", "--db", db, "-o", str(tmp / "no" / "r.html")], 2, "no folder"),
        (["search", "x", "--db", missing], 2, "no registry"),
        (["search", "x", "--db", db], 2, "no text index"),
        (["search", "x", "--db", db, "--until", "2024-02-30"], 2, "2024-02-30"),
        (["recommendations", "Nowhereshire Qqq", "--db", db], 1, "Nowhereshire"),
        (["themes", "--db", str(junk)], 1, "not an SQLite database"),
        (["annex-a", "synth", "-o", str(tmp / "s.xlsx"), "--size", "huge"], 2, "huge"),
        (["annex-a", "synth", "-o", str(tmp / "s.xlsx"), "--as-of", "2024-02-30"], 2, "date"),
        (["annex-a", "check", str(tmp / "missing.xlsx")], 2, "missing.xlsx"),
        (["annex-a", "check", str(workbook), "-f", "pdf"], 2, "pdf"),
        (["readiness", str(tmp / "missing.xlsx")], 2, "missing.xlsx"),
        (["readiness", str(workbook), "-o", str(tmp / "out")], 2, "--format"),
        (["serve", "--db", str(junk)], 1, "not an SQLite database"),
    ]


def test_no_traceback_for_any_bad_input(tmp_path, registry_db, junk, workbook):
    for args, code, word in bad_inputs(tmp_path, registry_db, junk, workbook):
        result = invoke(*args)
        assert result.exit_code == code, (args, result.output)
        assert word in " ".join(result.output.split()), (args, result.output)
        assert "secret" not in result.output  # a URL's password is never echoed


@pytest.mark.parametrize("command", ["check", "readiness"])
@pytest.mark.parametrize("day", BAD_DATES)
def test_annex_a_dates_are_checked(workbook, command, day):
    prefix = ["annex-a", "check"] if command == "check" else ["readiness"]
    result = invoke(*prefix, str(workbook), "--as-of", day)
    assert result.exit_code == 2, result.output
    assert "YYYY-MM-DD" in result.output


@pytest.mark.parametrize("day", BAD_DATES)
def test_every_date_option_is_checked(registry_db, day):
    for args in (
        ["national", "--as-of", day],
        ["time-to-improve", "--as-of", day],
        ["report", "annual", "--as-of", day],
        ["search", "x", "--since", day],
    ):
        result = invoke(*args, "--db", registry_db)
        assert result.exit_code == 2 and "YYYY-MM-DD" in result.output, (args, result.output)


def test_readiness_o_writes_the_file_or_fails(workbook, tmp_path):
    target = tmp_path / "readiness"  # no suffix
    result = invoke("readiness", str(workbook), "--as-of", "2026-10-31", "-o", str(target))
    assert result.exit_code == 2 and not target.exists()
    assert all(f in result.output for f in ("html", "json", "xlsx", "csv"))
    result = invoke(
        "readiness", str(workbook), "--as-of", "2026-10-31", "-o", str(target), "-f", "json"
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text())["as_of"] == "2026-10-31"
    for suffix in ("csv", "xlsx", "html"):
        path = tmp_path / f"r.{suffix}"
        assert invoke("readiness", str(workbook), "-o", str(path)).exit_code == 0
        assert path.stat().st_size > 0


def test_unreadable_annex_a_input_is_one_line_exit_1(workbook, monkeypatch):
    """The CLI's half: the library raises InputError naming the file and the problem."""
    from cscwatch.casework import api
    from cscwatch.casework.read import InputError

    def unreadable(*_a, **_k):
        raise InputError(f"{workbook.name}: truncated workbook (not a zip file)")

    monkeypatch.setattr(api, "readiness", unreadable)
    monkeypatch.setattr(api, "check", unreadable)
    for args in (["readiness", str(workbook)], ["annex-a", "check", str(workbook)]):
        result = invoke(*args)
        assert result.exit_code == 1
        assert (
            result.output.strip() == f"error: {workbook.name}: truncated workbook (not a zip file)"
        )


@pytest.mark.parametrize("kind", ["empty folder", "truncated workbook"])
def test_unreadable_annex_a_input_end_to_end(workbook, tmp_path, kind):
    if kind == "empty folder":
        target = tmp_path / "empty"
        target.mkdir()
    else:
        target = tmp_path / "cut.xlsx"
        target.write_bytes(workbook.read_bytes()[:2000])
    for args in (["readiness", str(target)], ["annex-a", "check", str(target)]):
        result = invoke(*args)
        assert result.exit_code == 1 and target.name in result.output, (args, result.output)


def test_file_names_are_printed_as_they_are(tmp_path, registry_db, capsys):
    """Rich would turn `:smile:` into an emoji and eat `[bold]`: names are shown literally, on
    screen, in a table file and in build's failure lines."""
    from cscwatch.cli import options

    table = tmp_path / "t.txt"
    options.emit([{"file": ODD_NAME}], "table")
    options.emit([{"file": ODD_NAME}], "table", table)
    assert ODD_NAME in capsys.readouterr().out and ODD_NAME in table.read_text()
    result = invoke("export", "judgments", "--db", registry_db, "-f", "table")
    assert result.exit_code == 0 and "\U0001f604" not in result.stdout
    folder = tmp_path / "reports"
    odd = folder / ":smile: [bold]x[/bold].pdf"  # "/" makes a folder ":smile: [bold]x["
    odd.parent.mkdir(parents=True)
    odd.write_text("<html>not a pdf</html>")
    result = invoke("build", str(folder), "--db", str(tmp_path / "b.db"), "-q")
    assert result.exit_code == 1
    assert "failed :smile: [bold]x[/bold].pdf:" in result.output
    assert "\U0001f604" not in result.output


def test_a_real_run_prints_no_traceback(tmp_path):
    """Outside CliRunner: the installed command, a bad database, one line on stderr."""
    junk = tmp_path / "junk.db"
    junk.write_text("hello\n" * 100)
    out = subprocess.run(
        [sys.executable, "-c", "from cscwatch.cli import app; app()", "national", "--db",
         str(junk)],
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert out.returncode == 1
    assert out.stderr.strip() == f"error: {junk} is not an SQLite database (or it is damaged)"


def test_readiness_pseudonymise_end_to_end(tmp_path):
    """Findings that name children (the faulty workbook duplicates some) no longer crash it."""
    path = tmp_path / "faulty.xlsx"
    assert invoke("annex-a", "synth", "--faults", "all", "-o", str(path)).exit_code == 0
    result = invoke("readiness", str(path), "--as-of", "2026-10-31", "-f", "json", "--pseudonymise")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert any(f["rule"] == "DQ-301" for f in doc["data_quality"]["findings"])
    assert "C0000" not in result.stdout  # synthetic IDs are C and eight digits


def test_a_named_pipe_is_not_opened(tmp_path):
    """`annex-a check fifo.xlsx` once waited for ever on the pipe."""
    fifo = tmp_path / "fifo.xlsx"
    os.mkfifo(fifo)
    for args in (["annex-a", "check"], ["readiness"]):
        out = subprocess.run(
            [sys.executable, "-c", "from cscwatch.cli import app; app()", *args, str(fifo)],
            capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "200"},
        )  # fmt: skip
        assert out.returncode == 1, out.stderr
        assert out.stderr.strip() == f"error: {fifo.name}: not a regular file or a folder"


@pytest.mark.skipif(
    not os.path.isdir("/proc/self"), reason="needs /proc (a folder no one can write)"
)
def test_an_xlsx_that_cannot_be_written_is_one_line(workbook):
    """-o writes the file or fails: the xlsx writer's error is one line naming the file."""
    for args in (["annex-a", "synth"], ["readiness", str(workbook)]):
        result = invoke(*args, "-o", "/proc/cscwatch-test.xlsx")
        assert result.exit_code == 1, (args, result.output)
        assert result.output.strip() == "error: /proc/cscwatch-test.xlsx: No such file or directory"


def test_an_absurd_age_is_a_finding_end_to_end(tmp_path):
    """An age of 1e20 once crashed both commands (a float cast to a 64-bit integer)."""
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "list_8.csv").write_text("Child Unique ID,Date of Birth,Age\nC1,01/01/2015,1e20\n")
    result = invoke("annex-a", "check", str(folder), "--as-of", "2026-10-31", "-f", "json")
    assert result.exit_code == 1  # missing template columns are errors
    (age,) = [f for f in json.loads(result.stdout)["findings"] if f["column"] == "Age"]
    assert age["rule"] == "DQ-105" and age["row"] == 2 and "1e20" in age["message"]
    result = invoke("readiness", str(folder), "--as-of", "2026-10-31", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["as_of"] == "2026-10-31"


def test_a_reader_that_stops_early_is_no_error():
    """`cscwatch export judgments | head`: no message, and the status of a Unix tool ended by
    SIGPIPE (the reader chose to stop)."""
    import subprocess
    import sys

    code = "import sys; from cscwatch.cli import app; sys.argv = ['cscwatch', *sys.argv[1:]]; app()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "export", "judgments"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader is gone before the first line is written
    _, err = proc.communicate(timeout=60)
    assert err.decode().strip() == ""
    assert proc.returncode == 141
