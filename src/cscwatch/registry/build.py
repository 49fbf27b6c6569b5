"""Build or refresh the registry from a folder of reports.

Files are hashed in this process (fast) and only new or changed ones are parsed, in a pool of
processes (one per core). Results are written in one transaction, then the full-text index is
rebuilt. A file that cannot be parsed is stored with status 'error' and its reason."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from pathlib import Path

from sqlalchemy import Engine, delete, select

from cscwatch.registry import fts as fts_index
from cscwatch.registry import schema
from cscwatch.reports.model import ParsedReport
from cscwatch.reports.parse import PARSER_VERSION, parse_file, sha256


@dataclass
class BuildResult:
    seen: int = 0
    parsed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files under the folder that are not .pdf
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


def find_reports(root: Path) -> tuple[list[Path], list[str]]:
    """Every .pdf file below ``root`` (any case), and the other files found there."""
    pdfs, others = [], []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath, name)
            (pdfs if name.lower().endswith(".pdf") else others).append(path)
    return pdfs, [p.relative_to(root).as_posix() for p in others]


@dataclass(frozen=True)
class _Stored:
    sha256: str
    parser_version: str | None
    size: int | None
    mtime_ns: int | None


def _known(engine: Engine) -> dict[str, _Stored]:
    t = schema.reports
    cols = (t.c.source_file, t.c.sha256, t.c.parser_version, t.c.size, t.c.mtime_ns)
    with engine.connect() as conn:
        return {r[0]: _Stored(*r[1:]) for r in conn.execute(select(*cols))}


def _version(text: bool) -> str:
    """The parser version stored with a report: '+text' when its text was analysed too."""
    return f"{PARSER_VERSION}+text" if text else PARSER_VERSION


def _unchanged(path: Path, stored: _Stored | None, text: bool) -> bool:
    """Same content, read by this parser version (a text build re-reads reports stored without
    their text). The content hash is only recomputed when the file's size or modification
    time differ from those stored with it."""
    if stored is None or stored.parser_version not in {_version(text), _version(True)}:
        return False
    st = path.stat()
    if st.st_size == stored.size and st.st_mtime_ns == stored.mtime_ns:
        return True
    return _hash_file(path) == stored.sha256


def build(
    engine: Engine,
    root: Path,
    *,
    workers: int | None = None,
    force: bool = False,
    text: bool = True,
    on_start: Callable[[int], None] | None = None,
    on_file: Callable[[ParsedReport], None] | None = None,
) -> BuildResult:
    """Parse new and changed reports under ``root`` into the registry at ``engine``. With
    ``text`` false, the report text (passages, recommendations, themes) is not analysed."""
    started = time.perf_counter()
    root = root.resolve()
    schema.metadata.create_all(engine)
    schema.add_missing_columns(engine)
    paths, others = find_reports(root)
    result = BuildResult(seen=len(paths), ignored=others)
    known = {} if force else _known(engine)
    todo = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if _unchanged(path, known.get(rel), text):
            result.unchanged += 1
        else:
            todo.append((rel, path))
    todo = [path for _, path in sorted(todo)]
    if on_start:
        on_start(len(todo))
    if text and todo:
        _warm_text_modules()
    parse = partial(parse_file, root=root, text=text)
    outcomes: list[tuple[str, str, str | None]] = []  # source_file, status, error
    if todo:
        # One transaction; each report is stored as its result arrives (in file order), so
        # storing overlaps the parsing of the reports after it.
        with engine.begin() as conn:
            # (a registry-only build still takes replaced reports out of an existing index)
            fts = (text or fts_index.exists(conn)) and fts_index.prepare(conn)
            for report in _parse_all(todo, parse, workers, on_file):
                mtime_ns = _mtime_ns(root / report.source_file)
                store(conn, report, mtime_ns=mtime_ns, text=text, fts=fts)
                outcomes.append((report.source_file, report.status, report.error))
        if text:
            from cscwatch.registry import recurrence  # (rapidfuzz: loaded only when needed)

            recurrence.flag_recurring(engine)
    result.parsed = sum(status == "ok" for _, status, _ in outcomes)
    result.failed = sorted((f, error or "") for f, status, error in outcomes if status != "ok")
    # Files stored as errors earlier and unchanged since are still failures.
    if result.unchanged:
        t = schema.reports
        with engine.connect() as conn:
            earlier = conn.execute(
                select(t.c.source_file, t.c.error).where(
                    t.c.status != "ok", t.c.source_file.notin_([f for f, _, _ in outcomes])
                )
            )
            on_disk = {p.relative_to(root).as_posix() for p in paths}
            result.failed += sorted((f, e) for f, e in earlier if f in on_disk)
    # fetch: each report's source URL, from the downloads manifest (cscwatch fetch)
    from cscwatch.registry import manifest

    manifest.link_sources(engine)
    result.seconds = time.perf_counter() - started
    return result


def _warm_text_modules() -> None:
    """Load the text extractors and the theme dictionary once here, so that the worker
    processes (forked from this one) start with them loaded."""
    from cscwatch.reports import context, passages, recommendations, themes  # noqa: F401

    themes.load_themes()


def _mtime_ns(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _hash_file(path: Path) -> str:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return ""


def _parse_all(paths: list[Path], parse, workers: int | None, on_file) -> Iterable[ParsedReport]:
    """The parsed reports, in the order of ``paths``."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(paths) < 4:
        for path in paths:
            report = parse(path)
            if on_file:
                on_file(report)
            yield report
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(parse, path) for path in paths]
        for path, future in zip(paths, futures, strict=True):
            try:
                report = future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. a worker killed by a crash in PDFium
                report = ParsedReport(_relative(path, parse), "", 0)
                report.fail(f"parser process failed: {type(exc).__name__}: {exc}")
            if on_file:
                on_file(report)
            yield report


def _relative(path: Path, parse: partial) -> str:
    root = parse.keywords.get("root")
    return (
        path.relative_to(root).as_posix() if root and path.is_relative_to(root) else path.as_posix()
    )


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def report_row(report: ParsedReport) -> dict:
    row = {
        "source_file": report.source_file,
        "sha256": report.sha256,
        "size": report.size,
        "page_count": report.page_count,
        "urn": report.urn,
        "la_code": report.la_code,
        "ons_code": report.ons_code,
        "la_name": report.la_name,
        "region": report.region,
        "la_source": report.la_source,
        "kind": report.kind,
        "framework": report.framework,
        "inspection_type": report.inspection_type,
        "inspection_start": _iso(report.inspection_start),
        "inspection_end": _iso(report.inspection_end),
        "published": _iso(report.published),
        "published_source": report.published_source,
        "pdf_created": _iso(report.pdf_created),
        "lead_inspector": report.lead_inspector,
        "cic_combined": report.cic_combined,
        "status": report.status,
        "error": report.error,
    }
    row |= {
        "focus": report.focus,
        "priority_actions": report.priority_actions,
        "visit_number": report.visit_number,
    }
    for area in schema.AREAS:
        grade = report.grade(area)
        row[area] = (
            grade
            if grade in ("outstanding", "good", "requires_improvement", "inadequate")
            else None
        )
    return row


def store(
    conn,
    report: ParsedReport,
    *,
    mtime_ns: int | None = None,
    text: bool = True,
    fts: bool = False,
) -> int:
    """Replace the stored record of ``report.source_file`` with ``report``; returns its id.
    With ``fts`` the full-text index is kept in step (see registry.fts.prepare)."""
    t = schema.reports
    if fts:
        fts_index.unindex_report(conn, report.source_file)
    conn.execute(delete(t).where(t.c.source_file == report.source_file))
    row = report_row(report) | {"mtime_ns": mtime_ns, "parser_version": _version(text)}
    report_id = conn.execute(t.insert(), row).inserted_primary_key[0]
    for table, items, fields in _children(report):
        if items:
            columns = ("report_id", *fields)
            rows = [(report_id, *item) for item in items]
            sql, order = _insert_sql(conn.dialect, table, columns)
            if order != columns:  # named parameters, or another order
                rows = [dict(zip(columns, r, strict=True)) for r in rows]
                rows = rows if order is None else [tuple(r[c] for c in order) for r in rows]
            conn.exec_driver_sql(sql, rows)
    if fts and report.passages:
        fts_index.index_report(conn, report_id)
    return report_id


_INSERTS: dict[tuple, tuple[str, tuple[str, ...] | None]] = {}


def _insert_sql(dialect, table, columns: tuple[str, ...]) -> tuple[str, tuple[str, ...] | None]:
    """An INSERT of ``columns`` compiled once for the database driver, with the order of its
    positional parameters (None for named ones). Rows then go straight to the driver's
    executemany: a build stores tens of thousands of passages, and per-row statement
    handling was most of the time spent storing them."""
    key = (dialect.name, dialect.paramstyle, table.name, columns)
    if key not in _INSERTS:
        compiled = table.insert().compile(dialect=dialect, column_keys=list(columns))
        order = tuple(compiled.positiontup) if compiled.positional else None
        _INSERTS[key] = (str(compiled), order)
    return _INSERTS[key]


def _children(report: ParsedReport):
    """The rows a report owns in other tables: (table, value tuples, column names)."""

    def values(objects, fields):
        return list(map(attrgetter(*fields), objects))  # (fields: always more than one)

    tables = (
        (schema.judgments, report.judgments, ("area", "grade", "page", "label")),
        (schema.recommendations, report.recommendations, ("position", "kind", "text", "page")),
        (schema.context_figures, report.context, ("figure", "value", "unit", "as_of", "page")),
        (schema.passages, report.passages, ("page", "section", "text")),
        (
            schema.interventions,
            report.interventions,
            ("kind", "detail", "date", "date_stated", "page"),
        ),
    )
    for table, objects, fields in tables:
        yield table, values(objects, fields), fields
    yield schema.theme_counts, report.themes, ("theme", "section", "count")
