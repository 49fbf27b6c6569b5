"""The downloads manifest (``cscwatch fetch``) and the provenance it gives the registry: each
downloaded file's URL, validators (ETag, Last-Modified), SHA-256 and times, and the
``reports.source_url`` filled from it at build time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, inspect, select, text, update

from cscwatch.registry import schema


@dataclass(frozen=True)
class Download:
    """One row of the manifest."""

    url: str
    path: str
    urn: str | None = None
    title: str | None = None
    published: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    size: int | None = None
    fetched: str | None = None
    checked: str | None = None


def known(engine: Engine) -> dict[str, Download]:
    """Every recorded download, by URL."""
    t = schema.downloads
    with engine.connect() as conn:
        if not inspect(conn).has_table(t.name):
            return {}
        return {r.url: Download(**r._mapping) for r in conn.execute(select(t))}


def record(conn: Connection, download: Download) -> None:
    """Insert or replace the manifest row of ``download.url``."""
    t = schema.downloads
    conn.execute(t.delete().where(t.c.url == download.url))
    conn.execute(t.insert(), [download.__dict__])


def ensure_source_url(conn: Connection) -> None:
    """Add ``reports.source_url`` to a registry made before it existed (a nullable column, so
    the rows already there simply have no source yet)."""
    columns = {c["name"] for c in inspect(conn).get_columns(schema.reports.name)}
    if "source_url" not in columns:
        conn.execute(text("ALTER TABLE reports ADD COLUMN source_url TEXT"))


def link_sources(engine: Engine) -> int:
    """Fill ``reports.source_url`` from the manifest: the download recorded at the report's
    path with the same bytes, else one with the same bytes (the file fetched into another
    folder, or moved). A report whose bytes were never downloaded (a file changed or added by
    hand) has none. Returns the number of reports with a source."""
    r, d = schema.reports, schema.downloads
    with engine.begin() as conn:
        ensure_source_url(conn)
        same_path = (
            select(d.c.url)
            .where(d.c.sha256 == r.c.sha256, d.c.path == r.c.source_file)
            .limit(1)
            .scalar_subquery()
        )
        same_bytes = (
            select(d.c.url).where(d.c.sha256 == r.c.sha256).order_by(d.c.url).limit(1)
        ).scalar_subquery()
        conn.execute(update(r).values(source_url=func.coalesce(same_path, same_bytes)))
        return conn.execute(
            select(func.count()).select_from(r).where(r.c.source_url.is_not(None))
        ).scalar_one()
