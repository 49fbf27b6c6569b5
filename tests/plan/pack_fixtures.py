"""Data for the board pack tests: a plan made in code for Bury (351), a hand-made Annex A
workbook and a hand-made registry. Every figure the tests expect is worked out by hand from
the rows below (nothing here is a real judgement, action or child)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from cscwatch.casework import synth
from cscwatch.plan.model import Action, Ask, HistoryRow, Measure, Plan
from cscwatch.registry import schema, store
from cscwatch.reports.themes import RECOMMENDATIONS_SECTION
from tests.analytics.handmade import HAND_ROWS, report

AS_OF = dt.date(2026, 11, 30)
D = dt.date.fromisoformat


def make_plan() -> Plan:
    asks = [
        Ask("2022-04-20/R1", "recommendation", "Full inspection (ILACS)", D("2022-04-20"), 1,
            page=12, themes=["caseloads"],
            text="Reduce the caseloads of social workers in the assessment teams.",
            source_url="https://reports.ofsted.gov.uk/provider/44/80471"),
        Ask("2022-04-20/R2", "recommendation", "Full inspection (ILACS)", D("2022-04-20"), 2,
            page=13, themes=["workforce_stability", "assessments"], text=None),
        Ask("2024-06-20/P1", "priority_action", "Focused visit", D("2024-06-20"), 1, page=2,
            themes=[], text="Make sure that children are seen during assessments."),
    ]  # fmt: skip
    actions = [
        # ask, id, action, owner, due, status, last update, evidence
        Action("2022-04-20/R1", "A1.1", "Recruit six social workers", "Head of service",
               D("2026-09-30"), "on track", D("2026-10-15")),  # overdue 61 days, updated
        Action("2022-04-20/R1", "A1.2", "Caseload dashboard", "Performance lead",
               D("2026-12-31"), "done", D("2026-11-01"), "dashboard.pdf"),
        Action("2022-04-20/R1", "A1.3", "Weighted caseload policy", "Director",
               "30/06/2026", "Off Track"),  # overdue 153 days, no update
        Action("2022-04-20/R2", "A2.1", "Retention offer", "HR", D("2027-03-31"), "at risk"),
        Action("2022-04-20/R2", "A2.2", "Exit interviews", "HR", D("2026-11-30"), "not started"),
        Action("2024-06-20/P1", "A3.1", "Audit of visits", "Principal social worker",
               D("2026-11-01"), "done", D("2026-10-30"), "audit.docx"),
        Action("no-such-ask", "X.1", "Orphan", "Nobody", D("2026-01-01"), "on track"),
    ]  # fmt: skip
    measures = [
        Measure("2024-06-20/P1", "M1", indicator="IR-06", target=0.8, direction="higher"),
        Measure("2022-04-20/R2", "M2", indicator="ir-04", target=85, direction="higher"),
        Measure("2022-04-20/R1", "M3", description="Average caseload", target=18,
                direction="lower", value=21.5, as_of=D("2026-11-15"), source="HR report"),
        Measure("2022-04-20/R1", "M4", indicator="IR-99", target=1, direction="higher"),
    ]  # fmt: skip
    history = [
        HistoryRow(D("2026-09-30"), "M1", 0.5, 0.8, False),
        HistoryRow(D("2026-10-31"), "M1", 0.6, 0.8, False),
        HistoryRow(D("2026-11-30"), "M1", 0.9, 0.8, True),  # this pack's date: replaced
        HistoryRow(D("2026-12-31"), "M1", 0.7, 0.8, False),  # after the pack: not in the trend
        HistoryRow(D("2026-10-31"), "M3", 23.0, 18.0, False),
    ]
    return Plan(
        council="Bury",
        la_code="351",
        created=D("2026-09-01"),
        registry="hand-made",
        latest_inspection=D("2022-04-20"),
        asks=asks,
        actions=actions,
        measures=measures,
        history=history,
    )


@pytest.fixture
def plan() -> Plan:
    return make_plan()


# Annex A List 4 (assessments) for R = 30 November 2026; the six-month window W6 runs from
# 30 May 2026 (excluded: six months before R) to 30 November 2026 (included).
ASSESSMENTS = [
    # child, start, end (authorised), seen during the assessment
    ("C1", "01/06/2026", "10/06/2026", "Y"),  # in W6; 7 working days
    ("C2", "01/07/2026", "15/07/2026", "N"),  # in W6; 10 working days; not seen
    ("C3", "03/08/2026", "20/08/2026", "N"),  # in W6; 13 working days; not seen
    ("C4", "01/09/2026", "30/11/2026", "Y"),  # in W6 (R itself); 64 working days: late
    ("C5", "01/03/2026", "30/05/2026", "Y"),  # ended on the day the window opens: out
    ("C6", "01/11/2026", "01/12/2026", "Y"),  # ended after R: out
    ("C7", "01/10/2026", None, "Y"),  # still open: not a completed assessment
]


@pytest.fixture(scope="session")
def annex_a(tmp_path_factory):
    """The hand-made assessments as an Annex A workbook (List 4 only), written by synth."""
    frame = pl.DataFrame(
        {
            "child_id": [a[0] for a in ASSESSMENTS],
            "assessment_start": [a[1] for a in ASSESSMENTS],
            "assessment_end": [a[2] for a in ASSESSMENTS],
            "seen": [a[3] for a in ASSESSMENTS],
        },
        schema={k: pl.Utf8 for k in ("child_id", "assessment_start", "assessment_end", "seen")},
    )
    path = tmp_path_factory.mktemp("annex") / "annex_a.xlsx"
    return synth.write({4: frame}, path)


# The registry: the analytics tests' hand-made rows, with visits to Bury after its 2022
# inspection and the themes of some inspections' recommendations.
VISITS = [
    report("351", "bury/mv-2021.pdf", "2021-06-10", "2021-07-20", kind="monitoring_visit",
           framework="ILACS", visit_number=2),  # before the 2022 inspection: not counted
    report("351", "bury/mv-2022.pdf", "2022-10-05", "2022-11-10", kind="monitoring_visit",
           framework="ILACS", visit_number=1, focus="front_door"),
    report("351", "bury/mv-2023.pdf", "2023-03-01", "2023-04-01", kind="monitoring_visit",
           framework="ILACS", visit_number=2, focus="children_in_care"),
    report("351", "bury/fv-2024.pdf", "2024-05-10", "2024-06-20", kind="focused_visit",
           framework="ILACS", priority_actions=2, focus="cin_cp"),
    report("351", "bury/fv-2026.pdf", "2026-11-20", "2027-01-05", kind="focused_visit",
           framework="ILACS", priority_actions=1, focus="care_leavers"),  # published after
]  # fmt: skip
REC_THEMES = {
    "barnsley/sif-2015.pdf": ["caseloads"],
    "barnsley/sif-2017.pdf": ["management_oversight"],
    "bury/ilacs-2019.pdf": ["caseloads", "workforce_stability"],
    "bury/ilacs-2022.pdf": ["caseloads"],
    "northants/sif-2013.pdf": ["caseloads"],
    "northants/sif-2016.pdf": ["caseloads", "workforce_stability"],
    "northants/ilacs-2019.pdf": ["workforce_stability"],
    "north-northants/ilacs-2022.pdf": ["workforce_stability"],
}


@pytest.fixture(scope="session")
def registry_path(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("registry") / "hand.db"
    engine = store.connect(str(path), create=True)
    rows = [{**r, "id": i + 1, "sha256": f"{i:064d}"} for i, r in enumerate([*HAND_ROWS, *VISITS])]
    ids = {r["source_file"]: r["id"] for r in rows}
    with engine.begin() as conn:
        conn.execute(schema.reports.insert(), rows)
        conn.execute(
            schema.recommendations.insert(),
            [
                {"report_id": ids[f], "position": n + 1, "kind": "improvement", "text": None}
                for f, themes in REC_THEMES.items()
                for n in range(len(themes))
            ],
        )
        conn.execute(  # the words of Bury's second recommendation of 2022 (made up)
            schema.recommendations.insert(),
            {"report_id": ids["bury/ilacs-2022.pdf"], "position": 2, "kind": "improvement",
             "text": "Stabilise the workforce so that children keep their social workers.",
             "page": 13},
        )  # fmt: skip
        conn.execute(  # the areas for priority action of the 2024 focused visit (made up)
            schema.recommendations.insert(),
            [{"report_id": ids["bury/fv-2024.pdf"], "position": n, "kind": "priority_action",
              "text": text, "page": 2}
             for n, text in ((1, "Make sure that children are seen during assessments."),
                             (2, "Strengthen management oversight of assessments."))],
        )  # fmt: skip
        conn.execute(
            schema.theme_counts.insert(),
            [
                {"report_id": ids[f], "theme": t, "section": RECOMMENDATIONS_SECTION, "count": 1}
                for f, themes in REC_THEMES.items()
                for t in themes
            ],
        )
    engine.dispose()
    return str(path)


@pytest.fixture
def registry(registry_path):
    engine = store.connect(registry_path)
    yield engine
    engine.dispose()
