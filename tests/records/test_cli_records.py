"""`talkbot list` and `talkbot check`, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {
    "id",
    "conference",
    "year",
    "day",
    "kind",
    "title",
    "speakers",
    "handles",
    "links",
    "abstract",
    "tagline",
    "notes",
    "summary",
    "virtual",
    "source",
}


def talkbot(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


def test_check_on_bundled_data_has_no_errors() -> None:
    result = talkbot("check", "data")
    assert result.returncode == 0, result.stdout + result.stderr
    # The seed notes alone: 27 noted talks.
    assert result.stdout.splitlines()[-1].startswith("27 talks, 0 errors,")
    assert "data/pycascades-2024.md:551: warning: link without a scheme" in result.stdout


def test_check_exits_1_on_errors(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# C 2024\n\n## T\n\nAna Lima\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# C 2024\n\n## T\n\nBo Chen\n", encoding="utf-8")
    result = talkbot("check", str(tmp_path))
    assert result.returncode == 1
    assert f"{tmp_path / 'b.md'}:3: error: duplicate talk id" in result.stdout
    assert "1 error" in result.stdout.splitlines()[-1]


def test_list_json_contract() -> None:
    result = talkbot("list", "--json", "--data", "data")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 27  # the seed notes' talks
    for record in records:
        assert set(record) >= FIELDS
        assert set(record["source"]) == {"file", "line"}
        for link in record["links"]:
            assert set(link) == {"url", "label", "kind"}
            assert link["url"].startswith(("https://", "http://"))
    panel = next(r for r in records if r["kind"] == "panel")
    assert len(panel["speakers"]) == 4


def test_list_human_readable() -> None:
    result = talkbot("list", "--data", "data")
    assert result.returncode == 0
    assert "Testing your web app with Playwright — Sheena O'Connell" in result.stdout
    assert result.stdout.splitlines()[-1] == "27 talks"


def test_list_with_missing_data_dir_says_what_to_do(tmp_path: Path) -> None:
    result = talkbot("list", "--data", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert f"--data {tmp_path / 'missing'} is not a folder" in result.stderr
