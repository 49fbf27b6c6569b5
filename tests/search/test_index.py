"""The queries over the full-text index, on the tiny registry of tests/conftest.py."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, insert, text

from cscwatch.registry import fts, schema
from cscwatch.search import index
from cscwatch.search.filters import FilterError
from cscwatch.search.query import QueryError


def test_contract_keys_ranking_and_highlight(text_registry):
    rows = index.search(text_registry, "police custody overnight")
    assert len(rows) == 1
    r = rows[0]
    assert list(r) == [*index.RESULT_KEYS, "highlighted"]
    assert r["source_file"] == "1_a/a 2014.pdf" and r["la_code"] == "370" and r["page"] == 4
    assert r["grade"] == "requires_improvement" and r["link"] == "1_a/a 2014.pdf, page 4"
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
    assert index.search(text_registry, "police:custody")[0]["page"] == 4  # not a column filter
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
    try:
        assert isinstance(index.search(eng, q), list)
        expr = index.fts_query(q)
    except QueryError as exc:  # a usage error: its message is the hint
        assert str(exc)
        return
    assert expr is None or expr.strip()


_ENGINE: dict = {}


# Phrases are exact ---------------------------------------------------------------------------
PHRASES = [
    # id, report, text (report 1 is Barnsley's, 2 Hertfordshire's)
    (1, 1, "Thresholds are applied by partner agencies, social workers and managers."),
    (2, 2, "Agency social workers make up a third of the workforce."),
    (3, 2, "Some agency social workers leave; partner agencies, social workers and others meet."),
    (4, 1, "The agency relies on social workers who stay."),
]


@pytest.fixture()
def phrases(tmp_path):
    eng = create_engine(f"sqlite:///{tmp_path / 'p.db'}")
    schema.metadata.create_all(eng)
    with eng.begin() as conn:
        fts.create(conn)
        conn.execute(insert(schema.reports), [
            {"id": 1, "source_file": "a.pdf", "sha256": "0", "status": "ok", "la_code": "370",
             "framework": "SIF", "overall": "good"},
            {"id": 2, "source_file": "b.pdf", "sha256": "1", "status": "ok", "la_code": "919",
             "framework": "ILACS", "overall": "inadequate"},
        ])  # fmt: skip
        conn.execute(
            insert(schema.passages),
            [{"id": i, "report_id": r, "page": i, "section": "Leadership", "text": t}
             for i, r, t in PHRASES],
        )  # fmt: skip
    return eng


def _ids(eng, q, **kw):
    return [r["page"] for r in index.search(eng, q, limit=50, **kw)]  # page == passage id here


def test_quoted_phrase_matches_the_words_as_written(phrases):
    assert sorted(_ids(phrases, '"agency social workers"')) == [2, 3]
    assert sorted(_ids(phrases, '"partner agencies social workers"')) == [1, 3]
    assert sorted(_ids(phrases, '"agency"')) == [2, 3, 4]  # not 'agencies'
    assert sorted(_ids(phrases, "agency")) == [1, 2, 3, 4]  # stemmed: 'agencies' too


def test_phrase_with_words_or_and_not(phrases):
    assert _ids(phrases, '"agency social workers" leave') == [3]
    assert sorted(_ids(phrases, '"agency social workers" OR thresholds')) == [1, 2, 3]
    assert _ids(phrases, 'social NOT "agency social workers"') in ([1, 4], [4, 1])
    assert _ids(phrases, '"agency social workers" NOT "partner agencies"') == [2]
    # NOT a stemmed word excludes its stems: 'agencies' is 'agency'
    assert _ids(phrases, "social NOT agency") == []


def test_plain_words_rank_the_phrase_as_written_first(phrases):
    got = _ids(phrases, "agency social workers")
    assert sorted(got) == [1, 2, 3, 4]
    assert sorted(got[:2]) == [2, 3]  # hold "agency social workers"; 1 has "agencies, social"


def test_a_phrase_is_highlighted_only_where_it_is_written(phrases):
    (row,) = [r for r in index.search(phrases, '"agency social workers"') if r["page"] == 3]
    assert row["highlighted"] == (
        "Some «agency social workers» leave; partner agencies, social workers and others meet."
    )
    (row,) = [r for r in index.search(phrases, "thresholds agency") if r["page"] == 1]
    assert row["highlighted"].startswith("«Thresholds» are applied by partner «agencies»")


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("NOT neglect", "cannot only exclude"),
        ("neglect NOT", "NOT needs a word after it"),
        ("neglect OR", "OR needs words on both sides"),
        ("OR neglect", "OR needs words on both sides"),
        ("agency OR NOT neglect", "cannot only exclude"),
        ("agency AND", "AND needs words on both sides"),
    ],
)
def test_a_query_that_can_only_exclude_or_lacks_a_side_is_a_usage_error(phrases, query, says):
    with pytest.raises(QueryError, match=says):
        index.search(phrases, query)


def test_operator_precedence_is_fts5s(phrases):
    # NOT binds tightest, then AND, then OR: 'a OR b c' is 'a OR (b AND c)'
    assert sorted(_ids(phrases, "thresholds OR stay relies")) == [1, 4]
    assert sorted(_ids(phrases, "thresholds OR stay leave")) == [1]
    assert sorted(_ids(phrases, "workforce OR workers NOT agency")) == [2]
    assert _ids(phrases, "or") == [] and _ids(phrases, "not") == []  # lower case: words


@pytest.mark.parametrize(
    ("name", "value", "closest"),
    [
        ("grade", "inadequte", "inadequate"),
        ("region", "North", "North East"),
        ("section", "help", "Help and protection"),
        ("framework", "ilac", "ILACS"),
    ],
)
def test_unknown_filter_values_are_errors_naming_the_valid_ones(phrases, name, value, closest):
    with pytest.raises(FilterError) as caught:
        index.search(phrases, "agency", **{name: value})
    assert caught.value.closest == closest and closest in caught.value.valid
    assert f"did you mean {closest!r}" in str(caught.value)


def test_a_value_nothing_is_close_to_still_names_the_valid_ones(phrases):
    with pytest.raises(FilterError) as caught:
        index.search(phrases, "agency", grade="zzzz")
    assert caught.value.closest is None and "outstanding, good" in str(caught.value)


# Counts, pages, reports, links ----------------------------------------------------------------
def test_total_counts_every_match_and_pages_cover_them(phrases):
    whole = index.find(phrases, "agency", limit=50)
    assert whole["total"] == 4 == len(whole["results"])
    pages = [index.find(phrases, "agency", limit=3, offset=o) for o in (0, 3)]
    assert [p["total"] for p in pages] == [4, 4]
    assert [r["page"] for p in pages for r in p["results"]] == [r["page"] for r in whole["results"]]
    past = index.find(phrases, "agency", limit=3, offset=10)
    assert past["total"] == 4 and past["results"] == []
    assert index.find(phrases, "agency", limit=2, grade="inadequate")["total"] == 2


def test_by_report_one_row_each_with_its_count_and_best_passage(phrases):
    page = index.find(phrases, "agency", by="report", limit=50)
    assert page["total"] == 2
    rows = {r["source_file"]: r for r in page["results"]}
    assert {f: r["passages"] for f, r in rows.items()} == {"a.pdf": 2, "b.pdf": 2}
    assert {f: r["grade"] for f, r in rows.items()} == {"a.pdf": "good", "b.pdf": "inadequate"}
    by_passage = index.search(phrases, "agency", limit=50)
    for f, r in rows.items():  # each report's best passage is its first in passage order
        assert r["page"] == next(p["page"] for p in by_passage if p["source_file"] == f)
    assert [list(r) for r in page["results"]] == [[*index.REPORT_KEYS, "highlighted"]] * 2
    second = index.find(phrases, "agency", by="report", limit=1, offset=1)
    assert second["total"] == 2 and second["results"] == page["results"][1:]


def test_link_is_the_ofsted_address_at_the_page_when_the_registry_knows_it(phrases):
    assert index.search(phrases, "thresholds")[0]["link"] == "a.pdf, page 1"
    with phrases.begin() as conn:
        if "source_url" not in schema.reports.c:  # a registry made before the column
            conn.execute(text("ALTER TABLE reports ADD COLUMN source_url TEXT"))
        conn.execute(
            text("UPDATE reports SET source_url = 'https://files.ofsted.gov.uk/v1/file/1'")
        )
    row = index.search(phrases, "thresholds")[0]
    assert row["link"] == "https://files.ofsted.gov.uk/v1/file/1#page=1"
    assert row["source_url"] == "https://files.ofsted.gov.uk/v1/file/1"
