"""Benchmark `cscwatch build` against plain text extraction, in one run.

    python benchmarks/build.py [--reports ../shared/reports/ofsted]

Prints, for the same files: (1) the baseline, pypdfium2 text of every page in one process;
(2) a fresh build into an empty database (parallel parse, all cores), registry only and with
the text index; (3) a re-run with nothing changed (in process, and as the `cscwatch build` command including its start-up); and the ratios.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

from cscwatch.registry import store
from cscwatch.registry.build import build, find_reports

ROOT = Path(__file__).resolve().parents[1]


def baseline(paths: list[Path]) -> tuple[float, int]:
    started, pages = time.perf_counter(), 0
    for path in paths:
        try:
            doc = pdfium.PdfDocument(path)
        except pdfium.PdfiumError:
            continue
        for i in range(len(doc)):
            page = doc[i]
            page.get_textpage().get_text_range()
            pages += 1
        doc.close()
    return time.perf_counter() - started, pages


def main(reports: Path) -> None:
    paths, _ = find_reports(reports)
    print(f"{len(paths)} files under {reports}; {os.cpu_count()} cores")
    base, pages = baseline(paths)
    print(f"baseline: pypdfium2 full text, one process      {base:7.2f} s  ({pages} pages)")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        quick = build(
            store.connect(f"sqlite:///{tmp}/registry-only.db", create=True), reports, text=False
        )
        print(
            f"cscwatch build --no-text (registry only)       {quick.seconds:7.2f} s  "
            f"ratio {quick.seconds / base:.2f} (target <= 0.75)"
        )
        engine = store.connect(url, create=True)
        fresh = build(engine, reports)
        print(
            f"cscwatch build (registry + text index)         {fresh.seconds:7.2f} s  "
            f"ratio {fresh.seconds / base:.2f} (target <= 0.75)"
        )
        again = build(engine, reports)
        print(
            f"re-run, nothing changed (library call)         {again.seconds:7.3f} s  "
            f"({again.unchanged} unchanged)"
        )
        exe = Path(sys.executable).with_name("cscwatch")
        started = time.perf_counter()
        subprocess.run([str(exe), "build", str(reports), "--db", url, "-q"], capture_output=True)
        cli = time.perf_counter() - started
        print(f"re-run, nothing changed (`cscwatch build`)     {cli:7.3f} s  (includes start-up)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--reports", type=Path, default=ROOT.parent / "shared" / "reports" / "ofsted")
    main(ap.parse_args().reports)
