"""The one place casework writes an xlsx workbook (synthetic workbooks, the readiness sheets)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

Rows = Iterable[Sequence[Any]]


def write(path: str | Path, sheets: dict[str, Rows]) -> Path:
    """Each sheet's rows, cell by cell as given: text stays text (never a formula or a number),
    numbers and booleans stay what they are, None leaves the cell empty. A file that cannot be
    written raises the OSError behind it (the CLI turns it into one line)."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    path = Path(path)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
    try:
        book.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args else exc
        raise cause if isinstance(cause, OSError) else OSError(str(cause)) from None
    return path
