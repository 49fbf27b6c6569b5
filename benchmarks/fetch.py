"""Benchmark `cscwatch fetch` against a plain sequential download of the same files, in one run.

    python benchmarks/fetch.py [--reports ../shared/reports/ofsted] [--councils 20] [--rounds 3]
                               [--latency 0.02]

The stand-in of Ofsted's site used by the tests (tests/fetch/standin.py: real HTTP servers on
127.0.0.1, the listing paginated two councils a page, the files on a second host) serves the
councils' reports from ../shared (or generated PDFs when it is absent). Each round measures
(1) the baseline: every file URL downloaded one after the other with urllib (a connection per
file, no listing, no pages, no checks), written to disk; (2) `fetch` into an empty folder and a
fresh registry (listing, council pages, PDF check, temporary file and rename, SHA-256, manifest;
delay 0, one request at a time per host); (3) `fetch` again with nothing changed. Rounds are
interleaved because a shared machine's speed drifts; the summary gives medians. ``--latency``
makes every answer wait that long, as a distant server's does (0 on loopback).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cscwatch.fetch import Politeness, fetch  # noqa: E402, I001
from cscwatch.registry import store  # noqa: E402
from tests.fetch.standin import Council, Pub, StandIn  # noqa: E402


def councils_from(reports: Path, limit: int) -> list[Council]:
    councils, n = [], 0
    for folder in sorted(p for p in reports.iterdir() if p.is_dir())[:limit]:
        urn, name = folder.name.split("_", 1)
        pubs = []
        for path in sorted(folder.glob("*.pdf"), reverse=True):
            if not path.read_bytes().startswith(b"%PDF"):
                continue  # (a few files of ../shared are HTML pages saved as .pdf)
            n += 1
            title, _, date = path.stem.rpartition(" - ")
            pubs.append(Pub(f"{title} - {date}, pdf", str(n), path.read_bytes()))
        councils.append(Council(urn, name.title(), pubs))
    return councils


def generated(limit: int) -> list[Council]:
    from tests.conftest import make_pdf

    return [
        Council(str(80000 + i), f"Council {i}", [
            Pub(f"Children's services inspection - {d} May 2023, pdf", f"{i}-{d}",
                make_pdf([f"Council {i} report {d}\n" + "text line\n" * 40] * 8))
            for d in range(1, 5)
        ])
        for i in range(limit)
    ]  # fmt: skip


def baseline(urls: list[str], folder: Path) -> float:
    started = time.perf_counter()
    for i, url in enumerate(urls):
        with urllib.request.urlopen(url, timeout=30) as response:
            (folder / f"{i}.pdf").write_bytes(response.read())
    return time.perf_counter() - started


def run_fetch(site: StandIn, folder: Path, db: Path) -> tuple[float, int]:
    engine = store.connect(str(db), create=True)
    started = time.perf_counter()
    result = fetch(folder, engine, base_url=site.base_url, politeness=Politeness(delay=0))
    seconds = time.perf_counter() - started
    engine.dispose()
    assert result.ok, result.failed
    return seconds, result.downloaded


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--reports", type=Path, default=ROOT.parent / "shared" / "reports" / "ofsted")
    ap.add_argument("--councils", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--latency", type=float, default=0.0)
    args = ap.parse_args()
    councils = (
        councils_from(args.reports, args.councils)
        if args.reports.is_dir()
        else generated(args.councils)
    )
    site = StandIn(councils, page_size=2)
    site.latency = args.latency
    urls = list(site.files_by_url())
    size = sum(len(b) for b in site.files_by_url().values())
    print(
        f"{len(councils)} councils, {len(urls)} files, {size / 1e6:.1f} MB; "
        f"latency {args.latency * 1000:.0f} ms per answer"
    )
    base, full, again = [], [], []
    try:
        for r in range(args.rounds):
            with tempfile.TemporaryDirectory() as tmp:
                t = Path(tmp)
                (t / "plain").mkdir()
                base.append(baseline(urls, t / "plain"))
                seconds, downloaded = run_fetch(site, t / "reports", t / "r.db")
                assert downloaded == len(urls)
                full.append(seconds)
                seconds, downloaded = run_fetch(site, t / "reports", t / "r.db")
                assert downloaded == 0
                again.append(seconds)
            print(
                f"round {r + 1}: baseline {base[-1]:.2f} s, fetch {full[-1]:.2f} s "
                f"({full[-1] / base[-1]:.2f}x), fetch again {again[-1]:.2f} s"
            )
    finally:
        site.close()
    b, f, a = (statistics.median(x) for x in (base, full, again))
    print(
        f"median: baseline {b:.2f} s, fetch {f:.2f} s ({f / b:.2f}x the baseline), "
        f"fetch with nothing new {a:.2f} s ({a / b:.2f}x)"
    )


if __name__ == "__main__":
    main()
