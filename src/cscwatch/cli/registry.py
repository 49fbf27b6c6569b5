"""``cscwatch build`` and ``cscwatch export``: reports into the registry, and the registry out."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cscwatch.cli import options
from cscwatch.cli.options import (
    DbOption,
    OutputOption,
    QuietOption,
    TextOption,
    WaitOption,
    WorkersOption,
    err,
    safe,
)
from cscwatch.render.output import Format


def build_command(
    folder: Annotated[
        Path,
        typer.Argument(exists=True, file_okay=False, dir_okay=True, help="Folder of report PDFs."),
    ],
    db: DbOption = None,
    workers: WorkersOption = None,
    force: Annotated[bool, typer.Option(help="Re-parse every file, changed or not.")] = False,
    text: TextOption = True,
    wait: WaitOption = 30.0,
    keep_missing: Annotated[
        bool,
        typer.Option(
            help="Keep stored reports whose file is gone from the folder (default: remove them)."
        ),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            min=0, help="Seconds one file may take to parse; then it fails and the build goes on."
        ),
    ] = 120.0,
    quiet: QuietOption = False,
) -> None:
    """Parse a folder of Ofsted reports (recursively) into the registry.

    Unchanged files (same content hash) are skipped; stored reports whose file is gone are
    removed (and named). Only regular files inside the folder are read. Exit code 0 when every file parsed,
    1 when any failed (the rest is stored), 2 for bad usage."""
    from rich.table import Table

    from cscwatch.registry import store
    from cscwatch.registry.survey import nothing_to_do

    url = store.database_url(db)
    # (a build with nothing to write answers from a read-only look, without loading the parser)
    result = nothing_to_do(url, folder, text=text, force=force, keep_missing=keep_missing)
    if result is None:
        result = _build(url, folder, workers, force, text, wait, keep_missing, timeout, quiet)
    summary = Table(title=f"cscwatch build: {safe(folder)}", show_header=False)
    summary.add_row("files seen (.pdf)", str(result.seen))
    summary.add_row("parsed", str(result.parsed))
    summary.add_row("unchanged (skipped)", str(result.unchanged))
    summary.add_row("failed", str(len(result.failed)))
    if result.removed:
        summary.add_row("removed (file gone)", str(len(result.removed)))
    if result.kept_missing:
        summary.add_row("kept (file gone, --keep-missing)", str(len(result.kept_missing)))
    if result.ignored:
        summary.add_row("other files (not .pdf, ignored)", str(len(result.ignored)))
    summary.add_row("seconds", f"{result.seconds:.2f}")
    summary.add_row("database", safe(url))
    err().print(summary)
    # One line per failure, naming the file and the reason (never wrapped, easy to grep).
    for name, reason in result.failed:
        err().print(f"[red]failed[/red] {safe(name)}: {safe(reason)}", soft_wrap=True)
    for name in result.removed:
        err().print(f"removed {safe(name)}: no such file any more", soft_wrap=True)
    for name in result.kept_missing:
        err().print(f"kept {safe(name)}: no such file any more (--keep-missing)", soft_wrap=True)
    for name in result.ignored:
        err().print(f"[dim]ignored (not a .pdf name): {safe(name)}[/dim]", soft_wrap=True)
    raise typer.Exit(0 if result.ok else 1)


def _build(url: str, folder: Path, workers, force, text, wait, keep_missing, timeout, quiet):
    from rich.progress import TaskID

    from cscwatch.registry import store
    from cscwatch.registry.build import build as build_registry

    progress = options.progress(quiet)
    task: TaskID | None = None

    def on_start(n: int) -> None:
        nonlocal task
        task = progress.add_task("Parsing reports", total=n, current="")

    def on_file(report) -> None:
        if task is not None:  # (the build calls on_start first)
            progress.update(task, advance=1, current=Path(report.source_file).name[:50])

    with store.writer(url, timeout=wait) as engine, progress:
        return build_registry(
            engine,
            folder,
            workers=workers,
            force=force,
            text=text,
            keep_missing=keep_missing,
            timeout=timeout or None,
            on_start=on_start,
            on_file=on_file,
        )


class ExportTable(StrEnum):
    judgments = "judgments"


EXPORT_FORMATS = ("csv", *(f for f in options.DATA_FORMATS if f != "csv"))
# Every data format; csv first, the default.
ExportFormat = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help=f"{EXPORT_FORMATS[0]} (default), " + ", ".join(EXPORT_FORMATS[1:]) + ".",
    ),
]


def export_command(
    table: Annotated[ExportTable, typer.Argument(help="What to export.")],
    format: ExportFormat = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """Export a registry table: `judgments` is one row per report file (the export contract).

    The format is --format, else the suffix of -o (.json, .xlsx, .parquet), else CSV."""
    from cscwatch.registry import queries

    frame = queries.judgments_export(options.registry(db))
    fmt = options.format_for(format, output, EXPORT_FORMATS)
    options.emit(frame, fmt, output, title="Judgments")
    if output is not None:
        options.err().print(
            f"wrote {options.safe(output)}: {len(frame)} rows ({fmt}), one per report file",
            soft_wrap=True,
        )
