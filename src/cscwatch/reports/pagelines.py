"""Clean the page texts pypdfium2 gives us into lines of body text.

A report's pages are cleaned once (reports/parse.py calls ``clean_pages``) and the result is
passed to the text extractors (recommendations, context figures) and the passage splitter.
Pure functions of the page texts: nothing here knows which council or which file it reads.

What is removed:
- running headers and footers: lines, with digits masked, that recur at the top or bottom
  of many pages ("Inspection of X local authority children's services", "18 March to 22
  March 2024 7", "Norfolk County Council Inspection of looked after children services 6");
- bare page numbers at the top or bottom of a page;
- footnotes: a blank separator line followed by "2 The local authority was given ...";
- Ofsted's letterhead on the first page of a letter, at its top or its foot (the lines of
  ``data/furniture.yaml``, three or more in a row), so that a sentence it interrupts runs on.

What is normalised: CRLF, pdfium's U+FFFE marker for a hyphen at a line break (it is a
real hyphen in "multi-agency"), narrow and non-breaking spaces.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from importlib import resources
from itertools import groupby, repeat
from typing import NamedTuple

import yaml

# Bullet glyphs seen in Ofsted reports: Wingdings private-use code points from Word (,
# , ...), black squares, dots and dashes.
BULLETS = (
    "\uf06e\uf0a7\uf0b7\uf02d\uf0be\uf0d8\uf0fc\u25fc\u25aa\u25a0\u2022\u25cf\u2013\u2212\u27a2-*"
)
BULLET_RE = re.compile(r"^\s*[" + re.escape(BULLETS) + r"]\s*")
# A bullet that is certainly a bullet (dashes can start a wrapped line: "– 8 October").
STRONG_BULLET_RE = re.compile(
    r"^\s*[\uf06e\uf0a7\uf0b7\uf02d\uf0be\uf0d8\uf0fc\u25fc\u25aa\u25a0\u2022\u25cf]\s*"
)
NUMBERED_RE = re.compile(r"^\s*(\d{1,3})\.(?:\s+(?=\S)|(?=[A-Z\u2018']))")

# (str.translate with a table is far slower than a few str.replace calls.)
_REPLACE = (
    ("\r\n", "\n"),
    ("\r", "\n"),
    ("\ufffe", "-"),
    ("\u00ad", "-"),
    ("\u202f", " "),
    ("\u00a0", " "),
    ("\u2009", " "),
    ("\t", " "),
)

_MASK_DIGITS = re.compile(r"\d+")


class Line(NamedTuple):  # (a named tuple: reports have thousands of lines)
    page: int  # 1-based
    text: str  # stripped of surrounding whitespace; never empty


# A report's body text: per page, its lines with the furniture removed (``clean_pages``).
CleanPages = list[list[Line]]


def normalise(text: str) -> str:
    for old, new in _REPLACE:
        if old in text:
            text = text.replace(old, new)
    return text


def _key(line: str) -> str:
    return _MASK_DIGITS.sub("#", line.strip().lower())


def _edges(lines: list[str], n: int = 3) -> list[str]:
    body = [x for x in lines if x.strip()]
    return body[:n] + body[-n:]


def running_lines(pages: list[list[str]]) -> set[str]:
    """Keys (digits masked) of lines at the top or bottom of at least 30% of pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_key(x) for x in _edges(lines)})
    need = max(3, int(0.3 * len(pages)))
    return {k for k, c in counts.items() if c >= need and k not in ("", "-")}


_FOOTNOTE_START = re.compile(r"^\d{1,2}(\s|$)")


def _strip_footnotes(lines: list[str]) -> list[str]:
    """Cut a footnote block: a whitespace-only line followed by '<n> text' or '<n>' near the end."""
    n = len(lines)
    for i in range(max(0, n - 14), n):
        x = lines[i]
        if x.strip() or x == "":
            continue
        rest = [y for y in lines[i + 1 :] if y.strip()]
        if rest and _FOOTNOTE_START.match(rest[0].strip()):
            return lines[:i]
    return lines


def _whole_lines(patterns: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(f"(?:{x})" for x in patterns)
    return re.compile(rf"(?:{alternatives})[,.]?\Z", re.IGNORECASE)


@cache
def _letterhead() -> tuple[re.Pattern[str], int, re.Pattern[str]]:
    data = yaml.safe_load(
        resources.files("cscwatch.data").joinpath("furniture.yaml").read_text("utf-8")
    )
    head = data["letterhead"]
    return _whole_lines(head["lines"]), int(head["min_run"]), _whole_lines(data["page_one"])


def drop_letterhead(body: list[str]) -> list[str]:
    """``body`` (a first page's stripped lines) without the runs of letterhead lines in it and
    the other lines that are not the letter's text."""
    pattern, min_run, alone = _letterhead()
    out: list[str] = []
    lines = (x for x in body if not alone.match(x))
    for is_head, run in groupby(lines, key=lambda x: pattern.match(x) is not None):
        run_lines = list(run)
        if not (is_head and len(run_lines) >= min_run):
            out += run_lines
    return out


def clean_pages(pages: list[str]) -> CleanPages:
    """Per page, the body lines (stripped, non-empty) with furniture removed."""
    raw = [normalise(p).split("\n") for p in pages]
    raw = [_strip_footnotes(lines) for lines in raw]
    running = running_lines(raw)
    out: CleanPages = []
    for no, lines in enumerate(raw, start=1):
        body = [x for x in map(str.strip, lines) if x]
        if no == 1:  # (a letter's letterhead: only ever on its first page)
            body = drop_letterhead(body)
        # bare page number first or last
        if body and _page_number(body[0]):
            body = body[1:]
        if body and _page_number(body[-1]):
            body = body[:-1]
        if running:
            top = [x for x in body[:3] if _key(x) in running]
            bottom = [x for x in body[-3:] if _key(x) in running]
            drop = set(top) | set(bottom)
            if drop:  # (only the first and last three lines can go)
                n = len(body)
                body = [x for j, x in enumerate(body) if (3 <= j < n - 3) or x not in drop]
        out.append(_lines(no, body))
    return out


def _lines(page: int, texts: list[str]) -> list[Line]:
    """``[Line(page, t) for t in texts]``, made without a Python call per line (reports have
    thousands of lines: this was a third of the cleaning)."""
    return list(map(tuple.__new__, repeat(Line), zip(repeat(page), texts)))


def _page_number(line: str) -> bool:
    return len(line) <= 3 and line.isdecimal()  # (isdecimal: exactly re's \d)


def body_lines(cleaned: CleanPages) -> list[Line]:
    """The body lines of every page, in order."""
    return [line for page in cleaned for line in page]


def join_wrapped(parts: list[str]) -> str:
    """Join visual lines into one string: a line ending in a hyphen joins without a space
    when the hyphen is part of a compound ("multi-" + "agency"); any run of white space
    becomes one space."""
    parts = [p for p in map(str.strip, parts) if p]
    if not any(p.endswith("-") for p in parts[:-1]):  # the usual case: no hyphen at a break
        return _single_spaced(" ".join(parts))
    out = ""
    for p in parts:
        if not out:
            out = p
        elif out.endswith("-") and not out.endswith(" -"):
            out += p
        else:
            out += " " + p
    return _single_spaced(out)


def _single_spaced(text: str) -> str:
    # Every white-space character but the space is unprintable, so a printable text with no
    # double space is already single-spaced (the usual case: no need to split it into words).
    if text.isprintable() and "  " not in text:
        return text.strip()
    return " ".join(text.split())


def strip_bullet(text: str) -> str:
    return BULLET_RE.sub("", text, count=1)


def is_bullet(text: str, strong: bool = True) -> bool:
    return bool((STRONG_BULLET_RE if strong else BULLET_RE).match(text))


def heading_key(text: str) -> str:
    """A line as a heading: lower case, curly quotes straightened, footnote digit and
    trailing punctuation dropped ("What needs to improve?1" -> "what needs to improve")."""
    s = text.strip().lower().replace("\u2019", "'").replace("\u2018", "'")
    if s[-1:].isdigit():
        s = _FOOTNOTE_MARK.sub("", s)
    return s.rstrip(" ?:.").strip()


_FOOTNOTE_MARK = re.compile(r"(?<=[a-z?:)])\d{1,2}$")
