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
