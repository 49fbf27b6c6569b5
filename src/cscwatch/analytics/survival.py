"""How long inadequate councils take to improve: a Kaplan-Meier estimate (lifelines).

A spell starts when a full inspection judges a council inadequate overall (re-inspections still
inadequate continue the same spell) and ends, as an event, when a later full inspection judges
it requires improvement or better. Dates are the dates inspections took effect (publication, or
the inspection end date when that is unknown). A spell is censored at the as-of date when the
council is still inadequate then; at the date of a later inspection that made no overall
judgement (the framework from April 2026); and at the day a council was abolished (its spell is
not carried into its successors, which are new councils).

The same rule applies from any other grade (``grade``): a spell starts when a full inspection
judges a council requires improvement (or good), continues while later inspections judge it no
better, and ends when one judges it better (for requires improvement: good or outstanding).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from cscwatch import reference
from cscwatch.analytics.inspections import as_date
from cscwatch.registry.queries import History
from cscwatch.vocabulary import GRADE_LABELS, GRADES, RANK

MIN_GROUP = 5  # fewer spells than this in a group: counts only, no curve


def better_words(grade: str) -> str:
    """The grades better than ``grade``, in words ("requires improvement or better")."""
    better = GRADES[: RANK[grade]]
    if not better:
        return "better (none is)"
    if len(better) == 1:
        return GRADE_LABELS[better[0]].lower()
    return f"{GRADE_LABELS[better[-1]].lower()} or better"


def spells(history: History, as_of: dt.date | str, grade: str = "inadequate") -> list[dict]:
    """Every spell at ``grade`` (or worse) that had started by ``as_of``, with its outcome."""
    if grade not in RANK:
        raise ValueError(f"unknown grade {grade!r}; grades are: {', '.join(GRADES)}")
    day = as_date(as_of)
    rank = RANK[grade]

    def no_better(r) -> bool:
        g = r.grade("overall")
        return g in RANK and RANK[g] >= rank

    codes = reference.by_code()
    out = []
    for la, full in history.full.items():
        seq = [r for r in full if r.date <= day]
        council = codes.get(la)
        i = 0
        while i < len(seq):
            start = seq[i]
            if start.grade("overall") != grade:
                i += 1
                continue
            j = i + 1
            while j < len(seq) and no_better(seq[j]):
                j += 1
            if j < len(seq):
                end, observed = seq[j].date, seq[j].grade("overall") in RANK
                outcome = seq[j].grade("overall") if observed else "not_judged"
            else:
                end, observed, outcome = day, False, f"still_{grade}"
                if council is not None and council.end_date and council.end_date < day:
                    end, outcome = council.end_date, "abolished"
            out.append(
                {
                    "la_code": la,
                    "name": council.name if council else None,
                    "region": council.region if council else None,
                    "framework": start.framework,
                    "start": start.date.isoformat(),
                    "end": end.isoformat(),
                    "days": (end - start.date).days,
                    "event": bool(observed),
                    "outcome": outcome,
                }
            )
            i = j if j < len(seq) else len(seq)
    out.sort(key=lambda s: (s["start"], s["la_code"]))
    return out


def _finite(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _fit(rows: list[dict]) -> dict[str, Any]:
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    n = len(rows)
    events = sum(r["event"] for r in rows)
    out: dict[str, Any] = {
        "n": n,
        "events": events,
        "censored": n - events,
        "median_days": None,
        "median_ci": [None, None],
        "curve": [],
    }
    if not n:
        return out
    kmf = KaplanMeierFitter(alpha=0.05)
    kmf.fit([r["days"] for r in rows], [r["event"] for r in rows], label="km")
    out["median_days"] = _finite(kmf.median_survival_time_)
    ci = median_survival_times(kmf.confidence_interval_)
    out["median_ci"] = [_finite(ci.iloc[0, 0]), _finite(ci.iloc[0, 1])]
    sf = kmf.survival_function_["km"]
    lo = kmf.confidence_interval_.iloc[:, 0]
    hi = kmf.confidence_interval_.iloc[:, 1]
    out["curve"] = [
        {
            "days": float(t),
            "survival": float(sf.loc[t]),
            "lo": _finite(lo.loc[t]),
            "hi": _finite(hi.loc[t]),
        }
        for t in sf.index
    ]
    return out


def time_to_improve(
    history: History, as_of: dt.date | str, *, by: str | None = None, grade: str = "inadequate"
) -> dict:
    """Kaplan-Meier estimate of the days from an inadequate overall judgement to the next
    judgement of requires improvement or better, censored as described above; the median with
    its 95% confidence interval (None where the curve never falls to one half) and the curve.
    ``by`` ('framework' or 'region', of the spell's first inadequate inspection and of the
    council) adds one estimate per group with at least MIN_GROUP spells. ``grade`` starts the
    spells at another grade (the rule of :func:`spells`)."""
    if by not in (None, "framework", "region"):
        raise ValueError("by must be 'framework' or 'region'")
    day = as_date(as_of)
    rows = spells(history, day, grade)
    out: dict[str, Any] = {"as_of": day.isoformat(), **_fit(rows), "spells": rows}
    if grade == "inadequate":
        out["rule"] = (
            f"Days from an inadequate overall judgement to the next judgement of requires "
            f"improvement or better, by publication date; councils still inadequate are "
            f"censored on {day.isoformat()}. Kaplan-Meier estimate with a 95% confidence "
            f"interval."
        )
    else:
        label = GRADE_LABELS[grade].lower()
        out["grade"] = grade
        out["rule"] = (
            f"Days from an overall judgement of {label} to the next judgement of "
            f"{better_words(grade)} (later inspections judging the council no better continue "
            f"the spell), by publication date; councils not yet judged better are censored on "
            f"{day.isoformat()}. Kaplan-Meier estimate with a 95% confidence interval."
        )
    if by is not None:
        groups: dict[str, Any] = {}
        keys = sorted({r[by] or "unknown" for r in rows})
        for key in keys:
            sub = [r for r in rows if (r[by] or "unknown") == key]
            if len(sub) >= MIN_GROUP:
                groups[key] = _fit(sub)
            else:
                events = sum(r["event"] for r in sub)
                groups[key] = {
                    "n": len(sub),
                    "events": events,
                    "censored": len(sub) - events,
                    "median_days": None,
                    "median_ci": [None, None],
                    "curve": [],
                    "note": f"fewer than {MIN_GROUP} spells: no estimate",
                }
        out["by"] = by
        out["groups"] = groups
    return out


def summary_rows(result: dict) -> list[dict]:
    """One table row for the whole estimate and one per group."""

    def row(name: str, r: dict) -> dict:
        lo, hi = r["median_ci"]
        return {
            "group": name,
            "n": r["n"],
            "events": r["events"],
            "censored": r["censored"],
            "median_days": r["median_days"],
            "ci_low": lo,
            "ci_high": hi,
        }

    rows = [row("all", result)]
    rows += [row(k, v) for k, v in result.get("groups", {}).items()]
    return rows


def curve_rows(result: dict) -> list[dict]:
    rows = [{"group": "all", **p} for p in result["curve"]]
    for k, v in result.get("groups", {}).items():
        rows += [{"group": k, **p} for p in v["curve"]]
    return rows
