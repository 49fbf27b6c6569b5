"""The queries over the full-text index, on the tiny registry of tests/conftest.py."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from cscwatch.registry import fts, schema
from cscwatch.search import index


def test_contract_keys_ranking_and_highlight(text_registry):
    rows = index.search(text_registry, "police custody overnight")
    assert len(rows) == 1
    r = rows[0]
    assert list(r) == [*index.RESULT_KEYS, "highlighted"]
    assert r["source_file"] == "1_a/a 2014.pdf" and r["la_code"] == "370" and r["page"] == 4
    assert r["section"] == "Help and protection" and r["score"] > 0
    assert "\u00abpolice custody overnight\u00bb" in r["highlighted"]
    json.dumps(rows)  # plain JSON types only


def test_stemming_prefix_and_phrase(text_registry):
    stems = {r["page"] for r in index.search(text_registry, "safeguard")}
    assert stems == {3}  # 'safeguarding', 'safeguarded'
    assert {r["page"] for r in index.search(text_registry, "safe*")} == {3}
    assert len(index.search(text_registry, '"agency social workers"')) == 1
    assert len(index.search(text_registry, "agency")) == 2
    assert len(index.search(text_registry, "agency NOT staff")) == 1
    assert len(index.search(text_registry, "custody OR caseloads")) == 1


def test_filters(text_registry):
    assert {r["la_code"] for r in index.search(text_registry, "agency", la_code="919")} == {"919"}
    assert len(index.search(text_registry, "agency", grade="Requires improvement")) == 1
    assert len(index.search(text_registry, "agency", grade="inadequate")) == 1
    assert len(index.search(text_registry, "agency", since="2020-01-01")) == 1
    assert len(index.search(text_registry, "agency", until="2015-01-01")) == 1
    assert len(index.search(text_registry, "agency", region="east of england")) == 1
    assert len(index.search(text_registry, "agency", framework="sif")) == 1
    assert len(index.search(text_registry, "social", section="children in care")) == 1
    assert index.search(text_registry, "agency", limit=1)[0]["score"] >= 0


def test_nothing_found_and_hostile_input(text_registry):
    assert index.search(text_registry, "zebra") == []
    for q in [
        '"',
        "'",
        "NEAR(",
        "a:b",
        "(((",
        "*",
        "OR",
        "AND NOT",
        "text:police",
        "'; DROP TABLE reports; --",
        "",
    ]:
        index.search(text_registry, q)  # never raises
    with text_registry.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM reports")).scalar() == 3


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_string_is_safe(tmp_path_factory, q):
    eng = _ENGINE.get("e")
    if eng is None:
        path = tmp_path_factory.mktemp("h") / "h.db"
        eng = create_engine(f"sqlite:///{path}")
        schema.metadata.create_all(eng)
        with eng.begin() as conn:
            fts.create(conn)
        _ENGINE["e"] = eng
    assert isinstance(index.search(eng, q), list)
    expr = index.fts_query(q)
    assert expr is None or expr.strip()


_ENGINE: dict = {}
