"""Where the frames live: the :class:`Context` (a workbook at reference date R) that checks and
indicators read, and the reference-date windows and age arithmetic they share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from cscwatch.casework.read import Workbook


def shift_months(day: dt.date, months: int) -> dt.date:
    """Calendar month shift that clamps to the month end (31 Aug - 6 months = 28/29 Feb)."""
    return pl.select(pl.lit(day).dt.offset_by(f"{months}mo")).item()


def add_months(day: pl.Expr, months: int) -> pl.Expr:
    """:func:`shift_months` of a date column: the calendar anniversary ``months`` on."""
    return day.dt.offset_by(f"{months}mo")


def shift_years(day: dt.date, years: int) -> dt.date:
    return shift_months(day, 12 * years)


def age_at(dob: pl.Expr, when: dt.date) -> pl.Expr:
    """Completed years at ``when`` (birthday counted on the day)."""
    years = when.year - dob.dt.year()
    before_birthday = (dob.dt.month() > when.month) | (
        (dob.dt.month() == when.month) & (dob.dt.day() > when.day)
    )
    return (years - before_birthday.cast(pl.Int32)).cast(pl.Int32)


def open_at(end: pl.Expr, when: dt.date, start: pl.Expr | None = None) -> pl.Expr:
    """Open on ``when``: start <= when and (no end or end after when)."""
    is_open = end.is_null() | (end > when)
    return is_open if start is None else is_open & (start <= when)


def in_window(day: pl.Expr, start_exclusive: dt.date, end_inclusive: dt.date) -> pl.Expr:
    return (day > start_exclusive) & (day <= end_inclusive)


@dataclass(frozen=True)
class Context:
    wb: Workbook
    R: dt.date
    w6: dt.date  # exclusive start of the six-month window
    w12: dt.date

    @classmethod
    def build(cls, wb: Workbook, R: dt.date) -> Context:
        return cls(wb, R, shift_months(R, -6), shift_months(R, -12))
