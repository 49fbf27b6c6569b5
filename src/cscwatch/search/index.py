"""Full-text search and recommendations over the registry: queries only.

The text index (``passages_fts``, SQLite FTS5 over ``passages(text, section)``, tokenised
with ``porter unicode61``: English stemming, accents folded) is made and kept in step by the
registry (registry/fts.py); recurrence of recommendations is worked out when the registry is
built (registry/recurrence.py) and read here.

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
from typing import Any

from sqlalchemy import Engine, text

__all__ = [
    "fts_query",
    "search",
    "recommendations_for",
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


def _exec(conn, sql: str, params: dict | None = None):
    return conn.execute(text(sql), params or {})


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
