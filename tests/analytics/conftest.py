"""Fixtures for the analytics tests (the registries themselves are in handmade.py)."""

from __future__ import annotations

import pytest

from cscwatch.registry.queries import History

from .handmade import HAND_ROWS, make_history


@pytest.fixture
def hand() -> History:
    return make_history(HAND_ROWS)
