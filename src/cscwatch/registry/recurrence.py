"""Whether a recommendation recurs: raised again at the council's next inspection.

Worked out over the stored recommendations when the registry is built (it needs every
report of a council, so not while one report is parsed), and stored in
``recommendations.recurs`` for the queries to read.

Only the recommendations of inspections take part: a visit letter's areas for priority action
(kind 'priority_action', stored in the same table) are neither compared nor a "next
inspection", and their ``recurs`` stays NULL."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from cscwatch.registry import read
from cscwatch.reports.recommendations import PRIORITY_ACTION

if TYPE_CHECKING:  # imported when used: cli/search.py reads the threshold at start-up
    from sqlalchemy import Connection, Engine

__all__ = ["flag_recurring", "recurrence_stale", "RECURRENCE_THRESHOLD"]

# A recommendation recurs when one at the council's next inspection scores at least this on
# rapidfuzz's token_set_ratio (0-100, order- and duplicate-insensitive word overlap).
RECURRENCE_THRESHOLD = 70

# The rows that take part (SQL, on the recommendations table as ``c`` or unqualified).
_TAKES_PART = f"coalesce({{t}}kind, '') != '{PRIORITY_ACTION}'"


def _exec(conn, sql: str, params: dict | None = None):
    return read.execute(conn, sql, params)


def _recurring(texts: list[str], later: list[str], threshold: float) -> list[bool]:
    """For each of ``texts``, whether any of ``later`` scores at least ``threshold`` on
    token_set_ratio (case-insensitive)."""
    from rapidfuzz import fuzz

    later = [u.lower() for u in later]
    return [
        any(fuzz.token_set_ratio(t, u, score_cutoff=threshold) >= threshold for u in later)
        for t in (t.lower() for t in texts)
    ]


def flag_recurring(
    connection: Connection | Engine, *, threshold: float = RECURRENCE_THRESHOLD
) -> int:
    """Set recommendations.recurs: True when a recommendation with rapidfuzz token_set_ratio
    >= ``threshold`` to it appears in the same council's next inspection, False when the
    next inspection has none, NULL when there is no later inspection. Returns how many were
    flagged True. Given a connection, it runs in that connection's transaction (a build's)."""
    from sqlalchemy import Engine, text

    if isinstance(connection, Engine):
        with connection.begin() as conn:
            return flag_recurring(conn, threshold=threshold)
    conn = connection
    recs: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for row in _exec(
        conn,
        f"SELECT rowid AS rid, report_id, text FROM recommendations "
        f"WHERE {_TAKES_PART.format(t='')}",
    ):
        recs[row.report_id].append((row.rid, row.text))
    by_la = _sequences(conn)
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


def _sequences(conn) -> dict[str, list[int]]:
    """Each council's reports that carry recommendations, in order (date, then id): the
    recommendations of each but the last have a next inspection to recur in."""
    by_la: dict[str, list[int]] = defaultdict(list)
    rows = _exec(
        conn,
        "SELECT id, la_code, coalesce(inspection_end, published) AS day FROM reports "
        "WHERE la_code IS NOT NULL AND coalesce(inspection_end, published) IS NOT NULL "
        "AND id IN (SELECT DISTINCT report_id FROM recommendations "
        f"WHERE {_TAKES_PART.format(t='')}) "
        "ORDER BY la_code, day, id",
    )
    for report_id, la_code, _ in rows:
        by_la[la_code].append(report_id)
    return by_la


def recurrence_stale(conn: Any) -> bool:
    """Whether ``recommendations.recurs`` disagrees with the reports stored: NULL where a next
    inspection exists, or set where none does (e.g. a build killed between storing reports and
    flagging them, by a version that did so in two transactions). ``conn``: a connection of
    either kind (registry.read)."""
    with_next = {i for ids in _sequences(conn).values() for i in ids[:-1]}
    rows = _exec(
        conn,
        "SELECT report_id, count(recurs), count(*) - count(recurs) FROM recommendations "
        f"WHERE {_TAKES_PART.format(t='')} GROUP BY report_id",
    )
    # (a report with a next inspection must have every flag set; any other, none; a visit's
    # areas for priority action never take part, and are not checked)
    return any((unset if report_id in with_next else flagged) for report_id, flagged, unset in rows)
