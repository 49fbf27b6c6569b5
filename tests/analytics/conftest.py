"""Fixtures for the analytics tests (the registries themselves are in handmade.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from .handmade import HAND_ROWS, make_frame


@pytest.fixture
def hand() -> pd.DataFrame:
    return make_frame(HAND_ROWS)
