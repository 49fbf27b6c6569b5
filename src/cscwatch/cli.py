"""The `cscwatch` command: a thin layer over the library. It parses arguments, calls one library
function and renders the result; it never computes figures itself."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cscwatch import __version__
from cscwatch.output import Format, emit
from cscwatch.registry import queries, store
from cscwatch.registry.build import build as build_registry

app = typer.Typer(
    help="Ofsted inspections of England's children's services: registry, national picture, "
    "search and local readiness.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Registry database (SQLAlchemy URL or SQLite path). Default: $CSCWATCH_DB, else "
        "./cscwatch.db, else (read-only commands) the registry embedded in the package.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cscwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """cscwatch: how England holds its children's social care to account."""


@app.command()
def build(
    folder: Annotated[
        Path,
        typer.Argument(exists=True, file_okay=False, dir_okay=True, help="Folder of report PDFs."),
    ],
    db: DbOption = None,
    workers: Annotated[int | None, typer.Option(help="Processes (default: all cores).")] = None,
    force: Annotated[bool, typer.Option(help="Re-parse every file, changed or not.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Parse a folder of Ofsted reports (recursively) into the registry.

    Unchanged files (same content hash) are skipped. Exit code 0 when every file parsed,
    1 when any failed (the rest is stored)."""
    engine = store.connect(db or store.database_url(None), create=True)
    progress = Progress(
        TextColumn("[bold]Parsing reports"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}", style="dim"),
        console=err,
        disable=quiet,
        transient=False,
    )
    task = None

    def on_start(n: int) -> None:
        nonlocal task
        task = progress.add_task("parse", total=n, current="")

    def on_file(report) -> None:
        progress.update(task, advance=1, current=Path(report.source_file).name[:50])

    with progress:
        result = build_registry(
            engine, folder, workers=workers, force=force, on_start=on_start, on_file=on_file
        )
    summary = Table(title=f"cscwatch build: {folder}", show_header=False)
    summary.add_row("files seen (.pdf)", str(result.seen))
    summary.add_row("parsed", str(result.parsed))
    summary.add_row("unchanged (skipped)", str(result.unchanged))
    summary.add_row("failed", str(len(result.failed)))
    if result.ignored:
        summary.add_row("other files (not .pdf, ignored)", str(len(result.ignored)))
    summary.add_row("seconds", f"{result.seconds:.2f}")
    summary.add_row("database", store.database_url(db))
    err.print(summary)
    # One line per failure, naming the file and the reason (never wrapped, easy to grep).
    for name, reason in result.failed:
        err.print(f"[red]failed[/red] {escape(name)}: {escape(reason)}", soft_wrap=True)
    for name in result.ignored:
        err.print(f"[dim]ignored (not a .pdf name): {escape(name)}[/dim]", soft_wrap=True)
    raise typer.Exit(0 if result.ok else 1)


class ExportTable(StrEnum):
    judgments = "judgments"


@app.command()
def export(
    table: Annotated[ExportTable, typer.Argument(help="What to export.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.csv,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default: stdout).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export a registry table: `judgments` is one row per report file (the export contract)."""
    engine = _engine(db)
    frame = queries.judgments_export(engine)
    emit(frame, fmt, output, title="Judgments")


def _engine(db: str | None):
    try:
        return store.connect(db)
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


def _mount() -> None:
    """Commands from the capability packages, each a thin function in its package's cli.py."""
    from cscwatch.analytics import cli as analytics_cli
    from cscwatch.casework import cli as casework_cli
    from cscwatch.search import cli as search_cli
    from cscwatch.web import cli as web_cli

    app.command("national")(analytics_cli.national_command)
    app.command("la")(analytics_cli.la_command)
    app.command("transitions")(analytics_cli.transitions_command)
    app.command("time-to-improve")(analytics_cli.time_to_improve_command)
    report = typer.Typer(help="Printable reports.", no_args_is_help=True)
    report.command("annual")(analytics_cli.annual_command)
    app.add_typer(report, name="report")
    app.command("search")(search_cli.search_command)
    app.command("recommendations")(search_cli.recommendations_command)
    app.command("themes")(search_cli.themes_command)
    app.add_typer(casework_cli.annex_a_app, name="annex-a")
    app.command("readiness")(casework_cli.readiness)
    app.command("serve")(web_cli.serve_command)


_mount()
