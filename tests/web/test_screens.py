"""What a person reads on the pages, over the registry shipped in the package: figures written
as figures, reports named by kind and date (never by file path), the API page's code shown as
code, and GOV.UK Frontend served from the package."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from cscwatch.render.jinja import environment
from cscwatch.web.app import create_app


@pytest.fixture(scope="module")
def shipped() -> TestClient:
    return TestClient(create_app())


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_context_figures_read_as_figures(shipped):
    # Barnsley's report of 8 August 2014, page 10: "Approximately 49,000 children and young
    # people under the age of 18 years live in Barnsley. This is 21% of the total population"
    page = text(shipped.get("/la/barnsley-370").text)
    assert "Children and young people under 18 49,000 children" in page
    assert "Children as a share of the population 21%" in page
    assert "49000.0" not in page and "per_10000" not in page and " count " not in page


def test_figure_values():
    value = environment().filters["figure_value"]
    assert value(49000.0, "count", "children_under_18") == "49,000 children"
    assert value(46.2, "per_10000", "looked_after_rate") == "46.2 per 10,000 children"
    assert value(21.0, "percent", "children_under_18_pct") == "21%"
    assert value(None, "count", "uasc") == "–"


def test_reports_are_named_not_paths(shipped):
    page = shipped.get("/la/barnsley-370").text
    assert ".pdf" not in page
    assert "80426_barnsley/" not in page


def test_docs_show_code_not_backticks(shipped):
    page = shipped.get("/docs").text
    assert "`" not in text(page)
    assert "<code>as_of</code>" in page


def test_govuk_frontend_is_served_from_the_package(shipped):
    css = shipped.get("/static/govuk/govuk-frontend.min.css")
    assert css.status_code == 200 and "govuk-template" in css.text
    assert shipped.get("/static/govuk/govuk-frontend.min.js").status_code == 200
    licence = shipped.get("/static/govuk/LICENSE.txt").text
    assert "MIT" in licence and "Government Digital Service" in licence
    # the compiled CSS names its images under /assets
    assert shipped.get("/assets/images/govuk-crest.svg").status_code == 200
    icon = shipped.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg")
