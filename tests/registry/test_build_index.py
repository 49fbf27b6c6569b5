"""The build keeps the full-text index in step with the reports it stores: a replaced report's
old passages leave the index, its new ones enter it, and the index matches its content
table (FTS5's own integrity check)."""

from __future__ import annotations

from sqlalchemy import text

from cscwatch.registry import fts, store
from cscwatch.registry.build import build
from cscwatch.search import index
from tests.conftest import ILACS_2018, SIF_2014, make_pdf

SECOND_PAGE = (
    "2\nThe experiences and progress of children who need help and protection\n"
    "Social workers in the {place} team visit children regularly and see them alone, and\n"
    "their managers review every plan within the month that the plan is made.\n"
)


def _report(path, place):
    make_pdf([ILACS_2018, SECOND_PAGE.format(place=place)], path)


def _hits(engine, word):
    return [r["source_file"] for r in index.search(engine, word)]


def _index_matches_content(engine) -> None:
    fts.integrity(engine)  # raises if the index and the passages disagree


def test_replaced_reports_leave_the_index(tmp_path):
    folder = tmp_path / "reports"
    make_pdf([SIF_2014], folder / "barnsley.pdf")
    _report(folder / "brighton.pdf", "Zanzibar")
    engine = store.connect(f"sqlite:///{tmp_path / 'r.db'}", create=True)
    assert build(engine, folder).parsed == 2
    assert _hits(engine, "zanzibar") == ["brighton.pdf"]
    _index_matches_content(engine)

    _report(folder / "brighton.pdf", "Timbuktu")
    assert build(engine, folder).parsed == 1
    assert _hits(engine, "zanzibar") == []
    assert _hits(engine, "timbuktu") == ["brighton.pdf"]
    _index_matches_content(engine)

    # A registry-only build stores no passages, and takes the replaced ones out of the index.
    _report(folder / "brighton.pdf", "Kathmandu")
    assert build(engine, folder, text=False).parsed == 1
    assert _hits(engine, "timbuktu") == [] and _hits(engine, "kathmandu") == []
    _index_matches_content(engine)


def test_an_index_missing_from_a_registry_with_passages_is_rebuilt(tmp_path):
    folder = tmp_path / "reports"
    _report(folder / "brighton.pdf", "Zanzibar")
    engine = store.connect(f"sqlite:///{tmp_path / 'r.db'}", create=True)
    build(engine, folder)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE passages_fts"))
    make_pdf([SIF_2014], folder / "barnsley.pdf")
    assert build(engine, folder).parsed == 1  # only the new file is parsed ...
    assert _hits(engine, "zanzibar") == ["brighton.pdf"]  # ... and the old one is indexed
    _index_matches_content(engine)
