"""A registry history for the web tests: hand-made rows for a few councils (so figures can be
checked by hand) plus one made-up full inspection history for every other current council (so
the map and the tables are full). Grades are invented; nothing here is a real judgement."""

from __future__ import annotations

import datetime as dt
import random
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cscwatch import reference
from cscwatch.registry.queries import History, history_from_rows
from cscwatch.registry.schema import AREAS, EXPORT_COLUMNS
from cscwatch.web.app import create_app
from cscwatch.web.library import Library

O, G, RI, I = "outstanding", "good", "requires_improvement", "inadequate"  # noqa: E741
AS_OF = "2024-06-30"


def report(
    la_code: str, source_file: str, end: str, published: str | None, grade: str | None, **kw
):
    row = dict.fromkeys(EXPORT_COLUMNS)
    c = reference.by_code()[la_code]
    row.update(
        source_file=source_file,
        la_code=la_code,
        la_name=c.name,
        region=c.region,
        urn=c.urn,
        kind="inspection",
        framework="ILACS",
        inspection_end=end,
        published=published,
        published_source="stated" if published else None,
        status="ok",
        cic_combined=False,
    )
    if grade is not None:
        row.update({a: grade for a in AREAS if a not in ("adoption", "lscb")})
    row.update(kw)
    return row


HAND = [
    report("370", "barnsley/sif-2015.pdf", "2015-03-20", "2015-05-01", I, framework="SIF"),
    report(
        "370", "barnsley/mv-2015.pdf", "2015-09-10", "2015-10-01", None, kind="monitoring_visit"
    ),
    report("370", "barnsley/sif-2017.pdf", "2017-06-01", "2017-07-14", RI, framework="SIF"),
    report("370", "barnsley/ilacs-2019.pdf", "2019-05-01", "2019-06-20", G),
    report("351", "bury/ilacs-2022.pdf", "2022-03-01", "2022-04-20", I),
    report("928", "northants/sif-2016.pdf", "2016-05-01", "2016-07-01", RI, framework="SIF"),
    report("928", "northants/ilacs-2019.pdf", "2019-11-15", "2020-01-10", I),
    report("940", "north-northants/ilacs-2022.pdf", "2022-11-25", "2023-01-20", RI),
]
HAND_CODES = {r["la_code"] for r in HAND} | {"941"}  # West Northamptonshire: no inspection


def generated() -> list[dict]:
    rnd = random.Random(6)
    rows = []
    for c in reference.existing_on(dt.date.fromisoformat(AS_OF)):
        if c.la_code in HAND_CODES:
            continue
        for year in (2015, 2018, 2022):
            end = dt.date(year, 1, 10) + dt.timedelta(days=rnd.randrange(0, 700))
            if (c.start_date and end < c.start_date) or end.isoformat() > AS_OF:
                continue
            grade = rnd.choices((O, G, RI, I), weights=(1, 5, 4, 1))[0]
            published = (end + dt.timedelta(days=45)).isoformat()
            rows.append(
                report(c.la_code, f"{c.la_code}/{year}.pdf", end.isoformat(), published, grade)
            )
    return rows


@pytest.fixture(scope="session")
def frame() -> History:
    return history_from_rows(HAND + generated())


@pytest.fixture(scope="session")
def app(frame):
    return create_app(library=Library(frame))


@pytest.fixture(scope="session")
def client(app) -> TestClient:
    return TestClient(app)


# Browser tests (Debian's Chromium driven by Playwright; the browser fixture is tests/conftest.py's)
ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started:
        if time.time() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def shot(page, name: str, full: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)
