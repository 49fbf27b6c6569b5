"""End-to-end: the app under uvicorn, driven by headless Chromium (Debian's /usr/bin/chromium).
Loads every page, uses the date picker, region filter, council finder, compare and search,
checks what is shown against the API, and saves screenshots to tests/_artifacts/."""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.conftest import CHROMIUM

from .conftest import serving, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is missing: apt-get install chromium"
    ),
]


@pytest.fixture(scope="module")
def server(app):
    with serving(app) as url:
        yield url


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    yield page
    context.close()
    assert not outside, f"the page fetched from elsewhere: {outside}"


def api(server: str, path: str):
    with urllib.request.urlopen(server + path) as r:  # noqa: S310 - loopback only
        return json.loads(r.read())


AS_OF = "2024-06-30"


def test_national_page_figures_match_the_api(page, server):
    page.goto(f"/?as_of={AS_OF}")
    want = api(server, f"/api/national?as_of={AS_OF}")["areas"]["overall"]
    for grade in ("outstanding", "good", "requires_improvement", "inadequate", "not_judged"):
        shown = page.locator(f'[data-figure="{grade}-count"]').inner_text()
        assert int(shown) == want[grade]
    inadequate = page.locator("#inadequate-table tbody tr")
    assert inadequate.count() == want["inadequate"]
    assert page.locator("svg.map path.district").count() == 296
    shot(page, "national")


def test_date_picker_changes_the_picture(page, server):
    page.goto("/")
    page.fill("#as_of", "2019-06-30")
    page.click("#apply")
    page.wait_for_url("**as_of=2019-06-30**")
    assert "30 June 2019" in page.locator("h1").inner_text()
    want = api(server, "/api/national?as_of=2019-06-30")["areas"]["overall"]
    assert int(page.locator('[data-figure="good-count"]').inner_text()) == want["good"]
    shot(page, "national-2019", full=False)


def test_region_filter_zooms_the_map(page, server):
    page.goto(f"/?as_of={AS_OF}")
    page.select_option("#region", "London")
    page.click("#apply")
    page.wait_for_url("**region=London**")
    assert "London" in page.locator("h1").inner_text()
    want = api(server, f"/api/national?as_of={AS_OF}&region=London")
    shown = sum(
        int(page.locator(f'[data-figure="{g}-count"]').inner_text())
        for g in ("outstanding", "good", "requires_improvement", "inadequate", "not_judged")
    )
    assert shown == want["councils"]
    page.locator("#map-heading").scroll_into_view_if_needed()
    shot(page, "national-london-map", full=False)


def test_council_page_and_finder(page, server):
    page.goto("/")
    page.fill("#find-council", "Barnsley")
    page.press("#find-council", "Enter")
    page.wait_for_url("**/la/barnsley-370")
    want = api(server, "/api/la/barnsley-370")
    assert page.locator("#inspections-table tbody tr").count() == len(want["inspections"])
    assert page.locator("#neighbours-table tbody tr").count() == len(want["neighbours"])
    shot(page, "council-barnsley")
    page.goto("/la/north-northamptonshire-940")
    page.click('a[href="/la/northamptonshire-928"]')
    page.wait_for_url("**/la/northamptonshire-928")
    shot(page, "council-northamptonshire", full=False)


def test_unknown_council_suggests(page):
    response = page.goto("/la/barnsly")
    assert response.status == 404
    assert page.locator('a[href="/la/barnsley-370"]').count() == 1
    shot(page, "council-not-found", full=False)


def test_compare_form(page, server):
    page.goto("/compare")
    page.select_option("#la-0", "barnsley-370")
    page.select_option("#la-1", "bury-351")
    page.fill("#as_of", AS_OF)
    page.click("button[type=submit] >> text=Compare")
    page.wait_for_url("**/compare?**")
    want = api(server, f"/api/compare?la=barnsley-370&la=bury-351&as_of={AS_OF}")
    headers = page.locator("#compare-table thead th a").all_inner_texts()
    assert headers == [r["name"] for r in want]
    shot(page, "compare")


def test_search(page, server, app):
    page.goto("/search")
    if not app.state.library.search_available():
        assert page.locator("#search-unavailable").is_visible()
        shot(page, "search-unavailable", full=False)
        return
    page.fill("#q", "neglect")
    page.click("#search-button")
    page.wait_for_url("**q=neglect**")
    want = api(server, "/api/search?q=neglect")
    assert page.locator("#results > li").count() == len(want["results"])
    shot(page, "search")


def test_annual_report_page(page):
    page.goto(f"/report/annual?as_of={AS_OF}")
    report = page.locator("#annual-report")
    assert "Headline figures" in report.locator("h2").first.inner_text()
    assert page.locator("iframe").count() == 0  # the whole report, not a fixed-height frame
    shot(page, "annual", full=False)


def test_docs_page(page):
    page.goto("/docs")
    assert page.locator("#api-table tbody tr").count() > 10
    assert "`" not in page.locator("main").inner_text()  # backticked words shown as code
    shot(page, "api-docs", full=False)


def test_keyboard_skip_link_and_focus(page):
    page.goto(f"/?as_of={AS_OF}")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    shot(page, "keyboard-skip-link", full=False)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_core_tables_work_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, base_url=server)
    page = context.new_page()
    page.goto(f"/?as_of={AS_OF}")
    assert page.locator("#grades-table tbody tr").count() == 5
    assert page.locator("svg.map path.district").count() == 296
    page.goto("/la/barnsley-370")
    assert page.locator("#inspections-table tbody tr").count() >= 3
    context.close()


SCREENS = {
    "national": f"/?as_of={AS_OF}",
    "council": "/la/barnsley-370",
    "compare": f"/compare?la=barnsley-370&la=bury-351&la=northamptonshire-928&as_of={AS_OF}",
    "search": "/search?q=neglect",
    "annual": f"/report/annual?as_of={AS_OF}",
}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", list(SCREENS))
def test_pages_fit_the_screen(browser, server, name, width):
    """Desktop and phone: nothing wider than the window (wide tables scroll in their own box),
    nothing fetched from outside loopback, GOV.UK Frontend's stylesheet in use."""
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=server)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(SCREENS[name])
    page.wait_for_load_state("networkidle")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    shot(page, f"{name}-{width}")
    context.close()
    assert widths[0] <= widths[1], f"{name} at {width}px is {widths[0]}px wide"
    assert not outside, f"the page fetched from elsewhere: {outside}"
    assert not failed, f"missing files: {failed}"
    assert "GDS Transport" not in font  # GOV.UK's typeface is for service.gov.uk only


def test_the_council_timeline_keeps_a_legible_size_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 900}, base_url=server)
    page = context.new_page()
    page.goto(SCREENS["council"])
    figure = page.locator("figure.timeline-scroll")
    chart = figure.locator("svg").first
    width = chart.bounding_box()["width"]
    scrolls = figure.evaluate("f => f.scrollWidth > f.clientWidth")
    figure.scroll_into_view_if_needed()
    shot(page, "council-timeline-390", full=False)
    context.close()
    assert width >= 600, f"the timeline is drawn {width:.0f}px wide on a phone"
    assert scrolls  # it scrolls sideways in its own box; the page itself does not


def test_favicon(page, server):
    response = page.goto("/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/")
