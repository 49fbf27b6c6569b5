"""``visits``: focused and monitoring visits between inspections, listed or summarised; calls
``cscwatch.analytics.visits`` and renders through ``options.emit``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from cscwatch.analytics import timeline
from cscwatch.analytics import visits as analytics
from cscwatch.cli import options
from cscwatch.cli.options import DbOption, FormatOption, OutputOption
from cscwatch.registry.queries import load_history

_COLUMNS = [
    "name",
    "kind",
    "visit_end",
    "published",
    "focus",
    "priority_actions",
    "visit_number",
    "grade_at_visit",
    "next_overall",
]


def visits_command(
    la: Annotated[
        list[str] | None,
        typer.Option("--la", help="Only this council (name, URN, LA or ONS code); repeatable."),
    ] = None,
    priority_actions: Annotated[
        bool,
        typer.Option("--priority-actions", help="Only focused visits that set priority actions."),
    ] = False,
    since: Annotated[
        dt.date | None,
        typer.Option(
            "--since",
            parser=options.parse_date,
            metavar="YYYY-MM-DD",
            help="Only visits on or after this date.",
        ),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Visits per year and focus, priority actions by grade, the next grade after a "
            "focused visit, and monitoring visits after an inadequate judgement.",
        ),
    ] = False,
    format: FormatOption = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """Focused and monitoring visits between inspections: focus, priority actions, visit number."""
    history = load_history(options.registry(db))
    fmt = options.format_for(format, output, options.DATA_FORMATS)
    if summary:
        result = analytics.summary(history, since)
        if fmt == "json":
            options.emit(result, fmt, output)
            return
        options.emit(result["by_year_and_focus"], fmt, output, title="Visits per year and focus")
        if output is None:
            options.emit(
                result["priority_share_by_grade"],
                fmt,
                title="Focused visits setting priority actions, by the grade at the visit",
            )
            options.emit(
                [{"group": k, **v} for k, v in result["next_grade_after_focused"].items()],
                fmt,
                title="Overall grade at the next full inspection after a focused visit",
            )
        return
    codes = None
    if la:
        try:
            councils = [timeline.resolve(q) for q in la]
        except LookupError as exc:
            options.fail(exc.args[0] if exc.args else exc)
        codes = [c.la_code for c in councils] + [p for c in councils for p in c.predecessors]
    rows = analytics.visit_list(history, codes, priority_actions=priority_actions, since=since)
    screen = options.on_screen(fmt, output)
    options.emit(
        rows,
        fmt,
        output,
        title=f"Visits between inspections ({len(rows)})",
        **({"columns": _COLUMNS} if screen else {}),
    )
    if screen:
        options.note(
            "Visits never change a grade. grade_at_visit = the overall grade in effect on the "
            "visit's last day; next_overall = the grade of the next full inspection."
        )
