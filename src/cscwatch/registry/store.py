"""Where the registry lives: a database URL (SQLite by default), or the embedded default.

Rules: ``--db URL`` wins, then the ``CSCWATCH_DB`` environment variable, then a ``cscwatch.db``
file in the working directory. Read-only commands fall back to the registry embedded in the
package (``data/registry/*.csv``, built by ``scripts/build_embedded.py``) when that default file
does not exist, so a fresh install answers at once.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:  # SQLAlchemy is imported when used: the quick read path (read.py) needs none
    from sqlalchemy import Engine

DEFAULT_FILE = "cscwatch.db"
EMBEDDED_URL = "embedded"
EMBEDDED_TABLES = (
    "reports",
    "judgments",
    "recommendations",
    "context_figures",
    "theme_counts",
    "interventions",
)


def database_url(db: str | None = None) -> str:
    url = db or os.environ.get("CSCWATCH_DB") or f"sqlite:///{DEFAULT_FILE}"
    if "://" not in url and url != EMBEDDED_URL:
        url = f"sqlite:///{url}"  # a bare path
    return url


class RegistryError(Exception):
    """A registry that cannot be opened or written, with a message meant for the user (one
    line, naming the database and what to do)."""


class RegistryMissing(RegistryError, FileNotFoundError):
    """No registry file where one was named for reading."""


class RegistryBusy(RegistryError):
    """Another build holds the database (after waiting ``timeout`` seconds)."""


# Module that a database URL's driver needs -> the package to install.
DRIVER_PACKAGES = {
    "psycopg2": "psycopg2-binary (or install psycopg and write postgresql+psycopg://)",
    "psycopg": "psycopg[binary]",
    "asyncpg": "asyncpg",
    "pg8000": "pg8000",
    "pymysql": "PyMySQL",
    "MySQLdb": "mysqlclient",
    "mysql": "mysql-connector-python",
    "oracledb": "oracledb",
    "cx_Oracle": "cx_Oracle",
    "pyodbc": "pyodbc",
    "pymssql": "pymssql",
}
BUSY_TIMEOUT = 30.0  # seconds a build waits for another one to release the database


def _sqlite_pragmas(engine: Engine, *, read_only: bool = False) -> None:
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every connection
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if not read_only:  # changing the journal mode is a write
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()


def sqlite_path(url: str) -> Path | None:
    """The file of an ``sqlite:///`` URL (None for other databases and in-memory SQLite)."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix) and url.removeprefix(prefix) not in ("", ":memory:"):
            return Path(url.removeprefix(prefix).split("?", 1)[0])
    return None


def _engine(url: str, **kwargs) -> Engine:
    """``create_engine`` with a one-line error for a URL that cannot be used."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        return create_engine(url, **kwargs)
    except ModuleNotFoundError as exc:
        package = DRIVER_PACKAGES.get((exc.name or "").split(".")[0], exc.name)
        scheme = url.split("://", 1)[0]
        raise RegistryError(
            f"the database driver for {scheme}:// is not installed (no module {exc.name!r}): "
            f"install {package}"
        ) from None
    except NoSuchModuleError:
        scheme = url.split("://", 1)[0]
        raise RegistryError(f"unknown kind of database {scheme}:// in {_shown(url)}") from None
    except ArgumentError:
        raise RegistryError(f"not a database URL or path: {_shown(url)}") from None


def _shown(url: str) -> str:
    """A URL fit to print: any password hidden."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL has no password to find
        return url


def explain(exc: Exception, url: str | None = None) -> RegistryError:
    """A database error (``sqlalchemy.exc.DBAPIError``) as a one-line :class:`RegistryError`."""
    text = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["?"])[0]
    path = sqlite_path(url) if url else None
    where = str(path) if path else _shown(url) if url else "the registry"
    if "database is locked" in text or "database table is locked" in text:
        return RegistryBusy(f"another build holds {where}: try again when it ends")
    if "file is not a database" in text or "malformed" in text:
        return RegistryError(f"{where} is not an SQLite database (or it is damaged)")
    if "readonly database" in text or "unable to open database file" in text:
        return RegistryError(f"cannot write {where}: {text} (is the folder read-only?)")
    return RegistryError(f"cannot use {where}: {text}")


def _open_sqlite_read_only(path: Path) -> Engine:
    """A read-only engine on an SQLite file (``mode=ro``: nothing is created or written). In a
    folder that cannot be written, a WAL database cannot make its shared-memory file, so it is
    opened ``immutable`` (nobody without write access can change it under us either)."""
    from sqlalchemy.exc import DBAPIError

    target = quote(str(path.resolve()))
    url = f"sqlite:///file:{target}?mode=ro&uri=true"
    engine = _engine(url)
    _sqlite_pragmas(engine, read_only=True)
    try:
        _check_registry(engine, path)
    except DBAPIError as exc:
        engine.dispose()
        if os.access(path.parent, os.W_OK) or "readonly" not in str(exc.orig):
            raise explain(exc, f"sqlite:///{path}") from None
        engine = _engine(f"sqlite:///file:{target}?mode=ro&immutable=1&uri=true")
        _sqlite_pragmas(engine, read_only=True)
        try:
            _check_registry(engine, path)
        except DBAPIError as exc2:
            raise explain(exc2, f"sqlite:///{path}") from None
    return engine


def _check_registry(engine: Engine, where: Path | str) -> None:
    """Raise unless ``engine`` is a cscwatch registry (one query; DBAPIError if unreadable)."""
    from sqlalchemy import inspect

    with engine.connect() as conn:
        if not inspect(conn).has_table("reports"):
            raise RegistryError(
                f"{where} is not a cscwatch registry (no reports table): "
                "build one with `cscwatch build FOLDER`"
            )


def describe(db: str | None = None) -> str:
    """Which registry a reading command opens for ``db``, in words: the embedded one, a file,
    or a database URL (password hidden)."""
    url = database_url(db)
    if url == EMBEDDED_URL or (
        db is None and not os.environ.get("CSCWATCH_DB") and not Path(DEFAULT_FILE).exists()
    ):
        return "the registry embedded in the package"
    path = sqlite_path(url)
    if path is not None:
        return f"the registry file {path}"
    return f"the registry at {_shown(url)}"


def uses_embedded(db: str | None = None) -> bool:
    """Whether a reading command on ``db`` reads the embedded registry (``--db embedded``, or
    nothing named and no ./cscwatch.db)."""
    if database_url(db) == EMBEDDED_URL:
        return True
    return db is None and not os.environ.get("CSCWATCH_DB") and not Path(DEFAULT_FILE).exists()


def connect(
    db: str | None = None, *, create: bool = False, timeout: float = BUSY_TIMEOUT
) -> Engine:
    """An engine for the registry. With ``create`` (for build) the tables are made if missing
    and a writer waits up to ``timeout`` seconds for another to finish. Without it the registry
    is opened read-only (an SQLite file with ``mode=ro``, and never created), and a missing
    default SQLite file means the embedded registry.

    Raises :class:`RegistryError` (one line for the user) for a registry that cannot be opened,
    and ``FileNotFoundError`` for a missing SQLite file named for reading."""
    from sqlalchemy.exc import DBAPIError

    from cscwatch.registry import schema

    url = database_url(db)
    if not create and uses_embedded(db) or url == EMBEDDED_URL:
        return embedded()
    path = sqlite_path(url)
    if path is not None and path.is_dir():
        raise RegistryError(f"{path} is a folder: give the path of a registry database file")
    if path is not None and not create:
        if not path.exists():
            raise RegistryMissing(
                f"no registry at {path}: run `cscwatch build FOLDER --db {url}` first"
            )
        if not path.is_file():
            raise RegistryError(f"{path} is not a file: give the path of a registry database")
        return _open_sqlite_read_only(path)
    sqlite = path is not None
    engine = _engine(url, **({"connect_args": {"timeout": timeout}} if sqlite else {}))
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    try:
        if create:
            schema.upgrade(engine)  # create_all, and columns added since an older version
        else:
            _check_registry(engine, url)
    except DBAPIError as exc:
        engine.dispose()
        raise explain(exc, url) from None
    return engine


@contextmanager
def errors(url: str) -> Iterator[None]:
    """Database errors inside the block as :class:`RegistryError` naming ``url``."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        raise explain(exc, url) from None


@contextmanager
def writing(url: str, timeout: float = BUSY_TIMEOUT) -> Iterator[None]:
    """Hold the registry for one writer (a build) at a time: a second one waits up to
    ``timeout`` seconds, then raises :class:`RegistryBusy`. For an SQLite file the lock is an
    ``flock`` on the file itself (SQLite's own locks are byte-range ``fcntl`` locks, which it
    does not touch), released when the process ends, even by kill -9; other databases rely on
    their own locking."""
    path = sqlite_path(url)
    if path is None or not path.exists():
        yield
        return
    import fcntl

    with path.open("rb") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RegistryBusy(
                        f"another build holds the database {path} (waited {timeout:g} s): "
                        "try again when it ends"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def writer(url: str, timeout: float = BUSY_TIMEOUT) -> Iterator[Engine]:
    """The registry at ``url`` opened for one writer (a build, a fetch): it waits up to
    ``timeout`` seconds for another, and database errors inside the block are one line."""
    with writing(url, timeout=timeout), errors(url):
        yield connect(url, create=True, timeout=timeout)


def _typed(table, row: dict[str, str]) -> dict[str, Any]:
    """A CSV row with each value converted to its column's type ('' is NULL)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if value == "" or key not in table.c:
            out[key] = None
            continue
        kind = table.c[key].type.python_type
        out[key] = (
            value == "True" if kind is bool else kind(float(value)) if kind is int else kind(value)
        )
    return out


@cache
def embedded() -> Engine:
    """The registry shipped with the package, loaded into an in-memory SQLite database."""
    from sqlalchemy.pool import StaticPool

    return embedded_into(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )


def embedded_into(url: str, **kwargs) -> Engine:
    """The registry shipped with the package (``data/registry/*.csv``) loaded into the
    database at ``url`` (made with the registry's tables)."""
    from sqlalchemy import create_engine

    from cscwatch.registry import schema

    engine = create_engine(url, **kwargs)
    schema.metadata.create_all(engine)
    folder = resources.files("cscwatch.data").joinpath("registry")
    with engine.begin() as conn:
        for name in EMBEDDED_TABLES:
            res = folder.joinpath(f"{name}.csv")
            if not res.is_file():
                continue
            text = res.read_bytes().decode("utf-8-sig")
            records = list(csv.DictReader(io.StringIO(text, newline="")))
            if not records:
                continue
            table = schema.metadata.tables[name]
            rows = [_typed(table, r) for r in records]
            conn.execute(table.insert(), rows)
    return engine
