"""Visits between inspections and interventions in the web app and the annual report, over a
registry built here from generated letters (tests/conftest.py):

- Slough: a SIF inspection judged inadequate (ended 17 December 2015, published 17 February
  2016) stating a direction and a commissioner (October 2014), a trust (1 October 2015) and an
  improvement board (the report's date); then its first monitoring visit, about care leavers,
  on 5 and 6 April 2016 (letter of 12 May 2016).
- Wigan (no full inspection): a focused visit on children in need and child protection on 30
  and 31 January 2024 (letter of 14 March 2024) setting three areas for priority action, and
  another on 4 and 5 February 2025 (letter of 14 March 2025) setting none.

Every expected figure below is worked out by hand from those letters."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cscwatch.cli import app as cli
from cscwatch.web.app import create_app
from tests.conftest import (
    CHROMIUM,
    FOCUSED_HEAD,
    NO_PRIORITY,
    SIGN,
    SLOUGH_SIF_PAGES,
    WITH_PRIORITY,
    make_pdf,
    monitoring_letter,
)
from tests.web.conftest import serving

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"
WIGAN_PA = "Focused visit: children in need and child protection; 3 areas for priority action"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("visits-web")
    root = tmp / "reports"
    make_pdf(SLOUGH_SIF_PAGES, root / "80553_slough" / "sif - 17 february 2016.pdf")
    mv = [p.replace("2022", "2016") for p in monitoring_letter("first", "Slough")]
    make_pdf(mv, root / "80553_slough" / "mv - 12 may 2016.pdf")
    make_pdf([FOCUSED_HEAD, WITH_PRIORITY + SIGN], root / "80579_wigan" / "fv - 14 march 2024.pdf")
    later = FOCUSED_HEAD.replace("14 March 2024", "14 March 2025").replace(
        "on 30 and 31 January 2024", "on 4 and 5 February 2025"
    )
    make_pdf([later, NO_PRIORITY + SIGN], root / "80579_wigan" / "fv - 14 march 2025.pdf")
    url = f"sqlite:///{tmp / 'r.db'}"
    result = CliRunner().invoke(cli, ["build", str(root), "--db", url, "-q", "--no-text"])
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture(scope="module")
def web(db):
    return create_app(db)


@pytest.fixture(scope="module")
def client(web) -> TestClient:
    return TestClient(web)


def test_council_visits_api(client):
    rows = client.get("/api/la/wigan/visits").json()
    assert [
        (r["kind"], r["visit_end"], r["focus"], r["priority_actions"], r["grade_at_visit"])
        for r in rows
    ] == [
        ("focused_visit", "2024-01-31", "cin_cp", 3, None),
        ("focused_visit", "2025-02-05", "cin_cp", 0, None),
    ]
    slough = client.get("/api/la/slough/visits.csv")
    (row,) = list(csv.DictReader(io.StringIO(slough.text)))
    # The monitoring visit came after the inadequate report took effect.
    assert (row["kind"], row["visit_end"], row["visit_number"], row["grade_at_visit"]) == (
        "monitoring_visit",
        "2016-04-06",
        "1",
        "inadequate",
    )


def test_council_api_gains_interventions(client):
    council = client.get("/api/la/slough").json()
    got = {(i["kind"], i["date"], i["date_stated"], i["page"]) for i in council["interventions"]}
    assert {
        ("direction", "2014-10", True, 2),
        ("commissioner", "2014-10", True, 2),
        ("trust", "2015-10-01", True, 2),
        ("improvement_board", "2016-02-17", False, 2),
    } <= got
    assert [i["date"] for i in council["interventions"]] == sorted(
        i["date"] for i in council["interventions"]
    )
    # The visits stay in the timeline, marked, without grades.
    marked = [i for i in council["inspections"] if i["visit"]]
    assert [(i["kind"], i["overall"]) for i in marked] == [("monitoring_visit", None)]
    listed = client.get("/api/la/slough/interventions.csv").text
    assert (
        "Slough Children's Services Trust" in listed or "Slough Children’s Services Trust" in listed
    )
    assert client.get("/api/la/wigan/interventions").json() == []


def test_council_page_marks_visits_in_words(client):
    html = client.get("/la/wigan").text
    assert WIGAN_PA in html
    assert (
        "Focused visit: children in need and child protection; no areas for priority action" in html
    )
    assert 'visit-row"' in html
    assert "Visits (no grade)" in html  # the chart's visits row
    slough = client.get("/la/slough").text
    assert "Monitoring visit 1: care leavers" in slough
    assert 'id="interventions-table"' in slough and "(report's date)" in slough


def test_recent_visits_year_to_a_date(client):
    # 365 days to 30 June 2024: from 2 July 2023; Wigan's first visit (ended 31 January 2024,
    # letter 14 March 2024) is in; the second and Slough's are not.
    got = client.get("/api/visits", params={"as_of": "2024-06-30"}).json()
    assert got["start"] == "2023-07-02"
    assert (got["visits"], got["focused_visits"], got["monitoring_visits"]) == (1, 1, 0)
    assert [(f["focus"], f["focused_visits"]) for f in got["by_focus"]] == [("cin_cp", 1)]
    assert [
        (r["name"], r["visit_end"], r["priority_actions"]) for r in got["priority_actions"]
    ] == [("Wigan", "2024-01-31", 3)]
    assert "published on or before 2024-06-30" in got["rule"]
    # On 1 March 2024 the visit had happened but its letter was not yet published.
    before = client.get("/api/visits", params={"as_of": "2024-03-01"}).json()
    assert before["visits"] == 0
    # 2016: Slough's monitoring visit, about care leavers.
    y2016 = client.get("/api/visits.csv", params={"as_of": "2016-12-31"}).text
    rows = list(csv.DictReader(io.StringIO(y2016)))
    assert [(r["name"], r["kind"], r["focus"]) for r in rows] == [
        ("Slough", "monitoring_visit", "care_leavers")
    ]


def test_national_page_lists_priority_action_visits(client):
    html = client.get("/", params={"as_of": "2024-06-30"}).text
    assert 'id="visits-priority-table"' in html
    assert re.search(r'<a href="/la/wigan[^"]*">Wigan</a>', html)
    assert "1 visit: 1 focused, 0 monitoring; 1 focused visit set areas for priority action" in html
    quiet = client.get("/", params={"as_of": "2015-06-30"}).text
    assert "There are no visits in the registry in this period." in quiet


def test_national_page_visits_follow_the_region(client):
    # Wigan is in the North West, Slough in the South East: on 30 June 2024 the year's one
    # visit (Wigan's) shows for England and the North West, none for the South East.
    north_west = client.get("/", params={"as_of": "2024-06-30", "region": "North West"}).text
    assert "1 visit: 1 focused, 0 monitoring" in north_west
    assert '<p class="basis">North West, ' in north_west
    south_east = client.get("/", params={"as_of": "2024-06-30", "region": "South East"}).text
    assert 'id="visits-heading"' in south_east
    assert "There are no visits in the registry in this period (South East)." in south_east
    england = client.get("/", params={"as_of": "2024-06-30"}).text
    assert '<p class="basis">England, ' in england


def test_annual_report_visits_section(web):
    from cscwatch.analytics.annual import report_data

    data = report_data(web.state.library.history, "2025-06-30")["visits"]
    assert (data["visits"], data["focused_visits"], data["monitoring_visits"]) == (3, 2, 1)
    assert [(r["year"], r["total"]) for r in data["year_focus"]["rows"]] == [
        (2016, 1),
        (2024, 1),
        (2025, 1),
    ]
    # Wigan had no full inspection: both focused visits under 'none', one of two with actions.
    share = {r["grade_at_visit"]: r for r in data["priority_share_by_grade"]}
    assert (share["none"]["focused_visits"], share["none"]["with_priority_actions"]) == (2, 1)
    assert share["none"]["share_pct"] == 50.0
    assert data["next_grade_after_focused"]["with_priority_actions"]["not_yet_inspected"] == 1
    # Slough: inadequate report published 17 February 2016, first monitoring visit ended
    # 6 April 2016: 12 + 31 + 6 = 49 days.
    (slough,) = data["monitoring_after_inadequate"]
    assert (slough["monitoring_visits"], slough["days_to_first_visit"]) == (1, 49)
    html = web.state.library.annual(__import__("datetime").date(2025, 6, 30))
    assert '<section id="visits"' in html and "Monitoring visits after an inadequate" in html
    # Before the monitoring visit's letter: none in the registry, said plainly.
    early = report_data(web.state.library.history, "2016-03-31")["visits"]
    assert early["monitoring_visits"] == 0


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing")
def test_council_page_with_visits_in_a_browser(web, browser):
    with serving(web) as base:
        page = browser.new_page(viewport={"width": 1200, "height": 900}, base_url=base)
        page.goto("/la/slough")
        chart_visit = page.locator("svg .chart-visit")
        assert chart_visit.count() == 1
        assert "Monitoring visit 1" in chart_visit.locator("title").text_content()
        rows = page.locator("#visits-table tbody tr")
        assert rows.count() == 1
        assert page.locator("#interventions-table tbody tr").count() >= 4
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "council-visits-slough.png"), full_page=True)
        page.goto("/la/wigan")
        assert page.locator("#inspections-table").get_by_text(WIGAN_PA).is_visible()
        assert page.locator("#visits-table").get_by_text(WIGAN_PA).is_visible()
        page.screenshot(path=str(ARTIFACTS / "council-visits-wigan.png"), full_page=True)
        page.close()
