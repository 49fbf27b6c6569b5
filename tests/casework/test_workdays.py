import datetime as dt

import polars as pl

from cscwatch.casework.workdays import add_working_days, covered_years, wd, working_days


def test_same_day_is_zero_and_weekend_skipped():
    assert wd(dt.date(2026, 10, 30), dt.date(2026, 10, 30)) == 0
    # Friday to Monday: only the Friday counts (start inclusive, end exclusive)
    assert wd(dt.date(2026, 10, 30), dt.date(2026, 11, 2)) == 1


def test_bank_holidays_are_not_working_days():
    # Easter 2026: Good Friday 3 Apr and Easter Monday 6 Apr.
    # Thu 2 Apr -> Tue 7 Apr: Thu only (Fri and Mon are bank holidays, weekend skipped)
    assert wd(dt.date(2026, 4, 2), dt.date(2026, 4, 7)) == 1
    # Christmas 2026: Fri 25 and Mon 28 Dec (Boxing Day substitute)
    assert wd(dt.date(2026, 12, 24), dt.date(2026, 12, 30)) == 2  # 24th, 29th
    assert add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 29)


def test_vectorised_matches_scalar_and_keeps_nulls():
    start = pl.Series([dt.date(2026, 4, 1), None, dt.date(2022, 9, 16)])
    end = pl.Series([dt.date(2026, 4, 30), dt.date(2026, 1, 1), dt.date(2022, 9, 21)])
    out = working_days(start, end).to_list()
    # April 2026: 21 weekdays from 1st to 29th inclusive less Good Friday and Easter Monday = 19
    assert out == [19, None, 2]  # 2022-09-19 was the Queen's funeral


def test_calendar_years():
    assert covered_years() == (2015, 2027)
