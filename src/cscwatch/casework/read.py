"""Read an Annex A workbook (xlsx, ods, or a folder of CSVs) into typed Polars frames.

Headers are matched after normalisation (case, spacing, curly quotes, stray punctuation) and
through the aliases in ``layout.yaml``; the header row is found among the first rows; blank rows
are dropped and counted. Cells are read as text and typed by :mod:`values`, so a bad cell
becomes a data-quality finding rather than an exception.
"""

from __future__ import annotations

import csv
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import polars as pl

from cscwatch.casework.layout import ListLayout, layouts, normalise_header
from cscwatch.casework.values import clean_text, typed_series

HEADER_SEARCH_ROWS = 15
READ_THREADS = min(4, os.cpu_count() or 1)  # sheets are parsed in parallel (Rust releases the GIL)
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}


class InputError(ValueError):
    """An input that cannot be read at all: missing, an empty folder, an unreadable workbook."""


@dataclass
class ListData:
    layout: ListLayout
    frame: pl.DataFrame  # "_row" plus one typed column per layout key
    raw: pl.DataFrame  # "_row" plus the cleaned text of each layout key
    found_headers: list[str]
    missing_columns: list[str] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    header_row: int = 1
    blank_rows: int = 0

    @property
    def number(self) -> int:
        return self.layout.number

    def has(self, key: str) -> bool:
        return key in self.layout.column_keys() and key not in self.missing_columns


@dataclass
class Workbook:
    source: str
    lists: dict[int, ListData]
    missing_lists: list[int]

    def get(self, number: int) -> ListData | None:
        return self.lists.get(number)

    @property
    def rows(self) -> int:
        return sum(ld.frame.height for ld in self.lists.values())


def list_number(name: str) -> int | None:
    """'List 1', 'list_10', 'Annex A - List 3 Referrals' -> number (never confuses 1 and 10)."""
    match = re.search(r"list[\s_\-]*0*(\d{1,2})(?!\d)", name.lower())
    if not match:
        return None
    number = int(match.group(1))
    return number if number in layouts() else None


def header_lookup(layout: ListLayout) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for col in layout.columns:
        for name in (col.header, *col.aliases):
            lookup.setdefault(normalise_header(name), col.key)
    return lookup


def _find_header(grid: pl.DataFrame, lookup: dict[str, str]) -> int | None:
    best, best_hits = None, 1
    for i, row in enumerate(grid.head(HEADER_SEARCH_ROWS).iter_rows()):
        hits = sum(1 for v in row if v is not None and normalise_header(v) in lookup)
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def from_grid(grid: pl.DataFrame, layout: ListLayout, first_row: int = 1) -> ListData:
    """Build a :class:`ListData` from a grid of text cells (no header applied)."""
    lookup = header_lookup(layout)
    header_idx = _find_header(grid, lookup)
    if header_idx is None:
        header_idx = 0
    headers = [str(v) if v is not None else "" for v in grid.row(header_idx)]
    rename: dict[str, str] = {}
    extra: list[str] = []
    for name, header in zip(grid.columns, headers, strict=True):
        key = lookup.get(normalise_header(header))
        if key and key not in rename.values():
            rename[name] = key
        elif header.strip():
            extra.append(header.strip())
    body = grid.slice(header_idx + 1).with_row_index("_row", offset=first_row + header_idx + 1)
    body = body.select("_row", *[pl.col(k).alias(v) for k, v in rename.items()])
    body = body.with_columns(clean_text(c) for c in rename.values())
    present = list(rename.values())
    blank = pl.all_horizontal(pl.col(c).is_null() for c in present) if present else pl.lit(True)
    blank_rows = body.filter(blank).height
    raw = body.filter(~blank)
    missing = [c.key for c in layout.columns if c.key not in present]
    raw = raw.with_columns(pl.lit(None, dtype=pl.Utf8).alias(k) for k in missing)
    raw = raw.with_columns(pl.col("_row").cast(pl.Int64))
    frame = pl.DataFrame(
        [raw["_row"], *[typed_series(raw[c.key], c.type, c.codes) for c in layout.columns]]
    )
    return ListData(
        layout=layout,
        frame=frame,
        raw=raw.select("_row", *[c.key for c in layout.columns]),
        found_headers=[h for h in headers if h.strip()],
        missing_columns=missing,
        extra_columns=extra,
        header_row=first_row + header_idx,
        blank_rows=blank_rows,
    )


def _read_spreadsheet(path: Path) -> dict[int, tuple[pl.DataFrame, int]]:
    reader = fastexcel.read_excel(path)
    wanted: dict[int, str] = {}
    for name in reader.sheet_names:
        number = list_number(name)
        if number is not None and number not in wanted:
            wanted[number] = name

    def load(name: str) -> pl.DataFrame:
        own = fastexcel.read_excel(path)  # one reader per thread: a reader is not shareable
        return own.load_sheet(name, header_row=None, dtypes="string").to_polars()

    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
        frames = pool.map(load, wanted.values())
        return {n: (df, 1) for n, df in zip(wanted, frames, strict=True)}


def _read_csv(file: Path) -> tuple[pl.DataFrame, int]:
    """All cells as text, starting at the first full-width line (title rows are short)."""
    with file.open(encoding="utf-8", errors="replace", newline="") as fh:
        head = [row for _, row in zip(range(HEADER_SEARCH_ROWS), csv.reader(fh), strict=False)]
    width = max((len(r) for r in head), default=1)
    skip = next((i for i, r in enumerate(head) if len(r) == width), 0)
    grid = pl.read_csv(
        file,
        has_header=False,
        skip_rows=skip,
        infer_schema=False,
        truncate_ragged_lines=True,
        encoding="utf8-lossy",
    )
    return grid, skip + 1


def _read_csv_folder(path: Path) -> dict[int, tuple[pl.DataFrame, int]]:
    grids: dict[int, tuple[pl.DataFrame, int]] = {}
    for file in sorted(path.glob("*.csv")):
        number = list_number(file.stem)
        if number is None or number in grids or not file.is_file():
            continue
        grids[number] = _read_csv(file)
    return grids


def _grids(path: Path) -> dict[int, tuple[pl.DataFrame, int]]:
    """The text grid of every list in ``path``; :class:`InputError` when there is none to read.

    Only a regular file or a folder is opened: a named pipe or a device would block or never
    end, so it is refused by what it is, before anything reads it."""
    if not path.exists():
        raise InputError(f"{path.name}: no such file or folder")
    if not (path.is_dir() or path.is_file()):
        raise InputError(f"{path.name}: not a regular file or a folder")
    suffix = path.suffix.lower()
    if not path.is_dir() and suffix not in SPREADSHEET_SUFFIXES | {".csv"}:
        raise InputError(f"{path.name}: not an xlsx/ods workbook or a folder of CSV files")
    try:
        if path.is_dir():
            grids = _read_csv_folder(path)
        elif suffix == ".csv":
            number = list_number(path.stem)
            grids = {number: _read_csv(path)} if number is not None else {}
        else:
            grids = _read_spreadsheet(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure means the input is unreadable
        raise InputError(f"{path.name}: could not be read ({exc})") from exc
    if not grids:
        raise InputError(
            f"{path.name}: no Annex A list found (sheets or CSV files named 'List 1' to 'List 11')"
        )
    return grids


def read_workbook(path: str | Path) -> Workbook:
    """Read every list found. An input that cannot be read at all raises :class:`InputError`
    (one line naming the file and the problem); problems inside a list are findings."""
    path = Path(path)
    grids = _grids(path)
    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
        built = pool.map(
            lambda item: from_grid(item[1][0], layouts()[item[0]], item[1][1]),
            sorted(grids.items()),
        )
        lists = {ld.number: ld for ld in built}
    missing = [n for n in layouts() if n not in lists]
    return Workbook(str(path), lists, missing)


def from_frames(frames: dict[int, pl.DataFrame], source: str = "frames") -> Workbook:
    """Workbook from in-memory frames whose columns are template headers (used by tests)."""
    lists = {}
    for number, df in frames.items():
        header = pl.DataFrame([pl.Series(c, [c], dtype=pl.Utf8) for c in df.columns])
        body = df.select(pl.all().cast(pl.Utf8))
        grid = pl.concat([header, body])
        grid.columns = [f"c{i}" for i in range(grid.width)]
        lists[number] = from_grid(grid, layouts()[number])
    missing = [n for n in layouts() if n not in lists]
    return Workbook(source, lists, missing)
