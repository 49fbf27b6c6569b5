"""The one vocabulary of grades, judgement areas and kinds of document (``data/vocabulary.yaml``),
shared by the parser, the registry, the analytics and every face. Nothing here imports from
cscwatch: it sits at the bottom of the layers."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def _load() -> dict[str, Any]:
    text = resources.files("cscwatch.data").joinpath("vocabulary.yaml").read_text("utf-8")
    return yaml.safe_load(text)


_V = _load()

GRADES: tuple[str, ...] = tuple(g["id"] for g in _V["grades"])
NOT_JUDGED: str = _V["not_judged"]["id"]
RANK: dict[str, int] = {g: i for i, g in enumerate(GRADES)}  # lower is better
GOOD_OR_BETTER = frozenset(GRADES[:2])
GRADE_LABELS: dict[str, str] = {g["id"]: g["label"] for g in _V["grades"]} | {
    NOT_JUDGED: _V["not_judged"]["label"]
}
GRADE_SHORT: dict[str, str] = {g["id"]: g["short"] for g in _V["grades"]} | {
    NOT_JUDGED: _V["not_judged"]["short"]
}

AREAS: tuple[str, ...] = tuple(a["id"] for a in _V["areas"])
HEADLINE_AREAS: tuple[str, ...] = tuple(a["id"] for a in _V["areas"] if a["headline"])
AREA_LABELS: dict[str, str] = {a["id"]: a["label"] for a in _V["areas"]}
AREA_LONG_LABELS: dict[str, str] = {a["id"]: a.get("long_label", a["label"]) for a in _V["areas"]}
AREA_SHORT: dict[str, str] = {a["id"]: a.get("short", a["label"]) for a in _V["areas"]}

NO_REPORT: str = _V["no_report"]["id"]
NO_REPORT_LABEL: str = _V["no_report"]["label"]
GRADE_LABELS[NO_REPORT] = NO_REPORT_LABEL
GRADE_SHORT[NO_REPORT] = _V["no_report"]["short"]
# Every count a picture shows: the grades, then "not judged" (an inspection made no judgement)
# and "no report" (no full inspection in this registry), always kept apart.
WITH_NONE: tuple[str, ...] = (*GRADES, NOT_JUDGED, NO_REPORT)
ORDINALS: dict[str, int] = {word: n for n, word in enumerate(_V["ordinals"], start=1)}

# Inspection frameworks that set a grade, oldest first: id -> (label, start date).
FRAMEWORKS: dict[str, tuple[str, Any]] = {
    f["id"]: (f["label"], f["start"]) for f in _V["frameworks"]
}

KINDS: tuple[str, ...] = tuple(k["id"] for k in _V["kinds"])
KIND_LABELS: dict[str, str] = {k["id"]: k["label"] for k in _V["kinds"]}
FULL_KINDS = frozenset(k["id"] for k in _V["kinds"] if k["full"])
INSPECTION, MONITORING_VISIT, FOCUSED_VISIT, JTAI, EARLIER_INSPECTION, UNRECOGNISED = KINDS[:6]


def grade_label(grade: str | None) -> str:
    """A grade in words ('Requires improvement'); None reads 'Not judged'."""
    if grade is None:
        return GRADE_LABELS[NOT_JUDGED]
    return GRADE_LABELS.get(grade, grade.replace("_", " ").capitalize())


LSCB_REVIEW: str = "lscb_review"

# The focus of a visit between inspections (data/vocabulary.yaml `visit_focus`).
VISIT_FOCUS_RULES: tuple[dict[str, Any], ...] = tuple(_V["visit_focus"])
VISIT_FOCUS: tuple[str, ...] = tuple(f["id"] for f in VISIT_FOCUS_RULES)
VISIT_FOCUS_LABELS: dict[str, str] = {f["id"]: f["label"] for f in VISIT_FOCUS_RULES}
VISIT_KINDS = frozenset({MONITORING_VISIT, FOCUSED_VISIT})
