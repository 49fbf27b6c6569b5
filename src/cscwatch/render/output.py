"""The project's one writer of results: a Rich table, CSV, JSON, XLSX or Parquet, to a file or
to standard output, for the command line and the web app alike.

Files are written whole or not at all: the bytes go to a temporary file beside the target,
which replaces the target only once everything is written (a full disk leaves the old file as
it was, and nothing half-written behind). A target that is not a regular file (a device, a
pipe) is written into, never replaced or removed. CSV text cells a spreadsheet would run as a
formula (starting with = + - @, tab or carriage return) get a leading single quote, as OWASP
advises; numbers are left alone. XLSX cells are written as text, never as formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from cscwatch import files

if TYPE_CHECKING:  # pandas and Rich are imported when used, to keep the CLI quick to start
    import pandas as pd
    from rich.console import Console
    from rich.table import Table


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    parquet = "parquet"


# Files ------------------------------------------------------------------------------------------
write_bytes = files.write_bytes  # whole or not at all (cscwatch/files.py)


def write_text(text: str, output: Path | str | None) -> None:
    """``text`` to ``output`` (whole or not at all), or to standard output."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_bytes(text.encode("utf-8"), output)


def write_with(write: Callable[[IO[bytes]], Any], output: Path | str | None) -> None:
    """What ``write`` writes into a binary handle, to ``output`` or standard output."""
    buf = io.BytesIO()
    write(buf)
    if output is None:
        sys.stdout.buffer.write(buf.getvalue())
        sys.stdout.buffer.flush()
    else:
        write_bytes(buf.getvalue(), output)


# JSON -------------------------------------------------------------------------------------------
def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, set | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def clean(value: Any) -> Any:
    """NaN, NaT and NA become None, recursively, so the JSON is valid."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, Mapping):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    return value


def dumps(obj: Any) -> str:
    """JSON for people (indented), with dates as ISO strings; NaN is an error."""
    return json.dumps(obj, default=_json_default, ensure_ascii=False, indent=2, allow_nan=False)


def json_text(obj: Any) -> str:
    """Compact JSON for the web, with NaN and NaT as null."""
    return json.dumps(clean(obj), default=_json_default, ensure_ascii=False, allow_nan=False)


# CSV --------------------------------------------------------------------------------------------
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, with a leading single quote (OWASP);
    anything else (numbers included) as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """CSV of dicts: dates as ISO dates, lists joined with ';', missing values empty."""
    rows = list(rows)
    if columns is None:
        columns = list(dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_csv_cell(r.get(c)) for c in columns])
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    value = clean(value)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, list | tuple):
        value = ";".join(str(v) for v in value)
    return neutralise(value)


def frame_csv(frame: pd.DataFrame) -> str:
    """CSV of a frame, as pandas writes it, with formula-like text cells neutralised."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or str(safe[col].dtype) in ("string", "str"):
            safe[col] = safe[col].map(neutralise)
    return safe.to_csv(index=False, lineterminator="\n")


# XLSX and Parquet -------------------------------------------------------------------------------
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}


def frame_xlsx(frame: pd.DataFrame, fh: IO[bytes]) -> None:
    """A frame as one XLSX sheet (xlsxwriter), text always as text."""
    frame.to_excel(fh, index=False, engine="xlsxwriter", engine_kwargs={"options": XLSX_OPTIONS})


def xlsx_sheets(
    sheets: Mapping[str, Sequence[Mapping[str, Any]]],
    fh: IO[bytes],
    *,
    created: dt.date | None = None,
) -> None:
    """Named sheets of dicts (each sheet's columns are its first row's keys). With ``created``
    the workbook is stamped with that date, not the time of writing: the same sheets give the
    same bytes."""
    import xlsxwriter

    book = xlsxwriter.Workbook(fh, XLSX_OPTIONS)
    files.stamp_created(book, created)
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        if not rows:
            continue
        sheet.write_row(0, 0, list(rows[0]))
        for r, row in enumerate(rows, start=1):
            sheet.write_row(r, 0, ["" if v is None else v for v in row.values()])
    book.close()


# Tables -----------------------------------------------------------------------------------------
def to_frame(rows: pd.DataFrame | Iterable[Mapping[str, Any]], columns=None) -> pd.DataFrame:
    import pandas as pd

    if isinstance(rows, pd.DataFrame):
        return rows if columns is None else rows.loc[:, list(columns)]
    return pd.DataFrame(list(rows), columns=list(columns) if columns else None)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts, with missing values as None (never NaN)."""
    clean_frame = frame.astype(object).where(frame.notna(), None)
    return [{str(k): v for k, v in row.items()} for row in clean_frame.to_dict(orient="records")]


def render_table(
    frame: pd.DataFrame, title: str | None = None, compact: bool = False, width: int | None = None
) -> Table:
    """A Rich table of ``frame``; ``compact``: no borders, one space between columns (for wide
    tables that must still fit 80 columns). Given the screen's ``width``, a table whose columns
    fit it at their longest word never splits a word (words wrap whole)."""
    import pandas as pd

    cells = [["" if v is None else _table_cell(v) for v in row.values()] for row in records(frame)]
    numeric = [pd.api.types.is_numeric_dtype(frame[col]) for col in frame.columns]
    return _rich_table([str(c) for c in frame.columns], numeric, cells, title, compact, width)


def _rich_table(
    names: list[str],
    numeric: list[bool],
    cells: list[list[str]],
    title: str | None,
    compact: bool,
    width: int | None,
) -> Table:
    """The Rich table of ``cells`` (rows of text) under ``names`` (see ``render_table``)."""
    from rich import box
    from rich.table import Table

    if compact:
        table = Table(
            title=title,
            show_lines=False,
            header_style="bold",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            padding=(0, 0),
            collapse_padding=True,
        )
    else:
        table = Table(title=title, show_lines=False, header_style="bold")
    longest = [
        max(
            (len(w) for text in (col, *(r[i] for r in cells)) for w in text.split()),
            default=1,
        )
        for i, col in enumerate(names)
    ]
    n = len(longest)
    overhead = 2 * n if compact else 3 * n + 1
    whole_words = width is not None and sum(longest) + overhead <= width
    for i, col in enumerate(names):
        table.add_column(
            col,
            justify="right" if numeric[i] else "left",
            overflow="fold",
            min_width=longest[i] if whole_words else None,
        )
    for row in cells:
        table.add_row(*row)
    return table


def _table_cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 1 or value == 0 else f"{value:.3f}"
    return str(value)


# Rows of plain values, without pandas ------------------------------------------------------------
# Lists of dicts holding only None, str, bool, int, float and dates (the quick commands' results)
# are written here, exactly as through a pandas frame: a column holds bools, ints or floats when
# every value is one (ints with a missing value become floats), else the values as they are.
# Anything else (a datetime, a numpy value, an empty list) goes through pandas as before.
_PLAIN_TYPES = (str, bool, int, float, dt.date)
_MISSING = object()


def _is_frame(rows: Any) -> bool:
    frame_type = getattr(sys.modules.get("pandas"), "DataFrame", None)
    return frame_type is not None and isinstance(rows, frame_type)


def _plain(
    rows: list[Any], columns: Iterable[str] | None
) -> tuple[list[str], dict[str, list[Any]], set[str]] | None:
    """(column names, each column's values as pandas would hold them with None for missing,
    the numeric columns), or None when pandas should do it."""
    if not all(isinstance(r, Mapping) for r in rows) or (not rows and columns is None):
        return None
    names = (
        list(columns) if columns is not None else list(dict.fromkeys(k for r in rows for k in r))
    )
    values: dict[str, list[Any]] = {}
    numeric: set[str] = set()
    for name in names:
        column = [r.get(name, _MISSING) for r in rows]
        present = [v for v in column if v is not None and v is not _MISSING and v == v]
        if not present:  # pandas: all None is text; any NaN (or no such key) is a float
            nan = any(v is _MISSING or (isinstance(v, float) and v != v) for v in column)
            if nan:
                numeric.add(name)
            values[name] = [None] * len(column)
            continue
        if any(
            isinstance(v, dt.datetime)
            or not isinstance(v, _PLAIN_TYPES)
            or (isinstance(v, int) and not -(2**63) <= v < 2**63)
            for v in present
        ):
            return None
        missing = len(present) < len(column)
        if all(type(v) is bool for v in present) and not missing:
            kind: Any = bool
        elif all(type(v) is int for v in present) and not missing:
            kind = int
        elif all(type(v) in (int, float) for v in present):
            kind = float
        else:
            kind = None
        if kind is not None:
            numeric.add(name)
        values[name] = [
            None if v is None or v is _MISSING or v != v else (float(v) if kind is float else v)
            for v in column
        ]
    return names, values, numeric


def _emit_plain(
    plain: tuple[list[str], dict[str, list[Any]], set[str]],
    fmt: Format,
    output: Path | None,
    title: str | None,
    console: Console | None,
    compact: bool = False,
) -> None:
    names, values, numeric = plain
    count = len(values[names[0]]) if names else 0  # no rows: every column is empty text
    if fmt is Format.json:
        recs = [{n: values[n][i] for n in names} for i in range(count)]
        write_text(dumps(recs) + "\n", output)
        return
    if fmt is Format.csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for i in range(count):
            writer.writerow(
                [
                    ""
                    if (v := values[n][i]) is None
                    else repr(v)
                    if type(v) is float
                    else neutralise(v)
                    if n not in numeric
                    else v
                    for n in names
                ]
            )
        write_text(out.getvalue(), output)
        return
    cells = [
        ["" if (v := values[n][i]) is None else _table_cell(v) for n in names] for i in range(count)
    ]
    flags = [n in numeric for n in names]
    if output is not None:
        buf = io.StringIO()
        con = plain_console(buf)
        con.print(_rich_table([str(n) for n in names], flags, cells, title, compact, con.width))
        write_text(buf.getvalue(), output)
    else:
        from rich.console import Console

        con = console or Console()
        con.print(_rich_table([str(n) for n in names], flags, cells, title, compact, con.width))


def plain_console(file: IO[str], width: int = 160) -> Console:
    """A console writing plain text (no colour, markup or emoji codes) into ``file``."""
    from rich.console import Console

    return Console(
        file=file, width=width, color_system=None, emoji=False, markup=False, highlight=False
    )


def emit(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]] | Mapping[str, Any],
    fmt: Format | str = Format.table,
    output: Path | None = None,
    *,
    title: str | None = None,
    columns: Iterable[str] | None = None,
    console: Console | None = None,
    compact: bool = False,
) -> None:
    """Render ``rows`` (a frame, a list of dicts, or for JSON any object) as ``fmt``."""
    fmt = Format(fmt)
    if isinstance(rows, Mapping):
        if fmt is not Format.json:
            raise ValueError("this result is a document: use --format json")
        write_text(dumps(rows) + "\n", output)
        return
    if fmt in (Format.table, Format.csv, Format.json) and not _is_frame(rows):
        rows = list(rows)  # type: ignore[arg-type]  # not a frame (checked above)
        plain = _plain(rows, columns)
        if plain is not None:
            _emit_plain(plain, fmt, output, title, console, compact)
            return
    frame = to_frame(rows, columns)
    if fmt is Format.table:
        if output is not None:
            buf = io.StringIO()
            con = plain_console(buf)
            con.print(render_table(frame, title, compact, con.width))
            write_text(buf.getvalue(), output)
        else:
            from rich.console import Console

            con = console or Console()
            con.print(render_table(frame, title, compact, con.width))
    elif fmt is Format.csv:
        write_text(frame_csv(frame), output)
    elif fmt is Format.json:
        write_text(dumps(records(frame)) + "\n", output)
    elif fmt is Format.xlsx:
        write_with(lambda fh: frame_xlsx(frame, fh), output)
    elif fmt is Format.parquet:
        write_with(lambda fh: frame.to_parquet(fh, index=False), output)
