"""``cscwatch fetch`` and ``cscwatch update``: the reports from Ofsted's site into a folder, and
that folder into the registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from cscwatch.cli import options
from cscwatch.cli.options import (
    DbOption,
    QuietOption,
    SinceOption,
    TextOption,
    WaitOption,
    WorkersOption,
    err,
    out,
    safe,
)

FETCH = "Fetching"  # rich help panel for the politeness options

LaOption = Annotated[
    list[str] | None,
    typer.Option(
        "--la",
        help="Only this council (name, URN or LA code); repeat for more. Default: every "
        "council in the site's listing.",
    ),
]
BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help="The reports site (default: Ofsted's, https://reports.ofsted.gov.uk).",
    ),
]
DelayOption = Annotated[
    float,
    typer.Option(min=0, help="Seconds between two requests to one host.", rich_help_panel=FETCH),
]
PerHostOption = Annotated[
    int,
    typer.Option("--per-host", min=1, help="Requests at once to one host.", rich_help_panel=FETCH),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        min=0.01,
        help="Seconds to wait to connect and for each piece of an answer.",
        rich_help_panel=FETCH,
    ),
]
RetriesOption = Annotated[
    int,
    typer.Option(
        min=0,
        help="Further tries after a 429 or 5xx answer (honouring Retry-After), a timeout or "
        "a broken connection, with doubling waits.",
        rich_help_panel=FETCH,
    ),
]
RevalidateOption = Annotated[
    bool,
    typer.Option(
        help="Ask the site again about files already downloaded (conditional requests: only "
        "changed files are downloaded). Default: a file already downloaded and still on disk "
        "is not asked for.",
        rich_help_panel=FETCH,
    ),
]


def _councils(values: list[str] | None) -> list[str] | None:
    """The URNs of the councils named with --la (a usage error for one that matches none)."""
    if not values:
        return None
    from cscwatch import reference

    urns = []
    for value in values:
        council = reference.find(value)
        if council is None:
            hints = ", ".join(c.name for c in reference.suggest(value))
            raise typer.BadParameter(
                f"no council matches {value!r}" + (f" (did you mean: {hints}?)" if hints else ""),
                param_hint="'--la'",
            )
        urns.append(council.urn)
    return urns


def run_fetch(
    folder: Path,
    db: str | None,
    *,
    la: list[str] | None,
    since: dt.date | None,
    base_url: str | None,
    delay: float,
    per_host: int,
    timeout: float,
    retries: int,
    revalidate: bool,
    wait: float,
    quiet: bool,
) -> int:
    """Fetch into ``folder`` with a progress bar and a summary; the exit code (0 or 1)."""
    from rich.table import Table

    from cscwatch.fetch import Politeness, Reporter, fetch, site
    from cscwatch.registry import store

    only = _councils(la)
    if folder.exists() and not folder.is_dir():
        raise typer.BadParameter(f"{folder} is not a folder", param_hint="'FOLDER'")
    base = base_url or site.DEFAULT_BASE_URL
    politeness = Politeness(delay=delay, per_host=per_host, timeout=timeout, retries=retries)
    url = store.database_url(db)
    progress = options.progress(quiet)

    class Bar(Reporter):
        def __init__(self) -> None:
            self.councils_task = progress.add_task("Councils", total=None, current="")
            self.files_task = progress.add_task("Files", total=0, current="")
            self.files_total = 0

        def councils(self, total: int) -> None:
            progress.update(self.councils_task, total=total)

        def council(self, provider) -> None:
            progress.update(self.councils_task, advance=1, current=provider.name[:40])

        def files(self, found: int) -> None:
            self.files_total += found
            progress.update(self.files_task, total=self.files_total)

        def file(self, path: str, outcome: str) -> None:
            progress.update(self.files_task, advance=1, current=f"{outcome}: {path[-50:]}")

    with store.writer(url, timeout=wait) as engine, progress:
        result = fetch(
            folder,
            engine,
            base_url=base,
            only=only,
            since=since,
            revalidate=revalidate,
            politeness=politeness,
            reporter=Bar(),
        )
    summary = Table(title=f"cscwatch fetch: {safe(base)} -> {safe(folder)}", show_header=False)
    summary.add_row("councils", str(result.councils))
    summary.add_row("publications listed", str(result.listed))
    if since is not None:
        summary.add_row(f"published before {since.isoformat()} (skipped)", str(result.older))
    summary.add_row("downloaded", f"{result.downloaded} ({len(result.new)} new, "
                    f"{len(result.updated)} changed)")  # fmt: skip
    summary.add_row("unchanged", str(result.unchanged))
    summary.add_row("failed", str(len(result.failed)))
    summary.add_row("requests", str(result.requests))
    summary.add_row("seconds", f"{result.seconds:.2f}")
    summary.add_row("database", safe(url))
    err().print(summary)
    screen = out()
    for path in result.new:
        screen.print(f"new {path}", soft_wrap=True)
    for path in result.updated:
        screen.print(f"changed {path}", soft_wrap=True)
    for what, reason in result.failed:
        err().print(f"[red]failed[/red] {safe(what)}: {safe(reason)}", soft_wrap=True)
    return 0 if result.ok else 1


def fetch_command(
    folder: Annotated[
        Path,
        typer.Argument(file_okay=False, dir_okay=True, help="Folder to save the reports in."),
    ],
    la: LaOption = None,
    since: SinceOption = None,
    base_url: BaseUrlOption = None,
    db: DbOption = None,
    delay: DelayOption = 1.0,
    per_host: PerHostOption = 1,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 3,
    revalidate: RevalidateOption = False,
    wait: WaitOption = 30.0,
    quiet: QuietOption = False,
) -> None:
    """Download every council's children's services reports from Ofsted's site into a folder.

    Files are saved as FOLDER/<URN>_<council>/<title> - <date>.pdf, the layout `cscwatch build`
    reads, and recorded (URL, ETag, Last-Modified, SHA-256, time) in the registry's downloads
    manifest. A second run downloads only what is new. The new files are listed on standard
    output; failures (a council or file, with the reason) on standard error. Exit code 0 when
    everything was fetched, 1 when anything failed (the rest is saved), 2 for bad usage."""
    raise typer.Exit(
        run_fetch(
            folder,
            db,
            la=la,
            since=since,
            base_url=base_url,
            delay=delay,
            per_host=per_host,
            timeout=timeout,
            retries=retries,
            revalidate=revalidate,
            wait=wait,
            quiet=quiet,
        )
    )


def update_command(
    reports: Annotated[
        Path,
        typer.Option(file_okay=False, dir_okay=True, help="Folder of reports to fetch into."),
    ] = Path("reports"),
    db: DbOption = None,
    la: LaOption = None,
    since: SinceOption = None,
    base_url: BaseUrlOption = None,
    delay: DelayOption = 1.0,
    per_host: PerHostOption = 1,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 3,
    revalidate: RevalidateOption = False,
    workers: WorkersOption = None,
    text: TextOption = True,
    wait: WaitOption = 30.0,
    quiet: QuietOption = False,
) -> None:
    """Fetch the new reports from Ofsted's site, then build the registry: it is current.

    `cscwatch fetch REPORTS` then `cscwatch build REPORTS` (default folder ./reports, default
    registry as for build). The build runs even when some downloads failed. Exit code 0 when
    both succeeded, 1 when anything failed, 2 for bad usage."""
    from cscwatch.cli.registry import build_command

    fetched = run_fetch(
        reports,
        db,
        la=la,
        since=since,
        base_url=base_url,
        delay=delay,
        per_host=per_host,
        timeout=timeout,
        retries=retries,
        revalidate=revalidate,
        wait=wait,
        quiet=quiet,
    )
    try:
        build_command(reports, db=db, workers=workers, text=text, wait=wait, quiet=quiet)
        built = 0
    except typer.Exit as exc:
        built = exc.exit_code
    raise typer.Exit(max(fetched, built))
