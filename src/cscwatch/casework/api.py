"""Public functions: read a workbook, check it, and compute readiness at a reference date.

Everything returns plain data (dicts, lists, dataclasses, Polars frames); nothing prints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from cscwatch.casework import checks
from cscwatch.casework.frames import Context
from cscwatch.casework.indicators import Indicator, compute
from cscwatch.casework.read import Workbook
from cscwatch.casework.read import read_workbook as _read
from cscwatch.casework.sample import case_sample

FINDING_FIELDS = ["list", "row", "column", "rule", "severity", "message"]


@dataclass
class CheckResult:
    as_of: dt.date
    as_of_inferred: bool
    findings: pl.DataFrame

    @property
    def summary(self) -> dict[str, int]:
        return checks.summary(self.findings)

    def records(self) -> list[dict[str, Any]]:
        return self.findings.select(FINDING_FIELDS).to_dicts()


def read_workbook(path: str | Path) -> Workbook:
    return _read(path)


def parse_date(text: str | dt.date | None) -> dt.date | None:
    """A reference date (YYYY-MM-DD or dd/mm/yyyy); None stays None (the date is then inferred).
    Text that is no date raises ValueError: going on with another date would mislead."""
    if text is None or isinstance(text, dt.date):
        return text
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date: use YYYY-MM-DD")


def _workbook(source: str | Path | Workbook) -> Workbook:
    return source if isinstance(source, Workbook) else _read(source)


def check(
    source: str | Path | Workbook,
    as_of: str | dt.date | None = None,
    pseudonyms: dict[str, str] | None = None,
) -> CheckResult:
    """Data-quality findings; without ``as_of`` the latest event date is used as R. With
    ``pseudonyms`` (child ID -> pseudonym) findings name children by their pseudonyms."""
    wb = _workbook(source)
    R = parse_date(as_of)
    inferred = R is None
    if R is None:
        R = checks.infer_reference_date(wb)
    findings = checks.check(wb, R, pseudonyms)
    return CheckResult(R or dt.date.today(), inferred, findings)


def pseudonyms(wb: Workbook) -> dict[str, str]:
    """A fresh pseudonym (salted hash, new salt each run) for every child ID in the workbook."""
    salt = secrets.token_hex(16)
    ids: set[str] = set()
    for ld in wb.lists.values():
        ids.update(ld.frame["child_id"].drop_nulls().to_list())
    return {
        c: "P" + hashlib.sha256((salt + c).encode()).hexdigest()[:10].upper() for c in sorted(ids)
    }


def _pseudonymise_indicator(ind: dict[str, Any], names: dict[str, str]) -> None:
    for key in ("children", "exceptions"):
        ind[key] = sorted(names[c] for c in ind.get(key, []))
    for sub in ind.get("sub_measures", []):
        sub["children"] = sorted(names[c] for c in sub.get("children", []))


def readiness(
    source: str | Path | Workbook,
    as_of: str | dt.date | None,
    pseudonymise: bool = False,
    sample_size: int = 50,
) -> dict[str, Any]:
    """Indicators, data quality and case sample at ``as_of`` as plain data.

    The keys ``as_of``, ``indicators`` and ``data_quality`` form the JSON contract; the extra
    ``case_sample`` and ``meta`` keys are used by the report and are dropped from JSON output.
    """
    wb = _workbook(source)
    names = pseudonyms(wb) if pseudonymise else None
    result = check(wb, as_of, names)
    inds: list[Indicator] = compute(Context.build(wb, result.as_of))
    sample = case_sample(inds, sample_size)
    records = [i.to_dict() for i in inds]
    findings = result.findings
    if names is not None:
        for rec in records:
            _pseudonymise_indicator(rec, names)
        sample = [{"child_id": names[s["child_id"]], "reasons": s["reasons"]} for s in sample]
    summary = checks.summary(findings)
    return {
        "as_of": result.as_of.isoformat(),
        "indicators": records,
        "data_quality": {
            "errors": summary["error"],
            "warnings": summary["warning"],
            "info": summary["info"],
            "findings": findings.select(FINDING_FIELDS).to_dicts(),
        },
        "case_sample": sample,
        "meta": {
            "source": wb.source,
            "rows": wb.rows,
            "as_of_inferred": result.as_of_inferred,
            "lists": {f"List {n}": ld.frame.height for n, ld in wb.lists.items()},
            "pseudonymised": pseudonymise,
        },
    }


def contract(result: dict[str, Any]) -> dict[str, Any]:
    """The machine-readable JSON document of the issue's contract."""
    return {k: result[k] for k in ("as_of", "indicators", "data_quality")}


def check_document(result: CheckResult) -> dict[str, Any]:
    """The JSON document of ``annex-a check``: reference date, summary and findings."""
    return {
        "as_of": result.as_of.isoformat(),
        "summary": result.summary,
        "findings": result.records(),
    }


def indicator_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per indicator of a readiness result (the csv/xlsx/table layout)."""
    rows = []
    for i in result["indicators"]:
        b = i.get("benchmark") or {}
        rows.append(
            {
                "id": i["id"],
                "name": i["name"],
                "value": i["value"],
                "numerator": i["numerator"],
                "denominator": i["denominator"],
                "unit": i["unit"],
                "direction": i["direction"],
                "status": i["status"],
                "benchmark": b.get("value"),
                "benchmark_period": b.get("period"),
                "reason": i.get("reason"),
                "children": len(i["children"]),
            }
        )
    return rows
