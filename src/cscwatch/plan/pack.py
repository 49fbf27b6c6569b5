"""The board pack's figures: a plan's asks, actions and measures on a date, the measures'
values from the council's Annex A workbook, and the national context from the registry.

Plain data out (dicts, lists, numbers, strings and ISO dates): ``render/plan.py`` lays it out
as HTML and PDF, ``render/output.py`` writes it as XLSX and JSON. The JSON document is
:func:`pack` itself (its keys are the contract of docs/plan-pack.md).

Rules (each figure carries its own in words):

- An action is *overdue* on the pack's date when its due date is before that date and its
  status is not "done". Statuses are matched as typed, ignoring case and spacing; anything
  else counts as "unrecognised".
- An ask's status is the least favourable of its actions' (off track, at risk, not started,
  on track, done, in that order); an ask without actions has "no actions".
- A measure names an Annex A indicator of ``cscwatch readiness`` (its value computed from the
  workbook at the pack's date) or carries a figure typed by hand with its date and source. It
  is *met* when its value is at least its target (direction "higher") or at most it
  ("lower"). For an indicator that is a proportion (0 to 1) a target above 1 is read as a
  percentage (90 means 0.90), and the measure says so.
- A measure's trend is its figures in the plan's history sheet from earlier packs (dated
  before the pack's date), then this pack's.
- Children appear only as counts (numerators and denominators); no child's identifier is in
  the pack.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cscwatch import reference
from cscwatch.plan.model import Action, Ask, HistoryRow, Measure, Plan, layout, statuses
from cscwatch.vocabulary import GRADE_LABELS, GRADES, KIND_LABELS, RANK, VISIT_FOCUS_LABELS

if TYPE_CHECKING:
    from cscwatch.casework.read import Workbook
    from cscwatch.registry.queries import History

CONTRACT = "cscwatch.plan.pack"
VERSION = 1

UNRECOGNISED = "unrecognised"
NO_ACTIONS = "no actions"
NO_THEME = "no theme"
# Least favourable first: an ask takes the first of these its actions have.
SEVERITY = ("off track", "at risk", UNRECOGNISED, "not started", "on track", "done")

RULES = {
    "overdue": (
        "An action is overdue when its due date is before the pack's date and its status is "
        "not done."
    ),
    "ask_status": (
        "An ask's status is the least favourable of its actions' statuses (off track, at risk, "
        "not started, on track, done, in that order); 'no actions' when it has none."
    ),
    "by_theme": (
        "An ask counts under each of its themes (data/themes.yaml), and its actions with it; "
        "an ask with no theme counts under 'no theme'."
    ),
    "met": (
        "A measure is met when its value is at least its target (higher is better) or at most "
        "its target (lower is better); not assessed when either is missing."
    ),
    "trend": (
        "The measure's figures in the plan's history sheet from earlier packs (dated before "
        "this pack), then this pack's figure."
    ),
    "children": "Children appear only as counts; no child's identifier is in this pack.",
}


# Values as typed ------------------------------------------------------------------------------
def _day(value: Any) -> dt.date | None:
    """A date from a date, a datetime or text (YYYY-MM-DD or dd/mm/yyyy); None otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    return None


def _iso(value: Any) -> str | None:
    day = _day(value)
    if day is not None:
        return day.isoformat()
    return None if value in (None, "") else str(value)


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(",", "")
    percent = text.endswith("%")
    try:
        number = float(text.rstrip("%").strip())
    except ValueError:
        return None
    return number / 100 if percent else number


def _text(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _status(value: Any) -> str:
    s = " ".join(str(value or "").replace("_", " ").split()).lower()
    return s if s in statuses() else UNRECOGNISED


def _counts(values: list[str]) -> dict[str, int]:
    c = Counter(values)
    out = {s: c.get(s, 0) for s in statuses()}
    if c.get(UNRECOGNISED):
        out[UNRECOGNISED] = c[UNRECOGNISED]
    return out


# Actions --------------------------------------------------------------------------------------
def _action(a: Action, as_of: dt.date) -> dict[str, Any]:
    due, updated = _day(a.due), _day(a.last_update)
    status = _status(a.status)
    overdue = due is not None and due < as_of and status != "done"
    return {
        "action_id": _text(a.action_id),
        "action": _text(a.action),
        "owner": _text(a.owner),
        "due": _iso(a.due),
        "status": status,
        "status_typed": _text(a.status),
        "last_update": _iso(a.last_update),
        "evidence": _text(a.evidence),
        "overdue": overdue,
        "days_overdue": (as_of - due).days if overdue and due else None,
        "updated_since_due": (updated >= due) if overdue and due and updated else False,
    }


def _ask_status(actions: list[dict[str, Any]]) -> str:
    present = {a["status"] for a in actions}
    return next((s for s in SEVERITY if s in present), NO_ACTIONS)


# Measures -------------------------------------------------------------------------------------
def _readiness(annex_a: Any, as_of: dt.date, pseudonymise: bool) -> dict[str, Any] | None:
    if annex_a is None:
        return None
    from cscwatch.casework import api

    return api.readiness(annex_a, as_of, pseudonymise=pseudonymise)


def _met(value: float | None, target: float | None, direction: str | None) -> bool | None:
    if value is None or target is None or direction not in ("higher", "lower"):
        return None
    return value >= target if direction == "higher" else value <= target


def _trend(
    m: Measure, history: list[HistoryRow], as_of: dt.date, now: dict[str, Any]
) -> list[dict[str, Any]]:
    points = []
    for h in history:
        day = _day(h.pack_date)
        if _text(h.measure_id) != _text(m.measure_id) or day is None or day >= as_of:
            continue
        points.append(
            {
                "pack_date": day.isoformat(),
                "value": _number(h.value),
                "target": _number(h.target),
                "met": h.met,
            }
        )
    points.sort(key=lambda p: str(p["pack_date"]))
    points.append(
        {
            "pack_date": as_of.isoformat(),
            "value": now["value"],
            "target": now["target"],
            "met": now["met"],
        }
    )
    return points


def _measure(
    m: Measure,
    as_of: dt.date,
    readiness: dict[str, Any] | None,
    annex_source: str | None,
    history: list[HistoryRow],
) -> dict[str, Any]:
    from cscwatch.casework.layout import indicator_config

    notes: list[str] = []
    indicator = _text(m.indicator)
    direction = (_text(m.direction) or "").lower() or None
    if direction is not None and direction not in layout()["directions"]:
        notes.append(f"direction {m.direction!r} is neither higher nor lower: not assessed")
    target = _number(m.target)
    if target is None and _text(m.target) is not None:
        notes.append(f"target {m.target!r} is not a number")
    out: dict[str, Any] = {
        "measure_id": _text(m.measure_id),
        "kind": "indicator" if indicator else "manual",
        "indicator": indicator.upper() if indicator else None,
        "name": None,
        "description": _text(m.description),
        "unit": None,
        "value": None,
        "numerator": None,
        "denominator": None,
        "window": None,
        "small_number": False,
        "as_of": None,
        "source": None,
    }
    if indicator:
        ind_id = indicator.upper()
        known = indicator_config()["indicators"]
        cfg = known.get(ind_id)
        if cfg is None:
            notes.append(f"{indicator} is not an indicator of cscwatch readiness")
        else:
            out.update(name=cfg["name"], unit=cfg["unit"])
        if readiness is None:
            notes.append("no Annex A workbook was given (--annex-a): no value")
        elif cfg is not None:
            ind = next((i for i in readiness["indicators"] if i["id"] == ind_id), None)
            if ind is None:  # configured, not (yet) computed by readiness
                notes.append(f"{ind_id} is not computed by cscwatch readiness: no value")
            else:
                out.update(
                    value=ind["value"],
                    numerator=ind["numerator"],
                    denominator=ind["denominator"],
                    window=ind["window"],
                    small_number=bool(ind.get("small_number")),
                    as_of=readiness["as_of"],
                    source=f"Annex A workbook {annex_source}, {ind_id} computed by cscwatch "
                    f"readiness at {readiness['as_of']}",
                )
                if ind["value"] is None:
                    notes.append(f"no value: {ind.get('reason') or 'no data'}")
        if out["unit"] == "proportion" and target is not None and 1 < target <= 100:
            notes.append(f"target {target:g} read as a percentage ({target / 100:g})")
            target = target / 100
    else:
        value = _number(m.value)
        if value is None and _text(m.value) is not None:
            notes.append(f"value {m.value!r} is not a number")
        day = _day(m.as_of)
        out.update(value=value, as_of=_iso(m.as_of), source=_text(m.source))
        if value is not None and day is None:
            notes.append("the figure has no date")
        elif day is not None and day > as_of:
            notes.append(f"the figure is dated {day.isoformat()}, after the pack's date")
        if value is not None and not out["source"]:
            notes.append("the figure has no source")
    met = _met(out["value"], target, direction if direction in ("higher", "lower") else None)
    out.update(target=target, direction=direction, met=met)
    out["trend"] = _trend(m, history, as_of, out)
    earlier = [p for p in out["trend"][:-1] if p["value"] is not None]
    out["previous"] = earlier[-1] if earlier else None
    out["change"] = (
        out["value"] - earlier[-1]["value"] if earlier and out["value"] is not None else None
    )
    out["notes"] = notes
    return out


# Ofsted's words -------------------------------------------------------------------------------
def _registry_text(engine: Any, la_code: str | None, ask: Ask) -> tuple[str | None, int | None]:
    """The ask's words and page from a registry that holds them (None, None otherwise)."""
    from cscwatch.registry import read

    day, position = _iso(ask.report_date), _number(ask.position)
    if engine is None or la_code is None or day is None or position is None:
        return None, None
    kind = "= 'priority_action'" if ask.source == "priority_action" else "!= 'priority_action'"
    sql = (
        "SELECT c.text, c.page FROM recommendations c JOIN reports r ON r.id = c.report_id "
        "WHERE r.la_code = :la AND coalesce(r.published, r.inspection_end) = :day "
        f"AND c.position = :pos AND coalesce(c.kind, '') {kind} AND c.text IS NOT NULL"
    )
    with engine.connect() as conn:
        row = read.execute(conn, sql, {"la": la_code, "day": day, "pos": int(position)}).first()
    return (row[0], row[1]) if row else (None, None)


def _ask(
    ask: Ask,
    plan: Plan,
    engine: Any,
    actions: list[dict[str, Any]],
    measures: list[dict[str, Any]],
    theme_labels: dict[str, str],
) -> dict[str, Any]:
    text, page = _text(ask.text), ask.page
    note, text_source = None, "plan" if text else None
    if text is None:
        text, found_page = _registry_text(engine, plan.la_code, ask)
        page = page or found_page
        text_source = "registry" if text else None
        if text is None:
            where = f", page {page}" if page else ""
            note = (
                "The plan holds no words for this ask (it was made from a registry without the "
                f"reports' text, such as the embedded one): read it in the report{where}."
            )
    src = _text(ask.source) or "recommendation"
    return {
        "ask_id": _text(ask.ask_id),
        "source": src,
        "source_label": layout()["ask_sources"].get(src, src),
        "report": _text(ask.report),
        "report_date": _iso(ask.report_date),
        "position": ask.position,
        "page": page,
        "source_url": _text(ask.source_url),
        "themes": [{"id": t, "label": theme_labels.get(t, t)} for t in ask.themes],
        "text": text,
        "text_source": text_source,
        "text_note": note,
        "status": _ask_status(actions),
        "counts": _counts([a["status"] for a in actions]),
        "overdue": sum(a["overdue"] for a in actions),
        "actions": actions,
        "measures": measures,
    }


# National context -----------------------------------------------------------------------------
def _meaning(km: dict[str, Any], label: str, better: str) -> str:
    n, median = km["n"], km["median_days"]
    if not n:
        return f"No council's spell at {label} is in the registry by this date: no estimate."
    if median is None:
        return (
            f"Fewer than half of the {n} spells that started at {label} had ended in a "
            f"judgement of {better} by this date: the median is not reached yet."
        )
    return (
        f"Half of the councils judged {label} were judged {better} within {median:.0f} days "
        f"(about {median / 365.25:.1f} years) of that judgement; the other half took longer or "
        f"have not been yet (estimated from {n} spells, {km['events']} of them ended)."
    )


def _grade_context(history: History, la_code: str | None, as_of: dt.date) -> dict[str, Any]:
    from cscwatch.analytics import survival
    from cscwatch.analytics.transitions import transitions

    current = history.current(la_code, as_of) if la_code else None
    grade = current.grade("overall") if current else None
    out: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "inspection": None
        if current is None
        else {
            "published": current.published,
            "inspection_end": current.inspection_end,
            "framework": current.framework,
            "source_file": current.source_file,
        },
        "grade": grade,
        "grade_label": GRADE_LABELS.get(grade, None) if grade else None,
        "time_to_improve": None,
        "next_inspection": None,
    }
    if current is None:
        out["note"] = "The registry holds no full inspection of this council by this date."
        return out
    if grade not in RANK:
        out["note"] = (
            "The council's current inspection made no overall judgement (the framework from "
            "April 2026): no comparison by grade."
        )
        return out
    label, better = GRADE_LABELS[grade].lower(), survival.better_words(grade)
    if RANK[grade] == 0:
        out["note"] = f"No grade is better than {label}: no time to improve."
    else:
        tti = survival.time_to_improve(history, as_of, grade=grade)
        own = [
            s
            for s in tti["spells"]
            if s["la_code"] == la_code and s["outcome"].startswith("still_")
        ]
        out["time_to_improve"] = {
            "as_of": tti["as_of"],
            "grade": grade,
            "spells": tti["n"],
            "events": tti["events"],
            "censored": tti["censored"],
            "median_days": tti["median_days"],
            "median_ci": tti["median_ci"],
            "meaning": _meaning(tti, label, better),
            "council_spell": (
                {"start": own[-1]["start"], "days": own[-1]["days"]} if own else None
            ),
            "rule": tti["rule"],
        }
    tr = transitions(history, "overall", as_of=as_of)
    i = GRADES.index(grade)
    row = tr["matrix"][i]
    total = sum(row)
    improved = sum(row[:i])
    declined = sum(row[i + 1 :])
    out["next_inspection"] = {
        "as_of": as_of.isoformat(),
        "grade": grade,
        "pairs": total,
        "improved": improved,
        "same": row[i],
        "declined": declined,
        "improved_share": round(improved / total, 3) if total else None,
        "rule": (
            f"Pairs of consecutive full inspections of the same council, both published by "
            f"{as_of.isoformat()}, whose earlier inspection judged overall effectiveness {label}: "
            f"the share whose next inspection judged it {better}. Pairs whose next inspection "
            "made no overall judgement are left out."
        ),
    }
    return out


def _areas(engine: Any, la_code: str | None) -> dict[str, list[dict[str, Any]]]:
    """Visit letter -> the areas for priority action it set (position, text, page), from a
    registry that stores them."""
    if engine is None or la_code is None:
        return {}
    from cscwatch.search.index import priority_actions_for

    out: dict[str, list[dict[str, Any]]] = {}
    for row in priority_actions_for(engine, la_code):
        out.setdefault(row["source_file"], []).append(
            {"position": row["position"], "text": row["text"], "page": row["page"]}
        )
    return out


def _visits_context(
    history: History, la_code: str | None, as_of: dt.date, engine: Any = None
) -> dict[str, Any]:
    from cscwatch.analytics import visits as v

    current = history.current(la_code, as_of) if la_code else None
    after = (_day(current.inspection_end) or current.date) if current else None
    rows = []
    areas = _areas(engine, la_code)
    if la_code:
        for r in v.visit_list(history, [la_code]):
            day = _day(r["visit_end"]) or _day(r["published"])
            if day is None or (after is not None and day <= after):
                continue
            rows.append(
                {
                    "kind": r["kind"],
                    "kind_label": KIND_LABELS.get(r["kind"], r["kind"]),
                    "visit_end": r["visit_end"],
                    "published": r["published"],
                    "focus": r["focus"],
                    "focus_label": VISIT_FOCUS_LABELS.get(r["focus"] or "", r["focus"]),
                    "visit_number": r["visit_number"],
                    "priority_actions": r["priority_actions"],
                    "areas": areas.get(r["source_file"], []),
                    "source_file": r["source_file"],
                }
            )
    since = f"after the last full inspection (on site until {after.isoformat()})" if after else ""
    return {
        "as_of": as_of.isoformat(),
        "since": after.isoformat() if after else None,
        "visits": len(rows),
        "priority_actions": sum(r["priority_actions"] or 0 for r in rows),
        "rows": rows,
        "rule": (
            f"Focused and monitoring visits to the council whose last day on site fell {since}"
            f"{' and ' if since else ''}whose letters were published by {as_of.isoformat()}; "
            "priority actions are the areas for priority action each visit set (their words "
            "where the registry holds them)."
        ),
    }


def _themes_context(
    engine: Any, history: History, theme_ids: list[str], as_of: dt.date
) -> list[dict[str, Any]]:
    from cscwatch.analytics.themes import theme_recurrence

    if engine is None or not theme_ids:
        return []
    return theme_recurrence(engine, history, as_of, theme_ids=theme_ids)


# The pack -------------------------------------------------------------------------------------
def pack(
    plan: Plan,
    *,
    engine: Any = None,
    history: History | None = None,
    annex_a: str | Path | Workbook | None = None,
    as_of: dt.date | str,
    pseudonymise: bool = False,
    generated: dt.date | None = None,
) -> dict[str, Any]:
    """The board pack of ``plan`` on ``as_of``: summary, one section per ask (its words, actions
    and measures) and the national context. ``engine`` is the registry (text, theme counts,
    recurrence); ``history`` its reports (loaded from ``engine`` when not given); ``annex_a``
    the council's Annex A workbook (a path or a read workbook) for the indicator measures."""
    from cscwatch.analytics.visits import known_on
    from cscwatch.reports.themes import load_themes

    day = _day(as_of)
    if day is None:
        raise ValueError(f"{as_of!r} is not a date: use YYYY-MM-DD")
    if history is None and engine is not None:
        from cscwatch.registry.queries import load_history

        history = load_history(engine)
    council = reference.by_code().get(plan.la_code or "")
    theme_labels = {t.id: t.label for t in load_themes()}
    needs_annex = any(_text(m.indicator) for m in plan.measures)
    readiness = _readiness(annex_a, day, pseudonymise) if needs_annex else None
    annex_source = None
    if annex_a is not None:
        annex_source = getattr(annex_a, "source", None) or Path(str(annex_a)).name
        annex_source = Path(str(annex_source)).name

    ask_ids = [_text(a.ask_id) for a in plan.asks]
    notes: list[str] = []
    actions: dict[str | None, list[dict[str, Any]]] = {a: [] for a in ask_ids}
    orphans = 0
    for a in plan.actions:
        key = _text(a.ask_id)
        if key in actions:
            actions[key].append(_action(a, day))
        else:
            orphans += 1
    measures: dict[str | None, list[dict[str, Any]]] = {a: [] for a in ask_ids}
    orphan_measures = 0
    for m in plan.measures:
        key = _text(m.ask_id)
        if key in measures:
            measures[key].append(_measure(m, day, readiness, annex_source, plan.history))
        else:
            orphan_measures += 1
    if orphans or orphan_measures:
        notes.append(
            f"{orphans} action(s) and {orphan_measures} measure(s) name no ask of the plan and "
            "are left out: run `cscwatch plan check`."
        )
    asks = [
        _ask(a, plan, engine, actions[_text(a.ask_id)], measures[_text(a.ask_id)], theme_labels)
        for a in plan.asks
    ]

    every_action = [a for ask in asks for a in ask["actions"]]
    every_measure = [m for ask in asks for m in ask["measures"]]
    theme_order = [t for t in theme_labels if any(t in a.themes for a in plan.asks)]
    theme_order += sorted({t for a in plan.asks for t in a.themes} - set(theme_order))
    by_theme = []
    for tid in [*theme_order, NO_THEME]:
        members = [
            ask
            for ask in asks
            if (tid in [t["id"] for t in ask["themes"]]) or (tid == NO_THEME and not ask["themes"])
        ]
        if not members:
            continue
        acts = [a for ask in members for a in ask["actions"]]
        by_theme.append(
            {
                "theme": tid,
                "label": theme_labels.get(tid, tid) if tid != NO_THEME else "No theme",
                "asks": len(members),
                "actions": len(acts),
                "counts": _counts([a["status"] for a in acts]),
                "overdue": sum(a["overdue"] for a in acts),
            }
        )

    context: dict[str, Any] = {"as_of": day.isoformat(), "registry": None}
    if history is None:
        notes.append("No registry was given: the pack has no national context.")
    else:
        known = known_on(history, day)
        context.update(
            registry="given",
            grade=_grade_context(known, plan.la_code, day),
            themes=_themes_context(engine, known, theme_order, day),
            visits=_visits_context(known, plan.la_code, day, engine),
        )
        if engine is None:
            context["themes_note"] = "No registry database was given: no theme recurrence."

    status_list = [*statuses()]
    return {
        "contract": CONTRACT,
        "version": VERSION,
        "as_of": day.isoformat(),
        "generated": (generated or dt.date.today()).isoformat(),
        "council": {
            "name": council.name if council else plan.council,
            "la_code": plan.la_code,
        },
        "plan": {
            "source": Path(plan.source).name if plan.source else None,
            "layout_version": plan.layout_version,
            "created": _iso(plan.created),
            "registry": plan.registry,
            "latest_inspection": _iso(plan.latest_inspection),
        },
        "annex_a": None
        if readiness is None
        else {
            "source": annex_source,
            "as_of": readiness["as_of"],
            "errors": readiness["data_quality"]["errors"],
            "warnings": readiness["data_quality"]["warnings"],
        },
        "pseudonymised": pseudonymise,
        "statuses": status_list,
        "summary": {
            "asks": len(asks),
            "actions": len(every_action),
            "overdue": sum(a["overdue"] for a in every_action),
            "overdue_without_update": sum(
                a["overdue"] and not a["updated_since_due"] for a in every_action
            ),
            "by_status": _counts([a["status"] for a in every_action]),
            "by_ask": [
                {
                    "ask_id": ask["ask_id"],
                    "source": ask["source"],
                    "status": ask["status"],
                    "actions": len(ask["actions"]),
                    "counts": ask["counts"],
                    "overdue": ask["overdue"],
                }
                for ask in asks
            ],
            "by_theme": by_theme,
            "measures": {
                "total": len(every_measure),
                "met": sum(m["met"] is True for m in every_measure),
                "not_met": sum(m["met"] is False for m in every_measure),
                "not_assessed": sum(m["met"] is None for m in every_measure),
            },
        },
        "asks": asks,
        "context": context,
        "rules": RULES,
        "notes": notes,
    }


# History --------------------------------------------------------------------------------------
def history_rows(result: dict[str, Any]) -> list[HistoryRow]:
    """This pack's figures as rows of the plan's history sheet (one per measure)."""
    day = dt.date.fromisoformat(result["as_of"])
    return [
        HistoryRow(
            pack_date=day,
            measure_id=m["measure_id"],
            value=m["value"],
            target=m["target"],
            met=m["met"],
        )  # fmt: skip
        for ask in result["asks"]
        for m in ask["measures"]
    ]


def merged_history(existing: list[HistoryRow], result: dict[str, Any]) -> list[HistoryRow]:
    """The plan's history with this pack's rows: rows of the same pack date are replaced."""
    new = history_rows(result)
    dates = {r.pack_date for r in new} | {dt.date.fromisoformat(result["as_of"])}
    kept = [r for r in existing if _day(r.pack_date) not in dates]
    return kept + new


# Tables (the XLSX sheets) ---------------------------------------------------------------------
def _status_cells(counts: dict[str, int]) -> dict[str, int]:
    return {re.sub(r"\W+", "_", s): n for s, n in counts.items()}


def tables(result: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The pack as flat rows: sheets summary, asks, actions, measures and context."""
    s = result["summary"]
    summary = [
        {
            "group": "all",
            "name": "all actions",
            "asks": s["asks"],
            "actions": s["actions"],
            **_status_cells(s["by_status"]),
            "overdue": s["overdue"],
        },  # fmt: skip
    ]
    summary += [
        {
            "group": "ask",
            "name": a["ask_id"],
            "asks": 1,
            "actions": a["actions"],
            **_status_cells(a["counts"]),
            "overdue": a["overdue"],
        }  # fmt: skip
        for a in s["by_ask"]
    ]
    summary += [
        {
            "group": "theme",
            "name": t["label"],
            "asks": t["asks"],
            "actions": t["actions"],
            **_status_cells(t["counts"]),
            "overdue": t["overdue"],
        }  # fmt: skip
        for t in s["by_theme"]
    ]
    keys = list(dict.fromkeys(k for row in summary for k in row))
    summary = [{k: row.get(k, 0) for k in keys} for row in summary]
    asks = [
        {
            "ask_id": a["ask_id"],
            "source": a["source"],
            "report": a["report"],
            "report_date": a["report_date"],
            "position": a["position"],
            "page": a["page"],
            "themes": "; ".join(t["label"] for t in a["themes"]),
            "status": a["status"],
            "actions": len(a["actions"]),
            "overdue": a["overdue"],
            "text": a["text"] or a["text_note"],
            "source_url": a["source_url"],
        }
        for a in result["asks"]
    ]
    action_cols = ("action_id", "action", "owner", "due", "status", "last_update", "evidence",
                   "overdue", "days_overdue")  # fmt: skip
    actions = [
        {"ask_id": a["ask_id"], **{k: x[k] for k in action_cols}}
        for a in result["asks"]
        for x in a["actions"]
    ]
    measures = [
        {
            "ask_id": a["ask_id"],
            "measure_id": m["measure_id"],
            "kind": m["kind"],
            "indicator": m["indicator"],
            "name": m["name"] or m["description"],
            "value": m["value"],
            "numerator": m["numerator"],
            "denominator": m["denominator"],
            "target": m["target"],
            "direction": m["direction"],
            "met": m["met"],
            "as_of": m["as_of"],
            "source": m["source"],
            "previous": (m["previous"] or {}).get("value"),
            "previous_pack": (m["previous"] or {}).get("pack_date"),
            "trend": "; ".join(
                f"{p['pack_date']}: {'' if p['value'] is None else round(p['value'], 4)}"
                for p in m["trend"]
            ),
            "notes": "; ".join(m["notes"]),
        }
        for a in result["asks"]
        for m in a["measures"]
    ]
    return {
        "summary": summary,
        "asks": asks,
        "actions": actions,
        "measures": measures,
        "context": context_rows(result),
    }


def context_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The national context as rows: figure, value, as_of, rule."""
    ctx = result["context"]
    rows: list[dict[str, Any]] = []
    grade = ctx.get("grade")
    if not grade:
        return rows
    rows.append({"figure": "current overall grade", "value": grade["grade_label"] or "none",
                 "as_of": ctx["as_of"], "rule": grade.get("note") or
                 "The overall grade of the council's latest full inspection published by then."})  # fmt: skip
    tti = grade.get("time_to_improve")
    if tti:
        rows.append({"figure": "median days to improve (Kaplan-Meier)",
                     "value": tti["median_days"], "as_of": tti["as_of"],
                     "rule": f"{tti['rule']} {tti['meaning']}"})  # fmt: skip
    nxt = grade.get("next_inspection")
    if nxt:
        rows.append({"figure": "share improved at the next inspection",
                     "value": nxt["improved_share"], "as_of": nxt["as_of"],
                     "rule": f"{nxt['rule']} ({nxt['improved']} of {nxt['pairs']} pairs)"})  # fmt: skip
    for t in ctx.get("themes", []):
        rows.append({"figure": f"theme raised again: {t['label']}", "value": t["share"],
                     "as_of": t["as_of"],
                     "rule": f"{t['rule']} ({t['raised_again']} of {t['pairs_with_theme']})"})  # fmt: skip
    v = ctx.get("visits")
    if v:
        rows.append({"figure": "visits since the last inspection", "value": v["visits"],
                     "as_of": v["as_of"], "rule": v["rule"]})  # fmt: skip
        rows.append({"figure": "priority actions set by those visits",
                     "value": v["priority_actions"], "as_of": v["as_of"], "rule": v["rule"]})  # fmt: skip
    return rows
