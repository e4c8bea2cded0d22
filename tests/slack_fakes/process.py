"""`talkbot serve` as a real process for tests: a clean environment, a log file, a clean stop."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fixture_paths import TEAM_NOTES

from slack_fakes import signing

REPO = Path(__file__).resolve().parents[2]
# Everything the bot reads from the environment: a developer's own values must not leak in.
_BOT_VARS = ("SLACK_", "DIGEST_", "TALKBOT_", "DATABASE_URL", "PORT", "HOST")


def bot_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_BOT_VARS)}
    env["PYTHONPATH"] = str(REPO)
    env.update(settings)
    return env


def watched_team_notes(
    tmp_path: Path, api_url: str, port: int, **settings: str
) -> tuple[Path, dict[str, str]]:
    """A copy of the team's two notes files to edit, and the environment of a bot serving
    them on loopback against the fake Web API at `api_url`, rereading them every 0.2 s."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("ana.md", "bo.md"):
        (data / name).write_bytes((TEAM_NOTES / name).read_bytes())
    env = bot_env(
        SLACK_BOT_TOKEN=signing.BOT_TOKEN,
        SLACK_SIGNING_SECRET=signing.SIGNING_SECRET,
        SLACK_API_URL=api_url,
        TALKBOT_DATA_DIR=str(data),
        TALKBOT_RELOAD_SECONDS="0.2",
        PORT=str(port),
        HOST="127.0.0.1",
        **settings,
    )
    return data, env


@dataclass
class ServeProcess:
    proc: subprocess.Popen[bytes]
    log_path: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log(self) -> str:
        return self.log_path.read_text()


@contextmanager
def running_serve(
    workdir: Path,
    env: dict[str, str],
    *,
    verbose: bool = False,
    args: tuple[str, ...] = ("serve",),
) -> Iterator[ServeProcess]:
    """Run `talkbot serve` (or `talkbot ARGS`) from `workdir` until the block ends."""
    log_path = workdir / f"serve-{len(list(workdir.glob('serve-*.log')))}.log"
    command = [sys.executable, "-m", "bot.cli", *(["--verbose"] if verbose else []), *args]
    with log_path.open("w") as log:
        proc = subprocess.Popen(command, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield ServeProcess(proc, log_path)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
