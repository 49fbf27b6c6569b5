"""End-to-end: the improvement plan page in headless Chromium over a registry whose open asks
are counted by hand (tests/web/plan_registry.py). From the council page to the plan page, the
asks listed against the registry, the workbook downloaded through the link and opened;
screenshots at 1280 and 390 pixels wide in tests/_artifacts/."""

from __future__ import annotations

import pytest

from cscwatch.web.app import create_app
from tests.conftest import CHROMIUM

from .conftest import serving, shot
from .plan_registry import expected, make_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is missing: apt-get install chromium"
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("plan-browser") / "registry.db"
    make_registry(path)
    with serving(create_app(f"sqlite:///{path}")) as url:
        yield url


@pytest.fixture(scope="module")
def bare_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("plan-browser-bare") / "registry.db"
    make_registry(path, text=False)
    with serving(create_app(f"sqlite:///{path}")) as url:
        yield url


def _page(browser, base: str, width: int):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=base, accept_downloads=True
    )
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
    return context, page, outside


def _rows(page, table: str) -> list[dict]:
    return page.eval_on_selector_all(
        f"#{table} tbody tr",
        """rows => rows.map(r => ({
            ask: r.dataset.ask,
            text: r.querySelector('.ask-text').innerText.trim(),
            link: (r.querySelector('.ask-report a') || {}).href || null,
            themes: [...r.querySelectorAll('.ask-themes li')].map(li => li.innerText.trim()),
        }))""",
    )


def test_the_plan_page_lists_the_open_asks_and_downloads_the_workbook(browser, server, tmp_path):
    fastexcel = pytest.importorskip("fastexcel")
    context, page, outside = _page(browser, server, 1280)
    try:
        page.goto("/la/barnsley-370")
        page.click("#plan-link")
        page.wait_for_url("**/la/barnsley-370/plan")
        assert "What Ofsted asked for" in page.locator("h1").inner_text()
        shown = {}
        for table, source in (
            ("recommendations-asks", "recommendation"),
            ("priority-asks", "priority_action"),
        ):
            rows = _rows(page, table)
            want = expected(source)
            assert [r["text"] for r in rows] == [w["text"] for w in want]
            assert [r["link"] for r in rows] == [
                f"{w['source_url']}#page={w['page']}" for w in want
            ]
            shown[source] = rows
        # the report's first recommendation is about management oversight (hand-read)
        assert "Management oversight and supervision" in shown["recommendation"][0]["themes"]
        shot(page, "plan-1280")

        with page.expect_download() as info:
            page.click("#prepare-plan")
        download = info.value
        assert download.suggested_filename.startswith("cscwatch-plan-barnsley-370-")
        assert download.suggested_filename.endswith(".xlsx")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        book = fastexcel.read_excel(str(saved))
        asks = book.load_sheet("asks").to_arrow().to_pydict()
        listed = [r["ask"] for rows in shown.values() for r in rows]
        assert asks["ask_id"] == listed
        assert asks["text"] == [w["text"] for s in shown for w in expected(s)]
    finally:
        context.close()
    assert not outside, f"the page fetched from elsewhere: {outside}"


def test_the_plan_page_on_a_phone(browser, server):
    context, page, outside = _page(browser, server, 390)
    try:
        page.goto("/la/barnsley-370/plan")
        assert page.locator("#recommendations-asks tbody tr").count() == 3
        # the page itself never scrolls sideways: wide tables scroll in their own box
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        assert page.locator("#prepare-plan").is_visible()
        shot(page, "plan-390")
    finally:
        context.close()
    assert not outside


def test_without_report_text_the_asks_are_listed_by_position_and_theme(browser, bare_server):
    context, page, outside = _page(browser, bare_server, 1280)
    try:
        page.goto("/la/barnsley-370/plan")
        assert page.locator("#no-text").is_visible()
        rows = _rows(page, "recommendations-asks") + _rows(page, "priority-asks")
        assert len(rows) == 5
        assert {r["text"] for r in rows} == {"Words not held in this registry"}
        positions = page.locator(".ask-position").all_inner_texts()
        assert positions == [
            "Recommendation 1", "Recommendation 2", "Recommendation 3",
            "Priority action 1", "Priority action 2",
        ]  # fmt: skip
        shot(page, "plan-no-text-1280")
    finally:
        context.close()
    assert not outside
