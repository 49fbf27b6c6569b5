"""Annex A configuration loaded from the versioned data files in ``cscwatch/data/annex_a``."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

DATA_PACKAGE = "cscwatch.data.annex_a"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: str
    codes: str | None = None
    aliases: tuple[str, ...] = ()
    mandatory: bool = False
    optional: bool = False
    event: bool = False
    visit: bool = False
    milestone: int | None = None


@dataclass(frozen=True)
class ListLayout:
    number: int
    title: str
    window_months: int
    grain: str
    columns: tuple[Column, ...]
    # what the data-quality rules need to know of the list (window_date, period, unique, ...:
    # described at the top of layout.yaml)
    rules: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def name(self) -> str:
        return f"List {self.number}"

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def column_keys(self, type_: str | None = None) -> list[str]:
        return [c.key for c in self.columns if type_ is None or c.type == type_]


@dataclass(frozen=True)
class CodeSet:
    name: str
    codes: dict[str, str]
    lookup: dict[str, str] = field(repr=False)
    extra: dict[str, Any] = field(default_factory=dict)

    def allowed(self) -> str:
        return ", ".join(self.codes)


def _text(name: str) -> str:
    return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def normalise_header(text: str) -> str:
    """Lower-case, straight quotes, no stray punctuation, single spaces."""
    text = str(text).replace("\u2018", "'").replace("\u2019", "'").replace("\u00a0", " ")
    text = text.replace("\u201c", '"').replace("\u201d", '"').lower()
    text = re.sub(r"[^a-z0-9'/&]+", " ", text)
    return " ".join(text.split())


def _column(spec: Any, common: dict[str, Any]) -> Column:
    if isinstance(spec, str):
        spec = {"key": spec, **common[spec]}
    return Column(
        key=spec["key"],
        header=spec["header"],
        type=spec["type"],
        codes=spec.get("codes"),
        aliases=tuple(spec.get("aliases", ())),
        mandatory=bool(spec.get("mandatory")),
        optional=bool(spec.get("optional")),
        event=bool(spec.get("event")),
        visit=bool(spec.get("visit")),
        milestone=spec.get("milestone"),
    )


@cache
def layouts() -> dict[int, ListLayout]:
    doc = yaml.safe_load(_text("layout.yaml"))
    out = {}
    for number, spec in doc["lists"].items():
        cols = tuple(_column(c, doc["common"]) for c in spec["columns"])
        extra = {k: v for k, v in spec.items() if k not in ("title", "window", "grain", "columns")}
        out[int(number)] = ListLayout(
            int(number), spec["title"], int(spec["window"]), spec["grain"], cols, extra
        )
    return out


def layout_version() -> str:
    return str(yaml.safe_load(_text("layout.yaml"))["version"])


def _code_key(text: str) -> str:
    return " ".join(str(text).lower().split())


@cache
def code_sets() -> dict[str, CodeSet]:
    doc = yaml.safe_load(_text("codes.yaml"))
    out = {}
    for name, spec in doc["sets"].items():
        codes = {str(k): str(v) for k, v in spec["codes"].items()}
        lookup: dict[str, str] = {}
        for code, label in codes.items():
            lookup[_code_key(code)] = code
            lookup.setdefault(_code_key(label), code)
        for alias, code in (spec.get("aliases") or {}).items():
            lookup[_code_key(alias)] = str(code)
        extra = {k: v for k, v in spec.items() if k not in ("codes", "aliases")}
        out[name] = CodeSet(name, codes, lookup, extra)
    return out


@cache
def rules() -> dict[str, dict[str, str]]:
    lines = [ln for ln in _text("rules.csv").splitlines() if not ln.startswith("#")]
    return {row["id"]: row for row in csv.DictReader(lines)}


@cache
def check_config() -> dict[str, Any]:
    """Thresholds and code lists of the data-quality rules."""
    return yaml.safe_load(_text("checks.yaml"))


@cache
def indicator_config() -> dict[str, Any]:
    return yaml.safe_load(_text("indicators.yaml"))


@cache
def benchmarks() -> dict[str, dict[str, dict[str, Any]]]:
    """indicator id -> measure -> benchmark record (value None when not retrieved)."""
    lines = [ln for ln in _text("benchmarks.csv").splitlines() if not ln.startswith("#")]
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for row in csv.DictReader(lines):
        record = dict(row)
        record["value"] = float(row["value"]) if row["value"] else None
        record["verified"] = row["verified"].strip().lower() == "yes"
        out.setdefault(row["indicator_id"], {})[row["measure"]] = record
    return out


def data_sources() -> dict[str, str]:
    """First comment line of each data file: what it is and where it came from."""
    names = ["layout.yaml", "codes.yaml", "rules.csv", "checks.yaml", "benchmarks.csv"]
    names += ["indicators.yaml", "bank_holidays.csv"]
    return {n: _text(n).splitlines()[0].lstrip("# ") for n in names}
