"""A pool of worker processes that parse one file each at a time, under a time budget.

Unlike ``concurrent.futures.ProcessPoolExecutor``, a worker that takes too long is killed and
replaced (its file fails with "timed out after N s") and a worker that dies (a crash in PDFium)
costs only its own file: the pool is never poisoned. Workers die with the build that started
them, even when it is killed with SIGKILL (Linux: ``PR_SET_PDEATHSIG``; elsewhere a watchdog
thread that notices the parent is gone)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` does (called first thing in a worker)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the watchdog does it
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

    def watch() -> None:  # (also where prctl is missing; runs whenever the GIL is free)
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _serve(conn: Connection, work: Callable[[Any], Any], parent: int) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the build, which ends us
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        try:
            outcome = work(item)
        except Exception as exc:  # noqa: BLE001 - reported as this item's failure
            outcome = f"parser process failed: {type(exc).__name__}"
        conn.send(outcome)


def _context():
    # fork: the workers start with the modules the build loaded (see build._warm_text_modules)
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    index: int | None = None
    deadline: float = 0.0


class Pool:
    """``Pool(work, n).run(items, timeout)`` yields ``(item, outcome)`` in the order of
    ``items``: ``work(item)``, or a one-line reason (str) when the worker timed out or died."""

    def __init__(self, work: Callable[[Any], Any], workers: int) -> None:
        self.work, self.size = work, max(1, workers)
        self.workers: list[_Worker] = []
        self.ctx = _context()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> _Worker:
        ours, theirs = self.ctx.Pipe()
        process = self.ctx.Process(
            target=_serve, args=(theirs, self.work, os.getpid()), daemon=True
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self.workers.append(worker)
        return worker

    def _kill(self, worker: _Worker) -> None:
        self.workers.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def run(self, items: list[Any], timeout: float | None = None) -> Iterator[tuple[Any, Any]]:
        pending = deque(range(len(items)))
        done: dict[int, Any] = {}
        nxt = 0
        while nxt < len(items):
            while pending and len(self.workers) < self.size:
                self._start()
            for worker in self.workers:
                if worker.index is None and pending:
                    worker.index = pending.popleft()
                    worker.deadline = time.monotonic() + (timeout or float("inf"))
                    worker.conn.send(items[worker.index])
            while nxt in done:
                yield items[nxt], done.pop(nxt)
                nxt += 1
            busy = [w for w in self.workers if w.index is not None]
            if not busy:
                continue
            wait_for = min(w.deadline for w in busy) - time.monotonic()
            ready = wait([w.conn for w in busy], timeout=max(0.0, min(wait_for, 3600.0)))
            now = time.monotonic()
            for worker in busy:
                index = worker.index
                assert index is not None
                if worker.conn in ready:
                    try:
                        done[index] = worker.conn.recv()
                        worker.index = None
                        continue
                    except (EOFError, OSError):
                        code = worker.process.exitcode
                        worker.process.join(1)
                        code = worker.process.exitcode if code is None else code
                        done[index] = "parser process died" + (
                            f" (signal {-code})" if code and code < 0 else f" (exit {code})"
                        )
                elif now >= worker.deadline:
                    done[index] = f"timed out after {timeout:g} s"
                else:
                    continue
                self._kill(worker)  # replaced on the next round if work is left
            while nxt in done:
                yield items[nxt], done.pop(nxt)
                nxt += 1

    def run_ahead(
        self, items: list[Any], timeout: float | None = None
    ) -> Iterator[tuple[Any, Any]]:
        """``run`` in a thread of its own: the workers are handed their next file and their
        results taken in while the caller is still busy with an earlier result (storing it),
        so they never wait for it. Yields the same pairs, in the same order."""
        results: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        stop = threading.Event()

        def feed() -> None:
            try:
                for pair in self.run(items, timeout):
                    if stop.is_set():
                        return
                    results.put(("item", pair))
                results.put(("end", None))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, raised there
                results.put(("error", exc))

        thread = threading.Thread(target=feed, name="cscwatch-pool", daemon=True)
        thread.start()
        try:
            while True:
                kind, value = results.get()
                if kind == "end":
                    break
                if kind == "error":
                    raise value
                yield value
        finally:
            stop.set()
            if thread.is_alive():  # the caller stopped early: end the workers, and so the thread
                for worker in list(self.workers):
                    if worker.process.is_alive():
                        worker.process.kill()
            thread.join(10)

    def close(self) -> None:
        for worker in list(self.workers):
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        deadline = time.monotonic() + 2
        for worker in list(self.workers):
            worker.process.join(max(0.0, deadline - time.monotonic()))
            self._kill(worker)
