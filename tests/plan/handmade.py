"""Hand-made plans for the plan tests: every value typed here, nothing computed."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from cscwatch.plan.model import Action, Ask, HistoryRow, Measure, Plan

D = dt.date


def plan() -> Plan:
    """A small plan with two asks (a recommendation and a visit's priority action), three
    actions, two measures and one history row: all well formed on 2026-06-01."""
    return Plan(
        council="Barnsley",
        la_code="370",
        created=D(2026, 1, 5),
        registry="test.db",
        latest_inspection=D(2025, 3, 1),
        asks=[
            Ask(
                "2025-03-01/R1",
                "recommendation",
                "Full inspection (ILACS)",
                D(2025, 3, 1),
                1,
                page=4,
                themes=["management_oversight", "supervision"],
                text="The quality of management oversight and supervision.",
                source_url="https://example.org/report.pdf",
            ),
            Ask(
                "2025-09-10/P1",
                "priority_action",
                "Focused visit",
                D(2025, 9, 10),
                1,
                page=2,
                themes=[],
                text="The timeliness of visits to children at risk of harm.",
            ),
        ],
        actions=[
            Action(
                "2025-03-01/R1",
                "A1",
                "Audit supervision monthly",
                "Head of service",
                D(2026, 9, 30),
                "on track",
                D(2026, 5, 20),
                None,
            ),
            Action(
                "2025-03-01/R1",
                "A2",
                "Train team managers",
                "Principal social worker",
                D(2026, 3, 31),
                "done",
                D(2026, 4, 2),
                "Training register, April 2026",
            ),
            Action(
                "2025-09-10/P1",
                "A3",
                "Weekly visit tracker",
                "Service manager",
                D(2026, 4, 30),
                "at risk",
                D(2026, 5, 6),
                None,
            ),
        ],  # fmt: skip
        measures=[
            Measure("2025-09-10/P1", "M1", "IR-12", "CP visits in timescale", 0.9, "higher"),
            Measure(
                "2025-03-01/R1",
                "M2",
                None,
                "Supervision audits graded good",
                0.75,
                "higher",
                value=0.6,
                as_of=D(2026, 5, 1),
                source="Quality assurance audit",
            ),
        ],  # fmt: skip
        history=[HistoryRow(D(2026, 5, 1), "M1", 0.82, 0.9, False)],
    )


def xlsx_created(data: bytes) -> str:
    """The creation time a workbook's own properties (docProps/core.xml) state."""
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    found = re.search(r"<dcterms:created[^>]*>([^<]+)<", core)
    assert found, core
    return found.group(1)
