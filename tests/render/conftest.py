"""Fixtures for the rendering tests: the analytics tests' hand-made registry."""

from __future__ import annotations

import pytest

from cscwatch.registry.queries import History
from tests.analytics.handmade import HAND_ROWS, make_history


@pytest.fixture
def hand() -> History:
    return make_history(HAND_ROWS)
