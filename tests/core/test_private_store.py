"""The private state store (`sqlite://`: tests, `talkbot ask`, a bot with nothing to keep)
serves the threads of one process at once, as Bolt's listener threads use it."""

from __future__ import annotations

import logging
import threading

import pytest

from bot.core.memory import Memory
from bot.storage import open_engine

THREADS = 6
EACH = 60


def test_threads_writing_at_once_lose_nothing_and_log_no_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    memory = Memory(open_engine("sqlite://"))
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(EACH):
                memory.missed(f"question {n}-{i}")
                memory.home_opened(f"U{n}{i % 3}")
                memory.vote(f"vote {n}-{i}", 1, "talk", "question")
                memory.misses()
        except BaseException as exc:  # collected for the assertion below
            failures.append(exc)

    with caplog.at_level(logging.ERROR):
        threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert len(memory.misses()) == THREADS * EACH
    assert len(memory.home_viewers()) == THREADS * 3


def test_two_private_stores_share_nothing() -> None:
    first, second = Memory(open_engine("sqlite://")), Memory(open_engine("sqlite://"))
    first.missed("only in the first")
    assert [m.query for m in first.misses()] == ["only in the first"]
    assert second.misses() == []
