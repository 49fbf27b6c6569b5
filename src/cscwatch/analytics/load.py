"""The reports frame every analytic takes: one row per report file that parsed."""

from __future__ import annotations

import pandas as pd

from cscwatch.registry import queries, store


def load_frame(db: str | None = None) -> pd.DataFrame:
    """The registry's reports (status 'ok') from ``db`` (see ``store.connect``: a URL, a path,
    or None for the default, falling back to the embedded registry)."""
    return queries.reports_frame(store.connect(db), only_ok=True)
