"""The values a search may be narrowed to, and the check that a given one is among them.

Grades come from the vocabulary (data/vocabulary.yaml: id, label or short form, any case,
spaces or underscores), regions from the councils' reference data, sections from the
parser's sections (reports/passages.py), frameworks from the reports the registry holds.
An unknown value is a :class:`FilterError` naming the valid ones and the closest of them
(rapidfuzz), never an empty result."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from cscwatch import reference
from cscwatch.registry import read
from cscwatch.reports.passages import SECTIONS
from cscwatch.vocabulary import GRADE_LABELS, GRADE_SHORT, GRADES

if TYPE_CHECKING:  # imported when used: filters read through registry.read
    from sqlalchemy import Engine

__all__ = ["FilterError", "Choices", "choices", "grade", "region", "framework", "section"]

# How close (rapidfuzz WRatio, 0-100) a value must be to a valid one to be offered as "did you
# mean"; below it the message lists the valid values only.
CLOSEST_CUTOFF = 60


class FilterError(ValueError):
    """An unknown filter value (a usage error): ``name``, the ``value`` given, the ``valid``
    values and the ``closest`` of them (or None)."""

    def __init__(self, name: str, value: str, valid: tuple[str, ...]):
        self.name, self.value, self.valid = name, value, valid
        self.closest = closest(value, valid)
        hint = f" (did you mean {self.closest!r}?)" if self.closest else ""
        kind = "values of by" if name == "by" else f"{name}s"
        super().__init__(f"unknown {name} {value[:60]!r}{hint}; valid {kind}: {', '.join(valid)}")


def closest(value: str, valid: tuple[str, ...]) -> str | None:
    found = process.extractOne(
        value, valid, scorer=fuzz.WRatio, processor=_key, score_cutoff=CLOSEST_CUTOFF
    )
    return found[0] if found else None


def _key(value: str) -> str:
    return re.sub(r"[\s_-]+", " ", str(value)).strip().lower()


def _pick(name: str, value: str | None, valid: tuple[str, ...], aliases: dict[str, str]) -> str:
    if value is None or not value.strip():
        return ""
    found = aliases.get(_key(value))
    if found is None:
        raise FilterError(name, value, valid)
    return found


@cache
def _grades() -> dict[str, str]:
    aliases = {_key(g): g for g in GRADES}
    aliases |= {_key(GRADE_LABELS[g]): g for g in GRADES}
    aliases |= {_key(GRADE_SHORT[g]): g for g in GRADES}
    aliases[_key("requires improvement to be good")] = "requires_improvement"
    return aliases


def grade(value: str | None) -> str | None:
    """A grade id (``requires_improvement``) from its id, label or short form."""
    return _pick("grade", value, GRADES, _grades()) or None


@cache
def regions() -> tuple[str, ...]:
    return tuple(sorted({c.region for c in reference.councils() if c.region}))


def region(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    valid = regions()
    return _pick("region", value, valid, {_key(r): r for r in valid}) or None


def section(value: str | None) -> str | None:
    return _pick("section", value, SECTIONS, {_key(s): s for s in SECTIONS}) or None


def frameworks(engine: Engine) -> tuple[str, ...]:
    """The inspection frameworks of the reports in this registry (SIF, ILACS...)."""
    with engine.connect() as conn:
        rows = read.execute(
            conn, "SELECT DISTINCT framework FROM reports WHERE framework IS NOT NULL"
        )
        return tuple(sorted(r[0] for r in rows))


def framework(engine: Engine, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    valid = frameworks(engine)
    return _pick("framework", value, valid, {_key(f): f for f in valid}) or None


@dataclass(frozen=True)
class Choices:
    """Every value each filter takes, for a face's select lists."""

    grades: tuple[str, ...]
    regions: tuple[str, ...]
    frameworks: tuple[str, ...]
    sections: tuple[str, ...]


def choices(engine: Engine) -> Choices:
    return Choices(GRADES, regions(), frameworks(engine), SECTIONS)
