"""Latency of the web app under load: uvicorn on loopback, 20 concurrent clients.

    python benchmarks/web.py [--db URL] [--clients 20] [--requests 2000]

Starts the app (on the embedded registry unless --db is given) under uvicorn in a separate
process on a free loopback port, warms each page once, then has N clients each fetch the pages in turn until the
request budget is spent. Prints p50, p95 and max per page in milliseconds. A script, not a
test: record its output in the README.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict

import httpx

PAGES = {
    "national": "/",
    "national (London)": "/?region=London",
    "council": "/la/{slug}",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db: str | None) -> tuple[subprocess.Popen, str]:
    """uvicorn in its own process, so the clients do not share its interpreter."""
    port = free_port()
    env = {**os.environ, **({"CSCWATCH_DB": db} if db else {})}
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "cscwatch.web.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    proc = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(base + "/about", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def run(port: int, pages: dict[str, str], clients: int, budget: int) -> dict[str, list[float]]:
    """``clients`` threads, each with its own keep-alive connection, take requests from a shared
    budget and cycle through the pages. Each connection is warmed before the clock starts."""
    times: dict[str, list[float]] = defaultdict(list)
    budget_left = iter(range(budget))
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)
    names = list(pages)

    def get(conn: http.client.HTTPConnection, url: str) -> None:
        conn.request("GET", url, headers={"Accept-Encoding": "gzip"})  # as a browser asks
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for url in pages.values():
            get(conn, url)
        ready.wait()
        i = offset
        while True:
            with lock:
                if next(budget_left, None) is None:
                    break
            name = names[i % len(names)]
            i += 1
            t0 = time.perf_counter()
            get(conn, pages[name])
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                times[name].append(elapsed)
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    ready.wait()
    for t in threads:
        t.join()
    return times


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--council", default="barnsley-370", help="slug of the council page")
    args = parser.parse_args()

    t0 = time.perf_counter()
    server, base = start(args.db)
    print(f"server ready in {time.perf_counter() - t0:.1f} s")
    pages = {k: v.format(slug=args.council) for k, v in PAGES.items()}
    try:
        t0 = time.perf_counter()
        times = run(int(base.rsplit(":", 1)[1]), pages, args.clients, args.requests)
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=10)
    total = sum(len(v) for v in times.values())
    print(
        f"{total} requests, {args.clients} concurrent clients, {wall:.1f} s ({total / wall:.0f}/s)"
    )
    print(f"{'page':<20}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, values in times.items():
        print(
            f"{name:<20}{len(values):>6}{statistics.median(values):>9.1f}"
            f"{percentile(values, 95):>9.1f}{max(values):>9.1f}"
        )


if __name__ == "__main__":
    main()
