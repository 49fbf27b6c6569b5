"""The JSON API under /api/: everything a page shows. Every table is also CSV, with
``?format=csv`` or by adding ``.csv`` to the path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from cscwatch import reference
from cscwatch.web import mapsvg, params, views
from cscwatch.web.library import Library
from cscwatch.web.pages import finished, search_filters
from cscwatch.web.render import Body, csv_text, json_text

router = APIRouter()
Format = Literal["json", "csv"]
Area = Literal["overall", "help_and_protection", "children_in_care", "care_leavers", "leadership"]


def _lib(request: Request) -> Library:
    return request.app.state.library


def table(path: str, **kwargs) -> Callable:
    """Register a route at ``path`` and at ``path.csv``."""

    def wrap(func: Callable) -> Callable:
        router.get(path, **kwargs)(func)
        router.get(
            path + ".csv", **{**kwargs, "summary": (kwargs.get("summary") or "") + " (CSV)"}
        )(func)
        return func

    return wrap


def _is_csv(request: Request, fmt: str | None) -> bool:
    return fmt == "csv" or request.url.path.endswith(".csv")


async def reply(
    request: Request,
    key: tuple,
    fmt: str | None,
    data: Callable[[], Any],
    rows: Callable[[Any], Sequence[dict]] | None = None,
    columns: Sequence[str] | None = None,
) -> Response:
    """JSON of ``data()``, or CSV of ``rows(data())``; finished bodies are kept per key."""
    as_csv = _is_csv(request, fmt)
    full_key = ("api", request.url.path.removesuffix(".csv"), as_csv, *key)

    def build() -> Body:
        value = data()
        if as_csv:
            return Body.of(
                csv_text((rows or (lambda v: v))(value), columns), "text/csv; charset=utf-8"
            )
        return Body.of(json_text(value), "application/json")

    body = await finished(request, full_key, build)
    headers = None
    if as_csv:
        name = request.url.path.removeprefix("/api/").removesuffix(".csv").replace("/", "-")
        headers = {"Content-Disposition": f'attachment; filename="cscwatch-{name}.csv"'}
    return body.response(request, headers=headers)


# National -----------------------------------------------------------------------------------------
@table("/national", tags=["national"], summary="Councils by grade on a date")
async def national(
    request: Request,
    as_of: str | None = None,
    region: str | None = None,
    format: Format | None = None,
):
    """Counts and percentages per grade for every judgement area, with the councils at each
    grade, on ``as_of`` (default today), for England or one region. CSV: one row per area and grade."""
    day, reg = params.as_of_date(as_of), params.region(region)
    return await reply(
        request,
        (day, reg),
        format,
        lambda: _lib(request).national(day, reg),
        rows=lambda nat: views.national(_lib(request), day, reg)["grade_rows"],
        columns=("area", "grade", "councils", "percent"),
    )


@table("/national/councils", tags=["national"], summary="Every council's grades on a date")
async def national_councils(
    request: Request,
    as_of: str | None = None,
    region: str | None = None,
    format: Format | None = None,
):
    day, reg = params.as_of_date(as_of), params.region(region)
    return await reply(
        request, (day, reg), format, lambda: views.council_table(_lib(request), day, reg)
    )


@table(
    "/national/inadequate",
    tags=["national"],
    summary="Councils judged inadequate overall on a date",
)
async def national_inadequate(
    request: Request,
    as_of: str | None = None,
    region: str | None = None,
    format: Format | None = None,
):
    day, reg = params.as_of_date(as_of), params.region(region)
    return await reply(
        request,
        (day, reg),
        format,
        lambda: (
            _lib(request).national(day, reg)["areas"]["overall"]["councils"].get("inadequate", [])
        ),
    )


@table("/regions", tags=["national"], summary="Grades by region on a date")
async def regions(request: Request, as_of: str | None = None, format: Format | None = None):
    day = params.as_of_date(as_of)
    return await reply(request, (day,), format, lambda: _lib(request).by_region(day))


@table("/trend", tags=["national"], summary="Share of councils good or better, over time")
async def trend(
    request: Request,
    start: str | None = None,
    end: str | None = None,
    freq: Literal["ME", "QE", "YE"] = "QE",
    format: Format | None = None,
):
    """One row per period end (month, quarter or year) from ``start`` (default 2014-01-01) to
    ``end`` (default today)."""
    first = params.optional_date(start, "start")
    last = params.as_of_date(end, "end")
    if first and first >= last:
        raise params.BadParameter("start", "must be before end")
    kwargs = {"start": first} if first else {}
    return await reply(
        request, (first, last, freq), format, lambda: _lib(request).trend(last, freq=freq, **kwargs)
    )


@table(
    "/map",
    tags=["national"],
    summary="Each English district with the grade of the council serving it",
)
async def district_map(
    request: Request, as_of: str | None = None, area: Area = "overall", format: Format | None = None
):
    day = params.as_of_date(as_of)
    return await reply(
        request,
        (day, area),
        format,
        lambda: mapsvg.district_rows(_lib(request).grades_by_code(day), area),
    )


# Councils -------------------------------------------------------------------------------------------
@table("/councils", tags=["councils"], summary="Every council, past and current")
async def councils(request: Request, format: Format | None = None):
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

    return await reply(request, (), format, data)


@router.get(
    "/la/{slug}", tags=["councils"], summary="A council's inspections, links and neighbours"
)
async def council(request: Request, slug: str):
    c = params.council(slug)
    return await reply(request, (c.la_code,), None, lambda: _lib(request).timeline(c))


@table("/la/{slug}/inspections", tags=["councils"], summary="Every inspection of a council")
async def council_inspections(request: Request, slug: str, format: Format | None = None):
    c = params.council(slug)
    return await reply(
        request, (c.la_code,), format, lambda: _lib(request).timeline(c)["inspections"]
    )


@table(
    "/la/{slug}/neighbours",
    tags=["councils"],
    summary="A council's statistical neighbours and their grades",
)
async def council_neighbours(request: Request, slug: str, format: Format | None = None):
    c = params.council(slug)
    return await reply(
        request, (c.la_code,), format, lambda: _lib(request).timeline(c)["neighbours"]
    )


@table("/la/{slug}/recommendations", tags=["councils"], summary="Recommendations in each report")
async def council_recommendations(request: Request, slug: str, format: Format | None = None):
    c = params.council(slug)
    return await reply(
        request, (c.la_code,), format, lambda: _lib(request).recommendations(c) or []
    )


@table("/la/{slug}/themes", tags=["councils"], summary="Theme counts in a council's reports")
async def council_themes(request: Request, slug: str, format: Format | None = None):
    c = params.council(slug)
    return await reply(request, (c.la_code,), format, lambda: _lib(request).themes(c) or [])


@table(
    "/la/{slug}/context",
    tags=["councils"],
    summary="Context figures printed in a council's reports",
)
async def council_context(request: Request, slug: str, format: Format | None = None):
    c = params.council(slug)
    return await reply(request, (c.la_code,), format, lambda: _lib(request).context_figures(c))


@table("/compare", tags=["councils"], summary="Two to ten councils side by side")
async def compare(
    request: Request,
    la: list[str] = Query(default=[]),
    as_of: str | None = None,
    format: Format | None = None,
):
    """``la`` repeated (or comma-separated): slugs, DfE codes or names."""
    day = params.as_of_date(as_of)
    picked = params.councils(la)
    return await reply(
        request,
        (day, tuple(c.la_code for c in picked)),
        format,
        lambda: views.compare(_lib(request), picked, day),
    )


# Search and the annual report -----------------------------------------------------------------
@table("/search", tags=["search"], summary="Full-text search of the reports")
async def search(
    request: Request,
    q: str = Query(min_length=1, max_length=params.MAX_QUERY),
    la: str | None = None,
    region: str | None = None,
    framework: str | None = None,
    grade: str | None = None,
    since: str | None = None,
    until: str | None = None,
    section: str | None = None,
    limit: int = Query(default=20, ge=1, le=100),
    offset: int | None = Query(default=None, ge=0, le=1_000_000),
    page: int | None = Query(default=None, ge=1, le=10_000),
    by: Literal["passage", "report"] = "passage",
    format: Format | None = None,
):
    """``{"query", "by", "total", "offset", "limit", "results"}``: ``total`` counts every
    matching passage (or report, ``by=report``); ``page`` (from 1) or ``offset`` picks which
    ``limit`` results come. CSV gives the results only."""
    filters = search_filters(la, region, framework, grade, since, until, section, limit)
    filters |= {"offset": offset if page is None else (page - 1) * limit, "by": by}
    filters["offset"] = filters["offset"] or 0
    query = params.text(q, "q", required=True)
    lib = _lib(request)
    if not lib.search_available():
        from cscwatch.web.library import Unavailable

        raise Unavailable("full-text search is not available in this build")
    return await reply(
        request,
        (query, tuple(sorted(filters.items()))),
        format,
        lambda: lib.search(query, **filters),
        rows=lambda found: found["results"],
    )


@router.get(
    "/report/annual", tags=["national"], summary="The annual report for a date, as HTML in JSON"
)
async def annual(request: Request, as_of: str | None = None):
    day = params.as_of_date(as_of)
    return await reply(
        request, (day,), None, lambda: {"as_of": day, "html": _lib(request).annual(day)}
    )
