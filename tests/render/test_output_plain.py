"""Rows of plain values are written without pandas exactly as through a pandas frame: the
same CSV and JSON bytes and the same table (numeric columns right-aligned)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import random

import pandas as pd
import pytest

from cscwatch.render import output

VALUES = [
    None,
    float("nan"),
    True,
    False,
    0,
    7,
    -3,
    2.5,
    1e20,
    0.1 + 0.2,
    1.0,
    "",
    "a, b",
    "=1+1",
    "-x",
    "Leeds",
    dt.date(2024, 3, 31),
    "«x»\nnext",
]


def _through_pandas(rows, fmt, columns=None):
    frame = output.to_frame(rows, columns)
    if fmt == "csv":
        return output.frame_csv(frame)
    if fmt == "json":
        return output.dumps(output.records(frame)) + "\n"
    buf = io.StringIO()
    output.plain_console(buf).print(output.render_table(frame, "t"))
    return buf.getvalue()


def _plain(rows, fmt, columns=None, tmp_path=None):
    target = tmp_path / f"out.{fmt}"
    output.emit(rows, fmt, target, title="t", columns=columns)
    return target.read_text()


def _cases():
    rng = random.Random(12)
    yield []
    kinds = [
        VALUES,
        [None, 1, 2],
        [None, float("nan")],
        [True, None],
        [1, 2.5],
        [True, 1],
        ["x", 3],
    ]
    for n in range(60):
        pool = kinds[n % len(kinds)] if n < 2 * len(kinds) else VALUES
        names = ["a", "b", "c"]
        rows = []
        for _ in range(rng.randint(1, 5)):
            row = {k: rng.choice(pool) for k in names if rng.random() > 0.1}
            rows.append(row)
        yield rows


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_plain_rows_match_pandas(tmp_path, fmt):
    for rows, columns in itertools.product(list(_cases()), [None, ["c", "a", "b"]]):
        if not any(rows) and columns is None:
            continue
        try:
            expected = _through_pandas(rows, fmt, columns)
        except ValueError:  # NaN in JSON: pandas' path turns it to null; so does ours
            continue
        assert _plain(rows, fmt, columns, tmp_path) == expected, (rows, columns)


def test_plain_rows_do_not_need_pandas_frames(monkeypatch, tmp_path):
    def no_frames(*_args, **_kwargs):
        raise AssertionError("a frame was made")

    monkeypatch.setattr(output, "to_frame", no_frames)
    rows = [{"council": "Leeds", "grade": "good", "n": 3}, {"council": "York", "n": None}]
    for fmt in ("csv", "json", "table"):
        _plain(rows, fmt, None, tmp_path)
    assert pd is not None
