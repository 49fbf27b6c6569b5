"""The JSON API under /api/: everything a page shows. Every table is also CSV, with
``?format=csv`` or by adding ``.csv`` to the path. Handlers are plain functions (FastAPI runs
them in its threadpool) and take their parameters checked (see params.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from cscwatch import reference
from cscwatch.render import choropleth
from cscwatch.web import params, views
from cscwatch.web.library import Unavailable
from cscwatch.web.params import AsOf, Compared, CouncilPath, End, Region, SearchFilters, Start
from cscwatch.web.responses import library, table

router = APIRouter()
Format = Literal["json", "csv"]
Area = Literal["overall", "help_and_protection", "children_in_care", "care_leavers", "leadership"]


def tabular(path: str, **kwargs) -> Callable:
    """Register a route at ``path`` and at ``path.csv``."""

    def wrap(func: Callable) -> Callable:
        router.get(path, **kwargs)(func)
        router.get(
            path + ".csv", **{**kwargs, "summary": (kwargs.get("summary") or "") + " (CSV)"}
        )(func)
        return func

    return wrap


# National -----------------------------------------------------------------------------------------
@tabular("/national", tags=["national"], summary="Councils by grade on a date")
def national(request: Request, day: AsOf, reg: Region, format: Format | None = None) -> Response:
    """Counts and percentages per grade for every judgement area, with the councils at each
    grade, on ``as_of`` (default today), for England or one region. CSV: one row per area and grade."""
    lib = library(request)
    return table(
        request,
        (day, reg),
        format,
        lambda: lib.national(day, reg),
        rows=lambda nat: views.national(lib, day, reg)["grade_rows"],
        columns=("area", "grade", "councils", "percent"),
    )


@tabular("/national/councils", tags=["national"], summary="Every council's grades on a date")
def national_councils(
    request: Request, day: AsOf, reg: Region, format: Format | None = None
) -> Response:
    return table(
        request, (day, reg), format, lambda: views.council_table(library(request), day, reg)
    )


@tabular(
    "/national/inadequate",
    tags=["national"],
    summary="Councils judged inadequate overall on a date",
)
def national_inadequate(
    request: Request, day: AsOf, reg: Region, format: Format | None = None
) -> Response:
    def data() -> list[dict]:
        overall = library(request).national(day, reg)["areas"]["overall"]
        return overall["councils"].get("inadequate", [])

    return table(request, (day, reg), format, data)


@tabular("/regions", tags=["national"], summary="Grades by region on a date")
def regions(request: Request, day: AsOf, format: Format | None = None) -> Response:
    return table(request, (day,), format, lambda: library(request).by_region(day))


@tabular("/trend", tags=["national"], summary="Share of councils good or better, over time")
def trend(
    request: Request,
    first: Start,
    last: End,
    freq: Literal["ME", "QE", "YE"] = "QE",
    format: Format | None = None,
) -> Response:
    """One row per period end (month, quarter or year) from ``start`` (default 2014-01-01) to
    ``end`` (default today)."""
    if first and first >= last:
        raise params.BadParameter("start", "must be before end")
    kwargs: dict[str, dt.date] = {"start": first} if first else {}
    return table(
        request,
        (first, last, freq),
        format,
        lambda: library(request).trend(last, freq=freq, **kwargs),
    )


@tabular(
    "/map",
    tags=["national"],
    summary="Each English district with the grade of the council serving it",
)
def district_map(
    request: Request, day: AsOf, area: Area = "overall", format: Format | None = None
) -> Response:
    return table(
        request,
        (day, area),
        format,
        lambda: choropleth.district_rows(library(request).grades_by_code(day), area),
    )


@tabular("/visits", tags=["national"], summary="Visits between inspections in the year to a date")
def recent_visits(request: Request, day: AsOf, format: Format | None = None) -> Response:
    """The focused and monitoring visits of the 365 days up to ``as_of`` (default today) whose
    letters were published by then: counts per focus, and the focused visits that set areas
    for priority action (``rule`` says it in words). CSV: one row per visit in the window."""
    return table(
        request,
        (day,),
        format,
        lambda: library(request).recent_visits(day),
        rows=lambda found: found["rows"],
    )


# Councils -------------------------------------------------------------------------------------------
@tabular("/councils", tags=["councils"], summary="Every council, past and current")
def councils(request: Request, format: Format | None = None) -> Response:
    def data() -> list[dict]:
        return [
            {
                "la_code": c.la_code,
                "name": c.name,
                "slug": c.slug,
                "region": c.region,
                "urn": c.urn,
                "ons_code": c.ons_code,
                "la_type": c.la_type,
                "start_date": c.start_date,
                "end_date": c.end_date,
            }
            for c in reference.councils()
        ]

    return table(request, (), format, data)


@router.get(
    "/la/{slug}", tags=["councils"], summary="A council's inspections, links and neighbours"
)
def council(request: Request, c: CouncilPath) -> Response:
    return table(request, (c.la_code,), None, lambda: library(request).timeline(c))


@tabular("/la/{slug}/inspections", tags=["councils"], summary="Every inspection of a council")
def council_inspections(request: Request, c: CouncilPath, format: Format | None = None):
    return table(request, (c.la_code,), format, lambda: library(request).timeline(c)["inspections"])


@tabular(
    "/la/{slug}/neighbours",
    tags=["councils"],
    summary="A council's statistical neighbours and their grades",
)
def council_neighbours(request: Request, c: CouncilPath, format: Format | None = None):
    return table(request, (c.la_code,), format, lambda: library(request).timeline(c)["neighbours"])


@tabular("/la/{slug}/recommendations", tags=["councils"], summary="Recommendations in each report")
def council_recommendations(request: Request, c: CouncilPath, format: Format | None = None):
    return table(request, (c.la_code,), format, lambda: library(request).recommendations(c) or [])


@tabular(
    "/la/{slug}/asks",
    tags=["councils"],
    summary="A council's open asks: what its improvement plan answers",
)
def council_asks(request: Request, c: CouncilPath, format: Format | None = None):
    """The asks ``cscwatch plan init`` puts in a plan, one row each: every recommendation of
    the council's latest full inspection and every area for priority action of a visit after
    it, with its report, date, page and themes; none for a council without a full inspection.
    ``text`` is null where the registry holds no report text (the embedded one). A 503
    without a registry database."""

    def data() -> list[dict]:
        rows = views.asks(library(request), c)
        if rows is None:
            raise Unavailable("asks need a registry database (cscwatch build)")
        return rows

    return table(request, (c.la_code,), format, data, columns=views.ASK_COLUMNS)


@tabular("/la/{slug}/themes", tags=["councils"], summary="Theme counts in a council's reports")
def council_themes(request: Request, c: CouncilPath, format: Format | None = None):
    return table(request, (c.la_code,), format, lambda: library(request).themes(c) or [])


@tabular(
    "/la/{slug}/context",
    tags=["councils"],
    summary="Context figures printed in a council's reports",
)
def council_context(request: Request, c: CouncilPath, format: Format | None = None):
    return table(request, (c.la_code,), format, lambda: library(request).context_figures(c))


@tabular(
    "/la/{slug}/visits",
    tags=["councils"],
    summary="A council's focused and monitoring visits between inspections",
)
def council_visits(request: Request, c: CouncilPath, format: Format | None = None):
    """One row per visit, oldest first: kind, days on site, focus, areas for priority action,
    monitoring visit number, the overall grade in effect at the visit and the grade of the next
    full inspection. Visits never change a grade."""
    return table(request, (c.la_code,), format, lambda: library(request).visits(c))


@tabular(
    "/la/{slug}/interventions",
    tags=["councils"],
    summary="Interventions the council's reports state (trusts, directions, commissioners...)",
)
def council_interventions(request: Request, c: CouncilPath, format: Format | None = None):
    return table(
        request,
        (c.la_code,),
        format,
        lambda: library(request).timeline(c).get("interventions") or [],
    )


@tabular("/compare", tags=["councils"], summary="Two to ten councils side by side")
def compare(
    request: Request, picked: Compared, day: AsOf, format: Format | None = None
) -> Response:
    """``la`` repeated (or comma-separated): slugs, DfE codes or names; at most ten."""
    return table(
        request,
        (day, tuple(c.la_code for c in picked)),
        format,
        lambda: views.compare(library(request), picked, day),
    )


# Search and the annual report -----------------------------------------------------------------
@tabular("/search", tags=["search"], summary="Full-text search of the reports")
def search(
    request: Request,
    filters: SearchFilters,
    q: str = Query(min_length=1, max_length=params.MAX_QUERY),
    format: Format | None = None,
) -> Response:
    """``{"query", "by", "total", "offset", "limit", "results"}``: ``total`` counts every
    matching passage (or report, ``by=report``); ``page`` (from 1) or ``offset`` picks which
    ``limit`` results come. CSV gives the results only."""
    query = params.text(q, "q", required=True) or ""
    lib = library(request)
    if not lib.search_available():
        raise Unavailable("full-text search is not available in this build")
    return table(
        request,
        (query, tuple(sorted(filters.items()))),
        format,
        lambda: lib.search(query, **filters),
        rows=lambda found: found["results"],
    )


@router.get(
    "/report/annual", tags=["national"], summary="The annual report for a date, as HTML in JSON"
)
def annual(request: Request, day: AsOf) -> Response:
    return table(
        request, (day,), None, lambda: {"as_of": day, "html": library(request).annual(day)}
    )
