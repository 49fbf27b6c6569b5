"""The HTML pages. Each validates its parameters, gathers a view and renders a template; the
finished page is kept per set of parameters, so a repeat visit costs a dictionary look-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from cscwatch import reference
from cscwatch.web import mapsvg, params, svg, views
from cscwatch.web.library import MISSING, Library
from cscwatch.web.render import Body

router = APIRouter(include_in_schema=False)
HTML = "text/html; charset=utf-8"


def _lib(request: Request) -> Library:
    return request.app.state.library


async def finished(request: Request, key: tuple, make: Callable[[], Body]) -> Body:
    """The finished body kept under ``key``, made (off the event loop) on a first visit."""
    store = request.app.state.pages
    body = store.peek(key)
    if body is MISSING:
        body = await run_in_threadpool(store.get, key, make)
    return body


async def cached(request: Request, key: tuple, build: Callable[[], str]) -> Response:
    body = await finished(request, key, lambda: Body.of(build(), HTML))
    return body.response(request)


def _render(request: Request, template: str, **context) -> str:
    env = request.app.state.templates
    return env.get_template(template).render(
        path=request.url.path, today=params.today(), regions=params.regions(), **context
    )


@router.get("/")
async def national_page(request: Request, as_of: str | None = None, region: str | None = None):
    day, reg = params.as_of_date(as_of), params.region(region)

    def build() -> str:
        lib = _lib(request)
        view = views.national(lib, day, reg)
        return _render(
            request,
            "national.html",
            **view,
            distribution=svg.distribution(view["national"]),
            trend_chart=svg.trend(view["trend"]),
            map_svg=mapsvg.choropleth(lib.grades_by_code(day), as_of=day.isoformat(), region=reg),
            attribution=mapsvg.geometry().attribution,
        )

    return await cached(request, ("national", day, reg), build)


@router.get("/la")
async def council_finder(request: Request, q: str | None = None):
    query = params.text(q, "q")
    if query:
        c = params.council(query)
        return RedirectResponse(f"/la/{c.slug}", status_code=303)

    def build() -> str:
        everyone = sorted(reference.councils(), key=lambda c: (c.end_date is not None, c.name))
        return _render(request, "councils.html", councils=everyone)

    return await cached(request, ("councils",), build)


@router.get("/la/{slug}")
async def council_page(request: Request, slug: str):
    c = params.council(slug)
    if slug != c.slug:
        return RedirectResponse(f"/la/{c.slug}", status_code=308)

    def build() -> str:
        view = views.council(_lib(request), c)
        return _render(request, "council.html", **view, chart=svg.timeline(view["inspections"]))

    return await cached(request, ("council", c.la_code), build)


@router.get("/compare")
async def compare_page(
    request: Request, la: list[str] = Query(default=[]), as_of: str | None = None
):
    day = params.as_of_date(as_of)
    picked = params.councils(la) if any(x.strip() for x in la) else []
    key = ("compare", day, tuple(c.la_code for c in picked))

    def build() -> str:
        rows = views.compare(_lib(request), picked, day) if picked else []
        everyone = sorted(reference.councils(), key=lambda c: (c.end_date is not None, c.name))
        return _render(
            request,
            "compare.html",
            as_of=day,
            rows=rows,
            picked=picked,
            councils=everyone,
            rule=_lib(request).rule(day),
        )

    return await cached(request, key, build)


@router.get("/search")
def search_page(
    request: Request,
    q: str | None = None,
    la: str | None = None,
    region: str | None = None,
    framework: str | None = None,
    grade: str | None = None,
    since: str | None = None,
    until: str | None = None,
    section: str | None = None,
    limit: int = Query(default=20, ge=1, le=100),
    page: int = Query(default=1, ge=1, le=10_000),
    by: Literal["passage", "report"] = "passage",
):
    lib = _lib(request)
    filters = search_filters(la, region, framework, grade, since, until, section, limit)
    filters |= {"offset": (page - 1) * limit, "by": by}
    query = params.text(q, "q")
    available = lib.search_available()
    found = lib.search(query, **filters) if (available and query) else None
    results = views.search_results(found["results"]) if found else []
    form = {
        "q": query or "",
        "la": la or "",
        "region": filters["region"] or "",
        "framework": framework or "",
        "grade": filters["grade"] or "",
        "since": since or "",
        "until": until or "",
        "section": filters["section"] or "",
        "limit": limit,
        "by": by,
    }
    html = _render(
        request,
        "search.html",
        available=available,
        query=query,
        results=results,
        form=form,
        found=found,
        pages=views.search_pages(request.url, found) if found else None,
        choices=lib.search_choices() if available else None,
    )
    return Response(html, media_type=HTML)


def search_filters(la, region, framework, grade, since, until, section, limit) -> dict:
    """The search's filters from a URL: a council, dates and limit checked here; grade, region
    and section against search/filters.py (the framework against the registry, by the search);
    an unknown value is a 400 naming the valid ones and the closest."""
    from cscwatch.search import filters as checks

    def check(name: str, value: str | None) -> str | None:
        try:
            return getattr(checks, name)(params.text(value, name))
        except checks.FilterError as exc:
            raise params.BadParameter(name, str(exc)) from None

    return {
        "limit": limit,
        "la_code": params.council(la).la_code if la else None,
        "region": check("region", region),
        "framework": params.text(framework, "framework"),
        "grade": check("grade", grade),
        "since": params.optional_date(since, "since"),
        "until": params.optional_date(until, "until"),
        "section": check("section", section),
    }


@router.get("/report/annual")
async def annual_page(request: Request, as_of: str | None = None):
    day = params.as_of_date(as_of)

    return await cached(
        request, ("annual", day), lambda: _render(request, "annual.html", as_of=day)
    )


@router.get("/report/annual/document")
async def annual_document(request: Request, as_of: str | None = None):
    """The report as a standalone HTML document (printable), as `cscwatch report annual` writes it."""
    day = params.as_of_date(as_of)
    return await cached(request, ("annual-document", day), lambda: _lib(request).annual(day))


@router.get("/about")
async def about_page(request: Request):
    return await cached(
        request,
        ("about",),
        lambda: _render(request, "about.html", attribution=mapsvg.geometry().attribution),
    )


def _schema_text(schema: dict) -> str:
    if "anyOf" in schema:
        return " or ".join(_schema_text(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    if schema.get("type") == "array":
        return "repeatable " + _schema_text(schema.get("items", {}))
    return schema.get("format") or schema.get("type") or "text"


@router.get("/docs")
async def api_docs(request: Request):
    """The OpenAPI description as a plain page (the machine-readable one is /openapi.json)."""

    def build() -> str:
        spec = request.app.openapi()
        routes = []
        for path, methods in spec["paths"].items():
            for method, op in methods.items():
                routes.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary", ""),
                        "description": op.get("description", ""),
                        "tags": op.get("tags", []),
                        "parameters": [
                            {
                                "name": p["name"],
                                "in": p["in"],
                                "required": p.get("required", False),
                                "type": _schema_text(p.get("schema", {})),
                                "default": p.get("schema", {}).get("default"),
                            }
                            for p in op.get("parameters", [])
                        ],
                    }
                )
        return _render(request, "docs.html", spec=spec, routes=routes)

    return await cached(request, ("docs",), build)
