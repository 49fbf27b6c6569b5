"""Local context figures: unit tests on page texts and a generated PDF, corpus tests on the
hand-checked figures (tests/corpus/hand_checked_context.csv: source_file, figure, value, unit,
as_of)."""

from __future__ import annotations

import csv
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from cscwatch.reports.context import ContextFigure, extract_context, parse_date, parse_number
from cscwatch.reports.pagelines import clean_pages
from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ROOT / "tests" / "corpus" / "hand_checked_context.csv"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

B = "\uf0a7 "  # the Wingdings bullet pypdfium2 returns for Word's square bullets

SECTION = [
    "1\nAnytown Council\nInspection of services for children in need of help and protection\n",
    "2\nContents\nInformation about this local authority area 3\n",
    "3\nInformation about this local authority area2\nChildren living in this area\n"
    f"{B}Approximately 41,250 children and young people under the age of 18 years live\n"
    "in Anytown. This is 22% of the total population in the area.\n"
    f"{B}Approximately 17.5% of the local authority\u2019s children aged under 16 years old are\n"
    "living in low-income families.\n"
    f"{B}The proportion of children entitled to free school meals:\n"
    f"{B}in primary schools is 14% (the national average is 15%)\n"
    f"{B}in secondary schools is 12% (the national average is 13%).\n"
    f"{B}Children and young people from minority ethnic groups account for 9% of all\n"
    "children living in the area, compared with 22% in the country as a whole.\n"
    f"{B}The proportion of children and young people with English as an additional language:\n"
    f"{B}in primary schools is 6% (the national average is 20%)\n"
    " \n2 The local authority was given the opportunity to review this section.\n",
    "4\n"
    f"{B}in secondary schools is 4% (the national average is 16%).\n"
    "Child protection in this area\n"
    f"{B}At 31 May 14, 2,301 children had been identified through assessment as being\n"
    "formally in need of a specialist children\u2019s service. This is an increase from\n"
    "2,100 at 31 March 2013.\n"
    f"{B}At 31 May 14, 305 children and young people were the subject of a child\n"
    "protection plan (a rate of 41 per 10,000 children). This is a reduction from 330\n"
    "(44 per 10,000 children) at 31 March 2013.\n"
    f"{B}At 31 May 14, fewer than five children lived in a privately arranged fostering\n"
    "placement.\n"
    "Children looked after in this area\n"
    f"{B}At the end of December 2014, 402 children are being looked after by the local\n"
    "authority (a rate of 55.5 per 10,000 children). This is an increase from 390 (53\n"
    "per 10,000 children) at 31 March 2013. Of this number:\n"
    f"{B}seven live with parents\n"
    f"{B}In the last 12 months:\n{B}there have been 21 adoptions\n"
    f"{B}nine children became subject of special guardianship orders\n"
    f"{B}150 children ceased to be looked after, of whom 6% subsequently\n"
    "returned to be looked after\n",
    "5\nInspection judgements about the local authority\n"
    f"{B}At 31 March 2015, 999 children are being looked after by the local authority.\n",
]

EXPECTED = {
    "children_under_18": (41250, "count", None),
    "children_under_18_pct": (22, "percent", None),
    "poverty_pct": (17.5, "percent", None),
    "fsm_primary_pct": (14, "percent", None),
    "fsm_secondary_pct": (12, "percent", None),
    "minority_ethnic_pct": (9, "percent", None),
    "eal_primary_pct": (6, "percent", None),
    "eal_secondary_pct": (4, "percent", None),
    "children_in_need": (2301, "count", "2014-05-31"),
    "child_protection_plans": (305, "count", "2014-05-31"),
    "child_protection_rate": (41, "per_10000", "2014-05-31"),
    "looked_after": (402, "count", "2014-12-31"),
    "looked_after_rate": (55.5, "per_10000", "2014-12-31"),
    "looked_after_with_parents": (7, "count", None),
    "adoptions_12m": (21, "count", None),
    "sgo_12m": (9, "count", None),
    "ceased_looked_after_12m": (150, "count", None),
    "returned_to_care_pct": (6, "percent", None),
}


def test_section_figures_current_not_comparison():
    got = {c.figure: (c.value, c.unit, c.as_of) for c in extract_context(clean_pages(SECTION))}
    assert got == EXPECTED  # 'fewer than five' is not a number; page 5 is past the section


def test_pages_are_recorded():
    got = {c.figure: c.page for c in extract_context(clean_pages(SECTION))}
    assert got["children_under_18"] == 3
    assert got["eal_secondary_pct"] == 4
    assert got["looked_after"] == 4


def test_through_a_generated_pdf():
    pdf = FPDF()
    if FONT.exists():
        pdf.add_font("body", fname=str(FONT))
        pdf.set_font("body", size=10)
        pages = [p.replace("\uf0a7", "\u2022") for p in SECTION]  # a glyph DejaVu has
    else:
        pdf.set_font("helvetica", size=10)
        pages = [p.replace("\uf0a7", "-").replace("\u2019", "'") for p in SECTION]
    for text in pages:
        pdf.add_page()
        for line in text.strip("\n").split("\n"):
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    doc = pdfium.PdfDocument(bytes(pdf.output()))
    texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    got = {c.figure: (c.value, c.unit, c.as_of) for c in extract_context(clean_pages(texts))}
    assert got["looked_after"] == (402, "count", "2014-12-31")
    assert got["children_under_18"] == (41250, "count", None)


def test_no_section_no_figures():
    assert extract_context(clean_pages(["1\nWhat needs to improve?\n\u25fc Plans.\n"])) == []


@pytest.mark.parametrize(
    ("text", "value"), [("1,299", 1299), ("four", 4), ("none", 0), ("12.5", 12.5), ("many", None)]
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_parse_date():
    assert parse_date("31", "May", "14") == "2014-05-31"
    assert parse_date("31", "March", "2013") == "2013-03-31"
    assert parse_date("31", "Smarch", "2013") is None
    assert parse_date("31", "February", "2015") is None


def test_figure_is_frozen():
    with pytest.raises(AttributeError):
        ContextFigure("looked_after", 1.0, "count", None, 1).value = 2.0  # type: ignore[misc]


def _checked_rows() -> list[dict[str, str]]:
    if not CHECKED.exists():
        return []
    with CHECKED.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


_CACHE: dict[str, dict[str, ContextFigure]] = {}


def figures_of(source_file: str) -> dict[str, ContextFigure]:
    if source_file not in _CACHE:
        doc = pdfium.PdfDocument(CORPUS / source_file)
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        doc.close()
        _CACHE[source_file] = {c.figure: c for c in extract_context(clean_pages(pages))}
    return _CACHE[source_file]


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not present at {CORPUS} (../shared)")
@pytest.mark.skipif(not CHECKED.exists(), reason=f"hand-checked file missing: {CHECKED}")
@pytest.mark.parametrize(
    "row", _checked_rows(), ids=lambda r: f"{r['source_file'][:40]}:{r['figure']}"
)
def test_hand_checked_context(row):
    fig = figures_of(row["source_file"]).get(row["figure"])
    assert fig is not None, f"{row['figure']} not found"
    assert fig.value == pytest.approx(float(row["value"]))
    assert fig.unit == row["unit"]
    assert fig.as_of == (row["as_of"] or None)
