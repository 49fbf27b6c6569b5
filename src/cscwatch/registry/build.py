"""Build or refresh the registry from a folder of reports.

Files are checked in this process (size, modification time and a quick content check; the full
hash only when these differ) and only new or changed ones are parsed, in a pool of worker
processes (one per core), each file under a time budget. Everything a build changes - the
reports, the rows they own, the full-text index, the reports whose file is gone, and the
recurring recommendations derived from them - is written in one transaction: a build that is
killed leaves the registry as it was. A file that cannot be parsed is stored with status 'error'
and its reason. Only regular files inside the folder are read (no links out of it)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select

from cscwatch.registry import fts as fts_index
from cscwatch.registry import schema
from cscwatch.registry.survey import (  # noqa: F401 - BuildResult and find_reports, read here
    SCHEMA_STAMP,
    BuildResult,
    Stored,
    earlier_failures,
    find_reports,
    stored_files,
    survey,
    version,
)
from cscwatch.reports.model import ParsedReport
from cscwatch.reports.parse import parse_file

DEFAULT_TIMEOUT = 120.0  # seconds one file may take to parse before it fails and is skipped


def build(
    engine: Engine,
    root: Path,
    *,
    workers: int | None = None,
    force: bool = False,
    text: bool = True,
    keep_missing: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    on_start: Callable[[int], None] | None = None,
    on_file: Callable[[ParsedReport], None] | None = None,
) -> BuildResult:
    """Parse new and changed reports under ``root`` into the registry at ``engine``. With
    ``text`` false, the report text (passages, recommendations, themes) is not analysed.

    Stored reports built from ``root`` whose file is gone are removed with everything they own
    (listed in ``removed``), or kept with ``keep_missing`` (listed in ``kept_missing``). A file
    whose parse takes longer than ``timeout`` seconds fails ("timed out") and the build goes
    on. Everything is written in one transaction."""
    from cscwatch.registry import recurrence  # (rapidfuzz: loaded only when a build runs)

    started = time.perf_counter()
    root = root.resolve()
    schema.metadata.create_all(engine)
    schema.upgrade(engine)
    with engine.connect() as conn:
        stored = stored_files(conn)
    plan = survey(root, stored, text=text, force=force, keep_missing=keep_missing)
    result = BuildResult(seen=len(plan.paths), ignored=plan.others, unchanged=plan.unchanged)
    result.removed, result.kept_missing = plan.missing, plan.kept_missing
    refusals = [ParsedReport(rel, "", 0).fail(why) for rel, why in plan.refusals]
    to_parse = [path for _, path in plan.todo]
    if on_start:
        on_start(len(to_parse) + len(refusals))
    if text and to_parse:
        _warm_text_modules()
    parse = partial(parse_file, root=root, text=text)
    outcomes: list[tuple[str, str, str | None]] = []  # source_file, status, error
    # One transaction; each report is stored as its result arrives (in file order), so
    # storing overlaps the parsing of the reports after it.
    with engine.begin() as conn:
        # (a registry-only build still takes replaced reports out of an existing index)
        changing = bool(to_parse or refusals or plan.missing)
        fts = changing and (text or fts_index.exists(conn)) and fts_index.prepare(conn)
        for source_file in plan.missing:
            remove(conn, source_file, fts=fts)
        loader = _Loader(conn, text=text, fts=fts, root=root, stored=stored)
        for report in refusals:
            if on_file:
                on_file(report)
            loader.put(report)
            outcomes.append((report.source_file, report.status, report.error))
        for report in _parse_all(to_parse, parse, workers, on_file, timeout):
            loader.put(report, plan.mtimes.get(report.source_file))
            outcomes.append((report.source_file, report.status, report.error))
        loader.finish()
        _refresh(conn, plan.refresh)
        # Derived from every report: recomputed in the same transaction whenever the reports
        # changed, or when a registry shows them missing or stale (an older build killed
        # between its two commits).
        if changing or recurrence.recurrence_stale(conn):
            recurrence.flag_recurring(conn)
        if conn.dialect.name == "sqlite":  # this registry has this schema (survey.nothing_to_do)
            conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_STAMP}")
    outcomes.sort()
    result.parsed = sum(status == "ok" for _, status, _ in outcomes)
    result.failed = sorted((f, error or "") for f, status, error in outcomes if status != "ok")
    # Files stored as errors earlier and unchanged since are still failures.
    if result.unchanged:
        on_disk = {p.relative_to(root).as_posix() for p in plan.paths}
        with engine.connect() as conn:
            result.failed += earlier_failures(conn, {f for f, _, _ in outcomes}, on_disk)
    # fetch: each report's source URL, from the downloads manifest (cscwatch fetch)
    from cscwatch.registry import manifest

    manifest.link_sources(engine)
    result.seconds = time.perf_counter() - started
    return result


# Reports whose passages are added to the full-text index in one statement (see
# registry.fts.index_reports: fewer, larger index segments).
FTS_BATCH = 32


@dataclass
class _Loader:
    """Stores a build's reports, one by one, and keeps the full-text index in step."""

    conn: Any
    text: bool
    fts: bool
    root: Path
    stored: dict[str, Stored]  # what the registry held before the build
    unindexed: list[int] = field(default_factory=list)  # stored, passages not yet indexed

    def put(self, report: ParsedReport, mtime_ns: int | None = None) -> None:
        report_id = store(
            self.conn,
            report,
            mtime_ns=mtime_ns,
            text=self.text,
            fts=self.fts,
            root=self.root,
            new=report.source_file not in self.stored,
        )
        if self.fts and report.passages:
            self.unindexed.append(report_id)
            if len(self.unindexed) >= FTS_BATCH:
                self.finish()

    def finish(self) -> None:
        fts_index.index_reports(self.conn, self.unindexed)
        self.unindexed.clear()


def _warm_text_modules() -> None:
    """Load the text extractors and the theme dictionary once here, so that the worker
    processes (forked from this one) start with them loaded."""
    from cscwatch.reports import context, passages, recommendations, themes  # noqa: F401

    themes.load_themes()


def _refresh(conn, changes: dict[str, dict]) -> None:
    """Record the new size, modification time, quick check or folder of unchanged files."""
    t = schema.reports
    for source_file, values in changes.items():
        conn.execute(t.update().where(t.c.source_file == source_file).values(**values))


def remove(conn, source_file: str, *, fts: bool = False) -> None:
    """Take a stored report out of the registry with every row it owns (without relying on
    the database to cascade), and out of the full-text index."""
    t = schema.reports
    if fts:
        fts_index.unindex_report(conn, source_file)
    ids = select(t.c.id).where(t.c.source_file == source_file).scalar_subquery()
    for table in schema.metadata.sorted_tables:  # every table that holds a report's rows
        if "report_id" in table.c:
            conn.execute(delete(table).where(table.c.report_id.in_(ids)))
    conn.execute(delete(t).where(t.c.source_file == source_file))


def _parse_all(
    paths: list[Path], parse, workers: int | None, on_file, timeout: float | None = None
) -> Iterable[ParsedReport]:
    """The parsed reports, in the order of ``paths``, parsed in worker processes (see
    :mod:`cscwatch.registry.workers`): a file that takes longer than ``timeout`` seconds, or
    whose worker dies, fails with the reason and the others go on."""
    from cscwatch.registry.workers import Pool

    workers = max(1, min(workers or os.cpu_count() or 1, len(paths)))
    if not paths:
        return
    with Pool(parse, workers) as pool:
        for path, outcome in pool.run_ahead(paths, timeout):
            if isinstance(outcome, ParsedReport):
                report = outcome
            else:
                report = ParsedReport(_relative(path, parse), "", 0).fail(outcome)
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
    root: Path | None = None,
    new: bool = False,
) -> int:
    """Replace the stored record of ``report.source_file`` with ``report``; returns its id.
    With ``fts`` the replaced report's passages are taken out of the full-text index (the
    caller indexes the new ones: registry.fts.index_reports). ``new`` says the registry holds
    no record of this file (nothing to take out first)."""
    t = schema.reports
    if not new:
        remove(conn, report.source_file, fts=fts)
    row = report_row(report) | {
        "mtime_ns": mtime_ns,
        "parser_version": version(text),
        "quick_check": report.quick_check,
        "root": str(root) if root is not None else None,
    }
    report_id = conn.execute(t.insert(), row).inserted_primary_key[0]
    for table, items, fields in _children(report):
        if items:
            columns = ("report_id", *fields)
            rows: list[tuple[Any, ...]] | list[dict[str, Any]]
            rows = [(report_id, *item) for item in items]
            sql, order = _insert_sql(conn.dialect, table, columns)
            if order != columns:  # named parameters, or another order
                named = [dict(zip(columns, r, strict=True)) for r in rows]
                rows = named if order is None else [tuple(r[c] for c in order) for r in named]
            conn.exec_driver_sql(sql, rows)
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
