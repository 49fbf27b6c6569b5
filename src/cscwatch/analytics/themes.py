"""How often each theme of the dictionary (data/themes.yaml) comes up: the share of reports
whose text mentions it and the share whose recommendations do, by overall grade, by kind of
document (full inspections apart from focused-visit letters, which are shorter and look at one
area), by year of publication and over all reports. Read from the theme counts the registry build stored
(reports/themes.py counts them), or from the stored text where a registry has no counts.

"Recommendations" are those of inspections: the areas for priority action that visit letters
set (rows of kind 'priority_action', and their theme counts) are left out of both shares."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from cscwatch.registry import read
from cscwatch.reports.recommendations import PRIORITY_ACTION
from cscwatch.reports.themes import (
    PRIORITY_ACTIONS_SECTION,
    RECOMMENDATIONS_SECTION,
    load_themes,
    themes_in,
)
from cscwatch.vocabulary import GRADES, KINDS

if TYPE_CHECKING:  # imported when used: themes read through registry.read
    import datetime as dt

    from sqlalchemy import Engine

    from cscwatch.registry.queries import History

__all__ = ["theme_prevalence", "theme_recurrence"]


def _exec(conn, sql: str, params: dict | None = None):
    return read.execute(conn, sql, params)


def _theme_mentions(conn, la_code: str | None) -> dict[int, set[str]]:
    """Report id -> themes mentioned anywhere in its text (theme_counts, or the passages)."""
    params = {"la": la_code}
    la_filter = " AND r.la_code = :la" if la_code else ""
    rows = _exec(
        conn,
        "SELECT t.report_id, t.theme FROM theme_counts t JOIN reports r ON r.id = t.report_id "
        f"WHERE t.count > 0 AND (t.section IS NULL OR t.section NOT IN (:rec, :pa)){la_filter}",
        {**params, "rec": RECOMMENDATIONS_SECTION, "pa": PRIORITY_ACTIONS_SECTION},
    ).all()
    out: dict[int, set[str]] = defaultdict(set)
    for report_id, theme in rows:
        out[report_id].add(theme)
    if out:
        return out
    themes = load_themes()
    for report_id, body in _exec(
        conn,
        "SELECT p.report_id, p.text FROM passages p JOIN reports r ON r.id = p.report_id"
        f" WHERE 1=1{la_filter}",
        params,
    ):
        out[report_id].update(themes_in(body, themes))
    return out


def theme_prevalence(engine: Engine, *, la_code: str | None = None) -> list[dict[str, Any]]:
    """For each theme and group of reports (by overall grade, by kind of document, by year of
    publication, and all), the share of reports whose text mentions the theme and the share
    whose recommendations do. Rows: theme, label, group ('all' | 'grade' | 'kind' | 'year'),
    value, reports, mentioning, share, in_recommendations, share_in_recommendations."""
    themes = load_themes()
    la_filter = " AND la_code = :la" if la_code else ""
    with engine.connect() as conn:
        reports = (
            _exec(
                conn,
                "SELECT id, overall, kind, published FROM reports WHERE status = 'ok'" + la_filter
                if _has_status(conn)
                else "SELECT id, overall, kind, published FROM reports WHERE 1=1" + la_filter,
                {"la": la_code},
            )
            .mappings()
            .all()
        )
        mentions = _theme_mentions(conn, la_code)
        rec_filter = la_filter.replace("la_code", "r.la_code")
        has_recs = {
            report_id
            for (report_id,) in _exec(
                conn,
                "SELECT DISTINCT c.report_id FROM recommendations c JOIN reports r "
                "ON r.id = c.report_id WHERE coalesce(c.kind, '') != :pa" + rec_filter,
                {"la": la_code, "pa": PRIORITY_ACTION},
            )
        }
        # Themes in recommendations: the counts stored by the build (the embedded registry
        # has them, though it ships no recommendation text), else from the text itself.
        rec_themes: dict[int, set[str]] = defaultdict(set)
        for report_id, theme in _exec(
            conn,
            "SELECT t.report_id, t.theme FROM theme_counts t JOIN reports r ON r.id = t.report_id "
            "WHERE t.count > 0 AND t.section = :rec" + rec_filter,
            {"la": la_code, "rec": RECOMMENDATIONS_SECTION},
        ):
            rec_themes[report_id].add(theme)
        if not rec_themes:
            for report_id, body in _exec(
                conn,
                "SELECT c.report_id, c.text FROM recommendations c JOIN reports r "
                "ON r.id = c.report_id WHERE c.text IS NOT NULL "
                "AND coalesce(c.kind, '') != :pa" + rec_filter,
                {"la": la_code, "pa": PRIORITY_ACTION},
            ):
                rec_themes[report_id].update(themes_in(body, themes))
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in reports:
        groups[("all", "all")].append(r["id"])
        if r["overall"]:
            groups[("grade", r["overall"])].append(r["id"])
        if r["kind"]:
            groups[("kind", r["kind"])].append(r["id"])
        if r["published"]:
            groups[("year", str(r["published"])[:4])].append(r["id"])
    order = {("all", "all"): (0, 0)}
    for i, grade in enumerate(GRADES):
        order[("grade", grade)] = (1, i)
    for i, kind in enumerate(KINDS):
        order[("kind", kind)] = (3, i)

    def key(g):  # all, grades, kinds, years (a value outside the vocabulary after its own)
        return order.get(g, ({"grade": 2, "kind": 4}.get(g[0], 5), g[1]))

    out = []
    for theme in themes:
        for g in sorted(groups, key=key):
            ids = groups[g]
            n = len(ids)
            m = sum(theme.id in mentions.get(i, ()) for i in ids)
            with_recs = [i for i in ids if i in has_recs]
            mr = sum(theme.id in rec_themes.get(i, ()) for i in with_recs)
            out.append(
                {
                    "theme": theme.id,
                    "label": theme.label,
                    "group": g[0],
                    "value": g[1],
                    "reports": n,
                    "mentioning": m,
                    "share": round(m / n, 3) if n else None,
                    "reports_with_recommendations": len(with_recs),
                    "in_recommendations": mr,
                    "share_in_recommendations": round(mr / len(with_recs), 3)
                    if with_recs
                    else None,
                }
            )
    return out


def _has_status(conn) -> bool:
    return (_exec(conn, "SELECT count(*) FROM reports WHERE status = 'ok'").scalar() or 0) > 0


RECURRENCE_RULE = (
    "Consecutive full inspections of the same council (the pairs of the transitions: a file "
    "downloaded twice counts once, a council with a single predecessor continues it), both in "
    "effect by {as_of}, where both inspections' recommendations are stored. Among the pairs "
    "whose earlier recommendations carried the theme (its dictionary patterns matched in the "
    "recommendations, data/themes.yaml), the share whose next inspection's recommendations "
    "carried it again."
)
RECOMMENDATION_RULE = (
    "Among the recommendations carrying the theme whose council's next full inspection was in "
    "effect by {as_of}, the share raised again at that inspection: a recommendation there "
    "scored at least {threshold} on rapidfuzz's token_set_ratio to it (the registry's "
    "recurrence flag)."
)


def _recommendation_themes(conn) -> tuple[dict[str, set[str]], dict[str, list[tuple]]]:
    """Report file -> themes its recommendations carry (the stored counts, else the text), and
    report file -> (text, recurs) of each recommendation with text."""
    themes = load_themes()
    by_file: dict[str, set[str]] = defaultdict(set)
    for source_file, theme in _exec(
        conn,
        "SELECT r.source_file, t.theme FROM theme_counts t JOIN reports r ON r.id = t.report_id "
        "WHERE t.count > 0 AND t.section = :rec",
        {"rec": RECOMMENDATIONS_SECTION},
    ):
        by_file[source_file].add(theme)
    counted = bool(by_file)
    texts: dict[str, list[tuple]] = defaultdict(list)
    for source_file, body, recurs in _exec(
        conn,
        "SELECT r.source_file, c.text, c.recurs FROM recommendations c JOIN reports r "
        "ON r.id = c.report_id WHERE coalesce(c.kind, '') != 'priority_action'",
    ):
        by_file.setdefault(source_file, set())  # the report has recommendations stored
        if body:
            texts[source_file].append((body, recurs))
            if not counted:
                by_file[source_file].update(themes_in(body, themes))
    return by_file, texts


def theme_recurrence(
    engine: Engine,
    history: History,
    as_of: dt.date | str,
    *,
    theme_ids: list[str] | None = None,
) -> list[dict[str, Any]]:
    """For each theme (``theme_ids``, else every theme of the dictionary): among consecutive
    full inspections both in effect by ``as_of`` whose earlier inspection's recommendations
    carried the theme, how many of the next inspections' recommendations carried it again
    (``pairs_with_theme``, ``raised_again``, ``share``; rule in ``rule``). Where the registry
    holds the recommendations' text, also the share of the theme's recommendations that the
    next inspection raised again (``recommendations``, ``recurred``, ``recommendation_share``,
    ``recommendation_rule``)."""
    from cscwatch.analytics.inspections import as_date, pairs
    from cscwatch.registry.recurrence import RECURRENCE_THRESHOLD

    day = as_date(as_of)
    dictionary = {t.id: t for t in load_themes()}
    wanted = [t for t in (theme_ids or list(dictionary)) if t in dictionary]
    with engine.connect() as conn:
        by_file, texts = _recommendation_themes(conn)
    both = [
        (a, b)
        for a, b in pairs(history, day)
        if a.source_file in by_file and b.source_file in by_file
    ]
    out = []
    for tid in wanted:
        theme = dictionary[tid]
        with_theme = [(a, b) for a, b in both if tid in by_file[a.source_file]]
        again = sum(tid in by_file[b.source_file] for _, b in with_theme)
        recs = [
            recurs
            for a, _ in with_theme
            for body, recurs in texts.get(a.source_file, ())
            if recurs is not None and theme.count(body) > 0
        ]
        row: dict[str, Any] = {
            "theme": tid,
            "label": theme.label,
            "as_of": day.isoformat(),
            "pairs": len(both),
            "pairs_with_theme": len(with_theme),
            "raised_again": again,
            "share": round(again / len(with_theme), 3) if with_theme else None,
            "rule": RECURRENCE_RULE.format(as_of=day.isoformat()),
        }
        if recs:
            row.update(
                recommendations=len(recs),
                recurred=sum(bool(r) for r in recs),
                recommendation_share=round(sum(bool(r) for r in recs) / len(recs), 3),
                recommendation_rule=RECOMMENDATION_RULE.format(
                    as_of=day.isoformat(), threshold=RECURRENCE_THRESHOLD
                ),
            )
        out.append(row)
    return out
