"""Full-text search and recommendations over the registry: queries only.

The text index is two SQLite FTS5 tables over ``passages(text, section)``, made and kept in
step by the registry (registry/fts.py): ``passages_fts`` stemmed (``porter unicode61``) for
plain words, ``passages_exact`` unstemmed (``unicode61``) for quoted phrases. Recurrence of
recommendations is worked out when the registry is built (registry/recurrence.py) and read
here.

Queries (search/query.py): plain words must all occur, stemmed; "double quotes" match those
words exactly; ``word*`` is a prefix; OR / NOT between words. A query that can only exclude
is a ``QueryError``; an unknown grade, region, framework or section a ``FilterError``
(search/filters.py); both are usage errors whose message says what is valid. Any other input
is safe: values always travel as bound parameters.

Results are ranked by BM25 over the stemmed table (the text column weighs twice the section
name); several plain words rank passages holding them as written, side by side, first
(ordered by BM25 of that phrase, in the exact table), then the rest. ``score`` is -bm25, so
higher is better. ``find`` gives one page of results and the true total, by passage or by report (one
row per report: its number of matching passages and its best passage). ``highlighted`` is
the passage with each matched word or phrase wrapped in «guillemets» (not brackets, which Rich
would read as markup); a phrase is marked only where it occurs as written. ``link`` is the
report's Ofsted address with ``#page=N`` where the registry knows it, else its file and page.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Literal

from cscwatch.registry import read
from cscwatch.registry.fts import EXACT, TABLE
from cscwatch.reports.recommendations import PRIORITY_ACTION
from cscwatch.search import filters as checks
from cscwatch.search import query as q
from cscwatch.search.filters import FilterError
from cscwatch.search.query import QueryError

if TYPE_CHECKING:  # imported when used: searching reads through registry.read
    from sqlalchemy import Connection, Engine

__all__ = [
    "fts_query",
    "search",
    "find",
    "recommendations_for",
    "priority_actions_for",
    "RESULT_KEYS",
    "REPORT_KEYS",
    "HIGHLIGHT",
    "BY",
    "QueryError",
    "FilterError",
    "SearchError",
]

RESULT_KEYS = (
    "source_file",
    "la_code",
    "la_name",
    "published",
    "framework",
    "page",
    "section",
    "score",
    "text",
    "grade",
    "source_url",
    "link",
)
# One row per report: its facts, how many passages match, and its best passage.
REPORT_KEYS = (
    "source_file",
    "la_code",
    "la_name",
    "published",
    "framework",
    "grade",
    "passages",
    "page",
    "section",
    "score",
    "text",
    "source_url",
    "link",
)
HIGHLIGHT = ("\u00ab", "\u00bb")  # « and »: safe in Rich tables, CSV and JSON
BY = ("passage", "report")
SearchError = (QueryError, FilterError)  # usage errors, both ValueError


def _exec(conn, sql: str, params: dict | None = None):
    return read.execute(conn, sql, params)


def fts_query(user: str) -> str | None:
    """The FTS5 MATCH expression (stemmed table) for a user string, or None if it has no
    words; raises QueryError as ``find`` does."""
    node = q.parse(user)
    return None if node is None else q.wider(node)


def _iso(day: str | dt.date | None) -> str | None:
    if day is None or day == "":
        return None
    return day.isoformat() if isinstance(day, dt.date) else str(day)


def search(engine: Engine, query: str, *, limit: int = 20, **options: Any) -> list[dict[str, Any]]:
    """The results of ``find`` (one page), without the total."""
    return find(engine, query, limit=limit, **options)["results"]


def find(
    engine: Engine,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    by: Literal["passage", "report"] = "passage",
    la_code: str | None = None,
    region: str | None = None,
    framework: str | None = None,
    grade: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    section: str | None = None,
) -> dict[str, Any]:
    """One page of results for ``query``, best first: ``{"query", "by", "total", "offset",
    "limit", "results"}``; ``total`` counts every passage (or report, ``by="report"``) that
    matches, not just this page. Raises QueryError or FilterError (usage errors)."""
    if by not in BY:
        raise FilterError("by", str(by), BY)
    f = {
        "la_code": la_code or None,
        "region": checks.region(region),
        "framework": checks.framework(engine, framework),
        "grade": checks.grade(grade),
        "since": _iso(since),
        "until": _iso(until),
        "section": checks.section(section),
    }
    node = q.parse(query)
    page: dict[str, Any] = {
        "query": query,
        "by": by,
        "total": 0,
        "offset": max(0, int(offset)),
        "limit": int(limit),
        "results": [],
    }
    if node is None or limit <= 0:
        return page
    plan = q.plan(node, EXACT, TABLE)
    with engine.connect() as conn:
        total, hits = _hits(conn, plan, f, by, page["limit"], page["offset"])
        page["total"] = total
        page["results"] = _rows(conn, plan, hits, by)
    return page


_FILTERS = {
    "la_code": "r.la_code = :la_code",
    "region": "r.region = :region",
    "framework": "r.framework = :framework",
    "grade": "r.overall = :grade",
    "since": "r.published >= :since",
    "until": "r.published <= :until",
    "section": "p.section = :section",
}


def _hits(
    conn: Connection, plan: q.Plan, f: dict[str, Any], by: str, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """(total, the page's passage ids with rank and, by report, the count per report)."""
    where: list[str] = []
    params: dict[str, Any] = {**plan.params, "limit": limit, "off": offset}
    for key, cond in _FILTERS.items():
        if f[key]:
            where.append(cond)
            params[key] = f[key]
    if plan.exact:
        where.append(plan.exact)
    tiers = [*plan.first, (TABLE, plan.match)]
    selects: list[str] = []
    earlier: list[tuple[int, str]] = []
    for n, (table, expr) in enumerate(tiers):
        params[f"t{n}"] = expr
        conds = [f"{table} MATCH :t{n}", *where]
        conds += [f"p.id NOT IN (SELECT rowid FROM {t} WHERE {t} MATCH :t{k})" for k, t in earlier]
        earlier.append((n, table))
        selects.append(
            f"SELECT p.id AS id, p.report_id AS report_id, bm25({table}, 2.0, 1.0) AS rank, "
            f"{n} AS tier FROM {table} JOIN passages p ON p.id = {table}.rowid "
            f"JOIN reports r ON r.id = p.report_id WHERE {' AND '.join(conds)}"
        )
    hits = f"hits AS MATERIALIZED ({' UNION ALL '.join(selects)})"
    if by == "report":
        sql = (
            f"WITH {hits}, best AS (SELECT id, rank, tier, "
            "ROW_NUMBER() OVER (PARTITION BY report_id ORDER BY tier, rank, id) AS rn, "
            "COUNT(*) OVER (PARTITION BY report_id) AS n FROM hits) "
            "SELECT id, rank, n, COUNT(*) OVER () AS total FROM best WHERE rn = 1 "
            "ORDER BY tier, rank, id LIMIT :limit OFFSET :off"
        )
        count = f"WITH {hits} SELECT COUNT(DISTINCT report_id) FROM hits"
    else:
        sql = (
            f"WITH {hits} SELECT id, rank, 1 AS n, COUNT(*) OVER () AS total FROM hits "
            "ORDER BY tier, rank, id LIMIT :limit OFFSET :off"
        )
        count = f"WITH {hits} SELECT COUNT(*) FROM hits"
    rows = [dict(r) for r in _exec(conn, sql, params).mappings()]
    if rows:
        return rows[0]["total"], rows
    if offset == 0:
        return 0, []
    return _exec(conn, count, params).scalar_one(), []  # a page past the end


def _source_url(conn: Connection) -> bool:
    """Whether the registry records each report's Ofsted address (reports.source_url)."""
    return any(r[1] == "source_url" for r in _exec(conn, "PRAGMA table_info(reports)"))


def _rows(
    conn: Connection, plan: q.Plan, hits: list[dict[str, Any]], by: str
) -> list[dict[str, Any]]:
    if not hits:
        return []
    ids = ",".join(str(int(h["id"])) for h in hits)  # integers from the registry
    url = "r.source_url" if _source_url(conn) else "NULL"
    sql = (
        "SELECT p.id, r.source_file, r.la_code, r.la_name, r.published, r.framework, "
        f"r.overall AS grade, p.page, p.section, p.text, {url} AS source_url "
        f"FROM passages p JOIN reports r ON r.id = p.report_id WHERE p.id IN ({ids})"
    )
    facts = {r["id"]: dict(r) for r in _exec(conn, sql).mappings()}
    marks = _highlights(conn, plan, [int(h["id"]) for h in hits])
    out = []
    for h in hits:
        d = facts[h["id"]]
        d["score"] = round(-float(h["rank"]), 4)
        d["passages"] = h["n"]
        d["link"] = link(d["source_file"], d["source_url"], d["page"])
        keys = REPORT_KEYS if by == "report" else RESULT_KEYS
        row = {k: d[k] for k in keys}
        row["highlighted"] = mark(d["text"] or "", marks.get(h["id"], []), plan.phrases)
        out.append(row)
    return out


def link(source_file: str, source_url: str | None, page: int | None) -> str:
    """Where to read a passage: the report's Ofsted address opened at the page
    (``#page=N``, which PDF viewers follow) when known, else its file and page."""
    if source_url:
        return source_url + (f"#page={page}" if page else "")
    return source_file + (f", page {page}" if page else "")


def _highlights(conn: Connection, plan: q.Plan, ids: list[int]) -> dict[int, list[str]]:
    """Per passage, its text with the query's words (stemmed) highlighted by FTS5; phrases
    are marked in mark(). Passage by passage: FTS5 seeks each word's list to the rowid, where
    a set of rowids would have it read the lists of common words whole."""
    open_, close = HIGHLIGHT
    out: dict[int, list[str]] = {}
    marks = {"o": open_, "c": close}
    if plan.stemmed_marks:
        one = (
            f"SELECT {{i}}, highlight({TABLE}, 0, :o, :c) FROM {TABLE} "
            f"WHERE {TABLE} MATCH :m AND rowid = {{i}}"
        )
        sql = " UNION ALL ".join(one.format(i=int(i)) for i in ids)
        for row in _exec(conn, sql, {"m": plan.stemmed_marks, **marks}):
            out.setdefault(int(row[0]), []).append(str(row[1]))
    return out


_MARKS = re.compile("[" + "".join(HIGHLIGHT) + "]")


def _spans(plain: str, marked: str) -> list[tuple[int, int]]:
    """The spans of ``plain`` that ``marked`` (``plain`` with « » inserted) wraps."""
    open_, close = HIGHLIGHT
    spans: list[tuple[int, int]] = []
    start: int | None = None
    if not _MARKS.search(plain):  # every « » in marked was inserted
        for n, m in enumerate(_MARKS.finditer(marked)):
            at = m.start() - n
            if m.group() == open_:
                start = at
            elif start is not None:
                spans.append((start, at))
                start = None
        return spans
    j = 0  # walk both strings to tell an inserted mark from one in the text
    for ch in marked:
        if j < len(plain) and ch == plain[j]:
            j += 1
        elif ch == open_ and start is None:
            start = j
        elif ch == close and start is not None:
            spans.append((start, j))
            start = None
    return spans


def mark(plain: str, marked: list[str], phrases: re.Pattern[str] | None = None) -> str:
    """``plain`` with every span any of ``marked`` wraps, and every match of ``phrases``, in
    « »; spans that overlap or that only spaces separate are joined (one mark over "police
    custody overnight")."""
    found = [m.span() for m in phrases.finditer(plain)] if phrases else []
    spans = sorted([*found, *(s for m in marked for s in _spans(plain, m))])
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and (a <= merged[-1][1] or not plain[merged[-1][1] : a].strip(" ")):
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    open_, close = HIGHLIGHT
    out, at = [], 0
    for a, b in merged:
        out += [plain[at:a], open_, plain[a:b], close]
        at = b
    out.append(plain[at:])
    return "".join(out)


# ---------------------------------------------------------------------------------------
# Recommendations


def recommendations_for(engine: Engine, la_code: str) -> list[dict[str, Any]]:
    """Every recommendation made to a council, report by report (oldest first). The areas for
    priority action of visit letters, stored in the same table, are not recommendations and are
    left out (see priority_actions_for)."""
    sql = (
        "SELECT r.source_file, r.la_code, r.la_name, r.published, r.framework, r.overall AS grade, "
        "c.position, c.kind, c.text, c.page, c.recurs "
        "FROM recommendations c JOIN reports r ON r.id = c.report_id "
        "WHERE r.la_code = :la AND coalesce(c.kind, '') != :pa "
        "ORDER BY r.published, r.source_file, c.position"
    )
    with engine.connect() as conn:
        rows = _exec(conn, sql, {"la": la_code, "pa": PRIORITY_ACTION}).mappings().all()
    out = []
    for row in rows:
        d = dict(row)
        d["recurs"] = None if d["recurs"] is None else bool(d["recurs"])
        out.append(d)
    return out


def priority_actions_for(engine: Engine, la_code: str) -> list[dict[str, Any]]:
    """Every area for priority action that visit letters set a council, letter by letter
    (oldest first): the letter (source_file, its kind, focus, published, visit dates), the
    area's position, text (None in a registry that holds no report text) and page."""
    sql = (
        "SELECT r.source_file, r.la_code, r.la_name, r.kind AS report_kind, r.focus, "
        "r.inspection_start AS visit_start, r.inspection_end AS visit_end, r.published, "
        "c.position, c.text, c.page "
        "FROM recommendations c JOIN reports r ON r.id = c.report_id "
        "WHERE r.la_code = :la AND c.kind = :pa "
        "ORDER BY r.published, r.source_file, c.position"
    )
    with engine.connect() as conn:
        return [
            dict(row) for row in _exec(conn, sql, {"la": la_code, "pa": PRIORITY_ACTION}).mappings()
        ]
