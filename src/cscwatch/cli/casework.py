"""``annex-a synth``, ``annex-a check`` and ``readiness``: parse, call
``cscwatch.casework.api``, render."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import typer
from rich.table import Table

from cscwatch.casework import api
from cscwatch.casework.synth import DEFAULT_AS_OF, sizes, synthesise
from cscwatch.cli import options
from cscwatch.render.output import neutralise

annex_a_app = typer.Typer(
    help="Ofsted Annex A child-level lists: synthetic data and data-quality checks.",
    no_args_is_help=True,
)

InputArg = Annotated[Path, typer.Argument(exists=True, help="xlsx/ods workbook or folder of CSVs")]
SynthDate = Annotated[
    dt.date,
    typer.Option(
        "--as-of",
        parser=options.parse_date,
        metavar="YYYY-MM-DD",
        help="Reference date, YYYY-MM-DD.",
    ),
]
ReferenceDate = Annotated[
    dt.date | None,
    typer.Option(
        "--as-of",
        parser=options.parse_date,
        metavar="YYYY-MM-DD",
        help="Reference date, YYYY-MM-DD (default: the latest event date in the data).",
    ),
]
CheckFormat = Literal["table", "csv", "json"]
ReadinessFormat = Literal["table", "html", "json", "xlsx", "csv"]
CHECK_FORMATS: tuple[str, ...] = get_args(CheckFormat)
READINESS_FORMATS: tuple[str, ...] = get_args(ReadinessFormat)
CheckFormatOption = Annotated[
    CheckFormat | None,
    typer.Option("--format", "-f", case_sensitive=False, help="table (default), csv, json."),
]
ReadinessFormatOption = Annotated[
    ReadinessFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="table (default on screen), html, json, xlsx or csv; with -o, the file's suffix.",
    ),
]


@annex_a_app.command("synth")
def synth(
    output: Annotated[
        Path, typer.Option("-o", "--output", help=".xlsx file, or a folder for CSVs")
    ],
    size: Annotated[str, typer.Option(help=f"one of {', '.join(sizes())}")] = "small",
    seed: Annotated[int, typer.Option(help="random seed")] = 1,
    faults: Annotated[str, typer.Option(help="comma list of DQ rule ids, or 'all'")] = "",
    as_of: SynthDate = DEFAULT_AS_OF,
) -> None:
    """Write a synthetic Annex A workbook (never real children)."""
    if size not in sizes():
        raise typer.BadParameter(
            f"{size!r} is not a size: choose one of {', '.join(sizes())}", param_hint="--size"
        )
    wanted = [f for f in faults.split(",") if f.strip()]
    try:
        path, done = synthesise(size, seed, output, wanted, as_of)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    msg = f"wrote {path} ({size}, seed {seed}, reference date {as_of.isoformat()})"
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


@annex_a_app.command("check")
def check(
    file: InputArg,
    as_of: ReferenceDate = None,
    format: CheckFormatOption = None,
    output: options.OutputOption = None,
) -> None:
    """Check a workbook; exit code 1 when any error-severity finding."""
    fmt = options.format_for(format, output, CHECK_FORMATS)
    result = api.check(file, as_of)
    summary = result.summary
    if fmt == "json":
        doc = api.check_document(result)
        options.write_text(json.dumps(doc, indent=2, default=str) + "\n", output)
    elif fmt == "csv":
        buf = io.StringIO()
        import polars as pl

        findings = result.findings.select(api.FINDING_FIELDS)
        findings.with_columns(
            pl.col(pl.String).map_elements(neutralise, return_dtype=pl.String)
        ).write_csv(buf)
        options.write_text(buf.getvalue(), output)
    else:
        with options.console_for(output, width=160) as console:
            if result.findings.height:
                console.print(_findings_table(result))
            console.print(
                f"errors: {summary['error']}  warnings: {summary['warning']}  "
                f"info: {summary['info']}"
            )
    raise typer.Exit(1 if summary["error"] else 0)


def _xlsx(result: dict[str, Any], output: Path) -> None:
    from cscwatch.render import output as out

    sheets = {
        "Indicators": api.indicator_rows(result),
        "Data quality": result["data_quality"]["findings"],
        "Case sample": [
            {"child_id": s["child_id"], "reasons": "; ".join(s["reasons"])}
            for s in result["case_sample"]
        ],
    }
    out.write_with(lambda fh: out.xlsx_sheets(sheets, fh), output)


def readiness_command(
    file: InputArg,
    as_of: ReferenceDate = None,
    format: ReadinessFormatOption = None,
    output: options.OutputOption = None,
    pseudonymise: Annotated[bool, typer.Option("--pseudonymise", help="replace child IDs")] = False,
) -> None:
    """Readiness indicators, benchmarks, data quality and case sample at a reference date."""
    fmt = options.format_for(format, output, READINESS_FORMATS, strict=True)
    result = api.readiness(file, as_of, pseudonymise=pseudonymise)
    if fmt == "json":
        options.write_text(json.dumps(api.contract(result), indent=2, default=str) + "\n", output)
    elif fmt == "html":
        from cscwatch.render.readiness import render_html

        options.write_text(render_html(result), output or Path("readiness.html"))
    elif fmt == "xlsx":
        path = output or Path("readiness.xlsx")
        _xlsx(result, path)
        options.err().print(f"wrote {options.safe(path)}", soft_wrap=True)
    elif fmt == "csv":
        buf = io.StringIO()
        rows = api.indicator_rows(result)
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
        options.write_text(buf.getvalue(), output)
    else:
        _readiness_table(result, output)


def _readiness_table(result: dict[str, Any], output: Path | None) -> None:
    table = Table(title=f"Readiness at {result['as_of']}")
    for col in ("id", "name", "value", "numerator", "denominator", "benchmark", "status"):
        table.add_column(col)
    for r in api.indicator_rows(result):
        table.add_row(
            r["id"],
            r["name"],
            "" if r["value"] is None else f"{r['value']}",
            "" if r["numerator"] is None else str(r["numerator"]),
            "" if r["denominator"] is None else str(r["denominator"]),
            "" if r["benchmark"] is None else str(r["benchmark"]),
            r["status"] if r["value"] is not None else f"n/a: {r['reason']}",
        )
    dq = result["data_quality"]
    with options.console_for(output, width=160) as console:
        console.print(table)
        console.print(f"data quality: {dq['errors']} errors, {dq['warnings']} warnings")
    if output is not None:
        options.err().print(f"wrote {options.safe(output)}", soft_wrap=True)
