"""Readiness indicators (annex-a.md section 3) computed from a workbook at reference date R.

Each indicator returns an :class:`Indicator`: value, numerator, denominator, window, direction,
the national benchmark (from ``benchmarks.csv``), a status against it, the children behind the
numerator and, for higher-is-better measures, the children who missed (``exceptions``). When an
input is missing the value is None with a ``reason`` - never a misleading zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from cscwatch.casework.checks import worker_key
from cscwatch.casework.frames import Context, age_at, in_window, open_at, shift_months, shift_years
from cscwatch.casework.layout import benchmarks, code_sets, indicator_config
from cscwatch.casework.read import ListData
from cscwatch.casework.workdays import working_days


@dataclass
class Indicator:
    id: str
    name: str
    value: float | None
    numerator: int | None
    denominator: int | None
    unit: str
    direction: str
    counts: str
    window: dict[str, str]
    benchmark: dict[str, Any] | None
    status: str
    children: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    reason: str | None = None
    small_number: bool = False
    sub_measures: list[dict[str, Any]] = field(default_factory=list)
    by_month: list[dict[str, Any]] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if self.reason is None:
            out.pop("reason")
        return out


def _config(ind_id: str) -> dict[str, Any]:
    return indicator_config()["indicators"][ind_id]


def params(ind_id: str) -> dict[str, Any]:
    return _config(ind_id).get("params", {})


def benchmark_for(ind_id: str, measure: str = "headline") -> dict[str, Any] | None:
    record = benchmarks().get(ind_id, {}).get(measure)
    if record is None:
        return None
    keys = ("value", "unit", "period", "geography", "source", "source_url", "verified", "note")
    return {k: record[k] for k in keys}


def status(value: float | None, bench: dict[str, Any] | None, direction: str, unit: str) -> str:
    if value is None:
        return "not_available"
    if not bench or bench.get("value") is None:
        return "no_benchmark"
    tolerance = indicator_config()["tolerance"].get(unit, 0.0)
    diff = value - bench["value"]
    if abs(diff) <= tolerance or direction == "context":
        return "similar" if abs(diff) <= tolerance else ("above" if diff > 0 else "below")
    better = diff > 0 if direction == "higher" else diff < 0
    return "better" if better else "worse"


def _window(ctx: Context, kind: str) -> dict[str, str]:
    if kind == "W6":
        return {"name": "W6", "from_exclusive": ctx.w6.isoformat(), "to": ctx.R.isoformat()}
    if kind == "W12":
        return {"name": "W12", "from_exclusive": ctx.w12.isoformat(), "to": ctx.R.isoformat()}
    return {"name": "open at R", "at": ctx.R.isoformat()}


def _ids(df: pl.DataFrame) -> list[str]:
    return sorted(df["child_id"].drop_nulls().unique().to_list())


def unavailable(ind_id: str, ctx: Context, reason: str, window: str = "R") -> Indicator:
    cfg = _config(ind_id)
    bench = benchmark_for(ind_id)
    return Indicator(
        ind_id,
        cfg["name"],
        None,
        None,
        None,
        cfg["unit"],
        cfg["direction"],
        cfg["counts"],
        _window(ctx, window),
        bench,
        "not_available",
        reason=reason,
    )


def proportion(
    ind_id: str,
    ctx: Context,
    population: pl.DataFrame,
    hit: pl.Expr,
    window: str,
    month_of: str | None = None,
    unique_children: bool = False,
    reason_if_empty: str | None = None,
) -> Indicator:
    """Share of ``population`` rows for which ``hit`` is true."""
    cfg = _config(ind_id)
    if unique_children:
        population = population.unique("child_id", keep="last", maintain_order=True)
    flagged = population.with_columns(hit.fill_null(False).alias("_hit"))
    den = flagged.height
    if den == 0:
        return unavailable(ind_id, ctx, reason_if_empty or "no rows in the population", window)
    num_rows = flagged.filter(pl.col("_hit"))
    num = num_rows.height
    value = num / den
    bench = benchmark_for(ind_id)
    out = Indicator(
        ind_id,
        cfg["name"],
        round(value, 4),
        num,
        den,
        cfg["unit"],
        cfg["direction"],
        cfg["counts"],
        _window(ctx, window),
        bench,
        status(value, bench, cfg["direction"], cfg["unit"]),
        children=_ids(num_rows),
        small_number=den < indicator_config()["small_number"],
    )
    if cfg["direction"] == "higher":
        out.exceptions = _ids(flagged.filter(~pl.col("_hit")))
    if month_of:
        out.by_month = _months(flagged, month_of)
    return out


def _months(flagged: pl.DataFrame, date_col: str) -> list[dict[str, Any]]:
    grouped = (
        flagged.filter(pl.col(date_col).is_not_null())
        .group_by(pl.col(date_col).dt.strftime("%Y-%m").alias("month"))
        .agg(pl.col("_hit").sum().alias("numerator"), pl.len().alias("denominator"))
        .sort("month")
    )
    return [dict(r, value=round(r["numerator"] / r["denominator"], 4)) for r in grouped.to_dicts()]


def _need(ctx: Context, ind_id: str, number: int, *keys: str) -> ListData | str:
    ld = ctx.wb.get(number)
    if ld is None:
        return f"List {number} was not found"
    missing = [ld.layout.column(k).header for k in keys if not ld.has(k)]
    if missing:
        return f"List {number} has no column {', '.join(repr(m) for m in missing)}"
    return ld


# --- A. front door and assessment -----------------------------------------------------------


def ir01(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-01", 3, "referral_date", "prior_referrals")
    if isinstance(ld, str):
        return unavailable("IR-01", ctx, ld, "W6")
    refs = ld.frame.filter(in_window(pl.col("referral_date"), ctx.w6, ctx.R))
    counts_current = refs.height and refs["prior_referrals"].drop_nulls().min() >= 1
    threshold = 2 if counts_current else 1  # DQ-210: the current referral seems to be counted
    out = proportion(
        "IR-01", ctx, refs, pl.col("prior_referrals") >= threshold, "W6", "referral_date"
    )
    out.detail["prior_count_threshold"] = threshold
    return out


def ir02(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-02", 3, "referral_date", "referral_nfa")
    if isinstance(ld, str):
        return unavailable("IR-02", ctx, ld, "W6")
    refs = ld.frame.filter(in_window(pl.col("referral_date"), ctx.w6, ctx.R))
    return proportion("IR-02", ctx, refs, pl.col("referral_nfa"), "W6", "referral_date")


def _assessment_wd(ld: ListData, end: str | dt.date) -> pl.DataFrame:
    df = ld.frame
    end_series = df[end] if isinstance(end, str) else pl.Series([end] * df.height, dtype=pl.Date)
    return df.with_columns(working_days(df["assessment_start"], end_series).alias("_wd"))


def ir04(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-04", 4, "assessment_start", "assessment_end")
    if isinstance(ld, str):
        return unavailable("IR-04", ctx, ld, "W6")
    limit = params("IR-04")["limit_wd"]
    done = _assessment_wd(ld, "assessment_end").filter(
        in_window(pl.col("assessment_end"), ctx.w6, ctx.R)
    )
    out = proportion("IR-04", ctx, done, pl.col("_wd") <= limit, "W6", "assessment_end")
    if done.height:
        out.detail["median_working_days"] = done["_wd"].median()
    return out


def ir05(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-05", 4, "assessment_start", "assessment_end")
    if isinstance(ld, str):
        return unavailable("IR-05", ctx, ld)
    limit = params("IR-05")["limit_wd"]
    open_now = _assessment_wd(ld, ctx.R).filter(
        open_at(pl.col("assessment_end"), ctx.R, pl.col("assessment_start"))
    )
    out = proportion(
        "IR-05",
        ctx,
        open_now,
        pl.col("_wd") > limit,
        "R",
        reason_if_empty="no assessments open at R",
    )
    if open_now.height:
        out.detail["oldest_working_days"] = int(open_now["_wd"].max())
    return out


def ir06(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-06", 4, "assessment_end", "seen")
    if isinstance(ld, str):
        return unavailable("IR-06", ctx, ld, "W6")
    done = ld.frame.filter(in_window(pl.col("assessment_end"), ctx.w6, ctx.R))
    return proportion("IR-06", ctx, done, pl.col("seen"), "W6", "assessment_end")


def ir08(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-08", 5, "s47_start", "icpc_date")
    if isinstance(ld, str):
        return unavailable("IR-08", ctx, ld, "W6")
    held = ld.frame.filter(in_window(pl.col("icpc_date"), ctx.w6, ctx.R))
    held = held.with_columns(working_days(held["s47_start"], held["icpc_date"]).alias("_wd"))
    return proportion(
        "IR-08", ctx, held, pl.col("_wd") <= params("IR-08")["limit_wd"], "W6", "icpc_date"
    )


def ir09(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-09", 5, "s47_start", "icpc_date", "icpc_unnecessary")
    if isinstance(ld, str):
        return unavailable("IR-09", ctx, ld, "W6")
    s47 = ld.frame.filter(in_window(pl.col("s47_start"), ctx.w6, ctx.R))
    concluded = s47.filter(
        pl.col("icpc_date").is_not_null() | pl.col("icpc_unnecessary").fill_null(False)
    )
    return proportion("IR-09", ctx, concluded, pl.col("icpc_date").is_not_null(), "W6", "s47_start")


# --- B. help and protection -----------------------------------------------------------------


def ir11(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-11", 6, "case_status", "last_seen")
    if isinstance(ld, str):
        return unavailable("IR-11", ctx, ld)
    days = params("IR-11")["visit_days"]
    pop = ld.frame.filter(
        pl.col("case_status").is_in(["CIN", "ASSESS"]) & open_at(pl.col("cin_end"), ctx.R)
    )
    late = pl.col("last_seen").is_null() | (
        (pl.lit(ctx.R) - pl.col("last_seen")).dt.total_days() > days
    )
    out = proportion("IR-11", ctx, pop, late, "R", unique_children=True)
    out.detail["bands_weeks"] = _bands(pop, "last_seen", ctx.R)
    return out


def _bands(df: pl.DataFrame, col: str, R: dt.date) -> dict[str, int]:
    weeks = (pl.lit(R) - pl.col(col)).dt.total_days() / 7
    band = (
        pl.when(pl.col(col).is_null())
        .then(pl.lit("none recorded"))
        .when(weeks <= 6)
        .then(pl.lit("0-6"))
        .when(weeks <= 12)
        .then(pl.lit("6-12"))
        .when(weeks <= 18)
        .then(pl.lit("12-18"))
        .otherwise(pl.lit("18+"))
    )
    return dict(df.group_by(band.alias("b")).len().sort("b").iter_rows())


def _open_plans(ctx: Context, ld: ListData) -> pl.DataFrame:
    return ld.frame.filter(open_at(pl.col("cp_end"), ctx.R, pl.col("cp_start")))


def ir12(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-12", 7, "cp_start", "cp_end", "cp_last_visit")
    if isinstance(ld, str):
        return unavailable("IR-12", ctx, ld)
    plans = _open_plans(ctx, ld)
    r = pl.Series([ctx.R] * plans.height, dtype=pl.Date)
    plans = plans.with_columns(working_days(plans["cp_last_visit"], r).alias("_wd"))
    return proportion(
        "IR-12",
        ctx,
        plans,
        pl.col("_wd") <= params("IR-12")["visit_wd"],
        "R",
        reason_if_empty="no child protection plans open at R",
    )


def ir13(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-13", 7, "cp_start", "cp_end", "seen_alone", "dob")
    if isinstance(ld, str):
        return unavailable("IR-13", ctx, ld)
    plans = _open_plans(ctx, ld).filter(age_at(pl.col("dob"), ctx.R) >= params("IR-13")["min_age"])
    return proportion(
        "IR-13",
        ctx,
        plans,
        pl.col("seen_alone"),
        "R",
        reason_if_empty="no open plans for children of the minimum age",
    )


def ir15(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-15", 7, "cp_start", "cp_end")
    if isinstance(ld, str):
        return unavailable("IR-15", ctx, ld, "W6")
    two_years = pl.col("cp_start").dt.offset_by("2y") <= pl.col("cp_end")
    ended = ld.frame.filter(in_window(pl.col("cp_end"), ctx.w6, ctx.R))
    head = proportion(
        "IR-15",
        ctx,
        ended,
        two_years,
        "W6",
        "cp_end",
        reason_if_empty="no plans ended in the window",
    )
    open_now = _open_plans(ctx, ld)
    b = proportion("IR-15", ctx, open_now, pl.col("cp_start") <= shift_years(ctx.R, -2), "R")
    within3 = proportion(
        "IR-15", ctx, ended, pl.col("cp_start").dt.offset_by("3mo") >= pl.col("cp_end"), "W6"
    )
    head.sub_measures = [
        _sub("a", "plans ended in W6 that lasted 2 years or more", head, benchmark_for("IR-15")),
        _sub("b", "plans open at R that have lasted 2 years or more", b, None),
        _sub(
            "ended_within_3_months",
            "plans ended in W6 within 3 months",
            within3,
            benchmark_for("IR-15", "ended_within_3_months"),
        ),
    ]
    return head


def _sub(key: str, label: str, ind: Indicator, bench: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": key,
        "name": label,
        "value": ind.value,
        "numerator": ind.numerator,
        "denominator": ind.denominator,
        "benchmark": bench,
        "children": ind.children,
        **({"reason": ind.reason} if ind.reason else {}),
    }


def ir16(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-16", 7, "cp_start", "previous_plans")
    if isinstance(ld, str):
        return unavailable("IR-16", ctx, ld, "W6")
    started = ld.frame.filter(in_window(pl.col("cp_start"), ctx.w6, ctx.R))
    return proportion(
        "IR-16",
        ctx,
        started,
        pl.col("previous_plans") >= 1,
        "W6",
        "cp_start",
        reason_if_empty="no plans started in the window",
    )


# --- C. children in care ---------------------------------------------------------------------


def _in_care(ctx: Context, ld: ListData) -> pl.DataFrame:
    df = ld.frame.filter(open_at(pl.col("cla_end"), ctx.R, pl.col("cla_start")))
    if ld.has("legal_status"):
        df = df.filter(~pl.col("legal_status").is_in(["V3", "V4"]).fill_null(False))
    return df.sort("cla_start").unique("child_id", keep="last", maintain_order=True)


def ir18(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-18", 8, "cla_start", "cla_end", "cla_visit", "placement_start")
    if isinstance(ld, str):
        return unavailable("IR-18", ctx, ld)
    p = params("IR-18")
    df = _in_care(ctx, ld)
    days_since = (pl.lit(ctx.R) - pl.col("cla_visit")).dt.total_days()
    long_term = code_sets()["placement_type"].extra["long_term"]
    settled = pl.col("placement_type").is_in(long_term).fill_null(False) & (
        pl.col("placement_start") <= shift_years(ctx.R, -p["long_term_after_years"])
    )
    allowed = pl.when(settled).then(pl.lit(shift_months(ctx.R, -p["long_term_months"])))
    allowed = allowed.otherwise(pl.lit(ctx.R - dt.timedelta(days=p["visit_days"])))
    new = (pl.lit(ctx.R) - pl.col("placement_start")).dt.total_days() <= p["new_placement_days"]
    seen_since_move = pl.col("cla_visit") >= pl.col("placement_start")
    in_time = new | (seen_since_move.fill_null(False) & (pl.col("cla_visit") >= allowed))
    out = proportion("IR-18", ctx, df, in_time, "R", reason_if_empty="no children in care at R")
    out.detail["bands_weeks"] = _bands(df, "cla_visit", ctx.R)
    del days_since
    return out


def ir21(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-21", 8, "cla_start", "cla_end", "placements_12m")
    if isinstance(ld, str):
        return unavailable("IR-21", ctx, ld)
    return proportion(
        "IR-21",
        ctx,
        _in_care(ctx, ld),
        pl.col("placements_12m") >= 3,
        "R",
        reason_if_empty="no children in care at R",
    )


def ir22(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-22", 8, "cla_start", "cla_end", "placement_start", "dob")
    if isinstance(ld, str):
        return unavailable("IR-22", ctx, ld)
    two_half = shift_months(ctx.R, -30)
    pop = _in_care(ctx, ld).filter(
        (age_at(pl.col("dob"), ctx.R) < 16) & (pl.col("cla_start") <= two_half)
    )
    return proportion(
        "IR-22",
        ctx,
        pop,
        pl.col("placement_start") <= shift_years(ctx.R, -2),
        "R",
        reason_if_empty="no children under 16 in care for 2.5 years or more",
    )


def ir23(ctx: Context) -> Indicator:
    return unavailable(
        "IR-23",
        ctx,
        "needs SSDA903 social worker episodes or two or more Annex A snapshots; a single "
        "Annex A extract holds only the current allocated worker",
        "W12",
    )


# --- D. care leavers -------------------------------------------------------------------------


def _leavers(ctx: Context, ld: ListData, ages: tuple[int, int] | None) -> pl.DataFrame:
    df = ld.frame.unique("child_id", keep="last", maintain_order=True)
    if ages:
        df = df.filter(age_at(pl.col("dob"), ctx.R).is_between(*ages))
    return df


def ir29(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-29", 9, "in_touch", "dob")
    if isinstance(ld, str):
        return unavailable("IR-29", ctx, ld)
    p = params("IR-29")
    people = _leavers(ctx, ld, (p["min_age"], p["max_age"]))
    shown_apart = people.filter(pl.col("in_touch").is_in(["NREQ", "RHOM"]))
    pop = people.filter(~pl.col("in_touch").is_in(["DIED", "NREQ", "RHOM"]).fill_null(False))
    out = proportion(
        "IR-29",
        ctx,
        pop,
        pl.col("in_touch") == "YES",
        "R",
        reason_if_empty="no care leavers in the age band",
    )
    out.detail["left_out_nreq_rhom"] = shown_apart.height
    for label, ages in (("17-18", (17, 18)), ("22-25", (22, 25))):
        band = _leavers(ctx, ld, ages).filter(
            ~pl.col("in_touch").is_in(["DIED", "NREQ", "RHOM"]).fill_null(False)
        )
        sub = proportion("IR-29", ctx, band, pl.col("in_touch") == "YES", "R")
        out.sub_measures.append(_sub(f"aged_{label}", f"in touch, aged {label}", sub, None))
    return out


def ir30(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-30", 9, "in_touch", "latest_contact", "pathway_review", "pa")
    if isinstance(ld, str):
        return unavailable("IR-30", ctx, ld)
    p = params("IR-30")
    everyone = _leavers(ctx, ld, None).filter(~(pl.col("in_touch") == "DIED").fill_null(False))
    touching = everyone.filter(pl.col("in_touch") == "YES")
    recent = pl.col("latest_contact") >= ctx.R - dt.timedelta(weeks=p["contact_weeks"])
    head = proportion(
        "IR-30", ctx, touching, recent, "R", reason_if_empty="no care leavers in touch"
    )
    b = proportion(
        "IR-30",
        ctx,
        everyone,
        pl.col("pathway_review") >= shift_months(ctx.R, -p["pathway_months"]),
        "R",
    )
    c = proportion("IR-30", ctx, everyone, pl.col("pa").is_not_null(), "R")
    head.sub_measures = [
        _sub("a", "in touch with a contact in the last 8 weeks", head, None),
        _sub("b", "pathway plan reviewed in the last 6 months", b, None),
        _sub("c", "with a named personal adviser", c, None),
    ]
    return head


def ir31(ctx: Context) -> Indicator:
    ld = _need(ctx, "IR-31", 9, "activity", "suitability", "dob")
    if isinstance(ld, str):
        return unavailable("IR-31", ctx, ld)
    p = params("IR-31")
    people = _leavers(ctx, ld, (p["min_age"], p["max_age"]))
    if ld.has("in_touch"):
        people = people.filter(~(pl.col("in_touch") == "DIED").fill_null(False))
    eet = code_sets()["activity"].extra["eet"]
    head = proportion(
        "IR-31",
        ctx,
        people,
        pl.col("activity").is_in(eet),
        "R",
        reason_if_empty="no care leavers in the age band",
    )
    suitable = proportion("IR-31", ctx, people, pl.col("suitability") == "Suitable", "R")
    head.sub_measures = [
        _sub("eet", "in education, employment or training", head, benchmark_for("IR-31")),
        _sub(
            "suitable_accommodation",
            "in suitable accommodation",
            suitable,
            benchmark_for("IR-31", "suitable_accommodation"),
        ),
    ]
    return head


# --- F. workforce ----------------------------------------------------------------------------

OPEN_LISTS = {6: "cin_end", 7: "cp_end", 8: "cla_end"}


def _open_cases(ctx: Context, numbers: list[int]) -> pl.DataFrame:
    parts = []
    for n in numbers:
        ld = ctx.wb.get(n)
        if ld is None or not ld.has("worker"):
            continue
        df = ld.frame
        if n in OPEN_LISTS:
            df = df.filter(open_at(pl.col(OPEN_LISTS[n]), ctx.R))
        elif n == 3:
            df = df.filter(
                in_window(pl.col("referral_date"), ctx.w6, ctx.R)
                & ~pl.col("referral_nfa").fill_null(False)
            )
        elif n == 4:
            df = df.filter(open_at(pl.col("assessment_end"), ctx.R))
        elif n == 5:
            df = df.filter(pl.col("icpc_date").is_null() & pl.col("icpc_unnecessary").is_null())
        elif n == 9:
            df = df.filter(~(pl.col("in_touch") == "DIED").fill_null(False))
        parts.append(df.select("child_id", "worker", pl.lit(n).alias("list")))
    return pl.concat(parts) if parts else pl.DataFrame()


def _unallocated() -> pl.Expr:
    placeholders = indicator_config()["unallocated_placeholders"]
    return pl.col("worker").is_null() | worker_key(pl.col("worker")).is_in(placeholders)


def ir34(ctx: Context) -> Indicator:
    cfg = _config("IR-34")
    cases = _open_cases(ctx, cfg["lists"])
    if cases.height == 0:
        return unavailable(
            "IR-34", ctx, "no open cases with an allocated worker column (Lists 6-9)"
        )
    allocated = cases.filter(~_unallocated()).with_columns(worker_key(pl.col("worker")).alias("w"))
    per = allocated.group_by("w").agg(pl.col("child_id").n_unique().alias("k"))
    if per.height == 0:
        return unavailable("IR-34", ctx, "no open case has a named worker")
    total, workers = int(per["k"].sum()), per.height
    value = total / workers
    bench = benchmark_for("IR-34")
    threshold = params("IR-34")["threshold"]
    over = allocated.join(per.filter(pl.col("k") > threshold), on="w")
    return Indicator(
        "IR-34",
        cfg["name"],
        round(value, 2),
        total,
        workers,
        cfg["unit"],
        cfg["direction"],
        cfg["counts"],
        _window(ctx, "R"),
        bench,
        status(value, bench, cfg["direction"], cfg["unit"]),
        children=_ids(over),
        small_number=workers < indicator_config()["small_number"],
        detail={
            "median": float(per["k"].median()),
            "max": int(per["k"].max()),
            "workers_over_threshold": int((per["k"] > threshold).sum()),
            "threshold": threshold,
        },
    )


def ir35(ctx: Context) -> Indicator:
    cases = _open_cases(ctx, _config("IR-35")["lists"])
    if cases.height == 0:
        return unavailable(
            "IR-35", ctx, "no open cases with an allocated worker column (Lists 3-9)"
        )
    children = (
        cases.group_by("child_id")
        .agg((~_unallocated()).any().alias("allocated"))
        .filter(pl.col("child_id").is_not_null())
    )
    return proportion("IR-35", ctx, children, ~pl.col("allocated"), "R")


INDICATORS: dict[str, Callable[[Context], Indicator]] = {
    "IR-01": ir01,
    "IR-02": ir02,
    "IR-04": ir04,
    "IR-05": ir05,
    "IR-06": ir06,
    "IR-08": ir08,
    "IR-09": ir09,
    "IR-11": ir11,
    "IR-12": ir12,
    "IR-13": ir13,
    "IR-15": ir15,
    "IR-16": ir16,
    "IR-18": ir18,
    "IR-21": ir21,
    "IR-22": ir22,
    "IR-23": ir23,
    "IR-29": ir29,
    "IR-30": ir30,
    "IR-31": ir31,
    "IR-34": ir34,
    "IR-35": ir35,
}


def compute(ctx: Context, ids: list[str] | None = None) -> list[Indicator]:
    out = []
    for ind_id in ids or INDICATORS:
        try:
            out.append(INDICATORS[ind_id](ctx))
        except Exception as exc:  # noqa: BLE001 - one failure must not hide the others
            out.append(unavailable(ind_id, ctx, f"could not be computed: {exc}"))
    return out
