"""What every command shares, declared once: the ``--db``, ``--format``, ``-o`` and date options,
the consoles the CLI prints through, and the one way a user error ends a command (one line on
standard error, exit 1; exit 2 for bad usage)."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer

from cscwatch.render import output as fmtout

if TYPE_CHECKING:  # Rich is imported when something is printed through it
    from rich.console import Console


# Consoles never read `:emoji:` codes, and the screen console never reads markup, so a file
# name or a report's text is printed as it is. Messages on `err` may use markup for colour:
# anything from a user or a file goes in through `safe`.
# They are made when used, so each picks up the terminal's width (and COLUMNS) at that moment.
def out() -> Console:
    """The screen: no markup, no emoji codes."""
    from rich.console import Console

    return Console(emoji=False, markup=False, highlight=False)


def err() -> Console:
    """Standard error: markup for colour (user text goes in through ``safe``)."""
    from rich.console import Console

    return Console(stderr=True, emoji=False, highlight=False)


def safe(text: object) -> str:
    """``text`` (a file name, a query, a reason) ready to go into a markup message on ``err``."""
    from rich.markup import escape

    return escape(str(text))


def fail(message: object, code: int = 1) -> NoReturn:
    """End the command with one line on standard error."""
    err().print(f"[red]error:[/red] {safe(message)}", soft_wrap=True)
    raise typer.Exit(code)


def note(text: str) -> None:
    """A dim caption under a table on screen, wrapped between words to the screen's width."""
    out().print(text, style="dim")


@contextmanager
def one_line() -> Iterator[None]:
    """Errors a user can cause, as one line: a registry that cannot be opened (exit 2 for a
    missing file named with --db, else 1), an input that cannot be read, a file that cannot be
    written, a database that fails under a command. Anything else is a bug and keeps its
    traceback."""
    import sqlite3

    from cscwatch.registry import store

    try:
        yield
        sys.stdout.flush()  # (here, so that a reader gone before the end is caught below)
    except BrokenPipeError:
        _reader_gone()
    except store.RegistryMissing as exc:
        fail(exc, 2)
    except store.RegistryError as exc:
        fail(exc)
    except ValueError as exc:  # casework's InputError, without importing polars to name it
        read = sys.modules.get("cscwatch.casework.read")
        if read is None or not isinstance(exc, read.InputError):
            raise
        fail(exc)
    except OSError as exc:
        fail(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else exc)
    except Exception as exc:  # a database error (SQLAlchemy's, if it is loaded, or sqlite3's)
        sa_exc = sys.modules.get("sqlalchemy.exc")
        if isinstance(exc, sqlite3.Error) or (
            sa_exc is not None and isinstance(exc, sa_exc.DBAPIError)
        ):
            fail(store.explain(exc))
        raise


def _reader_gone() -> NoReturn:
    """The program reading the output stopped early (`cscwatch export ... | head`): nothing is
    wrong and nothing more is said; the exit status is the one a Unix tool ended by SIGPIPE
    has (128 + 13), and what is still buffered goes nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(141)


# --db -----------------------------------------------------------------------------------------
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Registry database (SQLAlchemy URL or SQLite path). Default: $CSCWATCH_DB, else "
        "./cscwatch.db, else (read-only commands) the registry embedded in the package.",
    ),
]


def registry(db: str | None):
    """The registry engine for a reading command (opened read-only; errors: ``one_line``)."""
    from cscwatch.registry import store

    return _said_if_empty(store.connect(db), db)


def reader(db: str | None):
    """The registry for a command that only runs plain SQL over it (``registry.read``: no
    SQLAlchemy for an SQLite file or the embedded registry; errors: ``one_line``)."""
    from cscwatch.registry import read

    return _said_if_empty(read.connect(db), db)


def _said_if_empty(engine, db: str | None):
    """A registry that holds no report yet (made by `cscwatch fetch`, which only records its
    downloads) answers every question with "no report": say why, once, on stderr."""
    from cscwatch.registry import read, store

    with engine.connect() as conn:
        if read.execute(conn, "SELECT count(*) FROM reports").scalar():
            return engine
        tables = read.execute(conn, "SELECT name FROM sqlite_master WHERE name = 'downloads'")
        fetched = (
            read.execute(conn, "SELECT count(*) FROM downloads").scalar() if tables.first() else 0
        )
    where = store.describe(db)
    listed = f" ({fetched} downloaded files listed)" if fetched else ""
    err().print(
        f"note: {safe(where)} holds no reports yet{listed}: "
        "run `cscwatch build FOLDER` (or `cscwatch update`) to read them.",
        soft_wrap=True,
    )
    return engine


# Writing the registry (build, fetch, update) ---------------------------------------------------
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
WaitOption = Annotated[
    float,
    typer.Option(min=0, help="Seconds to wait for another writer of the same database to finish."),
]
WorkersOption = Annotated[int | None, typer.Option(help="Processes (default: all cores).")]
TextOption = Annotated[
    bool,
    typer.Option(
        "--text/--no-text",
        help="Also index the text for search, recommendations, context figures and themes.",
    ),
]


# Dates ----------------------------------------------------------------------------------------
def parse_date(value: Any) -> dt.date:
    """A calendar date, YYYY-MM-DD; anything else is a usage error."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(str(value).strip(), "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD") from None


def date_option(name: str, help: str) -> Any:
    """A validated date option (``None`` when not given)."""
    return Annotated[
        dt.date | None, typer.Option(name, parser=parse_date, metavar="YYYY-MM-DD", help=help)
    ]


AsOfOption = date_option("--as-of", "The date, YYYY-MM-DD (default: today).")
SinceOption = date_option("--since", "Published on or after YYYY-MM-DD.")
UntilOption = date_option("--until", "Published on or before YYYY-MM-DD.")
CompareOption = date_option(
    "--compare", "Show the change since this date (default: a year earlier)."
)


# --format -------------------------------------------------------------------------------------
DATA_FORMATS = tuple(f.value for f in fmtout.Format)  # table, csv, json, xlsx, parquet


def format_option(*choices: str, help: str | None = None) -> Any:
    """``--format/-f`` with the formats a command can write (the first is the default)."""
    return Annotated[
        Literal[choices] | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help=help or f"{choices[0]} (default), " + ", ".join(choices[1:]) + ".",
        ),
    ]


FormatOption = format_option(*DATA_FORMATS)


# -o -------------------------------------------------------------------------------------------
def writable(value: Path | None) -> Path | None:
    """A file that can be written: its folder exists and it is not itself a folder."""
    if value is None:
        return None
    if value.is_dir():
        raise typer.BadParameter(f"{value} is a folder: give a file name")
    if not value.parent.is_dir():
        raise typer.BadParameter(f"no folder {value.parent} to write {value.name} in")
    return value


def output_option(help: str = "Write to this file instead of the screen.") -> Any:
    return Annotated[Path | None, typer.Option("--output", "-o", callback=writable, help=help)]


OutputOption = output_option()


def format_for(
    fmt: str | None, output: Path | None, choices: tuple[str, ...], *, strict: bool = False
) -> str:
    """The format to write: ``--format``, else the suffix of ``-o`` when it names one of
    ``choices``, else the first choice. With ``strict`` a file whose suffix names no format is
    a usage error (rather than a file in the default format)."""
    if fmt:
        return fmt.lower()
    suffix = output.suffix.lstrip(".").lower() if output is not None else ""
    if suffix in choices:
        return suffix
    if strict and output is not None:
        raise typer.BadParameter(
            f"cannot tell the format from {output.name!r}: add --format ({', '.join(choices)})",
            param_hint="'--format'",
        )
    return choices[0]


# Rendering ------------------------------------------------------------------------------------
@contextmanager
def console_for(output: Path | None, width: int | None = None) -> Iterator[Console]:
    """The screen console (``width`` columns if given), or one writing plain text (160
    columns) to ``output``: neither reads markup or emoji codes."""
    if output is None:
        from rich.console import Console

        yield (
            out()
            if width is None
            else Console(width=width, emoji=False, markup=False, highlight=False)
        )
        return
    buf = io.StringIO()
    yield fmtout.plain_console(buf)
    fmtout.write_text(buf.getvalue(), output)


def _terminal() -> bool:
    """True when standard output is a terminal (binary formats are refused there)."""
    return sys.stdout.isatty()


def emit(rows: Any, fmt: str, output: Path | None = None, **kwargs: Any) -> None:
    """Rows (or a JSON document) as ``fmt``, to ``output`` or the screen. Tables go through
    ``console_for``, on screen and in a file alike."""
    binary = fmtout.Format(fmt) in (fmtout.Format.xlsx, fmtout.Format.parquet)
    if binary and output is None and _terminal():
        fail(
            f"{fmt} is a binary file format: write it to a file with -o FILE.{fmt} "
            "(or redirect standard output)",
            2,
        )
    if fmtout.Format(fmt) is not fmtout.Format.table:
        fmtout.emit(rows, fmt, output, **kwargs)
        return
    with console_for(output) as console:
        fmtout.emit(rows, fmt, console=console, **kwargs)


def write_text(text: str, output: Path | None) -> None:
    """``text`` to ``output`` (and say so on standard error), or to the screen."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    fmtout.write_text(text, output)
    err().print(f"wrote {safe(output)}", soft_wrap=True)


def on_screen(fmt: str, output: Path | None) -> bool:
    """True when a table goes to the screen (the only place captions and layouts are shown)."""
    return fmt == fmtout.Format.table and output is None


def progress(quiet: bool) -> Any:
    """A Rich progress bar on standard error: each task's description, bar, count, time and the
    name being worked on (``current``, printed as it is)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}", style="dim", markup=False),  # a file name
        console=err(),
        disable=quiet,
    )
