"""Working days: Monday to Friday less England and Wales bank holidays (a shipped data file)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources

import numpy as np
import polars as pl

from cscwatch.casework.layout import DATA_PACKAGE


@cache
def bank_holidays() -> np.ndarray:
    text = resources.files(DATA_PACKAGE).joinpath("bank_holidays.csv").read_text("utf-8")
    rows = [ln.split(",")[0] for ln in text.splitlines() if ln[:1].isdigit()]
    return np.array(rows, dtype="datetime64[D]")


def covered_years() -> tuple[int, int]:
    days = bank_holidays()
    return int(str(days.min())[:4]), int(str(days.max())[:4])


@cache
def _calendar() -> np.busdaycalendar:
    return np.busdaycalendar(weekmask="1111100", holidays=bank_holidays())


def working_days(start: pl.Series, end: pl.Series) -> pl.Series:
    """Working days d with start <= d < end (numpy busday_count); null where either is null."""
    mask = start.is_null() | end.is_null()
    a = start.fill_null(dt.date(2000, 1, 1)).to_numpy().astype("datetime64[D]")
    b = end.fill_null(dt.date(2000, 1, 1)).to_numpy().astype("datetime64[D]")
    counts = np.busday_count(a, b, busdaycal=_calendar())
    out = pl.Series(start.name, counts, dtype=pl.Int64)
    return _mask(out, mask).alias(start.name)


def working_days_to(start: pl.Series, end: dt.date) -> pl.Series:
    """:func:`working_days` from each of ``start`` to the one day ``end`` (R, say)."""
    return working_days(start, pl.Series([end] * len(start), dtype=pl.Date))


def _mask(values: pl.Series, mask: pl.Series) -> pl.Series:
    return pl.DataFrame({"v": values, "m": mask}).select(
        pl.when(pl.col("m")).then(None).otherwise(pl.col("v")).alias("v")
    )["v"]


def wd(start: dt.date, end: dt.date) -> int:
    """Scalar form of :func:`working_days`."""
    return int(np.busday_count(np.datetime64(start), np.datetime64(end), busdaycal=_calendar()))


def add_working_days(start: dt.date, n: int) -> dt.date:
    day = np.busday_offset(np.datetime64(start), n, roll="forward", busdaycal=_calendar())
    return day.astype(dt.date)
