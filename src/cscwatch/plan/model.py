"""The records of an improvement plan, as read from or written to a plan file.

Values a team typed that are not what the column needs (a due date that is no date, a target
that is no number) are kept as the text typed, so that ``plan check`` can name them; every
record remembers the sheet row it was read from (``row``, 1-based as in a spreadsheet, the
header being row 1; in a YAML plan the item's number in its list, from 1), None for records made
by ``plan init``. ``row`` is left out of comparisons, so a plan written and read back equals
itself. Columns a team added to a sheet are kept in ``extra`` (header -> value) and written
back after the layout's columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def layout() -> dict[str, Any]:
    """The plan file's layout (``data/plan.yaml``): sheets, columns, statuses, version."""
    text = resources.files("cscwatch.data").joinpath("plan.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def statuses() -> list[str]:
    return list(layout()["statuses"])


def directions() -> list[str]:
    return list(layout()["directions"])


def _word(value: object) -> str:
    return " ".join(str(value).replace("_", " ").split()).lower()


def canonical_status(value: object) -> str | None:
    """The status ``value`` names (case and spacing ignored: 'On Track' is 'on track'), or
    None when it names none (blank, or a word that is no status)."""
    if value is None:
        return None
    word = _word(value)
    return word if word in statuses() else None


def canonical_direction(value: object) -> str | None:
    """'higher' or 'lower' (case and spacing ignored), else None."""
    if value is None:
        return None
    word = _word(value)
    return word if word in directions() else None


@dataclass
class Ask:
    """One thing Ofsted asked for: a recommendation of the latest full inspection, or an area
    for priority action of a visit after it. ``ask_id`` is stable across re-runs of init:
    ``<report_date>/R<position>`` or ``<report_date>/P<position>``."""

    ask_id: str
    source: str  # 'recommendation' | 'priority_action'
    report: str  # the kind of publication, in words ("Full inspection (ILACS)", "Focused visit")
    report_date: dt.date | str | None  # published
    position: int | str | None
    page: int | None = None
    themes: list[str] = field(default_factory=list)  # theme ids of data/themes.yaml
    text: str | None = None  # None where the registry holds no text (the embedded one)
    source_url: str | None = None
    row: int | None = field(default=None, compare=False)
    extra: dict[str, Any] = field(default_factory=dict)  # columns the team added, by header


@dataclass
class Action:
    ask_id: str
    action_id: str
    action: str | None = None
    owner: str | None = None
    due: dt.date | str | None = None
    status: str | None = None  # one of statuses(), as typed
    last_update: dt.date | str | None = None
    evidence: str | None = None
    row: int | None = field(default=None, compare=False)
    extra: dict[str, Any] = field(default_factory=dict)  # columns the team added, by header


@dataclass
class Measure:
    """An Annex A indicator (``indicator`` = an id of ``cscwatch readiness``) with a target and
    a direction, or a figure entered by hand (``value``, ``as_of``, ``source``)."""

    ask_id: str
    measure_id: str
    indicator: str | None = None
    description: str | None = None
    target: float | str | None = None
    direction: str | None = None  # 'higher' | 'lower'
    value: float | str | None = None
    as_of: dt.date | str | None = None
    source: str | None = None
    row: int | None = field(default=None, compare=False)
    extra: dict[str, Any] = field(default_factory=dict)  # columns the team added, by header


@dataclass
class HistoryRow:
    """One measure's figure in one board pack (written by ``plan pack``)."""

    pack_date: dt.date | str
    measure_id: str
    value: float | None = None
    target: float | None = None
    met: bool | None = None
    row: int | None = field(default=None, compare=False)
    extra: dict[str, Any] = field(default_factory=dict)  # columns the team added, by header


@dataclass
class Plan:
    council: str
    la_code: str | None
    layout_version: int = field(default_factory=lambda: int(layout()["version"]))
    created: dt.date | None = None
    registry: str | None = None  # which registry the asks came from (file, embedded)
    latest_inspection: dt.date | None = None
    asks: list[Ask] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    source: str | None = field(default=None, compare=False)  # the file it was read from
    # Made by ``plan init``: True when the registry held the asks' words, False when it holds
    # none (the embedded registry: asks by position and theme); None for a plan read from a file.
    registry_text: bool | None = field(default=None, compare=False)
