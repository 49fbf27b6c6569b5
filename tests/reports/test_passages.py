"""Passage splitting: paragraphs rebuilt from visual lines, sections normalised, furniture dropped."""

from __future__ import annotations

import pypdfium2 as pdfium
from fpdf import FPDF

from cscwatch.reports.pagelines import clean_pages
from cscwatch.reports.passages import SECTIONS, Passage, section_of, split_passages

HEAD = "Inspection of Anytown local authority children\u2019s services\n4 to 8 March 2024 {n}\n"

PAGES = [
    HEAD.format(n=1)
    + "Judgement Grade\nThe experiences and progress of children who need help and\n"
    "protection Good\nOverall effectiveness Good\n"
    "Children in Anytown receive help that makes a difference to their lives and the\n"
    "council knows its services well.\n",
    HEAD.format(n=2)
    + "What needs to improve?\n\u25fc Supervision records for social workers in the\nassessment teams.\n"
    "The experiences and progress of children who need help and\nprotection: good\n"
    "1. Early help is strong and families are supported well by a range of\n"
    "community services across the area.\n"
    "2. The front door responds quickly to contacts and referrals from partner\n",
    HEAD.format(n=3) + "agencies, and thresholds are well understood.\n"
    "The experiences and progress of children in care: good\n"
    "3. Children in care live in stable homes with carers who know them well and\n"
    "advocate strongly for them.\n"
    "The experiences and progress of care leavers: good\n"
    "4. Personal advisers stay in touch with nearly all care leavers.\n"
    "The impact of leaders on social work practice with children and families: good\n"
    "5. Leaders have a clear vision for the service.\n",
    HEAD.format(n=4)
    + "The Office for Standards in Education, Children\u2019s Services and Skills (Ofsted)\n"
    "regulates and inspects to achieve excellence in the care of children.\n"
    "\u00a9 Crown copyright 2024\n",
]


def test_sections_pages_and_joined_paragraphs():
    ps = split_passages(clean_pages(PAGES))
    assert all(isinstance(p, Passage) and p.section in SECTIONS for p in ps)
    got = [(p.page, p.section, p.text[:20]) for p in ps]
    assert got[0][1] == "Summary" and got[0][0] == 1
    assert (2, "What needs to improve", "Supervision records ") in got
    assert (2, "Help and protection", "Early help is strong") in got
    # a paragraph over a page break is kept whole, on the page it starts
    front = next(p for p in ps if p.text.startswith("The front door"))
    assert front.page == 2 and front.text.endswith("thresholds are well understood.")
    assert (3, "Children in care", "Children in care liv") in got
    assert (3, "Care leavers", "Personal advisers st") in got
    assert (3, "Leadership", "Leaders have a clear") in got


def test_running_headers_numbers_and_licence_page_dropped():
    text = " ".join(p.text for p in split_passages(clean_pages(PAGES)))
    assert "Inspection of Anytown" not in text
    assert "March 2024" not in text
    assert "Crown copyright" not in text and "Office for Standards" not in text
    assert not any(p.text.startswith(("1.", "2.")) for p in split_passages(clean_pages(PAGES)))


def test_section_names():
    assert section_of("What needs to improve?1") == "What needs to improve"
    assert section_of(
        "The experiences and progress of children in care and care leavers: good"
    ) == ("Children in care")
    assert section_of("The Local Safeguarding Children Board (LSCB)") == "LSCB"
    assert section_of("Information about this local authority area2") == (
        "Local authority information"
    )
    assert section_of("Children are safe.") is None


def test_generated_pdf_round_trip():
    pdf = FPDF()
    pdf.add_font("body", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("body", size=10)
    for text in PAGES:
        pdf.add_page()
        for line in text.strip("\n").split("\n"):
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    doc = pdfium.PdfDocument(bytes(pdf.output()))
    pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    sections = {p.section for p in split_passages(clean_pages(pages))}
    assert {"Help and protection", "Children in care", "Care leavers", "Leadership"} <= sections


def test_empty():
    assert split_passages(clean_pages([])) == []
    assert split_passages(clean_pages(["", "  "])) == []


LETTERHEAD = (
    "Ofsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD\nT 0300 123 1231\n"
    "Textphone 0161 618 8524\nenquiries@ofsted.gov.uk\nwww.gov.uk/ofsted\n"
)
LETTER_P1 = (
    "12 June 2024\nDear Ms Smith\nFocused visit to Anytown children\u2019s services\n"
    "This letter summarises the findings of the focused visit to Anytown children\u2019s\n"
    "services on 21 and 22 May 2024.\nHeadline findings\n"
    "Leaders know their services well. The reliance on agency social workers has fallen\n"
    "and most children now keep the same social worker for a year or\n"
)
LETTER_P2 = (
    "more, which helps them to trust the adults who support them.\n"
    "Managers oversee the work with children closely and plans are reviewed on time.\n"
    "Yours sincerely\nA Inspector\nHis Majesty\u2019s Inspector\n"
)


def _texts(pages):
    return [p.text for p in split_passages(clean_pages(pages))]


def test_a_letters_letterhead_at_the_top_ends_nothing():
    texts = _texts([LETTERHEAD + LETTER_P1, LETTER_P2])
    assert not any("Piccadilly" in t or "enquiries@" in t for t in texts)
    assert any("agency social workers" in t for t in texts)
    assert any("Managers oversee the work" in t for t in texts)  # page 2 is read


def test_a_letterhead_at_the_foot_of_page_one_lets_the_sentence_run_on():
    texts = _texts([LETTER_P1 + LETTERHEAD, LETTER_P2])
    assert any("for a year or more, which helps them to trust the adults" in t for t in texts), (
        texts
    )
    assert not any("Piccadilly" in t for t in texts)


def test_lone_letterhead_words_in_the_text_stay():
    page = "Ofsted\nManchester\nThe council works with partners across Manchester.\n"
    assert [x.text for x in clean_pages([page])[0]][:2] == ["Ofsted", "Manchester"]


def test_a_letterhead_of_another_office_ends_nothing_either():
    other = "Any House\n1 Some Street\nSometown AB1 2CD\nenquiries@ofsted.\ngov.uk\n"
    texts = _texts([LETTER_P1 + other, LETTER_P2])
    assert any("Managers oversee the work" in t for t in texts)
    assert not any("enquiries@" in t for t in texts)


# A report of 2013 (an inspection of looked after children services): a title page, then the
# copyright notice printed on the inside cover, then the contents and the report itself.
TITLE_2013 = (
    "Inspection of looked after children\nservices\nAnytown Council\n"
    "Inspection dates: 15 \u2013 19 July 2013\nReporting inspector A Inspector HMI\n"
    "Age group: All\nPublished: 23 August 2013\n"
)
INSIDE_COVER = (
    "\u00a9 Crown copyright 2013\nWebsite: www.ofsted.gov.uk\n"
    "This document may be reproduced in whole or in part for non-commercial purposes, provided\n"
    "that the information quoted is reproduced without adaptation and the source and date of\n"
    "publication are stated.\n"
)
BODY_2013 = (
    "About this inspection\n"
    "1. The purpose of the inspection is to evaluate the contribution made by relevant\n"
    "services to the quality of provision for looked after children and care leavers.\n"
    "2. Most children in care live in stable placements close to their families and\n"
    "schools, and their social workers know them well.\n"
)


def test_a_copyright_notice_before_the_text_begins_ends_nothing():
    """An inside cover's copyright notice comes before the report's first sentence: it is
    dropped and the report read on (it ended the text of every inspection of 2013)."""
    texts = _texts([TITLE_2013, INSIDE_COVER, BODY_2013])
    assert any(t.startswith("The purpose of the inspection") for t in texts), texts
    assert any("stable placements close to their families" in t for t in texts)
    assert not any("Crown copyright" in t or "non-commercial" in t for t in texts)


def test_the_closing_copyright_page_still_ends_the_report():
    texts = _texts([TITLE_2013, BODY_2013, INSIDE_COVER + "Annex of figures set out below.\n"])
    assert any("stable placements" in t for t in texts)
    assert not any("Annex of figures" in t or "Crown copyright" in t for t in texts)


CLOSING = (
    "Any complaints about the inspection or the report should be made following the procedures\n"
    "set out in the guidance, which is available from Ofsted\u2019s website. If you would like\n"
    "Ofsted to send you a copy of the guidance, please telephone 0300 123 4234, or email\n"
    "enquiries@ofsted.gov.uk.\n\u00a9 Crown copyright 2015\n"
)
SECOND = (
    "Inspection of the effectiveness of the local safeguarding children board\n"
    "Report published: 10 February 2015\n"
    "The board has not consistently challenged partners about the quality of their work\n"
    "with children who go missing from home.\n"
)


def test_a_second_report_after_a_closing_page_is_read_too():
    """A file may hold two reports (an inspection with its safeguarding board's review
    appended): the first one's closing notices end their page, not the file; the complaints
    notice is dropped like the copyright notice; and nothing before the notice runs on into
    the next report."""
    texts = _texts([TITLE_2013, BODY_2013 + "3. Leaders know their services\n" + CLOSING, SECOND])
    assert any("challenged partners about the quality" in t for t in texts), texts
    assert not any("complaints" in t or "Crown copyright" in t for t in texts), texts
    assert not any("Leaders know their services" in t and "board" in t for t in texts), texts
