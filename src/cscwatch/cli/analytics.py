"""``national``, ``la``, ``transitions``, ``time-to-improve`` and ``report annual``: parse,
call ``cscwatch.analytics``, render through ``options.emit``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cscwatch.analytics import asof, survival, timeline, transitions
from cscwatch.analytics.inspections import (
    AREA_LABELS,
    AREAS,
    GRADE_LABELS,
    GRADES,
    HEADLINE_AREAS,
)
from cscwatch.cli import options
from cscwatch.cli.options import AsOfOption, DbOption, FormatOption, OutputOption
from cscwatch.registry import queries
from cscwatch.registry.queries import load_history

TABLE = "table"
JSON = "json"


def _fmt(format: str | None, output: Path | None) -> str:
    return options.format_for(format, output, options.DATA_FORMATS)


class NationalBy(StrEnum):
    region = "region"
    council = "council"


class SurvivalBy(StrEnum):
    framework = "framework"
    region = "region"


def _summary_display(result: dict) -> list[dict]:
    """Screen rows: per area, 'count (percent)' per grade, then not judged."""
    rows = []
    for area, v in result["areas"].items():
        row = {"judgement": AREA_LABELS[area]}
        for g in GRADES:
            pct = v["percent"][g]
            row[GRADE_LABELS[g]] = f"{v[g]}" + ("" if pct is None else f" ({pct:.1f}%)")
        row["Not judged"] = v["not_judged"]
        rows.append(row)
    return rows


def _region_display(rows: list[dict]) -> list[dict]:
    def pct(v: float | None) -> str:
        return "–" if v is None else f"{v:.1f}%"

    return [
        {
            "region": r["region"],
            "councils": r["councils"],
            **{GRADE_LABELS[g]: r[g] for g in GRADES},
            "not judged": r["not_judged"],
            "good or better": pct(r["pct_good_or_better"]),
            "inadequate": pct(r["pct_inadequate"]),
        }
        for r in rows
    ]


def _pct_cols(rows: list[dict]) -> list[dict]:
    """Round percentages for display only (one decimal)."""
    return [
        {
            k: (round(v, 1) if k.startswith("pct") and isinstance(v, float) else v)
            for k, v in r.items()
        }
        for r in rows
    ]


def national_command(
    as_of: AsOfOption = None,
    by: Annotated[
        NationalBy | None,
        typer.Option("--by", help="region: one row per region; council: one row per council."),
    ] = None,
    compare: options.date_option(
        "--compare", "Show the change since this date (default: a year earlier)."
    ) = None,
    format: FormatOption = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """The national picture on a date: counts, percentages and named councils per grade."""
    day = as_of or dt.date.today()
    other = compare
    history = load_history(options.reader(db))
    fmt = _fmt(format, output)
    screen = options.on_screen(fmt, output)
    if by is NationalBy.region:
        rows = asof.by_region(history, day)
        options.emit(
            _region_display(rows) if screen else rows,
            fmt,
            output,
            title=f"Overall effectiveness by region on {day}",
        )
        if screen:
            options.note(asof.rule(day))
        return
    if by is NationalBy.council:
        options.emit(
            asof.grade_on(history, day), fmt, output, title=f"Each council's grades on {day}"
        )
        if screen:
            options.note(asof.rule(day))
        return
    if other is not None:
        result = asof.compare(history, day, other)
        if fmt == JSON:
            options.emit(result, fmt, output)
            return
        rows = [{"area": a, **r} for a in HEADLINE_AREAS for r in asof.compare_rows(result, a)]
        options.emit(
            rows if fmt != TABLE else _pct_cols(rows),
            fmt,
            output,
            title=f"Change from {other} to {day}",
        )
        if screen:
            options.note(asof.rule(day))
        return
    result = asof.national(history, day)
    if fmt == JSON:
        options.emit(result, fmt, output)
        return
    rows = asof.summary_rows(result)
    if fmt != TABLE or output is not None:
        options.emit(rows, fmt, output)
        return
    options.emit(_summary_display(result), fmt, title=f"Councils by grade on {day}")
    options.note(
        f"{result['councils']} councils exist on {day}; {result['inspected']} have a full "
        f"inspection in effect ({result['published_estimated']} with no known publication date: "
        f"inspection end date used); the registry holds reports for "
        f"{result['registry_councils']} councils."
    )
    options.emit(
        asof.named_rows(result, "inadequate"),
        fmt,
        title=f"Councils judged inadequate overall on {day}",
        columns=["la_code", "name", "inspection_end", "published"],
    )
    change = asof.compare(history, day)
    options.emit(
        _pct_cols(asof.compare_rows(change, "overall")),
        fmt,
        title=f"Overall effectiveness: change since {change['other']}",
    )
    options.note(asof.rule(day))


def la_command(
    query: Annotated[
        str, typer.Argument(help="A council: name (or a close spelling), URN, LA code or ONS code.")
    ],
    format: FormatOption = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """One council's inspections in order, with direction of travel and its neighbours' grades."""
    history = load_history(options.reader(db))
    try:
        result = timeline.la_timeline(history, query)
    except LookupError as exc:
        options.fail(exc.args[0] if exc.args else exc)
    fmt = _fmt(format, output)
    context = queries.context_figures(options.reader(db), result["council"]["la_code"])
    if fmt == JSON:
        options.emit({**result, "context": context}, fmt, output)
        return
    c = result["council"]
    cols = [
        "name",
        "kind",
        "framework",
        "inspection_end",
        "published",
        *AREAS,
        "days_since_previous",
        "direction",
        "predecessor",
    ]
    if fmt != TABLE or output is not None:
        options.emit(result["inspections"], fmt, output, columns=["la_code", "source_file", *cols])
        return
    span = ""
    if c["start_date"] or c["end_date"]:
        span = f" ({c['start_date'] or '…'} to {c['end_date'] or 'now'})"
    heading = f"{c['name']} — LA {c['la_code']}, URN {c['urn']}, {c['region']}{span}"
    if result["inspections"]:
        options.emit(_timeline_display(result["inspections"]), fmt, title=heading)
        options.note(
            "outst. = outstanding, RI = requires improvement, inad. = inadequate; (care) = judged "
            "with children in care; ~ = publication unknown, inspection end date shown; days = "
            "since the previous full inspection ended; * = a predecessor council's report."
        )
    else:
        options.out().print(heading, soft_wrap=True)
    if not result["reports_held"]:
        whose = ", only of its predecessors" if result["inspections"] else ""
        options.out().print(f"The registry holds no report of {c['name']}{whose}.", soft_wrap=True)
    if c["successors"]:
        options.emit(
            _successors_display(c["successors"]),
            fmt,
            title=f"Replaced by (latest full inspection on {result['as_of']})",
        )
        options.note(
            "outst. = outstanding, RI = requires improvement, inad. = inadequate; empty = not "
            "judged (inspections from April 2026 make no overall effectiveness judgement)."
        )
    if result["neighbours"]:
        options.emit(
            result["neighbours"],
            fmt,
            title=f"Statistical neighbours on {result['as_of']}",
            columns=["la_code", "name", "overall", "published"],
        )
    if context:
        latest = [x for x in context if x["source_file"] == context[0]["source_file"]]
        options.emit(
            latest,
            fmt,
            title=f"Local context in the report published {latest[0]['published']}",
            columns=["figure", "value", "unit", "as_of", "page"],
        )


_SHORT = {
    "outstanding": "outst.",
    "good": "good",
    "requires_improvement": "RI",
    "inadequate": "inad.",
}
_KIND = {
    "inspection": "full",
    "monitoring_visit": "monitoring",
    "focused_visit": "focused",
    "jtai": "JTAI",
    "earlier_inspection": "earlier",
}


def _short(grade: str | None) -> str | None:
    return _SHORT.get(grade, grade) if grade else None


def _timeline_display(rows: list[dict]) -> list[dict]:
    """Compact rows for the screen (the data formats carry every column)."""
    out = []
    show_council = any(r["predecessor"] for r in rows)
    for r in rows:
        row = (
            {"council": ("*" + r["name"]) if r["predecessor"] else r["name"]}
            if show_council
            else {}
        )
        days = r["days_since_previous"]
        row.update(
            {
                "kind": _KIND.get(r["kind"], r["kind"]),
                "frame": r["framework"],
                "published": r["published"]
                or (f"~{r['inspection_end']}" if r["inspection_end"] else None),
                "overall": _short(r["overall"]),
                "protect": _short(r["help_and_protection"]),
                "in care": _short(r["children_in_care"]),
                "leavers": _short(r["care_leavers"]) or ("(care)" if r["cic_combined"] else None),
                "lead": _short(r["leadership"]),
                "days": None if days is None else str(days),
                "travel": r["direction"],
            }
        )
        out.append(row)
    return out


def _successors_display(rows: list[dict]) -> list[dict]:
    return [
        {
            "la_code": r["la_code"],
            "name": r["name"],
            "from": r["start_date"],
            "published": r["published"],
            "overall": _short(r["overall"]),
            "protect": _short(r["help_and_protection"]),
            "in care": _short(r["children_in_care"]),
            "leavers": _short(r["care_leavers"]),
            "lead": _short(r["leadership"]),
        }
        for r in rows
    ]


def transitions_command(
    area: Annotated[
        str,
        typer.Option("--area", help="overall (default), an area judgement, or 'all'."),
    ] = "overall",
    format: FormatOption = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """How grades change from one full inspection to the next: counts and row percentages."""
    if area != "all" and area not in AREAS:
        raise typer.BadParameter(
            f"{area!r} is not an area: choose 'all' or one of: {', '.join(AREAS)}",
            param_hint="--area",
        )
    history = load_history(options.reader(db))
    fmt = _fmt(format, output)
    areas = HEADLINE_AREAS if area == "all" else (area,)
    results = [transitions.transitions(history, a) for a in areas]
    if fmt == JSON:
        options.emit(results[0] if area != "all" else {r["area"]: r for r in results}, fmt, output)
        return
    if fmt != TABLE or output is not None:
        options.emit([row for r in results for row in transitions.table_rows(r)], fmt, output)
        return
    for r in results:
        rows = []
        for c, p in zip(
            transitions.matrix_rows(r), transitions.matrix_rows(r, percent=True), strict=True
        ):
            row = {"from": c["from"]}
            for k in c:
                if k.startswith("to_"):
                    pct = p[k]
                    row[k] = f"{c[k]}" + (f" ({pct:.0f}%)" if pct is not None else "")
            row["total"] = c["total"]
            rows.append(row)
        options.emit(rows, fmt, title=f"{r['area']}: grade at one inspection (rows) → next")
        share = r["inadequate_improved_share"]
        options.note(
            f"{r['pairs']} pairs of consecutive inspections; "
            + (
                f"{r['inadequate_improved']} of {r['inadequate_pairs']} inadequate judgements "
                f"({100 * share:.0f}%) were followed by requires improvement or better."
                if share is not None
                else "no inadequate judgement was followed by another inspection."
            )
        )


def time_to_improve_command(
    as_of: AsOfOption = None,
    by: Annotated[
        SurvivalBy | None, typer.Option("--by", help="Split by framework or region.")
    ] = None,
    format: FormatOption = None,
    output: OutputOption = None,
    db: DbOption = None,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            callback=options.writable,
            help="Also write the curve as a chart (an .svg or .html file).",
        ),
    ] = None,
) -> None:
    """Kaplan-Meier estimate of the time from inadequate to requires improvement or better."""
    day = as_of or dt.date.today()
    history = load_history(options.reader(db))
    result = survival.time_to_improve(history, day, by=by.value if by else None)
    fmt = _fmt(format, output)
    if chart is not None:
        from cscwatch.render import charts
        from cscwatch.render.output import write_text

        svg = charts.survival_curve(result)
        if chart.suffix.lower() != ".svg":
            svg = f"<!doctype html><meta charset='utf-8'><title>Time to improve</title>{svg}"
        write_text(svg, chart)
    if fmt == JSON:
        options.emit(result, fmt, output)
        return
    if fmt != TABLE or output is not None:
        options.emit(survival.curve_rows(result), fmt, output)
        return
    options.emit(
        [
            {k: (f"{v:.0f}" if isinstance(v, float) else v) for k, v in r.items()}
            for r in survival.summary_rows(result)
        ],
        fmt,
        title=f"Days from inadequate to improvement, as of {day}",
    )
    options.emit(
        [
            {
                "days": int(p["days"]),
                "still inadequate": f"{p['survival']:.3f}",
                "95% low": "" if p["lo"] is None else f"{p['lo']:.3f}",
                "95% high": "" if p["hi"] is None else f"{p['hi']:.3f}",
            }
            for p in result["curve"]
        ],
        fmt,
        title="Share still inadequate (Kaplan-Meier, 95% interval)",
    )
    options.note(result["rule"])


def annual_command(
    as_of: AsOfOption = None,
    output: options.output_option("The HTML file (default: annual-report-DATE.html).") = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also print a PDF beside it (needs Chromium).")
    ] = False,
    db: DbOption = None,
) -> None:
    """A printable annual report (HTML; PDF with --pdf)."""
    from cscwatch.render import annual
    from cscwatch.render.output import write_text

    day = as_of or dt.date.today()
    history = load_history(options.reader(db))
    html = annual.annual_report(history, day)
    path = output or Path(f"annual-report-{day}.html")
    write_text(html, path)
    typer.echo(f"wrote {path}")
    if pdf:
        pdf_path = path.with_suffix(".pdf")
        try:
            annual.print_pdf(html, pdf_path)
        except RuntimeError as exc:
            options.fail(exc)
        typer.echo(f"wrote {pdf_path}")


# `cscwatch report ...`: printable reports.
report_app = typer.Typer(help="Printable reports.", no_args_is_help=True)
report_app.command("annual")(annual_command)
