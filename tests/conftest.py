"""Shared fixtures: where the real corpus lives, and small PDFs made by the tests themselves."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from filelock import FileLock
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
    """The registry built from every report in ../shared, once per test session: under
    pytest-xdist the first worker to ask builds it (holding a file lock) and the others open it
    (the recipe of pytest-xdist's documentation). Returns (engine, BuildResult)."""
    if not CORPUS.is_dir():
        pytest.skip(f"the real Ofsted reports are not here ({CORPUS}): corpus tests need ../shared")
    from cscwatch.registry import store
    from cscwatch.registry.build import build

    shared_tmp = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared_tmp = shared_tmp.parent  # the folder all workers of this session share
    db, saved = shared_tmp / "corpus-registry.db", shared_tmp / "corpus-build.pickle"
    with FileLock(str(shared_tmp / "corpus-registry.lock")):
        if saved.exists():
            result = pickle.loads(saved.read_bytes())
        else:
            result = build(store.connect(f"sqlite:///{db}", create=True), CORPUS)
            saved.write_bytes(pickle.dumps(result))
    return store.connect(f"sqlite:///{db}"), result
