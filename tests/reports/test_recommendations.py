"""Recommendations: unit tests on page texts and generated PDFs, corpus tests on hand-checked
reports (tests/corpus/hand_checked_recommendations.csv: source_file, count, first_words)."""

from __future__ import annotations

import csv
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from cscwatch.reports.pagelines import clean_pages
from cscwatch.reports.recommendations import Recommendation, extract_recommendations
from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ROOT / "tests" / "corpus" / "hand_checked_recommendations.csv"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def pdf_pages(pages: list[str]) -> list[str]:
    """Write ``pages`` to a PDF with fpdf2 and read it back with pypdfium2, as the parser does."""
    pdf = FPDF()
    if FONT.exists():
        pdf.add_font("body", fname=str(FONT))
        pdf.set_font("body", size=11)
    else:
        pdf.set_font("helvetica", size=11)
        pages = [p.replace("\u25fc", "-").replace("\u2019", "'") for p in pages]
    for text in pages:
        pdf.add_page()
        for line in text.strip("\n").split("\n"):
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    doc = pdfium.PdfDocument(bytes(pdf.output()))
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


HEADER = "Inspection of Anytown local authority children\u2019s services\n4 to 8 March 2024 {n}\n"

ILACS = [
    HEADER.format(n=1) + "Judgement Grade\nOverall effectiveness Good\nSome summary text here.\n",
    HEADER.format(n=2)
    + "More summary.\nWhat needs to improve?1\n"
    + "\u25fc The quality of written plans, so that\nchildren understand them.\n"
    + "\u25fc Management oversight of pre-\nproceedings work.\n",
    HEADER.format(n=3)
    + "\u25fc The sufficiency of homes for children\nin care. (Outcome 4, national framework)\n"
    + "The experiences and progress of children who need help and\nprotection: good\n"
    + "1. Children get help quickly.\n",
    HEADER.format(n=4) + "2. More findings.\n",
]


def test_ilacs_bullets_across_a_page_break():
    recs = extract_recommendations(clean_pages(ILACS))
    assert [r.position for r in recs] == [1, 2, 3]
    assert {r.kind for r in recs} == {"improvement"}
    assert recs[0].text == "The quality of written plans, so that children understand them."
    assert recs[1].text == "Management oversight of pre-proceedings work."
    assert recs[2].text.startswith("The sufficiency of homes for children in care.")
    assert [r.page for r in recs] == [2, 2, 3]
    assert all("Inspection of" not in r.text and "2024" not in r.text for r in recs)


def test_ilacs_through_a_generated_pdf():
    recs = extract_recommendations(clean_pages(pdf_pages(ILACS)))
    assert len(recs) == 3
    assert recs[1].text == "Management oversight of pre-proceedings work."
    assert recs[2].page == 3


SIF = [
    "1\nAnytown Council\nInspection of services for children in need of help and\nprotection\n",
    "2\nContents\nWhat does the local authority need to improve? 3\nInformation about this"
    " local authority area 5\n",
    "3\nWhat does the local authority need to improve?\nPriority and immediate action\n"
    "Capacity\n"
    "1. Ensure that managers have enough\ncapacity to oversee work.\n"
    "2. Ensure that every child has a\nsocial worker.\n"
    "Areas for improvement\nQuality of practice\n"
    "3. Improve the quality of assessments.\n"
    "4. Improve educational outcomes by:\n\uf0a7 tracking progress\n\uf0a7 reducing exclusions.\n",
    "4\n5. Ensure that care leavers know\ntheir entitlements.\n"
    "The local authority\u2019s strengths\n6. Strong leadership.\n7. Good early help.\n",
    "5\nThe Local Safeguarding Children Board\nWhat does the LSCB need to improve?\n"
    "Areas for improvement\n8. The board should do more.\n",
]


def test_sif_priority_then_improvement_with_subheadings_and_sublist():
    recs = extract_recommendations(clean_pages(SIF))
    assert [(r.position, r.kind) for r in recs] == [
        (1, "priority"),
        (2, "priority"),
        (3, "improvement"),
        (4, "improvement"),
        (5, "improvement"),
    ]
    assert recs[0].text == "Ensure that managers have enough capacity to oversee work."
    assert recs[3].text == "Improve educational outcomes by: tracking progress reducing exclusions."
    assert recs[4].page == 4
    assert not any("Strong leadership" in r.text or "board" in r.text for r in recs)


def test_sif_recommendations_heading_and_no_priority_line():
    pages = [
        "1\nTitle page\n",
        "2\nWhat does the local authority need to improve?\n"
        "There are no priority or immediate actions.\nAreas for improvement\n"
        "10. Review the front door.\n11. Improve supervision.\n"
        "Summary for children and young people\n\u2022 Text for children.\n",
    ]
    recs = extract_recommendations(clean_pages(pages))
    assert [r.text for r in recs] == ["Review the front door.", "Improve supervision."]
    later = [
        "1\nTitle\n",
        "2\nRecommendations\n1. Ensure plans are specific.\n2. Improve return\ninterviews.\n"
        "Summary for children and young people\n",
    ]
    assert [r.text for r in extract_recommendations(clean_pages(later))] == [
        "Ensure plans are specific.",
        "Improve return interviews.",
    ]


def test_older_format_immediately_and_within_months():
    pages = [
        "Council Inspection of looked after children services 1\nTitle\n",
        "Council Inspection of looked after children services 2\nAreas for improvement\n"
        "15. In order to improve services the local authority should take the\nfollowing action.\n"
        "Immediately:\n\uf0a7 ensure every child has a care\nplan\n"
        "Within three months:\n\uf0a7 improve personal education plans\n",
        "Council Inspection of looked after children services 3\nOutcomes\n16. Findings.\n",
    ]
    recs = extract_recommendations(clean_pages(pages))
    assert [(r.kind, r.text) for r in recs] == [
        ("priority", "ensure every child has a care plan"),
        ("improvement", "improve personal education plans"),
    ]


def test_nothing_to_find():
    assert extract_recommendations(clean_pages([])) == []
    assert extract_recommendations(clean_pages(["1\nNo recommendations heading here.\n"])) == []


def test_record_is_frozen():
    r = Recommendation(1, "improvement", "x", 2)
    with pytest.raises(AttributeError):
        r.text = "y"  # type: ignore[misc]


def _checked_rows() -> list[dict[str, str]]:
    if not CHECKED.exists():
        return []
    with CHECKED.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def read_pages(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(path)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not present at {CORPUS} (../shared)")
@pytest.mark.skipif(not CHECKED.exists(), reason=f"hand-checked file missing: {CHECKED}")
@pytest.mark.parametrize("row", _checked_rows(), ids=lambda r: r["source_file"][:60])
def test_hand_checked_recommendations(row):
    recs = extract_recommendations(clean_pages(read_pages(CORPUS / row["source_file"])))
    assert len(recs) == int(row["count"])
    assert recs[0].text.startswith(row["first_words"])
    assert [r.position for r in recs] == list(range(1, len(recs) + 1))
