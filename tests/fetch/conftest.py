"""The stand-in site for the fetch tests: five councils (three pages of two in the listing),
each with generated PDFs, newest first as on the real site."""

from __future__ import annotations

import pytest

from tests.conftest import make_pdf
from tests.fetch.standin import Council, Pub, StandIn

# (URN, name as the site lists it, publications as "<title> - <date>, pdf")
COUNCILS = [
    ("80426", "Barnsley Metropolitan Borough Council", [
        "Children's services focused visit - 05 December 2024, pdf",
        "Children's services inspection - 27 October 2023, pdf",
        "Children's services inspection - 8 August 2014, pdf",
    ]),
    ("80481", "Leeds City Council", [
        "Children's services inspection - 09 May 2022, pdf",
    ]),
    ("80418", "Norfolk County Council", [
        "Children's services inspection - 13 January 2023, pdf",
        "Children's services inspection - 19 January 2018, pdf",
    ]),
    ("80450", "City of London Corporation", [
        "Children's services inspection - 05 November 2024, pdf",
    ]),
    ("2532287", "Bournemouth, Christchurch & Poole Council", [
        "Children's services inspection - 29 January 2025, pdf",
        "Children's services focused visit - 20 June 2023, pdf",
    ]),
]  # fmt: skip


def standin_councils() -> list[Council]:
    councils = []
    n = 0
    for urn, name, labels in COUNCILS:
        pubs = []
        for label in labels:
            n += 1
            data = make_pdf([f"{name}\n{label}\nStand-in file {n}"])
            pubs.append(Pub(label, str(50000 + n), data))
        councils.append(Council(urn, name, pubs))
    return councils


@pytest.fixture(scope="session")
def made_councils() -> list[Council]:
    return standin_councils()


@pytest.fixture
def standin(made_councils):
    councils = [Council(c.urn, c.name, list(c.pubs)) for c in made_councils]
    site = StandIn(councils, page_size=2)
    yield site
    site.close()
