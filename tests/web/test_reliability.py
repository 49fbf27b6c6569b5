"""The web app under load and odd requests: a huge comparison is refused before any work is
done, no handler runs CPU-bound work on the event loop, HEAD is answered like GET (headers,
no body), and responses are compressed by the middleware."""

from __future__ import annotations

import inspect
import time

import pytest
from fastapi.routing import APIRoute

from cscwatch import reference

from .conftest import AS_OF


def test_compare_refuses_more_than_ten_councils_at_once(client):
    everyone = [c.la_code for c in reference.councils()]
    many = everyone + [f"Nowhere {i}" for i in range(2000 - len(everyone))]
    for url in ("/api/compare", "/compare"):
        started = time.perf_counter()
        r = client.get(url, params=[("la", code) for code in many] + [("as_of", AS_OF)])
        took = time.perf_counter() - started
        assert r.status_code == 400, url
        assert "at most 10 councils" in r.text and "2000" in r.text, url
        assert took < 1.0, f"{url} took {took:.2f}s to refuse"
    one = ",".join(everyone[:11])  # comma-separated in one parameter counts the same
    r = client.get("/api/compare", params={"la": one})
    assert r.status_code == 400 and "at most 10 councils" in r.text


def test_unknown_names_beyond_the_cap_are_not_looked_up(client, monkeypatch):
    """The cap is checked on the raw list: no council is resolved (or fuzzily matched)."""
    looked_up = []
    original = reference.suggest
    monkeypatch.setattr(
        reference, "suggest", lambda *a, **k: looked_up.append(a) or original(*a, **k)
    )
    r = client.get("/api/compare", params=[("la", f"Nowhere {i}") for i in range(11)])
    assert r.status_code == 400 and not looked_up


def test_no_handler_blocks_the_event_loop():
    """Plain ``def`` handlers run in the threadpool; ``async def`` ones on the event loop."""
    from cscwatch.web import api, pages

    routes = [r for r in (*pages.router.routes, *api.router.routes) if isinstance(r, APIRoute)]
    assert len(routes) > 20
    on_loop = [r.path for r in routes if inspect.iscoroutinefunction(r.endpoint)]
    assert on_loop == []


@pytest.mark.parametrize(
    "url",
    [
        f"/?as_of={AS_OF}",
        "/la/barnsley-370",
        "/compare",
        "/about",
        "/docs",
        f"/report/annual?as_of={AS_OF}",
        f"/api/national?as_of={AS_OF}",
        f"/api/national.csv?as_of={AS_OF}",
        "/static/app.css",
    ],
)
def test_head_is_answered_like_get(client, url):
    got = client.get(url)
    head = client.head(url)
    assert got.status_code == head.status_code == 200, url
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


def test_head_on_a_missing_page_is_404(client):
    assert client.head("/nowhere").status_code == 404


def test_large_responses_are_gzipped_small_ones_are_not(client):
    page = client.get(f"/?as_of={AS_OF}", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip" and "<svg" in page.text
    plain = client.get(f"/?as_of={AS_OF}", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == page.text
    small = client.get("/api/la/barnsley-370/context", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
