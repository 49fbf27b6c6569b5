"""The full-text index of the registry's passages: create it, keep it in step, check it.

The index is an SQLite FTS5 table ``passages_fts`` with external content: it indexes
``passages(text, section)`` without storing the text twice, tokenised with
``porter unicode61`` (English stemming, accents folded). ``cscwatch build`` keeps it in step
report by report as it stores them (``prepare``, ``index_report``, ``unindex_report``:
cheaper than re-reading every passage at the end, and done while the next reports are
parsed); ``rebuild`` re-reads every passage; ``create(..., triggers=True)`` adds triggers
that keep it in step with single-row edits made by other tools; ``integrity`` raises when
the index and its content table disagree. Queries over it live in search/.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

__all__ = [
    "TABLE",
    "create",
    "rebuild",
    "prepare",
    "index_report",
    "unindex_report",
    "integrity",
    "exists",
    "ready",
]

TABLE = "passages_fts"

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
    return conn.execute(text(sql), params or {})


def create(connection: Connection | Engine, *, triggers: bool = True) -> None:
    """Create ``passages_fts`` (and, with ``triggers``, what keeps it in step with passages)."""
    if isinstance(connection, Engine):
        with connection.begin() as conn:
            create(conn, triggers=triggers)
        return
    for sql in _DDL + (_TRIGGERS if triggers else []):
        _exec(connection, sql)


def rebuild(connection: Connection | Engine) -> None:
    """(Re)build the index from every row of passages; creates the table if missing."""
    if isinstance(connection, Engine):
        with connection.begin() as conn:
            rebuild(conn)
        return
    create(connection, triggers=False)
    _exec(connection, "INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")


def _exists(conn: Connection, kind: str, name: str) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type = :kind AND name = :name"
    return _exec(conn, sql, {"kind": kind, "name": name}).first() is not None


def prepare(conn: Connection) -> bool:
    """Before a load: make sure the index exists and is complete. True when the loader must
    keep it in step itself (index_report / unindex_report), False when triggers do it or
    the database has no FTS5 (not SQLite)."""
    if conn.dialect.name != "sqlite":
        return False
    if not exists(conn):
        create(conn, triggers=False)
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


def integrity(connection: Connection | Engine) -> None:
    """FTS5's own check that the index matches its content table (passages); raises
    sqlalchemy's DatabaseError when they disagree."""
    if isinstance(connection, Engine):
        with connection.connect() as conn:
            integrity(conn)
        return
    _exec(connection, "INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")


def exists(conn: Connection) -> bool:
    """Whether this database has the index (only SQLite can)."""
    return conn.dialect.name == "sqlite" and _exists(conn, "table", TABLE)


def ready(engine: Engine) -> bool:
    """Whether the registry has a text index to search (passages_fts exists)."""
    with engine.connect() as conn:
        return exists(conn)
