"""Thin command functions for search, recommendations and themes: parse, call
``cscwatch.search.index``, render with ``cscwatch.output.emit``. The main Typer app mounts
them: ``app.command("search")(search_command)`` and likewise ``recommendations_command``,
``themes_command``.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cscwatch import output as fmtout
from cscwatch import reference
from cscwatch.registry import store
from cscwatch.search import index
from cscwatch.search.paragraphs import SECTIONS
from cscwatch.search.themes import load_themes


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="table (default), csv or json.", case_sensitive=False),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of the screen.")
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Registry database (SQLAlchemy URL or SQLite path). Default: $CSCWATCH_DB, "
        "else sqlite:///cscwatch.db.",
    ),
]
LaArg = Annotated[
    str, typer.Argument(help="A council: name (or a close spelling), URN, LA code or ONS code.")
]


def _engine(db: str | None):
    try:
        return store.connect(db)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _emit_data(rows: list[dict], format: Format, output: Path | None, columns: list[str]) -> bool:
    """Write ``rows`` as csv or json and say so; False for a table, which each command lays out."""
    fmt = Format(format)
    if fmt is Format.table:
        return False
    fmtout.emit(rows, fmtout.Format(fmt.value), output, columns=columns)
    return True


def _council(query: str):
    council = reference.find(query)
    if council is None:
        hints = ", ".join(c.name for c in reference.suggest(query))
        typer.echo(
            f"error: no council matches {query!r}"
            + (f" (did you mean: {hints}?)" if hints else ""),
            err=True,
        )
        raise typer.Exit(1)
    return council


def _day(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter("expected a date as YYYY-MM-DD", param_hint=name) from None


def snippet(highlighted: str, width: int = 240) -> str:
    """A window of ``width`` characters around the first highlighted term."""
    at = highlighted.find(index.HIGHLIGHT[0])
    if at < 0 or len(highlighted) <= width:
        return highlighted[:width] + ("…" if len(highlighted) > width else "")
    start = max(0, at - width // 3)
    piece = highlighted[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(highlighted) else "")


def search_command(
    query: Annotated[
        str,
        typer.Argument(
            help='Words to find (all must occur; stemmed). "Quotes" for a phrase, word* for '
            "a prefix, OR / NOT between words."
        ),
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Passages to show.")] = 20,
    la: Annotated[str | None, typer.Option("--la", help="Only this council.")] = None,
    region: Annotated[str | None, typer.Option(help="Only this region.")] = None,
    framework: Annotated[str | None, typer.Option(help="Only this framework: SIF, ILACS.")] = None,
    grade: Annotated[
        str | None,
        typer.Option(help="Only reports with this overall grade (e.g. inadequate)."),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    section: Annotated[
        str | None, typer.Option(help="Only this section: " + ", ".join(SECTIONS) + ".")
    ] = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    db: DbOpt = None,
) -> None:
    """Search the text of every report: ranked passages with council, date, page and section."""
    engine = _engine(db)
    if not index.fts_ready(engine):
        typer.echo(
            "error: this registry has no text index; build one from your PDFs with "
            "`cscwatch build FOLDER` (the embedded registry holds facts only).",
            err=True,
        )
        raise typer.Exit(2)
    la_code = _council(la).la_code if la else None
    rows = index.search(
        engine,
        query,
        limit=limit,
        la_code=la_code,
        region=region,
        framework=framework,
        grade=grade,
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        section=section,
    )
    if _emit_data(rows, format, output, [*index.RESULT_KEYS, "highlighted"]):
        return
    table = [
        {
            "council": r["la_name"],
            "published": r["published"],
            "framework": r["framework"],
            "page": r["page"],
            "section": r["section"],
            "score": r["score"],
            "passage": escape(snippet(r["highlighted"])),  # report text is not markup
        }
        for r in rows
    ]
    fmtout.emit(
        table,
        fmtout.Format.table,
        output,
        title=f"{len(rows)} passages for {query!r} (matches in «»)",
        columns=["council", "published", "framework", "page", "section", "score", "passage"],
    )


REC_COLUMNS = [
    "source_file",
    "la_code",
    "la_name",
    "published",
    "framework",
    "grade",
    "position",
    "kind",
    "text",
    "page",
    "recurs",
]


# The embedded registry ships positions, pages and recurrence but no report prose.
NO_TEXT = "(text not in this registry: run `cscwatch build FOLDER` on the reports)"


def recommendations_command(
    la: LaArg,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    db: DbOpt = None,
) -> None:
    """What each inspection told a council to improve, and whether it came back next time."""
    council = _council(la)
    engine = _engine(db)
    rows = index.recommendations_for(engine, council.la_code)
    if _emit_data(rows, format, output, REC_COLUMNS):
        return
    table = [
        {
            "published": r["published"],
            "framework": r["framework"],
            "grade": r["grade"],
            "#": r["position"],
            "kind": r["kind"],
            "recommendation": escape(r["text"]) if r["text"] is not None else NO_TEXT,
            "page": r["page"],
            "recurs": {True: "yes", False: "no", None: ""}[r["recurs"]],
        }
        for r in rows
    ]
    fmtout.emit(
        table,
        fmtout.Format.table,
        output,
        title=f"Recommendations to {council.name} ({len(rows)}); 'recurs': raised again at the "
        f"next inspection (token set ratio >= {index.RECURRENCE_THRESHOLD})",
        columns=[
            "published",
            "framework",
            "grade",
            "#",
            "kind",
            "recommendation",
            "page",
            "recurs",
        ],
    )


THEME_COLUMNS = [
    "theme",
    "label",
    "group",
    "value",
    "reports",
    "mentioning",
    "share",
    "reports_with_recommendations",
    "in_recommendations",
    "share_in_recommendations",
]


def _pct(x: float | None) -> str:
    return "" if x is None else f"{round(100 * x)}%"


def themes_command(
    la: Annotated[str | None, typer.Option("--la", help="Only this council's reports.")] = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    db: DbOpt = None,
) -> None:
    """How often each theme appears: share of reports mentioning it, and share whose
    recommendations do, overall, by grade and by year (csv/json give every group)."""
    council = _council(la) if la else None
    engine = _engine(db)
    rows = index.theme_prevalence(engine, la_code=council.la_code if council else None)
    if _emit_data(rows, format, output, THEME_COLUMNS):
        return
    grades = [g for g in index.GRADES if any(r["value"] == g for r in rows)]
    table = []
    for theme in load_themes():
        mine = {(r["group"], r["value"]): r for r in rows if r["theme"] == theme.id}
        everyone = mine.get(("all", "all"))
        if everyone is None:
            continue
        row = {
            "theme": theme.label,
            "in text": _pct(everyone["share"]),
            "in recs": _pct(everyone["share_in_recommendations"]),
        }
        for g in grades:
            r = mine.get(("grade", g))
            row[f"recs: {re.sub('_', ' ', g)}"] = _pct(r["share_in_recommendations"]) if r else ""
        table.append(row)
    where = council.name if council else "all councils"
    fmtout.emit(
        table,
        fmtout.Format.table,
        output,
        title=f"Themes in reports on {where}: share of reports mentioning each, and share whose "
        "recommendations do, by overall grade (csv/json add years)",
    )
