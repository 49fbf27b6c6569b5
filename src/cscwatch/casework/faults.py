"""Fault injection for synthetic workbooks: one kind of data-quality problem per rule id.

Each injector edits the template-style text frames of :func:`synth.as_text` so that its rule must
fire; a few rows are changed (``PER_FAULT``). Rules that need input other than an Annex A file
(DQ-001: the reference date; DQ-501..508: SSDA903/CIN returns) cannot be injected here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from cscwatch.casework.frames import shift_months

PER_FAULT = 2
Frames = dict[int, pl.DataFrame]
_offset = [0]  # rows used by earlier faults in one run are skipped, so faults do not overlap


def _d(expr: pl.Expr) -> pl.Expr:
    return expr.str.strptime(pl.Date, "%d/%m/%Y", strict=False)


def _t(expr: pl.Expr) -> pl.Expr:
    return expr.dt.strftime("%d/%m/%Y")


def _start(available: int) -> int:
    return _offset[0] % max(available - PER_FAULT + 1, 1)


def _edit(frames: Frames, n: int, where: pl.Expr, **values: object) -> None:
    """Change the first PER_FAULT rows matching ``where``."""
    df = frames[n].with_row_index("_i")
    matching = df.filter(where)["_i"]
    targets = matching.slice(_start(matching.len()), PER_FAULT).to_list()
    if not targets:
        raise LookupError(f"List {n}: no row suitable for this fault")
    hit = pl.col("_i").is_in(targets)
    exprs = []
    for col, value in values.items():
        new = value if isinstance(value, pl.Expr) else pl.lit(value, dtype=pl.Utf8)
        exprs.append(pl.when(hit).then(new.cast(pl.Utf8)).otherwise(pl.col(col)).alias(col))
    frames[n] = df.with_columns(exprs).drop("_i")


def _first_rows(frames: Frames, n: int, where: pl.Expr) -> pl.DataFrame:
    matching = frames[n].filter(where)
    return matching.slice(_start(matching.height), PER_FAULT)


ALL = pl.lit(True)
YES, NO = "a) Yes", "b) No"


def _dq002(f: Frames, R: dt.date) -> None:
    del f[2]


def _dq003(f: Frames, R: dt.date) -> None:
    f[4] = f[4].drop("seen")


def _dq004(f: Frames, R: dt.date) -> None:
    f[1] = f[1].with_columns(pl.lit("note").alias("Practitioner notes"))


def _dq006(f: Frames, R: dt.date) -> None:
    blank = pl.DataFrame({c: [None] * 3 for c in f[1].columns}, schema=f[1].schema)
    f[1] = pl.concat([f[1].head(5), blank, f[1].slice(5)])


def _dq101(f: Frames, R: dt.date) -> None:
    _edit(f, 4, ALL, assessment_start="31/02/2026")


def _dq102(f: Frames, R: dt.date) -> None:
    _edit(f, 3, ALL, child_id=None)


def _dq103(f: Frames, R: dt.date) -> None:
    _edit(f, 1, ALL, child_id=pl.concat_str(pl.col("child_id"), pl.lit("-X 1")))


def _dq104(f: Frames, R: dt.date) -> None:
    _edit(f, 8, ALL, placement_type="ZZ9: made-up placement")


def _dq105(f: Frames, R: dt.date) -> None:
    _edit(f, 3, ALL, prior_referrals="two")


def _dq106(f: Frames, R: dt.date) -> None:
    _edit(f, 7, ALL, seen_alone="Sometimes")


def _dq107(f: Frames, R: dt.date) -> None:
    _edit(f, 3, ALL, referral_source=None)


def _dq108(f: Frames, R: dt.date) -> None:
    _edit(f, 1, ALL, age=(pl.col("age").cast(pl.Int64) + 3))


def _dq109(f: Frames, R: dt.date) -> None:
    _edit(f, 8, ALL, placement_postcode="nope")


def _dq110(f: Frames, R: dt.date) -> None:
    _edit(f, 8, pl.col("urn").is_not_null() & pl.col("cla_end").is_null(), urn=None)


def _dq111(f: Frames, R: dt.date) -> None:
    k = max(PER_FAULT, f[11].height // 10)
    f[11] = (
        f[11]
        .with_row_index("_i")
        .with_columns(
            pl.when(pl.col("_i") < k)
            .then(pl.lit("c) Not stated/recorded"))
            .otherwise(pl.col("gender"))
            .alias("gender")
        )
        .drop("_i")
    )


def _dq201(f: Frames, R: dt.date) -> None:
    _edit(f, 1, ALL, contact_date=_t(pl.lit(R + dt.timedelta(days=5))))


def _dq202(f: Frames, R: dt.date) -> None:
    _edit(
        f,
        8,
        pl.col("dob").is_not_null(),
        health_assessment=_t(_d(pl.col("dob")) - pl.duration(days=300)),
    )


def _dq203(f: Frames, R: dt.date) -> None:
    _edit(f, 3, ALL, referral_date=_t(pl.lit(shift_months(R, -7))))


def _dq204(f: Frames, R: dt.date) -> None:
    _edit(
        f,
        4,
        pl.col("assessment_end").is_not_null(),
        assessment_end=_t(_d(pl.col("assessment_start")) - pl.duration(days=3)),
    )


def _dq205(f: Frames, R: dt.date) -> None:
    _edit(
        f,
        5,
        pl.col("icpc_date").is_not_null() & (pl.col("icpc_plan") == NO),
        icpc_date=_t(_d(pl.col("s47_start")) - pl.duration(days=2)),
    )


def _dq206(f: Frames, R: dt.date) -> None:
    _edit(
        f, 5, pl.col("icpc_date").is_not_null() & (pl.col("icpc_plan") == NO), icpc_unnecessary=YES
    )


def _dq207(f: Frames, R: dt.date) -> None:
    _edit(f, 6, pl.col("closure_reason").is_not_null(), closure_reason=None)


def _dq208(f: Frames, R: dt.date) -> None:
    _edit(
        f,
        7,
        pl.col("cp_review").is_not_null() & pl.col("cp_end").is_null(),
        cp_review=_t(_d(pl.col("cp_start")) - pl.duration(days=10)),
    )


def _dq209(f: Frames, R: dt.date) -> None:
    _edit(
        f,
        8,
        pl.col("cla_end").is_null(),
        placement_start=_t(_d(pl.col("cla_start")) - pl.duration(days=30)),
    )


def _dq210(f: Frames, R: dt.date) -> None:
    plus_one = (pl.col("prior_referrals").cast(pl.Int64, strict=False) + 1).cast(pl.Utf8)
    f[3] = f[3].with_columns(pl.coalesce(plus_one, pl.col("prior_referrals")))


def _dq211(f: Frames, R: dt.date) -> None:
    _edit(f, 8, pl.col("cla_end").is_null(), placements_12m="0")


def _dq212(f: Frames, R: dt.date) -> None:
    _edit(f, 8, pl.col("missing_12m").cast(pl.Int64) > 0, ri_offered=NO, ri_accepted=YES)


def _dq213(f: Frames, R: dt.date) -> None:
    _edit(f, 8, pl.col("missing_12m").cast(pl.Int64) > 0, ri_offered=None, ri_accepted=None)


def _dq214(f: Frames, R: dt.date) -> None:
    _edit(f, 9, pl.col("in_touch").str.contains("YES"), activity=None)


def _dq215(f: Frames, R: dt.date) -> None:
    _edit(
        f,
        10,
        pl.col("placed").is_not_null(),
        placed=_t(_d(pl.col("matched")) - pl.duration(days=10)),
    )


def _dq216(f: Frames, R: dt.date) -> None:
    _edit(
        f,
        11,
        pl.col("stage1_end").is_not_null(),
        stage1_end=_t(_d(pl.col("stage1_start")) - pl.duration(days=3)),
    )


def _dq217(f: Frames, R: dt.date) -> None:
    _edit(
        f,
        6,
        pl.col("case_status").str.contains("Child in need plan"),
        last_seen=_t(pl.lit(R - dt.timedelta(days=3 * 365))),
    )


def _dq301(f: Frames, R: dt.date) -> None:
    f[9] = pl.concat([f[9], _first_rows(f, 9, ALL)])


def _dq302(f: Frames, R: dt.date) -> None:
    f[7] = pl.concat([f[7], _first_rows(f, 7, ALL)])


def _dq303(f: Frames, R: dt.date) -> None:
    f[1] = pl.concat([f[1], _first_rows(f, 1, ALL)])


def _dq304(f: Frames, R: dt.date) -> None:
    swap = (
        pl.when(pl.col("gender").str.contains("Female"))
        .then(pl.lit("a) Male"))
        .otherwise(pl.lit("b) Female"))
    )
    _edit(f, 3, ALL, gender=swap)


def _ids(f: Frames, n: int, where: pl.Expr) -> list[str]:
    return _first_rows(f, n, where)["child_id"].to_list()


def _dq401(f: Frames, R: dt.date) -> None:
    ids = _ids(f, 6, pl.col("case_status").str.contains("Child Protection plan"))
    _edit(f, 6, pl.col("child_id").is_in(ids), case_status="c) Child in need plan")


def _dq402(f: Frames, R: dt.date) -> None:
    _edit(
        f,
        6,
        pl.col("case_status").str.contains("Looked after child"),
        case_status="c) Child in need plan",
    )


def _dq403(f: Frames, R: dt.date) -> None:
    icpc = _first_rows(f, 5, pl.col("icpc_plan") == YES)
    keys = icpc.select("child_id", pl.col("icpc_date").alias("cp_start"))
    if keys.height == 0:
        raise LookupError("List 5: no ICPC with a plan")
    f[7] = f[7].join(keys, on=["child_id", "cp_start"], how="anti")


def _dq404(f: Frames, R: dt.date) -> None:
    ids = _ids(f, 4, pl.col("child_id").is_not_null())
    f[3] = f[3].filter(~pl.col("child_id").is_in(ids).fill_null(False))


def _dq405(f: Frames, R: dt.date) -> None:
    ids = _ids(f, 8, pl.col("reason_ceased").str.contains("E11"))
    _edit(f, 10, pl.col("child_id").is_in(ids), adoption_order=None)


def _dq406(f: Frames, R: dt.date) -> None:
    dob = R.replace(year=R.year - 19)
    _edit(f, 8, pl.col("cla_end").is_null(), dob=dob.strftime("%d/%m/%Y"), age="19")


def _dq407(f: Frames, R: dt.date) -> None:
    _edit(f, 7, pl.col("worker").is_not_null(), worker=pl.col("worker").str.to_uppercase())


INJECTORS: dict[str, Callable[[Frames, dt.date], None]] = {
    name.replace("_dq", "DQ-"): fn for name, fn in globals().items() if name.startswith("_dq")
}
TITLE_ROW_FAULT = "DQ-005"


def injectable() -> list[str]:
    return sorted([*INJECTORS, TITLE_ROW_FAULT])


def inject(
    frames: Frames, faults: list[str], R: dt.date, seed: int = 0
) -> tuple[Frames, dict[int, int], list[str]]:
    """Apply the named faults ('all' for every injectable rule); returns frames, title rows, done."""
    wanted = injectable() if "all" in faults else [f.strip().upper() for f in faults]
    unknown = [f for f in wanted if f not in injectable()]
    if unknown:
        raise ValueError(
            f"cannot inject {', '.join(unknown)}; injectable: {', '.join(injectable())}"
        )
    frames = dict(frames)
    title_rows: dict[int, int] = {}
    done = []
    for i, rule in enumerate(wanted):
        _offset[0] = i * PER_FAULT if len(wanted) > 1 else 0
        if rule == TITLE_ROW_FAULT:
            title_rows[3] = 1
        else:
            INJECTORS[rule](frames, R)
        done.append(rule)
    _offset[0] = 0
    return frames, title_rows, done
