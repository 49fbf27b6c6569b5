"""The parser on small PDFs made here, one per layout and one per kind of broken file."""

from __future__ import annotations

import datetime as dt

import pytest

from cscwatch.reports.parse import parse_bytes
from tests.conftest import ILACS_2018, ILACS_2023, MONITORING, SIF_2014, SIF_2016, make_pdf

D = dt.date


SIF_TEAM = """Information about this inspection
The inspection team
Lead inspector: Jansy Kelly
Team inspectors: A Person, B Person
"""

ILACS_2026 = """Inspection of Portsmouth City local
authority children’s services
Inspection dates: 6 to 10 July 2026
Lead inspectors: Steve Bailey, His Majesty’s Inspector, and Ann Other,
His Majesty’s Inspector
Judgement Grade
The impact of leaders on practice with
children and families
Outstanding
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care
Requires improvement to be good
The experiences and progress of care
leavers
Outstanding
"""

# Letters carry Ofsted's own address (in Manchester) above the council's name.


FOCUSED = """Piccadilly Gate, Store Street, Manchester M1 2WD
Dear Mr Director
Focused visit to Wigan local authority children’s services
This letter summarises the findings of the focused visit to Wigan local authority
children’s services on 12 February 2020 and 13 February 2020.
Yours sincerely
Bob Sample
His Majesty’s Inspector
"""

JTAI = """Piccadilly Gate, Store Street, Manchester M1 2WD
Dear Director
Joint targeted area inspection of the multi-agency response to children’s mental
health in Bury
Between 4 and 8 March 2019, Ofsted, the Care Quality Commission and HMI Constabulary
carried out a joint inspection of the multi-agency response in Bury.
"""


def parse(pages: list[str], name: str = "x/report.pdf", **meta):
    return parse_bytes(make_pdf(pages, **meta), name)


def grades(report) -> dict[str, str]:
    return {j.area: j.grade for j in report.judgments}


def test_sif_2014_layout_with_wrapped_grades():
    r = parse([SIF_2014, "Contents", SIF_TEAM])
    assert r.status == "ok", r.error
    assert (r.kind, r.framework, r.inspection_type) == ("inspection", "SIF", None)
    assert (r.la_code, r.la_name) == ("370", "Barnsley")
    assert (r.inspection_start, r.inspection_end) == (D(2014, 6, 2), D(2014, 6, 25))
    assert (r.published, r.published_source) == (D(2014, 8, 8), "stated")
    assert r.lead_inspector == "Jansy Kelly"
    assert grades(r) == {
        "overall": "requires_improvement",
        "help_and_protection": "requires_improvement",
        "children_in_care": "inadequate",
        "adoption": "requires_improvement",
        "care_leavers": "good",
        "leadership": "requires_improvement",
        "lscb": "good",
    }
    assert {j.area: j.page for j in r.judgments}["lscb"] == 1


def test_sif_2015_layout_states_overall_as_a_sentence():
    r = parse([SIF_2016])
    assert r.status == "ok", r.error
    assert r.la_code == "926"
    assert grades(r)["overall"] == "inadequate"
    assert grades(r)["children_in_care"] == "inadequate"
    assert "lscb" not in grades(r)


def test_ilacs_2018_layout_combined_children_in_care():
    r = parse([ILACS_2018], created=dt.datetime(2018, 8, 17, tzinfo=dt.UTC))
    assert r.status == "ok", r.error
    assert (r.framework, r.inspection_type, r.la_code) == ("ILACS", "standard", "846")
    assert r.cic_combined is True
    assert grades(r) == {
        "leadership": "good",
        "help_and_protection": "requires_improvement",
        "children_in_care": "good",
        "overall": "good",
    }
    assert r.lead_inspector == "Tara Geere"
    # No publication date printed and none in the name: the PDF's creation date stands in.
    assert (r.published, r.published_source) == (D(2018, 8, 17), "pdf_metadata")


def test_ilacs_2023_short_inspection_separate_care_leavers():
    r = parse([ILACS_2023], "ofsted/inspection - 15 december 2023.pdf")
    assert r.status == "ok", r.error
    assert (r.inspection_type, r.cic_combined) == ("short", False)
    assert (r.inspection_start, r.inspection_end) == (D(2023, 10, 30), D(2023, 11, 3))
    assert grades(r)["help_and_protection"] == "requires_improvement"
    assert grades(r)["care_leavers"] == "inadequate"
    assert grades(r)["leadership"] == "outstanding"
    assert (r.published, r.published_source) == (D(2023, 12, 15), "filename")


def test_ilacs_from_april_2026_has_no_overall_and_that_is_not_an_error():
    r = parse([ILACS_2026])
    assert r.status == "ok", r.error
    assert "overall" not in grades(r)
    assert grades(r)["leadership"] == "outstanding"
    assert r.lead_inspector == "Steve Bailey; Ann Other"


def test_ilacs_before_april_2026_missing_overall_is_an_error():
    page = ILACS_2023.replace("Overall effectiveness Good\n", "")
    r = parse([page])
    assert r.status == "error"
    assert "overall" in r.error


def test_monitoring_visit_is_recognised_with_its_dates():
    r = parse([MONITORING])
    assert r.status == "ok", r.error
    assert (r.kind, r.la_code, r.la_source) == ("monitoring_visit", "373", "text")
    assert (r.inspection_start, r.inspection_end) == (D(2019, 3, 5), D(2019, 3, 6))
    assert r.judgments == []
    assert r.lead_inspector == "Ann Example"


def test_focused_visit_is_recognised():
    r = parse([FOCUSED])
    assert r.status == "ok", r.error
    assert (r.kind, r.la_code) == ("focused_visit", "359")
    assert (r.inspection_start, r.inspection_end) == (D(2020, 2, 12), D(2020, 2, 13))
    assert r.lead_inspector == "Bob Sample"


def test_joint_targeted_area_inspection_is_recognised():
    r = parse([JTAI])
    assert r.status == "ok", r.error
    assert (r.kind, r.la_code) == ("jtai", "351")
    assert (r.inspection_start, r.inspection_end) == (D(2019, 3, 4), D(2019, 3, 8))


def test_unrecognised_document_is_an_error():
    r = parse(["Annual accounts of a company\n" + "Lots of words here. " * 30])
    assert r.status == "error"
    assert "not recognised" in r.error


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"<!DOCTYPE html>\n<html><body>Report not found</body></html>", "HTML page"),
        (b"PK\x03\x04 rest of a zip", "ZIP archive"),
        (b"just some text", "no %PDF header"),
    ],
)
def test_files_that_are_not_pdfs(data, reason):
    r = parse_bytes(data, "bad.pdf")
    assert r.status == "error"
    assert reason in r.error
    assert r.sha256 and r.size == len(data)


def test_truncated_pdf():
    data = make_pdf([ILACS_2023, ILACS_2023])
    r = parse_bytes(data[: len(data) // 3], "truncated.pdf")
    assert r.status == "error"
    assert "PDF" in r.error and (
        "truncated" in r.error or "damaged" in r.error or "text" in r.error
    )


def test_pdf_without_text_layer():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")  # a drawing, no text: like a scanned page
    r = parse_bytes(bytes(pdf.output()), "scan.pdf")
    assert r.status == "error"
    assert "no text layer" in r.error


def test_encrypted_pdf():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 6, "Inspection of Barnsley local authority children's services")
    r = parse_bytes(bytes(pdf.output()), "locked.pdf")
    assert r.status == "error"
    assert "encrypted" in r.error and "password" in r.error
