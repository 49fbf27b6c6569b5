"""How grades and areas are shown: names, short labels and CSS classes (presentation only)."""

from __future__ import annotations

GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
WITH_NONE = (*GRADES, "not_judged")

LABEL = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
    "not_judged": "Not judged",
    None: "Not judged",
}
SHORT = {
    "outstanding": "O",
    "good": "G",
    "requires_improvement": "RI",
    "inadequate": "I",
    "not_judged": "–",
    None: "–",
}
AREAS = ("overall", "help_and_protection", "children_in_care", "care_leavers", "leadership")
AREA_LABEL = {
    "overall": "Overall effectiveness",
    "help_and_protection": "Help and protection",
    "children_in_care": "Children in care",
    "care_leavers": "Care leavers",
    "leadership": "Leadership",
    "adoption": "Adoption",
    "lscb": "Safeguarding children board",
}


def label(grade: str | None) -> str:
    return LABEL.get(grade, str(grade).replace("_", " ").capitalize())


def short(grade: str | None) -> str:
    return SHORT.get(grade, "?")


def css(grade: str | None) -> str:
    return f"grade-{(grade or 'not_judged').replace('_', '-')}"


def area_label(area: str) -> str:
    return AREA_LABEL.get(area, area.replace("_", " ").capitalize())
