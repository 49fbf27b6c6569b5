"""What the pages and the API share: the library, the one cache of finished responses, and
the way a page, a JSON document or a CSV table becomes a response.

A finished body is kept per set of checked parameters, so a repeat visit costs a dictionary
look-up; compression is the GZip middleware's (see app.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from cscwatch.render.jinja import environment
from cscwatch.render.output import csv_text, json_text
from cscwatch.web import params
from cscwatch.web.library import Library

HTML = "text/html; charset=utf-8"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def library(request: Request) -> Library:
    return request.app.state.library


@dataclass(frozen=True)
class Body:
    """A finished response body."""

    content: bytes
    media_type: str

    def response(self, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        return Response(self.content, status, headers=headers, media_type=self.media_type)


def finished(request: Request, key: tuple, make: Callable[[], Body]) -> Body:
    """The body kept under ``key`` in the app's response cache, made on a first visit."""
    return request.app.state.responses.get(key, make)


def render(request: Request, template: str, **context: Any) -> str:
    """A page template, with what every page shows (the path, today, the regions)."""
    return (
        environment()
        .get_template(template)
        .render(path=request.url.path, today=params.today(), regions=params.regions(), **context)
    )


def page(request: Request, key: tuple, build: Callable[[], str]) -> Response:
    """The HTML page ``build()`` makes, kept under ``key``."""
    return finished(request, ("page", *key), lambda: Body(build().encode("utf-8"), HTML)).response()


def wants_csv(request: Request, fmt: str | None) -> bool:
    return fmt == "csv" or request.url.path.endswith(".csv")


def table(
    request: Request,
    key: tuple,
    fmt: str | None,
    data: Callable[[], Any],
    rows: Callable[[Any], Sequence[dict]] | None = None,
    columns: Sequence[str] | None = None,
) -> Response:
    """JSON of ``data()``, or CSV of ``rows(data())`` (the rows themselves by default)."""
    as_csv = wants_csv(request, fmt)
    path = request.url.path.removesuffix(".csv")

    def build() -> Body:
        value = data()
        if as_csv:
            text = csv_text((rows or (lambda v: v))(value), columns)
            return Body(text.encode("utf-8"), CSV)
        return Body(json_text(value).encode("utf-8"), JSON)

    body = finished(request, ("api", path, as_csv, *key), build)
    if not as_csv:
        return body.response()
    name = path.removeprefix("/api/").replace("/", "-")
    return body.response(
        headers={"Content-Disposition": f'attachment; filename="cscwatch-{name}.csv"'}
    )
