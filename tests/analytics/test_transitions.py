"""Grade at one inspection against grade at the next, on the hand-made registry."""

from __future__ import annotations

import pytest

from cscwatch.analytics.transitions import all_areas, matrix_rows, transitions

from .handmade import make_history


def test_overall_matrix_by_hand(hand):
    t = transitions(hand)
    # Pairs: Barnsley I->RI, RI->G; Bolton G->O (O->not judged 2026 left out); Bury RI->I, I->I;
    # Northants I->RI, RI->I; North Northants follows Northants' last: I->RI.
    assert t["grades"] == ["outstanding", "good", "requires_improvement", "inadequate"]
    assert t["matrix"] == [
        [0, 0, 0, 0],
        [1, 0, 0, 0],
        [0, 1, 0, 2],
        [0, 0, 3, 1],
    ]
    assert t["pairs"] == 8
    assert t["pairs_not_judged"] == 1
    assert t["row_percent"][0] == [None, None, None, None]
    assert t["row_percent"][3] == [0.0, 0.0, 75.0, 25.0]
    assert t["row_percent"][2][1] == pytest.approx(100 / 3)
    assert t["inadequate_improved_share"] == 0.75
    assert (t["improved"], t["same"], t["declined"]) == (5, 1, 2)


def test_not_judged_pairs_are_never_bridged(hand):
    t = transitions(hand, "care_leavers")
    # Only Barnsley's and Northants' SIF pairs judged care leavers both times (I -> RI).
    assert t["matrix"][3] == [0, 0, 2, 0]
    # Left out: Barnsley RI->-, Bolton G->-, ->G, Bury RI->-, -->-, Northants RI->-, NN -->G.
    assert t["pairs"] == 2 and t["pairs_not_judged"] == 7


def test_as_of_limits_pairs(hand):
    t = transitions(hand, as_of="2019-12-31")
    # Barnsley x2, Bolton G->O (2019-08-31), Bury RI->I (2019-09-01), Northants I->RI.
    assert t["pairs"] == 5
    assert t["inadequate_improved_share"] == 1.0


def test_rows_and_all_areas(hand):
    rows = matrix_rows(transitions(hand))
    assert rows[3] == {
        "area": "overall",
        "from": "inadequate",
        "to_outstanding": 0,
        "to_good": 0,
        "to_requires_improvement": 3,
        "to_inadequate": 1,
        "total": 4,
    }
    assert set(all_areas(hand)) == {
        "overall",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
        "leadership",
    }
    with pytest.raises(ValueError):
        transitions(hand, "nonsense")


def test_empty():
    t = transitions(make_history([]))
    assert t["pairs"] == 0 and t["inadequate_improved_share"] is None
