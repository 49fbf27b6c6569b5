"""What a parsed report is: plain, typed records with no knowledge of storage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cscwatch.reports.judgments import Judgment

# Kinds of document. Only 'inspection' (a full SIF or ILACS inspection) carries the grades that
# make a council's rating; the others are recognised and stored with their dates.
INSPECTION = "inspection"
MONITORING_VISIT = "monitoring_visit"
FOCUSED_VISIT = "focused_visit"
JTAI = "jtai"
EARLIER_INSPECTION = "earlier_inspection"  # frameworks before November 2013
UNRECOGNISED = "unrecognised"
LSCB_REVIEW = "lscb_review"  # a standalone review of a Local Safeguarding Children Board (2015-16)


@dataclass
class ParsedReport:
    source_file: str
    sha256: str
    size: int
    quick_check: str | None = None  # see parse.quick_check
    page_count: int | None = None
    urn: str | None = None
    la_code: str | None = None
    ons_code: str | None = None
    la_name: str | None = None
    region: str | None = None
    la_source: str | None = None
    kind: str | None = None
    framework: str | None = None
    inspection_type: str | None = None
    inspection_start: dt.date | None = None
    inspection_end: dt.date | None = None
    published: dt.date | None = None
    published_source: str | None = None
    pdf_created: dt.date | None = None
    lead_inspector: str | None = None
    judgments: list[Judgment] = field(default_factory=list)
    cic_combined: bool | None = None
    # Visits between inspections (reports/visits.py): None where they do not apply.
    focus: str | None = None
    priority_actions: int | None = None
    visit_number: int | None = None
    interventions: list[Any] = field(default_factory=list)
    status: str = "ok"
    error: str | None = None
    # Text-derived records (search issue): plain objects from the extractors.
    recommendations: list[Any] = field(default_factory=list)
    context: list[Any] = field(default_factory=list)
    passages: list[Any] = field(default_factory=list)
    themes: list[tuple[str, str, int]] = field(default_factory=list)

    def grade(self, area: str) -> str | None:
        return next((j.grade for j in self.judgments if j.area == area), None)

    def fail(self, reason: str) -> ParsedReport:
        self.status, self.error = "error", reason
        return self
