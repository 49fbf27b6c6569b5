"""Benchmark `cscwatch build` against plain text extraction, in one run.

    python benchmarks/build.py [--reports ../shared/reports/ofsted] [--rounds 3] [--bound]

For the same files, each round measures (1) the baseline, pypdfium2 text of every page in one
process; (2) the same extraction split over all cores and nothing else, the floor for any
parallel build on this machine; (3) a fresh build into an empty database (parallel parse, all
cores), registry only (`--no-text`); (4) a fresh build with the text index (the default). The rounds are
interleaved because a shared virtual machine's speed drifts by 10-30% over a minute: each
round's ratios compare measurements taken side by side, and the summary gives their median and
the ratio of the best times. Wall time is what counts; CPU time (all processes) shows the work.
Then: a re-run with nothing changed (in process, and as the `cscwatch build` command including
its start-up), and where one core's time goes per report, stage by stage.

With ``--bound`` each round also measures (5) a fresh build with text whose parsing costs
nothing: every report is parsed once beforehand (in other processes) and kept on disk, one
pickle a file; in the build, each worker still reads its file, hashes it, extracts every page's
text with pypdfium2 and sends the report, and this process stores and indexes it as in (4),
but the worker hands over the report parsed beforehand instead of parsing the text again. No
parser can make a build faster than this on this machine: it is the floor for (4). (The
reports parsed beforehand are never held in this process: a heap of a few million live
objects slowed PDFium by 10-26% in the same process, which would skew the baseline.)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium

from cscwatch.registry import build as build_module
from cscwatch.registry import store
from cscwatch.registry.build import build, find_reports

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.65  # a fresh build with text, against the baseline


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


def parallel_baseline(paths: list[Path]) -> float:
    """The baseline's work split over all cores (no parsing, no storing): the floor for any
    parallel build on this machine."""
    cores = os.cpu_count() or 1
    started = time.perf_counter()
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(baseline, [paths[i::cores] for i in range(cores)]))
    return time.perf_counter() - started


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children (the workers)."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _fresh_build(reports: Path, text: bool) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        cpu = _cpu()
        result = build(store.connect(f"sqlite:///{tmp}/bench.db", create=True), reports, text=text)
        return result.seconds, _cpu() - cpu


def _pickle_path(folder: Path, path: Path) -> Path:
    return folder / (hashlib.sha1(str(path).encode()).hexdigest() + ".pickle")


def _parse_into(folder: Path, root: Path, paths: list[Path]) -> None:
    from cscwatch.reports.parse import parse_file

    for path in paths:
        with _pickle_path(folder, path).open("wb") as f:
            pickle.dump(parse_file(path, root=root, text=True), f, pickle.HIGHEST_PROTOCOL)


def _parsed_already(path: Path, root: Path, text: bool = True, *, folder: Path):
    """What a worker of a build does for ``path`` with its parsing taken away: read the file,
    hash it, extract every page's text, then hand over the report parsed beforehand."""
    from cscwatch.reports.parse import read_regular, sha256
    from cscwatch.reports.pdf import UnreadablePDF, read_pdf

    data = read_regular(path)
    sha256(data)
    with contextlib.suppress(UnreadablePDF):  # (a failure is handed over like the rest)
        read_pdf(data)
    with _pickle_path(folder, path).open("rb") as f:
        return pickle.load(f)


def _bound_build(reports: Path, folder: Path) -> tuple[float, float]:
    """(5): a fresh build with text whose parsing costs nothing (see the module's text)."""
    real = build_module.parse_file
    build_module.parse_file = partial(_parsed_already, folder=folder)  # type: ignore[assignment]
    try:
        return _fresh_build(reports, text=True)
    finally:
        build_module.parse_file = real


def stages(paths: list[Path]) -> dict[str, float]:
    """Milliseconds per report, one core, for each stage of parsing a report."""
    from cscwatch.reports import model, pagelines, parse
    from cscwatch.reports.context import extract_context
    from cscwatch.reports.passages import split_passages
    from cscwatch.reports.pdf import UnreadablePDF, read_pdf
    from cscwatch.reports.recommendations import extract_recommendations
    from cscwatch.reports.themes import count_in_recommendations, count_themes, load_themes

    load_themes()
    spent = dict.fromkeys(
        ("PDF text", "judgements, dates, council", "cleaning lines", "recommendations",
         "context figures (SIF)", "passages", "theme counts"), 0.0
    )  # fmt: skip
    n = 0
    for path in paths:
        t0 = time.perf_counter()
        try:
            pages = read_pdf(path.read_bytes()).pages
        except UnreadablePDF:
            continue
        t1 = time.perf_counter()
        report = model.ParsedReport(path.name, "", 0)
        parse._read_pages(report, pages)
        t2 = time.perf_counter()
        cleaned = pagelines.clean_pages(pages)
        t3 = time.perf_counter()
        recs = extract_recommendations(cleaned)
        t4 = time.perf_counter()
        if report.framework == "SIF":
            extract_context(cleaned)
        t5 = time.perf_counter()
        passages = split_passages(cleaned)
        t6 = time.perf_counter()
        count_themes(passages)
        count_in_recommendations(recs)
        t7 = time.perf_counter()
        for key, (a, b) in zip(
            spent,
            ((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5), (t5, t6), (t6, t7)),
            strict=True,
        ):
            spent[key] += b - a
        n += 1
    return {k: 1000 * v / max(n, 1) for k, v in spent.items()}


def main(reports: Path, rounds: int, bound: bool = False) -> None:
    reports = reports.resolve()  # (as the build sees it: the parsed reports are found by path)
    paths, _ = find_reports(reports)
    print(
        f"{len(paths)} files under {reports}; {os.cpu_count()} cores; {rounds} interleaved rounds"
    )
    with tempfile.TemporaryDirectory() as parsed:
        if bound:  # every report parsed beforehand, in other processes (see the module's text)
            cores = os.cpu_count() or 1
            with ProcessPoolExecutor(cores) as pool:
                chunks = [paths[i::cores] for i in range(cores)]
                list(pool.map(_parse_into, [Path(parsed)] * cores, [reports] * cores, chunks))
        runs = _rounds(reports, paths, rounds, Path(parsed) if bound else None)
    base, *builds = runs
    names = ("extraction alone, all cores (the floor)  ",
             "cscwatch build --no-text (registry only)",
             "cscwatch build (registry + text index)  ",
             "the same, its parsing free (its floor)   ")  # fmt: skip
    for name, runs in zip(names, builds, strict=True):
        if not runs:
            continue
        ratios = [w / b for (w, _), b in zip(runs, base, strict=True)]
        best = min(w for w, _ in runs) / min(base)
        print(
            f"{name}  median ratio {statistics.median(ratios):.3f}, "
            f"best/best {best:.3f}, range {min(ratios):.3f}-{max(ratios):.3f}"
            + (f" (target <= {TARGET})" if name == names[2] else "")
        )
    _nothing_to_do(reports)
    print("per report, one core (ms):")
    for stage, ms in stages(paths).items():
        print(f"  {stage:30s} {ms:6.1f}")


def _rounds(reports: Path, paths: list[Path], rounds: int, parsed: Path | None) -> list[list]:
    """The interleaved rounds: baseline seconds, then (wall, CPU) of each kind of run."""
    base: list[float] = []
    floor: list[tuple[float, float]] = []
    plain: list[tuple[float, float]] = []
    full: list[tuple[float, float]] = []
    free: list[tuple[float, float]] = []
    for r in range(1, rounds + 1):
        seconds, pages = baseline(paths)
        base.append(seconds)
        floor.append((parallel_baseline(paths), 0.0))
        plain.append(_fresh_build(reports, text=False))
        full.append(_fresh_build(reports, text=True))
        if parsed is not None:
            free.append(_bound_build(reports, parsed))
        print(
            f"round {r}: baseline {seconds:6.2f} s ({pages} pages) | "
            f"extraction alone on {os.cpu_count()} cores {floor[-1][0]:6.2f} s "
            f"ratio {floor[-1][0] / seconds:.2f} | "
            f"--no-text {plain[-1][0]:6.2f} s ratio {plain[-1][0] / seconds:.2f} "
            f"(CPU {plain[-1][1]:5.1f} s) | "
            f"with text index {full[-1][0]:6.2f} s ratio {full[-1][0] / seconds:.3f} "
            f"(CPU {full[-1][1]:5.1f} s)"
            + (
                f" | parsing free {free[-1][0]:6.2f} s ratio {free[-1][0] / seconds:.3f} "
                f"(CPU {free[-1][1]:5.1f} s)"
                if free
                else ""
            ),
            flush=True,
        )
    return [base, floor, plain, full, free]


def _nothing_to_do(reports: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        engine = store.connect(url, create=True)
        build(engine, reports)
        again = build(engine, reports)
        print(
            f"re-run, nothing changed (library call)      {again.seconds:7.3f} s  "
            f"({again.unchanged} unchanged)"
        )
        exe = Path(sys.executable).with_name("cscwatch")
        started = time.perf_counter()
        subprocess.run([str(exe), "build", str(reports), "--db", url, "-q"], capture_output=True)
        cli = time.perf_counter() - started
        print(f"re-run, nothing changed (`cscwatch build`)  {cli:7.3f} s  (includes start-up)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--reports", type=Path, default=ROOT.parent / "shared" / "reports" / "ofsted")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--bound", action="store_true", help="also measure (5), the floor for (4)")
    args = ap.parse_args()
    main(args.reports, args.rounds, args.bound)
