"""The plan file: a :class:`~cscwatch.plan.model.Plan` written to and read from an XLSX workbook
or a YAML file, in the layout of ``data/plan.yaml``.

Reading is forgiving about the team's hand and strict about the file: columns are matched by
header (case, spaces, underscores and hyphens ignored), in any order, extra columns are kept;
a value that is not what its column needs (a due date that is no date) is kept as the text
typed, for ``plan check`` to name. A file that is not a plan at all (no such file, not XLSX or
YAML, unreadable, a sheet or a required column missing, a layout version this cscwatch does not
read) raises :class:`PlanError`, one line naming the file and the problem.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import IO, Any

from cscwatch import files
from cscwatch.plan.model import Action, Ask, HistoryRow, Measure, Plan, layout

__all__ = [
    "PlanError",
    "XLSX_SUFFIXES",
    "YAML_SUFFIXES",
    "is_plan_file",
    "read_plan",
    "write_plan",
    "write_xlsx",
    "write_yaml",
    "xlsx_bytes",
    "yaml_text",
]

XLSX_SUFFIXES = (".xlsx", ".xlsm")
READ_SUFFIXES = (*XLSX_SUFFIXES, ".ods")  # fastexcel reads these too
YAML_SUFFIXES = (".yaml", ".yml")
HEADER_SEARCH_ROWS = 5  # a team may put a title above the header
VALIDATION_ROWS = 1000  # rows below the header that get the status and direction lists
RECORDS: dict[str, type] = {
    "asks": Ask,
    "actions": Action,
    "measures": Measure,
    "history": HistoryRow,
}


class PlanError(ValueError):
    """A file that is not a plan: one line naming the file and the problem."""


# Values ---------------------------------------------------------------------------------------
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def normalise(header: object) -> str:
    """A header as matched: lower case, without spaces, underscores or hyphens."""
    return re.sub(r"[\s_\-]+", "", str(header)).lower()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    s = str(value).strip()
    return s or None


def as_date(value: Any) -> dt.date | str | None:
    """A date from a date cell, an ISO date or a UK dd/mm/yyyy; anything else as typed."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = _text(value)
    if s is None:
        return None
    try:
        if m := _ISO.match(s):
            return dt.date.fromisoformat(m.group(1))
        if m := _UK.match(s):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        pass
    return s


def _finite(value: Any) -> float | str | None:
    """A cell as a finite number, else as the text typed (None when empty)."""
    if isinstance(value, bool):
        return _text(value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        s = _text(value)
        if s is None:
            return None
        try:
            number = float(s)
        except ValueError:
            return s
    return number if number == number and abs(number) != float("inf") else _text(value)


def as_int(value: Any) -> int | str | None:
    number = _finite(value)
    return (
        int(number)
        if isinstance(number, float) and number.is_integer()
        else (_text(value) if isinstance(number, float) else number)
    )


def as_number(value: Any) -> float | str | None:
    return _finite(value)


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else re.split(r"[;,]", str(value))
    return [s for s in (_text(v) for v in items) if s]


def as_bool(value: Any) -> bool | str | None:
    if isinstance(value, bool):
        return value
    s = _text(value)
    if s is None:
        return None
    low = s.lower()
    return True if low in _TRUE else False if low in _FALSE else s


CONVERT: dict[str, Callable[[Any], Any]] = {
    "date": as_date,
    "int": as_int,
    "number": as_number,
    "list": as_list,
    "bool": as_bool,
    "text": _text,
}


def _types(sheet: str) -> dict[str, str]:
    return dict(layout()["sheets"][sheet].get("types") or {})


def _columns(sheet: str) -> list[str]:
    return list(layout()["sheets"][sheet]["columns"])


def _convert(sheet: str, column: str, value: Any) -> Any:
    return CONVERT[_types(sheet).get(column, "text")](value)


# Plan <-> plain rows ----------------------------------------------------------------------------
def _about(plan: Plan) -> dict[str, Any]:
    return {key: getattr(plan, key) for key in layout()["sheets"]["about"]["keys"]}


def _records(plan: Plan, sheet: str) -> list[Any]:
    return list(getattr(plan, sheet))


def _row_values(record: Any, sheet: str) -> dict[str, Any]:
    return {c: getattr(record, c) for c in _columns(sheet)}


def _extra_headers(records: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(h for r in records for h in r.extra))


# Writing ----------------------------------------------------------------------------------------
def write_plan(plan: Plan, path: str | Path) -> Path:
    """Write ``plan`` to ``path``: YAML for .yaml/.yml, else an XLSX workbook. The file is
    replaced in one step (written beside it, then renamed)."""
    path = Path(path)
    if path.suffix.lower() in YAML_SUFFIXES:
        data = yaml_text(plan).encode("utf-8")
    elif path.suffix.lower() in XLSX_SUFFIXES:
        data = xlsx_bytes(plan)
    else:
        raise PlanError(f"{path.name}: a plan is written as .xlsx or .yaml")
    files.write_bytes(data, path)
    return path


def _width(header: str, values: Iterable[Any], wrap: bool) -> float:
    """Room for the longest value (wrapped columns: 40 to 60 characters; ids: an ask id)."""
    longest = max([len(header), *(len(_text(v) or "") for v in values)])
    least = 40 if wrap else 16 if header.endswith("_id") else 12
    return min(60 if wrap else 40, max(least, longest + 2))


def write_xlsx(plan: Plan, target: str | Path | IO[bytes]) -> None:
    """The plan as an XLSX workbook: one sheet per layout sheet, a frozen bold header, dates as
    dates, status and direction chosen from lists, long text wrapped."""
    import xlsxwriter

    in_memory = not isinstance(target, str | Path)
    wb = xlsxwriter.Workbook(target, {"in_memory": True} if in_memory else {})
    files.stamp_created(wb, plan.created)  # (the same plan, the same bytes)
    bold = wb.add_format({"bold": True, "bg_color": "#E7E6E6", "border": 1, "valign": "top"})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left"})
    wrap_fmt = wb.add_format({"text_wrap": True, "valign": "top"})
    top = wb.add_format({"valign": "top"})
    lists = {"status": layout()["statuses"], "direction": layout()["directions"]}

    # about: key, value
    ws = wb.add_worksheet("about")
    ws.write_row(0, 0, ["key", "value"], bold)
    about = _about(plan)
    for i, (key, value) in enumerate(about.items(), start=1):
        ws.write_string(i, 0, key)
        _cell(ws, i, 1, value, date_fmt if isinstance(value, dt.date) else top)
    ws.set_column(0, 0, 20)
    ws.set_column(1, 1, max(20, *(len(_text(v) or "") + 2 for v in about.values())), date_fmt)
    ws.freeze_panes(1, 0)

    for sheet in RECORDS:
        spec = layout()["sheets"][sheet]
        records = _records(plan, sheet)
        extras = _extra_headers(records)
        headers = [*_columns(sheet), *extras]
        types = _types(sheet)
        wrap = set(spec.get("wrap") or [])
        ws = wb.add_worksheet(sheet)
        ws.write_row(0, 0, headers, bold)
        ws.freeze_panes(1, 0)
        for r, record in enumerate(records, start=1):
            values = {**_row_values(record, sheet), **record.extra}
            for c, header in enumerate(headers):
                value = values.get(header)
                if isinstance(value, list):
                    value = "; ".join(str(v) for v in value)
                fmt = wrap_fmt if header in wrap else top
                _cell(ws, r, c, value, date_fmt if isinstance(value, dt.date) else fmt)
        for c, header in enumerate(headers):
            column = [
                getattr(rec, header) if header in spec["columns"] else rec.extra.get(header)
                for rec in records
            ]
            kind = types.get(header)
            fmt = date_fmt if kind == "date" else wrap_fmt if header in wrap else top
            ws.set_column(c, c, _width(header, column, header in wrap), fmt)
            if header in lists:
                ws.data_validation(
                    1,
                    c,
                    max(VALIDATION_ROWS, len(records) + 100),
                    c,
                    {
                        "validate": "list",
                        "source": list(lists[header]),
                        "error_type": "warning",
                        "error_title": f"Not a {header}",
                        "error_message": f"{header}: one of " + ", ".join(lists[header]),
                    },
                )
        if records:
            ws.autofilter(0, 0, len(records), len(headers) - 1)
    wb.close()


def _cell(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt)
    else:  # text as text, never a formula
        ws.write_string(row, col, str(value), fmt)


def xlsx_bytes(plan: Plan) -> bytes:
    """The plan's workbook as bytes (for a download)."""
    buf = io.BytesIO()
    write_xlsx(plan, buf)
    return buf.getvalue()


def plain(plan: Plan) -> dict[str, Any]:
    """The plan as plain data (the YAML file's content): about, then one list per sheet."""
    out: dict[str, Any] = {"about": _about(plan)}
    for sheet in RECORDS:
        out[sheet] = [{**_row_values(r, sheet), **r.extra} for r in _records(plan, sheet)]
    return out


def yaml_text(plan: Plan) -> str:
    import yaml

    head = (
        "# cscwatch improvement plan (layout in cscwatch's data/plan.yaml; docs/plans.md).\n"
        "# Fill the actions and measures; `cscwatch plan check` names what is missing.\n"
    )
    return head + yaml.safe_dump(plain(plan), sort_keys=False, allow_unicode=True, width=100)


def write_yaml(plan: Plan, path: str | Path) -> None:
    files.write_bytes(yaml_text(plan).encode("utf-8"), path)


# Reading ----------------------------------------------------------------------------------------
def is_plan_file(path: str | Path) -> bool:
    """True when ``path`` is a file with a plan's suffix (read it to know it is a plan)."""
    return Path(path).suffix.lower() in (*READ_SUFFIXES, *YAML_SUFFIXES)


def read_plan(path: str | Path) -> Plan:
    """The plan in an XLSX workbook or a YAML file. Raises :class:`PlanError` (naming the
    file and the problem) for a file that is not a plan."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise PlanError(f"{name}: no such file")
    if not path.is_file():
        raise PlanError(f"{name}: not a file")
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        sheets = _yaml_sheets(path)
    elif suffix in READ_SUFFIXES:
        sheets = _xlsx_sheets(path)
    else:
        raise PlanError(f"{name}: not a plan file (.xlsx or .yaml)")
    return _plan(name, str(path), sheets)


Rows = list[tuple[int, dict[str, Any]]]  # (row number, header -> value)


def _yaml_sheets(path: Path) -> dict[str, Any]:
    import yaml

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PlanError(f"{path.name}: could not be read as YAML ({problem})") from None
    if not isinstance(doc, dict):
        raise PlanError(f"{path.name}: not a plan (a YAML mapping with about, asks, actions...)")
    keys = {normalise(k): k for k in doc}
    out: dict[str, Any] = {}
    for sheet in layout()["sheets"]:
        key = keys.get(normalise(sheet))
        if key is None:
            raise PlanError(f"{path.name}: no {sheet!r} section")
        body = doc[key]
        if sheet == "about":
            if not isinstance(body, dict):
                raise PlanError(f"{path.name}: 'about' is not a mapping of keys and values")
            out[sheet] = body
            continue
        body = body or []
        if not isinstance(body, list) or not all(isinstance(r, dict) for r in body):
            raise PlanError(f"{path.name}: {sheet!r} is not a list of rows (key: value)")
        out[sheet] = [(n, dict(r)) for n, r in enumerate(body, start=1)]
    return out


def _xlsx_sheets(path: Path) -> dict[str, Any]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
        names = {normalise(n): n for n in reader.sheet_names}
        grids = {}
        for sheet in layout()["sheets"]:
            found = names.get(normalise(sheet))
            if found is None:
                raise PlanError(f"{path.name}: no sheet {sheet!r}")
            frame = reader.load_sheet(found, header_row=None, dtypes="string").to_polars()
            grids[sheet] = frame.rows()
    except PlanError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure: the file is unreadable
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PlanError(f"{path.name}: could not be read as a workbook ({problem})") from None
    out: dict[str, Any] = {}
    for sheet, grid in grids.items():
        if sheet == "about":
            out[sheet] = {
                str(row[0]).strip(): row[1] if len(row) > 1 else None
                for row in grid
                if row and row[0] is not None and str(row[0]).strip()
            }
        else:
            out[sheet] = _table(path.name, sheet, grid)
    return out


def _table(name: str, sheet: str, grid: list[tuple]) -> Rows:
    """The rows of one sheet under its header (found among the first rows): header -> value,
    with each row's number in the sheet (1-based); blank rows skipped."""
    spec = layout()["sheets"][sheet]
    wanted = {normalise(c) for c in spec["columns"]}
    header_at = None
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if any(v is not None and normalise(v) in wanted for v in row):
            header_at = i
            break
    if header_at is None:
        if not grid:  # an empty sheet: no header at all
            raise PlanError(f"{name}: sheet {sheet!r} has no header row")
        raise PlanError(
            f"{name}: sheet {sheet!r} has no header row naming its columns "
            f"({', '.join(spec['columns'])})"
        )
    headers = [None if v is None else str(v).strip() for v in grid[header_at]]
    rows: Rows = []
    for i, row in enumerate(grid[header_at + 1 :], start=header_at + 2):
        values = {h: v for h, v in zip(headers, row, strict=False) if h}
        if any(v is not None and str(v).strip() for v in values.values()):
            rows.append((i, values))
    _require(name, sheet, [h for h in headers if h])
    return rows


def _require(name: str, sheet: str, headers: Iterable[str]) -> None:
    have = {normalise(h) for h in headers}
    missing = [c for c in layout()["sheets"][sheet]["required"] if normalise(c) not in have]
    if missing:
        plural = "columns" if len(missing) > 1 else "column"
        raise PlanError(
            f"{name}: sheet {sheet!r} has no {plural} " + ", ".join(repr(m) for m in missing)
        )


def _record(sheet: str, number: int, values: Mapping[str, Any]) -> Any:
    cols = {normalise(c): c for c in _columns(sheet)}
    known: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for header, value in values.items():
        col = cols.get(normalise(header))
        if col is not None and col not in known:
            known[col] = _convert(sheet, col, value)
        elif value is not None and str(value).strip():
            extra[str(header)] = _text(value) if not isinstance(value, int | float) else value
    cls = RECORDS[sheet]
    names = {f.name for f in fields(cls)}
    args = {c: known.get(c) for c in _columns(sheet) if c in names}
    if sheet == "asks":
        args["themes"] = known.get("themes") or []
    return cls(**args, row=number, extra=extra)


def _plan(name: str, source: str, sheets: Mapping[str, Any]) -> Plan:
    about = {normalise(k): v for k, v in sheets["about"].items()}
    keys = layout()["sheets"]["about"]["keys"]
    values = {k: _convert("about", k, about.get(normalise(k))) for k in keys}
    version = values.get("layout_version")
    reads = [int(v) for v in layout()["reads"]]
    if version is None:
        raise PlanError(f"{name}: not a plan (no layout_version in its about sheet)")
    if version not in reads:
        raise PlanError(
            f"{name}: layout version {version} is not one this cscwatch reads "
            f"({', '.join(map(str, reads))})"
        )
    if not values.get("council"):
        raise PlanError(f"{name}: no council in its about sheet")
    dates = {
        k: values[k] if isinstance(values[k], dt.date) else None
        for k in ("created", "latest_inspection")
    }
    return Plan(
        council=str(values["council"]),
        la_code=_text(values.get("la_code")),
        layout_version=int(version),
        created=dates["created"],
        registry=_text(values.get("registry")),
        latest_inspection=dates["latest_inspection"],
        asks=[_record("asks", n, r) for n, r in sheets["asks"]],
        actions=[_record("actions", n, r) for n, r in sheets["actions"]],
        measures=[_record("measures", n, r) for n, r in sheets["measures"]],
        history=[_record("history", n, r) for n, r in sheets["history"]],
        source=source,
    )
