"""The reader on real notes by other people (../shared/data/notes-dev/), scored in place by
../shared/tools/notes_score.py; and an index's heading of no talks, in a folder of ours."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.records.library import load_library

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "notes_score.py"
TALKBOT = Path(sys.executable).parent / "talkbot"


@pytest.mark.skipif(not SCORER.is_file(), reason="../shared/tools/notes_score.py not present")
@pytest.mark.skipif(not TALKBOT.is_file(), reason="the talkbot command is not installed")
def test_notes_dev_scores_pass() -> None:
    """Talks found >= 95%, speakers right >= 95%, no false talk, every entry read."""
    result = subprocess.run(
        [sys.executable, str(SCORER), "--talkbot", str(TALKBOT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


@pytest.mark.parametrize("heading", ["Other:", "Vendor booths", "Links"])
def test_a_file_the_index_lists_under_no_talks_gives_none_and_says_so(
    tmp_path: Path, heading: str
) -> None:
    (tmp_path / "README.md").write_text(
        "# NordPy 2031\n\n## Talks\n* [Build Scripts](build.md)\n\n"
        f"## {heading}\n* [Things to try](things.md)\n",
        encoding="utf-8",
    )
    (tmp_path / "build.md").write_text("# Build Scripts\n\nAna Lima\n\nnotes\n", "utf-8")
    (tmp_path / "things.md").write_text("# Things to Try\n\n* a tool\n* a book\n", "utf-8")
    library = load_library(tmp_path, log_errors=False)
    assert [(t.title, t.conference, t.year) for t in library.talks] == [
        ("Build Scripts", "NordPy", 2031)
    ]
    assert any(
        p.file.endswith("things.md") and "lists this file under" in p.message
        for p in library.problems
    )
