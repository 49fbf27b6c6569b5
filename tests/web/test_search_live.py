"""Search in the web app over a real registry: generated reports built with `build` (text
index included), searched through the API and, in headless Chromium, through the page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cscwatch.registry import store
from cscwatch.registry.build import build
from cscwatch.web.app import create_app
from tests.conftest import CHROMIUM, ILACS_2023, SIF_2014, make_pdf
from tests.web.conftest import serving, shot

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
    found = client.get("/api/search", params={"q": "police custody overnight"}).json()
    assert (found["total"], found["offset"], found["limit"], found["by"]) == (1, 0, 20, "passage")
    hits = found["results"]
    assert [h["la_code"] for h in hits] == ["370"]
    assert hits[0]["page"] == 2 and hits[0]["framework"] == "SIF"
    assert hits[0]["link"] == "barnsley/sif - 08 august 2014.pdf, page 2"
    nothing = client.get("/api/search", params={"q": "zebra quantum"}).json()
    assert nothing["total"] == 0 and nothing["results"] == []


def _all(client, **query):
    return client.get("/api/search", params={"limit": 100, **query}).json()


def test_search_api_total_pages_and_reports(live_app):
    client = TestClient(live_app)
    everything = _all(client, q="children")
    total = everything["total"]
    assert total == len(everything["results"]) > 2  # (generated reports: a few passages)
    pages = [
        client.get("/api/search", params={"q": "children", "limit": 2, "page": n}).json()
        for n in range(1, -(-total // 2) + 1)
    ]
    assert {p["total"] for p in pages} == {total}
    assert [r for p in pages for r in p["results"]] == everything["results"]
    offset = client.get("/api/search", params={"q": "children", "limit": 2, "offset": 2}).json()
    assert offset["results"] == pages[1]["results"]
    reports = _all(client, q="children", by="report")
    assert sum(r["passages"] for r in reports["results"]) == total
    files = {r["source_file"] for r in everything["results"]}
    assert reports["total"] == len(files) == len({r["source_file"] for r in reports["results"]})
    csv = client.get("/api/search.csv", params={"q": "children", "limit": 2})
    assert csv.status_code == 200 and len(csv.text.strip().splitlines()) == 3  # header + 2


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ({"grade": "inadequte"}, "did you mean 'inadequate'"),
        ({"region": "North"}, "did you mean 'North East'"),
        ({"framework": "ilac"}, "did you mean 'ILACS'"),
        ({"section": "help"}, "did you mean 'Help and protection'"),
        ({"q": "NOT children"}, "cannot only exclude"),
    ],
)
def test_a_bad_value_is_a_400_saying_what_is_valid(live_app, bad, says):
    client = TestClient(live_app)
    api = client.get("/api/search", params={"q": "children", **bad})
    assert api.status_code == 400 and says in api.json()["detail"]
    page = client.get("/search", params={"q": "children", **bad})
    assert page.status_code == 400 and says.replace("'", "&#39;") in page.text


def test_search_page_counts_pages_and_links(live_app):
    client = TestClient(live_app)
    total = _all(client, q="children")["total"]
    html = client.get("/search", params={"q": "children", "limit": 2, "page": 2}).text
    assert f"{total} passages found" in html and "showing 3–4" in html
    assert (
        'rel="prev" href' not in html and 'href="/search?q=children&amp;limit=2&amp;page=1"' in html
    )
    assert "show one row per report" in html
    for name in ("region", "grade", "framework", "section"):
        assert f'<select class="govuk-select" id="{name}"' in html
    assert (
        "<option selected>SIF</option>"
        in client.get("/search", params={"q": "children", "framework": "sif"}).text
    )
    by_report = client.get("/search", params={"q": "children", "by": "report"}).text
    assert "matching passage" in by_report and "show every passage" in by_report


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing")
def test_search_page_in_chromium(live_app, browser):  # noqa: F811
    with serving(live_app) as base:
        page = browser.new_page(base_url=base)
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


def test_page_links_keep_the_query_and_skip_far_pages():
    from starlette.datastructures import URL

    from cscwatch.web.views import search_pages

    found = {"limit": 5, "total": 37, "offset": 5, "results": [{}] * 5}  # page 2 of 8
    pages = search_pages(URL("http://x/search?q=neglect&grade=good&page=2"), found)
    assert (pages["here"], pages["count"], pages["first"], pages["last"]) == (2, 8, 6, 10)
    assert [n for n, _ in pages["numbers"]] == [1, 2, 3, 4, 5, None, 8]
    assert pages["next"] == "/search?q=neglect&grade=good&page=3"
    assert pages["by_report"] == "/search?q=neglect&grade=good&by=report&page=1"
    assert pages["csv"] == "/api/search.csv?q=neglect&grade=good&page=2"
