"""Where the registry lives: a database URL (SQLite by default), or the embedded default.

Rules: ``--db URL`` wins, then the ``CSCWATCH_DB`` environment variable, then a ``cscwatch.db``
file in the working directory. Read-only commands fall back to the registry embedded in the
package (``data/registry/*.csv``, built by ``scripts/build_embedded.py``) when that default file
does not exist, so a fresh install answers at once.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from cscwatch.registry import schema

DEFAULT_FILE = "cscwatch.db"
EMBEDDED_URL = "embedded"
EMBEDDED_TABLES = ("reports", "judgments", "recommendations", "context_figures", "theme_counts")


def database_url(db: str | None = None) -> str:
    url = db or os.environ.get("CSCWATCH_DB") or f"sqlite:///{DEFAULT_FILE}"
    if "://" not in url and url != EMBEDDED_URL:
        url = f"sqlite:///{url}"  # a bare path
    return url


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every connection
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()


def connect(db: str | None = None, *, create: bool = False) -> Engine:
    """An engine for the registry. With ``create`` the tables are made if missing (for build);
    without it a missing default SQLite file means the embedded registry."""
    url = database_url(db)
    if url == EMBEDDED_URL or (
        not create
        and db is None
        and not os.environ.get("CSCWATCH_DB")
        and not Path(DEFAULT_FILE).exists()
    ):
        return embedded()
    if url.startswith("sqlite:///") and not create:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise FileNotFoundError(
                f"no registry at {path}: run `cscwatch build FOLDER --db {url}` first"
            )
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    if create:
        schema.metadata.create_all(engine)
    return engine


def _typed(table, row: dict[str, str]) -> dict:
    """A CSV row with each value converted to its column's type ('' is NULL)."""
    out = {}
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
    import pandas as pd

    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    schema.metadata.create_all(engine)
    folder = resources.files("cscwatch.data").joinpath("registry")
    with engine.begin() as conn:
        for name in EMBEDDED_TABLES:
            res = folder.joinpath(f"{name}.csv")
            if not res.is_file():
                continue
            with res.open("r", encoding="utf-8") as fh:
                frame = pd.read_csv(fh, dtype=str, keep_default_na=False)
            if frame.empty:
                continue
            table = schema.metadata.tables[name]
            rows = [_typed(table, r) for r in frame.to_dict(orient="records")]
            conn.execute(table.insert(), rows)
    return engine
