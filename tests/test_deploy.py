"""Deploys as written: a platform's Python buildpack installs from requirements.txt alone, and
what it installs runs `talkbot`.

Slow (a fresh virtual environment, every package from the lock), so it is one test; pip's
cache makes it quick after the first run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_fresh_venv_built_from_requirements_txt_alone_runs_talkbot(tmp_path: Path) -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    app = tmp_path / "app"
    for name in tracked:
        if (ROOT / name).is_file():
            (app / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, app / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "-r", "requirements.txt"],
        cwd=app,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    ran = subprocess.run(
        [str(venv / "bin" / "talkbot"), "ask", "playwright", "--data", str(app / "data")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("Testing your web app with Playwright")
    assert not (venv / "bin" / "pytest").exists()  # the dev tools are not deployed
