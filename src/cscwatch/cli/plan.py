"""``plan init``, ``plan check``, ``plan diff`` and ``plan pack``: parse, call ``cscwatch.plan``,
render.

A plan file that cannot be read (or a plan that cannot be made) ends the command with one line
naming the file and the problem, exit 1; bad usage exits 2."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Literal, get_args

import typer

from cscwatch.cli import options

plan_app = typer.Typer(
    help="Improvement plans: Ofsted's asks, the council's actions and measures, checks, diffs and board packs.",
    no_args_is_help=True,
)

PLAN_SUFFIXES = (".xlsx", ".yaml", ".yml")
ReportFormat = Literal["table", "csv", "json"]
REPORT_FORMATS: tuple[str, ...] = get_args(ReportFormat)
ReportFormatOption = Annotated[
    ReportFormat | None,
    typer.Option("--format", "-f", case_sensitive=False, help="table (default), csv, json."),
]
PlanArg = Annotated[
    Path,
    typer.Argument(
        exists=True, dir_okay=False, help="The plan file: an .xlsx workbook or a .yaml file."
    ),
]


def _plan_path(value: Path | None) -> Path | None:
    value = options.writable(value)
    if value is not None and value.suffix.lower() not in PLAN_SUFFIXES:
        raise typer.BadParameter(f"{value.name}: a plan is written as .xlsx or .yaml")
    return value


@contextmanager
def plan_errors() -> Iterator[None]:
    """A plan that cannot be read or made, or a council not found: one line, exit 1."""
    from cscwatch.plan.workbook import PlanError

    try:
        yield
    except (PlanError, LookupError) as exc:
        options.fail(exc.args[0] if exc.args else exc)


def read(path: Path):
    """The plan in ``path`` (errors: ``plan_errors``)."""
    from cscwatch.plan.workbook import read_plan

    return read_plan(path)


def _existing(output: Path):
    """The plan already at ``output`` (None when there is no file): a file there that is no
    plan is never overwritten."""
    from cscwatch.plan.workbook import PlanError

    if not output.exists():
        return None
    try:
        return read(output)
    except PlanError as exc:
        options.fail(f"{exc}; it was not overwritten: give another file with -o")


@plan_app.command("init")
def init(
    council: Annotated[str, typer.Argument(help="The council: a name, LA code, URN or slug.")],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            callback=_plan_path,
            help="The plan file to write: .xlsx (a workbook) or .yaml. If it is already a "
            "plan, the new asks are merged into it and every action is kept.",
        ),
    ],
    db: options.DbOption = None,
    as_of: Annotated[
        dt.date | None,
        typer.Option(
            "--as-of",
            parser=options.parse_date,
            metavar="YYYY-MM-DD",
            help="Take the registry as it stood on this date (default: everything in it).",
        ),
    ] = None,
) -> None:
    """Write a plan of the council's asks, from the registry.

    The asks are the recommendations of the council's latest full inspection and the areas
    for priority action of the visits since. On a plan that exists already, the asks it lacks are added (after a new report or visit)
    and every ask, action, measure and history row it has is kept."""
    from cscwatch.plan.init import counts, init_plan
    from cscwatch.plan.workbook import write_plan
    from cscwatch.registry import store

    with plan_errors():
        existing = _existing(output)
        engine = options.reader(db)
        plan = init_plan(
            engine, council, existing=existing, as_of=as_of, registry=store.describe(db)
        )
        write_plan(plan, output)
    n = counts(plan)
    when = plan.latest_inspection.isoformat() if plan.latest_inspection else "?"
    say = typer.echo
    if existing is not None:
        added = len(plan.asks) - len(existing.asks)
        say(
            f"merged into {output} (already a plan of {existing.council}): {added} new "
            f"ask{'s' if added != 1 else ''}, every action, measure and history row kept"
        )
    else:
        say(f"wrote {output}")
    earlier = f", {n['earlier']} kept from earlier reports" if n["earlier"] else ""
    say(
        f"{plan.council}: {len(plan.asks)} asks: {n['recommendations']} recommendations of the "
        f"latest full inspection (published {when}), {n['priority_actions']} areas for priority "
        f"action of visits since{earlier}"
    )
    if n["without_text"]:
        say(
            f"{n['without_text']} of {len(plan.asks)} asks without their words: "
            f"{store.describe(db)} holds no text for them, so they are listed by position and "
            "theme (for the words, build a registry from the PDFs: cscwatch build FOLDER)"
        )


@plan_app.command("check")
def check(
    file: PlanArg,
    as_of: options.AsOfOption = None,
    format: ReportFormatOption = None,
    output: options.OutputOption = None,
) -> None:
    """Check a plan; exit code 1 when any error (warnings alone: 0).

    One line per finding naming the sheet, row and column: asks without actions, actions
    without owners or due dates, overdue actions without an update, done without evidence,
    unknown indicators, orphan and duplicate rows, dates that are no dates (docs/plans.md)."""
    from cscwatch.plan.check import FINDING_FIELDS
    from cscwatch.plan.check import check as run

    fmt = options.format_for(format, output, REPORT_FORMATS)
    with plan_errors():
        result = run(read(file), as_of)
    summary = result.summary
    title = f"{file.name} on {result.as_of.isoformat()}"
    footer = f"{title}: errors: {summary['error']}  warnings: {summary['warning']}"
    _report(result, fmt, output, columns=FINDING_FIELDS, title=title, footer=footer)
    raise typer.Exit(1 if summary["error"] else 0)


@plan_app.command("diff")
def diff(
    old: PlanArg,
    new: PlanArg,
    format: ReportFormatOption = None,
    output: options.OutputOption = None,
) -> None:
    """What moved between two versions of a plan (the last board's and this one's).

    Asks, actions and measures added or removed, status changes, due dates moved, updates,
    evidence, targets changed, history rows added."""
    from cscwatch.plan.diff import diff as run

    fmt = options.format_for(format, output, REPORT_FORMATS)
    with plan_errors():
        result = run(read(old), read(new))
    footer = (
        ", ".join(f"{kind}: {n}" for kind, n in result.summary.items())
        if result.changes
        else f"no change from {old.name} to {new.name}"
    )
    columns = ["change", "sheet", "id", "ask_id", "from", "to"]
    _report(result, fmt, output, columns=columns, title=f"{old.name} -> {new.name}", footer=footer)


def _report(result, fmt: str, output: Path | None, *, columns, title: str, footer: str) -> None:
    """A check's findings or a diff's changes: JSON, CSV, or a table with a closing line."""
    records = result.records()
    if fmt == "json":
        options.write_text(json.dumps(result.document(), indent=2) + "\n", output)
    elif fmt == "csv":
        options.emit(records, "csv", output, columns=columns)
    else:
        with options.console_for(output, width=160) as console:
            if records:
                from cscwatch.render.output import emit

                emit(records, "table", title=title, columns=columns, console=console)
            console.print(footer)


# plan pack: the board pack -------------------------------------------------------------------
PackFormat = Literal["html", "xlsx", "json"]
PACK_FORMATS: tuple[str, ...] = get_args(PackFormat)

PackOutput = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        callback=options.writable,
        help="The pack's file (default board-pack-<council>-<date>.<format>; .pdf: the PDF only).",
    ),
]


@plan_app.command("pack")
def pack_command(
    plan_file: PlanArg,
    annex_a: Annotated[
        Path | None,
        typer.Option(
            "--annex-a",
            exists=True,
            help="The council's Annex A workbook (xlsx/ods, or a folder of CSVs): the values "
            "of the measures that name a readiness indicator.",
        ),
    ] = None,
    as_of: options.AsOfOption = None,
    output: PackOutput = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also print a PDF beside the HTML (needs Chromium).")
    ] = False,
    format: Annotated[
        PackFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="html (default), xlsx or json; with -o, the file's suffix.",
        ),
    ] = None,
    db: options.DbOption = None,
    pseudonymise: Annotated[
        bool, typer.Option("--pseudonymise", help="Replace child IDs in any list of children.")
    ] = False,
    no_history: Annotated[
        bool,
        typer.Option("--no-history", help="Do not write this pack's figures into the plan file."),
    ] = False,
) -> None:
    """A board pack: each ask's words, actions and measures, and the national context.

    Status by ask and by theme comes first; by default the pack's figures go into the plan
    file's history sheet (--no-history to skip). The pack is one printable HTML file (A4, one ask per page); --pdf prints it with headless
    Chromium; --format xlsx or json write the same figures as a workbook or a JSON document
    (docs/plan-pack.md). Measures that name an Annex A indicator take their value from
    --annex-a at the pack's date; earlier packs' figures (the plan's history sheet) give each
    measure's trend.
    """
    from cscwatch.plan import pack as pk
    from cscwatch.plan.workbook import write_plan
    from cscwatch.render import plan as rp
    from cscwatch.render.output import write_with

    day = as_of or dt.date.today()
    to_pdf_only = output is not None and output.suffix.lower() == ".pdf"
    fmt = "html" if to_pdf_only else options.format_for(format, output, PACK_FORMATS, strict=True)
    with options.one_line(), plan_errors():
        plan = read(plan_file)
        engine = options.reader(db)
        result = pk.pack(plan, engine=engine, annex_a=annex_a, as_of=day, pseudonymise=pseudonymise)
        path = output or Path(rp.default_name(result, fmt))
        if fmt == "json":
            options.write_text(rp.json_text(result), output)
        elif fmt == "xlsx":
            write_with(lambda fh: rp.write_xlsx(result, fh), path)
            options.err().print(f"wrote {options.safe(path)}", soft_wrap=True)
        else:
            html = rp.render_html(result)
            if not to_pdf_only:
                options.write_text(html, path)
            if pdf or to_pdf_only:
                pdf_path = path if to_pdf_only else path.with_suffix(".pdf")
                try:
                    rp.print_pdf(html, pdf_path)
                except RuntimeError as exc:
                    options.fail(exc)
                options.err().print(f"wrote {options.safe(pdf_path)}", soft_wrap=True)
        if not no_history:
            rows = pk.history_rows(result)
            plan.history = pk.merged_history(plan.history, result)
            write_plan(plan, plan_file)
            options.err().print(
                f"wrote {len(rows)} figures of {result['as_of']} into the history sheet of "
                f"{options.safe(plan_file)} (--no-history to skip)",
                soft_wrap=True,
            )
