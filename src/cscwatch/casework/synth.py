"""Seeded generator of internally consistent synthetic Annex A workbooks (never real children).

A child's referral, assessment, S47, CP plan, care episode and care-leaving status fit together in
time and agree across lists (same date of birth, gender and ethnicity everywhere). Sizes and rates
come from ``data/annex_a/synthetic.yaml``. ``inject`` adds one kind of data-quality fault per rule
so the checks can be tested. Everything is vectorised with NumPy so the national size (about a
million rows) takes seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import polars as pl
import yaml

from cscwatch.casework.frames import shift_months
from cscwatch.casework.layout import DATA_PACKAGE, code_sets, layouts
from cscwatch.casework.workdays import bank_holidays

DEFAULT_AS_OF = dt.date(2026, 10, 31)
EMPTY = {"date": pl.Date, "dob": pl.Date, "yn": pl.Boolean, "int": pl.Int64, "age": pl.Int64}


@cache
def settings() -> dict:
    text = resources.files(DATA_PACKAGE).joinpath("synthetic.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def sizes() -> list[str]:
    return list(settings()["sizes"])


@dataclass
class Synthetic:
    """Typed frames keyed by layout key, plus the reference date they were made for."""

    as_of: dt.date
    lists: dict[int, pl.DataFrame]
    title_rows: dict[int, int]
    blank_rows: dict[int, int]

    @property
    def rows(self) -> int:
        return sum(df.height for df in self.lists.values())


class _Gen:
    def __init__(self, size: str, seed: int, as_of: dt.date):
        self.rng = np.random.default_rng(seed)
        self.n = settings()["sizes"][size]
        self.p = settings()["rates"]
        self.R = np.datetime64(as_of, "D")
        self.w6 = np.datetime64(shift_months(as_of, -6), "D")
        self.w12 = np.datetime64(shift_months(as_of, -12), "D")
        self.next_id = 1
        self.cal = np.busdaycalendar(weekmask="1111100", holidays=bank_holidays())

    # -- primitives --------------------------------------------------------------------------
    def ids(self, k: int) -> np.ndarray:
        out = np.array([f"C{i:08d}" for i in range(self.next_id, self.next_id + k)])
        self.next_id += k
        return out

    def days(self, lo, hi, k: int) -> np.ndarray:
        lo = np.broadcast_to(np.asarray(lo, dtype="datetime64[D]"), (k,)).astype(np.int64)
        hi = np.broadcast_to(np.asarray(hi, dtype="datetime64[D]"), (k,)).astype(np.int64)
        span = np.maximum(hi - lo, 0) + 1
        return (lo + (self.rng.random(k) * span).astype(np.int64)).astype("datetime64[D]")

    def yes(self, rate: float, k: int) -> np.ndarray:
        return self.rng.random(k) < rate

    def choice(self, options, k: int, p=None) -> np.ndarray:
        options = list(options)
        if p is not None:
            p = np.asarray(p, dtype=float) / np.sum(p)
        return np.asarray(options, dtype=object)[self.rng.choice(len(options), size=k, p=p)]

    def mix(self, name: str, k: int) -> np.ndarray:
        """``k`` values drawn from a mix of ``synthetic.yaml``: weighted, or a list drawn evenly."""
        spec = settings()["mixes"][name]
        if isinstance(spec, dict):
            return self.choice(spec, k, p=list(spec.values()))
        return self.choice(spec, k)

    def ints(self, lo: int, hi: int, k: int) -> np.ndarray:
        return self.rng.integers(lo, hi + 1, size=k)

    def soon_after(self, dates: pl.Series, days: int) -> np.ndarray:
        """Each date plus 0 to ``days`` days, never after R."""
        later = dates.to_numpy().astype("datetime64[D]") + self.ints(0, days, len(dates))
        return np.minimum(later.astype("datetime64[D]"), self.R)

    def share(self, base: pl.DataFrame, rate: str) -> pl.DataFrame:
        """The rows of ``base`` kept with the probability of a rate of ``synthetic.yaml``."""
        return base.filter(pl.Series(self.yes(self.p[rate], base.height)))

    def wd_after(self, start: np.ndarray, wd: np.ndarray) -> np.ndarray:
        return np.busday_offset(start, wd, roll="forward", busdaycal=self.cal)

    def people(self, k: int, min_age: float, max_age: float) -> dict[str, np.ndarray]:
        ids = self.ids(k)
        age_days = (self.rng.uniform(min_age, max_age, k) * 365.25).astype(np.int64)
        dob = self.R - age_days.astype("timedelta64[D]")
        gender = self.mix("gender", k)
        ethnicity = self.mix("ethnicity", k)
        return {"child_id": ids, "dob": dob, "gender": gender, "ethnicity": ethnicity}

    def workers(self, k: int, prefix: str) -> tuple[np.ndarray, np.ndarray]:
        n_workers = max(1, k // int(self.p["caseload"]))
        number = self.ints(1, n_workers, k)
        worker = np.array([f"{prefix} Worker {i:04d}" for i in number], dtype=object)
        worker[self.yes(self.p["unallocated"], k)] = None
        team = np.array([f"{prefix} Team {i % 12 + 1}" for i in number], dtype=object)
        return team, worker


def _s(name: str, values, dtype=None) -> pl.Series:
    """Series from a NumPy array; object arrays (values with None) go through Python lists."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "OU":
        values = values.tolist()
    if dtype is None and isinstance(values, list) and any(isinstance(v, bool) for v in values[:50]):
        dtype = pl.Boolean
    return pl.Series(name, values, dtype=dtype)


def _frame(cols: dict[str, object]) -> pl.DataFrame:
    out = {}
    for key, values in cols.items():
        arr = np.asarray(values)
        if arr.dtype.kind == "M":
            out[key] = pl.Series(key, arr.astype("datetime64[D]")).cast(pl.Date)
        elif arr.dtype.kind == "U":
            out[key] = _s(key, arr.astype(object), dtype=pl.Utf8)
        else:
            out[key] = _s(key, arr)
    return pl.DataFrame(out)


def _nat(k: int) -> np.ndarray:
    return np.full(k, np.datetime64("NaT"), dtype="datetime64[D]")


# "No value" for np.where in object arrays: the 0-d object array np.where makes of a bare None
# (numpy's stubs do not take None as an array-like).
_NULL = np.array(None, dtype=object)


def _where(mask, a, b):
    return np.where(mask, a, b)


def _age(g: _Gen, dob: np.ndarray) -> np.ndarray:
    return ((g.R - dob).astype(np.int64) / 365.2425).astype(np.int64)


def _with_person(people: dict[str, np.ndarray], idx: np.ndarray | None = None) -> dict:
    take = (lambda a: a) if idx is None else (lambda a: a[idx])
    return {k: take(v) for k, v in people.items()}


# --- front door ------------------------------------------------------------------------------


def _front_door(g: _Gen) -> dict[int, pl.DataFrame]:
    n, p = g.n, g.p
    pool = g.people(max(1, int(n["contacts"] / 1.6)), 1, 17.5)
    k1 = n["contacts"]
    who = g.rng.integers(0, len(pool["child_id"]), k1)
    contacts = _with_person(pool, who) | {"contact_date": g.days(g.w6 + 1, g.R, k1)}
    contacts["contact_source"] = g.mix("contact_source", k1)
    l1 = _frame(contacts).unique(["child_id", "contact_date"], keep="first", maintain_order=True)
    # referrals: one per sampled contact, a few days later, never after R
    k3 = min(n["referrals"], l1.height)
    ref = l1.sample(k3, seed=int(g.rng.integers(1 << 30)))
    ref_date = g.soon_after(ref["contact_date"], 3)
    prior = _where(g.yes(p["re_referral"], k3), g.ints(1, 3, k3), 0)
    team, worker = g.workers(k3, "Front Door")
    nfa = g.yes(p["referral_nfa"], k3)
    l3 = (
        ref.select("child_id", "gender", "ethnicity", "dob")
        .with_columns(
            _frame({"referral_date": ref_date}).to_series(),
            ref["contact_source"].alias("referral_source"),
            _s("referral_nfa", nfa),
            _s("prior_referrals", prior),
            _s("team", team, dtype=pl.Utf8),
            _s("worker", worker, dtype=pl.Utf8),
        )
        .unique(["child_id", "referral_date"], keep="first", maintain_order=True)
    )
    return {1: l1, 3: l3}


def _assessments(g: _Gen, l3: pl.DataFrame) -> pl.DataFrame:
    p = g.p
    base = g.share(l3.filter(~pl.col("referral_nfa")), "assessed")
    k = base.height
    start = g.soon_after(base["referral_date"], 5)
    in_time = g.yes(p["assessment_in_45wd"], k)
    wd = _where(in_time, g.ints(5, 45, k), g.ints(46, 90, k))
    end = g.wd_after(start, wd)
    end = _where(end > g.R, _nat(k), end)
    done = ~np.isnat(end)
    return (
        base.select("child_id", "gender", "ethnicity", "dob", "team", "worker")
        .with_columns(
            *_frame({"assessment_start": start, "assessment_end": end}).get_columns(),
            _s("seen", g.yes(p["child_seen"], k)),
            _s("needs_support", np.where(done, g.yes(p["needs_support"], k), _NULL)),
            _s("disability", g.yes(p["disability"]["assessment"], k)),
        )
        .unique(["child_id", "assessment_start"], keep="first", maintain_order=True)
    )


def _s47(g: _Gen, l4: pl.DataFrame) -> pl.DataFrame:
    p = g.p
    base = g.share(l4.unique("child_id", keep="first").sort("child_id"), "s47")
    k = base.height
    start = g.soon_after(base["assessment_start"], 3)
    held = g.yes(p["icpc"], k)
    wd = _where(g.yes(p["icpc_in_15wd"], k), g.ints(3, 15, k), g.ints(16, 30, k))
    icpc = _where(held, g.wd_after(start, wd), _nat(k))
    ongoing = held & (icpc > g.R)
    icpc = _where(ongoing, _nat(k), icpc)
    recent = start > g.R - np.timedelta64(10, "D")
    unnecessary = np.where(held, False, np.where(recent, _NULL, True))
    unnecessary = np.where(ongoing, _NULL, unnecessary)
    plan = np.where(np.isnat(icpc), _NULL, g.yes(p["icpc_plan"], k))
    return base.select(
        "child_id", "gender", "ethnicity", "dob", "disability", "team", "worker"
    ).with_columns(
        *_frame({"s47_start": start, "icpc_date": icpc}).get_columns(),
        _s("icpc_unnecessary", unnecessary, dtype=pl.Boolean),
        _s("icpc_plan", plan, dtype=pl.Boolean),
        _s("prior_s47", _where(g.yes(p["prior_s47"], k), 1, 0)),
        _s("prior_icpc", _where(g.yes(p["prior_icpc"], k), 1, 0)),
    )


# --- child protection --------------------------------------------------------------------------


def _cp_plans(g: _Gen, l5: pl.DataFrame) -> pl.DataFrame:
    p = g.p
    new = l5.filter(
        pl.col("icpc_plan").fill_null(False) & (pl.col("icpc_date") <= g.R.astype(dt.date))
    )
    new = new.select(
        "child_id",
        "gender",
        "ethnicity",
        "dob",
        "disability",
        "team",
        "worker",
        pl.col("icpc_date").alias("cp_start"),
    )
    k = g.n["cp_existing"]
    old = g.people(k, 1, 16)
    long_plan = g.yes(p["cp_over_two_years"], k)
    start_lo = np.maximum(old["dob"], g.R - np.timedelta64(900, "D"))
    start = _where(
        long_plan,
        g.days(g.R - np.timedelta64(1000, "D"), g.R - np.timedelta64(740, "D"), k),
        g.days(start_lo, g.w6, k),
    )
    start = np.maximum(start, old["dob"])
    team, worker = g.workers(k, "Safeguarding")
    old_df = _frame(old | {"cp_start": start}).with_columns(
        _s("disability", g.yes(p["disability"]["cp_existing"], k)),
        _s("team", team, dtype=pl.Utf8),
        _s("worker", worker, dtype=pl.Utf8),
    )
    plans = pl.concat([new, old_df], how="diagonal_relaxed")
    m = plans.height
    start = plans["cp_start"].to_numpy().astype("datetime64[D]")
    ended = g.yes(p["cp_ended_in_w6"], m) & (start < g.w6)
    end = _where(ended, g.days(np.maximum(start + 1, g.w6 + 1), g.R - 1, m), _nat(m))
    last = _where(ended, end, np.full(m, g.R))
    in_time = g.yes(p["cp_visit_in_10wd"], m)
    visit_back = _where(in_time, g.ints(0, 10, m), g.ints(11, 30, m))
    visit = np.busday_offset(last, -visit_back, roll="backward", busdaycal=g.cal)
    visit = np.maximum(visit, start)
    review = _cp_review(g, start, last)
    return plans.with_columns(
        *_frame({"cp_end": end, "cp_last_visit": visit, "cp_review": review}).get_columns(),
        _s("initial_category", g.mix("abuse_category", m), dtype=pl.Utf8),
        _s("seen_alone", g.yes(p["cp_seen_alone"], m)),
        _s("epo", g.yes(p["epo"], m)),
        _s("previous_plans", _where(g.yes(p["cp_previous_plan"], m), g.ints(1, 2, m), 0)),
    ).with_columns(pl.col("initial_category").alias("latest_category"))


def _cp_review(g: _Gen, start: np.ndarray, last: np.ndarray) -> np.ndarray:
    first = (start.astype("datetime64[M]") + 3).astype("datetime64[D]") + (
        start - start.astype("datetime64[M]").astype("datetime64[D]")
    )
    months = np.maximum(((last - first).astype(np.int64) // 182), 0)
    review = first + (months * 182).astype("timedelta64[D]")
    return _where(first <= last, review, _nat(len(start)))


# --- children in care, care leavers, adoption -------------------------------------------------


def _cla(g: _Gen) -> pl.DataFrame:
    p, k = g.p, g.n["cla"]
    kids = g.people(k, 0.3, 17.9)
    dob = kids["dob"]
    start = g.days(dob, g.R - np.timedelta64(8, "D"), k)
    ceased = g.yes(p["cla_ceased_in_w6"], k) & (start < g.w6)
    end = _where(ceased, g.days(g.w6 + 1, g.R - 1, k), _nat(k))
    last = _where(ceased, end, np.full(k, g.R))
    long_in_care = (g.R - start).astype(np.int64) > 913
    stable = long_in_care & g.yes(p["cla_long_term_stable"], k)
    place_start = _where(
        stable,
        g.days(start, g.R - np.timedelta64(731, "D"), k),
        g.days(np.maximum(start, g.R - np.timedelta64(700, "D")), last, k),
    )
    place_start = np.maximum(place_start, start)
    placements = _where(g.yes(p["cla_3plus_placements"], k), g.ints(3, 5, k), g.ints(1, 2, k))
    visit_ok = g.yes(p["cla_visit_in_time"], k)
    visit = _where(
        visit_ok,
        np.maximum(last - g.ints(0, 40, k).astype("timedelta64[D]"), place_start),
        last - g.ints(50, 120, k).astype("timedelta64[D]"),
    )
    visit = np.maximum(visit, start)
    review = np.maximum(last - g.ints(0, 170, k).astype("timedelta64[D]"), start)
    health = np.maximum(last - g.ints(0, 330, k).astype("timedelta64[D]"), start)
    dental = np.maximum(last - g.ints(0, 360, k).astype("timedelta64[D]"), start)
    types = g.mix("placement_type", k)
    out = g.yes(p["cla_out_of_area"], k)
    exempt = set(code_sets()["placement_type"].extra["urn_exempt"])
    urn = np.array(
        [
            None if t in exempt else f"SC{n:06d}"
            for t, n in zip(types, g.ints(100000, 999999, k), strict=True)
        ],
        dtype=object,
    )
    missing = _where(g.yes(p["cla_missing"], k), g.ints(1, 6, k), 0)
    offered = np.where(missing > 0, g.yes(p["return_interview_offered"], k), _NULL)
    accepted = np.where(offered == True, g.yes(p["return_interview_accepted"], k), _NULL)  # noqa: E712
    reason = np.where(ceased, g.mix("reason_ceased", k), _NULL)
    team, worker = g.workers(k, "Children in Care")
    age = _age(g, dob)
    legal = g.mix("legal_status", k)
    plan = np.where(
        g.yes(p["cla_permanence_recorded"], k),
        g.mix("permanence_plan", k),
        _NULL,
    )
    return _frame(
        kids
        | {
            "cla_start": start,
            "cla_end": end,
            "placement_start": place_start,
            "legal_start": start,
            "cla_visit": visit,
            "cla_review": review,
            "iro_visit": review,
            "health_assessment": health,
            "dental_check": dental,
        }
    ).with_columns(
        _s("age", age),
        _s("uasc", g.yes(p["uasc"]["cla"], k)),
        _s("disability", g.yes(p["disability"]["cla"], k)),
        _s("category_of_need", g.mix("cla_category_of_need", k), dtype=pl.Utf8),
        _s("second_period", g.yes(p["second_period"], k)),
        _s("legal_status", legal, dtype=pl.Utf8),
        _s("permanence_plan", plan, dtype=pl.Utf8),
        _s("placements_12m", placements),
        _s("reason_ceased", reason, dtype=pl.Utf8),
        _s("placement_type", types, dtype=pl.Utf8),
        _s("placement_provider", g.mix("placement_provider", k), dtype=pl.Utf8),
        _s(
            "placement_postcode",
            [f"ZZ{a} {b}AB" for a, b in zip(g.ints(1, 99, k), g.ints(1, 9, k), strict=True)],
        ),
        _s("urn", urn, dtype=pl.Utf8),
        _s("placement_location", np.where(out, "Out", "In"), dtype=pl.Utf8),
        _s("placement_la", np.where(out, "Neighbourshire", "Synthshire"), dtype=pl.Utf8),
        _s("missing_12m", missing),
        _s("absent_12m", _where(g.yes(p["absent"], k), g.ints(1, 4, k), 0)),
        _s("ri_offered", offered, dtype=pl.Boolean),
        _s("ri_accepted", accepted, dtype=pl.Boolean),
        _s("team", team, dtype=pl.Utf8),
        _s("worker", worker, dtype=pl.Utf8),
    )


def _adoption(g: _Gen, l8: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Adopted children leave List 8 with E11/E12 and appear in List 10 with their orders."""
    k = g.n["adoption"]
    kids = g.people(k, 1, 6)
    dob = kids["dob"]
    order = g.days(g.w12 + 1, g.R - 1, k)
    adopted = g.yes(g.p["adopted"], k)
    placed = order - g.ints(60, 200, k).astype("timedelta64[D]")
    matched = placed - g.ints(5, 30, k).astype("timedelta64[D]")
    porder = matched - g.ints(30, 150, k).astype("timedelta64[D]")
    porder = _where(adopted, porder, g.days(g.w12 + 1, g.R - 1, k))
    decision = porder - g.ints(20, 90, k).astype("timedelta64[D]")
    entered = np.maximum(decision - g.ints(60, 300, k).astype("timedelta64[D]"), dob)
    decision = np.maximum(decision, entered)
    porder, matched = np.maximum(porder, decision), np.maximum(matched, decision)
    matched = np.maximum(matched, porder)
    placed = np.maximum(placed, matched)
    family = np.array([f"F{i:07d}" for i in range(k)])
    l10 = _frame(
        kids
        | {
            "entered_care": entered,
            "adm_decision": decision,
            "placement_order": porder,
            "matched": _where(adopted, matched, _nat(k)),
            "placed": _where(adopted, placed, _nat(k)),
            "adoption_order": _where(adopted, order, _nat(k)),
        }
    ).with_columns(
        _s("age", _age(g, dob)),
        _s("family_id", family),
        _s("disability", g.yes(g.p["disability"]["adoption"], k)),
    )
    # adopted children whose care ended in W6 also appear in List 8
    left = l10.filter(pl.col("adoption_order") > g.w6.astype(dt.date))
    left8 = left.select(
        "child_id",
        "gender",
        "ethnicity",
        "dob",
        "age",
        "disability",
        pl.col("entered_care").alias("cla_start"),
        pl.col("entered_care").alias("legal_start"),
        pl.col("adoption_order").alias("cla_end"),
        pl.col("placed").alias("placement_start"),
        pl.col("placed").alias("cla_visit"),
        pl.col("placed").alias("cla_review"),
        pl.col("placed").alias("iro_visit"),
        pl.col("placed").alias("health_assessment"),
        pl.col("placed").alias("dental_check"),
    ).with_columns(_fixed(k, v) for k, v in settings()["adopted_in_list_8"].items())
    l8 = pl.concat([l8, left8], how="diagonal_relaxed")
    return l8, l10


def _fixed(key: str, value: object) -> pl.Expr:
    """One value for every row: whole numbers as Int64, like the generated columns."""
    dtype = pl.Int64 if isinstance(value, int) and not isinstance(value, bool) else None
    return pl.lit(value, dtype=dtype).alias(key)


def _adopters(g: _Gen) -> pl.DataFrame:
    k = g.n["adopters"]
    who = g.people(k, 28, 50)
    enquiry = g.days(g.w12 - 200, g.R - 120, k)
    steps = [enquiry]
    for lo, hi in (
        (5, 30),
        (40, 70),
        (5, 20),
        (80, 130),
        (20, 60),
        (20, 120),
        (10, 40),
        (100, 200),
    ):
        steps.append(steps[-1] + g.ints(lo, hi, k).astype("timedelta64[D]"))
    keys = [
        "enquiry",
        "stage1_start",
        "stage1_end",
        "stage2_start",
        "stage2_end",
        "approved",
        "adopter_matched",
        "adopter_placed",
        "adopter_order",
    ]
    cols = {key: _where(d <= g.R, d, _nat(k)) for key, d in zip(keys, steps, strict=True)}
    cols["stage1_start"] = _where(np.isnat(cols["stage1_start"]), _nat(k), cols["stage1_start"])
    placed = ~np.isnat(cols["adopter_placed"])
    return _frame(
        {
            "child_id": np.array([f"A{i:07d}" for i in range(k)]),
            "gender": who["gender"],
            "ethnicity": who["ethnicity"],
        }
        | cols
    ).with_columns(
        _s("family_id", [f"AF{i:07d}" for i in range(k)]),
        _s("disability", g.yes(g.p["disability"]["adopters"], k)),
        _s("ffa", g.yes(g.p["ffa"], k)),
        _s("children_placed", np.where(placed, g.ints(1, 2, k), 0)),
        _s("application_submitted", cols["stage2_start"]),
    )


def _care_leavers(g: _Gen) -> pl.DataFrame:
    p, k = g.p, g.n["care_leavers"]
    yp = g.people(k, 17.05, 24.9)
    age = _age(g, yp["dob"])
    touch = np.where(
        g.yes(p["leaver_in_touch"], k),
        "YES",
        g.mix("not_in_touch", k),
    )
    yes = touch == "YES"
    recent = g.yes(p["leaver_contact_8w"], k)
    contact = _where(
        yes & recent,
        g.R - g.ints(0, 55, k).astype("timedelta64[D]"),
        g.R - g.ints(60, 150, k).astype("timedelta64[D]"),
    )
    contact = _where(np.isin(touch, ["DIED", "NREQ"]), _nat(k), contact)
    pathway = _where(
        g.yes(p["leaver_pathway_6m"], k),
        g.R - g.ints(0, 180, k).astype("timedelta64[D]"),
        g.R - g.ints(190, 360, k).astype("timedelta64[D]"),
    )
    eet = g.yes(p["leaver_eet"], k)
    activity = np.where(eet, g.mix("activity_eet", k), g.mix("activity_neet", k))
    accom = g.mix("accommodation", k)
    suitable = np.where(g.yes(p["leaver_suitable"], k), "Suitable", "Unsuitable")
    keep = yes | g.yes(p["leaver_details_recorded"], k)
    team, worker = g.workers(k, "Leaving Care")
    pa = np.where(g.yes(p["leaver_pa"], k), worker, _NULL)
    eligibility = np.where(age < 18, "RELEVANT", "FORMER")
    return _frame(yp | {"latest_contact": contact, "pathway_review": pathway}).with_columns(
        _s("age", age),
        _s("uasc", g.yes(p["uasc"]["care_leavers"], k)),
        _s("disability", g.yes(p["disability"]["care_leavers"], k)),
        _s("team", team, dtype=pl.Utf8),
        _s("worker", worker, dtype=pl.Utf8),
        _s("pa", pa, dtype=pl.Utf8),
        _s("eligibility", eligibility, dtype=pl.Utf8),
        _s("in_touch", touch, dtype=pl.Utf8),
        _s("accommodation", np.where(keep, accom, _NULL), dtype=pl.Utf8),
        _s("suitability", np.where(keep, suitable, _NULL), dtype=pl.Utf8),
        _s("activity", np.where(keep, activity, _NULL), dtype=pl.Utf8),
    )


def _early_help(g: _Gen) -> pl.DataFrame:
    k = g.n["early_help"]
    kids = g.people(k, 1, 17)
    start = g.days(g.w6 + 1, g.R, k)
    end = start + g.ints(10, 60, k).astype("timedelta64[D]")
    end = _where(end > g.R, _nat(k), end)
    orgs = g.mix("early_help_org", k)
    return _frame(kids | {"eh_start": start, "eh_end": end}).with_columns(
        _s("eh_org", orgs, dtype=pl.Utf8)
    )


# --- list 6: one row per child, highest status ------------------------------------------------


def _cin(g: _Gen, l4: pl.DataFrame, l7: pl.DataFrame, l8: pl.DataFrame) -> pl.DataFrame:
    p, R = g.p, g.R.astype(dt.date)
    person = ["child_id", "gender", "ethnicity", "dob", "disability", "team", "worker"]
    cla = l8.select(
        *person,
        (pl.col("cla_start")).alias("cin_start"),
        pl.col("cla_visit").alias("last_seen"),
        pl.col("cla_end").alias("cin_end"),
        pl.when(pl.col("cla_end").is_null())
        .then(pl.lit("CLA"))
        .otherwise(pl.lit("CLOSED"))
        .alias("case_status"),
        pl.when(pl.col("reason_ceased").is_in(["E11", "E12"]))
        .then(pl.lit("RC1"))
        .when(pl.col("cla_end").is_not_null())
        .then(pl.lit("RC7"))
        .alias("closure_reason"),
        pl.lit(0).alias("_rank"),
    )
    cp = l7.select(
        *person,
        pl.col("cp_start").alias("cin_start"),
        pl.col("cp_last_visit").alias("last_seen"),
        pl.lit(None, pl.Date).alias("cin_end"),
        pl.when(pl.col("cp_end").is_null())
        .then(pl.lit("CP"))
        .otherwise(pl.lit("CIN"))
        .alias("case_status"),
        pl.lit(None, pl.Utf8).alias("closure_reason"),
        pl.lit(1).alias("_rank"),
    )
    done = pl.col("assessment_end").is_not_null()
    asmt = l4.select(
        *person,
        pl.col("assessment_start").alias("cin_start"),
        pl.lit(None, pl.Date).alias("last_seen"),
        pl.when(done & ~pl.col("needs_support").fill_null(True))
        .then(pl.col("assessment_end"))
        .alias("cin_end"),
        pl.when(~done)
        .then(pl.lit("ASSESS"))
        .when(pl.col("needs_support").fill_null(True))
        .then(pl.lit("CIN"))
        .otherwise(pl.lit("CLOSED"))
        .alias("case_status"),
        pl.when(done & ~pl.col("needs_support").fill_null(True))
        .then(pl.lit("RC8"))
        .alias("closure_reason"),
        pl.lit(2).alias("_rank"),
    )
    k = g.n["cin_only"]
    kids = g.people(k, 1, 17)
    start = g.days(
        np.maximum(kids["dob"], g.R - np.timedelta64(700, "D")), g.R - np.timedelta64(30, "D"), k
    )
    team, worker = g.workers(k, "Children in Need")
    only = _frame(
        kids | {"cin_start": start, "last_seen": _nat(k), "cin_end": _nat(k)}
    ).with_columns(
        _s("disability", g.yes(p["disability"]["cin_only"], k)),
        _s("team", team, dtype=pl.Utf8),
        _s("worker", worker, dtype=pl.Utf8),
        pl.lit("CIN").alias("case_status"),
        pl.lit(None, pl.Utf8).alias("closure_reason"),
        pl.lit(3).alias("_rank"),
    )
    rows = pl.concat([cla, cp, asmt, only], how="diagonal_relaxed")
    rows = rows.sort("_rank", "cin_start", descending=[False, True]).unique(
        "child_id", keep="first", maintain_order=True
    )
    m = rows.height
    seen_ok = g.yes(p["cin_seen_in_42d"], m)
    seen = _where(
        seen_ok,
        g.R - g.ints(0, 40, m).astype("timedelta64[D]"),
        g.R - g.ints(45, 120, m).astype("timedelta64[D]"),
    )
    rows = rows.with_columns(
        pl.coalesce(
            pl.col("last_seen"),
            pl.max_horizontal(_frame({"s": seen}).to_series(), pl.col("cin_start")),
        ).alias("last_seen"),
        _s("primary_need", g.mix("primary_need", m), dtype=pl.Utf8),
    )
    rows = rows.with_columns(
        pl.min_horizontal("last_seen", pl.coalesce("cin_end", pl.lit(R))).alias("last_seen")
    )
    return rows.drop("_rank")


def _add_age(df: pl.DataFrame, R: dt.date) -> pl.DataFrame:
    if "dob" not in df.columns:
        return df
    from cscwatch.casework.frames import age_at

    return df.with_columns(age_at(pl.col("dob"), R).cast(pl.Int64).alias("age"))


def generate(size: str = "small", seed: int = 1, as_of: dt.date = DEFAULT_AS_OF) -> Synthetic:
    """A clean synthetic workbook (typed frames) for a council of the given size."""
    if size not in settings()["sizes"]:
        raise ValueError(f"size must be one of {', '.join(sizes())}")
    g = _Gen(size, seed, as_of)
    lists = _front_door(g)
    lists[2] = _early_help(g)
    lists[4] = _assessments(g, lists[3])
    lists[5] = _s47(g, lists[4])
    lists[7] = _cp_plans(g, lists[5])
    lists[8], lists[10] = _adoption(g, _cla(g))
    lists[9] = _care_leavers(g)
    lists[11] = _adopters(g)
    lists[6] = _cin(g, lists[4], lists[7], lists[8])
    out = {}
    for n in sorted(lists):
        df = _add_age(lists[n], as_of)
        out[n] = df.select(
            pl.col(c.key)
            if c.key in df.columns
            else pl.lit(None, EMPTY.get(c.type, pl.Utf8)).alias(c.key)
            for c in layouts()[n].columns
        )
    return Synthetic(as_of, out, {}, {})


# --- text and files ------------------------------------------------------------------------------


def _letters(n: int) -> list[str]:
    return [chr(ord("a") + i) if i < 26 else f"a{chr(ord('a') + i - 26)}" for i in range(n)]


def _labels(code_set: str) -> dict[str, str]:
    cs = code_sets()[code_set]
    display = cs.extra.get("display", "code")
    out = {}
    for letter, (code, label) in zip(_letters(len(cs.codes)), cs.codes.items(), strict=True):
        text = {"code": code, "label": label, "code_label": f"{code}: {label}"}[display]
        out[code] = f"{letter}) {text}"
    return out


def as_text(synthetic: Synthetic) -> dict[int, pl.DataFrame]:
    """Template-style text per list (dd/mm/yyyy dates, lettered labels), columns named by key."""
    out = {}
    for n, df in synthetic.lists.items():
        exprs = []
        for c in layouts()[n].columns:
            col = pl.col(c.key)
            if c.type in ("date", "dob"):
                expr = col.dt.strftime("%d/%m/%Y")
            elif c.type == "yn":
                expr = pl.when(col).then(pl.lit("a) Yes")).when(~col).then(pl.lit("b) No"))
            elif c.type == "code":
                expr = col.replace_strict(_labels(c.codes or ""), default=col, return_dtype=pl.Utf8)
            else:
                expr = col.cast(pl.Utf8)
            exprs.append(expr.cast(pl.Utf8).alias(c.key))
        out[n] = df.select(exprs)
    return out


def _headers(n: int, df: pl.DataFrame) -> list[str]:
    names = {c.key: c.header for c in layouts()[n].columns}
    return [names.get(col, col) for col in df.columns]


def write(
    frames: dict[int, pl.DataFrame], path: str | Path, title_rows: dict[int, int] | None = None
) -> Path:
    """Write text frames as an xlsx workbook (or, for a path without suffix, a folder of CSVs)."""
    path = Path(path)
    title_rows = title_rows or {}
    if path.suffix.lower() == ".xlsx":
        return _write_xlsx(frames, path, title_rows)
    if path.suffix.lower() == ".ods":
        raise ValueError("writing .ods is not supported; use .xlsx or a folder of CSVs")
    path.mkdir(parents=True, exist_ok=True)
    for n, df in frames.items():
        body = df.rename(dict(zip(df.columns, _headers(n, df), strict=True)))
        file = path / f"list_{n}.csv"
        with file.open("w", encoding="utf-8", newline="") as fh:
            for _ in range(title_rows.get(n, 0)):
                fh.write(f"Annex A List {n} (synthetic)\n")
            body.write_csv(fh)
    return path


def _write_xlsx(frames: dict[int, pl.DataFrame], path: Path, title_rows: dict[int, int]) -> Path:
    def rows(n: int, df: pl.DataFrame) -> Iterator[Sequence[str | None]]:
        for _ in range(title_rows.get(n, 0)):
            yield [f"Annex A List {n} (synthetic)"]
        yield _headers(n, df)
        yield from df.iter_rows()

    path.parent.mkdir(parents=True, exist_ok=True)
    return write_xlsx(path, {f"List {n}": rows(n, df) for n, df in frames.items()})


def write_xlsx(path: Path, sheets: dict[str, Iterable[Sequence[str | None]]]) -> Path:
    """The one place synth writes a workbook: every cell as text (never a formula or a
    number), None left empty. A file that cannot be written raises the OSError behind it."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write_string(r, c, value)
    try:
        book.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args else exc
        raise cause if isinstance(cause, OSError) else OSError(str(cause)) from None
    return path


def synthesise(
    size: str,
    seed: int,
    path: str | Path,
    faults: list[str] | None = None,
    as_of: dt.date = DEFAULT_AS_OF,
) -> tuple[Path, list[str]]:
    """Generate, optionally inject faults, and write; returns the path and the faults injected."""
    from cscwatch.casework.faults import inject

    synthetic = generate(size, seed, as_of)
    frames = as_text(synthetic)
    title_rows: dict[int, int] = {}
    done: list[str] = []
    if faults:
        frames, title_rows, done = inject(frames, faults, as_of, seed)
    return write(frames, path, title_rows), done
