"""Time the national picture for every month end from January 2014 to today (one call each)
and the annual report, in one run, on the embedded registry (or --db).

    python benchmarks/analytics.py [--db URL] [--as-of YYYY-MM-DD]

Loading the history (one query, then sorting and grouping the reports once) is reported
separately. Target: each `national` call under 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import time

from cscwatch.analytics import asof
from cscwatch.registry import store
from cscwatch.registry.queries import load_history
from cscwatch.render import annual


def _stats(ms: list[float]) -> str:
    ordered = sorted(ms)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"n={len(ms)} mean={statistics.fmean(ms):.2f} ms  p95={p95:.2f} ms  max={max(ms):.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="embedded")
    parser.add_argument("--as-of", default=dt.date.today().isoformat())
    args = parser.parse_args()

    engine = store.connect(args.db)
    t0 = time.perf_counter()
    history = load_history(engine)
    load_ms = (time.perf_counter() - t0) * 1000
    print(
        f"registry: {len(history.reports)} reports, {len(history.by_council)} councils "
        f"(load_history, once: {load_ms:.0f} ms)"
    )

    gc.collect()  # start the timings from a clean heap (loading leaves much garbage behind)
    days = asof.period_ends(dt.date(2014, 1, 1), dt.date.fromisoformat(args.as_of), "ME")
    ms = []
    for day in days:
        t0 = time.perf_counter()
        asof.national(history, day)
        ms.append((time.perf_counter() - t0) * 1000)
    print(f"national, every month end {days[0]} to {days[-1]}: {_stats(ms)}")
    slow = [(d.isoformat(), round(m)) for d, m in zip(days, ms, strict=True) if m >= 50]
    worst = max(zip(ms, days, strict=True))
    print(
        f"slowest call: {worst[1]} ({worst[0]:.2f} ms); calls at or over 50 ms: {len(slow)} {slow}"
    )

    t0 = time.perf_counter()
    import lifelines  # noqa: F401 - imported on first use by the survival analysis

    print(f"importing lifelines (once per process): {(time.perf_counter() - t0) * 1000:.0f} ms")
    for label in ("first", "second"):
        t0 = time.perf_counter()
        html = annual.annual_report(history, args.as_of)
        print(
            f"annual report ({args.as_of}, {label} call): "
            f"{(time.perf_counter() - t0) * 1000:.0f} ms, {len(html) / 1024:.0f} KiB of HTML"
        )


if __name__ == "__main__":
    main()
