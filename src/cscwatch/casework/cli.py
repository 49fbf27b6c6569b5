"""Command-line faces of casework: ``annex-a synth``, ``annex-a check`` and ``readiness``.

The lead mounts them: ``app.add_typer(annex_a_app, name="annex-a")`` and
``app.command("readiness")(readiness)``. The commands only parse, call :mod:`api`, and render.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from . import api
from .faults import injectable
from .synth import DEFAULT_AS_OF, sizes, synthesise

annex_a_app = typer.Typer(
    help="Ofsted Annex A child-level lists: synthetic data and data-quality checks.",
    no_args_is_help=True,
)


@annex_a_app.command("synth")
def synth(
    output: Annotated[
        Path, typer.Option("-o", "--output", help=".xlsx file, or a folder for CSVs")
    ],
    size: Annotated[str, typer.Option(help=f"one of {', '.join(sizes())}")] = "small",
    seed: Annotated[int, typer.Option(help="random seed")] = 1,
    faults: Annotated[str, typer.Option(help="comma list of DQ rule ids, or 'all'")] = "",
    as_of: Annotated[
        str, typer.Option("--as-of", help="reference date YYYY-MM-DD")
    ] = DEFAULT_AS_OF.isoformat(),
) -> None:
    """Write a synthetic Annex A workbook (never real children)."""
    if size not in sizes():
        raise typer.BadParameter(f"size must be one of {', '.join(sizes())}")
    R = api.parse_date(as_of)
    if R is None:
        raise typer.BadParameter("--as-of must be YYYY-MM-DD or dd/mm/yyyy")
    wanted = [f for f in faults.split(",") if f.strip()]
    try:
        path, done = synthesise(size, seed, output, wanted, R)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    msg = f"wrote {path} ({size}, seed {seed}, reference date {R.isoformat()})"
    if done:
        msg += f"; faults injected: {', '.join(done)}"
    typer.echo(msg)


def _findings_table(result: api.CheckResult) -> Table:
    table = Table(title=f"Annex A data quality at {result.as_of.isoformat()}")
    for col in api.FINDING_FIELDS:
        table.add_column(col)
    for rec in result.records():
        table.add_row(*["" if rec[c] is None else str(rec[c]) for c in api.FINDING_FIELDS])
    return table


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


@annex_a_app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="xlsx/ods workbook or folder of CSVs")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="reference date YYYY-MM-DD")] = None,
    format: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
) -> None:
    """Check a workbook; exit code 1 when any error-severity finding."""
    result = api.check(file, as_of)
    summary = result.summary
    if format == "json":
        _write(
            json.dumps(
                {
                    "as_of": result.as_of.isoformat(),
                    "summary": summary,
                    "findings": result.records(),
                },
                indent=2,
                default=str,
            )
            + "\n",
            output,
        )
    elif format == "csv":
        buf = io.StringIO()
        result.findings.select(api.FINDING_FIELDS).write_csv(buf)
        _write(buf.getvalue(), output)
    else:
        console = Console(file=output.open("w") if output else None, width=160)
        if result.findings.height:
            console.print(_findings_table(result))
        console.print(
            f"errors: {summary['error']}  warnings: {summary['warning']}  info: {summary['info']}"
        )
    raise typer.Exit(1 if summary["error"] else 0)


def _indicator_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
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


def _xlsx(result: dict[str, Any], output: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(output))
    sheets = {
        "Indicators": _indicator_rows(result),
        "Data quality": result["data_quality"]["findings"],
        "Case sample": [
            {"child_id": s["child_id"], "reasons": "; ".join(s["reasons"])}
            for s in result["case_sample"]
        ],
    }
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        if not rows:
            continue
        sheet.write_row(0, 0, list(rows[0]))
        for r, row in enumerate(rows, start=1):
            sheet.write_row(r, 0, ["" if v is None else v for v in row.values()])
    book.close()


def readiness(
    file: Annotated[Path, typer.Argument(help="xlsx/ods workbook or folder of CSVs")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="reference date YYYY-MM-DD")] = None,
    format: Annotated[
        str | None, typer.Option("--format", help="html, json, xlsx, csv or table")
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    pseudonymise: Annotated[bool, typer.Option("--pseudonymise", help="replace child IDs")] = False,
) -> None:
    """Readiness indicators, benchmarks, data quality and case sample at a reference date."""
    fmt = format or (output.suffix.lstrip(".").lower() if output and output.suffix else "table")
    if fmt not in {"html", "json", "xlsx", "csv", "table"}:
        raise typer.BadParameter("format must be html, json, xlsx, csv or table")
    result = api.readiness(file, as_of, pseudonymise=pseudonymise)
    if fmt == "json":
        _write(json.dumps(api.contract(result), indent=2, default=str) + "\n", output)
    elif fmt == "html":
        from .report import render_html

        _write(render_html(result), output or Path("readiness.html"))
    elif fmt == "xlsx":
        _xlsx(result, output or Path("readiness.xlsx"))
        typer.echo(f"wrote {output or 'readiness.xlsx'}", err=True)
    elif fmt == "csv":
        buf = io.StringIO()
        rows = _indicator_rows(result)
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        _write(buf.getvalue(), output)
    else:
        table = Table(title=f"Readiness at {result['as_of']}")
        for col in ("id", "name", "value", "numerator", "denominator", "benchmark", "status"):
            table.add_column(col)
        for r in _indicator_rows(result):
            table.add_row(
                r["id"],
                r["name"],
                "" if r["value"] is None else f"{r['value']}",
                str(r["numerator"] or ""),
                str(r["denominator"] or ""),
                "" if r["benchmark"] is None else str(r["benchmark"]),
                r["status"] if r["value"] is not None else f"n/a: {r['reason']}",
            )
        Console(width=160).print(table)
        dq = result["data_quality"]
        Console().print(f"data quality: {dq['errors']} errors, {dq['warnings']} warnings")


__all__ = ["annex_a_app", "readiness", "injectable", "pl"]
