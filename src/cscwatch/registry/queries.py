"""Read the registry into tables for the analytics, search and web layers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, select

from cscwatch.registry import schema

if TYPE_CHECKING:
    import pandas as pd


def reports_frame(engine: Engine, *, only_ok: bool = False) -> pd.DataFrame:
    """One row per report file with the export columns (plus ``id`` and ``cic_combined``);
    missing values are None."""
    import pandas as pd

    t = schema.reports
    cols = [t.c.id, *(t.c[c] for c in schema.EXPORT_COLUMNS), t.c.cic_combined, t.c.sha256]
    query = select(*cols).order_by(t.c.la_code, t.c.inspection_end, t.c.source_file)
    if only_ok:
        query = query.where(t.c.status == "ok")
    with engine.connect() as conn:
        frame = pd.read_sql(query, conn)
    return frame.astype(object).where(frame.notna(), None)


def judgments_export(engine: Engine) -> pd.DataFrame:
    """The `cscwatch export judgments` table: exactly EXPORT_COLUMNS, in order."""
    frame = reports_frame(engine).sort_values("source_file", kind="stable")
    return frame.loc[:, list(schema.EXPORT_COLUMNS)].reset_index(drop=True)


def context_figures(engine: Engine, la_code: str) -> list[dict]:
    """The local context figures printed in a council's reports (SIF 'Information about this
    local authority area'), newest report first: source_file, published, figure, value, unit,
    as_of, page."""
    from sqlalchemy import select

    r, f = schema.reports, schema.context_figures
    query = (
        select(r.c.source_file, r.c.published, f.c.figure, f.c.value, f.c.unit, f.c.as_of, f.c.page)
        .join(f, f.c.report_id == r.c.id)
        .where(r.c.la_code == la_code)
        .order_by(r.c.published.desc(), f.c.figure)
    )
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
