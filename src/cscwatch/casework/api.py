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

from . import checks
from .indicators import Indicator, compute
from .read import Workbook
from .read import read_workbook as _read
from .sample import case_sample

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
    if text is None or isinstance(text, dt.date):
        return text
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _workbook(source: str | Path | Workbook) -> Workbook:
    return source if isinstance(source, Workbook) else _read(source)


def check(source: str | Path | Workbook, as_of: str | dt.date | None = None) -> CheckResult:
    """Data-quality findings; without ``as_of`` the latest event date is used as R."""
    wb = _workbook(source)
    R = parse_date(as_of)
    inferred = R is None
    if R is None and as_of is None:
        R = checks.infer_reference_date(wb)
    findings = checks.check(wb, R)
    return CheckResult(R or dt.date.today(), inferred, findings)


def pseudonymiser() -> callable:
    salt = secrets.token_hex(16)

    def pseudo(child_id: str) -> str:
        return "P" + hashlib.sha256((salt + child_id).encode()).hexdigest()[:10].upper()

    return pseudo


def _pseudonymise_indicator(ind: dict[str, Any], pseudo) -> None:
    for key in ("children", "exceptions"):
        ind[key] = sorted(pseudo(c) for c in ind.get(key, []))
    for sub in ind.get("sub_measures", []):
        sub["children"] = sorted(pseudo(c) for c in sub.get("children", []))


def _pseudonymise_findings(findings: pl.DataFrame, pseudo) -> pl.DataFrame:
    ids = findings["child_id"].drop_nulls().unique().to_list()
    if not ids:
        return findings
    mapping = pl.DataFrame({"child_id": ids, "_p": [pseudo(i) for i in ids]})
    out = findings.join(mapping, on="child_id", how="left", maintain_order="left")
    message = (
        pl.when(pl.col("_p").is_not_null())
        .then(pl.col("message").str.replace_all(pl.col("child_id"), pl.col("_p"), literal=True))
        .otherwise(pl.col("message"))
    )
    return out.with_columns(message.alias("message"), pl.col("_p").alias("child_id")).drop("_p")


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
    result = check(wb, as_of)
    ctx = checks.Context.build(wb, result.as_of)
    inds: list[Indicator] = compute(ctx)
    sample = case_sample(inds, sample_size)
    records = [i.to_dict() for i in inds]
    findings = result.findings
    if pseudonymise:
        pseudo = pseudonymiser()
        for rec in records:
            _pseudonymise_indicator(rec, pseudo)
        sample = [{"child_id": pseudo(s["child_id"]), "reasons": s["reasons"]} for s in sample]
        findings = _pseudonymise_findings(findings, pseudo)
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
