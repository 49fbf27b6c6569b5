"""``search``, ``recommendations`` and ``themes``: parse, call ``cscwatch.search.index`` (and
``cscwatch.analytics.themes`` for themes), render through ``options.emit``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from cscwatch import reference
from cscwatch.analytics import themes as theme_analytics
from cscwatch.cli import options
from cscwatch.cli.options import DbOption, FormatOption, OutputOption
from cscwatch.registry import fts
from cscwatch.registry.recurrence import RECURRENCE_THRESHOLD
from cscwatch.reports.passages import SECTIONS
from cscwatch.reports.themes import load_themes
from cscwatch.search import index
from cscwatch.vocabulary import FULL_KINDS, GRADES, KIND_LABELS, KINDS, VISIT_KINDS, grade_label

LaArg = Annotated[
    str, typer.Argument(help="A council: name (or a close spelling), URN, LA code or ONS code.")
]
TABLE = "table"


def _data(
    rows: list[dict], format: str | None, output: Path | None, columns: list[str]
) -> str | None:
    """Write ``rows`` in a data format and return None; or the format (table) that each
    command lays out itself."""
    fmt = options.format_for(format, output, options.DATA_FORMATS)
    if fmt == TABLE:
        return fmt
    options.emit(rows, fmt, output, columns=columns)
    return None


def _council(query: str):
    council = reference.find(query)
    if council is None:
        hints = ", ".join(c.name for c in reference.suggest(query))
        options.fail(
            f"no council matches {query!r}" + (f" (did you mean: {hints}?)" if hints else "")
        )
    return council


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
            help='Words to find (all must occur; stemmed). "Quotes" match a phrase exactly, '
            "word* a prefix, OR / NOT between words."
        ),
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Results per page.")] = 20,
    offset: Annotated[
        int, typer.Option("--offset", min=0, help="Skip this many results first.")
    ] = 0,
    page: Annotated[
        int | None,
        typer.Option("--page", min=1, help="Page N of results (--limit per page; sets --offset)."),
    ] = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="passage (default): every matching passage; report: one row per report with "
            "its number of matching passages and its best passage.",
        ),
    ] = "passage",
    la: Annotated[str | None, typer.Option("--la", help="Only this council.")] = None,
    region: Annotated[str | None, typer.Option(help="Only this region.")] = None,
    framework: Annotated[str | None, typer.Option(help="Only this framework: SIF, ILACS.")] = None,
    grade: Annotated[
        str | None,
        typer.Option(help="Only reports with this overall grade: " + ", ".join(GRADES) + "."),
    ] = None,
    since: options.SinceOption = None,
    until: options.UntilOption = None,
    section: Annotated[
        str | None, typer.Option(help="Only this section: " + ", ".join(SECTIONS) + ".")
    ] = None,
    format: FormatOption = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """Search the text of every report: ranked passages (or reports), the total, where to read
    each."""
    engine = options.reader(db)
    if not fts.ready(engine):
        options.fail(
            "this registry has no text index (or one made before exact phrases); build it "
            "from your PDFs with `cscwatch build FOLDER` (the embedded registry holds facts "
            "only).",
            2,
        )
    la_code = _council(la).la_code if la else None
    if page is not None:
        offset = (page - 1) * limit
    try:
        found = index.find(
            engine,
            query,
            limit=limit,
            offset=offset,
            by=by.strip().lower(),  # type: ignore[arg-type]
            la_code=la_code,
            region=region,
            framework=framework,
            grade=grade,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            section=section,
        )
    except index.SearchError as exc:
        options.fail(exc, 2)
    rows, total = found["results"], found["total"]
    what = "reports" if found["by"] == "report" else "passages"
    shown = f"{offset + 1}-{offset + len(rows)} of {total}" if rows else f"0 of {total}"
    if total > offset + len(rows):
        options.err().print(
            f"showing {what} {shown}; --page {offset // limit + 2} (or --offset "
            f"{offset + len(rows)}) for more",
            style="dim",
            soft_wrap=True,
        )
    keys = index.REPORT_KEYS if found["by"] == "report" else index.RESULT_KEYS
    fmt = _data(rows, format, output, [*keys, "highlighted"])
    if fmt is None:
        return
    first = {"council": "la_name", "published": "published", "framework": "framework"}
    if found["by"] == "report":
        first |= {"grade": "grade", "passages": "passages"}
    table = [
        {
            **{k: r[v] for k, v in first.items()},
            "page": r["page"],
            "section": r["section"],
            "score": r["score"],
            # where to read it, under the passage: the report's Ofsted address, else its file
            "passage": snippet(r["highlighted"]) + "\n→ " + r["link"],
        }
        for r in rows
    ]
    if found["by"] == "report":
        for row in table:
            row["grade"] = grade_label(row["grade"]) if row["grade"] else ""
    options.emit(
        table,
        fmt,
        output,
        title=f"{what.capitalize()} {shown} for {query!r} (matches in «»)",
        columns=[*first, "page", "section", "score", "passage"],
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
def recommendations_command(
    la: LaArg,
    format: FormatOption = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """What each inspection told a council to improve, and whether it came back next time."""
    council = _council(la)
    rows = index.recommendations_for(options.reader(db), council.la_code)
    fmt = _data(rows, format, output, REC_COLUMNS)
    if fmt is None:
        return
    if rows and all(r["text"] is None for r in rows):  # the embedded registry: no report prose
        reports = len({r["source_file"] for r in rows})
        options.note(
            f"{council.name}: {len(rows)} recommendations in {reports} reports, but this "
            "registry does not hold their words (the registry embedded in cscwatch ships no "
            "report prose): run `cscwatch build FOLDER` on the reports, or use --format csv/json "
            "for their positions, pages and recurrence."
        )
        return
    table = [
        {
            "published": r["published"],
            "framework": r["framework"],
            "grade": r["grade"],
            "#": r["position"],
            "kind": r["kind"],
            "recommendation": r["text"] if r["text"] is not None else "(not held)",
            "page": r["page"],
            "recurs": {True: "yes", False: "no", None: ""}[r["recurs"]],
        }
        for r in rows
    ]
    options.emit(
        table,
        fmt,
        output,
        title=f"Recommendations to {council.name} ({len(rows)}); 'recurs': raised again at the "
        f"next inspection (token set ratio >= {RECURRENCE_THRESHOLD})",
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
    format: FormatOption = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """How often each theme appears: share of reports mentioning it, and share whose
    recommendations do, overall, by grade, by kind of document (full inspections, visit
    letters) and by year (csv/json give every group)."""
    council = _council(la) if la else None
    engine = options.reader(db)
    rows = theme_analytics.theme_prevalence(engine, la_code=council.la_code if council else None)
    fmt = _data(rows, format, output, THEME_COLUMNS)
    if fmt is None:
        return
    grades = [g for g in GRADES if any(r["value"] == g for r in rows)]
    shown = FULL_KINDS | VISIT_KINDS  # (the table's kinds; csv/json give every kind)
    kinds = [
        k
        for k in KINDS
        if k in shown and any(r["group"] == "kind" and r["value"] == k for r in rows)
    ]
    table = []
    for theme in load_themes():
        mine = {(r["group"], r["value"]): r for r in rows if r["theme"] == theme.id}
        everyone = mine.get(("all", "all"))
        if everyone is None:
            continue
        row = {
            "theme": theme.label,
            "in text": _pct(everyone["share"]),
            **{
                f"{KIND_LABELS[k].lower()}s": _pct(mine[("kind", k)]["share"])
                for k in kinds
                if ("kind", k) in mine
            },
            "in recs": _pct(everyone["share_in_recommendations"]),
        }
        for g in grades:
            r = mine.get(("grade", g))
            row[f"recs: {re.sub('_', ' ', g)}"] = _pct(r["share_in_recommendations"]) if r else ""
        table.append(row)
    where = council.name if council else "all councils"
    options.emit(
        table,
        fmt,
        output,
        title=f"Themes in reports on {where}: share of reports mentioning each (all, and by kind "
        "of document), and share whose recommendations do, by overall grade (csv/json add years)",
    )
