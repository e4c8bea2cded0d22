"""`talkbot serve` with several HTTP worker processes (TALKBOT_WORKERS, `--workers`).

The bot runs as deployed (its own process, a fake Slack Web API on loopback): the workers
answer, each picks up an edit of the data, and stopping the service stops them all.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from slack_fakes import signing as sl
from slack_fakes.harness import free_port, http, post_signed, wait_until_serving
from slack_fakes.process import REPO, bot_env, running_serve, watched_team_notes
from slack_fakes.web_api import running_fake_slack
from waiting import until

NEW_NOTES = "# DemoConf 2025\n\n## Quantum Widgets for Beginners\nIrene Adler\n\nQubits.\n"

# How long a test waits for what the bot does in the background.
WAIT_SECONDS = 15.0


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def _talks(base_url: str) -> int:
    status, body = http("GET", base_url + "/health")
    assert status == 200
    return int(json.loads(body)["talks"])


@pytest.mark.parametrize(
    ("setting", "args"),
    [({"TALKBOT_WORKERS": "2"}, ("serve",)), ({}, ("serve", "--workers", "2"))],
    ids=["TALKBOT_WORKERS", "--workers"],
)
def test_two_workers_answer_pick_up_edits_and_stop_together(
    setting: dict[str, str], args: tuple[str, ...], tmp_path: Path
) -> None:
    if not Path("/proc/self/task").exists():
        pytest.skip("reads the process tree from /proc (Linux)")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with running_fake_slack() as fake:
        data, env = watched_team_notes(tmp_path, fake.api_url, port, TALKBOT_MODE="http", **setting)
        with running_serve(tmp_path, env, args=args) as serve:
            wait_until_serving(base_url, alive=serve.alive)
            until(lambda: len(_children(serve.proc.pid)) == 2, "two workers", WAIT_SECONDS)
            workers = _children(serve.proc.pid)

            name = "w0"
            status, _ = post_signed(
                base_url, *sl.slash_command("fast parsers", fake.response_url(name))
            )
            assert status == 200
            [call] = fake.wait_for(lambda c: c.path == f"/response/{name}")
            assert "Fast Parsers in Pure Python" in call.blocks_json

            start = _talks(base_url)
            (data / "cy.md").write_text(NEW_NOTES, encoding="utf-8")
            # Each request may reach either worker: every one must have reloaded.
            until(
                lambda: all(_talks(base_url) == start + 1 for _ in range(20)),
                "every worker serves the added file",
                WAIT_SECONDS,
            )

            serve.proc.send_signal(signal.SIGTERM)
            serve.proc.wait(timeout=15)
            until(
                lambda: not any(_alive(pid) for pid in workers),
                "the workers stop too",
                WAIT_SECONDS,
            )
        assert "from 2 worker processes" in serve.log()


def _serve(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("setting", "args", "says"),
    [
        ({"TALKBOT_WORKERS": "2", "TALKBOT_MODE": "socket"}, (), "HTTP only"),
        ({"TALKBOT_MODE": "http"}, ("--workers", "0"), "from 1 to 64"),
        ({"TALKBOT_WORKERS": "0", "TALKBOT_MODE": "http"}, (), "TALKBOT_WORKERS"),
    ],
    ids=["socket mode", "--workers 0", "TALKBOT_WORKERS=0"],
)
def test_a_worker_count_that_cannot_serve_is_one_line_and_exit_2(
    setting: dict[str, str], args: tuple[str, ...], says: str, tmp_path: Path
) -> None:
    env = bot_env(
        SLACK_BOT_TOKEN=sl.BOT_TOKEN,
        SLACK_SIGNING_SECRET=sl.SIGNING_SECRET,
        SLACK_APP_TOKEN="xapp-1-not-a-real-token",
        TALKBOT_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
        **setting,
    )
    done = _serve(env, *args)
    assert done.returncode == 2
    assert says in done.stderr
    assert "Traceback" not in done.stderr
