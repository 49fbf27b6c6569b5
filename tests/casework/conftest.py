"""Shared fixtures: synthetic workbooks only (never real children)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from cscwatch.casework import synth
from cscwatch.casework.layout import layouts
from cscwatch.casework.read import from_frames

R = dt.date(2026, 10, 31)


def build(lists: dict[int, list[dict[str, object]]]):
    """A workbook from hand-written rows keyed by layout key (other columns left blank)."""
    frames = {}
    for n, rows in lists.items():
        layout = layouts()[n]
        data = {
            c.header: [None if r.get(c.key) is None else str(r[c.key]) for r in rows]
            for c in layout.columns
        }
        frames[n] = pl.DataFrame(data, schema={h: pl.Utf8 for h in data})
    return from_frames(frames)


@pytest.fixture(scope="session")
def small_clean(tmp_path_factory):
    path = tmp_path_factory.mktemp("annex") / "small.xlsx"
    synth.synthesise("small", 11, path, as_of=R)
    return path


@pytest.fixture(scope="session")
def medium_clean(tmp_path_factory):
    path = tmp_path_factory.mktemp("annex") / "medium"
    synth.synthesise("medium", 5, path, as_of=R)
    return path
