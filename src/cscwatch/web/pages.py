"""The HTML pages. Each takes its parameters checked (see params.py), gathers a view and
renders a template; the finished page is kept per set of parameters. Handlers are plain
functions, so FastAPI runs them in its threadpool, never on the event loop."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from cscwatch import reference
from cscwatch.render import charts, choropleth
from cscwatch.web import params, views
from cscwatch.web.library import Unavailable
from cscwatch.web.params import AsOf, MaybeCompared, Region, SearchFilters
from cscwatch.web.responses import HTML, XLSX, Body, finished, library, page, render

router = APIRouter(include_in_schema=False)


def _everyone() -> list[reference.Council]:
    return sorted(reference.councils(), key=lambda c: (c.end_date is not None, c.name))


@router.get("/")
def national_page(request: Request, day: AsOf, reg: Region) -> Response:
    def build() -> str:
        lib = library(request)
        view = views.national(lib, day, reg)
        return render(
            request,
            "national.html",
            **view,
            distribution=charts.distribution(view["national"]),
            trend_chart=charts.trend(view["trend"]),
            map_svg=choropleth.choropleth(
                lib.grades_by_code(day), as_of=day.isoformat(), region=reg
            ),
            attribution=choropleth.geometry().attribution,
        )

    return page(request, ("national", day, reg), build)


@router.get("/la")
def council_finder(request: Request, q: str | None = None) -> Response:
    query = params.text(q, "q")
    if query:
        c = params.council(query)
        return RedirectResponse(f"/la/{c.slug}", status_code=303)
    return page(
        request, ("councils",), lambda: render(request, "councils.html", councils=_everyone())
    )


@router.get("/la/{slug}")
def council_page(request: Request, slug: str) -> Response:
    c = params.council(slug)
    if slug != c.slug:
        return RedirectResponse(f"/la/{c.slug}", status_code=308)

    def build() -> str:
        view = views.council(library(request), c)
        return render(request, "council.html", **view, chart=charts.timeline(view["inspections"]))

    return page(request, ("council", c.la_code), build)


@router.get("/la/{slug}/plan")
def plan_page(request: Request, slug: str) -> Response:
    """The council's open asks (what an improvement plan answers) and a link to the plan
    workbook ``cscwatch plan init`` writes. Read-only: nothing is stored."""
    c = params.council(slug)
    if slug != c.slug:
        return RedirectResponse(f"/la/{c.slug}/plan", status_code=308)
    return page(
        request,
        ("plan", c.la_code, params.today()),
        lambda: render(request, "plan.html", **views.plan(library(request), c)),
    )


@router.get("/la/{slug}/plan.xlsx")
def plan_workbook(request: Request, slug: str) -> Response:
    """The plan workbook of ``cscwatch plan init`` for the council, made in memory."""
    c = params.council(slug)
    if slug != c.slug:
        return RedirectResponse(f"/la/{c.slug}/plan.xlsx", status_code=308)

    def build() -> Body:
        made = library(request).plan_workbook(c)
        if made is None:
            raise Unavailable("a plan needs a registry database (cscwatch build)")
        return Body(made, XLSX)

    today = params.today()
    body = finished(request, ("plan.xlsx", c.la_code, today), build)
    name = f"cscwatch-plan-{c.slug}-{today.isoformat()}.xlsx"
    return body.response(headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/compare")
def compare_page(request: Request, picked: MaybeCompared, day: AsOf) -> Response:
    def build() -> str:
        lib = library(request)
        return render(
            request,
            "compare.html",
            as_of=day,
            rows=views.compare(lib, picked, day) if picked else [],
            picked=picked,
            councils=_everyone(),
            rule=lib.rule(day),
        )

    return page(request, ("compare", day, tuple(c.la_code for c in picked)), build)


@router.get("/search")
def search_page(
    request: Request,
    filters: SearchFilters,
    q: str | None = Query(default=None),
) -> Response:
    lib = library(request)
    query = params.text(q, "q")
    available = lib.search_available()
    found = lib.search(query, **filters) if (available and query) else None
    results = views.search_results(found["results"]) if found else []
    given = request.query_params
    form = {
        "q": query or "",
        "la": given.get("la") or "",
        "region": filters["region"] or "",
        "framework": given.get("framework") or "",
        "grade": filters["grade"] or "",
        "since": given.get("since") or "",
        "until": given.get("until") or "",
        "section": filters["section"] or "",
        "limit": filters["limit"],
        "by": filters["by"],
    }
    html = render(
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


@router.get("/report/annual")
def annual_page(request: Request, day: AsOf) -> Response:
    return page(
        request,
        ("annual", day),
        lambda: render(
            request, "annual.html", as_of=day, report=Markup(library(request).annual_body(day))
        ),
    )


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says: the app's icon (SVG)."""
    icon = resources.files("cscwatch.web").joinpath("static", "favicon.svg").read_bytes()
    return Response(icon, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


@router.get("/report/annual/document")
def annual_document(request: Request, day: AsOf) -> Response:
    """The report as a standalone HTML document (printable), as `cscwatch report annual` writes it."""
    return page(request, ("annual-document", day), lambda: library(request).annual(day))


@router.get("/about")
def about_page(request: Request) -> Response:
    return page(
        request,
        ("about",),
        lambda: render(request, "about.html", attribution=choropleth.geometry().attribution),
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
def api_docs(request: Request) -> Response:
    """The OpenAPI description as a plain page (the machine-readable one is /openapi.json)."""

    def build() -> str:
        spec = request.app.openapi()
        routes = [
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
            for path, methods in spec["paths"].items()
            for method, op in methods.items()
        ]
        return render(request, "docs.html", spec=spec, routes=routes)

    return page(request, ("docs",), build)
