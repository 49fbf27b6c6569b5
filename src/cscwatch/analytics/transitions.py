"""How grades move from one full inspection to the next.

A pair is two consecutive full inspections of the same council (duplicate files of one
inspection count once). A council with a single predecessor continues it: its first inspection
follows the predecessor's last, so each half of a split (Northamptonshire 2021, Cumbria 2023)
makes a pair with the county's last inspection; a council made by a merger (Bournemouth,
Christchurch and Poole) starts afresh. A pair counts in an area only when both inspections judged
that area; pairs are never bridged over an inspection that made no judgement there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cscwatch.analytics.inspections import as_date, pairs
from cscwatch.registry.queries import History
from cscwatch.vocabulary import AREAS, GRADES, HEADLINE_AREAS, RANK


def transitions(
    history: History, area: str = "overall", *, as_of: dt.date | str | None = None
) -> dict:
    """The matrix of grade at one inspection (rows) against grade at the next (columns), in
    ``grades`` order, with row percentages (0-100, None for an empty row).

    ``inadequate_improved_share`` is the fraction (0-1) of inspections judged inadequate whose
    next inspection was requires improvement or better (None when there were none). With
    ``as_of`` only inspections in effect by then count."""
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}; areas are: {', '.join(AREAS)}")
    upto = as_date(as_of) if as_of is not None else None
    index = {g: i for i, g in enumerate(GRADES)}
    matrix = [[0] * len(GRADES) for _ in GRADES]
    unjudged = 0
    for before, after in pairs(history, upto):
        g0, g1 = before.grade(area), after.grade(area)
        if g0 in index and g1 in index:
            matrix[index[g0]][index[g1]] += 1
        else:
            unjudged += 1
    row_percent: list[list[float | None]] = []
    for row in matrix:
        total = sum(row)
        row_percent.append([100.0 * n / total if total else None for n in row])
    inad = matrix[index["inadequate"]]
    improved = sum(n for g, n in zip(GRADES, inad, strict=True) if RANK[g] < RANK["inadequate"])
    out: dict[str, Any] = {
        "area": area,
        "grades": list(GRADES),
        "matrix": matrix,
        "row_percent": row_percent,
        "pairs": sum(map(sum, matrix)),
        "pairs_not_judged": unjudged,
        "inadequate_pairs": sum(inad),
        "inadequate_improved": improved,
        "inadequate_improved_share": improved / sum(inad) if sum(inad) else None,
        "improved": sum(matrix[i][j] for i in range(4) for j in range(4) if j < i),
        "same": sum(matrix[i][i] for i in range(4)),
        "declined": sum(matrix[i][j] for i in range(4) for j in range(4) if j > i),
    }
    if upto is not None:
        out["as_of"] = upto.isoformat()
    return out


def matrix_rows(result: dict, *, percent: bool = False) -> list[dict]:
    """A transitions result as table rows: one row per earlier grade, one column per next grade,
    then the row total."""
    rows = []
    for g, counts, pcts in zip(
        result["grades"], result["matrix"], result["row_percent"], strict=True
    ):
        row: dict[str, Any] = {"area": result["area"], "from": g}
        values = pcts if percent else counts
        row.update({f"to_{h}": v for h, v in zip(result["grades"], values, strict=True)})
        row["total"] = sum(counts)
        rows.append(row)
    return rows


def all_areas(history: History, *, as_of: dt.date | str | None = None) -> dict[str, dict]:
    return {a: transitions(history, a, as_of=as_of) for a in HEADLINE_AREAS}


def table_rows(result: dict) -> list[dict]:
    """One row per starting grade: the counts (``to_*``), then their row percentages
    (``pct_to_*``): the csv/xlsx layout of a transition matrix."""
    return [
        {**c, **{f"pct_{k}": v for k, v in p.items() if k.startswith("to_")}}
        for c, p in zip(matrix_rows(result), matrix_rows(result, percent=True), strict=True)
    ]
