"""`talkbot misses`: what the notes did not answer, grouped and counted, with the closest
talks, from the state database; `--clear` forgets it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cards.answers import Surface
from bot.cli import main
from bot.core.memory import Memory
from bot.core.talkbot import Talkbot
from bot.records.library import load_library
from bot.storage import open_engine

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Memory:
    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("TALKBOT_DATA_DIR", raising=False)
    monkeypatch.chdir(ROOT)
    return Memory(open_engine(url))


def test_questions_that_found_nothing_are_grouped_counted_and_shown_with_the_closest_talks(
    state: Memory, capsys: pytest.CaptureFixture[str]
) -> None:
    bot = Talkbot(load_library(ROOT / "data", log_errors=False).talks, memory=state)
    for question in (
        "kubernetes operators",
        "Kubernetes operators?",
        "operators for kubernetes",
        "zzqx",
    ):
        bot.reply(question, Surface.COMMAND)
    bot.reply("playwright", Surface.COMMAND)  # answered: not a miss
    assert main(["misses", "--json"]) == 0
    groups = json.loads(capsys.readouterr().out)
    assert [(g["question"], g["count"], g["no_match"]) for g in groups] == [
        ("kubernetes operators", 3, 3),
        ("zzqx", 1, 1),
    ]
    assert main(["misses"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3× 'kubernetes operators' (3 found nothing)\n    also asked as: ")
    assert main(["misses", "--clear"]) == 0
    assert capsys.readouterr().out == "forgot 4 recorded questions\n"
    assert main(["misses"]) == 0
    assert capsys.readouterr().out.startswith("No question went unanswered")


def test_since_takes_an_age(state: Memory, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["misses", "--since", "a month"]) == 2
    assert "--since takes an age such as 12h, 30d or 4w" in capsys.readouterr().err
    assert main(["misses", "--since", "30d"]) == 0
