"""What each page shows, gathered from the library in one place so the page and its API route
cannot disagree. Selection and joining only: the figures are the library's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup, escape

from cscwatch import reference
from cscwatch.plan.model import Plan
from cscwatch.render import grades as g
from cscwatch.reports.themes import load_themes
from cscwatch.search.index import HIGHLIGHT
from cscwatch.web.library import Library


def _code(item: Any) -> str:
    return str(item["la_code"] if isinstance(item, dict) else item)


def council_ref(code: str) -> dict[str, Any]:
    c = reference.by_code().get(str(code))
    if c is None:
        return {"la_code": code, "name": code, "slug": None}
    return {"la_code": c.la_code, "name": c.name, "slug": c.slug, "region": c.region}


def council_table(lib: Library, as_of: dt.date, region: str | None = None) -> list[dict]:
    """Every council existing on the date, with its grades (grade_on), optionally one region."""
    rows = lib.grades_by_code(as_of).values()
    return [
        {**r, "slug": council_ref(r["la_code"]).get("slug")}
        for r in rows
        if region is None or r.get("region") == region
    ]


def national(lib: Library, as_of: dt.date, region: str | None) -> dict[str, Any]:
    nat = lib.national(as_of, region)
    overall = nat["areas"]["overall"]
    grade_rows = [
        {
            "area": area,
            "grade": grade,
            "councils": figures.get(grade),
            "percent": (figures.get("percent") or {}).get(grade),
        }
        for area, figures in nat["areas"].items()
        for grade in g.WITH_NONE
    ]
    return {
        "as_of": as_of,
        "region": region,
        "national": nat,
        "overall": overall,
        "grade_rows": grade_rows,
        "inadequate": [
            {**r, "slug": council_ref(r["la_code"]).get("slug")}
            for r in overall.get("councils", {}).get("inadequate", [])
        ],
        "trend": lib.trend(as_of),
        "recent_visits": recent_visits(lib, as_of, region),
        "by_region": lib.by_region(as_of),
        "councils": council_table(lib, as_of, region),
    }


def council(lib: Library, c: reference.Council) -> dict[str, Any]:
    tl = lib.timeline(c)
    info = tl.get("council", {})
    return {
        "council": c,
        "info": info,
        "timeline": tl,
        "inspections": tl.get("inspections", []),
        "predecessors": [council_ref(_code(x)) for x in info.get("predecessors") or c.predecessors],
        "successors": [council_ref(_code(x)) for x in info.get("successors") or c.successors],
        "neighbours": [
            {**n, "slug": council_ref(n["la_code"]).get("slug")} for n in tl.get("neighbours", [])
        ],
        "recommendations": lib.recommendations(c),
        "themes": _overall_themes(lib.themes(c)),
        "context_figures": lib.context_figures(c),
        "visits": [{**v, "slug": c.slug} for v in lib.visits(c)],
        "interventions": tl.get("interventions"),
    }


def recent_visits(lib: Library, as_of: dt.date, region: str | None = None) -> dict[str, Any]:
    """The visits of the year up to the date (of England or one region), each with its
    council's page."""
    found = lib.recent_visits(as_of, region)
    return {
        **found,
        "priority_actions": [
            {**r, "slug": council_ref(r["la_code"]).get("slug")} for r in found["priority_actions"]
        ],
    }


def compare(lib: Library, picked: list[reference.Council], as_of: dt.date) -> list[dict[str, Any]]:
    """One row per council: its grades on the date (grade_on) and its inspection history."""
    grades = lib.grades_by_code(as_of)
    rows = []
    for c in picked:
        tl = lib.timeline(c)
        graded = [i for i in tl.get("inspections", []) if i.get("overall")]
        row = grades.get(c.la_code)
        rows.append(
            {
                "la_code": c.la_code,
                "name": c.name,
                "slug": c.slug,
                "region": c.region,
                "exists_on_date": row is not None,
                **{k: v for k, v in (row or {}).items() if k not in ("la_code", "name", "region")},
                "inspections": len(tl.get("inspections", [])),
                "graded_inspections": len(graded),
                "overall_history": " → ".join(g.label(i["overall"]) for i in graded),
            }
        )
    return rows


def _overall_themes(rows: list[dict] | None) -> list[dict] | None:
    """The council-wide rows of theme_prevalence (its reports taken together)."""
    if rows is None:
        return None
    return [r for r in rows if r.get("group") == "all" and r.get("mentioning")]


def highlight(text: str, highlighted: str | None) -> Markup:
    """The passage escaped, with the search's matched terms in <mark>. The search marks terms
    with « and » (search.index.HIGHLIGHT) inserted into the text; walking both strings tells
    an inserted mark from one that was in the report."""
    opening, closing = HIGHLIGHT
    if not highlighted:
        return Markup(escape(text or ""))
    out: list[str] = []
    j, open_ = 0, False
    for ch in highlighted:
        if j < len(text) and ch == text[j]:
            out.append(str(escape(ch)))
            j += 1
        elif ch == opening and not open_:
            out.append("<mark>")
            open_ = True
        elif ch == closing and open_:
            out.append("</mark>")
            open_ = False
        else:
            out.append(str(escape(ch)))
    if open_:
        out.append("</mark>")
    return Markup("".join(out))


def search_pages(url: Any, found: dict, around: int = 3) -> dict:
    """Links to the pages of a search's results: previous, next and the pages around this one,
    each the same URL with only ``page`` changed."""
    limit = max(1, int(found["limit"]))
    count = max(1, -(-int(found["total"]) // limit))
    here = int(found["offset"]) // limit + 1

    def at(n: int, **change: Any) -> str:  # a link on this site: path and query only
        return url.path + "?" + str(url.include_query_params(**change, page=n).query)

    numbers = sorted({1, count, *range(max(1, here - around), min(count, here + around) + 1)})
    return {
        "here": here,
        "count": count,
        "first": int(found["offset"]) + 1 if found["results"] else 0,
        "last": int(found["offset"]) + len(found["results"]),
        "previous": at(here - 1) if here > 1 else None,
        "next": at(here + 1) if here < count else None,
        # (page, link); (None, None) where pages are skipped
        "numbers": [
            item
            for k, n in enumerate(numbers)
            for item in ([(None, None)] if k and n > numbers[k - 1] + 1 else []) + [(n, at(n))]
        ],
        "by_passage": at(1, by="passage"),
        "by_report": at(1, by="report"),
        "csv": "/api/search.csv" + at(here).removeprefix(url.path),
    }


def search_results(rows: list[dict]) -> list[dict]:
    return [
        {
            **r,
            "slug": council_ref(r["la_code"]).get("slug") if r.get("la_code") else None,
            "passage_html": highlight(r.get("text") or "", r.get("highlighted")),
        }
        for r in rows
    ]


# Improvement plans --------------------------------------------------------------------------
ASK_COLUMNS = (
    "ask_id",
    "source",
    "report",
    "report_date",
    "position",
    "page",
    "themes",
    "text",
    "source_url",
)


def asks(lib: Library, c: reference.Council) -> list[dict[str, Any]] | None:
    """The council's open asks as rows (the columns of the plan file's asks sheet), in the
    order ``plan init`` writes them; [] when the registry holds no full inspection of it, None
    when the registry cannot say (no database)."""
    made = _plan(lib, c)
    if made is None:
        return None
    return [{k: getattr(a, k) for k in ASK_COLUMNS} for a in made.asks]


def _plan(lib: Library, c: reference.Council) -> Plan | None:
    from cscwatch.plan.init import InitError

    try:
        return lib.plan(c)
    except InitError:  # no full inspection: nothing asked yet
        return Plan(council=c.name, la_code=c.la_code)


def plan(lib: Library, c: reference.Council) -> dict[str, Any]:
    """The council's open asks for its plan page: each with its themes' labels and a link to
    the report at its page."""
    made = _plan(lib, c)
    rows = asks(lib, c)
    labels = {t.id: t.label for t in load_themes()}
    shown = [
        {
            **r,
            "theme_labels": [labels.get(t, t) for t in r["themes"] or []],
            "link": (r["source_url"] + (f"#page={r['page']}" if r["page"] else ""))
            if r["source_url"]
            else None,
        }
        for r in rows or []
    ]
    from cscwatch.plan.init import counts

    return {
        "council": c,
        "plan": made,
        "counts": counts(made) if made is not None else None,
        "asks": shown if rows is not None else None,
        "recommendations": [r for r in shown if r["source"] == "recommendation"],
        "priority_actions": [r for r in shown if r["source"] == "priority_action"],
        # whether the registry holds Ofsted's words (the embedded one does not)
        "has_text": bool(made and made.registry_text),
    }
