"""The councils with children's services, past and current: codes, regions, dates, names.

Loaded once from ``data/councils.csv`` (built by ``scripts/build_reference.py`` from
../shared/reference; sources and licences in ``data/README.md``).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

# Words that decorate a council's name without telling councils apart.
_FILLER = re.compile(
    r"\b(the|council|county|london borough|borough|metropolitan|city|of|royal|district|ua|corporation|"
    r"local authority|children'?s services)\b"
)


def name_key(name: str) -> str:
    """A spelling-insensitive key: 'Metropolitan Borough of Barnsley Council' -> 'barnsley'."""
    s = name.lower().replace("’", "'").replace("&", " and ")
    s = re.sub(r"[^a-z' ]+", " ", s)
    s = _FILLER.sub(" ", s)
    return " ".join(s.split())


@dataclass(frozen=True)
class Council:
    la_code: str
    urn: str
    ons_code: str
    name: str
    region: str
    la_type: str
    start_date: dt.date | None
    end_date: dt.date | None
    successors: tuple[str, ...]
    predecessors: tuple[str, ...]
    stat_neighbours: tuple[str, ...]
    names: tuple[str, ...]

    def exists_on(self, day: dt.date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or day <= self.end_date
        )

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") + f"-{self.la_code}"


def _date(s: str) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _split(s: str, sep: str = ";") -> tuple[str, ...]:
    return tuple(x for x in s.split(sep) if x)


@cache
def councils() -> tuple[Council, ...]:
    text = resources.files("cscwatch.data").joinpath("councils.csv").read_text("utf-8")
    return tuple(
        Council(
            la_code=r["la_code"],
            urn=r["urn"],
            ons_code=r["ons_code"],
            name=r["name"],
            region=r["region"],
            la_type=r["la_type"],
            start_date=_date(r["start_date"]),
            end_date=_date(r["end_date"]),
            successors=_split(r["successors"]),
            predecessors=_split(r["predecessors"]),
            stat_neighbours=_split(r["stat_neighbours"]),
            names=_split(r["names"], "|"),
        )
        for r in csv.DictReader(text.splitlines())
    )


@cache
def by_code() -> dict[str, Council]:
    return {c.la_code: c for c in councils()}


@cache
def _keys() -> dict[str, tuple[Council, ...]]:
    out: dict[str, list[Council]] = {}
    for c in councils():
        for n in {name_key(n) for n in (*c.names, c.name)}:
            if n:
                out.setdefault(n, []).append(c)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _key_pattern() -> re.Pattern[str]:
    keys = sorted(_keys(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b")


def existing_on(day: dt.date) -> list[Council]:
    return [c for c in councils() if c.exists_on(day)]


def _pick(candidates: tuple[Council, ...], on: dt.date | None) -> Council:
    if on is not None:
        alive = [c for c in candidates if c.exists_on(on)]
        if alive:
            return alive[0]
    # Without a date, prefer the council that exists today.
    current = [c for c in candidates if c.end_date is None]
    return (current or list(candidates))[0]


def resolve_name(text: str, on: dt.date | None = None) -> Council | None:
    """The council named in ``text`` (the longest known name found in it), or None."""
    key = name_key(text)
    best: str | None = None
    for m in _key_pattern().finditer(key):
        if best is None or len(m.group(1)) > len(best):
            best = m.group(1)
    return _pick(_keys()[best], on) if best else None


# How close (rapidfuzz ratio, 0-100) a misspelt name must be to a council's name to be taken as
# meant; anything less is a suggestion, never an answer ('Gotham' is not Southampton).
CLOSE_ENOUGH = 80


def find(query: str) -> Council | None:
    """A council from a user's words: URN, DfE code, ONS code, slug, a name (or a word of one,
    'Brighton') found in the words, or a close spelling ('Barnsly'). None when nothing is close
    enough: offer ``suggest(query)`` then."""
    q = query.strip()
    if not q:
        return None
    for c in councils():
        if q in (c.la_code, c.urn, c.ons_code) or q.lower() == c.slug:
            return c
    key = name_key(q)
    if not key:
        return None
    if key in _keys():
        return _pick(_keys()[key], None)
    named = resolve_name(q)
    if named is not None:
        return named
    words = set(key.split())
    for c in suggest(q, 1):
        for name_ in {name_key(n) for n in (*c.names, c.name)}:
            if fuzz.ratio(key, name_) >= CLOSE_ENOUGH or words <= set(name_.split()):
                return c
    return None


def suggest(query: str, limit: int = 5, cutoff: float = 70) -> list[Council]:
    """Councils whose names are closest to ``query`` (for 'did you mean')."""
    keys = list(_keys())
    hits = process.extract(name_key(query), keys, scorer=fuzz.WRatio, limit=limit * 3)
    seen: dict[str, Council] = {}
    for key, score, _ in hits:
        if score >= cutoff:
            c = _pick(_keys()[key], None)
            seen.setdefault(c.la_code, c)
    return list(seen.values())[:limit]
