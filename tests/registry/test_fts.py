"""The registry's full-text index: made from the passages stored, searchable, checked."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, insert, text
from sqlalchemy.exc import DatabaseError

from cscwatch.registry import fts, schema
from cscwatch.search import index


def test_rebuild_after_bulk_load_without_triggers(tmp_path):
    eng = create_engine(f"sqlite:///{tmp_path / 'b.db'}")
    schema.metadata.create_all(eng)
    with eng.begin() as conn:
        conn.execute(insert(schema.reports), [{"id": 1, "source_file": "x.pdf", "sha256": "0",
                                               "status": "ok", "la_code": "370"}])  # fmt: skip
        conn.execute(insert(schema.passages), [{"report_id": 1, "page": 1, "section": "Summary",
                                                "text": "Caseloads are manageable."}])  # fmt: skip
    assert not fts.ready(eng)
    fts.rebuild(eng)
    assert fts.ready(eng)
    assert len(index.search(eng, "caseload")) == 1


def test_integrity_check_finds_an_index_out_of_step(text_registry):
    fts.integrity(text_registry)  # the triggers kept it in step
    with text_registry.begin() as conn:  # a passage changed behind the index's back
        conn.execute(text("DROP TRIGGER passages_fts_au"))
        conn.execute(text("UPDATE passages SET text = 'Nothing here.' WHERE id = 1"))
    with pytest.raises(DatabaseError):
        fts.integrity(text_registry)


def test_integrity_check_covers_the_exact_table(text_registry):
    with text_registry.begin() as conn:  # only the unstemmed index misses the change
        conn.execute(text("DROP TRIGGER passages_exact_au"))
        conn.execute(text("UPDATE passages SET text = 'Nothing here.' WHERE id = 2"))
    with pytest.raises(DatabaseError):
        fts.integrity(text_registry)


def test_a_registry_indexed_before_exact_phrases_gets_them_at_its_next_load(text_registry):
    with text_registry.begin() as conn:
        for t in ("ai", "ad", "au"):
            conn.execute(text(f"DROP TRIGGER passages_exact_{t}"))
        conn.execute(text("DROP TABLE passages_exact"))
    assert not fts.ready(text_registry)  # search would match a phrase's stems: refused
    with text_registry.begin() as conn:
        assert fts.prepare(conn) is False  # the stemmed table's triggers keep both in step
    assert fts.ready(text_registry)
    fts.integrity(text_registry)
    rows = index.search(text_registry, '"agency social workers"')
    assert [r["page"] for r in rows] == [5]  # not 'agency staff is high; social workers'
    with text_registry.begin() as conn:
        conn.execute(text("UPDATE passages SET text = 'Agency social workers stay.' WHERE id = 4"))
    assert len(index.search(text_registry, '"agency social workers"')) == 2
    fts.integrity(text_registry)
