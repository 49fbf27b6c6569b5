"""The web app's pages and API, through FastAPI's test client, over a small made-up registry."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

import pytest

from cscwatch.analytics import asof
from tests.web.conftest import AS_OF

PAGES = [
    f"/?as_of={AS_OF}",
    f"/?as_of={AS_OF}&region=London",
    "/la",
    "/la/barnsley-370",
    "/la/north-northamptonshire-940",
    "/compare?la=barnsley-370&la=bury-351",
    "/compare",
    "/search",
    f"/report/annual?as_of={AS_OF}",
    "/about",
    "/docs",
]


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_without_outside_assets(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert re.search(r'<a href="#main" class="govuk-skip-link"', r.text), "GOV.UK skip link"
    assert '<link rel="stylesheet" href="/static/govuk/govuk-frontend.min.css">' in r.text
    outside = re.findall(r'(?:src|href)="(?:https?:)?//[^"]*', r.text)
    assert not outside, f"nothing may load from elsewhere: {outside}"


def test_national_api_is_the_library_answer(client, frame):
    got = client.get(f"/api/national?as_of={AS_OF}").json()
    want = asof.national(frame, dt.date.fromisoformat(AS_OF))
    assert got["areas"]["overall"]["inadequate"] == want["areas"]["overall"]["inadequate"]
    assert got["rule"] == want["rule"]
    assert got["as_of"] == AS_OF


def test_national_page_shows_the_api_figures_with_date_and_rule(client):
    api = client.get(f"/api/national?as_of={AS_OF}").json()
    page = html.unescape(client.get(f"/?as_of={AS_OF}").text)
    for grade in (
        "outstanding",
        "good",
        "requires_improvement",
        "inadequate",
        "not_judged",
        "no_report",
    ):
        count = api["areas"]["overall"][grade]
        assert f'data-figure="{grade}-count">{count}<' in page
    assert 'As of <time datetime="2024-06-30">30 June 2024</time>' in page
    assert api["rule"] in page
    for entry in api["areas"]["overall"]["councils"]["inadequate"]:
        assert entry["name"] in page


def test_region_filter_narrows_the_picture(client):
    london = client.get(f"/api/national?as_of={AS_OF}&region=london").json()
    england = client.get(f"/api/national?as_of={AS_OF}").json()
    assert london["region"] == "London"
    assert 0 < london["councils"] < england["councils"]
    assert "Children's services in London" in client.get(f"/?as_of={AS_OF}&region=London").text


@pytest.mark.parametrize(
    "path",
    [
        "/api/national",
        "/api/national/councils",
        "/api/national/inadequate",
        "/api/regions",
        "/api/map",
    ],
)
def test_every_table_is_csv_both_ways(client, path):
    by_suffix = client.get(f"{path}.csv?as_of={AS_OF}")
    by_format = client.get(f"{path}?as_of={AS_OF}&format=csv")
    assert by_suffix.status_code == by_format.status_code == 200
    assert by_suffix.headers["content-type"].startswith("text/csv")
    assert "attachment" in by_suffix.headers["content-disposition"]
    assert by_suffix.text == by_format.text
    assert rows(by_suffix.text)


def test_map_rows_take_the_grade_of_the_serving_council(client):
    districts = client.get(f"/api/map?as_of={AS_OF}").json()
    councils = {r["la_code"]: r for r in client.get(f"/api/national/councils?as_of={AS_OF}").json()}
    assert len(districts) == 296
    for d in districts:
        assert d["grade"] == councils[d["la_code"]]["overall"]
    sheffield = next(d for d in districts if d["lad_name"] == "Sheffield")
    assert sheffield["la_code"] == "373"


def test_map_svg_has_a_title_per_district_and_a_text_legend(client):
    page = client.get(f"/?as_of={AS_OF}").text
    svg = page[page.index('<svg class="map"') :]
    svg = svg[: svg.index("</svg>")]
    assert svg.count("<title>") == 296
    assert "Kent (Kent):" in svg or "Canterbury (Kent):" in svg
    assert "Requires improvement</li>" in page  # the legend says grades in words


def test_trend_api_and_validation(client):
    trend = client.get("/api/trend?start=2016-01-01&end=2024-06-30&freq=YE").json()
    assert [r["date"] for r in trend][:2] == ["2016-12-31", "2017-12-31"]
    assert client.get("/api/trend?start=2024-01-01&end=2020-01-01").status_code == 400
    assert client.get("/api/trend?freq=D").status_code == 422


def test_council_api_and_page_agree(client):
    api = client.get("/api/la/barnsley-370").json()
    assert [i["overall"] for i in api["inspections"] if i["kind"] == "inspection"] == [
        "inadequate",
        "requires_improvement",
        "good",
    ]
    page = client.get("/la/barnsley-370").text
    assert page.count('class="govuk-tag grade-tag grade-inadequate"') >= 5
    assert "Statistical neighbours" in page
    for n in api["neighbours"]:
        assert n["name"] in page
    table = rows(client.get("/api/la/barnsley-370/inspections.csv").text)
    assert len(table) == len(api["inspections"])


def test_predecessor_and_successor_pages_link_each_other(client):
    north = client.get("/la/north-northamptonshire-940").text
    assert 'href="/la/northamptonshire-928"' in north
    assert "as Northamptonshire" in north  # the predecessor's inspections are shown, labelled
    old = client.get("/la/northamptonshire-928").text
    assert 'href="/la/north-northamptonshire-940"' in old


def test_council_by_code_or_name_redirects_to_its_page(client):
    for q in ("370", "Barnsley", "barnsley"):
        r = client.get(f"/la/{q}", follow_redirects=False)
        assert r.status_code == 308 and r.headers["location"] == "/la/barnsley-370"
    r = client.get("/la?q=Bury", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/la/bury-351"


def test_unknown_council_is_a_helpful_404(client):
    page = client.get("/la/barnsly")
    assert page.status_code == 404
    assert 'href="/la/barnsley-370"' in page.text
    api = client.get("/api/la/barnsly")
    assert api.status_code == 404
    assert "barnsley-370" in [s["slug"] for s in api.json()["suggestions"]]


def test_compare(client):
    got = client.get(f"/api/compare?la=barnsley-370&la=bury,351&la=928&as_of={AS_OF}").json()
    assert [r["la_code"] for r in got] == ["370", "351", "928"]
    assert got[0]["overall"] == "good" and got[1]["overall"] == "inadequate"
    assert got[2]["exists_on_date"] is False  # Northamptonshire was abolished in 2021
    page = client.get(f"/compare?la=barnsley-370&la=bury-351&as_of={AS_OF}").text
    assert page.count('<th scope="col" class="govuk-table__header"><a href=') == 2
    assert client.get("/api/compare?la=barnsley-370").status_code == 400
    eleven = "&".join(
        f"la={c}"
        for c in ["370", "351", "350", "381", "380", "383", "382", "384", "372", "373", "371"]
    )
    assert client.get(f"/api/compare?{eleven}").status_code == 400


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/?as_of=yesterday", 400, "not a date"),
        ("/?as_of=2030-01-01", 400, "after today"),
        ("/?as_of=1999-01-01", 400, "on or after"),
        ("/?region=Atlantis", 400, "unknown region"),
        ("/api/national?as_of=2024-13-01", 400, "not a date"),
        ("/api/national?format=xml", 422, "format"),
        ("/search?limit=5000", 422, "limit"),
        ("/la/%3Cscript%3E", 400, "council"),
        ("/nowhere", 404, "no page"),
    ],
)
def test_bad_parameters_are_clear_4xx(client, url, status, words):
    r = client.get(url)
    assert r.status_code == status
    assert words.lower() in r.text.lower()


def test_reflected_input_is_escaped(client):
    r = client.get("/?as_of=%3Cscript%3Ealert(1)%3C/script%3E")
    assert r.status_code == 400
    assert "<script>" not in r.text and "&lt;script&gt;" in r.text


def test_search_says_when_it_is_not_available(client, app):
    if app.state.library.search_available():
        pytest.skip("search is available in this build")
    assert "not available in this build" in client.get("/search").text
    assert client.get("/api/search?q=neglect").status_code == 503


def test_annual_report_for_any_date(client):
    page = client.get(f"/report/annual?as_of={AS_OF}").text
    assert f"/report/annual/document?as_of={AS_OF}" in page
    doc = client.get(f"/report/annual/document?as_of={AS_OF}")
    assert doc.status_code == 200 and "<html" in doc.text.lower()
    assert client.get(f"/api/report/annual?as_of={AS_OF}").json()["as_of"] == AS_OF


def test_finished_pages_are_cached_and_gzipped(client, app):
    first = client.get(f"/?as_of={AS_OF}")
    assert first.headers["content-encoding"] == "gzip"
    kept = len(app.state.responses._data)
    again = client.get(f"/?as_of={AS_OF}")
    assert again.text == first.text and len(app.state.responses._data) == kept


def test_openapi_lists_the_api(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/national", "/api/national.csv", "/api/la/{slug}", "/api/compare"} <= set(
        spec["paths"]
    )
    docs = client.get("/docs").text
    assert "/api/national" in docs and "swagger" not in docs.lower()


def test_search_highlight_marks_terms_and_escapes_the_rest():
    from cscwatch.web.views import highlight

    text = "Children «aged 5» <b>at risk</b> of neglect"
    marked = "Children «aged 5» <b>at risk</b> of «neglect»"
    assert str(highlight(text, marked)) == (
        "Children «aged 5» &lt;b&gt;at risk&lt;/b&gt; of <mark>neglect</mark>"
    )
