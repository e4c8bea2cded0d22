"""`talkbot check --explain FILE`, run as a user runs it: the outline the reader saw."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def explain(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "check", "--explain", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


_NOTES = (
    "# Conf 2031\n\n## Berlin\n\n* hot\n\n## Build Scripts\nAna Lima\n\n### Takeaways\n\n* make\n\n"
    "## Day 2\n\n## Ship It\n\nnotes\n"
)


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (1, "heading 'Conf 2031' → document title"),
        (3, "heading 'Berlin' → ignored: no speaker, talk link or abstract"),
        (
            7,
            "heading 'Build Scripts' → talk: the line under the heading names a person; "
            "speaker Ana Lima",
        ),
        (10, "heading 'Takeaways' → part of a talk"),
        (14, "heading 'Day 2' → day: day 2"),
        (16, "heading 'Ship It' → talk"),
    ],
)
def test_each_unit_is_shown_with_what_it_became(tmp_path: Path, line: int, shown: str) -> None:
    notes = tmp_path / "conf.md"
    notes.write_text(_NOTES, encoding="utf-8")
    result = explain(str(notes))
    assert result.returncode == 0, result.stderr
    lines = [
        ln
        for ln in result.stdout.splitlines()
        if ln.startswith(f"{notes}:{line}: ") and " warning: " not in ln
    ]
    assert len(lines) == 1 and shown in lines[0], result.stdout


def test_the_advice_for_a_missing_speaker_says_where_it_goes(tmp_path: Path) -> None:
    notes = tmp_path / "conf.md"
    notes.write_text(_NOTES, encoding="utf-8")
    out = explain(str(notes)).stdout
    assert f"{notes}:16: warning: talk 'Ship It' has no speaker: put the speaker's name" in out
    assert "'Build Scripts' has no speaker" not in out  # a name is there: no advice


def test_a_missing_file_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    result = explain(str(tmp_path / "nope.md"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "name one notes file" in result.stderr
