"""Follow-ups in a thread (and a DM), through the in-process harness: a later mention is read
as being about the thread's talk, unless it names another talk; context is per thread, and
expires."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_fakes.inprocess import Harness, harness

from bot.core.memory import CONTEXT_FOR, Memory
from bot.records.library import load_library
from bot.storage import open_engine

ROOT = Path(__file__).resolve().parents[3]
TALKS = load_library(ROOT / "data", log_errors=False).talks


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def slack(clock: Clock) -> Iterator[Harness]:
    with harness(TALKS, memory=Memory(open_engine("sqlite://"), clock)) as running:
        yield running


def _ask_in_thread(slack: Harness, first: str) -> str:
    ts = slack.mention(first)
    assert slack.pop().args["thread_ts"] == ts
    return ts


@pytest.mark.parametrize(
    ("follow_up", "said"),
    [
        (
            "where are the slides?",
            "The slides of *Testing your web app with Playwright*: <https://",
        ),
        ("video?", "I have no recording for *Testing your web app with Playwright*."),
        ("who gave it?", "*Testing your web app with Playwright* was given by Sheena O'Connell."),
        (
            "what did we note about tracing?",
            "From your notes on *Testing your web app with Playwright*:\n• lots of extra test",
        ),
        ("anything else by that speaker?", "Other talks by Sheena O'Connell:\n• *Power To The"),
    ],
)
def test_a_follow_up_is_about_the_threads_talk(slack: Harness, follow_up: str, said: str) -> None:
    thread = _ask_in_thread(slack, "playwright")
    slack.mention(follow_up, thread_ts=thread)
    reply = slack.pop()
    assert reply.args["thread_ts"] == thread
    assert reply.blocks[0]["text"]["text"].startswith(said), reply.blocks[0]["text"]["text"]


def test_the_other_one_is_the_next_match_of_the_threads_question(slack: Harness) -> None:
    thread = _ask_in_thread(slack, "python")
    seen = set()
    for _ in range(2):
        slack.mention("the other one", thread_ts=thread)
        reply = slack.pop()
        title = next(b for b in reply.blocks if b["type"] == "header")["text"]["text"]
        seen.add(title)
    assert len(seen) == 2


def test_a_question_naming_another_talk_finds_that_talk(slack: Harness) -> None:
    thread = _ask_in_thread(slack, "playwright")
    slack.mention("where are the slides of the nix talk?", thread_ts=thread)
    reply = slack.pop()
    assert reply.args["text"].startswith("I have no slides for *I declare an environment!")
    slack.mention("who gave it?", thread_ts=thread)  # the thread is about that talk now
    assert "was given by Sarah Kaiser" in slack.pop().args["text"]


def test_context_never_leaks_into_another_thread_and_expires(slack: Harness, clock: Clock) -> None:
    thread = _ask_in_thread(slack, "playwright")
    other = _ask_in_thread(slack, "nix")
    slack.mention("who gave it?", thread_ts=other)
    assert "Sarah Kaiser" in slack.pop().args["text"]
    clock.now += CONTEXT_FOR + timedelta(minutes=1)
    slack.mention("who gave it?", thread_ts=thread)
    assert "was given by" not in slack.pop().args["text"]


def test_in_a_dm_the_last_answer_is_the_context(slack: Harness) -> None:
    slack.dm("playwright")
    slack.pop()
    slack.dm("who gave it?")
    assert "was given by Sheena O'Connell" in slack.pop().args["text"]
