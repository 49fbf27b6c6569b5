"""Checking what arrives over HTTP: dates, regions, councils, grades, limits.

Every check raises :class:`BadParameter` (a 400 with a message a person can act on) or
:class:`UnknownCouncil` (a 404 that carries the closest matches). The handlers take their
parameters already checked and typed, through the FastAPI dependencies at the end
(``AsOf``, ``Region``, ``CouncilPath``, ``Compared``, ``SearchFilters``...)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from fastapi import Depends, Query

from cscwatch import reference

EARLIEST = dt.date(2009, 1, 1)
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
FRAMEWORKS = ("ILACS", "SIF", "JTAI", "focused", "monitoring")
MAX_QUERY = 200
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 '&.,()-]{0,99}$")


class BadParameter(ValueError):
    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class UnknownCouncil(LookupError):
    def __init__(self, query: str, suggestions: list[reference.Council]):
        super().__init__(f"no council matches {query!r}")
        self.query = query
        self.suggestions = suggestions


def today() -> dt.date:
    return dt.date.today()


def as_of_date(value: str | None, name: str = "as_of") -> dt.date:
    """An ISO date between 2009 and today; today when absent."""
    if value is None or value == "":
        return today()
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadParameter(name, f"{value[:40]!r} is not a date; use YYYY-MM-DD") from None
    if day < EARLIEST:
        raise BadParameter(name, f"must be on or after {EARLIEST.isoformat()}")
    if day > today():
        raise BadParameter(name, f"must not be after today ({today().isoformat()})")
    return day


def optional_date(value: str | None, name: str) -> dt.date | None:
    return None if not value else as_of_date(value, name)


def regions() -> tuple[str, ...]:
    return tuple(sorted({c.region for c in reference.councils() if c.region}))


def region(value: str | None) -> str | None:
    """One of the nine English regions (case-insensitive), or None for England."""
    if not value:
        return None
    for r in regions():
        if r.lower() == value.strip().lower():
            return r
    raise BadParameter(
        "region", f"unknown region {value[:60]!r}; use one of: {', '.join(regions())}"
    )


def choice(value: str | None, name: str, allowed: tuple[str, ...]) -> str | None:
    if not value:
        return None
    for a in allowed:
        if a.lower() == value.strip().lower():
            return a
    raise BadParameter(name, f"{value[:40]!r} is not one of: {', '.join(allowed)}")


def text(value: str | None, name: str = "q", *, required: bool = False) -> str | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise BadParameter(name, "is required")
        return None
    if len(value) > MAX_QUERY:
        raise BadParameter(name, f"is too long (at most {MAX_QUERY} characters)")
    return value


def council(value: str) -> reference.Council:
    """A council from its slug (canonical), or its DfE/URN/ONS code or exact name.

    Raises UnknownCouncil with close matches when nothing matches exactly: a fuzzy guess is
    offered, never silently used."""
    value = (value or "").strip()
    if not value or not _SLUG.match(value):
        raise BadParameter(
            "council", "use a council's page name, code or name (letters, digits, hyphens)"
        )
    lowered = value.lower()
    for c in reference.councils():
        if lowered == c.slug or value in (c.la_code, c.urn, c.ons_code):
            return c
    key = reference.name_key(value.replace("-", " "))
    exact = [
        c
        for c in reference.councils()
        if key and key in {reference.name_key(n) for n in (c.name, *c.names)}
    ]
    if exact:
        current = [c for c in exact if c.end_date is None]
        return (current or exact)[0]
    raise UnknownCouncil(value, reference.suggest(value.replace("-", " "), limit=5, cutoff=60))


MOST_COMPARED = 10


def councils(
    values: list[str], *, least: int = 2, most: int = MOST_COMPARED
) -> list[reference.Council]:
    """The councils named in ``values`` (repeated or comma-separated). More than ``most``
    names is refused before any is looked up."""
    parts = [p for v in values for p in v.split(",") if p.strip()]
    distinct = list(dict.fromkeys(p.strip().lower() for p in parts))
    if len(distinct) > most:
        raise BadParameter("la", f"compare at most {most} councils at once (got {len(distinct)})")
    picked: list[reference.Council] = []
    for part in parts:
        c = council(part)
        if c not in picked:
            picked.append(c)
    if len(picked) > most:
        raise BadParameter("la", f"compare at most {most} councils at once (got {len(picked)})")
    if len(picked) < least:
        raise BadParameter("la", f"choose at least {least} different councils to compare")
    return picked


# The parameters as FastAPI dependencies: each handler receives them checked and typed. -------
_check_region = region  # the dependencies' own parameters are called region


def _as_of(as_of: str | None = None) -> dt.date:
    return as_of_date(as_of)


def _start(start: str | None = None) -> dt.date | None:
    return optional_date(start, "start")


def _end(end: str | None = None) -> dt.date:
    return as_of_date(end, "end")


def _region(region: str | None = None) -> str | None:
    return _check_region(region)


def _council(slug: str) -> reference.Council:
    return council(slug)


def _compared(
    la: list[str] = Query(
        default=[], description="Slugs, DfE codes or names: repeated or comma-separated."
    ),
) -> list[reference.Council]:
    return councils(la)


def _maybe_compared(la: list[str] = Query(default=[])) -> list[reference.Council]:
    return councils(la) if any(x.strip() for x in la) else []


def _search_filters(
    la: str | None = None,
    region: str | None = None,
    framework: str | None = None,
    grade: str | None = None,
    since: str | None = None,
    until: str | None = None,
    section: str | None = None,
    limit: int = Query(default=20, ge=1, le=100),
    offset: int | None = Query(default=None, ge=0, le=1_000_000),
    page: int | None = Query(default=None, ge=1, le=10_000),
    by: Literal["passage", "report"] = "passage",
) -> dict[str, Any]:
    """The search's filters from a URL: a council, dates and limit checked here; grade, region
    and section against search/filters.py (the framework against the registry, by the search);
    an unknown value is a 400 naming the valid ones and the closest. ``page`` (from 1) or
    ``offset`` picks which ``limit`` results come."""
    from cscwatch.search import filters as checks

    def check(name: str, value: str | None) -> str | None:
        try:
            return getattr(checks, name)(text(value, name))
        except checks.FilterError as exc:
            raise BadParameter(name, str(exc)) from None

    return {
        "limit": limit,
        "offset": (offset or 0) if page is None else (page - 1) * limit,
        "by": by,
        "la_code": council(la).la_code if la else None,
        "region": check("region", region),
        "framework": text(framework, "framework"),
        "grade": check("grade", grade),
        "since": optional_date(since, "since"),
        "until": optional_date(until, "until"),
        "section": check("section", section),
    }


AsOf = Annotated[dt.date, Depends(_as_of)]
Start = Annotated[dt.date | None, Depends(_start)]
End = Annotated[dt.date, Depends(_end)]
Region = Annotated[str | None, Depends(_region)]
CouncilPath = Annotated[reference.Council, Depends(_council)]
Compared = Annotated[list[reference.Council], Depends(_compared)]
MaybeCompared = Annotated[list[reference.Council], Depends(_maybe_compared)]
SearchFilters = Annotated[dict[str, Any], Depends(_search_filters)]
