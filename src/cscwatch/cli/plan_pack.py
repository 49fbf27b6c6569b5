"""``plan pack``: the board pack. Parse arguments, call ``cscwatch.plan.pack``, render.

Added to the ``plan`` group of ``cscwatch.cli.plan`` (which imports this module)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal, get_args

import typer

from cscwatch.cli import options
from cscwatch.cli.plan import PlanArg, plan_app, plan_errors, read

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
    """A board pack: status by ask and theme, each ask's words, actions and measures, and the
    national context; by default its figures go into the plan file's history sheet.

    The pack is one printable HTML file (A4, one ask per page); --pdf prints it with headless
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
