"""Shared fixtures: where the real corpus lives, and small PDFs made by the tests themselves."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from filelock import FileLock
from fpdf import FPDF
from sqlalchemy import create_engine, insert

from cscwatch.registry import fts, schema
from cscwatch.reports.themes import count_themes

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CSCWATCH_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "reports" / "ofsted"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"the real Ofsted reports are not here ({CORPUS}): corpus tests need ../shared",
)


# First pages in three layouts (SIF 2014, ILACS 2018, ILACS 2023), modelled on real reports:
# tests make PDFs of them (make_pdf) and parse, store or search those.
SIF_2014 = """1
Metropolitan Borough of Barnsley
Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the local safeguarding children
board1
Inspection date: 2 June 2014 – 25 June 2014
Report published: 8 August 2014
The overall judgement is requires improvement
Summary sentence of the synthetic report.
1. Children who need help and protection
Requires
improvement
2. Children looked after and achieving permanence
Inadequate
2.1 Adoption performance
Requires
improvement
2.2 Experiences and progress of care leavers Good
3. Leadership, management and governance
Requires
improvement
The effectiveness of the Local Safeguarding Children Board (LSCB) is
good
"""

ILACS_2018 = """1
Brighton and Hove City Council
Inspection of children's social care services
Inspection dates: 9 July 2018 to 20 July 2018
Lead inspector: Tara Geere
Her Majesty's Inspector
Judgement Grade
The impact of leaders on social work practice with children
and families Good
The experiences and progress of children who need help and
protection Requires improvement
The experiences and progress of children in care and care
leavers Good
Overall effectiveness Good
"""

ILACS_2023 = """Inspection of Isle of Wight local
authority children’s services
Inspection dates: 30 October to 3 November 2023
Lead inspector: Amanda Maxwell, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Outstanding
The experiences and progress of
children who need help and protection
Requires improvement to be
good
The experiences and progress of
children in care
Good
The experiences and progress of care
leavers
Inadequate
Overall effectiveness Good
"""

SIF_2016 = """1
Norfolk County Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
Inspection date: 6 July 2015 – 30 July 2015
Report published: 19 October 2015
Children’s services in Norfolk are inadequate
1. Children who need help and protection Requires improvement
2. Children looked after and achieving
permanence Inadequate
2.1 Adoption performance Requires improvement
2.2 Experiences and progress of care leavers Inadequate
3. Leadership, management and governance Requires improvement
"""

MONITORING = """Piccadilly Gate
Store Street
Manchester
M1 2WD
26 March 2019
Ms A Director
Director of Children's Services
Sheffield City Council
Dear Ms Director
Monitoring visit to Sheffield children’s services
This letter summarises the findings of the monitoring visit to Sheffield children’s
services on 5 and 6 March 2019.
Yours sincerely
Ann Example
Her Majesty’s Inspector
"""


def make_pdf(pages: list[str], path: Path | None = None, **meta) -> bytes:
    """A PDF with one text page per item of ``pages`` (lines split on newlines)."""
    pdf = FPDF()
    if Path(FONT).exists():
        pdf.add_font("body", fname=FONT)
        pdf.set_font("body", size=11)
    else:  # core font: latin-1 only
        pdf.set_font("helvetica", size=11)
        pages = [p.replace("’", "'").replace("–", "-") for p in pages]
    if "created" in meta:
        pdf.set_creation_date(meta["created"])
    for text in pages:
        pdf.add_page()
        for line in text.strip("\n").split("\n"):
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return data


# Visit letters and a report with interventions, in the structure Ofsted uses ---------------
FOCUSED_HEAD = """Ofsted
Piccadilly Gate
14 March 2024
Jane Example
Director of Children’s Services
Dear Jane
Focused visit to Wigan children’s services
This letter summarises the findings of a focused visit to Wigan children’s services
on 30 and 31 January 2024. His Majesty’s Inspectors for this visit were Ann Smith
and Bob Jones.
Inspectors looked at the local authority’s arrangements for children in need and
those subject to a child protection plan.
This visit was carried out in line with the inspection of local authority children’s
services (ILACS) framework.
Headline findings
Some children wait too long for help.
"""

WITH_PRIORITY = """Areas for priority action
The local authority needs to take swift and decisive action to address the following
areas of weakness:
◼ The timeliness of visits to children at risk of harm.
◼ Management oversight of plans, so that drift is identified and
acted on.
◼ The sufficiency of social workers.
What needs to improve in this area of social work practice
◼ Recording of supervision.
Main findings
"""

NO_PRIORITY = """What needs to improve in this area of social work practice
◼ Recording of supervision.
Main findings
The areas for priority action set at the last focused visit were about assessments.
"""

EARLIER_ONLY = """Areas for priority action
The areas for priority action set at the last focused visit in February 2020 remain.
There are no additional priority actions.
What needs to improve in this area of social work practice
◼ Recording of supervision.
"""

SIGN = """Yours sincerely
Ann Smith
His Majesty’s Inspector
"""


def monitoring_letter(nth: str, council: str = "Sheffield") -> list[str]:
    """The pages of a monitoring visit letter: the ``nth`` visit (a word) to ``council``,
    5 and 6 April 2022, letter of 12 May 2022, about care leavers."""
    page1 = f"""12 May 2022
Sam Director
Director of Children’s Services
Dear Sam
Monitoring visit to {council} children’s services
This letter summarises the findings of the monitoring visit to {council} children’s
services on 5 and 6 April 2022. This visit was the {nth} monitoring visit since the local
authority was judged inadequate in March 2020. His Majesty’s Inspectors for this visit
were Pat Lee and Kim Ray.
Areas covered by the visit
Inspectors reviewed the progress made in the quality of help and support for care
leavers, including pathway planning and accommodation.
Headline findings
Leaders have made progress.
"""
    page2 = """Yours sincerely
Pat Lee
His Majesty’s Inspector
"""
    return [page1, page2]


SLOUGH_SIF_PAGES = [
    (
        "1\nSlough Borough Council\nInspection of services for children in need of help and\n"
        "protection, children looked after and care leavers\n"
        "Inspection date: 24 November 2015 – 17 December 2015\n"
        "Report published: 17 February 2016\n"
        "Children’s services in Slough are inadequate\n"
        "1. Children who need help and protection Inadequate\n"
        "2. Children looked after and achieving permanence Inadequate\n"
        "2.1 Adoption performance Requires improvement\n"
        "2.2 Experiences and progress of care leavers Inadequate\n"
        "3. Leadership, management and governance Inadequate\n"
    ),
    (
        "2\nThe Secretary of State issued a direction in October 2014 appointing a Commissioner "
        "to secure improvement.\nSlough Children’s Services Trust took over services on 1 October "
        "2015.\nAn improvement board meets monthly.\n"
    ),
]
"""A SIF report judging Slough inadequate (published 17 February 2016) whose second page states
a direction and a commissioner (October 2014), a trust (1 October 2015) and an improvement
board (no date: the report's)."""


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory):
    """The registry built from every report in ../shared, once per test session: under
    pytest-xdist the first worker to ask builds it (holding a file lock) and the others open it
    (the recipe of pytest-xdist's documentation). Returns (engine, BuildResult)."""
    if not CORPUS.is_dir():
        pytest.skip(f"the real Ofsted reports are not here ({CORPUS}): corpus tests need ../shared")
    from cscwatch.registry import store
    from cscwatch.registry.build import build

    shared_tmp = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared_tmp = shared_tmp.parent  # the folder all workers of this session share
    db, saved = shared_tmp / "corpus-registry.db", shared_tmp / "corpus-build.pickle"
    with FileLock(str(shared_tmp / "corpus-registry.lock")):
        if saved.exists():
            result = pickle.loads(saved.read_bytes())
        else:
            result = build(store.connect(f"sqlite:///{db}", create=True), CORPUS)
            saved.write_bytes(pickle.dumps(result))
    return store.connect(f"sqlite:///{db}"), result


# A tiny registry with text (search, recurrence and theme prevalence tests).
TEXT_REPORTS = [
    # id, source_file, la_code, la_name, region, framework, published, overall
    (1, "1_a/a 2014.pdf", "370", "Barnsley", "Yorkshire and the Humber", "SIF", "2014-08-08",
     "requires_improvement"),
    (2, "1_a/a 2019.pdf", "370", "Barnsley", "Yorkshire and the Humber", "ILACS", "2019-01-10",
     "good"),
    (3, "2_b/b 2022.pdf", "919", "Hertfordshire", "East of England", "ILACS", "2022-05-01",
     "inadequate"),
]  # fmt: skip
TEXT_PASSAGES = [
    (
        1,
        1,
        4,
        "Help and protection",
        "Young people are held in police custody overnight too often.",
    ),
    (2, 1, 5, "Leadership", "Agency social workers make up a third of the workforce."),
    (3, 2, 3, "Help and protection", "Safeguarding arrangements are strong and safeguarded well."),
    (4, 3, 6, "Leadership", "Reliance on agency staff is high; social workers leave often."),
    (5, 3, 7, "Children in care", "Children in care see their social workers regularly."),
]
TEXT_RECS = [
    (1, 1, "improvement", "Reduce the number of young people held in police custody overnight."),
    (1, 2, "improvement", "Improve the quality of personal education plans."),
    (2, 1, "improvement", "Young people held overnight in police custody: reduce the number."),
    (3, 1, "priority", "Stabilise the workforce and reduce caseloads."),
]


@pytest.fixture()
def text_registry(tmp_path):
    """A tiny registry with text: three reports of two councils, their passages (indexed),
    recommendations and theme counts, written here row by row."""
    eng = create_engine(f"sqlite:///{tmp_path / 'r.db'}")
    schema.metadata.create_all(eng)
    with eng.begin() as conn:
        fts.create(conn)  # with triggers: rows inserted afterwards are indexed
        conn.execute(
            insert(schema.reports),
            [
                dict(zip(("id", "source_file", "la_code", "la_name", "region", "framework",
                          "published", "overall"), r, strict=True), sha256="0" * 64, status="ok")
                for r in TEXT_REPORTS
            ],
        )  # fmt: skip
        conn.execute(
            insert(schema.passages),
            [
                dict(zip(("id", "report_id", "page", "section", "text"), p, strict=True))
                for p in TEXT_PASSAGES
            ],
        )
        conn.execute(
            insert(schema.recommendations),
            [
                dict(zip(("report_id", "position", "kind", "text"), r, strict=True))
                for r in TEXT_RECS
            ],
        )
        for rid in (1, 2, 3):
            body = [(p[3], p[4]) for p in TEXT_PASSAGES if p[1] == rid]
            rows = [
                {"report_id": rid, "theme": t, "section": s, "count": n}
                for t, s, n in count_themes(body)
            ]
            if rows:
                conn.execute(insert(schema.theme_counts), rows)
    return eng


# Browser tests: Debian's Chromium driven by Playwright, one browser per test module -----------
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("needs Chromium at /usr/bin/chromium")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()
