"""Inputs that once crashed or misled (issue 11): a pseudonymised report whose findings name
children, an absurd age, an unreadable reference date, and inputs that cannot be read at all
(missing, not a regular file, an empty folder, a truncated workbook)."""

from __future__ import annotations

import os
import threading

import pytest

from cscwatch.casework import api, synth
from cscwatch.casework.read import InputError, read_workbook

from .conftest import R, build


def test_pseudonymise_with_findings_that_name_children():
    """Two children; C0000001 appears twice in List 8 (DQ-301 names the child in its message).
    Every trace of the real IDs goes, and one child gets one pseudonym everywhere."""
    wb = build(
        {
            8: [
                {"child_id": "C0000001", "cla_start": "01/01/2026", "dob": "01/01/2015"},
                {
                    "child_id": "C0000001",
                    "cla_start": "02/02/2026",
                    "dob": "01/01/2015",
                    "placements_12m": 3,
                },
                {"child_id": "C0000002", "cla_start": "03/03/2026", "dob": "01/01/2016"},
            ]
        }
    )
    plain = api.readiness(wb, R)
    dup = [f for f in plain["data_quality"]["findings"] if f["rule"] == "DQ-301"]
    assert len(dup) == 1 and "C0000001" in dup[0]["message"]
    result = api.readiness(wb, R, pseudonymise=True)
    text = repr(api.contract(result)) + repr(result["case_sample"])
    assert "C0000001" not in text and "C0000002" not in text
    (finding,) = [f for f in result["data_quality"]["findings"] if f["rule"] == "DQ-301"]
    pseudonym = finding["message"].split("child ID ")[1].split(" ")[0]
    assert pseudonym.startswith("P") and len(pseudonym) == 11
    # the same child has the same pseudonym in the indicators (IR-21: 3 placements in 12 months)
    ir21 = next(i for i in result["indicators"] if i["id"] == "IR-21")
    assert ir21["children"] == [pseudonym]
    assert result["data_quality"]["errors"] == plain["data_quality"]["errors"]


def test_pseudonymise_ids_that_contain_one_another():
    """C1 is a prefix of C10 and holds regex characters' worth of trouble: each message gets its
    own child's pseudonym, whole."""
    rows = [
        {"child_id": cid, "cla_start": "01/01/2026", "dob": "01/01/2015"}
        for cid in ("C1", "C1", "C10", "C10")
    ]
    result = api.readiness(build({8: rows}), R, pseudonymise=True)
    messages = [f["message"] for f in result["data_quality"]["findings"] if f["rule"] == "DQ-301"]
    assert len(messages) == 2
    names = {m.split("child ID ")[1].split(" ")[0] for m in messages}
    assert len(names) == 2 and all(n.startswith("P") and len(n) == 11 for n in names)


@pytest.mark.parametrize("age", ["1e20", "-1e300", "inf", "nan", "99999999999999999999"])
def test_absurd_age_is_a_finding_not_a_crash(age):
    wb = build(
        {8: [{"child_id": "C1", "cla_start": "01/01/2026", "dob": "01/01/2015", "age": age}]}
    )
    findings = api.check(wb, R).records()
    bad = [f for f in findings if f["rule"] == "DQ-105" and f["column"] == "Age"]
    assert len(bad) == 1 and age in bad[0]["message"] and bad[0]["row"] == 2
    assert api.readiness(wb, R)["as_of"] == R.isoformat()


@pytest.mark.parametrize("day", ["2024-02-30", "9999-99-99", "", "soon"])
def test_unreadable_reference_date_is_refused(day):
    wb = build({8: [{"child_id": "C1", "cla_start": "01/01/2026", "dob": "01/01/2015"}]})
    for call in (api.check, api.readiness):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            call(wb, day)


def test_missing_input_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="nothing.xlsx: no such file"):
        read_workbook(tmp_path / "nothing.xlsx")


def test_empty_folder_is_an_input_error(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.csv").write_text("not a list\n")
    with pytest.raises(InputError, match="empty: no Annex A list"):
        read_workbook(tmp_path / "empty")


def test_truncated_and_junk_workbooks_are_input_errors(small_clean, tmp_path):
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(small_clean.read_bytes()[:2000])
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    for path in (cut, junk):
        with pytest.raises(InputError, match=f"{path.name}: could not be read"):
            read_workbook(path)


def test_a_named_pipe_is_refused_not_opened(tmp_path):
    fifo = tmp_path / "fifo.xlsx"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            read_workbook(fifo)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():  # unblock the reader so the test run can end
        with open(fifo, "wb"):
            pass
        pytest.fail("read_workbook blocked on a named pipe")
    assert isinstance(outcome[0], InputError)
    assert "fifo.xlsx: not a regular file" in str(outcome[0])


def test_a_workbook_without_any_list_is_an_input_error(tmp_path):
    synth.write({}, tmp_path / "none.xlsx")
    with pytest.raises(InputError, match="none.xlsx: no Annex A list"):
        read_workbook(tmp_path / "none.xlsx")
