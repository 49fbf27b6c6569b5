"""A registry built from generated reports of one council (Wigan): an ILACS inspection with
three recommendations, a focused visit after it setting three areas for priority action, and
an earlier inspection whose recommendations are no longer current."""

from __future__ import annotations

import pytest

from tests.conftest import FOCUSED_HEAD, SIGN, WITH_PRIORITY, make_pdf

WIGAN_2023 = """Inspection of Wigan local authority children’s services
Inspection dates: 30 October to 10 November 2023
Lead inspector: Amanda Maxwell, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Requires improvement to be
good
The experiences and progress of
children who need help and protection
Requires improvement to be
good
The experiences and progress of
children in care
Requires improvement to be
good
The experiences and progress of care
leavers
Good
Overall effectiveness Requires improvement to be
good
"""
WIGAN_2023_P2 = """Inspection of Wigan local authority children’s services
30 October to 10 November 2023 2
Leaders know their services well.
What needs to improve?
◼ The quality of management oversight of children’s plans.
◼ The sufficiency of homes for children in care.
◼ The timeliness of assessments for disabled children.
The experiences and progress of children who need help and
protection: requires improvement to be good
1. Children get help quickly.
"""
WIGAN_2019 = """Inspection of Wigan local authority children’s services
Inspection dates: 4 March 2019 to 15 March 2019
Lead inspector: Tara Geere
Her Majesty’s Inspector
Judgement Grade
The impact of leaders on social work practice with children
and families Good
The experiences and progress of children who need help and
protection Good
The experiences and progress of children in care and care
leavers Good
Overall effectiveness Good
"""
WIGAN_2019_P2 = """Inspection of Wigan local authority children’s services
4 March 2019 to 15 March 2019 2
What needs to improve?
◼ The quality of return home interviews.
The experiences and progress of children who need help and
protection: good
1. Children get help quickly.
"""

INSPECTION_2023 = "80579_wigan/children's services inspection - 15 december 2023.pdf"
VISIT_2024 = "80579_wigan/children's services focused visit - 14 march 2024.pdf"
INSPECTION_2019 = "80579_wigan/children's services inspection - 24 april 2019.pdf"


def make_wigan(root, *, with_visit: bool = True) -> None:
    make_pdf([WIGAN_2019, WIGAN_2019_P2], root / INSPECTION_2019)
    make_pdf([WIGAN_2023, WIGAN_2023_P2], root / INSPECTION_2023)
    if with_visit:
        make_pdf([FOCUSED_HEAD, WITH_PRIORITY, SIGN], root / VISIT_2024)


def build_registry(root, db):
    from cscwatch.registry import store
    from cscwatch.registry.build import build

    engine = store.connect(f"sqlite:///{db}", create=True)
    build(engine, root)
    return engine


@pytest.fixture(scope="module")
def wigan_registry(tmp_path_factory):
    """(engine, folder) of the generated Wigan registry."""
    root = tmp_path_factory.mktemp("wigan")
    make_wigan(root / "reports")
    return build_registry(root / "reports", root / "wigan.db"), root
