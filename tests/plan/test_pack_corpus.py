"""The board pack of a real council, on the registry built from ../shared.

Hand-checked in the PDFs of 80461_devon: the inspection published 13 May 2025 judges overall
effectiveness inadequate (on site until 16 January 2025) and lists six things to improve on
page 2 ("What needs to improve?"), the first "The response to children at immediate risk of
harm, including the timeliness of strategy discussions."; the inspection published 17 March
2020 also judged Devon inadequate, so on 30 November 2026 Devon has been inadequate since then."""

from __future__ import annotations

import datetime as dt

import pytest

from cscwatch.plan.init import init_plan
from cscwatch.plan.model import Action
from cscwatch.plan.pack import pack
from cscwatch.render.plan import render_html

pytestmark = pytest.mark.corpus

AS_OF = dt.date(2026, 11, 30)


def test_devon(corpus_db):
    engine, _ = corpus_db
    plan = init_plan(engine, "Devon", as_of=AS_OF)
    plan.actions.append(Action(plan.asks[0].ask_id, "A1", "Strategy discussions audit",
                               "Head of service", dt.date(2026, 9, 30), "on track"))  # fmt: skip
    result = pack(plan, engine=engine, as_of=AS_OF)
    recs = [a for a in result["asks"] if a["source"] == "recommendation"]
    assert len(recs) == 6
    assert all(a["text"] and a["page"] == 2 for a in recs)
    assert recs[0]["text"].startswith("The response to children at immediate risk of harm")
    assert result["summary"]["overdue"] == 1
    g = result["context"]["grade"]
    assert (g["grade"], g["inspection"]["published"]) == ("inadequate", "2025-05-13")
    assert g["time_to_improve"]["council_spell"]["start"] == "2020-03-17"
    km, nx = g["time_to_improve"], g["next_inspection"]
    assert km["spells"] > 20 and km["median_days"] and 0 < nx["improved_share"] <= 1
    assert km["events"] <= km["spells"] and nx["improved"] <= nx["pairs"]
    html = render_html(result)
    assert html.count('<section class="ask"') == len(result["asks"])
