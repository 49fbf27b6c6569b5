"""The improvement plan's web page, its JSON/CSV asks and the workbook download, on a registry
whose open asks are counted by hand (tests/web/plan_registry.py): 3 recommendations of the
latest full inspection and 2 areas for priority action of a visit since; the earlier
inspection's recommendations and the earlier visit's priority action are not open."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

from cscwatch.web.app import create_app

from .plan_registry import OPEN, expected, make_registry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def with_text(tmp_path_factory) -> TestClient:
    path = tmp_path_factory.mktemp("plan") / "registry.db"
    make_registry(path)
    return TestClient(create_app(f"sqlite:///{path}"))


@pytest.fixture(scope="module")
def without_text(tmp_path_factory) -> TestClient:
    path = tmp_path_factory.mktemp("plan-bare") / "registry.db"
    make_registry(path, text=False)
    return TestClient(create_app(f"sqlite:///{path}"))


def _asks(client: TestClient, slug: str = "barnsley-370") -> list[dict]:
    r = client.get(f"/api/la/{slug}/asks")
    assert r.status_code == 200, r.text
    return r.json()


def test_the_asks_are_the_latest_inspections_recommendations_and_later_priority_actions(with_text):
    asks = _asks(with_text)
    for source in ("recommendation", "priority_action"):
        got = [a for a in asks if a["source"] == source]
        want = expected(source)
        assert [a["position"] for a in got] == [w["position"] for w in want]
        assert [a["page"] for a in got] == [w["page"] for w in want]
        assert [a["text"] for a in got] == [w["text"] for w in want]
        assert [str(a["report_date"])[:10] for a in got] == [w["report_date"] for w in want]
        assert [a["source_url"] for a in got] == [w["source_url"] for w in want]
    assert len(asks) == sum(len(v) for v in OPEN.values()) == 5
    assert len({a["ask_id"] for a in asks}) == 5  # stable and distinct


def test_the_asks_carry_their_themes(with_text):
    by_position = {a["position"]: a for a in _asks(with_text) if a["source"] == "recommendation"}
    # "Improve management oversight and supervision ..." / "Reduce social worker caseloads ..."
    assert "management_oversight" in by_position[1]["themes"]
    assert "caseloads" in by_position[2]["themes"]


def test_the_asks_as_csv(with_text):
    r = with_text.get("/api/la/barnsley-370/asks.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 5
    assert list(rows[0]) == [
        "ask_id", "source", "report", "report_date", "position", "page", "themes", "text",
        "source_url",
    ]  # fmt: skip
    assert rows[0]["text"] == expected("recommendation")[0]["text"]


def test_the_page_lists_every_open_ask_with_its_report_and_page(with_text):
    r = with_text.get("/la/barnsley-370/plan")
    assert r.status_code == 200
    html = r.text
    assert re.search(r'data-figure="recommendations">3<', html)
    assert re.search(r'data-figure="priority-actions">2<', html)
    for source in ("recommendation", "priority_action"):
        for w in expected(source):
            assert w["text"] in html
            assert f'href="{w["source_url"]}#page={w["page"]}"' in html
    # neither the superseded inspection's nor the earlier visit's asks
    assert "return home interviews" not in html
    assert "strategy meetings" not in html
    assert 'href="/la/barnsley-370/plan.xlsx"' in html
    assert 'id="no-text"' not in html
    assert "Management oversight and supervision" in html  # a theme, by its label


def test_the_workbook_download_is_plan_inits_workbook(with_text):
    fastexcel = pytest.importorskip("fastexcel")
    r = with_text.get("/la/barnsley-370/plan.xlsx")
    assert r.status_code == 200
    assert r.headers["content-type"] == XLSX
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert re.search(r'filename="cscwatch-plan-barnsley-370-\d{4}-\d{2}-\d{2}\.xlsx"', disposition)
    book = fastexcel.read_excel(r.content)
    assert {"about", "asks", "actions", "measures", "history"} <= set(book.sheet_names)
    asks = _sheet_rows(book, "asks")
    assert [a["ask_id"] for a in asks] == [a["ask_id"] for a in _asks(with_text)]
    assert [a["text"] for a in asks] == [
        w["text"] for s in ("recommendation", "priority_action") for w in expected(s)
    ]


def _sheet_rows(book, name: str) -> list[dict]:
    sheet = book.load_sheet(name)
    columns = sheet.to_arrow().to_pydict()
    n = len(next(iter(columns.values()))) if columns else 0
    return [{k: v[i] for k, v in columns.items()} for i in range(n)]


def test_a_repeat_download_is_the_same_file(with_text):
    first = with_text.get("/la/barnsley-370/plan.xlsx").content
    assert with_text.get("/la/barnsley-370/plan.xlsx").content == first


def test_without_report_text_the_page_says_the_words_are_not_held(without_text):
    html = without_text.get("/la/barnsley-370/plan").text
    assert 'id="no-text"' in html
    assert "Ofsted's words are not held" in html
    for source in ("recommendation", "priority_action"):
        for w in expected(source):
            assert w["text"] not in html
    assert html.count("Words not held in this registry") == 5
    asks = _asks(without_text)
    assert [a["text"] for a in asks] == [None] * 5
    assert [(a["source"], a["position"]) for a in asks] == [
        ("recommendation", 1), ("recommendation", 2), ("recommendation", 3),
        ("priority_action", 1), ("priority_action", 2),
    ]  # fmt: skip
    # themes still come, from the registry's theme counts of each report's recommendations
    # (or of the visit's priority actions) taken together: the visit's two areas, about
    # management oversight of plans and about placements, both carry both themes
    for a in asks[3:]:
        assert {"management_oversight", "placement_sufficiency_stability"} <= set(a["themes"])
    for a in asks[:3]:
        assert {"management_oversight", "caseloads"} <= set(a["themes"])
    assert without_text.get("/la/barnsley-370/plan.xlsx").status_code == 200


def test_a_council_without_recommendations_has_no_open_asks(with_text):
    assert _asks(with_text, "bury-351") == []
    html = with_text.get("/la/bury-351/plan").text
    assert re.search(r'data-figure="recommendations">0<', html)
    assert "No recommendations of a full inspection of Bury" in html


def test_a_code_redirects_to_the_councils_plan_page(with_text):
    r = with_text.get("/la/370/plan", follow_redirects=False)
    assert r.status_code == 308
    assert r.headers["location"] == "/la/barnsley-370/plan"
    r = with_text.get("/la/370/plan.xlsx", follow_redirects=False)
    assert r.headers["location"] == "/la/barnsley-370/plan.xlsx"


def test_an_unknown_council_is_a_404(with_text):
    assert with_text.get("/la/nowhere-at-all/plan").status_code == 404
    assert with_text.get("/la/nowhere-at-all/plan.xlsx").status_code == 404
    r = with_text.get("/api/la/nowhere-at-all/asks")
    assert r.status_code == 404
    assert "nowhere-at-all" in r.json()["detail"]


def test_the_council_page_links_to_its_plan_page(client):
    html = client.get("/la/barnsley-370").text
    assert 'href="/la/barnsley-370/plan"' in html


def test_without_a_registry_database_asks_are_unavailable(client):
    """The shared web app holds a history only (no database): the page says so, the
    workbook and the API answer 503."""
    r = client.get("/la/barnsley-370/plan")
    assert r.status_code == 200
    assert 'id="asks-unavailable"' in r.text
    assert client.get("/la/barnsley-370/plan.xlsx").status_code == 503
    assert client.get("/api/la/barnsley-370/asks").status_code == 503


def test_a_council_never_inspected_has_no_asks_and_no_workbook(with_text):
    """West Northamptonshire (941) has no report in this registry."""
    r = with_text.get("/api/la/west-northamptonshire-941/asks")
    assert r.status_code == 200 and r.json() == []
    html = with_text.get("/la/west-northamptonshire-941/plan").text
    assert re.search(r'data-figure="recommendations">0<', html)
    r = with_text.get("/la/west-northamptonshire-941/plan.xlsx")
    assert r.status_code == 404
    assert "no full inspection of West Northamptonshire" in r.text
