"""Search in the web app over a real registry: generated reports built with `build` (text
index included), searched through the API and, in headless Chromium, through the page."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from cscwatch.registry import store
from cscwatch.registry.build import build
from cscwatch.web.app import create_app
from tests.conftest import ILACS_2023, SIF_2014, make_pdf
from tests.web.test_browser import CHROMIUM, _free_port, browser, shot  # noqa: F401

BODY = """The experiences and progress of children who need help and protection
12. Too many young people were held in police custody overnight because no
alternative accommodation was found by the emergency duty team. Managers do
not review these decisions.
13. Return home interviews are offered to every child who goes missing.
"""


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("reports")
    make_pdf([SIF_2014, BODY], root / "barnsley" / "sif - 08 august 2014.pdf")
    make_pdf([ILACS_2023], root / "isle of wight" / "ilacs - 15 december 2023.pdf")
    url = f"sqlite:///{root / 'registry.db'}"
    result = build(store.connect(url, create=True), root, workers=1)
    assert (result.parsed, result.failed) == (2, [])
    return create_app(url)


def test_search_api_finds_the_passage(live_app):
    client = TestClient(live_app)
    hits = client.get("/api/search", params={"q": "police custody overnight"}).json()
    assert [h["la_code"] for h in hits] == ["370"]
    assert hits[0]["page"] == 2 and hits[0]["framework"] == "SIF"
    assert client.get("/api/search", params={"q": "zebra quantum"}).json() == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing")
def test_search_page_in_chromium(live_app, browser):  # noqa: F811
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(live_app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        page = browser.new_page(base_url=f"http://127.0.0.1:{port}")
        page.goto("/search")
        page.fill("#q", "police custody")
        page.click("#search-button")
        page.wait_for_url("**q=police**")
        results = page.locator("#results > li")
        assert results.count() == 1
        assert "Barnsley" in results.first.inner_text()
        marks = page.locator("#results mark").all_inner_texts()  # matched words highlighted
        assert " ".join(marks).lower().split() == ["police", "custody"]
        shot(page, "search")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
