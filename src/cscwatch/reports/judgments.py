"""Read the graded judgements from a report's judgement table.

The PDF text wraps labels and grades across lines and the tables changed between years, so the
text of the first pages is flattened to one line of words and each judgement is found as its label
followed, within a few words, by a grade. Labels are the ones Ofsted prints in each framework."""

from __future__ import annotations

import re
from dataclasses import dataclass

GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
# An area the table names but explicitly did not judge (e.g. no children in care to judge).
NOT_JUDGED = "not_judged"

GRADE = (
    r"(?P<grade>outstanding|good|inadequate|adequate"
    r"|requires?\s+improvement(?:\s+to\s+be\s+good)?|improvement\s+to\s+be\s+good|not\s+judged)"
)
_APOS = "['’]"
_TO_GRADE = re.compile(GRADE, re.IGNORECASE)


def normalise_grade(text: str) -> str | None:
    t = " ".join(text.lower().split())
    if t.startswith(("require", "improvement")):
        return "requires_improvement"
    if t == "not judged":
        return NOT_JUDGED
    return t if t in GRADES else None


@dataclass(frozen=True)
class Judgment:
    area: str
    grade: str
    page: int
    label: str


# (area, label pattern). The label is followed by at most a few filler words, then the grade.
SIF_LABELS: list[tuple[str, str]] = [
    (
        "overall",
        rf"the overall judgement is(?:\s+that\s+(?:the\s+)?children{_APOS}s\s+services?"
        r"(?:\s+in\s+[\w ,-]+?)?\s+(?:are|is|requires?)(?=\s+(?:outstanding|good|inadequate|adequate|requires?|improvement)))?"
        # Later SIF reports: 'Children's services in Norfolk are inadequate'
        rf"|children{_APOS}s\s+services\s+(?:in|on)\s+(?:the\s+)?[\w ,.&’'-]{{1,60}}?\s+(?:are|is)"
        rf"|children{_APOS}s\s+services\s+(?:in|on)\s+(?:the\s+)?[\w ,.&’'-]{{1,60}}?(?=\s+requires?\s+improvement)",
    ),
    ("help_and_protection", r"children who need help and protection"),
    ("children_in_care", r"children looked after and achieving permanence"),
    ("adoption", r"adoption performance"),
    ("care_leavers", r"experiences and progress of care leavers"),
    ("leadership", r"leadership,? management and governance"),
    # The LSCB review's judgement stands on page 1 or at the head of its own section.
    # Inside a report's LSCB section it may read 'The Local Safeguarding Children is
    # inadequate' (sic), or be given as the review's formal judgement: 'The arrangements in place
    # to evaluate the effectiveness of what is done by the authority and board partners to
    # safeguard and promote the welfare of children are inadequate'.
    (
        "lscb",
        r"(?:effectiveness of the |the )?(?:local )?safeguarding children board"
        r"(?:\s*\([^)]{1,20}\))?(?:\s+(?:is|are))?(?:\s+judged\s+to\s+be)?"
        r"|local safeguarding children\s+(?:is|are)"
        r"|what is done by the authority and board partners to safeguard and promote the welfare"
        r"\s+of children(?:\s+(?:is|are))?",
    ),
]

ILACS_LABELS: list[tuple[str, str]] = [
    ("leadership", r"impact of leaders on (?:social work )?practice with children and families"),
    ("help_and_protection", r"experiences and progress of children who need help and protection"),
    # Before 2023 one judgement covered both; is_combined() tells them apart by the label.
    (
        "children_in_care",
        r"experiences and progress of children in care(?:\s+and\s+care\s+leavers)?",
    ),
    ("care_leavers", r"experiences and progress of (?:children )?care leavers"),
    ("overall", r"overall effectiveness"),
]

# Words that may stand between a label and its grade in a table row (footnote marks, colons).
_GAP = r"[\s:.\d*]{0,6}"


@dataclass(frozen=True)
class FlatText:
    """Pages flattened to one string of single-spaced words, with page offsets."""

    text: str
    starts: list[int]

    @classmethod
    def of(cls, pages: list[str]) -> FlatText:
        parts, starts, pos = [], [], 0
        for page in pages:
            flat = " ".join(page.replace("\ufffe", "").split())
            starts.append(pos)
            parts.append(flat)
            pos += len(flat) + 1
        return cls(" ".join(parts), starts)

    def page_of(self, offset: int) -> int:
        page = 1
        for i, start in enumerate(self.starts, start=1):
            if start <= offset:
                page = i
        return page


# Areas whose judgement may stand anywhere in the report, not only in the opening table, with
# the words every match of their label contains (lower case): the whole report is searched
# only around those words, which is many times faster than running the pattern over it all.
ANYWHERE = {"lscb": ("safeguarding children", "board partners")}
# Longer than any label-and-grade match: the reach of a search around those words.
_REACH = 300


def find_judgments(flat: FlatText, labels: list[tuple[str, str]]) -> list[Judgment]:
    """The first graded occurrence of each label: in the opening pages (the judgement table),
    or for the areas in ANYWHERE, anywhere in the report."""
    found: dict[str, Judgment] = {}
    table_end = flat.starts[3] if len(flat.starts) > 3 else len(flat.text)
    for area, label in labels:
        pattern = re.compile(rf"(?P<label>{label}){_GAP}{GRADE}\b", re.IGNORECASE)
        m = pattern.search(flat.text, 0, table_end)
        for words in ANYWHERE.get(area, ()) if not m else ():
            m = m or _search_around(pattern, flat.text, words)
        if not m:
            continue
        grade = normalise_grade(m.group("grade"))
        if grade is None:
            continue
        label_text = " ".join(m.group("label").split())
        found.setdefault(area, Judgment(area, grade, flat.page_of(m.start()), label_text))
    return list(found.values())


def _search_around(pattern: re.Pattern[str], text: str, words: str) -> re.Match[str] | None:
    """``pattern.search(text)``, for a pattern whose every match contains ``words`` (in
    any case) and is shorter than _REACH."""
    low = text.lower()
    if len(low) != len(text):  # lower() moved the offsets: search it all
        return pattern.search(text)
    at = low.find(words)
    while at != -1:
        m = pattern.search(text, max(0, at - _REACH), at + len(words) + _REACH)
        if m and m.start() <= at:
            return m
        at = low.find(words, at + 1)
    return None


def is_combined(judgments: list[Judgment]) -> bool:
    """True where children in care and care leavers were judged as one (ILACS before 2023)."""
    return any(
        j.area == "children_in_care" and "care leavers" in j.label.lower() for j in judgments
    )
