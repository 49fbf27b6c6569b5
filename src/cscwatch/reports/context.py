"""Local context figures from the SIF "Information about this local authority area" section.

Each figure is a fact: a key, a value, a unit ('count', 'percent' or 'per_10000'), the date
it refers to (ISO, or None when the report gives none) and the page. Where a sentence gives
a current figure and a comparison ("... This is an increase from 1,177 at 31 March 2013"),
only the current figure is kept. "Fewer than five" and similar suppressed values are not
recorded (they are not numbers).

Keys: children_under_18, children_under_18_pct, poverty_pct, fsm_primary_pct,
fsm_secondary_pct, minority_ethnic_pct, eal_primary_pct, eal_secondary_pct,
children_in_need, child_protection_plans, child_protection_rate, private_fostering,
looked_after, looked_after_rate, looked_after_out_of_area, looked_after_in_childrens_homes,
looked_after_in_foster_care, looked_after_with_parents, uasc, adoptions_12m, sgo_12m,
ceased_looked_after_12m, returned_to_care_pct, independent_living_12m, hmo_12m.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cscwatch.reports.pagelines import (
    BULLET_RE,
    CleanPages,
    Line,
    body_lines,
    heading_key,
    join_wrapped,
)

__all__ = ["ContextFigure", "extract_context", "parse_number", "parse_date"]


@dataclass(frozen=True)
class ContextFigure:
    figure: str
    value: float
    unit: str  # 'count' | 'percent' | 'per_10000'
    as_of: str | None
    page: int


_WORDS = {
    "no": 0, "none": 0, "nil": 0, "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9

NUM = r"(\d[\d,]*(?:\.\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_PCT = r"(\d+(?:\.\d+)?)\s?%"
_DATE = r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4}|\d{2})\b"


def parse_number(text: str) -> float | None:
    t = text.strip().lower()
    if t in _WORDS:
        return float(_WORDS[t])
    try:
        return float(t.replace(",", ""))
    except ValueError:
        return None


def parse_date(day: str, month: str, year: str) -> str | None:
    """'31', 'May', '14' -> '2014-05-31'; None if it is not a date."""
    m = _MONTHS.get(month.lower().rstrip("."))
    if m is None:
        return None
    y = int(year)
    if y < 100:
        y += 2000
    try:
        return dt.date(y, m, int(day)).isoformat()
    except ValueError:
        return None


_SECTION = re.compile(r"^information about this (local authority )?area$")
_END = re.compile(
    r"^(inspection judgements?|recommendations|summary for children|the experiences and progress"
    r"|information about this inspection|what does the (local authority|council|lscb)"
    r"|executive summary|the local authority's strengths|contents|the local safeguarding"
    r"|what the inspection judgements|the impact of leaders|progress since the last"
    r"|section \d|summary of findings)"
)

# (figure, unit, pattern) on a statement with any leading date removed; group 1 is the value.
_N = r"^" + NUM
_KIDS = r" (?:children|young people|child)(?: and young people| or young people)?"
_CEASED = (
    _N + r" (?:children and young people|young people|children) (?:have )?ceased to be looked after"
)
_STATEMENT = [
    ("children_under_18", "count",
     r"^(?:approximately\s+)?" + NUM + r" children and young people (?:aged )?under the age of"
     r" (?:18|eighteen)"),
    ("children_under_18_pct", "percent",
     r"\bthis is (?:approximately |about |around )?" + _PCT + r" of the total population"),
    ("poverty_pct", "percent",
     _PCT + r" of the local authority.s children[^.%]{0,60}?(?:are|were) living in "
     r"(?:poverty|low[- ]income families)"),
    ("minority_ethnic_pct", "percent", r"minority ethnic groups account for " + _PCT),
    ("children_in_need", "count",
     _N + _KIDS + r" (?:\([^)]{1,40}\) )?(?:had been|have been|were|are) identified"
     r" (?:through assessment )?(?:as )?(?:being )?(?:formally )?in need of a specialist"),
    ("child_protection_plans", "count",
     _N + _KIDS + r" (?:were|are) (?:the )?subjects? of (?:a )?child protection plans?"),
    ("private_fostering", "count",
     _N + _KIDS + r" (?:lived|lives|were living|was living|are living|is living) in (?:a )?"
     r"privately arranged fosters?(?:ing)?"),
    ("looked_after", "count",
     _N + _KIDS + r" (?:are|were) (?:being )?looked after by the"
     r" (?:local authority|LA|council|authority)"),
    ("looked_after_out_of_area", "count",
     _N + r" (?:children )?(?:\((?:or )?\d+%\) )?(?:\(or )?(?:live|are living|lived) outside the"
     r" local authority area"),
    ("looked_after_in_childrens_homes", "count",
     _N + r" (?:children )?live in residential children.s homes"),
    ("looked_after_in_foster_care", "count", _N + r" (?:children )?live with foster families"),
    ("looked_after_with_parents", "count", _N + r" (?:children )?live with (?:their )?parents"),
    ("uasc", "count",
     r"^(?:there are )?" + NUM + r"(?:" + _KIDS + r")?\s?(?:who )?(?:are|is) (?:an )?"
     r"unaccompanied,? asylum"),
    ("adoptions_12m", "count", r"^there (?:have been|has been|were|was) " + NUM + r" adoptions?\b"),
    ("sgo_12m", "count",
     _N + r"(?:" + _KIDS + r")? became (?:the )?subjects? of (?:a )?special guardianship orders?"),
    ("ceased_looked_after_12m", "count", _CEASED + r",? of whom"),
    ("returned_to_care_pct", "percent",
     r"ceased to be looked after,? of whom " + _PCT + r" subsequently returned"),
    ("independent_living_12m", "count", _CEASED + r" and moved on to independent living"),
    ("hmo_12m", "count",
     _CEASED + r" and (?:are now living|now live|live) in houses? (?:of|in) multiple occupa"),
]  # fmt: skip
_STATEMENT_RE = [(f, u, re.compile(p, re.I)) for f, u, p in _STATEMENT]
_RATE = re.compile(r"\(?a rate of (\d+(?:\.\d+)?) per 10,?000", re.I)
_NONE_UASC = re.compile(
    r"there (?:are|were) no (?:children |young people )?[^.]*unaccompanied,? asylum", re.I
)
_COMPARISON = re.compile(
    r"\b(this is|this was|which is|an? (increase|reduction|decrease|rise|fall) from"
    r"|compared (with|to)|up from|down from)\b",
    re.I,
)
_LEAD = re.compile(r"^(?:at|as at|as of|on|by)\s+([^,]{3,60}?),\s*", re.I)
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{4})\b")
_PAIR = {
    (name, phase): re.compile(
        lead + (r".{0,40}?" if phase == "primary" else r".{0,160}?") + phase
        + r" schools? (?:is|are|was) " + _PCT, re.I | re.S)
    for name, lead in (("fsm", r"free school meals"), ("eal", r"additional language"))
    for phase in ("primary", "secondary")
}  # fmt: skip
_TRAILING_DATE = re.compile(r"\b(?:as at|at|on) " + _DATE, re.I)


def _date_in(text: str) -> str | None:
    """The date a leading phrase names: '31 May 14', 'the end of December 2014' (the month's
    last day), None for 'the time of inspection' or a date without a year."""
    m = re.search(_DATE, text)
    if m:
        return parse_date(m.group(1), m.group(2), m.group(3))
    m = _MONTH_YEAR.search(text)
    if m and m.group(1).lower().rstrip(".") in _MONTHS:
        y, mo = int(m.group(2)), _MONTHS[m.group(1).lower().rstrip(".")]
        nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
        return (nxt - dt.timedelta(days=1)).isoformat()
    return None


def _section(lines: list[Line]) -> list[Line]:
    for i, line in enumerate(lines):
        key = heading_key(line.text)
        if _SECTION.match(key) and not re.search(r"\s\d+$", line.text):
            out = []
            for x in lines[i + 1 :]:
                if x.page > line.page + 4:
                    break
                k = heading_key(x.text)
                if len(k) < 80 and _END.match(k) and not x.text.rstrip().endswith("."):
                    break
                out.append(x)
            if out:
                return out
    return []


def _statements(lines: list[Line]) -> list[tuple[str, int]]:
    """Bullet items (and headings) as joined strings with the page they start on."""
    out: list[tuple[list[str], int]] = []
    for x in lines:
        if BULLET_RE.match(x.text) or not out:
            out.append(([BULLET_RE.sub("", x.text, count=1)], x.page))
        elif out[-1][0] and out[-1][0][-1].rstrip().endswith((".", ":")) and x.text[:1].isupper():
            out.append(([x.text], x.page))
        else:
            out[-1][0].append(x.text)
    joined = [(join_wrapped(parts), page) for parts, page in out]
    # one bullet may hold several dated sentences: "At 31 March 2014, ... At 31 March 2014, ..."
    return [
        (piece, page)
        for text, page in joined
        for piece in re.split(r"(?<=[.:])\s+(?=(?:At|As at) (?:\d|the end))", text)
    ]


def extract_context(cleaned: CleanPages) -> list[ContextFigure]:
    """The context figures in a report's cleaned pages (reports.pagelines.clean_pages)."""
    section = _section(body_lines(cleaned))
    if not section:
        return []
    statements = _statements(section)
    found: dict[str, ContextFigure] = {}

    def put(figure: str, value: float | None, unit: str, as_of: str | None, page: int) -> None:
        if value is not None and figure not in found:
            found[figure] = ContextFigure(figure, value, unit, as_of, page)

    for text, page in statements:
        as_of = None
        m = _LEAD.match(text)
        if m:
            as_of = _date_in(m.group(1))
            text = text[m.end() :]
        current = _COMPARISON.split(text, maxsplit=1)[0]
        for figure, unit, pattern in _STATEMENT_RE:
            hit = pattern.search(text if figure.endswith("_pct") else current)
            if hit:
                when = as_of
                if unit == "percent":  # a share has a date only when the sentence gives one
                    trailing = _TRAILING_DATE.search(text)
                    when = parse_date(*trailing.groups()) if trailing and not m else None
                put(figure, parse_number(hit.group(1)), unit, when, page)
                if figure in ("child_protection_plans", "looked_after"):
                    rate = _RATE.search(current)
                    if rate:
                        key = (
                            "child_protection_rate"
                            if figure.startswith("child")
                            else "looked_after_rate"
                        )
                        put(key, float(rate.group(1)), "per_10000", as_of, page)
        if _NONE_UASC.search(text):
            put("uasc", 0.0, "count", as_of, page)
    joined, starts = "", []
    for t, _ in statements:
        starts.append(len(joined))
        joined += t + " "
    for (name, phase), pattern in _PAIR.items():
        m = pattern.search(joined)
        if m:
            at = max(i for i, start in enumerate(starts) if start <= m.start(1))
            put(f"{name}_{phase}_pct", float(m.group(1)), "percent", None, statements[at][1])
    order = {f: i for i, (f, _, _) in enumerate(_STATEMENT)}
    return sorted(found.values(), key=lambda c: (order.get(c.figure, 99), c.figure))
