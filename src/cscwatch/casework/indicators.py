"""Readiness indicators (annex-a.md section 3) computed from a workbook at reference date R.

Each indicator is a function registered with :func:`indicator`, which carries its id, the window
it measures and the columns it needs; names, units, direction, the list it reads and every
threshold come from ``indicators.yaml``, codes from ``codes.yaml`` and benchmarks from
``benchmarks.csv``. An indicator returns an :class:`Indicator`: value, numerator, denominator,
window, direction, the national benchmark, a status against it, the children behind the
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
from cscwatch.casework.frames import (
    Context,
    add_months,
    age_at,
    in_window,
    open_at,
    shift_months,
    shift_years,
)
from cscwatch.casework.layout import benchmarks, code_sets, indicator_config
from cscwatch.casework.read import ListData
from cscwatch.casework.workdays import working_days, working_days_to


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


def codes(code_set: str, group: str) -> list[str]:
    """A named group of codes from ``codes.yaml`` (e.g. the in-touch codes left out of IR-29)."""
    return code_sets()[code_set].extra[group]


def _number(value: object) -> int | float:
    """An aggregate (``Series.max`` and the like) of a numeric column holding a value. polars
    types those aggregates for every dtype (dates, strings, lists, None), so it is checked."""
    if not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return value


def _ids(df: pl.DataFrame) -> list[str]:
    return sorted(df["child_id"].drop_nulls().unique().to_list())


@dataclass
class Measure:
    """One indicator being computed: its configuration, the workbook at R (``ctx``), the window
    it measures (``W6``, ``W12`` or ``R``, open at R) and the list it reads."""

    id: str
    ctx: Context
    window: str
    ld: ListData | None = None

    @property
    def cfg(self) -> dict[str, Any]:
        return indicator_config()["indicators"][self.id]

    @property
    def p(self) -> dict[str, Any]:
        """The indicator's thresholds (``params`` in indicators.yaml)."""
        return self.cfg.get("params", {})

    @property
    def R(self) -> dt.date:
        return self.ctx.R

    @property
    def frame(self) -> pl.DataFrame:
        assert self.ld is not None
        return self.ld.frame

    def within(self, col: str) -> pl.Expr:
        """``col`` falls in the indicator's window (after its start, up to R)."""
        start = self.ctx.w12 if self.window == "W12" else self.ctx.w6
        return in_window(pl.col(col), start, self.R)

    def window_doc(self, kind: str | None = None) -> dict[str, str]:
        kind = kind or self.window
        if kind in ("W6", "W12"):
            start = self.ctx.w6 if kind == "W6" else self.ctx.w12
            return {"name": kind, "from_exclusive": start.isoformat(), "to": self.R.isoformat()}
        return {"name": "open at R", "at": self.R.isoformat()}

    def _make(self, value: float | None, window: str | None, **fields: Any) -> Indicator:
        cfg, bench = self.cfg, benchmark_for(self.id)
        return Indicator(
            self.id,
            cfg["name"],
            fields.pop("rounded", value),
            fields.pop("numerator", None),
            fields.pop("denominator", None),
            cfg["unit"],
            cfg["direction"],
            cfg["counts"],
            self.window_doc(window),
            bench,
            status(value, bench, cfg["direction"], cfg["unit"]),
            **fields,
        )

    def unavailable(self, reason: str, window: str | None = None) -> Indicator:
        return self._make(None, window, reason=reason)

    def measured(
        self,
        value: float,
        numerator: int,
        denominator: int,
        children: list[str],
        digits: int = 4,
        window: str | None = None,
        **fields: Any,
    ) -> Indicator:
        return self._make(
            value,
            window,
            rounded=round(value, digits),
            numerator=numerator,
            denominator=denominator,
            children=children,
            small_number=denominator < indicator_config()["small_number"],
            **fields,
        )

    def proportion(
        self,
        population: pl.DataFrame,
        hit: pl.Expr,
        month_of: str | None = None,
        unique_children: bool = False,
        reason_if_empty: str | None = None,
        window: str | None = None,
    ) -> Indicator:
        """Share of ``population`` rows for which ``hit`` is true."""
        if unique_children:
            population = population.unique("child_id", keep="last", maintain_order=True)
        flagged = population.with_columns(hit.fill_null(False).alias("_hit"))
        den = flagged.height
        if den == 0:
            return self.unavailable(reason_if_empty or "no rows in the population", window)
        num_rows = flagged.filter(pl.col("_hit"))
        out = self.measured(num_rows.height / den, num_rows.height, den, _ids(num_rows), 4, window)
        if self.cfg["direction"] == "higher":
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


def _need(ctx: Context, number: int, keys: tuple[str, ...]) -> ListData | str:
    ld = ctx.wb.get(number)
    if ld is None:
        return f"List {number} was not found"
    missing = [ld.layout.column(k).header for k in keys if not ld.has(k)]
    if missing:
        return f"List {number} has no column {', '.join(repr(m) for m in missing)}"
    return ld


# id -> function of the workbook at R, in the order indicators are reported
INDICATORS: dict[str, Callable[[Context], Indicator]] = {}


def indicator(
    ind_id: str, window: str = "R", needs: tuple[str, ...] = ()
) -> Callable[[Callable[[Measure], Indicator]], Callable[[Measure], Indicator]]:
    """Register an indicator: its id, the window it measures and the columns it ``needs`` from
    the first list named for it in indicators.yaml. Without that list or one of those columns
    it is 'not available', with the reason, and the function is not called."""

    def register(fn: Callable[[Measure], Indicator]) -> Callable[[Measure], Indicator]:
        def run(ctx: Context) -> Indicator:
            m = Measure(ind_id, ctx, window)
            if needs:
                found = _need(ctx, m.cfg["lists"][0], needs)
                if isinstance(found, str):
                    return m.unavailable(found)
                m.ld = found
            return fn(m)

        INDICATORS[ind_id] = run
        return fn

    return register


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


def _part(
    m: Measure,
    key: str,
    label: str,
    keys: tuple[str, ...],
    make: Callable[[], Indicator],
    bench: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A sub-measure that needs ``keys`` besides the columns of its headline: 'not available',
    with the reason, when the indicator's list lacks one of them."""
    found = _need(m.ctx, m.cfg["lists"][0], keys)
    part = m.unavailable(found) if isinstance(found, str) else make()
    return _sub(key, label, part, bench)


def _tally(df: pl.DataFrame, key: pl.Expr) -> dict[Any, int]:
    """Rows by the value of ``key``, in its order."""
    return dict(df.group_by(key.alias("k")).len().sort("k").iter_rows())


def _bands(df: pl.DataFrame, col: str, R: dt.date) -> dict[str, int]:
    """Rows by weeks since ``col`` in the bands of ``visit_bands_weeks`` (0-6, ..., 18+)."""
    weeks = (pl.lit(R) - pl.col(col)).dt.total_days() / 7
    band: Any = pl.when(pl.col(col).is_null()).then(pl.lit("none recorded"))
    low = 0
    for high in indicator_config()["visit_bands_weeks"]:
        band = band.when(weeks <= high).then(pl.lit(f"{low}-{high}"))
        low = high
    return _tally(df, band.otherwise(pl.lit(f"{low}+")))


# --- A. front door and assessment -----------------------------------------------------------


@indicator("IR-01", "W6", needs=("referral_date", "prior_referrals"))
def ir01(m: Measure) -> Indicator:
    refs = m.frame.filter(m.within("referral_date"))
    smallest = refs["prior_referrals"].drop_nulls().min()  # None: no referral, or no counts
    counts_current = isinstance(smallest, int) and smallest >= 1
    threshold = 2 if counts_current else 1  # DQ-210: the current referral seems to be counted
    out = m.proportion(refs, pl.col("prior_referrals") >= threshold, "referral_date")
    out.detail["prior_count_threshold"] = threshold
    return out


@indicator("IR-02", "W6", needs=("referral_date", "referral_nfa"))
def ir02(m: Measure) -> Indicator:
    refs = m.frame.filter(m.within("referral_date"))
    return m.proportion(refs, pl.col("referral_nfa"), "referral_date")


def _assessment_wd(df: pl.DataFrame, end: str | dt.date) -> pl.DataFrame:
    start = df["assessment_start"]
    wd = working_days(start, df[end]) if isinstance(end, str) else working_days_to(start, end)
    return df.with_columns(wd.alias("_wd"))


@indicator("IR-04", "W6", needs=("assessment_start", "assessment_end"))
def ir04(m: Measure) -> Indicator:
    done = _assessment_wd(m.frame, "assessment_end").filter(m.within("assessment_end"))
    out = m.proportion(done, pl.col("_wd") <= m.p["limit_wd"], "assessment_end")
    if done.height:
        out.detail["median_working_days"] = done["_wd"].median()
    return out


@indicator("IR-05", needs=("assessment_start", "assessment_end"))
def ir05(m: Measure) -> Indicator:
    open_now = _assessment_wd(m.frame, m.R).filter(
        open_at(pl.col("assessment_end"), m.R, pl.col("assessment_start"))
    )
    out = m.proportion(
        open_now, pl.col("_wd") > m.p["limit_wd"], reason_if_empty="no assessments open at R"
    )
    if open_now.height:
        out.detail["oldest_working_days"] = int(_number(open_now["_wd"].max()))
    return out


@indicator("IR-06", "W6", needs=("assessment_end", "seen"))
def ir06(m: Measure) -> Indicator:
    done = m.frame.filter(m.within("assessment_end"))
    return m.proportion(done, pl.col("seen"), "assessment_end")


@indicator("IR-08", "W6", needs=("s47_start", "icpc_date"))
def ir08(m: Measure) -> Indicator:
    held = m.frame.filter(m.within("icpc_date"))
    held = held.with_columns(working_days(held["s47_start"], held["icpc_date"]).alias("_wd"))
    return m.proportion(held, pl.col("_wd") <= m.p["limit_wd"], "icpc_date")


@indicator("IR-09", "W6", needs=("s47_start", "icpc_date", "icpc_unnecessary"))
def ir09(m: Measure) -> Indicator:
    s47 = m.frame.filter(m.within("s47_start"))
    concluded = s47.filter(
        pl.col("icpc_date").is_not_null() | pl.col("icpc_unnecessary").fill_null(False)
    )
    return m.proportion(concluded, pl.col("icpc_date").is_not_null(), "s47_start")


# --- B. help and protection -----------------------------------------------------------------


@indicator("IR-11", needs=("case_status", "last_seen"))
def ir11(m: Measure) -> Indicator:
    pop = m.frame.filter(
        pl.col("case_status").is_in(m.p["case_status"]) & open_at(pl.col("cin_end"), m.R)
    )
    late = pl.col("last_seen").is_null() | (
        (pl.lit(m.R) - pl.col("last_seen")).dt.total_days() > m.p["visit_days"]
    )
    out = m.proportion(pop, late, unique_children=True)
    out.detail["bands_weeks"] = _bands(pop, "last_seen", m.R)
    return out


def _open_plans(m: Measure) -> pl.DataFrame:
    return m.frame.filter(open_at(pl.col("cp_end"), m.R, pl.col("cp_start")))


@indicator("IR-12", needs=("cp_start", "cp_end", "cp_last_visit"))
def ir12(m: Measure) -> Indicator:
    plans = _open_plans(m)
    plans = plans.with_columns(working_days_to(plans["cp_last_visit"], m.R).alias("_wd"))
    return m.proportion(
        plans,
        pl.col("_wd") <= m.p["visit_wd"],
        reason_if_empty="no child protection plans open at R",
    )


@indicator("IR-13", needs=("cp_start", "cp_end", "seen_alone", "dob"))
def ir13(m: Measure) -> Indicator:
    plans = _open_plans(m).filter(age_at(pl.col("dob"), m.R) >= m.p["min_age"])
    return m.proportion(
        plans,
        pl.col("seen_alone"),
        reason_if_empty="no open plans for children of the minimum age",
    )


@indicator("IR-14", needs=("cp_start", "cp_end", "cp_review"))
def ir14(m: Measure) -> Indicator:
    """Due: start + 3 months while no review is held, else the latest review + 6 months; in time
    when due on or after R. Plans open at R for more than 3 months."""
    first = add_months(pl.col("cp_start"), m.p["first_months"])
    plans = _open_plans(m).filter(first < m.R)
    review = pl.col("cp_review")
    due = pl.when(review.is_null()).then(first).otherwise(add_months(review, m.p["then_months"]))
    return m.proportion(
        plans, due >= m.R, reason_if_empty="no child protection plans open at R past 3 months"
    )


@indicator("IR-15", "W6", needs=("cp_start", "cp_end"))
def ir15(m: Measure) -> Indicator:
    years, months = m.p["long_years"], m.p["short_months"]
    long_plan = add_months(pl.col("cp_start"), 12 * years) <= pl.col("cp_end")
    ended = m.frame.filter(m.within("cp_end"))
    head = m.proportion(ended, long_plan, "cp_end", reason_if_empty="no plans ended in the window")
    b = m.proportion(_open_plans(m), pl.col("cp_start") <= shift_years(m.R, -years), window="R")
    short = add_months(pl.col("cp_start"), months) >= pl.col("cp_end")
    within3 = m.proportion(ended, short)
    head.sub_measures = [
        _sub("a", "plans ended in W6 that lasted 2 years or more", head, benchmark_for(m.id)),
        _sub("b", "plans open at R that have lasted 2 years or more", b, None),
        _sub(
            "ended_within_3_months",
            "plans ended in W6 within 3 months",
            within3,
            benchmark_for(m.id, "ended_within_3_months"),
        ),
    ]
    return head


@indicator("IR-16", "W6", needs=("cp_start", "previous_plans"))
def ir16(m: Measure) -> Indicator:
    return m.proportion(
        m.frame.filter(m.within("cp_start")),
        pl.col("previous_plans") >= m.p["min_previous"],
        "cp_start",
        reason_if_empty="no plans started in the window",
    )


@indicator("IR-17", needs=("cp_start", "cp_end"))
def ir17(m: Measure) -> Indicator:
    """Children on a plan open at R who are also in care at R (List 8)."""
    cla = _need(m.ctx, m.cfg["lists"][1], ("cla_start", "cla_end"))
    if isinstance(cla, str):
        return m.unavailable(cla)
    in_care = _in_care(Measure(m.id, m.ctx, m.window, cla))["child_id"]
    return m.proportion(
        _open_plans(m),
        pl.col("child_id").is_in(in_care.implode()),
        unique_children=True,
        reason_if_empty="no child protection plans open at R",
    )


# --- C. children in care ---------------------------------------------------------------------


def _latest(df: pl.DataFrame) -> pl.DataFrame:
    """One row a child: the latest episode stands for the child (annex-a.md section 7)."""
    return df.sort("cla_start").unique("child_id", keep="last", maintain_order=True)


def _in_care(m: Measure, months: int = 0) -> pl.DataFrame:
    """Children in care at R (short breaks left out), in care ``months`` or more."""
    assert m.ld is not None
    df = m.frame.filter(open_at(pl.col("cla_end"), m.R, pl.col("cla_start")))
    if m.ld.has("legal_status"):
        short_breaks = codes("legal_status", "short_breaks")
        df = df.filter(~pl.col("legal_status").is_in(short_breaks).fill_null(False))
    df = _latest(df)
    return df.filter(pl.col("cla_start") <= shift_months(m.R, -months)) if months else df


IN_CARE = "no children in care at R"


def _recent(col: str, R: dt.date, months: int) -> pl.Expr:
    """``col`` not more than ``months`` calendar months before R (inclusive)."""
    return pl.col(col) >= shift_months(R, -months)


@indicator("IR-18", needs=("cla_start", "cla_end", "cla_visit", "placement_start"))
def ir18(m: Measure) -> Indicator:
    p, R = m.p, m.R
    df = _in_care(m)
    settled = pl.col("placement_type").is_in(codes("placement_type", "long_term")).fill_null(
        False
    ) & (pl.col("placement_start") <= shift_years(R, -p["long_term_after_years"]))
    allowed = (
        pl.when(settled)
        .then(pl.lit(shift_months(R, -p["long_term_months"])))
        .otherwise(pl.lit(R - dt.timedelta(days=p["visit_days"])))
    )
    new = (pl.lit(R) - pl.col("placement_start")).dt.total_days() <= p["new_placement_days"]
    seen_since_move = pl.col("cla_visit") >= pl.col("placement_start")
    in_time = new | (seen_since_move.fill_null(False) & (pl.col("cla_visit") >= allowed))
    out = m.proportion(df, in_time, reason_if_empty=IN_CARE)
    out.detail["bands_weeks"] = _bands(df, "cla_visit", R)
    return out


@indicator("IR-19", needs=("cla_start", "cla_end", "cla_review"))
def ir19(m: Measure) -> Indicator:
    """First review due first_wd working days after the start; a latest review held within them
    is the first, the next due second_months after it; any other latest review is followed
    then_months after it. A review dated before this period of care is no review of it."""
    p = m.p
    df = _in_care(m)
    df = df.with_columns(
        working_days_to(df["cla_start"], m.R).alias("_in_care_wd"),
        working_days(df["cla_start"], df["cla_review"]).alias("_review_wd"),
    )
    review = pl.col("cla_review")
    next_due = (
        pl.when(pl.col("_review_wd") <= p["first_wd"])
        .then(add_months(review, p["second_months"]))
        .otherwise(add_months(review, p["then_months"]))
    )
    in_time = (
        pl.when((review >= pl.col("cla_start")).fill_null(False))
        .then(next_due >= m.R)
        .otherwise(pl.col("_in_care_wd") <= p["first_wd"])
    )
    return m.proportion(
        df.filter(pl.col("_in_care_wd") >= p["first_wd"]),
        in_time,
        reason_if_empty="no children in care at R for 20 working days or more",
    )


@indicator("IR-20", needs=("cla_start", "cla_end", "permanence_plan"))
def ir20(m: Measure) -> Indicator:
    pop = _in_care(m, m.p["min_months"])
    plan = pl.col("permanence_plan")
    out = m.proportion(
        pop, plan.is_not_null(), reason_if_empty="no children in care at R for 4 months or more"
    )
    out.detail["plan_mix"] = _tally(pop.filter(plan.is_not_null()), plan)
    return out


@indicator("IR-21", needs=("cla_start", "cla_end", "placements_12m"))
def ir21(m: Measure) -> Indicator:
    hit = pl.col("placements_12m") >= m.p["min_placements"]
    return m.proportion(_in_care(m), hit, reason_if_empty=IN_CARE)


@indicator("IR-22", needs=("cla_start", "cla_end", "placement_start", "dob"))
def ir22(m: Measure) -> Indicator:
    p = m.p
    pop = _in_care(m).filter(
        (age_at(pl.col("dob"), m.R) < p["under_age"])
        & (pl.col("cla_start") <= shift_months(m.R, -p["in_care_months"]))
    )
    return m.proportion(
        pop,
        pl.col("placement_start") <= shift_years(m.R, -p["placement_years"]),
        reason_if_empty="no children under 16 in care for 2.5 years or more",
    )


@indicator("IR-23", "W12")
def ir23(m: Measure) -> Indicator:
    return m.unavailable(
        "needs SSDA903 social worker episodes or two or more Annex A snapshots; a single "
        "Annex A extract holds only the current allocated worker"
    )


IN_CARE_12M = "no children in care at R for 12 months or more"


@indicator("IR-24", needs=("cla_start", "cla_end", "health_assessment", "dob"))
def ir24(m: Measure) -> Indicator:
    """Assessed within young_months when under young_age at R, else within older_months; over
    children in care in_care_months or more, with the variant over variant_wd working days."""
    p, R = m.p, m.R
    young = (age_at(pl.col("dob"), R) < p["young_age"]).fill_null(False)
    recent = (
        pl.when(young)
        .then(_recent("health_assessment", R, p["young_months"]))
        .otherwise(_recent("health_assessment", R, p["older_months"]))
    )
    pop = _in_care(m, p["in_care_months"])
    head = m.proportion(pop, recent, reason_if_empty=IN_CARE_12M)
    in_care = _in_care(m)
    settled = in_care.filter(working_days_to(in_care["cla_start"], R) >= p["variant_wd"])
    head.sub_measures = [
        _sub("a", "in care 12 months or more: health assessment up to date", head, None),
        _sub(
            "under_5",
            "of those, under 5: assessed in the last 6 months",
            m.proportion(pop.filter(young), recent),
            benchmark_for(m.id, "under5_development"),
        ),
        _sub(
            "in_care_20wd",
            "in care 20 working days or more: health assessment up to date",
            m.proportion(settled, recent),
            None,
        ),
    ]
    return head


@indicator("IR-25", needs=("cla_start", "cla_end", "dental_check"))
def ir25(m: Measure) -> Indicator:
    p = m.p
    return m.proportion(
        _in_care(m, p["in_care_months"]),
        _recent("dental_check", m.R, p["within_months"]),
        reason_if_empty=IN_CARE_12M,
    )


@indicator("IR-27", "W12", needs=("cla_start", "missing_12m"))
def ir27(m: Measure) -> Indicator:
    """(a) Children in List 8 (the latest row of each) missing at least once in 12 months;
    (b) of those, offered a return interview after the last episode, and of those offered,
    accepted."""
    children = _latest(m.frame)
    missing = pl.col("missing_12m") >= m.p["min_missing"]
    head = m.proportion(children, missing, reason_if_empty="no children in List 8")
    went = children.filter(missing.fill_null(False))
    offered = pl.col("ri_offered")
    head.sub_measures = [
        _sub("a", "children missing from placement in the last 12 months", head, head.benchmark),
        _part(
            m,
            "b_offered",
            "of those, offered a return interview after the last episode",
            ("ri_offered",),
            lambda: m.proportion(went, offered, reason_if_empty="no child went missing"),
        ),
        _part(
            m,
            "b_accepted",
            "of those offered, accepted the return interview",
            ("ri_offered", "ri_accepted"),
            lambda: m.proportion(
                went.filter(offered.fill_null(False)),
                pl.col("ri_accepted"),
                reason_if_empty="no return interview was offered",
            ),
        ),
    ]
    return head


@indicator("IR-28", needs=("cla_start", "cla_end", "placement_location"))
def ir28(m: Measure) -> Indicator:
    """(a) Children in care at R placed outside the LA boundary (context); (b) children in
    other placements (Z1, Z11-Z14) and children under 16 in K3/H5/P2: both should be none."""
    df = _in_care(m)
    out_of_area = pl.col("placement_location").is_in(codes("placement_location", "out_of_area"))
    head = m.proportion(df, out_of_area, reason_if_empty=IN_CARE)
    head.detail["location_not_recorded"] = df["placement_location"].null_count()
    placed = pl.col("placement_type").is_in
    under = (age_at(pl.col("dob"), m.R) < m.p["under_age"]).fill_null(False)
    head.sub_measures = [
        _sub("a", "placed outside the LA boundary", head, head.benchmark),
        _part(
            m,
            "b_other_placements",
            "in other placements (Z1, Z11-Z14): should be none",
            ("placement_type",),
            lambda: m.proportion(df, placed(codes("placement_type", "other"))),
        ),
        _part(
            m,
            "b_under_16_unregulated_type",
            "under 16 in supported or independent accommodation (K3, H5, P2): should be none",
            ("placement_type", "dob"),
            lambda: m.proportion(df, placed(codes("placement_type", "not_under_16")) & under),
        ),
    ]
    return head


# --- D. care leavers -------------------------------------------------------------------------


def _leavers(m: Measure, ages: tuple[int, int] | None = None) -> pl.DataFrame:
    df = m.frame.unique("child_id", keep="last", maintain_order=True)
    if ages:
        df = df.filter(age_at(pl.col("dob"), m.R).is_between(*ages))
    return df


def _alive(m: Measure, df: pl.DataFrame) -> pl.DataFrame:
    return df.filter(~pl.col("in_touch").is_in(codes("in_touch", "died")).fill_null(False))


def _in_touch() -> pl.Expr:
    return pl.col("in_touch").is_in(codes("in_touch", "yes"))


@indicator("IR-29", needs=("in_touch", "dob"))
def ir29(m: Measure) -> Indicator:
    p, left_out = m.p, codes("in_touch", "not_counted")
    people = _leavers(m, (p["min_age"], p["max_age"]))
    shown_apart = people.filter(pl.col("in_touch").is_in(codes("in_touch", "reported_apart")))
    counted = ~pl.col("in_touch").is_in(left_out).fill_null(False)
    out = m.proportion(
        people.filter(counted), _in_touch(), reason_if_empty="no care leavers in the age band"
    )
    out.detail["left_out_nreq_rhom"] = shown_apart.height
    for label, ages in p["bands"].items():
        sub = m.proportion(_leavers(m, tuple(ages)).filter(counted), _in_touch())
        out.sub_measures.append(_sub(f"aged_{label}", f"in touch, aged {label}", sub, None))
    return out


@indicator("IR-30", needs=("in_touch", "latest_contact", "pathway_review", "pa"))
def ir30(m: Measure) -> Indicator:
    p = m.p
    everyone = _alive(m, _leavers(m))
    recent = pl.col("latest_contact") >= m.R - dt.timedelta(weeks=p["contact_weeks"])
    head = m.proportion(
        everyone.filter(_in_touch()), recent, reason_if_empty="no care leavers in touch"
    )
    reviewed = pl.col("pathway_review") >= shift_months(m.R, -p["pathway_months"])
    b = m.proportion(everyone, reviewed)
    c = m.proportion(everyone, pl.col("pa").is_not_null())
    head.sub_measures = [
        _sub("a", "in touch with a contact in the last 8 weeks", head, None),
        _sub("b", "pathway plan reviewed in the last 6 months", b, None),
        _sub("c", "with a named personal adviser", c, None),
    ]
    return head


@indicator("IR-31", needs=("activity", "suitability", "dob"))
def ir31(m: Measure) -> Indicator:
    assert m.ld is not None
    people = _leavers(m, (m.p["min_age"], m.p["max_age"]))
    if m.ld.has("in_touch"):
        people = _alive(m, people)
    eet = pl.col("activity").is_in(codes("activity", "eet"))
    head = m.proportion(people, eet, reason_if_empty="no care leavers in the age band")
    suitable = m.proportion(people, pl.col("suitability") == "Suitable")
    head.sub_measures = [
        _sub("eet", "in education, employment or training", head, benchmark_for(m.id)),
        _sub(
            "suitable_accommodation",
            "in suitable accommodation",
            suitable,
            benchmark_for(m.id, "suitable_accommodation"),
        ),
    ]
    return head


# --- F. workforce ----------------------------------------------------------------------------


def _open_cases(m: Measure) -> pl.DataFrame:
    """Cases open at R on each list of the indicator that has an allocated-worker column."""
    ctx = m.ctx
    still_open = {
        3: in_window(pl.col("referral_date"), ctx.w6, ctx.R)
        & ~pl.col("referral_nfa").fill_null(False),
        4: open_at(pl.col("assessment_end"), ctx.R),
        5: pl.col("icpc_date").is_null() & pl.col("icpc_unnecessary").is_null(),
        6: open_at(pl.col("cin_end"), ctx.R),
        7: open_at(pl.col("cp_end"), ctx.R),
        8: open_at(pl.col("cla_end"), ctx.R),
        9: ~pl.col("in_touch").is_in(codes("in_touch", "died")).fill_null(False),
    }
    parts = [
        ld.frame.filter(still_open[n]).select("child_id", "worker", pl.lit(n).alias("list"))
        for n in m.cfg["lists"]
        if (ld := ctx.wb.get(n)) is not None and ld.has("worker")
    ]
    return pl.concat(parts) if parts else pl.DataFrame()


def _no_worker_column(m: Measure) -> str:
    lists = m.cfg["lists"]
    return f"no open cases with an allocated worker column (Lists {lists[0]}-{lists[-1]})"


def _unallocated() -> pl.Expr:
    placeholders = indicator_config()["unallocated_placeholders"]
    return pl.col("worker").is_null() | worker_key(pl.col("worker")).is_in(placeholders)


@indicator("IR-34")
def ir34(m: Measure) -> Indicator:
    cases = _open_cases(m)
    if cases.height == 0:
        return m.unavailable(_no_worker_column(m))
    allocated = cases.filter(~_unallocated()).with_columns(worker_key(pl.col("worker")).alias("w"))
    per = allocated.group_by("w").agg(pl.col("child_id").n_unique().alias("k"))
    if per.height == 0:
        return m.unavailable("no open case has a named worker")
    total, workers = int(per["k"].sum()), per.height
    threshold = m.p["threshold"]
    over = allocated.join(per.filter(pl.col("k") > threshold), on="w")
    detail = {
        "median": float(_number(per["k"].median())),
        "max": int(_number(per["k"].max())),
        "workers_over_threshold": int((per["k"] > threshold).sum()),
        "threshold": threshold,
    }
    return m.measured(total / workers, total, workers, _ids(over), digits=2, detail=detail)


@indicator("IR-35")
def ir35(m: Measure) -> Indicator:
    cases = _open_cases(m)
    if cases.height == 0:
        return m.unavailable(_no_worker_column(m))
    children = (
        cases.group_by("child_id")
        .agg((~_unallocated()).any().alias("allocated"))
        .filter(pl.col("child_id").is_not_null())
    )
    return m.proportion(children, ~pl.col("allocated"))


def compute(ctx: Context, ids: list[str] | None = None) -> list[Indicator]:
    out = []
    for ind_id in ids or INDICATORS:
        try:
            out.append(INDICATORS[ind_id](ctx))
        except Exception as exc:  # noqa: BLE001 - one failure must not hide the others
            reason = f"could not be computed: {exc}"
            out.append(Measure(ind_id, ctx, "R").unavailable(reason))
    return out
