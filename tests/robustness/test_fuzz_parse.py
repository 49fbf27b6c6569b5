"""Fuzzing ``parse_bytes``: mutated real reports (from ../shared, when present), mutated
generated ones, and mutated page text. Every call must return within a time budget with either
a report or a one-line reason - never an exception, never a hang, never a multi-line error."""

from __future__ import annotations

import time
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cscwatch.reports import parse as parse_mod
from cscwatch.reports.pdf import PDFText
from tests.conftest import CORPUS, ILACS_2023, MONITORING, SIF_2014, make_pdf
from tests.robustness.conftest import time_limit

BUDGET = 20.0  # seconds for one call (a real report takes well under one)
FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def generated() -> tuple[bytes, ...]:
    return tuple(make_pdf([text]) for text in (SIF_2014, ILACS_2023, MONITORING))


@cache
def real() -> tuple[bytes, ...]:
    """The three smallest real reports (small, so that each example stays quick)."""
    if not CORPUS.is_dir():
        return ()
    files = sorted((p.stat().st_size, p) for p in CORPUS.rglob("*.pdf") if p.is_file())
    return tuple(p.read_bytes() for _, p in files[:3])


def check(report, started: float) -> None:
    assert time.perf_counter() - started < BUDGET
    assert report.status in ("ok", "error")
    if report.status == "error":
        assert report.error and "\n" not in report.error and len(report.error) < 400
        assert "Traceback" not in report.error


@st.composite
def mutated(draw, seeds):
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "zero", "duplicate", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        size = draw(st.integers(1, 4096))
        if op == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del data[at : at + size]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64)) * draw(st.integers(1, 64))
        elif op == "zero":
            data[at : at + size] = bytes(len(data[at : at + size]))
        elif op == "duplicate":
            data[at:at] = data[at : at + size]
        elif op == "truncate":
            del data[at:]
    return bytes(data)


def _parse(data: bytes, text: bool = True) -> None:
    started = time.perf_counter()
    with time_limit(BUDGET, "parse_bytes"):
        report = parse_mod.parse_bytes(data, "80426_barnsley/x.pdf", text=text)
    check(report, started)


@FAST
@given(data=mutated(generated()), text=st.booleans())
def test_mutated_generated_reports(data, text):
    _parse(data, text)


@pytest.mark.corpus
@settings(FAST, max_examples=20)
@given(data=st.data())
def test_mutated_real_reports(data):
    seeds = real()
    if not seeds:
        pytest.skip(f"the real Ofsted reports are not here ({CORPUS}): corpus tests need ../shared")
    _parse(data.draw(mutated(seeds)))


@FAST
@given(head=st.binary(max_size=2048))
def test_arbitrary_bytes(head):
    _parse(head)
    _parse(b"%PDF-1.7\n" + head)


PAGES = [SIF_2014, ILACS_2023, MONITORING]
NASTY = st.sampled_from(["\n", " ", "\t", "(", ")", ":", ".", ",", "•", "’", "a", "1", "\x00"])


@st.composite
def mutated_text(draw):
    text = draw(st.sampled_from(PAGES))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            piece = draw(NASTY) * draw(st.integers(1, 20_000))
        else:
            piece = draw(st.text(max_size=200))
        cut = draw(st.integers(0, 50))
        text = text[:at] + piece + text[at + cut :]
    return text


@settings(FAST, max_examples=60)
@given(pages=st.lists(mutated_text(), min_size=1, max_size=3))
def test_mutated_page_text(pages, monkeypatch_module):
    monkeypatch_module.setattr(parse_mod, "read_pdf", lambda _data: PDFText(pages, {}))
    _parse(b"%PDF-1.7 (text given)")


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()
