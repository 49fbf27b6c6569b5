"""Write a table of results in the format a user asked for: a Rich table, CSV, JSON, XLSX or
Parquet, to a file or to standard output. Every command renders through here."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # pandas is imported when a table is rendered, to keep the CLI quick to start
    import pandas as pd


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    parquet = "parquet"


def to_frame(rows: pd.DataFrame | Iterable[Mapping[str, Any]], columns=None) -> pd.DataFrame:
    import pandas as pd

    if isinstance(rows, pd.DataFrame):
        return rows if columns is None else rows.loc[:, list(columns)]
    return pd.DataFrame(list(rows), columns=list(columns) if columns else None)


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(obj: Any) -> str:
    """JSON with dates as ISO strings and NaN as null."""
    return json.dumps(obj, default=_json_default, ensure_ascii=False, indent=2, allow_nan=False)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts, with missing values as None (never NaN)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict(orient="records")


def render_table(frame: pd.DataFrame, title: str | None = None) -> Table:
    import pandas as pd

    table = Table(title=title, show_lines=False, header_style="bold")
    for col in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[col])
        table.add_column(str(col), justify="right" if numeric else "left", overflow="fold")
    for row in records(frame):
        table.add_row(*("" if v is None else _cell(v) for v in row.values()))
    return table


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 1 or value == 0 else f"{value:.3f}"
    return str(value)


def emit(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]] | Mapping[str, Any],
    fmt: Format | str = Format.table,
    output: Path | None = None,
    *,
    title: str | None = None,
    columns: Iterable[str] | None = None,
    console: Console | None = None,
) -> None:
    """Render ``rows`` (a frame, a list of dicts, or for JSON any object) as ``fmt``."""
    fmt = Format(fmt)
    if isinstance(rows, Mapping):
        if fmt is not Format.json:
            raise ValueError("this result is a document: use --format json")
        _write_text(dumps(rows) + "\n", output)
        return
    frame = to_frame(rows, columns)
    if fmt is Format.table:
        if output is not None:
            buf = io.StringIO()
            Console(file=buf, width=160, color_system=None).print(render_table(frame, title))
            _write_text(buf.getvalue(), output)
        else:
            (console or Console()).print(render_table(frame, title))
    elif fmt is Format.csv:
        _write_text(frame.to_csv(index=False, lineterminator="\n"), output)
    elif fmt is Format.json:
        _write_text(dumps(records(frame)) + "\n", output)
    elif fmt is Format.xlsx:
        _write_binary(lambda fh: frame.to_excel(fh, index=False, engine="openpyxl"), output)
    elif fmt is Format.parquet:
        _write_binary(lambda fh: frame.to_parquet(fh, index=False), output)


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        Path(output).write_text(text, encoding="utf-8")


def _write_binary(write, output: Path | None) -> None:
    if output is None:
        buf = io.BytesIO()
        write(buf)
        sys.stdout.buffer.write(buf.getvalue())
        sys.stdout.buffer.flush()
    else:
        with Path(output).open("wb") as fh:
            write(fh)
