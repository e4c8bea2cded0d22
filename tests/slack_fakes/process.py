"""`talkbot serve` as a real process for tests: a clean environment, a log file, a clean stop."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Everything the bot reads from the environment: a developer's own values must not leak in.
_BOT_VARS = ("SLACK_", "DIGEST_", "TALKBOT_", "DATABASE_URL", "PORT", "HOST")


def bot_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_BOT_VARS)}
    env["PYTHONPATH"] = str(REPO)
    env.update(settings)
    return env


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
