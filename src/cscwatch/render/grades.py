"""How grades and areas are shown: names, short labels and CSS classes (presentation only).
The grades, areas and their names are the analytics' own (``cscwatch.analytics.inspections``)."""

from __future__ import annotations

from cscwatch.analytics.inspections import AREA_LABELS, GRADE_LABELS, HEADLINE_AREAS
from cscwatch.vocabulary import GRADE_SHORT, GRADES, NOT_JUDGED, WITH_NONE  # noqa: F401

LABEL: dict[str | None, str] = {grade: text for grade, text in GRADE_LABELS.items()}
LABEL[None] = "Not judged"
SHORT: dict[str | None, str] = {None: GRADE_SHORT[NOT_JUDGED]}
SHORT.update(GRADE_SHORT)
AREAS = HEADLINE_AREAS
# The pages spell out the board that the analytics tables abbreviate.
AREA_LABEL = {**AREA_LABELS, "lscb": "Safeguarding children board"}


def label(grade: str | None) -> str:
    return LABEL.get(grade, str(grade).replace("_", " ").capitalize())


def short(grade: str | None) -> str:
    return SHORT.get(grade, "?")


def css(grade: str | None) -> str:
    return f"grade-{(grade or 'not_judged').replace('_', '-')}"


def area_label(area: str) -> str:
    return AREA_LABEL.get(area, area.replace("_", " ").capitalize())
