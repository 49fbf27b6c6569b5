"""Search over a few real reports from ../shared, with answers established by reading them:
the subject of each query is discussed in the listed report and in none of the others
indexed here (or, for the last query, in none at all)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from sqlalchemy import create_engine, insert
from tests.conftest import CORPUS

from cscwatch.registry import fts, schema
from cscwatch.reports.pagelines import clean_pages
from cscwatch.reports.passages import split_passages
from cscwatch.search import index

IOW_2014 = "80419_isle of wight/children's services inspection - 19 november 2014.pdf"
CHESHIRE_E_2015 = "80447_cheshire east/children's services inspection - 15 september 2015.pdf"
BARNSLEY_2014 = "80426_barnsley/children's services inspection - 08 august 2014.pdf"
HEREFORD_2014 = "80474_herefordshire/children's services inspection - 30 june 2014.pdf"
WARWICK_2017 = "80576_warwickshire/children's services inspection - 14 july 2017.pdf"
LEEDS_2015 = "80481_leeds/children's services inspection - 27 march 2015.pdf"
BURY_2021 = "80443_bury/children's services inspection - 17 december 2021.pdf"
SOUTH_GLOS_2024 = "80556_south gloucestershire/children's services inspection - 23 july 2024.pdf"
OTHERS = [
    "80432_bolton/children's services inspection - 12 june 2018.pdf",
    BURY_2021,
    "80431_blackpool/children's services inspection - 01 february 2023.pdf",
    SOUTH_GLOS_2024,
]
FILES = [IOW_2014, CHESHIRE_E_2015, BARNSLEY_2014, HEREFORD_2014, WARWICK_2017, LEEDS_2015, *OTHERS]

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not present at {CORPUS} (../shared)"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    missing = [f for f in FILES if not (CORPUS / f).exists()]
    if missing:
        pytest.skip(f"corpus files missing: {missing}")
    eng = create_engine(f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'c.db'}")
    schema.metadata.create_all(eng)
    with eng.begin() as conn:
        for rid, name in enumerate(FILES, start=1):
            doc = pdfium.PdfDocument(CORPUS / name)
            pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
            doc.close()
            conn.execute(
                insert(schema.reports).values(id=rid, source_file=name, sha256="0", status="ok")
            )
            conn.execute(
                insert(schema.passages),
                [
                    {"report_id": rid, "page": p.page, "section": p.section, "text": p.text}
                    for p in split_passages(clean_pages(pages))
                ],
            )
        fts.rebuild(conn)
    return eng


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Hants Direct", {IOW_2014}),
        ("foyer accommodation", {CHESHIRE_E_2015, HEREFORD_2014}),
        ("Care 4 Us council", {BARNSLEY_2014}),
        ("police custody overnight", {HEREFORD_2014, WARWICK_2017, LEEDS_2015}),
        ("Caring Dads", {LEEDS_2015}),
    ],
)
def test_right_report_first(engine, query, first):
    rows = index.search(engine, query, limit=5)
    assert rows, query
    assert rows[0]["source_file"] in first


def test_phrase_finds_only_the_report_that_says_it(engine):
    rows = index.search(engine, '"Hants Direct"', limit=50)
    assert {r["source_file"] for r in rows} == {IOW_2014}


def test_subject_no_report_discusses(engine):
    assert index.search(engine, "zebra xylophone") == []


# Read in the PDFs: Bury's 2021 report says "agency social workers" on pages 4 ("mostly made up
# of agency social workers") and 10 ("reduce the reliance on agency social workers"); South
# Gloucestershire's 2024 report says "partner agencies, social workers and managers" on page 2;
# no other report indexed here says either.
def test_quoted_phrase_is_exact(engine):
    rows = index.search(engine, '"agency social workers"', limit=50)
    assert {(r["source_file"], r["page"]) for r in rows} == {(BURY_2021, 4), (BURY_2021, 10)}
    assert all("\u00abagency social workers\u00bb" in r["highlighted"].lower() for r in rows)


def test_plain_words_find_stems_but_rank_the_words_as_written_first(engine):
    page = index.find(engine, "agency social workers", limit=100)
    places = [(r["source_file"], r["page"]) for r in page["results"]]
    assert (SOUTH_GLOS_2024, 2) in places  # 'agencies, social workers': the stems match
    assert set(places[:2]) == {(BURY_2021, 4), (BURY_2021, 10)}
    assert page["total"] == len(places)  # fewer than 100: the total is every one


def test_a_report_at_a_time(engine):
    page = index.find(engine, '"agency social workers"', by="report")
    assert page["total"] == 1
    (row,) = page["results"]
    assert row["source_file"] == BURY_2021 and row["passages"] == 2
