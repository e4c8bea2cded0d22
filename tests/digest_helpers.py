"""Shared pieces for the digest tests: a recording poster, a clock, a runner on a database."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot.cards.message import Message
from bot.digest.poster import Poster
from bot.digest.runner import DigestRunner
from bot.digest.schedule import DigestSchedule, parse_days, parse_time
from bot.digest.state import DigestState
from bot.records.models import Source, Talk
from bot.storage import open_engine


def make_talks(count: int) -> list[Talk]:
    return [
        Talk(
            id=f"conf-2024/talk-{i:03d}",
            conference="Conf",
            year=2024,
            title=f"Talk number {i}",
            speakers=[f"Speaker {i}"],
            source=Source(file="conf.md", line=i + 1),
        )
        for i in range(count)
    ]


@dataclass
class RecordingPoster:
    """Records every post; `fail` may raise for the next posts, to script Slack's answers."""

    posts: list[tuple[str, Message]] = field(default_factory=list)
    fail: list[Exception] = field(default_factory=list)

    def post(self, channel: str, message: Message) -> str:
        if self.fail:
            raise self.fail.pop(0)
        self.posts.append((channel, message))
        return f"{len(self.posts)}.000100"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


def schedule(at: str = "09:00", zone: str = "UTC", days: str = "mon-fri") -> DigestSchedule:
    return DigestSchedule(at=parse_time(at), timezone=ZoneInfo(zone), days=parse_days(days))


def sqlite_engine(tmp_path: Path) -> Engine:
    return open_engine(f"sqlite:///{tmp_path / 'state.sqlite3'}")


def make_runner(
    engine: Engine,
    talks: Sequence[Talk] | Callable[[], Sequence[Talk]],
    poster: Poster,
    clock: Clock,
    sched: DigestSchedule,
    channels: Sequence[str] = ("C0000001",),
    seed: int = 7,
) -> DigestRunner:
    provider = talks if callable(talks) else (lambda: talks)
    return DigestRunner(
        DigestState(engine),
        provider,
        poster,
        sched,
        channels,
        rng=random.Random(seed),
        clock=clock,
    )
