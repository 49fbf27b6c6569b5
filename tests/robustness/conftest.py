"""Helpers for the robustness suite: a hard time limit on one call."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any


class TooSlow(AssertionError):
    pass


@contextmanager
def time_limit(seconds: float, what: str = "call"):
    """Fail (rather than hang) when the block runs longer than ``seconds``."""

    def _alarm(_sig, _frame):
        raise TooSlow(f"{what} took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(seconds: float, fn: Callable[..., Any], *args: Any, what: str = "call") -> Any:
    with time_limit(seconds, what):
        started = time.perf_counter()
        value = fn(*args)
    return value, time.perf_counter() - started
