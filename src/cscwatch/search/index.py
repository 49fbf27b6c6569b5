"""Full-text search, recommendations and themes over the registry.

The text index is an SQLite FTS5 table ``passages_fts`` with external content: it indexes
``passages(text, section)`` without storing the text twice, tokenised with
``porter unicode61`` (English stemming, accents folded). ``cscwatch build`` keeps it in step
report by report as it stores them (``prepare_fts``, ``index_report``, ``unindex_report``:
cheaper than re-reading every passage at the end, and done while the next reports are
parsed); ``rebuild_fts`` re-reads every passage; ``create_fts(..., triggers=True)`` adds
triggers that keep it in step with single-row edits made by other tools.

Queries: a user's words are matched as stemmed terms (all must occur); "double quotes" make
a phrase, a trailing * a prefix (``safeguard*``), and OR / NOT between words work as in
FTS5. Anything else (punctuation, unbalanced quotes, column filters, NEAR, parentheses) is
treated as plain words, so any input string is safe; values always travel as bound
parameters. Results are ranked by BM25 (the text column weighs twice the section name);
``score`` is -bm25, so higher is better. ``highlighted`` is the passage with each matched
term wrapped in «guillemets» (not brackets, which Rich would read as markup).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from cscwatch.registry import read
from cscwatch.search.themes import RECOMMENDATIONS_SECTION, load_themes, themes_in

__all__ = [
    "create_fts",
    "rebuild_fts",
    "prepare_fts",
    "index_report",
    "unindex_report",
    "fts_query",
    "fts_ready",
    "fts_exists",
    "search",
    "recommendations_for",
    "theme_prevalence",
    "flag_recurring",
    "RECURRENCE_THRESHOLD",
    "RESULT_KEYS",
    "HIGHLIGHT",
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
)
HIGHLIGHT = ("\u00ab", "\u00bb")  # « and »: safe in Rich tables, CSV and JSON
# A recommendation recurs when one at the council's next inspection scores at least this on
# rapidfuzz's token_set_ratio (0-100, order- and duplicate-insensitive word overlap).
RECURRENCE_THRESHOLD = 70
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")

if TYPE_CHECKING:  # imported when used: searching reads through registry.read
    from sqlalchemy import Connection, Engine

_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5("
    "text, section, content='passages', content_rowid='id', tokenize='porter unicode61')",
]
_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS passages_fts_ai AFTER INSERT ON passages BEGIN "
    "INSERT INTO passages_fts(rowid, text, section) VALUES (new.id, new.text, new.section); END",
    "CREATE TRIGGER IF NOT EXISTS passages_fts_ad AFTER DELETE ON passages BEGIN "
    "INSERT INTO passages_fts(passages_fts, rowid, text, section) "
    "VALUES ('delete', old.id, old.text, old.section); END",
    "CREATE TRIGGER IF NOT EXISTS passages_fts_au AFTER UPDATE ON passages BEGIN "
    "INSERT INTO passages_fts(passages_fts, rowid, text, section) "
    "VALUES ('delete', old.id, old.text, old.section); "
    "INSERT INTO passages_fts(rowid, text, section) VALUES (new.id, new.text, new.section); END",
]


def _exec(conn, sql: str, params: dict | None = None):
    return read.execute(conn, sql, params)


def create_fts(connection: Connection | Engine, *, triggers: bool = True) -> None:
    """Create ``passages_fts`` (and, with ``triggers``, what keeps it in step with passages)."""
    from sqlalchemy import Engine

    if isinstance(connection, Engine):
        with connection.begin() as conn:
            create_fts(conn, triggers=triggers)
        return
    for sql in _DDL + (_TRIGGERS if triggers else []):
        _exec(connection, sql)


def rebuild_fts(connection: Connection | Engine) -> None:
    """(Re)build the index from every row of passages; creates the table if missing."""
    from sqlalchemy import Engine

    if isinstance(connection, Engine):
        with connection.begin() as conn:
            rebuild_fts(conn)
        return
    create_fts(connection, triggers=False)
    _exec(connection, "INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")


def _exists(conn: Connection, kind: str, name: str) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type = :kind AND name = :name"
    return _exec(conn, sql, {"kind": kind, "name": name}).first() is not None


def prepare_fts(conn: Connection) -> bool:
    """Before a load: make sure the index exists and is complete. True when the loader must
    keep it in step itself (index_report / unindex_report), False when triggers do it or
    the database has no FTS5 (not SQLite)."""
    if conn.dialect.name != "sqlite":
        return False
    if not fts_exists(conn):
        create_fts(conn, triggers=False)
        if _exec(conn, "SELECT 1 FROM passages LIMIT 1").first():
            _exec(conn, "INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")
    return not _exists(conn, "trigger", "passages_fts_ai")


def index_report(conn: Connection, report_id: int) -> None:
    """Add a report's passages to the index (after they are stored)."""
    _exec(
        conn,
        "INSERT INTO passages_fts(rowid, text, section) "
        "SELECT id, text, section FROM passages WHERE report_id = :id",
        {"id": report_id},
    )


def unindex_report(conn: Connection, source_file: str) -> None:
    """Take a stored report's passages out of the index (before the report is replaced)."""
    _exec(
        conn,
        "INSERT INTO passages_fts(passages_fts, rowid, text, section) "
        "SELECT 'delete', id, text, section FROM passages "
        "WHERE report_id IN (SELECT id FROM reports WHERE source_file = :f)",
        {"f": source_file},
    )


# ---------------------------------------------------------------------------------------
# Query sanitising

_TOKEN = re.compile(r'"([^"]*)"|(\w+)(\*?)|(\S)', re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(user: str) -> str | None:
    """An FTS5 MATCH expression for any user string, or None if it has no words.

    Words become quoted terms ("agency"), a trailing * a prefix ("safeguard"*), text in
    double quotes a phrase; OR and NOT (upper case, between terms) are kept as operators.
    Everything else is dropped."""
    parts: list[str] = []
    quotes = user.count('"')
    if quotes % 2:  # an unbalanced quote: treat quotes as nothing
        user = user.replace('"', " ")
    for m in _TOKEN.finditer(user):
        phrase, word, star, _other = m.groups()
        if phrase is not None:
            words = _WORD.findall(phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
        elif word is not None:
            if word in ("OR", "NOT", "AND"):
                parts.append(word)
            else:
                parts.append(f'"{word}"' + ("*" if star else ""))
    # operators only between two terms
    out: list[str] = []
    for i, p in enumerate(parts):
        if p in ("OR", "NOT", "AND") and (
            not out or out[-1] in ("OR", "NOT", "AND") or i == len(parts) - 1
        ):
            continue
        out.append(p)
    while out and out[-1] in ("OR", "NOT", "AND"):
        out.pop()
    if out and out[0] == "NOT":
        out.pop(0)
    terms = [p for p in out if p not in ("OR", "NOT", "AND")]
    return " ".join(out) if terms else None


def _grade(value: str | None) -> str | None:
    if not value:
        return None
    g = value.strip().lower().replace("-", " ").replace("_", " ")
    g = re.sub(r"\s+", " ", g)
    if g.startswith("requires improvement") or g in ("ri", "requires improvement to be good"):
        return "requires_improvement"
    return g.replace(" ", "_")


def _iso(day: str | dt.date | None) -> str | None:
    if day is None or day == "":
        return None
    return day.isoformat() if isinstance(day, dt.date) else str(day)


def search(
    engine: Engine,
    query: str,
    *,
    limit: int = 20,
    la_code: str | None = None,
    region: str | None = None,
    framework: str | None = None,
    grade: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    section: str | None = None,
) -> list[dict[str, Any]]:
    """Passages matching ``query``, best first, with report facts and highlighting.

    Several plain words (no quotes, * or operators) rank passages holding them as a phrase
    first, then those holding them all anywhere; each group is ordered by BM25."""
    match = fts_query(query)
    if match is None or limit <= 0:
        return []
    f = {
        "la_code": la_code,
        "region": region,
        "framework": framework,
        "grade": grade,
        "since": since,
        "until": until,
        "section": section,
    }
    words = match.split()
    if len(words) > 1 and all(re.fullmatch(r'"\w+"', w) for w in words):
        phrase = '"' + " ".join(w.strip('"') for w in words) + '"'
        first = _search(engine, phrase, limit, f)
        seen = {(r["source_file"], r["page"], r["text"]) for r in first}
        rest = [
            r
            for r in _search(engine, match, limit, f)
            if (r["source_file"], r["page"], r["text"]) not in seen
        ]
        return (first + rest)[:limit]
    return _search(engine, match, limit, f)


def _search(engine: Engine, match: str, limit: int, f: dict[str, Any]) -> list[dict[str, Any]]:
    la_code, region, framework, grade = f["la_code"], f["region"], f["framework"], f["grade"]
    since, until, section = f["since"], f["until"], f["section"]
    where = ["passages_fts MATCH :match"]
    params: dict[str, Any] = {"match": match, "limit": int(limit)}
    if la_code:
        where.append("r.la_code = :la_code")
        params["la_code"] = la_code
    if region:
        where.append("lower(r.region) = lower(:region)")
        params["region"] = region
    if framework:
        where.append("upper(r.framework) = upper(:framework)")
        params["framework"] = framework
    if grade:
        where.append("r.overall = :grade")
        params["grade"] = _grade(grade)
    if since:
        where.append("r.published >= :since")
        params["since"] = _iso(since)
    if until:
        where.append("r.published <= :until")
        params["until"] = _iso(until)
    if section:
        where.append("lower(p.section) = lower(:section)")
        params["section"] = section
    open_, close = HIGHLIGHT
    sql = (
        "SELECT r.source_file, r.la_code, r.la_name, r.published, r.framework, p.page, "
        "p.section, p.text, bm25(passages_fts, 2.0, 1.0) AS rank, "
        f"highlight(passages_fts, 0, '{open_}', '{close}') AS highlighted "
        "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
        "JOIN reports r ON r.id = p.report_id "
        f"WHERE {' AND '.join(where)} ORDER BY rank LIMIT :limit"
    )
    with engine.connect() as conn:
        rows = _exec(conn, sql, params).mappings().all()
    out = []
    for row in rows:
        d = {k: row[k] for k in RESULT_KEYS if k != "score"}
        d["score"] = round(-float(row["rank"]), 4)
        d = {k: d[k] for k in RESULT_KEYS}
        d["highlighted"] = row["highlighted"]
        out.append(d)
    return out


# ---------------------------------------------------------------------------------------
# Recommendations


def recommendations_for(engine: Engine, la_code: str) -> list[dict[str, Any]]:
    """Every recommendation made to a council, report by report (oldest first)."""
    sql = (
        "SELECT r.source_file, r.la_code, r.la_name, r.published, r.framework, r.overall AS grade, "
        "c.position, c.kind, c.text, c.page, c.recurs "
        "FROM recommendations c JOIN reports r ON r.id = c.report_id "
        "WHERE r.la_code = :la ORDER BY r.published, r.source_file, c.position"
    )
    with engine.connect() as conn:
        rows = _exec(conn, sql, {"la": la_code}).mappings().all()
    out = []
    for row in rows:
        d = dict(row)
        d["recurs"] = None if d["recurs"] is None else bool(d["recurs"])
        out.append(d)
    return out


def _recurring(texts: list[str], later: list[str], threshold: float) -> list[bool]:
    """For each of ``texts``, whether any of ``later`` scores at least ``threshold`` on
    token_set_ratio (case-insensitive)."""
    from rapidfuzz import fuzz

    later = [u.lower() for u in later]
    return [
        any(fuzz.token_set_ratio(t, u, score_cutoff=threshold) >= threshold for u in later)
        for t in (t.lower() for t in texts)
    ]


def flag_recurring(engine: Engine, *, threshold: float = RECURRENCE_THRESHOLD) -> int:
    """Set recommendations.recurs: True when a recommendation with rapidfuzz token_set_ratio
    >= ``threshold`` to it appears in the same council's next inspection, False when the
    next inspection has none, NULL when there is no later inspection. Returns how many were
    flagged True."""
    from sqlalchemy import text

    with engine.begin() as conn:
        reports = (
            _exec(
                conn,
                "SELECT id, la_code, coalesce(inspection_end, published) AS day FROM reports "
                "WHERE la_code IS NOT NULL AND coalesce(inspection_end, published) IS NOT NULL "
                "AND id IN (SELECT DISTINCT report_id FROM recommendations) "
                "ORDER BY la_code, day, id",
            )
            .mappings()
            .all()
        )
        recs: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for row in _exec(conn, "SELECT rowid AS rid, report_id, text FROM recommendations"):
            recs[row.report_id].append((row.rid, row.text))
        by_la: dict[str, list[int]] = defaultdict(list)
        for r in reports:
            by_la[r["la_code"]].append(r["id"])
        _exec(conn, "UPDATE recommendations SET recurs = NULL")
        flagged = 0
        updates = []
        for ids in by_la.values():
            for this, nxt in zip(ids, ids[1:], strict=False):
                later = [t for _, t in recs[nxt]]
                hits = _recurring([t for _, t in recs[this]], later, threshold)
                for (rid, _), hit in zip(recs[this], hits, strict=True):
                    flagged += hit
                    updates.append({"rid": rid, "v": hit})
        if updates:
            conn.execute(text("UPDATE recommendations SET recurs = :v WHERE rowid = :rid"), updates)
    return flagged


# ---------------------------------------------------------------------------------------
# Themes


def _theme_mentions(conn, la_code: str | None) -> dict[int, set[str]]:
    """Report id -> themes mentioned anywhere in its text (theme_counts, or the passages)."""
    params = {"la": la_code}
    la_filter = " AND r.la_code = :la" if la_code else ""
    rows = _exec(
        conn,
        "SELECT t.report_id, t.theme FROM theme_counts t JOIN reports r ON r.id = t.report_id "
        f"WHERE t.count > 0 AND (t.section IS NULL OR t.section != :rec){la_filter}",
        {**params, "rec": RECOMMENDATIONS_SECTION},
    ).all()
    out: dict[int, set[str]] = defaultdict(set)
    for report_id, theme in rows:
        out[report_id].add(theme)
    if out:
        return out
    themes = load_themes()
    for report_id, body in _exec(
        conn,
        "SELECT p.report_id, p.text FROM passages p JOIN reports r ON r.id = p.report_id"
        f" WHERE 1=1{la_filter}",
        params,
    ):
        out[report_id].update(themes_in(body, themes))
    return out


def theme_prevalence(engine: Engine, *, la_code: str | None = None) -> list[dict[str, Any]]:
    """For each theme and group of reports (by overall grade, by year of publication, and
    all), the share of reports whose text mentions the theme and the share whose
    recommendations do. Rows: theme, label, group ('all' | 'grade' | 'year'), value,
    reports, mentioning, share, in_recommendations, share_in_recommendations."""
    themes = load_themes()
    la_filter = " AND la_code = :la" if la_code else ""
    with engine.connect() as conn:
        reports = (
            _exec(
                conn,
                "SELECT id, overall, published FROM reports WHERE status = 'ok'" + la_filter
                if _has_status(conn)
                else "SELECT id, overall, published FROM reports WHERE 1=1" + la_filter,
                {"la": la_code},
            )
            .mappings()
            .all()
        )
        mentions = _theme_mentions(conn, la_code)
        rec_filter = la_filter.replace("la_code", "r.la_code")
        has_recs = {
            report_id
            for (report_id,) in _exec(
                conn,
                "SELECT DISTINCT c.report_id FROM recommendations c JOIN reports r "
                "ON r.id = c.report_id WHERE 1=1" + rec_filter,
                {"la": la_code},
            )
        }
        # Themes in recommendations: the counts stored by the build (the embedded registry
        # has them, though it ships no recommendation text), else from the text itself.
        rec_themes: dict[int, set[str]] = defaultdict(set)
        for report_id, theme in _exec(
            conn,
            "SELECT t.report_id, t.theme FROM theme_counts t JOIN reports r ON r.id = t.report_id "
            "WHERE t.count > 0 AND t.section = :rec" + rec_filter,
            {"la": la_code, "rec": RECOMMENDATIONS_SECTION},
        ):
            rec_themes[report_id].add(theme)
        if not rec_themes:
            for report_id, body in _exec(
                conn,
                "SELECT c.report_id, c.text FROM recommendations c JOIN reports r "
                "ON r.id = c.report_id WHERE c.text IS NOT NULL" + rec_filter,
                {"la": la_code},
            ):
                rec_themes[report_id].update(themes_in(body, themes))
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in reports:
        groups[("all", "all")].append(r["id"])
        if r["overall"]:
            groups[("grade", r["overall"])].append(r["id"])
        if r["published"]:
            groups[("year", str(r["published"])[:4])].append(r["id"])
    order = {("all", "all"): (0, 0)}
    for i, g in enumerate(GRADES):
        order[("grade", g)] = (1, i)

    def key(g):
        return order.get(g, (2 if g[0] == "grade" else 3, g[1]))

    out = []
    for theme in themes:
        for g in sorted(groups, key=key):
            ids = groups[g]
            n = len(ids)
            m = sum(theme.id in mentions.get(i, ()) for i in ids)
            with_recs = [i for i in ids if i in has_recs]
            mr = sum(theme.id in rec_themes.get(i, ()) for i in with_recs)
            out.append(
                {
                    "theme": theme.id,
                    "label": theme.label,
                    "group": g[0],
                    "value": g[1],
                    "reports": n,
                    "mentioning": m,
                    "share": round(m / n, 3) if n else None,
                    "reports_with_recommendations": len(with_recs),
                    "in_recommendations": mr,
                    "share_in_recommendations": round(mr / len(with_recs), 3)
                    if with_recs
                    else None,
                }
            )
    return out


def _has_status(conn) -> bool:
    return (_exec(conn, "SELECT count(*) FROM reports WHERE status = 'ok'").scalar() or 0) > 0


def fts_ready(engine: Engine) -> bool:
    """Whether the registry has a text index to search (passages_fts exists)."""
    with engine.connect() as conn:
        return fts_exists(conn)


def fts_exists(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite" and _exists(conn, "table", "passages_fts")
