"""The plan file: written to XLSX and YAML and read back the same; files that are no plan
refused with one line naming the file and the problem."""

from __future__ import annotations

import datetime as dt

import fastexcel
import pytest
import xlsxwriter

from cscwatch.plan.model import layout
from cscwatch.plan.workbook import PlanError, read_plan, write_plan, xlsx_bytes
from tests.plan.handmade import plan, xlsx_created


@pytest.mark.parametrize("suffix", [".xlsx", ".yaml"])
def test_round_trip(tmp_path, suffix):
    p = plan()
    p.actions[0].extra = {"RAG": "green"}  # a column the team added is kept
    path = write_plan(p, tmp_path / f"plan{suffix}")
    back = read_plan(path)
    assert back == p
    first = 2 if suffix == ".xlsx" else 1  # the header is row 1 of a sheet
    assert [a.row for a in back.actions] == [first, first + 1, first + 2]
    assert back.source == str(path)


def test_workbook_bytes_are_the_file(tmp_path):
    path = tmp_path / "download.xlsx"
    path.write_bytes(xlsx_bytes(plan()))
    assert read_plan(path) == plan()


def test_the_same_plan_gives_the_same_bytes():
    """A plan's workbook is stamped with the plan's date, not the time it was written (the
    time made two writes of one plan differ, and a plan kept under version control change)."""
    p = plan()
    assert p.created is not None
    assert xlsx_created(xlsx_bytes(p)) == f"{p.created.isoformat()}T00:00:00Z"
    assert xlsx_bytes(p) == xlsx_bytes(p)


def test_workbook_sheets_and_header(tmp_path):
    path = write_plan(plan(), tmp_path / "plan.xlsx")
    reader = fastexcel.read_excel(path)
    assert reader.sheet_names == list(layout()["sheets"])
    header = reader.load_sheet("actions", header_row=None, dtypes="string").to_polars().row(0)
    assert list(header) == layout()["sheets"]["actions"]["columns"]


def _edit(tmp_path, sheets: dict[str, list[list]]):
    """A workbook written by hand (as a team would edit one)."""
    path = tmp_path / "edited.xlsx"
    wb = xlsxwriter.Workbook(path)
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write(r, c, v)
    wb.close()
    return path


ABOUT = [["key", "value"], ["council", "Barnsley"], ["layout_version", 1]]
EMPTY = {
    "asks": [["ask_id", "source", "report_date", "position"]],
    "actions": [["ask_id", "action_id", "owner", "due", "status"]],
    "measures": [["ask_id", "measure_id", "target", "direction"]],
    "history": [["pack_date", "measure_id"]],
}


def test_headers_matched_ignoring_case_and_spaces_values_kept_as_typed(tmp_path):
    sheets = {
        "About": ABOUT,
        **EMPTY,
        "Actions": [
            ["Status", "Owner", "Due", "Action ID", "ASK ID", "Notes"],
            ["on track", "Jo", "31/03/2026", "A1", "2025-03-01/R1", "see minutes"],
            [None, None, None, None, None, None],  # a blank row is skipped
            ["done", "Al", "next week", 7, "2025-03-01/R1", None],
        ],
    }
    del sheets["actions"]
    p = read_plan(_edit(tmp_path, sheets))
    a1, a2 = p.actions
    assert (a1.row, a1.due, a1.owner, a1.extra) == (
        2,
        dt.date(2026, 3, 31),
        "Jo",
        {"Notes": "see minutes"},
    )
    assert (a2.row, a2.due, a2.action_id) == (4, "next week", "7")


@pytest.mark.parametrize(
    ("sheets", "problem"),
    [
        (
            {"about": ABOUT, **{k: v for k, v in EMPTY.items() if k != "measures"}},
            "no sheet 'measures'",
        ),
        (
            {"about": ABOUT, **EMPTY, "actions": [["ask_id", "action_id", "due", "status"]]},
            "sheet 'actions' has no column 'owner'",
        ),
        (
            {"about": [["key", "value"], ["council", "X"], ["layout_version", 9]], **EMPTY},
            "layout version 9 is not one this cscwatch reads (1)",
        ),
        (
            {"about": [["key", "value"], ["council", "X"]], **EMPTY},
            "not a plan (no layout_version in its about sheet)",
        ),
    ],
)
def test_not_a_plan(tmp_path, sheets, problem):
    path = _edit(tmp_path, sheets)
    with pytest.raises(PlanError) as exc:
        read_plan(path)
    assert str(exc.value) == f"edited.xlsx: {problem}"


def test_unreadable_files(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    with pytest.raises(PlanError, match=r"^junk\.xlsx: could not be read as a workbook"):
        read_plan(junk)
    txt = tmp_path / "plan.txt"
    txt.write_text("x")
    with pytest.raises(PlanError, match=r"^plan\.txt: not a plan file"):
        read_plan(txt)
    with pytest.raises(PlanError, match=r"^absent\.xlsx: no such file$"):
        read_plan(tmp_path / "absent.xlsx")
    bad = tmp_path / "bad.yaml"
    bad.write_text("about: [1, 2\n")
    with pytest.raises(PlanError, match=r"^bad\.yaml: could not be read as YAML"):
        read_plan(bad)
    other = tmp_path / "other.yaml"
    other.write_text("- just\n- a list\n")
    with pytest.raises(PlanError, match=r"^other\.yaml: not a plan"):
        read_plan(other)
    with pytest.raises(PlanError, match=r"^plan\.csv: a plan is written as \.xlsx or \.yaml$"):
        write_plan(plan(), tmp_path / "plan.csv")


def test_a_plan_file_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    """A team's file: written whole (temporary file, then replace) with its mode kept, and a
    new one as the umask allows (not the temporary file's 0600)."""
    import os
    import stat

    from cscwatch.plan.model import Plan
    from cscwatch.plan.workbook import write_plan

    path = tmp_path / "plan.xlsx"
    mask = os.umask(0o022)
    try:
        write_plan(Plan("Barnsley", "370"), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o664)
        write_plan(Plan("Barnsley", "370"), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o664
    finally:
        os.umask(mask)
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]  # no temporary file left
