"""Nothing that reads report text backtracks more than linearly: a page of a million blank
lines, or a signature block followed by a sea of spaces, is read in about the time its length
takes. Each case runs under a hard time limit, so a regression fails instead of hanging."""

from __future__ import annotations

import pytest

from cscwatch.reports import model
from cscwatch.reports.parse import _read_pages, _read_text, lead_inspector
from tests.robustness.conftest import timed

# Generous: each of these takes a few milliseconds when linear, and minutes (or hours) when not.
BUDGET = 2.0


def test_blank_lines_do_not_make_the_lead_inspector_search_quadratic():
    # Was 5.2 s for 16,000 newlines ('^\s*' under MULTILINE retried at every blank line).
    pages = ["Inspection of Barnsley" + "\n" * 200_000 + "x", "Lead inspector: Jane Smith HMI\n"]
    name, _ = timed(BUDGET, lead_inspector, pages, what="lead_inspector")
    assert name == "Jane Smith"


def test_a_signature_followed_by_spaces_is_linear():
    # Was cubic: 'yours sincerely\s*\n\s*(.+?)\s*\n\s*' over a run of spaces.
    page = "Yours sincerely\n" + " " * 50_000
    assert timed(BUDGET, lead_inspector, [page], what="signature")[0] is None
    signed = "Yours sincerely\n\n  Jane Smith  \n His Majesty’s Inspector\n"
    assert lead_inspector([signed]) == "Jane Smith"


def test_unclosed_brackets_in_a_lead_inspector_line_are_linear():
    page = "Lead inspector: Jane Smith " + "x (" * 30_000
    timed(BUDGET, lead_inspector, [page], what="titles")
    assert lead_inspector(["Lead inspector: Karen Wareing (HMI)\n"]) == "Karen Wareing"


# Words the parser looks for, each followed by a long run of one pattern of characters.
KEYS = [
    "",
    "Lead inspector",
    "Reporting inspector: ",
    "Yours sincerely\n",
    "Inspection dates: ",
    "Report published: ",
    "monitoring visit to ",
    "joint targeted area inspection ",
    "Recommendations\n",
    "What needs to improve\n",
    "Her Majesty’s Inspector ",
    "Between 1 ",
    "1. ",
    "Judgement ",
    "At 31 March 2014, ",
]
RUNS = ["\n", " ", " \n", "\n ", "\t", "a", "a ", "1 ", ". ", "a\n", "A\n", "(", "x (", ":", "a, "]


@pytest.mark.parametrize("key", KEYS)
def test_pathological_pages_are_read_in_linear_time(key):
    for run in RUNS:
        page = key + run * 3000
        report = model.ParsedReport("x.pdf", "", 0)

        def read(report=report, page=page):
            _read_pages(report, [page, page])
            report.framework = "SIF"  # the context figures are read for SIF reports
            _read_text(report, [page, page])

        timed(BUDGET, read, what=f"{key!r} + {run!r} * 3000")
