#!/usr/bin/env python3
"""An example improvement plan and its board packs, for a synthetic council: docs/plan-example/.

    python scripts/plan_example.py                      # writes docs/plan-example/
    python scripts/plan_example.py --out /tmp/example   # anywhere else
    python scripts/plan_example.py --screenshot         # also a PNG of the November pack (Chromium)

Everything is invented and seeded (SEED), so a re-run writes the same files (the workbooks'
own creation time apart): a registry for "Exampleshire" (a council that does not exist, code
999) and for every real council a made-up inspection history whose grades and recommendations
are drawn at random (so the national context has something to count: none of it is a real
judgement and no sentence is Ofsted's); two synthetic Annex A workbooks a month apart
(casework/synth.py, never real children); then what a council team would do:

1. ``plan init``: the plan workbook, its asks from the registry;
2. the team fills actions and measures (October), ``plan pack`` on 31 October 2026;
3. the team updates the plan (November), ``plan check`` and ``plan pack`` on 30 November 2026:
   the second pack shows each measure's trend from the first (kept in the plan's history sheet);
4. ``plan diff`` between the October and November plans.

The steps call the same library functions as the ``cscwatch plan`` commands (the council is
made up, so ``cscwatch plan init Exampleshire`` could not find it in the reference data).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import create_engine, insert  # noqa: E402

from cscwatch import reference  # noqa: E402
from cscwatch.casework import synth  # noqa: E402
from cscwatch.plan import pack as board  # noqa: E402
from cscwatch.plan.init import init_plan  # noqa: E402
from cscwatch.plan.model import Action, Measure, Plan  # noqa: E402
from cscwatch.plan.workbook import read_plan, write_plan  # noqa: E402
from cscwatch.registry import schema  # noqa: E402
from cscwatch.registry.queries import load_history  # noqa: E402
from cscwatch.registry.recurrence import flag_recurring  # noqa: E402
from cscwatch.render.plan import json_text, render_html  # noqa: E402
from cscwatch.reports.themes import count_in_recommendations  # noqa: E402

SEED = 14
OUT = ROOT / "docs" / "plan-example"
D = dt.date.fromisoformat
CREATED = D("2026-10-01")  # the day the team ran plan init
PACKS = (D("2026-10-31"), D("2026-11-30"))  # two board meetings, a month apart
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
AREAS = ("overall", "help_and_protection", "children_in_care", "leadership")

COUNCIL = reference.Council(
    la_code="999",
    urn="9999999",
    ons_code="E99999999",
    name="Exampleshire (synthetic)",
    region="Example region",
    la_type="County",
    start_date=None,
    end_date=None,
    successors=(),
    predecessors=(),
    stat_neighbours=(),
    names=("Exampleshire",),
)

# Recommendations in Ofsted's manner, written for this example (no report's words): each names
# a subject of data/themes.yaml, so the asks carry themes and the national context can count.
POOL = [
    "Reduce social worker caseloads so that workloads are manageable.",
    "Strengthen management oversight and supervision of frontline practice.",
    "Improve the quality and timeliness of assessments.",
    "Make sure that children in care have stable placements close to home.",
    "Improve the quality of child in need and child protection plans so that they are specific.",
    "Keep in touch with care leavers and help more of them into education, employment or training.",
    "Improve the stability of the workforce and reduce reliance on agency staff.",
    "Make sure that children are seen alone and that statutory visits happen on time.",
    "Make sure that the voice of the child is recorded and informs plans.",
    "Strengthen the response to children who go missing or are at risk of exploitation.",
    "Improve the quality of personal education plans.",
    "Strengthen quality assurance and audit so that leaders know the quality of practice.",
    "Improve the timeliness of permanence planning, including adoption.",
    "Improve the response to 16- and 17-year-olds who are homeless.",
]

# Exampleshire: report, kind, framework, end of inspection, published, grade, asks (page, words)
EXAMPLESHIRE = [
    ("sif-2016", "inspection", "SIF", "2016-02-12", "2016-04-01", "inadequate", [
        (31, POOL[1]), (31, POOL[6]), (32, POOL[2]), (32, POOL[9]),
    ]),
    ("ilacs-2019", "inspection", "ILACS", "2019-03-15", "2019-05-10", "requires_improvement", [
        (16, POOL[4]), (16, POOL[5]), (17, POOL[1]),
    ]),
    ("ilacs-2025", "inspection", "ILACS", "2025-05-23", "2025-07-18", "requires_improvement", [
        (12, "Reduce social worker caseloads in the assessment teams so that workloads are "
             "manageable."),
        (12, "Improve the quality of assessments so that they are completed within timescales "
             "that meet children's needs."),
        (12, "Strengthen management oversight and supervision so that plans for children "
             "progress without drift."),
        (13, "Make sure that children on child protection plans are seen regularly and seen "
             "alone."),
        (13, "Keep in touch with care leavers and increase the number in education, employment "
             "or training."),
    ]),
    ("focused-2026", "focused_visit", None, "2026-02-05", "2026-03-12", None, [
        (2, "Placement stability for children in care, so that fewer children move home."),
        (2, "The timeliness of statutory reviews for children in care."),
    ]),
]  # fmt: skip


# The registry ---------------------------------------------------------------------------------
def _report(rid: int, la_code: str, name: str, kind: str, framework: str | None, end: str,
            published: str, grade: str | None, urn: str, la_name: str, region: str | None,
            **extra) -> dict:  # fmt: skip
    row = dict.fromkeys(c.name for c in schema.reports.columns)
    row.update(
        id=rid,
        source_file=f"{urn}_{la_code}/{name}.pdf",
        sha256=f"{rid:064d}",
        urn=urn,
        la_code=la_code,
        la_name=la_name,
        region=region,
        kind=kind,
        framework=framework,
        inspection_start=end,
        inspection_end=end,
        published=published,
        published_source="stated",
        status="ok",
        cic_combined=False,
        **extra,
    )
    if grade:
        row.update(dict.fromkeys(AREAS, grade))
    return row


def registry(path: Path, rnd: random.Random):
    """A registry database at ``path``: Exampleshire's reports and a made-up history for every
    council existing on the first pack's date."""
    reports, recs = [], []
    rid = 0
    for name, kind, framework, end, published, grade, asks in EXAMPLESHIRE:
        rid += 1
        extra = (
            {"priority_actions": len(asks), "focus": "children_in_care"} if grade is None else {}
        )
        reports.append(
            _report(rid, COUNCIL.la_code, name, kind, framework, end, published, grade,
                    COUNCIL.urn, COUNCIL.name, COUNCIL.region, **extra)
        )  # fmt: skip
        for pos, (page, words) in enumerate(asks, 1):
            kind_of = "priority_action" if grade is None else "improvement"
            recs.append({"report_id": rid, "position": pos, "kind": kind_of, "page": page,
                         "text": words})  # fmt: skip
    for c in reference.existing_on(PACKS[0]):
        for first, framework in ((2014, "SIF"), (2018, "ILACS"), (2022, "ILACS")):
            end = dt.date(first, 1, 15) + dt.timedelta(days=rnd.randrange(0, 3 * 365))
            if c.start_date and end < c.start_date:
                continue
            grade = rnd.choices(GRADES, weights=(1, 5, 4, 2))[0]
            published = end + dt.timedelta(days=50)
            rid += 1
            reports.append(
                _report(rid, c.la_code, f"{framework.lower()}-{end.year}", "inspection",
                        framework, end.isoformat(), published.isoformat(), grade, c.urn,
                        c.name, c.region)
            )  # fmt: skip
            for pos, words in enumerate(rnd.sample(POOL, rnd.randint(2, 5)), 1):
                recs.append({"report_id": rid, "position": pos, "kind": "improvement",
                             "page": rnd.randint(8, 20), "text": words})  # fmt: skip
    engine = create_engine(f"sqlite:///{path}")
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(schema.reports), reports)
        conn.execute(insert(schema.recommendations), recs)
        by_report: dict[int, list[str]] = {}
        for r in recs:
            by_report.setdefault(r["report_id"], []).append(r["text"])
        counts = [
            {"report_id": report, "theme": theme, "section": section, "count": n}
            for report, texts in by_report.items()
            for theme, section, n in count_in_recommendations(texts)
        ]
        conn.execute(insert(schema.theme_counts), counts)
        flag_recurring(conn)
    return engine


# The team's work ------------------------------------------------------------------------------
OWNERS = [
    "Head of Service, Assessment",
    "Head of Service, Children in Care",
    "Principal Social Worker",
    "Service Manager, Quality Assurance",
    "Head of Service, Care Leavers",
    "Workforce Development Lead",
]
STATUS_NEXT = {  # how a status moves from October to November, with its chances
    "not started": (("not started", "on track"), (1, 3)),
    "on track": (("on track", "done", "at risk"), (5, 3, 1)),
    "at risk": (("at risk", "on track", "off track"), (2, 2, 1)),
}
# The measure each theme takes: an indicator of cscwatch readiness (target, direction) or a
# figure the team enters by hand.
MEASURES = {
    "caseloads": ("IR-34", 18, "lower"),
    "assessments": ("IR-04", 85, "higher"),
    "children_seen_visits": ("IR-12", 90, "higher"),
    "care_leavers_eet_contact": ("IR-30", 90, "higher"),
    "placement_sufficiency_stability": ("IR-21", 10, "lower"),
}
# Figures entered by hand: theme -> description, target, direction, source, October and
# November values
BY_HAND = {
    "management_oversight": ("Case audits rated good or better (%)", 60, "higher",
                             "Quality assurance audit programme, {month}", 42, 51),
    "plans_and_reviews": ("Reviews of children in care held on time (%)", 95, "higher",
                          "Independent reviewing service report, {month}", 88, 86),
}  # fmt: skip


def october(plan: Plan, rnd: random.Random) -> Plan:
    """Actions and measures as the team first fills them in."""
    actions, measures = [], []
    for n, ask in enumerate(plan.asks, 1):
        for k in range(1, rnd.choice((1, 2, 2)) + 1):
            due = PACKS[0] + dt.timedelta(days=rnd.choice((20, 45, 75, 105, 150, 180)))
            status = rnd.choices(("not started", "on track", "at risk"), weights=(2, 5, 2))[0]
            actions.append(
                Action(
                    ask_id=ask.ask_id,
                    action_id=f"A{n}.{k}",
                    action=f"Action {k} on ask {n} (synthetic)",
                    owner=rnd.choice(OWNERS),
                    due=due,
                    status=status,
                    last_update=PACKS[0] - dt.timedelta(days=rnd.randrange(1, 20)),
                    evidence=None,
                )
            )
        theme = next((t for t in ask.themes if t in MEASURES), None)
        if theme:
            indicator, target, direction = MEASURES[theme]
            measures.append(Measure(ask.ask_id, f"M{n}", indicator=indicator, target=target,
                                    direction=direction))  # fmt: skip
        elif hand := next((t for t in ask.themes if t in BY_HAND), None):
            words, target, direction, source, value, _ = BY_HAND[hand]
            measures.append(Measure(ask.ask_id, f"M{n}", description=words, target=target,
                                    direction=direction, value=value, as_of=PACKS[0],
                                    source=source.format(month="October 2026")))  # fmt: skip
    return dataclasses.replace(plan, actions=actions, measures=measures)


def november(plan: Plan, rnd: random.Random) -> Plan:
    """The plan a month on: statuses move, done actions name their evidence, the audit figure
    is entered again. Two slips a check should catch: one done action without its evidence,
    one overdue action not updated since it fell due."""
    actions = []
    for a in plan.actions:
        status = str(a.status)
        if status in STATUS_NEXT:
            choices, weights = STATUS_NEXT[status]
            status = rnd.choices(choices, weights=weights)[0]
        actions.append(
            dataclasses.replace(
                a,
                status=status,
                last_update=PACKS[1] - dt.timedelta(days=rnd.randrange(1, 8)),
                evidence=f"Evidence file {a.action_id} (synthetic)" if status == "done" else None,
            )
        )
    done = [a for a in actions if a.status == "done"]
    if done:  # one done action whose evidence nobody named
        done[-1].evidence = None
    late = [a for a in actions if a.status != "done" and a.due < PACKS[1]]
    if late:  # one overdue action nobody has updated since it fell due
        late[0].last_update = late[0].due - dt.timedelta(days=3)
    by_words = {b[0]: b for b in BY_HAND.values()}
    measures = [
        dataclasses.replace(m, value=by_words[m.description][5], as_of=PACKS[1],
                            source=by_words[m.description][3].format(month="November 2026"))
        if m.description in by_words else m
        for m in plan.measures
    ]  # fmt: skip
    return dataclasses.replace(plan, actions=actions, measures=measures)


def cli(*args: str) -> tuple[str, int]:
    """What ``cscwatch ARGS`` prints (160 columns, no colour) and its exit code."""
    from typer.testing import CliRunner

    from cscwatch.cli import app

    result = CliRunner(env={"COLUMNS": "160", "NO_COLOR": "1", "TERM": "dumb"}).invoke(
        app, list(args)
    )
    return result.output, result.exit_code


def screenshot(html: Path, png: Path) -> bool:
    """A PNG of the pack's first screens by headless Chromium (False when unavailable)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return False
    chromium = Path("/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(chromium) if chromium.exists() else None,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.goto(html.resolve().as_uri())
        page.screenshot(path=str(png), full_page=False)
        browser.close()
    try:  # a smaller file: 64 colours are plenty for a page of text and flat colour
        from PIL import Image

        with Image.open(png) as im:
            im.convert("RGB").quantize(colors=64).save(png, optimize=True)
    except ImportError:
        pass
    return True


def make(out: Path, *, shot: bool = False) -> dict[str, Path]:
    """Write the example into ``out``; returns the files written by name."""
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(SEED)
    written: dict[str, Path] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        engine = registry(work / "registry.db", rnd)
        history = load_history(engine)
        annex = [
            synth.synthesise("small", SEED + i, work / f"annex-a-{day}.xlsx", as_of=day)[0]
            for i, day in enumerate(PACKS)
        ]
        plan = init_plan(engine, COUNCIL, history=history, registry="synthetic", today=CREATED)
        for i, (day, fill) in enumerate(zip(PACKS, (october, november), strict=True)):
            plan = fill(plan, rnd)
            name = f"plan-{day}.xlsx"
            plan = dataclasses.replace(plan, source=str(work / name))  # the file it becomes
            if i == len(PACKS) - 1:  # the team saves its plan and checks it before the board
                write_plan(plan, work / name)
                text, code = cli("plan", "check", str(work / name), "--as-of", day.isoformat())
                (out / "check.txt").write_text(f"$ cscwatch plan check {name} --as-of {day}\n"
                                               f"{text}(exit code {code})\n", encoding="utf-8")  # fmt: skip
                written["check"] = out / "check.txt"
            result = board.pack(
                plan, engine=engine, history=history, annex_a=annex[i], as_of=day, generated=day
            )
            html = out / f"board-pack-{day}.html"
            html.write_text(render_html(result), encoding="utf-8")
            written[f"pack-{day}"] = html
            if i == len(PACKS) - 1:  # the last pack's figures also as JSON
                document = out / f"board-pack-{day}.json"
                document.write_text(json_text(result), encoding="utf-8")
                written["pack-json"] = document
            plan = dataclasses.replace(plan, history=board.merged_history(plan.history, result))
            write_plan(plan, work / name)
            shutil.copyfile(work / name, out / name)  # (stamped with the plan's date: same bytes)
            written[f"plan-{day}"] = out / name
            plan = read_plan(work / name)  # as the team reopens it next month
        old, new = (f"plan-{day}.xlsx" for day in PACKS)
        text, _code = cli("plan", "diff", str(work / old), str(work / new))
        (out / "diff.txt").write_text(f"$ cscwatch plan diff {old} {new}\n{text}", encoding="utf-8")
        written["diff"] = out / "diff.txt"
        if shot and screenshot(written[f"pack-{PACKS[1]}"], out / f"board-pack-{PACKS[1]}.png"):
            written["screenshot"] = out / f"board-pack-{PACKS[1]}.png"
        engine.dispose()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    parser.add_argument("--screenshot", action="store_true", help="also a PNG (Chromium)")
    args = parser.parse_args(argv)
    for name, path in make(args.out, shot=args.screenshot).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
