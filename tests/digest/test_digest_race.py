"""Instances racing for the same digest slot, on SQLite and on PostgreSQL: one post each."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from databases import postgres_database
from digest_helpers import Clock, RecordingPoster, make_runner, make_talks, schedule
from slack_fakes.web_api import running_fake_slack

from bot.digest.runner import Result
from bot.storage import open_engine

ROOT = Path(__file__).resolve().parents[2]
CHANNELS = [f"C00000{i:02d}" for i in range(1, 7)]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state.sqlite3'}"
    else:
        yield from postgres_database()


def test_threads_racing_post_once_per_channel(database_url: str) -> None:
    engine = open_engine(database_url)
    talks = make_talks(27)
    poster = RecordingPoster()
    clock = Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    runners = [
        make_runner(engine, talks, poster, clock, schedule(), channels=CHANNELS, seed=i)
        for i in range(6)
    ]
    barrier = threading.Barrier(len(runners))
    results: list[Result] = []
    lock = threading.Lock()

    def race(runner_index: int) -> None:
        barrier.wait()
        outcomes = runners[runner_index].run_due()
        with lock:
            results.extend(o.result for o in outcomes)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(runners))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Counter(channel for channel, _ in poster.posts) == dict.fromkeys(CHANNELS, 1)
    assert Counter(results)[Result.POSTED] == len(CHANNELS)
    engine.dispose()


def test_two_processes_racing_post_once(database_url: str, tmp_path: Path) -> None:
    """Two `talkbot digest` processes, same database, same moment: each channel gets one."""
    with running_fake_slack() as fake:
        # A slow Slack keeps each post in flight while the other process reaches its claim.
        fake.delays["chat.postMessage"] = 0.3
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_API_URL": fake.api_url,
            "DIGEST_CHANNELS": ",".join(CHANNELS),
            "DIGEST_DAYS": "daily",
            "TALKBOT_DATA_DIR": str(ROOT / "data"),
        }
        command = [sys.executable, "-m", "bot.cli", "digest"]
        procs = [
            subprocess.Popen(
                command,
                cwd=tmp_path,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [proc.communicate(timeout=60) for proc in procs]
        for proc, (out, err) in zip(procs, outputs, strict=True):
            assert proc.returncode == 0, out + err
        posts = [c for c in fake.calls if c.method == "chat.postMessage"]
        assert Counter(str(c.args["channel"]) for c in posts) == dict.fromkeys(CHANNELS, 1)
        lines = "".join(out for out, _ in outputs).splitlines()
        assert sum(": posted:" in line for line in lines) == len(CHANNELS)
