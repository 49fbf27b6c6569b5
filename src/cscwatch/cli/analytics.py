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
    GRADES,
    HEADLINE_AREAS,
)
from cscwatch.cli import options
from cscwatch.cli.options import AsOfOption, DbOption, FormatOption, OutputOption
from cscwatch.registry import queries
from cscwatch.registry.queries import load_history
from cscwatch.render import grades
from cscwatch.vocabulary import AREA_SHORT, GRADE_SHORT, NO_REPORT, NOT_JUDGED

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


def _pct(v: float | None, digits: int = 0) -> str:
    return "–" if v is None else f"{v:.{digits}f}%"


def _count_pct(n: int, pct: float | None) -> str:
    return f"{n}" if pct is None else f"{n} ({pct:.0f}%)"


def _summary_display(result: dict) -> list[dict]:
    """Screen rows: one per grade (then not judged, no report), one column per area, each cell
    'count (percent of the councils with a grade in that area)'."""
    areas = result["areas"]
    rows = []
    for g in GRADES:
        row = {"": grades.label(g)}
        row.update({AREA_SHORT[a]: _count_pct(v[g], v["percent"][g]) for a, v in areas.items()})
        rows.append(row)
    for key in (NOT_JUDGED, NO_REPORT):
        rows.append({"": grades.label(key), **{AREA_SHORT[a]: v[key] for a, v in areas.items()}})
    return rows


def _coverage_note(cov: dict) -> None:
    """The councils without a grade and why, and what it means for the percentages."""
    for line in cov["notes"]:
        options.note(line)


def _region_display(rows: list[dict]) -> list[dict]:
    return [
        {
            "Region": r["region"],
            "Councils": r["councils"],
            "Graded": r["graded"],
            "Good or better": _count_pct(r["outstanding"] + r["good"], r["pct_good_or_better"]),
            "Inadequate": _count_pct(r["inadequate"], r["pct_inadequate"]),
            "Not judged": r[NOT_JUDGED],
            "No report": r[NO_REPORT],
        }
        for r in rows
    ]


def _region_compare_display(then: list[dict], now: list[dict]) -> list[dict]:
    """Good or better per region on two dates, with the change in percentage points."""
    before = {r["region"]: r for r in then}
    out = []
    for r in now:
        b = before.get(r["region"], {})
        p0, p1 = b.get("pct_good_or_better"), r["pct_good_or_better"]
        out.append(
            {
                "Region": r["region"],
                "Graded then": b.get("graded"),
                "Good or better then": _pct(p0),
                "Graded now": r["graded"],
                "Good or better now": _pct(p1),
                "Change": "–" if p0 is None or p1 is None else f"{p1 - p0:+.0f} points",
            }
        )
    return out


def _compare_display(result: dict, areas=HEADLINE_AREAS) -> list[dict]:
    """Screen rows of ``compare``: per area and grade, the count and share then and now, and
    the change (percentage points for the shares)."""
    rows = []
    for a in areas:
        for i, r in enumerate(asof.compare_rows(result, a)):
            if r["grade"] == "graded":
                continue
            change = f"{r['change']:+d}"
            if r["pct_change"] is not None:
                change += f" ({r['pct_change']:+.0f} points)"
            rows.append(
                {
                    **({"Area": AREA_LABELS[a] if i == 0 else ""} if len(areas) > 1 else {}),
                    "Grade": grades.label(r["grade"]),
                    "Then": _count_pct(r["then"], r["pct_then"]),
                    "Now": _count_pct(r["now"], r["pct_now"]),
                    "Change": change,
                }
            )
    return rows


def _council_display(rows: list[dict]) -> list[dict]:
    """``grade_on`` for the screen: names, dates and grades in short form, no file paths."""
    out = []
    for r in rows:
        no_report = r["source_file"] is None
        row = {
            "Council": r["name"],
            "Published": r["published"]
            or (f"~{r['inspection_end']}" if r["inspection_end"] else "–"),
        }
        for a in HEADLINE_AREAS:
            row[AREA_SHORT[a]] = grades.short(NO_REPORT if no_report else r[a])
        out.append(row)
    return out


_GRADE_KEY = (
    "O = outstanding, G = good, RI = requires improvement, I = inadequate, – = not judged, "
    "· = no full inspection in this registry; ~ = publication date unknown (inspection end)."
)


AnnualOutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", callback=options.writable,
        help="The HTML file (default: annual-report-DATE.html).",
    ),
]  # fmt: skip


def national_command(
    as_of: AsOfOption = None,
    by: Annotated[
        NationalBy | None,
        typer.Option("--by", help="region: one row per region; council: one row per council."),
    ] = None,
    compare: options.CompareOption = None,
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
    if by is NationalBy.council and other is not None:
        options.fail("--compare does not combine with --by council: run them one at a time", 2)
    if by is NationalBy.region:
        rows = asof.by_region(history, day)
        if other is not None:
            then = asof.by_region(history, other)
            if not screen:
                before = {r["region"]: r for r in then}
                rows = [
                    {
                        **{f"{k}_then": v for k, v in before[r["region"]].items() if k != "region"},
                        **r,
                    }
                    for r in rows
                ]
                options.emit(rows, fmt, output)
                return
            options.emit(
                _region_compare_display(then, rows),
                fmt,
                title=f"Overall effectiveness by region: {other} (then) and {day} (now)",
            )
            _coverage_note(asof.coverage(history, day))
            options.note("Percentages are of the councils with an overall grade in the region.")
            return
        options.emit(
            _region_display(rows) if screen else rows,
            fmt,
            output,
            title=f"Overall effectiveness by region on {day}",
        )
        if screen:
            _coverage_note(asof.coverage(history, day))
            options.note(
                "Percentages are of the councils with an overall grade in the region. "
                + asof.rule(day)
            )
        return
    if by is NationalBy.council:
        rows = asof.grade_on(history, day)
        options.emit(
            _council_display(rows) if screen else rows,
            fmt,
            output,
            title=f"Each council's grades on {day}",
            **({"compact": True} if screen else {}),
        )
        if screen:
            options.note(_GRADE_KEY)
            _coverage_note(asof.coverage(history, day))
        return
    if other is not None:
        result = asof.compare(history, day, other)
        if fmt == JSON:
            options.emit(result, fmt, output)
            return
        if not screen:
            rows = [{"area": a, **r} for a in HEADLINE_AREAS for r in asof.compare_rows(result, a)]
            options.emit(rows, fmt, output)
            return
        options.emit(
            _compare_display(result),
            fmt,
            title=f"Change from {result['other']} (then) to {day} (now)",
        )
        for when in ("then", "now"):
            _coverage_note(result["coverage"][when])
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
    options.emit(
        _summary_display(result),
        fmt,
        title=f"Councils by grade on {day} (percent of those with a grade)",
    )
    cov = result["coverage"]
    estimated = result["published_estimated"]
    options.note(
        f"{result['councils']} councils exist on {day}; {result['inspected']} have a full "
        "inspection in effect"
        + (
            f" ({estimated} with no known publication date: inspection end date used)"
            if estimated
            else ""
        )
        + f"; {cov['no_report']} have none in this registry (no report)."
    )
    _coverage_note(cov)
    inadequate = asof.named_rows(result, "inadequate")
    if inadequate:
        options.emit(
            [
                {
                    "LA": r["la_code"],
                    "Council": r["name"],
                    "Inspection ended": r["inspection_end"],
                    "Published": r["published"] or "–",
                }
                for r in inadequate
            ],
            fmt,
            title=f"Councils judged inadequate overall on {day}",
        )
    else:
        options.out().print(f"No council is judged inadequate overall on {day}.")
    change = asof.compare(history, day)
    options.emit(
        _compare_display(change, ("overall",)),
        fmt,
        title=f"Overall effectiveness: {change['other']} (then) and {day} (now)",
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
        council = timeline.resolve(query)
    except LookupError as exc:
        options.fail(exc.args[0] if exc.args else exc)
    lineage = [council.la_code, *council.predecessors]
    stated = queries.interventions(options.reader(db), lineage)
    result = timeline.la_timeline(history, council, interventions=stated)
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
        "visit",
        "focus",
        "priority_actions",
        "visit_number",
    ]
    if fmt != TABLE or output is not None:
        options.emit(result["inspections"], fmt, output, columns=["la_code", "source_file", *cols])
        return
    span = ""
    if c["start_date"] or c["end_date"]:
        span = f" ({c['start_date'] or '…'} to {c['end_date'] or 'now'})"
    heading = f"{c['name']} — LA {c['la_code']}, URN {c['urn']}, {c['region']}{span}"
    if result["inspections"]:
        options.emit(_timeline_display(result["inspections"]), fmt, title=heading, compact=True)
        options.note(
            "outst. = outstanding, RI = requires improvement, inad. = inadequate; (care) = judged "
            "with children in care; ~ = publication unknown, inspection end date shown; days = "
            "since the previous full inspection ended; * = a predecessor council's report; "
            "visit = a visit between inspections (no grade): its focus, PA = areas for priority "
            "action set, # = monitoring visit number."
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
            compact=True,
        )
        options.note(
            "Empty = not judged (inspections from April 2026 make no overall effectiveness "
            "judgement); · = no full inspection of the council in this registry (no report)."
        )
    if result["neighbours"]:
        options.emit(
            [
                {
                    "LA": n["la_code"],
                    "Council": n["name"],
                    "Overall": grades.label(NO_REPORT if n["no_report"] else n["overall"]),
                    "Published": n["published"] or n["inspection_end"] or "–",
                }
                for n in result["neighbours"]
            ],
            fmt,
            title=f"Statistical neighbours on {result['as_of']}",
        )
        if any(n["no_report"] for n in result["neighbours"]):
            options.note("No report = no full inspection of that council in this registry.")
    if result.get("interventions"):
        options.emit(
            result["interventions"],
            fmt,
            title="Interventions the reports state (date as stated, else the report's)",
            columns=["date", "kind", "detail", "page", "source_file"],
        )
    if context:
        from cscwatch.render.figures import figure_label, figure_value

        latest = [x for x in context if x["source_file"] == context[0]["source_file"]]
        options.emit(
            [
                {
                    "figure": figure_label(x["figure"]),
                    "value": figure_value(x["value"], x["unit"], x["figure"]),
                    "as at": x["as_of"],
                    "page": x["page"],
                }
                for x in latest
            ],
            fmt,
            title=f"Local context in the report published {latest[0]['published']}",
            columns=["figure", "value", "as at", "page"],
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


def _visit(r: dict) -> str | None:
    """A visit between inspections: 'front_door PA2' (priority actions), 'cin_cp #4' (number)."""
    if not r.get("visit"):
        return None
    parts = [r["focus"] or "?"]
    if r.get("priority_actions"):
        parts.append(f"PA{r['priority_actions']}")
    if r.get("visit_number"):
        parts.append(f"#{r['visit_number']}")
    return " ".join(parts)


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
                "visit": _visit(r),
            }
        )
        out.append(row)
    return out


def _successors_display(rows: list[dict]) -> list[dict]:
    def cell(r: dict, area: str) -> str | None:
        return GRADE_SHORT[NO_REPORT] if r.get("no_report") else _short(r[area])

    return [
        {
            "LA": r["la_code"],
            "council": f"{r['name']} (from {r['start_date']})" if r["start_date"] else r["name"],
            "published": r["published"],
            "overall": cell(r, "overall"),
            "protect": cell(r, "help_and_protection"),
            "in care": cell(r, "children_in_care"),
            "leavers": cell(r, "care_leavers"),
            "lead": cell(r, "leadership"),
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
            row = {"From ↓ to →": grades.label(c["from"])}
            for g in r["grades"]:
                pct = p[f"to_{g}"]
                row[grades.label(g)] = f"{c[f'to_{g}']}" + (
                    f" ({pct:.0f}%)" if pct is not None else ""
                )
            row["Total"] = c["total"]
            rows.append(row)
        options.emit(
            rows,
            fmt,
            title=f"{AREA_LABELS[r['area']]}: grade at one inspection (rows) and at the next",
        )
        share = r["inadequate_improved_share"]
        options.note(
            f"{r['pairs']} pairs of consecutive inspections; percentages are of the row. "
            + (
                f"{r['inadequate_improved']} of {r['inadequate_pairs']} inadequate judgements "
                f"({100 * share:.0f}%) were followed by requires improvement or better."
                if share is not None
                else "No inadequate judgement was followed by another inspection."
            )
        )


def _duration(days: float | None) -> str:
    """Days as years and months for a reader ('2 years 11 months'), with the days."""
    if days is None:
        return "–"
    months = round(days / (365.25 / 12))
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' * (years != 1)}")
    if months or not years:
        parts.append(f"{months} month{'s' * (months != 1)}")
    return f"{' '.join(parts)} ({days:,.0f} days)"


def _median_text(r: dict) -> str:
    """The median, or why there is none, with the count."""
    if r["median_days"] is not None:
        return _duration(r["median_days"])
    if r["n"] < survival.MIN_GROUP:
        return f"none: too few spells ({r['n']})"
    return f"not reached ({r['events']} of {r['n']} improved)"


def _survival_display(result: dict) -> list[dict]:
    rows = [("All councils", result)] + list(result.get("groups", {}).items())
    out = []
    for name, r in rows:
        lo, hi = r["median_ci"]
        out.append(
            {
                "Group": name,
                "Spells": r["n"],
                "Improved": r["events"],
                "Still inadequate": r["censored"],
                "Median time to improve": _median_text(r),
                "95% interval": "–"
                if lo is None
                else f"{lo / 365.25:.1f} to "
                + ("not reached" if hi is None else f"{hi / 365.25:.1f} years"),
            }
        )
    return out


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
        _survival_display(result), fmt, title=f"Time from inadequate to improvement, as of {day}"
    )
    options.note(
        f"A median needs at least {survival.MIN_GROUP} spells, and is not reached while fewer "
        "than half of them have ended in improvement."
    )
    points = [p for p in result["curve"] if p["days"] > 0]
    if points:
        options.emit(
            [
                {
                    "After": _duration(p["days"]),
                    "Still inadequate": f"{100 * p['survival']:.0f}%",
                    "95% interval": "–"
                    if p["lo"] is None or p["hi"] is None
                    else f"{100 * p['lo']:.0f}% to {100 * p['hi']:.0f}%",
                }
                for p in points
            ],
            fmt,
            title="Share still inadequate (Kaplan-Meier estimate)",
        )
    options.note(result["rule"])


def annual_command(
    as_of: AsOfOption = None,
    output: AnnualOutputOption = None,
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
    if path.suffix.lower() == ".pdf":  # -o x.pdf: the PDF only, written once
        pdf, pdf_path = True, path
    else:
        write_text(html, path)
        typer.echo(f"wrote {path}")
        pdf_path = path.with_suffix(".pdf")
    if pdf:
        try:
            annual.print_pdf(html, pdf_path)
        except RuntimeError as exc:
            options.fail(exc)
        typer.echo(f"wrote {pdf_path}")


# `cscwatch report ...`: printable reports.
report_app = typer.Typer(help="Printable reports.", no_args_is_help=True)
report_app.command("annual")(annual_command)
