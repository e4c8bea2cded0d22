"""Waiting in tests for what another thread or process does, with a bound."""

from __future__ import annotations

import time
from collections.abc import Callable


def until(check: Callable[[], bool], what: str, timeout: float) -> None:
    """Poll `check` until it holds; fail saying `what` did not happen within `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout}s: {what}")
