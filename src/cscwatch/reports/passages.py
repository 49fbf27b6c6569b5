"""Split a report's page texts into passages (paragraphs) for the text index.

pypdfium2 gives one line per visual line, so paragraphs are rebuilt: a new passage starts
at a numbered paragraph ("12. ..."), a bullet, a heading, or after a short line that ends a
sentence (the last line of a paragraph is shorter than the text width). A paragraph that
runs over a page break is kept whole, with the page it starts on.

Each passage carries the report's current section, normalised to a short set of names:
"Summary", "What needs to improve", "Help and protection", "Children in care",
"Care leavers", "Leadership", "LSCB", "Local authority information", "Other".

Running headers, page numbers, footnotes (via reports.pagelines), contents pages and Ofsted's
notices (copyright and licence, complaints, how to get the document) are dropped: a notice ends
its page, and the text after it opens a new passage, so that a copyright notice on an inside
cover ends nothing and a second report in the same file is read too. Pure: a function of the
report's cleaned pages (reports.pagelines.clean_pages).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cscwatch.reports.pagelines import (
    NUMBERED_RE,
    STRONG_BULLET_RE,
    CleanPages,
    Line,
    heading_key,
    join_wrapped,
)

__all__ = ["Passage", "SECTIONS", "split_passages", "section_of"]

SECTIONS = (
    "Summary",
    "What needs to improve",
    "Help and protection",
    "Children in care",
    "Care leavers",
    "Leadership",
    "LSCB",
    "Local authority information",
    "Other",
)


class Passage(NamedTuple):  # (a named tuple: cheap to make and to send between processes)
    page: int
    section: str
    text: str


# (pattern on heading_key, section); first match wins. Anchored at the start of the line.
_HEADINGS = [
    (r"what does the lscb need to improve|the local safeguarding children board"
     r"|section \d+:? the effectiveness of the (lscb|local safeguarding)"
     r"|the effectiveness of the (lscb|local safeguarding children board)"
     r"|inspection judgement about the lscb|recommendations for the lscb", "LSCB"),
    (r"what needs to improve|what does the (local authority|council|authority) need to improve"
     r"|recommendations$|areas for improvement$|priority and immediate action", "What needs to improve"),
    (r"summary of findings|executive summary|summary for children", "Summary"),
    (r"information about this (local authority )?area", "Local authority information"),
    (r"the experiences and progress of children who need help"
     r"|children who need help and protection", "Help and protection"),
    (r"the graded judgement (about|for) the experiences? and progress of care leavers"
     r"|the experiences and progress of (children in care and )?care leavers$"
     r"|the experiences and progress of care leavers|experiences and progress of care leavers",
     "Care leavers"),
    (r"the experiences and progress of (children in care|children looked after)"
     r"|children looked after and achieving permanence|adoption performance"
     r"|the graded judgement for adoption performance", "Children in care"),
    (r"the impact of leaders|leadership, management and( governance)?$", "Leadership"),
    (r"information about this inspection|what the inspection judgements mean"
     r"|the local authority's strengths|progress since the last inspection"
     r"|inspection judgements about the local authority$|contents$", "Other"),
]  # fmt: skip
_HEADING_RES = [(re.compile("^(" + p + ")"), s) for p, s in _HEADINGS]
_GRADE_TAIL = re.compile(
    r"[:\s]*(is\s+)?(good|outstanding|inadequate|requires? improvement( to be good)?|adequate)\s*$"
)
# The words _GRADE_TAIL can end with: only such headings need it.
_GRADE_WORDS = ("good", "outstanding", "inadequate", "improvement", "adequate")
# Matched against lower-cased text (much faster than re.IGNORECASE).
_BOILERPLATE_LOW = re.compile(
    r"regulates and inspects to achieve excellence|open government licence|crown copyright"
    r"|enquiries@ofsted|if you would like a copy of this document|interested in our work"
    r"|any complaints about the inspection"
    r"|^the office for standards in education, children.s services and skills \(ofsted\)\s*$",
    re.M,
)


# Every boilerplate match contains one of these words (a cheap test that skips the regex;
# single words, so a passage holds one only if a line of it does).
_BOILERPLATE_WORDS = (
    "excellence",
    "licence",
    "copyright",
    "@ofsted",
    "document",
    "interested",
    "(ofsted)",
    "complaints",
)


def _boilerplate(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _BOILERPLATE_WORDS) and _BOILERPLATE_LOW.search(low) is not None


_TERMINAL = (".", ";", ":", "?", "!", ")", "\u2019", "'", '"', "\u201d")


def section_of(heading: str) -> str | None:
    """The normalised section a heading opens, or None if it is not a known heading."""
    key = heading_key(heading)
    if key.endswith(_GRADE_WORDS):
        key = _GRADE_TAIL.sub("", key)
    key = key.rstrip(" :")
    if key.startswith("the experiences and progress of children in care and care leavers"):
        return "Children in care"  # ILACS before 2023: one judgement for both
    for pattern, section in _HEADING_RES:
        if pattern.match(key):
            return section
    return None


def _is_heading(text: str) -> bool:
    """A short line that starts with a capital letter (so it is not a numbered paragraph or
    a bullet) and does not end a sentence (``text`` is stripped)."""
    return len(text) <= 110 and text[:1].isupper() and not text.endswith((".", ",", ";"))


def _new_item(text: str) -> bool:
    """A numbered paragraph or a bullet (``text`` is stripped: the first character tells)."""
    first = text[:1]
    if first.isdecimal():
        return NUMBERED_RE.match(text) is not None
    return not first.isalnum() and STRONG_BULLET_RE.match(text) is not None


def split_passages(cleaned: CleanPages) -> list[Passage]:
    """The passages of a report's cleaned pages (reports.pagelines.clean_pages)."""
    lines: list[Line] = []
    # Boilerplate within a passage (the cut below reads single lines) is rare: passages are
    # tested only when the pages they come from hold one of the words every match has (each
    # word lies within one line: joining lines makes no new word).
    flagged: set[int] = set()  # those pages
    breaks: set[int] = set()  # lines that follow a page cut short: each opens a passage
    for page in cleaned:
        if any(heading_key(x.text) == "contents" for x in page[:3]):
            continue  # a contents page: headings with page numbers, nothing to search
        low = "\n".join([x.text for x in page]).lower()
        if any(w in low for w in _BOILERPLATE_WORDS):
            flagged.add(page[0].page)
            cut = next((i for i, x in enumerate(page) if _boilerplate(x.text)), None)
            if cut is not None and page[0].page == 1:
                # a first page: a letter's letterhead (what data/furniture.yaml does not
                # know of it), never the closing page
                lines.extend(x for x in page if not _boilerplate(x.text))
                continue
            if cut is not None:
                # Ofsted's copyright and licence notice ends its page, not the file: it may
                # stand on the inside cover, before the text (the reports of 2013), or close a
                # report that another follows in the same file (an inspection with its
                # safeguarding board's review appended)
                lines.extend(page[:cut])
                breaks.add(len(lines))
                continue
        lines.extend(page)
    width = _text_width(lines)

    out: list[Passage] = []
    section = "Summary"
    parts: list[str] = []
    suspect = False  # a line of parts is on a flagged page
    start_page = 1
    in_lscb = False

    def flush() -> None:
        nonlocal parts, suspect
        if not parts:
            return
        # (a bullet or number can only open a passage: each one starts a new passage)
        first = parts[0]
        if not first[:1].isalnum():
            first = STRONG_BULLET_RE.sub("", first, count=1)
        text = join_wrapped([first, *parts[1:]])
        if text[:1].isdigit():
            text = NUMBERED_RE.sub("", text, count=1)
        label = len(text) < 80 and not text.endswith(_TERMINAL)  # a stray sub-heading
        if len(text) >= 25 and not label and not (suspect and _boilerplate(text)):
            out.append(Passage(start_page, section, text))
        parts, suspect = [], False

    full = 0.72 * width  # a line at least this long is a full line (it may wrap on)
    # What the loop asks of each line, worked out for all lines at once (lines are stripped).
    texts = [x.text for x in lines]
    lengths = list(map(len, texts))
    ends = [t.endswith(_TERMINAL) for t in texts]
    headingish = list(map(_is_heading, texts))
    last = -1  # the line last added to parts
    i = 0
    while i < len(texts):
        if i in breaks:
            flush()
        text = texts[i]
        # the previous line ended a sentence; it was shorter than a full line
        ended = bool(parts) and ends[last]
        short_prev = bool(parts) and lengths[last] < full
        # the previous line is a wrapped sentence (long, unpunctuated): this one continues it
        prev_open = bool(parts) and not ended and not short_prev
        if not prev_open and headingish[i] and lines[i].page > 1:
            nxt = texts[i + 1] if i + 1 < len(texts) else ""
            joined = f"{text} {nxt}"
            found = section_of(text)
            if (
                (found is None or heading_key(text).startswith("the experiences and progress"))
                and 0 < len(nxt) < 80
                and not NUMBERED_RE.match(nxt)
                and section_of(joined)
            ):
                found = section_of(joined)
                i += 1
            if found is not None:
                flush()
                if found == "LSCB":
                    in_lscb = True
                elif found in ("Help and protection", "Children in care", "Leadership"):
                    in_lscb = False
                section = (
                    "LSCB" if in_lscb and found in ("What needs to improve", "Summary") else found
                )
                i += 1
                continue
        if parts and (
            (ended and short_prev)
            or (ended and lengths[i] < 60 and headingish[i])
            or _new_item(text)
        ):
            flush()
        if not parts:
            start_page = lines[i].page
        parts.append(text)
        if flagged and lines[i].page in flagged:
            suspect = True
        last = i
        i += 1
    flush()
    return out


def _text_width(lines: list[Line]) -> int:
    """The usual length of a full line (the 90th percentile), for spotting paragraph ends."""
    lengths = sorted(len(x.text) for x in lines)
    if not lengths:
        return 80
    return max(40, lengths[int(0.9 * (len(lengths) - 1))])
