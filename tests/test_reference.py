"""Finding a council from the words a user types."""

from __future__ import annotations

import pytest

from cscwatch import reference


@pytest.mark.parametrize(
    ("query", "la_code"),
    [
        ("370", "370"),
        ("80426", "370"),
        ("E08000016", "370"),
        ("barnsley-370", "370"),
        ("Barnsly", "370"),
        ("Metropolitan Borough of Barnsley Council", "370"),
        ("Brighton", "846"),
        ("hull", "810"),
        ("Gotham", None),
        ("Qwertyshire", None),
        ("", None),
    ],
)
def test_council_lookup_from_user_words(query, la_code):
    found = reference.find(query)
    assert (found.la_code if found else None) == la_code
