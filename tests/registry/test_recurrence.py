"""Recurrence of recommendations, worked out over the stored recommendations of the tiny
registry of tests/conftest.py and read back through the recommendations query."""

from __future__ import annotations

from cscwatch.registry import recurrence
from cscwatch.search import index


def test_recommendations_and_recurrence(text_registry):
    flagged = recurrence.flag_recurring(text_registry)
    rows = index.recommendations_for(text_registry, "370")
    assert [(r["published"], r["position"]) for r in rows] == [
        ("2014-08-08", 1),
        ("2014-08-08", 2),
        ("2019-01-10", 1),
    ]
    assert [r["recurs"] for r in rows] == [True, False, None]  # last inspection: unknown
    assert flagged == 1
    assert index.recommendations_for(text_registry, "999") == []
