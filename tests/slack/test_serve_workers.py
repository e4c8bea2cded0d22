"""`talkbot serve --http --workers N`: N processes answer on one port, each request once, and
they all stop with the server. Real wiring: a `serve` process, signed requests on loopback,
the fake Web API recording what each worker sends."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from slack_fakes import signing as sl
from slack_fakes.harness import free_port, post_signed, wait_until_serving
from slack_fakes.process import REPO, bot_env, running_serve
from slack_fakes.web_api import FakeSlack, running_fake_slack

WORKERS = 2
COMMANDS = 24


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with running_fake_slack() as running:
        yield running


def children(pid: int) -> set[int]:
    """The processes `pid` started, from /proc (Linux)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(n) for n in (task / "children").read_text().split())
    return found


def test_every_worker_answers_and_each_request_is_answered_once(
    fake: FakeSlack, tmp_path: Path
) -> None:
    port = free_port()
    env = bot_env(
        SLACK_BOT_TOKEN=sl.BOT_TOKEN,
        SLACK_SIGNING_SECRET=sl.SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
        PORT=str(port),
        HOST="127.0.0.1",
    )
    base = f"http://127.0.0.1:{port}"
    args = ("serve", "--http", "--workers", str(WORKERS), "--data", str(REPO / "data"))
    with running_serve(tmp_path, env, args=args) as bot:
        assert wait_until_serving(base, timeout=60, alive=bot.alive)["ok"] is True
        workers = children(bot.proc.pid)
        assert len(workers) >= WORKERS, bot.log()

        def command(n: int) -> int:
            body, kind = sl.slash_command("playwright", fake.response_url(f"w{n}"))
            return post_signed(base, body, kind)[0]

        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(command, range(COMMANDS))) == {200}
        for n in range(COMMANDS):
            [reply] = fake.wait_for(lambda c, n=n: c.path == f"/response/w{n}", timeout=30)
            assert "Playwright" in reply.args["text"]
        # The parent read the data (once, to check it); every worker loaded it and serves.
        # One worker may answer every command while another is still loading on a busy
        # machine: wait for each to say so.
        deadline = time.monotonic() + 60
        log = bot.log()
        while time.monotonic() < deadline and any(
            len(re.findall(said, log)) < WORKERS
            for said in (r"loaded \d+ talks from", r"Started server process")
        ):
            time.sleep(0.1)
            log = bot.log()
        assert len(re.findall(r"read \d+ talks from", log)) == 1, log
        assert len(re.findall(r"loaded \d+ talks from", log)) == WORKERS, log
        assert len(re.findall(r"Started server process \[(\d+)\]", log)) == WORKERS, log
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "a worker outlived serve"
