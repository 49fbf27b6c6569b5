"""The board pack as a document: self-contained HTML looked at in headless Chromium (a
screenshot under tests/_artifacts/), printed to PDF, and written as XLSX and JSON."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from cscwatch.plan.pack import pack
from cscwatch.render import plan as rp
from cscwatch.render.annual import find_chromium

from .pack_fixtures import AS_OF, annex_a, plan, registry, registry_path  # noqa: F401

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"


@pytest.fixture
def result(plan, registry, annex_a):  # noqa: F811
    return pack(plan, engine=registry, annex_a=annex_a, as_of=AS_OF)


@pytest.fixture
def html(result) -> str:
    return rp.render_html(result)


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", data))


def test_self_contained_and_printable(html):
    assert "<script" not in html
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//(?!reports\.ofsted)', html)
    assert "@page { size: A4" in html and "break-before: page" in html
    assert html.count('<section class="ask"') == 3
    for figure in ("Bury", "overdue by 61 days", "overdue by 153 days", "50.0%", "75.0%",
                   "2 of 4", "1065 days", "75%", "21.5"):  # fmt: skip
        assert figure in html, figure
    # every context figure states its date and its rule
    context = html[html.index('<section id="context">') :]
    assert context.count("Rule") >= 4 and "2026-11-30" in context


def test_statuses_use_patterns_not_colour_alone(html):
    assert 'id="status-off-track"' in html and 'patternTransform="rotate(45)"' in html
    bars = re.findall(r'fill="url\(#(status-[a-z-]+)\)"', html)
    assert "status-off-track" in bars and "status-at-risk" in bars


def test_xlsx_and_json(result):
    import fastexcel

    buf = io.BytesIO()
    rp.write_xlsx(result, buf)
    book = fastexcel.read_excel(buf.getvalue())
    assert book.sheet_names == ["summary", "asks", "actions", "measures", "context"]
    assert book.load_sheet("actions").height == 6  # six actions under the header
    doc = json.loads(rp.json_text(result))
    assert doc["contract"] == "cscwatch.plan.pack" and doc["version"] == 1
    assert doc["summary"]["overdue"] == 2


@pytest.mark.browser
def test_pack_in_chromium(browser, html, tmp_path):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    file = tmp_path / "pack.html"
    file.write_text(html, encoding="utf-8")
    page.goto(file.as_uri())
    assert requests == [file.as_uri()]  # nothing else is fetched
    assert page.locator("h1").inner_text().startswith("Bury")
    assert page.locator("section.ask").count() == 3
    assert page.locator("svg.bar").count() >= 7 and page.locator("svg.trend").count() >= 3
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "plan-pack.png"), full_page=True)
    # printed as on paper: A4, each ask on a page of its own
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf[:5] == b"%PDF-" and pdf_pages(pdf) >= 5  # summary, three asks, context
    page.close()


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium")
def test_print_pdf(html, tmp_path):
    out = rp.print_pdf(html, tmp_path / "pack.pdf")
    data = Path(out).read_bytes()
    assert data[:5] == b"%PDF-" and pdf_pages(data) >= 1
