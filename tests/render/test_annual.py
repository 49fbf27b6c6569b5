"""The annual report: self-contained HTML, every section dated, and the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cscwatch.render import annual


@pytest.fixture
def html(hand) -> str:
    return annual.annual_report(hand, "2021-03-31")


def test_sections_figures_and_rules(html):
    for section in (
        "headline",
        "distribution",
        "trend",
        "regions",
        "inadequate",
        "transitions",
        "time-to-improve",
    ):
        body = re.search(rf'<section id="{section}"[^>]*>(.*?)</section>', html, re.S)
        assert body, section
        assert "2021-03-31" in body.group(1), f"{section} states no as-of date"
        assert "Rule:" in body.group(1), f"{section} states no rule"
    # Named inadequate list on 2021-03-31: Bury and Northamptonshire (worked out in test_asof).
    listed = re.search(r'<section id="inadequate".*?</section>', html, re.S).group(0)
    assert "Bury" in listed and "Northamptonshire" in listed and "Barnsley" not in listed
    assert html.count('role="img"') == 3  # three charts (besides the patterns and swatches)


def test_says_nothing_a_page_of_paper_cannot_do(html):
    # printed, it cannot be hovered, clicked or scrolled (charts' own <title> tooltips aside)
    prose = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert not re.search(r"\b(hover|click|tap|scroll)", prose, re.I)


def test_self_contained_offline(html):
    assert "<script" not in html  # charts are inline SVG
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', html)
    assert "@media print" in html and "@page" in html


def test_pdf_without_chromium_is_a_clear_error(monkeypatch, tmp_path, html):
    monkeypatch.setattr(annual, "find_chromium", lambda: None)
    with pytest.raises(RuntimeError, match="Chromium was not found"):
        annual.print_pdf(html, tmp_path / "a.pdf")


@pytest.mark.browser
@pytest.mark.skipif(annual.find_chromium() is None, reason="needs Chromium")
def test_pdf(tmp_path, html):
    out = annual.print_pdf(html, tmp_path / "annual.pdf")
    assert Path(out).read_bytes()[:5] == b"%PDF-"


def test_charts_use_the_web_apps_palette_with_patterns(html):
    """One palette: the grade bars are filled with the same patterns as the web app's charts
    (dots and stripes for the two lowest grades), defined once in the document."""
    from cscwatch.render.palette import PATTERNS

    assert str(PATTERNS) in html
    bars = re.findall(r'<rect [^>]*fill="([^"]+)"><title>', html)
    assert bars and all(fill.startswith("url(#fill-") for fill in bars)
    assert "url(#fill-inadequate)" in bars  # Bury and Northamptonshire (see above)
