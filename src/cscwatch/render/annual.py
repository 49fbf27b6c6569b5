"""The annual report as one self-contained, printable HTML document (inline SVG charts, no
script, no network), and as a PDF printed by headless Chromium. The figures are
:func:`cscwatch.analytics.annual.report_data`'s; this module only lays them out."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from markupsafe import Markup

from cscwatch.analytics.annual import report_data
from cscwatch.registry.queries import History
from cscwatch.render import charts
from cscwatch.render.jinja import render
from cscwatch.render.output import write_bytes

CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _drawn(data: dict[str, Any]) -> dict[str, Markup]:
    return {
        "distribution": Markup(charts.annual_distribution(data["national"])),
        "trend": Markup(charts.annual_trend(data["trend"])),
        "survival": Markup(charts.survival_curve(data["survival"])),
    }


def render_report(data: dict[str, Any]) -> str:
    """The document for ``report_data``'s figures."""
    return render("annual.html.j2", **data, charts=_drawn(data))


def render_body(data: dict[str, Any]) -> str:
    """The report's content alone (no page, no styles), for the web app's annual report page."""
    return render("annual_body.html.j2", **data, charts=_drawn(data))


def annual_body(history: History, as_of: dt.date | str) -> str:
    """The annual report on ``as_of``, as a fragment to place in another page."""
    return render_body(report_data(history, as_of))


def annual_report(history: History, as_of: dt.date | str) -> str:
    """The annual report on ``as_of`` as one self-contained HTML document."""
    return render_report(report_data(history, as_of))


def find_chromium() -> str | None:
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def print_pdf(html: str, path: str | Path, *, timeout: float = 120) -> Path:
    """Print ``html`` to a PDF at ``path`` with headless Chromium (nothing is fetched). The PDF
    is printed into a temporary folder and then written to ``path`` whole, like every file."""
    exe = find_chromium()
    if exe is None:
        raise RuntimeError(
            "Chromium was not found (looked for chromium, chromium-browser, google-chrome): "
            "install it (e.g. `apt-get install chromium`) or open the HTML report in a browser "
            "and print it to PDF."
        )
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="cscwatch-annual-") as tmp:
        src = Path(tmp) / "annual.html"
        src.write_text(html, encoding="utf-8")
        printed = Path(tmp) / "annual.pdf"
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={printed}",
            src.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"Chromium did not finish printing within {timeout:.0f}s") from exc
        if proc.returncode != 0 or not printed.exists() or printed.stat().st_size == 0:
            raise RuntimeError(f"Chromium could not print the report: {proc.stderr.strip()[-500:]}")
        write_bytes(printed.read_bytes(), path)
    return path
