"""A small registry database for the plan pages: one council's reports written row by row, so
its open asks can be counted by hand. Wording, dates and grades are invented, in Ofsted's
structure; nothing here is a real report's prose or judgement.

Barnsley (370), oldest first:
- a SIF inspection (2015), inadequate, with 2 recommendations: superseded, not open;
- a focused visit (2021) with 1 area for priority action: before the latest inspection, not open;
- the latest full inspection (ILACS, published 2022-04-20), requires improvement, with
  3 recommendations (pages 11, 11, 12): open;
- a focused visit (published 2023-02-10) with 2 areas for priority action (page 2): open;
- a monitoring visit (2023) setting none.
Open asks: 3 recommendations + 2 areas for priority action = 5.
Bury (351) has one full inspection and no recommendations read: no open asks.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, insert

from cscwatch import reference
from cscwatch.registry import schema
from cscwatch.reports.themes import PRIORITY_ACTIONS_SECTION
from cscwatch.reports.themes import RECOMMENDATIONS_SECTION as RECS_SECTION

URL = "https://files.ofsted.gov.uk/v1/file/{}"
RI, I, G = "requires_improvement", "inadequate", "good"  # noqa: E741


def _report(rid: int, la_code: str, name: str, kind: str, end: str, published: str, **kw) -> dict:
    c = reference.by_code()[la_code]
    row = {
        "id": rid,
        "source_file": f"{c.urn}_{c.slug}/{name}.pdf",
        "sha256": f"{rid:064d}",
        "urn": c.urn,
        "la_code": la_code,
        "la_name": c.name,
        "region": c.region,
        "kind": kind,
        "inspection_start": end,
        "inspection_end": end,
        "published": published,
        "published_source": "stated",
        "status": "ok",
        "source_url": URL.format(50_000_000 + rid),
        "cic_combined": False,
    }
    row.update(kw)
    return row


def _graded(grade: str) -> dict:
    return {a: grade for a in ("overall", "help_and_protection", "children_in_care", "leadership")}


REPORTS = [
    _report(1, "370", "sif 2015", "inspection", "2015-03-20", "2015-05-01", framework="SIF", **_graded(I)),
    _report(2, "370", "focused 2021", "focused_visit", "2021-05-05", "2021-06-01", priority_actions=1, focus="front_door"),
    _report(3, "370", "ilacs 2022", "inspection", "2022-03-04", "2022-04-20", framework="ILACS", **_graded(RI)),
    _report(4, "370", "focused 2023", "focused_visit", "2023-01-12", "2023-02-10", priority_actions=2, focus="children_in_care"),
    _report(5, "370", "monitoring 2023", "monitoring_visit", "2023-09-07", "2023-10-05"),
    _report(6, "351", "ilacs 2022", "inspection", "2022-03-01", "2022-04-20", framework="ILACS", **_graded(G)),
]  # fmt: skip

# report_id, position, kind, page, text
RECOMMENDATIONS = [
    (1, 1, "improvement", 30, "Strengthen the quality of assessments for children in need."),
    (1, 2, "improvement", 30, "Make sure that return home interviews are offered."),
    (2, 1, "priority_action", 2, "The timeliness of strategy meetings at the front door."),
    (3, 1, "improvement", 11, "Improve management oversight and supervision of frontline practice."),
    (3, 2, "improvement", 11, "Reduce social worker caseloads so that children see them regularly."),
    (3, 3, "improvement", 12, "Improve the quality and timeliness of pathway plans for care leavers."),
    (4, 1, "priority_action", 2, "Management oversight of plans for children in care, so that drift is acted on."),
    (4, 2, "priority_action", 2, "The sufficiency of placements for children in care."),
]  # fmt: skip

OPEN = {  # the open asks, by source: (report_id, position)
    "recommendation": [(3, 1), (3, 2), (3, 3)],
    "priority_action": [(4, 1), (4, 2)],
}


def make_registry(path: Path, *, text: bool = True) -> Engine:
    """The registry at ``path``; ``text=False`` leaves every recommendation's words out, as
    the embedded registry does, and records the themes of each report's recommendations in
    ``theme_counts`` (sections Recommendations and Priority actions) instead, as the embedded
    registry ships them."""
    from cscwatch.reports.themes import themes_in

    engine = create_engine(f"sqlite:///{path}")
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        columns = {k for r in REPORTS for k in r}
        conn.execute(insert(schema.reports), [{k: r.get(k) for k in columns} for r in REPORTS])
        conn.execute(
            insert(schema.recommendations),
            [
                {"report_id": r, "position": p, "kind": k, "page": pg, "text": t if text else None}
                for r, p, k, pg, t in RECOMMENDATIONS
            ],
        )
        counts: dict[tuple[int, str, str], int] = {}
        for r, _p, kind, _pg, t in RECOMMENDATIONS:
            section = PRIORITY_ACTIONS_SECTION if kind == "priority_action" else RECS_SECTION
            for theme, n in themes_in(t).items():
                counts[(r, section, theme)] = counts.get((r, section, theme), 0) + n
        conn.execute(
            insert(schema.theme_counts),
            [
                {"report_id": r, "theme": th, "section": section, "count": n}
                for (r, section, th), n in counts.items()
            ],
        )
    return engine


def expected(source: str) -> list[dict]:
    """The open asks of one source, from the rows above: position, page, text, report date."""
    by_id = {r["id"]: r for r in REPORTS}
    rows = {(r, p): (pg, t) for r, p, _k, pg, t in RECOMMENDATIONS}
    return [
        {
            "report_id": rid,
            "position": pos,
            "page": rows[(rid, pos)][0],
            "text": rows[(rid, pos)][1],
            "report_date": by_id[rid]["published"],
            "source_url": by_id[rid]["source_url"],
        }
        for rid, pos in OPEN[source]
    ]
