"""The FTS5 index and the queries over it, on a tiny registry built here."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, insert, text

from cscwatch.registry import schema
from cscwatch.reports.themes import count_themes
from cscwatch.search import index

REPORTS = [
    # id, source_file, la_code, la_name, region, framework, published, overall
    (1, "1_a/a 2014.pdf", "370", "Barnsley", "Yorkshire and the Humber", "SIF", "2014-08-08",
     "requires_improvement"),
    (2, "1_a/a 2019.pdf", "370", "Barnsley", "Yorkshire and the Humber", "ILACS", "2019-01-10",
     "good"),
    (3, "2_b/b 2022.pdf", "919", "Hertfordshire", "East of England", "ILACS", "2022-05-01",
     "inadequate"),
]  # fmt: skip
PASSAGES = [
    (
        1,
        1,
        4,
        "Help and protection",
        "Young people are held in police custody overnight too often.",
    ),
    (2, 1, 5, "Leadership", "Agency social workers make up a third of the workforce."),
    (3, 2, 3, "Help and protection", "Safeguarding arrangements are strong and safeguarded well."),
    (4, 3, 6, "Leadership", "Reliance on agency staff is high; social workers leave often."),
    (5, 3, 7, "Children in care", "Children in care see their social workers regularly."),
]
RECS = [
    (1, 1, "improvement", "Reduce the number of young people held in police custody overnight."),
    (1, 2, "improvement", "Improve the quality of personal education plans."),
    (2, 1, "improvement", "Young people held overnight in police custody: reduce the number."),
    (3, 1, "priority", "Stabilise the workforce and reduce caseloads."),
]


@pytest.fixture()
def engine(tmp_path):
    eng = create_engine(f"sqlite:///{tmp_path / 'r.db'}")
    schema.metadata.create_all(eng)
    with eng.begin() as conn:
        index.create_fts(conn)  # with triggers: rows inserted afterwards are indexed
        conn.execute(
            insert(schema.reports),
            [
                dict(zip(("id", "source_file", "la_code", "la_name", "region", "framework",
                          "published", "overall"), r, strict=True), sha256="0" * 64, status="ok")
                for r in REPORTS
            ],
        )  # fmt: skip
        conn.execute(
            insert(schema.passages),
            [
                dict(zip(("id", "report_id", "page", "section", "text"), p, strict=True))
                for p in PASSAGES
            ],
        )
        conn.execute(
            insert(schema.recommendations),
            [dict(zip(("report_id", "position", "kind", "text"), r, strict=True)) for r in RECS],
        )
        for rid in (1, 2, 3):
            body = [(p[3], p[4]) for p in PASSAGES if p[1] == rid]
            rows = [
                {"report_id": rid, "theme": t, "section": s, "count": n}
                for t, s, n in count_themes(body)
            ]
            if rows:
                conn.execute(insert(schema.theme_counts), rows)
    return eng


def test_contract_keys_ranking_and_highlight(engine):
    rows = index.search(engine, "police custody overnight")
    assert len(rows) == 1
    r = rows[0]
    assert list(r) == [*index.RESULT_KEYS, "highlighted"]
    assert r["source_file"] == "1_a/a 2014.pdf" and r["la_code"] == "370" and r["page"] == 4
    assert r["section"] == "Help and protection" and r["score"] > 0
    assert "\u00abpolice custody overnight\u00bb" in r["highlighted"]
    json.dumps(rows)  # plain JSON types only


def test_stemming_prefix_and_phrase(engine):
    stems = {r["page"] for r in index.search(engine, "safeguard")}
    assert stems == {3}  # 'safeguarding', 'safeguarded'
    assert {r["page"] for r in index.search(engine, "safe*")} == {3}
    assert len(index.search(engine, '"agency social workers"')) == 1
    assert len(index.search(engine, "agency")) == 2
    assert len(index.search(engine, "agency NOT staff")) == 1
    assert len(index.search(engine, "custody OR caseloads")) == 1


def test_filters(engine):
    assert {r["la_code"] for r in index.search(engine, "agency", la_code="919")} == {"919"}
    assert len(index.search(engine, "agency", grade="Requires improvement")) == 1
    assert len(index.search(engine, "agency", grade="inadequate")) == 1
    assert len(index.search(engine, "agency", since="2020-01-01")) == 1
    assert len(index.search(engine, "agency", until="2015-01-01")) == 1
    assert len(index.search(engine, "agency", region="east of england")) == 1
    assert len(index.search(engine, "agency", framework="sif")) == 1
    assert len(index.search(engine, "social", section="children in care")) == 1
    assert index.search(engine, "agency", limit=1)[0]["score"] >= 0


def test_nothing_found_and_hostile_input(engine):
    assert index.search(engine, "zebra") == []
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
        index.search(engine, q)  # never raises
    with engine.connect() as conn:
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
            index.create_fts(conn)
        _ENGINE["e"] = eng
    assert isinstance(index.search(eng, q), list)
    expr = index.fts_query(q)
    assert expr is None or expr.strip()


_ENGINE: dict = {}


def test_rebuild_after_bulk_load_without_triggers(tmp_path):
    eng = create_engine(f"sqlite:///{tmp_path / 'b.db'}")
    schema.metadata.create_all(eng)
    with eng.begin() as conn:
        conn.execute(insert(schema.reports), [{"id": 1, "source_file": "x.pdf", "sha256": "0",
                                               "status": "ok", "la_code": "370"}])  # fmt: skip
        conn.execute(insert(schema.passages), [{"report_id": 1, "page": 1, "section": "Summary",
                                                "text": "Caseloads are manageable."}])  # fmt: skip
    assert not index.fts_ready(eng)
    index.rebuild_fts(eng)
    assert index.fts_ready(eng)
    assert len(index.search(eng, "caseload")) == 1


def test_recommendations_and_recurrence(engine):
    flagged = index.flag_recurring(engine)
    rows = index.recommendations_for(engine, "370")
    assert [(r["published"], r["position"]) for r in rows] == [
        ("2014-08-08", 1),
        ("2014-08-08", 2),
        ("2019-01-10", 1),
    ]
    assert [r["recurs"] for r in rows] == [True, False, None]  # last inspection: unknown
    assert flagged == 1
    assert index.recommendations_for(engine, "999") == []


def test_theme_prevalence(engine):
    rows = index.theme_prevalence(engine)
    by = {(r["theme"], r["group"], r["value"]): r for r in rows}
    allc = by[("workforce_stability", "all", "all")]
    assert allc["reports"] == 3 and allc["mentioning"] == 2
    assert by[("caseloads", "grade", "inadequate")]["share_in_recommendations"] == 1.0
    assert by[("police_custody", "grade", "good")]["share_in_recommendations"] == 1.0
    assert by[("police_custody", "year", "2014")]["in_recommendations"] == 1
    mine = index.theme_prevalence(engine, la_code="919")
    assert {r["reports"] for r in mine if r["group"] == "all"} == {1}
