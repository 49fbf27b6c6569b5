"""A small hand-made registry for the analytics tests. Every expected figure in the tests is
worked out by hand from the rows below."""

from __future__ import annotations

from cscwatch.registry.queries import History, history_from_rows
from cscwatch.registry.schema import AREAS, EXPORT_COLUMNS

OUT, GOOD, RI, INAD = "outstanding", "good", "requires_improvement", "inadequate"


def report(la_code: str, source_file: str, end: str | None, published: str | None, **kw) -> dict:
    row = dict.fromkeys(EXPORT_COLUMNS)
    row.update(
        source_file=source_file,
        la_code=la_code,
        kind="inspection",
        framework="SIF",
        inspection_end=end,
        published=published,
        published_source="stated" if published else None,
        status="ok",
        cic_combined=False,
    )
    grade = kw.pop("grade", None)
    if grade is not None:  # one grade for every area judged in the SIF
        row.update({a: grade for a in AREAS})
    row.update(kw)
    return row


def make_history(rows: list[dict]) -> History:
    """The analytics' input value, from registry rows."""
    return history_from_rows(rows)


def ilacs(la_code, source_file, end, published, grade, **kw):
    """An ILACS inspection before 2023: children in care and care leavers one judgement."""
    return report(
        la_code,
        source_file,
        end,
        published,
        framework="ILACS",
        overall=grade,
        help_and_protection=grade,
        children_in_care=grade,
        care_leavers=None,
        leadership=grade,
        cic_combined=True,
        **kw,
    )


HAND_ROWS = [
    # Barnsley (370): inadequate 2015, RI 2017 (the same inspection filed twice), good 2019.
    report("370", "barnsley/sif-2015.pdf", "2015-03-20", "2015-05-01", grade=INAD),
    report(
        "370",
        "barnsley/mv-2015.pdf",
        "2015-09-10",
        "2015-10-01",
        kind="monitoring_visit",
        framework=None,
    ),
    report("370", "barnsley/sif-2017.pdf", "2017-06-01", "2017-07-14", grade=RI),
    report("370", "barnsley/sif-2017-copy.pdf", "2017-06-01", None, grade=RI),
    # A focused visit carrying a (wrong) grade must not change anything.
    report(
        "370",
        "barnsley/fv-2018.pdf",
        "2018-10-01",
        "2018-11-01",
        kind="focused_visit",
        framework="ILACS",
        overall=INAD,
    ),
    ilacs("370", "barnsley/ilacs-2019.pdf", "2019-05-01", "2019-06-20", GOOD),
    # Bolton (350): good 2016; outstanding published on 31 August 2019; 2026 no overall judgement.
    report("350", "bolton/sif-2016.pdf", "2016-01-15", "2016-03-01", grade=GOOD),
    ilacs("350", "bolton/ilacs-2019.pdf", "2019-07-20", "2019-08-31", OUT),
    report(
        "350",
        "bolton/ilacs-2026.pdf",
        "2026-05-01",
        "2026-06-15",
        framework="ILACS",
        overall=None,
        help_and_protection=GOOD,
        children_in_care=GOOD,
        care_leavers=GOOD,
        leadership=GOOD,
    ),
    # Bury (351): RI 2017; inadequate published the day after 31 August 2019; inadequate 2022.
    report("351", "bury/sif-2017.pdf", "2016-11-20", "2017-01-10", grade=RI),
    ilacs("351", "bury/ilacs-2019.pdf", "2019-07-25", "2019-09-01", INAD),
    ilacs("351", "bury/ilacs-2022.pdf", "2022-03-01", "2022-04-20", INAD),
    # A failed parse is never counted.
    report("351", "bury/broken.pdf", "2019-04-01", "2019-05-01", grade=OUT, status="error"),
    # Calderdale (381): publication date unknown; the end date stands in.
    report("381", "calderdale/sif-2018.pdf", "2018-12-19", None, grade=GOOD),
    # Northamptonshire (928, abolished 31 March 2021): I 2013, RI 2016, I published 2020.
    report("928", "northants/sif-2013.pdf", "2013-06-01", "2013-08-01", grade=INAD),
    report("928", "northants/sif-2016.pdf", "2016-05-01", "2016-07-01", grade=RI),
    ilacs("928", "northants/ilacs-2019.pdf", "2019-11-15", "2020-01-10", INAD),
    # North Northamptonshire (940, from 1 April 2021): RI, published 2023.
    report(
        "940",
        "north-northants/ilacs-2022.pdf",
        "2022-11-25",
        "2023-01-20",
        framework="ILACS",
        overall=RI,
        help_and_protection=RI,
        children_in_care=GOOD,
        care_leavers=GOOD,
        leadership=RI,
    ),
]
