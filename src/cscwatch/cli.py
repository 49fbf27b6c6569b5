"""The `cscwatch` command: a thin layer over the library. It parses arguments, calls one library
function and renders the result; it never computes figures itself."""

from __future__ import annotations

import importlib
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from cscwatch import __version__
from cscwatch.output import Format, emit
from cscwatch.registry import queries, store
from cscwatch.registry.build import build as build_registry

# Commands of the capability packages: (module, attribute, is a Typer sub-app). They are
# imported only when invoked (or for --help), so `cscwatch build` does not pay for pandas,
# polars or lifelines at start-up.
LAZY_COMMANDS: dict[str, tuple[str, str, bool]] = {
    "national": ("cscwatch.analytics.cli", "national_command", False),
    "la": ("cscwatch.analytics.cli", "la_command", False),
    "transitions": ("cscwatch.analytics.cli", "transitions_command", False),
    "time-to-improve": ("cscwatch.analytics.cli", "time_to_improve_command", False),
    "report": ("cscwatch.analytics.cli", "report_app", True),
    "search": ("cscwatch.search.cli", "search_command", False),
    "recommendations": ("cscwatch.search.cli", "recommendations_command", False),
    "themes": ("cscwatch.search.cli", "themes_command", False),
    "annex-a": ("cscwatch.casework.cli", "annex_a_app", True),
    "readiness": ("cscwatch.casework.cli", "readiness", False),
    "serve": ("cscwatch.web.cli", "serve_command", False),
}


class LazyGroup(TyperGroup):
    """The main command group, which loads the capability packages' commands on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *LAZY_COMMANDS]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in LAZY_COMMANDS:
            return super().get_command(ctx, name)
        module, attr, is_app = LAZY_COMMANDS[name]
        target = getattr(importlib.import_module(module), attr)
        if is_app:
            command = typer.main.get_group(target)
        else:
            single = typer.Typer(rich_markup_mode="rich")
            single.command(name)(target)
            command = typer.main.get_command(single)
        command.name = name
        return command


app = typer.Typer(
    cls=LazyGroup,
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
    text: Annotated[
        bool,
        typer.Option(
            "--text/--no-text",
            help="Also index the text for search, recommendations, context figures and themes.",
        ),
    ] = True,
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
            engine,
            folder,
            workers=workers,
            force=force,
            text=text,
            on_start=on_start,
            on_file=on_file,
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
