"""Time the quick commands end to end (a new process each, as a user runs them) beside
Python's own start-up, in interleaved rounds, and print each one's median wall time.

    python benchmarks/commands.py [--rounds 7] [--db REGISTRY] [--build FOLDER]

``national`` and ``la`` run on the embedded registry and, with ``--db``, on that registry too;
``search`` needs a registry with a text index (``--db``). ``--build FOLDER`` also times
``cscwatch build FOLDER --db REGISTRY`` when there is nothing to do (build it once first).
Each round runs ``python -c pass`` and every command once, in turn, so a busy machine slows
them alike; the load average is printed before and after. Targets: each quick command at
most 0.35 s median, ``build`` with nothing to do under 0.5 s.

Python compiles each module on first import unless its bytecode is cached: with
PYTHONDONTWRITEBYTECODE set and no ``__pycache__`` in the environment, every run pays for
compiling; ``python -m compileall .venv/lib src`` (or ``uv sync --compile-bytecode``) once
first gives the figures an installed package has. The script says which it found.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUICK_TARGET = 0.35
BUILD_TARGET = 0.5


def _cscwatch() -> str:
    here = Path(sys.executable).with_name("cscwatch")
    return str(here) if here.exists() else shutil.which("cscwatch") or "cscwatch"


def commands(db: str | None, build: str | None) -> list[tuple[str, list[str]]]:
    exe = _cscwatch()
    day = ["--as-of", "2024-03-31"]
    runs = []
    for where, opt in [("embedded", ["--db", "embedded"])] + ([("db", ["--db", db])] if db else []):
        runs += [
            (f"national json ({where})", [exe, "national", *day, "--format", "json", *opt]),
            (f"national table ({where})", [exe, "national", *day, *opt]),
            (f"la Barnsley json ({where})", [exe, "la", "Barnsley", "--format", "json", *opt]),
            (f"la Barnsley table ({where})", [exe, "la", "Barnsley", *opt]),
        ]
    if db:
        runs += [
            ("search agency json (db)", [exe, "search", "agency", "--format", "json", "--db", db]),
            ("search agency table (db)", [exe, "search", "agency", "--db", db]),
        ]
    if build and db:
        runs.append(("build, nothing to do (db)", [exe, "build", build, "--db", db]))
    return runs


def _time(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def _bytecode() -> str:
    import cscwatch

    cached = Path(cscwatch.__file__).with_name("__pycache__").is_dir()
    return "cached" if cached else "not cached (every run compiles the modules it imports)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--db", help="A built registry (SQLite file) with a text index.")
    parser.add_argument("--build", help="The folder the registry was built from.")
    args = parser.parse_args()

    runs = commands(args.db, args.build)
    python = [sys.executable, "-c", "pass"]
    for _name, argv in runs:  # warm the disk cache and the embedded registry's cached copy
        _time(argv)
    load0 = os.getloadavg()
    start: list[float] = []
    times: dict[str, list[float]] = {name: [] for name, _ in runs}
    for _ in range(args.rounds):
        start.append(_time(python))
        for name, argv in runs:
            times[name].append(_time(argv))
    load1 = os.getloadavg()

    py = statistics.median(start)
    print(
        f"{args.rounds} interleaved rounds; {os.cpu_count()} CPUs; load average "
        f"{load0[0]:.1f} before, {load1[0]:.1f} after; bytecode {_bytecode()}"
    )
    print(f"{'command':34} {'median s':>9} {'min s':>7} {'x python':>9}  target")
    print(f"{'python -c pass':34} {py:9.3f} {min(start):7.3f} {1:9.1f}")
    for name, values in times.items():
        med = statistics.median(values)
        target = BUILD_TARGET if name.startswith("build") else QUICK_TARGET
        verdict = "ok" if med <= target else "over"
        print(f"{name:34} {med:9.3f} {min(values):7.3f} {med / py:9.1f}  <= {target} s {verdict}")


if __name__ == "__main__":
    main()
