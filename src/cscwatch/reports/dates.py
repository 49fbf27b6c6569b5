"""Dates as Ofsted prints them: '2 June 2014 – 25 June 2014', '30 October to 3 November 2023',
'11 to 15 September 2023', '15-19 July 2013', '13/01/2014 to 24/01/2014', 'At 31 May 14'."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}

_TOKEN = re.compile(
    r"(?P<numeric>\b\d{1,2}/\d{1,2}/\d{2,4}\b)"
    r"|(?P<year>\b(?:19|20)\d{2}\b)"
    r"|(?P<day>\b\d{1,2}(?:st|nd|rd|th)?\b)"
    r"|(?P<month>\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b)",
    re.IGNORECASE,
)


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if n < 100 else n


def dates_in(text: str) -> list[dt.date]:
    """Every date in a phrase such as '30 October to 3 November 2023', filling a day's missing
    month and year from those printed after it. Impossible dates are dropped."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]
    out: list[dt.date] = []
    month: int | None = None
    year: int | None = None
    for kind, value in reversed(tokens):
        try:
            if kind == "numeric":
                d, m, y = value.split("/")
                out.append(dt.date(_year(y), int(m), int(d)))
            elif kind == "year":
                year = int(value)
            elif kind == "month":
                month = MONTHS[value.lower()]
            elif kind == "day" and month and year:
                out.append(dt.date(year, month, int(re.sub(r"\D", "", value))))
        except ValueError:
            continue
    return sorted(out)


_SINGLE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(MONTHS) + r")\s+((?:19|20)?\d{2})\b",
    re.IGNORECASE,
)


def first_date(text: str) -> dt.date | None:
    """The first complete 'day month year' in ``text`` (two-digit years allowed)."""
    for m in _SINGLE.finditer(text):
        try:
            return dt.date(_year(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        except ValueError:
            continue
    found = dates_in(text)
    return found[0] if found else None


def pdf_date(value: str | None) -> dt.date | None:
    """A PDF metadata date such as "D:20140805123916+01'00'"."""
    m = re.match(r"D?:?(\d{4})(\d{2})(\d{2})", value or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
