"""What Ofsted told the council to improve, as structured records.

- ILACS (2018 on): the "What needs to improve?" bullets.
- SIF (2013-2018): the "What does the local authority need to improve?" section with its
  "Priority and immediate action" and "Areas for improvement" numbered items, or (from
  2015) the "Recommendations" section; the LSCB's own recommendations are left out (they
  are addressed to the board, not the council).
- Older looked-after-children and safeguarding inspections (2012-13): "Areas for
  improvement" with "Immediately:" (priority) and "Within three/six months:" bullets.

Pure: a function of the report's cleaned pages (reports.pagelines.clean_pages). Wrapped lines are joined, bullet glyphs and item
numbers dropped, running headers, page numbers and footnotes removed. ``position`` is the
order in the report (1, 2, ...), not the paragraph number printed beside the item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cscwatch.reports.pagelines import (
    NUMBERED_RE,
    CleanPages,
    Line,
    body_lines,
    heading_key,
    is_bullet,
    join_wrapped,
    strip_bullet,
)

__all__ = ["Recommendation", "extract_recommendations", "PRIORITY_ACTION", "INSPECTION_KINDS"]

# The kind of an area for priority action that a visit letter sets (reports/visits.py), stored
# with the recommendations of full inspections as rows of the visit's report.
PRIORITY_ACTION = "priority_action"
# The kinds of a full inspection's recommendations (what this module reads).
INSPECTION_KINDS = ("priority", "improvement")


@dataclass(frozen=True)
class Recommendation:
    position: int
    kind: str  # 'priority' | 'improvement' (an inspection's); 'priority_action' (a visit's)
    text: str
    page: int


# Headings that open the council's list (compared with heading_key()).
_START = re.compile(
    r"^(what needs to improve|what does the (local authority|council|authority) need to improve"
    r"|recommendations|areas for improvement|priority and immediate actions?)$"
)
_PRIORITY = re.compile(
    r"^(priority and immediate actions?|priority actions?|immediately|immediate actions?)$"
)
_IMPROVE = re.compile(
    r"^(areas for improvement|recommendations|within (one|two|three|four|six|twelve|\d+) months?"
    r"|within (a|one) year|in the (longer|medium) term)$"
)
# Headings after which the council's list is over.
_STOP = re.compile(
    "^("
    + "|".join(
        [
            r"the local authority's strengths",
            r"summary for children and young people",
            r"information about this",
            r"inspection judgements? about",
            r"the experiences and progress",
            r"the impact of leaders",
            r"progress since the last inspection",
            r"the local safeguarding children board",
            r"what does the lscb",
            r"section \d",
            r"the effectiveness of the (lscb|local safeguarding)",
            r"key strengths",
            r"summary of findings",
            r"contents",
            r"executive summary",
            r"the local authority$",
            r"overall effectiveness",
            r"what the inspection judgements",
            r"inspection findings",
            r"leadership, management and governance\b.*(good|inadequate|improvement|outstanding)",
            r"the experiences and progress",
            r"review of the effectiveness",
            r"next steps",
            r"recommendations for the lscb",
            r"what the lscb",
            r"local safeguarding children board",
            r"grade \d",
            r"record of main",
        ]
    )
    + ")"
)
# Lines that say there is nothing in a category.
_NONE = re.compile(
    r"\b(no|not find any|did not identify any)\b.*\b(priority|immediate|actions?)\b", re.I
)
_NOTHING = re.compile(
    r"^(the inspection (did not|has not) (find|identify|identified)|there (are|were) no"
    r"|no (areas|priority|immediate))",
    re.I,
)
_INTRO = re.compile(r"(following actions?|should:?|to:)\s*$|take the following", re.I)
_TERMINAL = (".", ";", ")", "?", "!", "’", "'", '"', "”")


# The longest line that can be a heading: _heading_like() allows 70 characters, and the
# longest heading in _START is shorter still.
_HEADING_MAX = 80


def _heading_like(text: str) -> bool:
    """A short line with no terminal punctuation that starts with a capital: a sub-heading."""
    t = text.strip()
    return (
        len(t) <= 70
        and t[:1].isupper()
        and not t.endswith((".", ",", ";", ":"))
        and not NUMBERED_RE.match(t)
        and not is_bullet(t)
    )


_LSCB_SECTION = re.compile(
    "^("
    + "|".join(
        [
            r"the local safeguarding children board",
            r"section \d+:? the effectiveness of the (lscb|local safeguarding)",
            r"what does the lscb need to improve",
            r"the effectiveness of the (lscb|local safeguarding children board)",
            r"review of the effectiveness of the local safeguarding",
        ]
    )
    + ")"
)


# A line can only be one of those headings if it starts like one (heading_key changes only
# quotes, which the headings have none of, and the line's end): a cheap test first.
_MAY_OPEN = re.compile(
    "|".join([_START.pattern.removesuffix("$"), _LSCB_SECTION.pattern, "^contents"])
)


def _candidates(lines: list[Line]) -> list[int]:
    """Where the council's list may start: its heading as a whole line (a trailing footnote
    digit allowed), not on a contents page, not inside the LSCB's part of the report."""
    # (Only short lines can be headings: the longer ones are not looked at.)
    short = [
        (i, x, heading_key(x.text))
        for i, x in enumerate(lines)
        if len(x.text) <= _HEADING_MAX and _MAY_OPEN.match(x.text.lower())
    ]
    contents_pages = {x.page for _, x, key in short if key == "contents"}
    out = []
    for i, line, key in short:
        if (
            line.page > 1
            and _LSCB_SECTION.match(key)
            and _heading_like(line.text)
            and not re.search(r"\s\d+$", line.text)
        ):
            break
        if (
            _START.match(key)
            and not re.search(r"\s\d+$", line.text)
            and line.page not in contents_pages
        ):
            out.append(i)
    return out


def extract_recommendations(cleaned: CleanPages) -> list[Recommendation]:
    """The recommendations in a report's cleaned pages (reports.pagelines.clean_pages)."""
    lines = body_lines(cleaned)
    for start in _candidates(lines):
        recs = _read_list(lines, start)
        if recs:
            return recs
    return []


def _read_list(lines: list[Line], start: int) -> list[Recommendation]:
    kind = "priority" if _PRIORITY.match(heading_key(lines[start].text)) else "improvement"
    items: list[tuple[str, int, list[str], int | None]] = []  # kind, page, parts, number
    current: list[str] | None = None
    last_number: int | None = None
    sublist = False  # inside a numbered item's own bullet list ("... by: • ... • ...")
    rest = lines[start + 1 :]
    for i, line in enumerate(rest):
        text = line.text
        key = heading_key(text)
        if _PRIORITY.match(key):
            kind, current = "priority", None
            continue
        if _IMPROVE.match(key):
            kind, current = "improvement", None
            continue
        finished = current is None or current[-1].rstrip().endswith(_TERMINAL)
        if (finished or _heading_like(text)) and (
            _STOP.match(key) or ("strengths" in key and len(key) < 60)
        ):
            break
        m = NUMBERED_RE.match(text)
        if m:
            n = int(m.group(1))
            if items and items[-1][3] is None:
                break  # numbered paragraphs after a list of bullet items: the next section
            if last_number is None or n == last_number + 1:
                current = [text[m.end() :]]
                items.append((kind, line.page, current, n))
                last_number, sublist = n, False
                continue
            if finished:
                break  # a new, unrelated run of numbered paragraphs
        if is_bullet(text):
            body = strip_bullet(text)
            parent_text = re.sub(r"\s*\([^)]*\)\s*$", "", " ".join(current or []).rstrip())
            if (
                current is not None
                and items[-1][3] is not None
                and (sublist or parent_text.endswith(":") or body[:1].islower())
            ):
                current.append(body)  # a sub-list inside a numbered item
                sublist = True
            else:
                current = [body]
                items.append((kind, line.page, current, None))
            continue
        if current is None:
            continue  # prose before the first item ("There are no priority actions.")
        if not finished and items[-1][3] is None and _heading_like(text):
            # an unpunctuated bullet (older reports) followed by a heading, then the next
            # section's numbered paragraphs or grade: the list is over
            ahead = [x.text for x in rest[i + 1 : i + 3]]
            if any(NUMBERED_RE.match(x) or re.match(r"(?i)grade \d", x) for x in ahead):
                break
        if finished and _heading_like(text):
            # a sub-heading between items ("Quality of practice"), or the next section
            if items[-1][3] is None and not _NONE.search(text):
                break  # bullet lists have no sub-headings: this is the end of the list
            current = None
            continue
        if finished and _NONE.search(text):
            current = None
            continue
        current.append(text)
    out: list[Recommendation] = []
    for kind_, page, parts, _n in items:
        text = join_wrapped(parts)
        if not text or _NOTHING.search(text):
            continue
        if _INTRO.search(text) and len(items) > 1 and text.endswith(("action.", "actions.", ":")):
            continue
        out.append(Recommendation(len(out) + 1, kind_, text, page))
    return out
