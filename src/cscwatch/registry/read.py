"""The quick read path: a registry opened with the standard library's ``sqlite3``, for the
commands that only read (``national``, ``la``, ``search`` ...), so they answer without
importing SQLAlchemy (or pandas).

:func:`connect` returns a :class:`Reader` for an SQLite file (opened read-only) or for the
embedded registry (a copy of it as an SQLite file in the user's cache folder, named by a hash
of the shipped CSVs and of the schema, made once with SQLAlchemy exactly as
``store.embedded()`` makes its in-memory copy). Anything else (another database by URL, a
file it cannot open, no cache folder) goes to ``store.connect`` and gets an SQLAlchemy
engine, with the same errors as before.

A Reader offers the small part of SQLAlchemy's engine that the reading code uses:
``connect()`` as a context manager, ``conn.execute(sql, params)`` with ``:name`` parameters,
and results with ``mappings().all()``, ``all()``, ``first()``, ``scalar()``. SQL goes in as
plain text through :func:`execute`, which works on both kinds of connection. Values come back
as SQLite stores them (as SQLAlchemy's ``text()`` gives them): callers that need a column's
type (Boolean, as 0/1) convert it themselves.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cscwatch.registry import store

CACHE_VERSION = "1"  # bump when the way the cached copy is made changes


class _Dialect:
    name = "sqlite"


class Row(tuple):
    """A result row: a tuple, with ``_mapping`` and attribute access like SQLAlchemy's."""

    _fields: tuple[str, ...] = ()

    @property
    def _mapping(self) -> dict[str, Any]:
        return dict(zip(self._fields, self, strict=True))

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._fields.index(name)]
        except ValueError:
            raise AttributeError(name) from None


class Result:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        names = tuple(d[0] for d in cursor.description or ())
        kind = type("Row", (Row,), {"_fields": names})
        self._names = names
        self._rows = [kind(r) for r in cursor.fetchall()]

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def all(self) -> list[Row]:
        return list(self._rows)

    def first(self) -> Row | None:
        return self._rows[0] if self._rows else None

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        if len(self._rows) != 1:
            raise ValueError(f"expected one row, found {len(self._rows)}")
        return self._rows[0][0]

    def mappings(self) -> Result:
        mapped = object.__new__(Result)
        mapped._names = self._names
        mapped._rows = [dict(zip(self._names, r, strict=True)) for r in self._rows]
        return mapped


class Connection:
    dialect = _Dialect()
    raw_sql = True

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> Result:
        return Result(self._conn.execute(sql, dict(params or {})))


class Reader:
    """A read-only SQLite registry, engine-like (see the module's note)."""

    dialect = _Dialect()

    def __init__(self, uri: str, where: Path) -> None:
        self.uri = uri
        self.where = where

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        conn = sqlite3.connect(self.uri, uri=True)
        try:
            yield Connection(conn)
        finally:
            conn.close()

    def dispose(self) -> None:
        """Nothing to release (each ``connect`` opens and closes its own connection)."""


def execute(conn: Any, sql: str, params: Mapping[str, Any] | None = None) -> Any:
    """Run ``sql`` (text with ``:name`` parameters) on a Reader's or an SQLAlchemy connection."""
    if getattr(conn, "raw_sql", False):
        return conn.execute(sql, params)
    from sqlalchemy import text

    return conn.execute(text(sql), dict(params or {}))


def connect(db: str | None = None) -> Any:
    """A Reader for an SQLite registry or the embedded one; else ``store.connect(db)``."""
    if store.uses_embedded(db):
        path = embedded_file()
        if path is not None:
            return Reader(f"file:{quote(str(path))}?mode=ro&immutable=1", path)
        return store.embedded()
    path = store.sqlite_path(store.database_url(db))
    if path is None or not path.is_file():
        return store.connect(db)
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    if not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            found = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reports'"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        found = None
    if not found:  # not a registry, or unreadable: the full path says why, as before
        return store.connect(db)
    return Reader(uri, path)


# The embedded registry as a cached SQLite file -------------------------------------------------
def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cscwatch"


def embedded_key() -> str:
    """A hash of what the embedded registry's copy is made from: the shipped CSVs, the schema
    and the code that loads them."""
    h = hashlib.sha256(CACHE_VERSION.encode())
    here = Path(__file__).parent
    for name in ("schema.py", "store.py"):
        h.update((here / name).read_bytes())
    folder = resources.files("cscwatch.data").joinpath("registry")
    for name in store.EMBEDDED_TABLES:
        res = folder.joinpath(f"{name}.csv")
        h.update(name.encode() + b"\0")
        if res.is_file():
            h.update(res.read_bytes())
    return h.hexdigest()[:24]


def embedded_file() -> Path | None:
    """The cached SQLite copy of the embedded registry (made now if missing); None when it
    cannot be made (no writable cache folder)."""
    try:
        path = _cache_folder() / f"embedded-{embedded_key()}.sqlite"
        if path.is_file():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
        try:
            store.embedded_into(f"sqlite:///{tmp}")
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        return path
    except (OSError, sqlite3.Error):
        return None
