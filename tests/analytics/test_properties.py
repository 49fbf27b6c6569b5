"""Invariants of the national picture on random registries (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cscwatch import reference
from cscwatch.analytics import asof
from cscwatch.analytics.inspections import GRADES, HEADLINE_AREAS
from cscwatch.analytics.transitions import transitions

from .handmade import make_history, report

# Ordinary councils and every reorganised one, so existence dates are exercised.
CODES = ["370", "350", "351", "381", "928", "940", "941", "909", "942", "943", "835", "836"]
CODES += ["837", "838", "839", "825"]
KINDS = ["inspection", "inspection", "monitoring_visit", "focused_visit", "jtai"]
dates = st.dates(dt.date(2012, 1, 1), dt.date(2027, 12, 31))
grade = st.sampled_from([*GRADES, None])


@st.composite
def registries(draw):
    keys = draw(st.lists(st.tuples(st.sampled_from(CODES), dates), max_size=40, unique=True))
    rows = []
    for i, (code, end) in enumerate(keys):
        lag = draw(st.one_of(st.none(), st.integers(0, 150)))
        published = None if lag is None else (end + dt.timedelta(days=lag)).isoformat()
        rows.append(
            report(
                code,
                f"r{i}.pdf",
                end.isoformat(),
                published,
                kind=draw(st.sampled_from(KINDS)),
                framework=draw(st.sampled_from(["SIF", "ILACS"])),
                status=draw(st.sampled_from(["ok", "ok", "ok", "error"])),
                **{a: draw(grade) for a in HEADLINE_AREAS},
            )
        )
    return rows


def oracle(rows, day: dt.date) -> dict[str, dict | None]:
    """The rule, written the slow obvious way: for each existing council, its full inspections
    in effect on ``day``, the latest."""
    out = {}
    for c in reference.existing_on(day):
        best = None
        for r in rows:
            if r["la_code"] != c.la_code or r["kind"] != "inspection" or r["status"] != "ok":
                continue
            eff = r["published"] or r["inspection_end"]
            if eff > day.isoformat():
                continue
            if best is None or (eff, r["inspection_end"]) > (
                best["published"] or best["inspection_end"],
                best["inspection_end"],
            ):
                best = r
        out[c.la_code] = best
    return out


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(registries(), dates)
def test_counts_add_up(rows, day):
    r = asof.national(make_history(rows), day)
    assert r["councils"] == len(reference.existing_on(day))
    for area in HEADLINE_AREAS:
        a = r["areas"][area]
        assert a["graded"] == sum(a[g] for g in GRADES)
        assert a["graded"] + a["not_judged"] + a["no_report"] == r["councils"]
        for g in (*GRADES, "not_judged", "no_report"):
            assert len(a["councils"][g]) == a[g]
        if a["graded"]:
            assert abs(sum(a["percent"].values()) - 100.0) < 1e-9
        listed = [
            e["la_code"] for g in (*GRADES, "not_judged", "no_report") for e in a["councils"][g]
        ]
        assert sorted(listed) == sorted(c.la_code for c in reference.existing_on(day))


@SETTINGS
@given(registries(), dates)
def test_matches_the_rule_written_slowly(rows, day):
    expected = oracle(rows, day)
    got = {r["la_code"]: r for r in asof.grade_on(make_history(rows), day)}
    assert set(got) == set(expected)
    for code, row in expected.items():
        for area in HEADLINE_AREAS:
            assert got[code][area] == (row[area] if row else None), (code, area)
        assert got[code]["published_estimated"] == bool(row and row["published"] is None)


@SETTINGS
@given(registries(), dates, st.integers(0, 3000))
def test_moving_forward_never_loses_an_existing_council(rows, d1, step):
    d2 = d1 + dt.timedelta(days=step)
    history = make_history(rows)
    g1 = {r["la_code"]: r for r in asof.grade_on(history, d1)}
    g2 = {r["la_code"]: r for r in asof.grade_on(history, d2)}
    for code in g1:
        council = reference.by_code()[code]
        if council.exists_on(d2):
            assert code in g2
            # Once a council has a full inspection in effect, it always has one.
            if g1[code]["source_file"] is not None:
                assert g2[code]["source_file"] is not None


@SETTINGS
@given(registries())
def test_transition_rows_add_up(rows):
    t = transitions(make_history(rows))
    assert t["pairs"] == sum(map(sum, t["matrix"]))
    for counts, pcts in zip(t["matrix"], t["row_percent"], strict=True):
        if sum(counts):
            assert abs(sum(pcts) - 100.0) < 1e-9
        else:
            assert pcts == [None] * 4
