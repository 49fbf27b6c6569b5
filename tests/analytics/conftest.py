"""Fixtures for the analytics tests (the registries themselves are in handmade.py)."""

from __future__ import annotations

import pytest

from cscwatch.registry import schema, store
from cscwatch.registry.queries import History

from .handmade import HAND_ROWS, make_history


@pytest.fixture
def hand() -> History:
    return make_history(HAND_ROWS)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """An SQLite registry file holding the hand-made rows (for the commands)."""
    path = tmp_path_factory.mktemp("registry") / "hand.db"
    engine = store.connect(str(path), create=True)
    rows = [{**r, "sha256": f"{i:064d}"} for i, r in enumerate(HAND_ROWS)]
    with engine.begin() as conn:
        conn.execute(schema.reports.insert(), rows)
    engine.dispose()
    return str(path)


@pytest.fixture(scope="module")
def app():
    from cscwatch.cli import app

    return app
