"""Time read + check + indicators on a large-council and a national-scale synthetic workbook.

Run: .venv/bin/python benchmarks/readiness.py [--sizes large,national] [--keep DIR]
Generation is not timed; each timed run is read -> check -> indicators in one process.
Peak memory is the process high-water mark (resource.getrusage), so run one size per process
(the script re-invokes itself) to keep the figures separate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2026, 10, 31)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_run(path: Path) -> dict:
    from cscwatch.casework import api, checks
    from cscwatch.casework.indicators import compute

    t0 = time.perf_counter()
    wb = api.read_workbook(path)
    t1 = time.perf_counter()
    findings = checks.check(wb, AS_OF)
    t2 = time.perf_counter()
    inds = compute(checks.Context.build(wb, AS_OF))
    t3 = time.perf_counter()
    return {
        "file": path.name,
        "rows": wb.rows,
        "read_s": round(t1 - t0, 2),
        "check_s": round(t2 - t1, 2),
        "indicators_s": round(t3 - t2, 2),
        "total_s": round(t3 - t0, 2),
        "rows_per_s": int(wb.rows / (t3 - t0)),
        "findings": findings.height,
        "indicators": len(inds),
        "peak_mb": round(peak_mb()),
    }


def generate(size: str, folder: Path) -> Path:
    from cscwatch.casework import synth

    path = folder / f"annex_a_{size}.xlsx"
    if not path.exists():
        t = time.perf_counter()
        synth.synthesise(size, 7, path, as_of=AS_OF)
        print(f"generated {path} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="large,national")
    ap.add_argument("--keep", type=Path, help="folder to keep the generated workbooks in")
    ap.add_argument("--run", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        print(json.dumps(timed_run(args.run)))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="annex_a_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    print(
        f"{'size':10} {'rows':>9} {'read s':>7} {'check s':>8} {'ind s':>6} {'total s':>8} "
        f"{'rows/s':>9} {'peak MB':>8}"
    )
    for size in args.sizes.split(","):
        path = generate(size, folder)
        out = subprocess.run(
            [sys.executable, __file__, "--run", str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{size:10} {r['rows']:>9} {r['read_s']:>7} {r['check_s']:>8} "
            f"{r['indicators_s']:>6} {r['total_s']:>8} {r['rows_per_s']:>9} {r['peak_mb']:>8}"
        )


if __name__ == "__main__":
    main()
