"""Wall-clock bounds that a busy CI machine does not break by chance.

A single timing can be stretched by anything else on the box (another job, a garbage
collection, the scheduler), which makes a one-shot `< 50 ms` assertion flaky. The
fastest of a few runs measures the code, not the neighbours: a query that really takes
too long is slow on every run and still fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def fastest_of(runs: int, work: Callable[[], T]) -> tuple[T, float]:
    """The last result of `work` and the shortest of `runs` timings, in seconds."""
    best = float("inf")
    result: T | None = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return result, best
