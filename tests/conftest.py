"""Shared fixtures: where the real corpus lives, and small PDFs made by the tests themselves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fpdf import FPDF

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CSCWATCH_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "reports" / "ofsted"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"the real Ofsted reports are not here ({CORPUS}): corpus tests need ../shared",
)


def make_pdf(pages: list[str], path: Path | None = None, **meta) -> bytes:
    """A PDF with one text page per item of ``pages`` (lines split on newlines)."""
    pdf = FPDF()
    if Path(FONT).exists():
        pdf.add_font("body", fname=FONT)
        pdf.set_font("body", size=11)
    else:  # core font: latin-1 only
        pdf.set_font("helvetica", size=11)
        pages = [p.replace("’", "'").replace("–", "-") for p in pages]
    if "created" in meta:
        pdf.set_creation_date(meta["created"])
    for text in pages:
        pdf.add_page()
        for line in text.strip("\n").split("\n"):
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return data


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory):
    """The registry built from every report in ../shared (once per test session)."""
    if not CORPUS.is_dir():
        pytest.skip(f"the real Ofsted reports are not here ({CORPUS}): corpus tests need ../shared")
    from cscwatch.registry import store
    from cscwatch.registry.build import build

    url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'registry.db'}"
    engine = store.connect(url, create=True)
    result = build(engine, CORPUS)
    return engine, result
