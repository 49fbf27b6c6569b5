"""A registry built before the visit columns and the interventions table: read as it is, and
upgraded in place by the next build."""

from __future__ import annotations

import sqlite3

from sqlalchemy import inspect

from cscwatch.registry import queries, schema, store


def _old_registry(path) -> None:
    engine = store.connect(str(path), create=True)
    with engine.begin() as conn:
        conn.execute(
            schema.reports.insert(),
            [{"source_file": "a.pdf", "sha256": "0" * 64, "status": "ok", "la_code": "370",
              "kind": "inspection", "inspection_end": "2019-01-01", "overall": "good"}],
        )  # fmt: skip
    engine.dispose()
    with sqlite3.connect(path) as db:
        for column in ("focus", "priority_actions", "visit_number"):
            db.execute(f"ALTER TABLE reports DROP COLUMN {column}")
        db.execute("DROP TABLE interventions")


def test_old_registry_reads_with_empty_visit_columns(tmp_path):
    path = tmp_path / "old.db"
    _old_registry(path)
    engine = store.connect(str(path))
    frame = queries.judgments_export(engine)
    assert list(frame.columns) == list(schema.EXPORT_COLUMNS)
    assert frame.loc[0, "focus"] is None
    assert queries.load_history(engine).reports[0].focus is None
    assert queries.interventions(engine) == []


def test_build_adds_the_missing_columns(tmp_path):
    path = tmp_path / "old.db"
    _old_registry(path)
    engine = store.connect(str(path), create=True)
    with engine.connect() as conn:
        have = {c["name"] for c in inspect(conn).get_columns("reports")}
        assert {"focus", "priority_actions", "visit_number"} <= have
        assert inspect(conn).has_table("interventions")
