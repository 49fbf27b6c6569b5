"""Data-quality rules of annex-a.md section 4, vectorised over Polars frames.

Each rule returns a frame of findings (list, row, column, rule, severity, message, child_id);
:func:`check` runs them all. A rule never raises for bad data and never stops the others:
an unexpected failure inside one rule becomes a finding of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextvars import ContextVar
from itertools import combinations

import polars as pl

from cscwatch.casework.frames import (
    Context,
    age_at,
    in_window,
    open_at,
    shift_months,
    shift_years,
)
from cscwatch.casework.layout import check_config, code_sets, layouts, rules
from cscwatch.casework.read import ListData, Workbook

FINDING_SCHEMA = {
    "list": pl.Utf8,
    "row": pl.Int64,
    "column": pl.Utf8,
    "rule": pl.Utf8,
    "severity": pl.Utf8,
    "message": pl.Utf8,
    "child_id": pl.Utf8,
}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


# child ID -> pseudonym while a pseudonymised check runs: findings then name children by it
_PSEUDONYMS: ContextVar[dict[str, str] | None] = ContextVar("pseudonyms", default=None)


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=FINDING_SCHEMA)


def _template(rule: str) -> tuple[list[str], list[str]]:
    parts = re.split(r"\{(\w+)\}", rules()[rule]["message"])
    return parts[0::2], parts[1::2]


def _as_text(value: object) -> pl.Expr:
    if isinstance(value, pl.Expr):
        return value.cast(pl.Utf8).fill_null("blank")
    if isinstance(value, dt.date):
        return pl.lit(value.strftime("%d/%m/%Y"))
    return pl.lit(str(value))


def message(rule: str, **values: object) -> pl.Expr:
    """The rule's message template with each {name} replaced by a value or expression."""
    texts, names = _template(rule)
    exprs: list[pl.Expr] = []
    for i, text in enumerate(texts):
        if text:
            exprs.append(pl.lit(text))
        if i < len(names):
            exprs.append(_as_text(values[names[i]]))
    return pl.concat_str(exprs)


def date_text(expr: pl.Expr) -> pl.Expr:
    return expr.dt.strftime("%d/%m/%Y")


def emit(
    offending: pl.DataFrame,
    rule: str,
    list_no: int | None,
    column: str | pl.Expr | None,
    **values: object,
) -> pl.DataFrame:
    """Turn offending rows into findings."""
    rows = offending
    if rows.height == 0:
        return empty()
    names = _PSEUDONYMS.get()
    if names is not None and "child_id" in rows.columns:
        # before the message is built, so a message names the child only by the pseudonym
        rows = rows.with_columns(pl.col("child_id").replace_strict(names, default=None))
    row = pl.col("_row") if "_row" in rows.columns else pl.lit(None)
    child = pl.col("child_id") if "child_id" in rows.columns else pl.lit(None)
    col = column if isinstance(column, pl.Expr) else pl.lit(column)
    values.setdefault("n", list_no if list_no is not None else "")
    values.setdefault("r", pl.col("_row") if "_row" in rows.columns else "")
    return rows.select(
        pl.lit(f"List {list_no}" if list_no else "").alias("list"),
        row.cast(pl.Int64).alias("row"),
        col.cast(pl.Utf8).alias("column"),
        pl.lit(rule).alias("rule"),
        pl.lit(rules()[rule]["severity"]).alias("severity"),
        message(rule, **values).alias("message"),
        child.cast(pl.Utf8).alias("child_id"),
    )


def dated(
    rows: pl.DataFrame,
    rule: str,
    ld: ListData,
    key: str,
    label: str | None = None,
    **values: object,
) -> pl.DataFrame:
    """Findings on the date in column ``key``: the column named by its header (or ``label``) as
    ``col``, the date as ``value``."""
    label = label or ld.layout.column(key).header
    return emit(rows, rule, ld.number, label, col=label, value=date_text(pl.col(key)), **values)


def one(
    rule: str, list_no: int | None = None, column: str | None = None, **values: object
) -> pl.DataFrame:
    """A single list-level finding (no row)."""
    values.setdefault("r", "")
    frame = pl.DataFrame({"_row": [None]}, schema={"_row": pl.Int64})
    return emit(frame, rule, list_no, column, **values)


def codes(code_set: str, group: str) -> list[str]:
    """A named group of codes from ``codes.yaml`` (e.g. the in-touch codes meaning not in touch)."""
    return code_sets()[code_set].extra[group]


def typed_raw(ld: ListData) -> pl.DataFrame:
    """Typed frame with the raw text of every column alongside as ``<key>__raw``."""
    raw = ld.raw.drop("_row").rename({c: f"{c}__raw" for c in ld.raw.columns if c != "_row"})
    return pl.concat([ld.frame, raw], how="horizontal")


# --- file and structure ---------------------------------------------------------------------


def structure(ctx: Context) -> list[pl.DataFrame]:
    out = [one("DQ-002", n, None, title=layouts()[n].title) for n in ctx.wb.missing_lists]
    for n, ld in ctx.wb.lists.items():
        found = "; ".join(ld.found_headers) or "none"
        for key in ld.missing_columns:
            column = ld.layout.column(key)
            if not column.optional:
                out.append(one("DQ-003", n, column.header, col=column.header, found=found))
        out += [one("DQ-004", n, col, col=col) for col in ld.extra_columns]
        if ld.header_row != 1:
            out.append(one("DQ-005", n, None, r=ld.header_row))
        if ld.blank_rows:
            out.append(one("DQ-006", n, None, k=ld.blank_rows))
    return out


# --- field values ---------------------------------------------------------------------------


def _bad_parse(ld: ListData, df: pl.DataFrame, key: str, rule: str, **extra: object):
    column = ld.layout.column(key)
    rows = df.filter(pl.col(f"{key}__raw").is_not_null() & pl.col(key).is_null())
    return emit(
        rows,
        rule,
        ld.number,
        column.header,
        col=column.header,
        value=pl.col(f"{key}__raw"),
        **extra,
    )


def field_values(ctx: Context, ld: ListData, df: pl.DataFrame) -> list[pl.DataFrame]:
    n, out = ld.number, []
    for c in ld.layout.columns:
        if not ld.has(c.key):
            continue
        if c.type in ("date", "dob"):
            out.append(_bad_parse(ld, df, c.key, "DQ-101"))
        elif c.type in ("int", "age"):
            out.append(_bad_parse(ld, df, c.key, "DQ-105"))
        elif c.type == "yn":
            out.append(_bad_parse(ld, df, c.key, "DQ-106"))
        elif c.type == "code":
            allowed = code_sets()[c.codes or ""].allowed()
            out.append(_bad_parse(ld, df, c.key, "DQ-104", codes=allowed))
        if c.mandatory:
            rows = df.filter(pl.col(f"{c.key}__raw").is_null())
            out.append(emit(rows, "DQ-107", n, c.header, col=c.header))
    if ld.has("child_id"):
        header = ld.layout.column("child_id").header
        blank = df.filter(pl.col("child_id").is_null())
        out.append(emit(blank, "DQ-102", n, header))
        odd = df.filter(
            pl.col("child_id").is_not_null()
            & ~pl.col("child_id").str.contains(check_config()["child_id_pattern"])
        )
        out.append(emit(odd, "DQ-103", n, header, value=pl.col("child_id")))
    out.append(_age_matches(ctx, ld, df))
    out.append(_not_stated_share(ld, df))
    return out


def _age_matches(ctx: Context, ld: ListData, df: pl.DataFrame) -> pl.DataFrame:
    if not (ld.has("age") and ld.has("dob")):
        return empty()
    calc = age_at(pl.col("dob"), ctx.R)
    rows = df.filter((pl.col("age") - calc).abs() > 1).with_columns(calc.alias("_calc"))
    header = ld.layout.column("age").header
    return emit(
        rows,
        "DQ-108",
        ld.number,
        header,
        value=pl.col("age"),
        dob=date_text(pl.col("dob")),
        calc=pl.col("_calc"),
    )


def _not_stated_share(ld: ListData, df: pl.DataFrame) -> pl.DataFrame:
    out = []
    for key in ("gender", "ethnicity"):
        if not ld.has(key) or df.height == 0:
            continue
        not_stated = code_sets()[ld.layout.column(key).codes or ""].extra.get("not_stated", [])
        share = df.select((pl.col(key).is_in(not_stated) | pl.col(key).is_null()).mean()).item()
        if share > check_config()["not_stated_share"]:
            out.append(
                one(
                    "DQ-111",
                    ld.number,
                    ld.layout.column(key).header,
                    value=f"{100 * share:.1f}",
                    col=key,
                )
            )
    return pl.concat(out) if out else empty()


# --- date logic -----------------------------------------------------------------------------


def event_dates(ctx: Context, ld: ListData, df: pl.DataFrame) -> list[pl.DataFrame]:
    out = []
    conceived = pl.col("dob") - pl.duration(days=check_config()["prebirth_days"])
    for c in ld.layout.columns:
        if not (c.event and ld.has(c.key)):
            continue
        out.append(dated(df.filter(pl.col(c.key) > ctx.R), "DQ-201", ld, c.key, R=ctx.R))
        if ld.has("dob"):
            early = df.filter(pl.col(c.key) < conceived)
            out.append(dated(early, "DQ-202", ld, c.key, dob=date_text(pl.col("dob"))))
    out.append(_stale_visits(ctx, ld, df))
    return out


def _is_open(ctx: Context, ld: ListData) -> pl.Expr | None:
    """Open at R: the list's period has no end yet, or no code closes the case (``open_unless``)."""
    spec = ld.layout.rules
    if "period" in spec:
        return open_at(pl.col(spec["period"][1]), ctx.R)
    for key, group in spec.get("open_unless", {}).items():
        closing = codes(ld.layout.column(key).codes or "", group)
        return ~pl.col(key).is_in(closing).fill_null(False)
    return None


def _stale_visits(ctx: Context, ld: ListData, df: pl.DataFrame) -> pl.DataFrame:
    is_open = _is_open(ctx, ld)
    if is_open is None:
        return empty()
    stale = shift_years(ctx.R, -check_config()["stale_visit_years"])
    out = []
    for c in ld.layout.columns:
        if c.visit and ld.has(c.key):
            out.append(dated(df.filter(is_open & (pl.col(c.key) < stale)), "DQ-217", ld, c.key))
    return pl.concat(out) if out else empty()


def _is_set(ld: ListData, key: str) -> pl.Expr:
    """A Yes/No column answered Yes, or any other column filled in."""
    if ld.layout.column(key).type == "yn":
        return pl.col(key).fill_null(False)
    return pl.col(key).is_not_null()


def _window(ctx: Context, ld: ListData, df: pl.DataFrame) -> pl.DataFrame:
    """DQ-203: the list's date (``window_date``) falls before the list's window."""
    key = ld.layout.rules.get("window_date")
    if key is None:
        return empty()
    start = shift_months(ctx.R, -ld.layout.window_months)
    if key == "latest":
        keys = [c.key for c in ld.layout.columns if c.type == "date" and ld.has(c.key)]
        df = df.with_columns(pl.max_horizontal(*[pl.col(k) for k in keys]).alias("_latest"))
        key, label = "_latest", "latest date"
    else:
        label = None
    rows = df.filter(pl.col(key) <= start)
    if when_any := ld.layout.rules.get("window_when_any"):
        rows = rows.filter(pl.any_horizontal(_is_set(ld, k) for k in when_any))
    return dated(rows, "DQ-203", ld, key, label, **{"from": start, "R": ctx.R})


def _before(df: pl.DataFrame, end: str, start: str) -> pl.DataFrame:
    return df.filter(pl.col(end) < pl.col(start))


def ordering(ctx: Context, ld: ListData, df: pl.DataFrame) -> list[pl.DataFrame]:
    spec = ld.layout.rules
    out = [_window(ctx, ld, df)]
    if "order" in spec:
        start, end = spec["order"]
        out.append(
            emit(
                _before(df, end, start),
                "DQ-204",
                ld.number,
                ld.layout.column(end).header,
                value=date_text(pl.col(end)),
                start=date_text(pl.col(start)),
            )
        )
    if "period" in spec:
        out += _periods(ld, df)
    if "milestone_rule" in spec:
        out.append(_milestones(ld, df))
    if "counts_current" in spec:
        out.append(_current_counted(ld, df))
    return out


def _periods(ld: ListData, df: pl.DataFrame) -> list[pl.DataFrame]:
    start, end, *reason = ld.layout.rules["period"]
    header = ld.layout.column(end).header
    detail = pl.format(
        "end date {} is before start {}", date_text(pl.col(end)), date_text(pl.col(start))
    )
    out = [emit(_before(df, end, start), "DQ-207", ld.number, header, detail=detail)]
    for key in reason:
        unpaired = df.filter(pl.col(end).is_null() != pl.col(f"{key}__raw").is_null())
        out.append(
            emit(
                unpaired,
                "DQ-207",
                ld.number,
                ld.layout.column(key).header,
                detail="an end date needs a reason, and a reason needs an end date",
            )
        )
    return out


# --- rules of one list ----------------------------------------------------------------------


def _icpc(ctx: Context, ld: ListData, df: pl.DataFrame) -> list[pl.DataFrame]:
    h = ld.layout.column
    bad = df.filter(
        pl.col("icpc_unnecessary").fill_null(False)
        & (pl.col("icpc_date").is_not_null() | pl.col("icpc_plan").is_not_null())
    )
    return [
        emit(
            _before(df, "icpc_date", "s47_start"),
            "DQ-205",
            5,
            h("icpc_date").header,
            value=date_text(pl.col("icpc_date")),
            start=date_text(pl.col("s47_start")),
        ),
        emit(bad, "DQ-206", 5, h("icpc_unnecessary").header),
    ]


def _cp_dates(ctx: Context, ld: ListData, df: pl.DataFrame) -> list[pl.DataFrame]:
    """DQ-208: the latest review and visit fall inside the plan (a review also not after it)."""
    start, end = pl.col("cp_start"), pl.col("cp_end")
    plan_start, plan_end = date_text(start), date_text(end).fill_null("open")
    review, visit = pl.col("cp_review"), pl.col("cp_last_visit")
    return [
        dated(
            df.filter((review < start) | (review > end)),
            "DQ-208",
            ld,
            "cp_review",
            start=plan_start,
            end=plan_end,
        ),
        dated(
            df.filter(visit < start), "DQ-208", ld, "cp_last_visit", start=plan_start, end=plan_end
        ),
    ]


def _header(ld: ListData) -> Callable[[str], str]:
    return lambda key: ld.layout.column(key).header


def _placement(ctx: Context, ld: ListData, df: pl.DataFrame) -> list[pl.DataFrame]:
    h, cfg = _header(ld), check_config()
    pc = df.filter(
        pl.col("placement_postcode").is_not_null()
        & ~pl.col("placement_postcode").str.contains(cfg["postcode_pattern"])
    )
    la = pl.col("placement_la").str.to_uppercase().fill_null("")
    needs_urn = df.filter(
        pl.col("placement_type").is_not_null()
        & ~pl.col("placement_type").is_in(codes("placement_type", "urn_exempt"))
        & ~la.is_in(cfg["outside_england"])
        & pl.col("urn").is_null()
        & open_at(pl.col("cla_end"), ctx.R)
    )
    return [
        emit(pc, "DQ-109", 8, h("placement_postcode"), value=pl.col("placement_postcode")),
        emit(needs_urn, "DQ-110", 8, h("urn"), value=pl.col("placement_type")),
    ]


def _care_dates(ctx: Context, ld: ListData, df: pl.DataFrame) -> list[pl.DataFrame]:
    h = _header(ld)
    early = df.filter(
        (pl.col("placement_start") < pl.col("cla_start"))
        | (pl.col("legal_start") < pl.col("cla_start"))
    )
    in_care = open_at(pl.col("cla_end"), ctx.R)
    no_placement = df.filter(in_care & (pl.col("placements_12m") < 1))
    accepted = df.filter(
        pl.col("ri_accepted").fill_null(False) & ~pl.col("ri_offered").fill_null(False)
    )
    no_offer = df.filter((pl.col("missing_12m") > 0) & pl.col("ri_offered").is_null())
    return [
        emit(
            early,
            "DQ-209",
            8,
            h("placement_start"),
            p=date_text(pl.col("placement_start")),
            ls=date_text(pl.col("legal_start")),
            start=date_text(pl.col("cla_start")),
        ),
        emit(no_placement, "DQ-211", 8, h("placements_12m"), value=pl.col("placements_12m")),
        emit(accepted, "DQ-212", 8, h("ri_accepted")),
        emit(no_offer, "DQ-213", 8, h("ri_offered"), value=pl.col("missing_12m")),
    ]


def _care_leavers(ctx: Context, ld: ListData, df: pl.DataFrame) -> list[pl.DataFrame]:
    h, cfg = _header(ld), check_config()
    age = age_at(pl.col("dob"), ctx.R)
    low, high = cfg["care_leaver_ages"]
    weeks = cfg["care_leaver_contact_weeks"]
    checks = [
        (
            age.is_not_null() & ~age.is_between(low, high),
            h("dob"),
            pl.format(f"aged {{}} at the reference date; care leavers are {low} to {high}", age),
        ),
        (
            pl.col("in_touch").is_in(codes("in_touch", "yes"))
            & (pl.col("activity").is_null() | pl.col("accommodation").is_null()),
            h("in_touch"),
            pl.lit("in touch, but activity or accommodation is not recorded"),
        ),
        (
            pl.col("in_touch").is_in(codes("in_touch", "not_in_touch"))
            & (pl.col("latest_contact") > ctx.R - dt.timedelta(weeks=weeks)),
            h("latest_contact"),
            pl.lit(f"recorded as not in touch, but the latest contact is within {weeks} weeks"),
        ),
    ]
    return [emit(df.filter(cond), "DQ-214", 9, col, detail=detail) for cond, col, detail in checks]


# rules that belong to one list (its columns are named in them)
LIST_RULES: dict[
    int, tuple[Callable[[Context, ListData, pl.DataFrame], list[pl.DataFrame]], ...]
] = {
    5: (_icpc,),
    7: (_cp_dates,),
    8: (_placement, _care_dates),
    9: (_care_leavers,),
}


def list_rules(ctx: Context, ld: ListData, df: pl.DataFrame) -> list[pl.DataFrame]:
    return [found for rule in LIST_RULES.get(ld.number, ()) for found in rule(ctx, ld, df)]


def _milestones(ld: ListData, df: pl.DataFrame) -> pl.DataFrame:
    steps = sorted(
        (c for c in ld.layout.columns if c.milestone and ld.has(c.key)),
        key=lambda c: c.milestone or 0,
    )
    rule = ld.layout.rules["milestone_rule"]
    pairs = list(combinations(steps, 2))
    if not pairs:
        return empty()
    first_bad = pl.coalesce(
        *[pl.when(pl.col(a.key) > pl.col(b.key)).then(pl.lit(i)) for i, (a, b) in enumerate(pairs)]
    )
    rows = df.with_columns(first_bad.alias("_pair")).filter(pl.col("_pair").is_not_null())
    if rows.height == 0:
        return empty()
    a_name = pl.col("_pair").replace_strict({i: a.header for i, (a, _) in enumerate(pairs)})
    b_name = pl.col("_pair").replace_strict({i: b.header for i, (_, b) in enumerate(pairs)})
    a_date = pl.coalesce(
        *[pl.when(pl.col("_pair") == i).then(pl.col(a.key)) for i, (a, _) in enumerate(pairs)]
    )
    b_date = pl.coalesce(
        *[pl.when(pl.col("_pair") == i).then(pl.col(b.key)) for i, (_, b) in enumerate(pairs)]
    )
    return emit(
        rows,
        rule,
        ld.number,
        a_name,
        a=a_name,
        da=date_text(a_date),
        b=b_name,
        db=date_text(b_date),
    )


def _current_counted(ld: ListData, df: pl.DataFrame) -> pl.DataFrame:
    key = ld.layout.rules["counts_current"]
    values = df[key].drop_nulls()
    if values.len() == 0 or values.min() < 1:
        return empty()
    header = ld.layout.column(key).header
    return one("DQ-210", ld.number, header, col=header)


# --- uniqueness -----------------------------------------------------------------------------


def uniqueness(ctx: Context, ld: ListData, df: pl.DataFrame) -> list[pl.DataFrame]:
    n, unique = ld.number, ld.layout.rules.get("unique")
    ids = df.filter(pl.col("child_id").is_not_null())
    if unique == "child":
        dup = ids.group_by("child_id").agg(pl.len().alias("k"), pl.col("_row").min())
        dup = dup.filter(pl.col("k") > 1).sort("_row")
        header = ld.layout.column("child_id").header
        return [emit(dup, "DQ-301", n, header, id=pl.col("child_id"), k=pl.col("k"))]
    if isinstance(unique, list):
        (start,) = unique
        dup = ids.group_by("child_id", start).agg(pl.len().alias("k"), pl.col("_row").min())
        dup = dup.filter(pl.col("k") > 1).sort("_row")
        header = ld.layout.column(start).header
        value = date_text(pl.col(start))
        return [emit(dup, "DQ-302", n, header, id=pl.col("child_id"), value=value)]
    if unique == "row":
        cols = [c for c in ld.raw.columns if c != "_row"]
        dup = ld.raw.group_by(cols).agg(pl.col("_row").sort().alias("rows"), pl.len().alias("k"))
        dup = (
            dup.filter(pl.col("k") > 1)
            .with_columns(
                pl.col("rows").list.first().alias("_row"),
                pl.col("rows").cast(pl.List(pl.Utf8)).list.join(", ").alias("_rows"),
            )
            .sort("_row")
        )
        return [emit(dup, "DQ-303", n, None, rows=pl.col("_rows"))]
    return []


def across_lists(ctx: Context) -> list[pl.DataFrame]:
    out = []
    for key, label in (("dob", "dates of birth"), ("gender", "genders")):
        parts = [
            ld.frame.select(
                "child_id", pl.col(key).cast(pl.Utf8).alias("v"), pl.lit(n).alias("list")
            )
            for n, ld in ctx.wb.lists.items()
            if ld.layout.grain != "adopter" and ld.has(key)  # List 11 is of adopters
        ]
        if not parts:
            continue
        values = pl.concat(parts).drop_nulls()
        values = values.unique(["child_id", "v"], keep="first", maintain_order=True)
        values = values.sort("list", maintain_order=True)
        clash = (
            values.group_by("child_id", maintain_order=True)
            .agg(pl.col("v").head(2), pl.col("list").head(2))
            .filter(pl.col("v").list.len() > 1)
        )
        out.append(
            emit(
                clash,
                "DQ-304",
                None,
                key,
                id=pl.col("child_id"),
                col=label,
                a=pl.col("list").list.get(0),
                b=pl.col("list").list.get(1),
                va=pl.col("v").list.get(0),
                vb=pl.col("v").list.get(1),
            )
        )
    return out


# --- cross-list consistency ------------------------------------------------------------------


def _status(ctx: Context) -> pl.DataFrame | None:
    l6 = ctx.wb.get(6)
    if l6 is None:
        return None
    latest = l6.frame.sort("cin_start", nulls_last=False)
    return latest.group_by("child_id").agg(pl.col("case_status").last().alias("status"))


def _status_mismatch(
    ctx: Context,
    status: pl.DataFrame,
    frame: pl.DataFrame,
    end: str,
    wrong: pl.Expr,
    rule: str,
    list_no: int,
) -> pl.DataFrame:
    """Children open at the reference date on a list (``end`` unset or later) whose latest
    case status is ``wrong``; one finding per child."""
    current = frame.filter(open_at(pl.col(end), ctx.R)).unique("child_id", keep="first")
    rows = current.join(status, on="child_id", how="left").filter(wrong).sort("_row")
    return emit(
        rows,
        rule,
        list_no,
        layouts()[6].column("case_status").header,
        id=pl.col("child_id"),
        value=pl.col("status").fill_null("none"),
    )


def consistency(ctx: Context) -> list[pl.DataFrame]:
    wb, out = ctx.wb, []
    status = _status(ctx)
    l3, l4, l5, l7, l8, l10 = (wb.get(n) for n in (3, 4, 5, 7, 8, 10))
    if status is not None and l7 is not None:
        with_plan = check_config()["case_status_with_plan"]
        wrong = ~pl.col("status").is_in(with_plan).fill_null(False)
        out.append(_status_mismatch(ctx, status, l7.frame, "cp_end", wrong, "DQ-401", 7))
    if status is not None and l8 is not None:
        wrong = ~pl.col("status").is_in(check_config()["case_status_in_care"]).fill_null(False)
        out.append(_status_mismatch(ctx, status, l8.frame, "cla_end", wrong, "DQ-402", 8))
    if l5 is not None and l7 is not None:
        plans = l7.frame.select(
            "child_id", pl.col("cp_start").alias("icpc_date"), pl.lit(1).alias("_p")
        )
        icpc = l5.frame.filter(
            pl.col("icpc_plan").fill_null(False) & in_window(pl.col("icpc_date"), ctx.w6, ctx.R)
        )
        rows = icpc.join(plans.unique(), on=["child_id", "icpc_date"], how="left").filter(
            pl.col("_p").is_null()
        )
        out.append(
            emit(
                rows,
                "DQ-403",
                5,
                l5.layout.column("icpc_date").header,
                id=pl.col("child_id"),
                value=date_text(pl.col("icpc_date")),
            )
        )
    if l3 is not None and l4 is not None:
        referred = l3.frame.filter(in_window(pl.col("referral_date"), ctx.w12, ctx.R))
        rows = l4.frame.join(referred.select("child_id").unique(), on="child_id", how="anti")
        rows = rows.filter(pl.col("child_id").is_not_null()).unique("child_id", keep="first")
        header = l4.layout.column("child_id").header
        out.append(emit(rows.sort("_row"), "DQ-404", 4, header, id=pl.col("child_id")))
    if l8 is not None:
        out += _care_vs_adoption(ctx, l8, l10)
    out += _worker_variants(ctx)
    return out


def _care_vs_adoption(ctx: Context, l8: ListData, l10: ListData | None) -> list[pl.DataFrame]:
    out = []
    if l10 is not None:
        adopted = l10.frame.filter(pl.col("adoption_order").is_not_null()).select("child_id")
        adoption = codes("reason_ceased", "adopted")
        rows = l8.frame.filter(pl.col("reason_ceased").is_in(adoption)).join(
            adopted.unique(), on="child_id", how="anti"
        )
        header = l8.layout.column("reason_ceased").header
        out.append(emit(rows, "DQ-405", 8, header, id=pl.col("child_id")))
    adults = l8.frame.filter(
        open_at(pl.col("cla_end"), ctx.R)
        & (age_at(pl.col("dob"), ctx.R) >= check_config()["adult_age"])
    )
    out.append(emit(adults, "DQ-406", 8, l8.layout.column("dob").header, id=pl.col("child_id")))
    return out


def worker_key(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_all(r"[\s\u00a0]+", " ").str.strip_chars().str.to_lowercase()


def _worker_variants(ctx: Context) -> list[pl.DataFrame]:
    parts = [ld.frame.select(pl.col("worker")) for ld in ctx.wb.lists.values() if ld.has("worker")]
    if not parts:
        return []
    names = pl.concat(parts).drop_nulls().unique(maintain_order=True)
    groups = (
        names.group_by(worker_key(pl.col("worker")).alias("k"), maintain_order=True)
        .agg(pl.col("worker").sort().head(2))
        .filter(pl.col("worker").list.len() > 1)
    )
    return [
        emit(
            groups,
            "DQ-407",
            None,
            layouts()[3].column("worker").header,
            a=pl.col("worker").list.get(0),
            b=pl.col("worker").list.get(1),
        )
    ]


# --- running ---------------------------------------------------------------------------------

PER_LIST = (field_values, event_dates, ordering, list_rules, uniqueness)


def _safe(fn: Callable[..., list[pl.DataFrame]], *args: object) -> list[pl.DataFrame]:
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the others
        frame = pl.DataFrame(
            {
                "list": [""],
                "row": [None],
                "column": [""],
                "rule": ["internal"],
                "severity": ["error"],
                "message": [f"{fn.__name__} failed: {exc}"],
                "child_id": [None],
            },
            schema=FINDING_SCHEMA,
        )
        return [frame]


def infer_reference_date(wb: Workbook) -> dt.date | None:
    latest = []
    for ld in wb.lists.values():
        keys = [c.key for c in ld.layout.columns if c.event]
        if keys and ld.frame.height:
            latest.append(ld.frame.select(pl.max_horizontal(pl.col(k).max() for k in keys)).item())
    latest = [d for d in latest if d is not None]
    return max(latest) if latest else None


def check(
    wb: Workbook, R: dt.date | None, pseudonyms: dict[str, str] | None = None
) -> pl.DataFrame:
    """All findings for a workbook at reference date R, sorted by severity, list and row; with
    ``pseudonyms`` (child ID -> pseudonym) every finding names children by their pseudonyms."""
    token = _PSEUDONYMS.set(pseudonyms)
    try:
        return _check(wb, R)
    finally:
        _PSEUDONYMS.reset(token)


def _check(wb: Workbook, R: dt.date | None) -> pl.DataFrame:
    parts: list[pl.DataFrame] = []
    if R is None:
        parts.append(one("DQ-001", value=""))
        R = dt.date.today()
    ctx = Context.build(wb, R)
    parts += _safe(structure, ctx)
    for ld in wb.lists.values():
        df = typed_raw(ld)
        for fn in PER_LIST:
            parts += _safe(fn, ctx, ld, df)
    parts += _safe(across_lists, ctx)
    parts += _safe(consistency, ctx)
    parts = [p for p in parts if p.height]
    if not parts:
        return empty()
    found = pl.concat(parts, how="vertical")
    order = pl.col("severity").replace_strict(SEVERITY_ORDER, default=3)
    list_no = pl.col("list").str.extract(r"(\d+)").cast(pl.Int32, strict=False).fill_null(0)
    return found.sort(order, list_no, "row", "rule", nulls_last=False, maintain_order=True)


def summary(findings: pl.DataFrame) -> dict[str, int]:
    counts = dict(findings.group_by("severity").len().iter_rows())
    return {s: int(counts.get(s, 0)) for s in ("error", "warning", "info")}
