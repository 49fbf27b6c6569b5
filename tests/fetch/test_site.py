"""Reading the site's pages (no network): names, labels, links and pagination."""

from __future__ import annotations

import datetime as dt
from email.utils import formatdate

import httpx
import pytest

from cscwatch.fetch import site
from cscwatch.fetch.client import retry_after


@pytest.mark.parametrize(
    ("name", "folder"),
    [  # folder names of ../shared/reports/ofsted for these councils
        ("Barnsley Metropolitan Borough Council", "barnsley"),
        ("City of London Corporation", "london corporation"),
        ("Bournemouth, Christchurch & Poole Council", "bournemouth, christchurch & poole"),
        ("Royal Borough of Windsor and Maidenhead", "windsor and maidenhead"),
        ("Kingston upon Hull City Council", "kingston upon hull"),
        ("Isle of Wight Council", "isle of wight"),
        ("London Borough of Barking and Dagenham", "barking and dagenham"),
    ],
)
def test_folder_names(name, folder):
    assert site.folder_name(name) == folder


@pytest.mark.parametrize(
    ("label", "title", "day"),
    [
        ("Children's services inspection - 8 August 2014, pdf", "children's services inspection",
         dt.date(2014, 8, 8)),
        ("Children’s services focused visit - 01 March 2023, PDF", "children's services focused visit",
         dt.date(2023, 3, 1)),
        ("  Single inspection of LA children's services as PDF - 17 August 2012, pdf ",
         "single inspection of la children's services as pdf", dt.date(2012, 8, 17)),
        ("Children's services inspection,  PDF - 16 August 2013, pdf",
         "children's services inspection", dt.date(2013, 8, 16)),
    ],
)  # fmt: skip
def test_labels(label, title, day):
    assert site.parse_label(label) == (title, day)


def test_a_label_without_a_date():
    with pytest.raises(site.LabelError, match="no date"):
        site.parse_label("Children's services inspection, pdf")


def test_file_names_as_in_the_corpus():
    pub = site.Publication("children's services inspection", dt.date(2014, 8, 8), "http://x/1")
    assert pub.filename == "children's services inspection - 08 august 2014.pdf"


def test_a_listing_page():
    html = """<html><body><a href="/provider/help">Help</a>
      <ul><li><a href="/provider/44/80426">Barnsley Metropolitan Borough Council</a></li>
      <li><a href="https://other.example/provider/44/80481/">
          Leeds City   Council</a></li>
      <li><a href="/provider/44/80426">Barnsley again</a></li></ul>
      <ul class="pagination"><li class="previous"><a href="/search?start=0">Previous</a></li>
      <li class="next"><a href="/search?q=&amp;start=100&amp;rows=100">Next</a></li></ul>
      </body></html>"""
    providers, nxt = site.providers(html, "https://reports.example/search?start=0")
    assert [(p.urn, p.name, p.url) for p in providers] == [
        ("80426", "Barnsley Metropolitan Borough Council", "https://reports.example/provider/44/80426"),
        ("80481", "Leeds City Council", "https://other.example/provider/44/80481/"),
    ]  # fmt: skip
    assert nxt == "https://reports.example/search?q=&start=100&rows=100"
    last, none = site.providers(html.replace('class="next"', 'class="last"'), "https://r/")
    assert none is None and len(last) == 2


def test_a_council_page():
    html = """<ul><li><a class="publication-link" href="https://files.example/v1/file/5">
      Children's services inspection<span class="nonvisual">Children's services inspection -
      27 October 2023, pdf</span></a></li>
      <li><a class="publication-link" href="/v1/file/6"><span class="nonvisual">Letter - 1 May 2020, pdf</span></a></li>
      <li><a class="publication-link"><span class="nonvisual">No link - 1 May 2020, pdf</span></a></li>
      <li><a href="/v1/file/7">Not a publication - 1 May 2020</a></li></ul>"""
    pubs, problems = site.publications(html, "https://reports.example/provider/44/80426")
    assert [(p.title, p.published, p.url) for p in pubs] == [
        ("children's services inspection", dt.date(2023, 10, 27), "https://files.example/v1/file/5"),
        ("letter", dt.date(2020, 5, 1), "https://reports.example/v1/file/6"),
    ]  # fmt: skip
    assert problems == ["a publication link without an address ('No link - 1 May 2020, pdf')"]


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after(httpx.Response(429, headers={"Retry-After": "7"})) == 7
    later = formatdate(dt.datetime.now(dt.UTC).timestamp() + 60, usegmt=True)
    assert 55 <= retry_after(httpx.Response(503, headers={"Retry-After": later})) <= 61
    assert retry_after(httpx.Response(503)) is None


def test_an_address_that_cannot_be_fetched_fails_at_once():
    from cscwatch.fetch.client import Client, HttpFailure, Politeness

    with Client(Politeness(delay=0, backoff=5)) as client:
        with pytest.raises(HttpFailure, match="cannot fetch this address"):
            client.text("mailto:someone@example.org")
        assert client.requests == 1
