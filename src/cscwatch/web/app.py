"""The web app: ``create_app(db)`` loads the registry once and serves pages and a JSON API.

Pages are rendered on the server (they work without JavaScript) and kept, finished, per set of
parameters; the figures come from cscwatch.analytics through :mod:`cscwatch.web.library`.
Responses are compressed by Starlette's GZip middleware; HEAD is answered as GET without the
body."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cscwatch import __version__
from cscwatch.plan.init import InitError
from cscwatch.render.jinja import environment
from cscwatch.web import api, pages
from cscwatch.web.library import LRU, Library, Unavailable
from cscwatch.web.params import BadParameter, UnknownCouncil

DESCRIPTION = (
    "Ofsted inspections of English councils' children's services: the national picture on any "
    "date, each council's history, comparisons, search and the annual report. Every table is "
    "also CSV: add `?format=csv` or use the `.csv` path."
)


class HeadAsGet:
    """HEAD answered as GET, with the same headers and no body (FastAPI routes take GET only)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _warm() -> None:
    """Import the survival model's library (1-3 s) while the server waits for its first
    visitor, rather than during the first annual report."""
    import lifelines  # noqa: F401


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    threading.Thread(target=_warm, name="cscwatch-warm", daemon=True).start()
    yield


def create_app(db: str | None = None, *, library: Library | None = None) -> FastAPI:
    """The app over the registry at ``db`` (the embedded registry by default)."""
    app = FastAPI(
        lifespan=_lifespan,
        title="cscwatch",
        description=DESCRIPTION,
        version=__version__,
        docs_url=None,  # Swagger UI loads its files from a CDN; /docs is rendered here instead
        redoc_url=None,
        openapi_tags=[{"name": "national"}, {"name": "councils"}, {"name": "search"}],
    )
    app.state.library = library or Library.open(db)
    app.state.responses = LRU(1024)  # the one cache of finished responses
    app.mount("/static", StaticFiles(packages=[("cscwatch.web", "static")]), name="static")
    # GOV.UK Frontend's compiled CSS names its images under /assets (vendored, never fetched)
    app.mount(
        "/assets", StaticFiles(packages=[("cscwatch.web", "static/govuk/assets")]), name="assets"
    )
    app.include_router(pages.router)
    app.include_router(api.router, prefix="/api")
    app.add_middleware(GZipMiddleware, minimum_size=1400)
    app.add_middleware(HeadAsGet)
    _errors(app)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/docs", "/openapi.json")


def _error(request: Request, status: int, title: str, message: str, **extra) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message, **extra}, status_code=status)
    html = (
        environment()
        .get_template("error.html")
        .render(
            request=request,
            path=request.url.path,
            title=title,
            message=message,
            status=status,
            **extra,
        )
    )
    return HTMLResponse(html, status_code=status)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter) -> Response:
        return _error(
            request, 400, "There is a problem with the request", str(exc), parameter=exc.name
        )

    @app.exception_handler(UnknownCouncil)
    async def unknown_council(request: Request, exc: UnknownCouncil) -> Response:
        matches = [{"la_code": c.la_code, "name": c.name, "slug": c.slug} for c in exc.suggestions]
        hint = " Did you mean: " + ", ".join(m["name"] for m in matches) + "?" if matches else ""
        return _error(
            request,
            404,
            "Council not found",
            f"No council matches {exc.query!r}.{hint}",
            suggestions=matches,
        )

    @app.exception_handler(InitError)
    async def no_plan(request: Request, exc: InitError) -> Response:
        return _error(request, 404, "No plan can be made", f"No plan can be made: {exc}.")

    @app.exception_handler(Unavailable)
    async def unavailable(request: Request, exc: Unavailable) -> Response:
        return _error(request, 503, "Not available in this build", str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
            for e in exc.errors()
        )
        return _error(request, 422, "There is a problem with the request", problems)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            return _error(
                request, 404, "Page not found", f"There is no page at {request.url.path}."
            )
        return _error(request, exc.status_code, "Error", str(exc.detail))
