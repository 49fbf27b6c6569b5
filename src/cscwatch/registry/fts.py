"""The full-text index of the registry's passages: create it, keep it in step, check it.

The index is two SQLite FTS5 tables with external content over ``passages(text, section)``
(neither stores the text twice): ``passages_fts``, tokenised with ``porter unicode61``
(English stemming, accents and case folded), for plain words; and ``passages_exact``, the same
tokeniser without stemming, for quoted phrases, which must match the words as written
("agency social workers" is not "agencies, social workers"). Both are kept in step together. ``cscwatch build`` keeps it in step
as it stores the reports (``prepare``, ``index_reports``, ``unindex_report``:
cheaper than re-reading every passage at the end, and done while the next reports are
parsed); ``rebuild`` re-reads every passage; ``create(..., triggers=True)`` adds triggers
that keep it in step with single-row edits made by other tools; ``integrity`` raises when
either table and the content table disagree. A registry built before ``passages_exact``
existed gets it at its next ``cscwatch build`` (``prepare``); until then ``ready`` is False. Queries over it live in search/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cscwatch.registry import read

if TYPE_CHECKING:  # imported when used: search checks the index through registry.read
    from sqlalchemy import Connection, Engine

__all__ = [
    "TABLE",
    "EXACT",
    "TABLES",
    "create",
    "rebuild",
    "prepare",
    "index_reports",
    "unindex_report",
    "integrity",
    "exists",
    "ready",
]

TABLE = "passages_fts"  # stemmed: plain words
EXACT = "passages_exact"  # not stemmed: quoted phrases
TABLES = {TABLE: "porter unicode61", EXACT: "unicode61"}


def _ddl(table: str) -> str:
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(text, section, "
        f"content='passages', content_rowid='id', tokenize='{TABLES[table]}')"
    )


def _triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_ai AFTER INSERT ON passages BEGIN "
        f"INSERT INTO {table}(rowid, text, section) VALUES (new.id, new.text, new.section); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_ad AFTER DELETE ON passages BEGIN "
        f"INSERT INTO {table}({table}, rowid, text, section) "
        "VALUES ('delete', old.id, old.text, old.section); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_au AFTER UPDATE ON passages BEGIN "
        f"INSERT INTO {table}({table}, rowid, text, section) "
        "VALUES ('delete', old.id, old.text, old.section); "
        f"INSERT INTO {table}(rowid, text, section) VALUES (new.id, new.text, new.section); END",
    ]


def _exec(conn, sql: str, params: dict | None = None):
    return read.execute(conn, sql, params)


def create(connection: Connection | Engine, *, triggers: bool = True) -> None:
    """Create both tables (and, with ``triggers``, what keeps them in step with passages)."""
    from sqlalchemy import Engine

    if isinstance(connection, Engine):
        with connection.begin() as conn:
            create(conn, triggers=triggers)
        return
    for table in TABLES:
        _create(connection, table, triggers)


def _create(conn: Connection, table: str, triggers: bool) -> None:
    for sql in [_ddl(table), *(_triggers(table) if triggers else [])]:
        _exec(conn, sql)


def _rebuild(conn: Connection, table: str) -> None:
    _exec(conn, f"INSERT INTO {table}({table}) VALUES ('rebuild')")


def rebuild(connection: Connection | Engine) -> None:
    """(Re)build the index from every row of passages; creates the tables if missing."""
    from sqlalchemy import Engine

    if isinstance(connection, Engine):
        with connection.begin() as conn:
            rebuild(conn)
        return
    for table in TABLES:
        _create(connection, table, False)
        _rebuild(connection, table)


def _exists(conn: Connection, kind: str, name: str) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type = :kind AND name = :name"
    return _exec(conn, sql, {"kind": kind, "name": name}).first() is not None


def prepare(conn: Connection) -> bool:
    """Before a load: make sure both tables exist and are complete (one missing, as in a
    registry made before ``passages_exact``, is made from the stored passages). True when the
    loader must keep them in step itself (index_report / unindex_report), False when triggers
    do it or the database has no FTS5 (not SQLite)."""
    if conn.dialect.name != "sqlite":
        return False
    triggers = _exists(conn, "trigger", f"{TABLE}_ai")
    stored = None
    for table in TABLES:
        if not _exists(conn, "table", table):
            _create(conn, table, triggers)
            if stored is None:
                stored = _exec(conn, "SELECT 1 FROM passages LIMIT 1").first() is not None
            if stored:
                _rebuild(conn, table)
    return not triggers


def index_reports(conn: Connection, report_ids: list[int]) -> None:
    """Add reports' passages to the index (after they are stored). Each call writes one new
    segment per table, so indexing reports a few dozen at a time costs about half as much as
    one at a time (fewer segments to merge)."""
    if not report_ids:
        return
    ids = ", ".join(str(int(i)) for i in report_ids)
    for table in TABLES:
        _exec(
            conn,
            f"INSERT INTO {table}(rowid, text, section) "
            f"SELECT id, text, section FROM passages WHERE report_id IN ({ids})",
        )


def unindex_report(conn: Connection, source_file: str) -> None:
    """Take a stored report's passages out of the index (before the report is replaced)."""
    for table in TABLES:
        _exec(
            conn,
            f"INSERT INTO {table}({table}, rowid, text, section) "
            "SELECT 'delete', id, text, section FROM passages "
            "WHERE report_id IN (SELECT id FROM reports WHERE source_file = :f)",
            {"f": source_file},
        )


def integrity(connection: Connection | Engine) -> None:
    """FTS5's own check that each table matches its content table (passages); raises
    sqlalchemy's DatabaseError when they disagree."""
    from sqlalchemy import Engine

    if isinstance(connection, Engine):
        with connection.connect() as conn:
            integrity(conn)
        return
    for table in TABLES:
        _exec(connection, f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


def exists(conn: Connection) -> bool:
    """Whether this database has a text index (only SQLite can), complete or not."""
    return conn.dialect.name == "sqlite" and _exists(conn, "table", TABLE)


def ready(engine: Engine) -> bool:
    """Whether the registry has the text index search needs (both tables)."""
    with engine.connect() as conn:
        return conn.dialect.name == "sqlite" and all(_exists(conn, "table", t) for t in TABLES)
