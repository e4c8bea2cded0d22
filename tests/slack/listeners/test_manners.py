"""Slack manners, through the in-process harness: the bot speaks only when it has something
to say, and never rewrites or reposts a message everyone sees."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_fakes.inprocess import Harness, blocks_text, harness

from bot.records.library import load_library

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def slack() -> Iterator[Harness]:
    with harness(load_library(ROOT / "data", log_errors=False).talks) as running:
        yield running


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("thanks!", "You're welcome!"),
        ("thank you", "You're welcome!"),
        ("cool, thanks", "You're welcome!"),
        ("Thank you so much :pray:", "You're welcome!"),
        ("hi", "Hi! Tell me what you remember"),
        ("hello there", "Hi! Tell me what you remember"),
        ("what?", ":+1:"),
        ("ok", ":+1:"),
        ("👍", ":+1:"),
        (":tada:", ":+1:"),
        ("good talk", ":+1:"),
        ("who talked about?", "What should I look for?"),
    ],
)
def test_small_talk_in_a_thread_gets_a_word_not_a_card(
    slack: Harness, text: str, reply: str
) -> None:
    ts = slack.mention(text, thread_ts="1699999999.000001")
    call = slack.pop()
    assert call.method == "chat.postMessage" and call.args["thread_ts"] == "1699999999.000001"
    assert call.args["text"].startswith(reply)
    assert '"header"' not in blocks_text(call), "no card"
    assert ts


@pytest.mark.parametrize("text", ["hi", "thanks!", "ok"])
def test_small_talk_in_a_dm_gets_the_usage(slack: Harness, text: str) -> None:
    slack.dm(text)
    call = slack.pop()
    assert call.args["text"] == "How to find a talk with Talkbot"
    assert "No talk matches" not in blocks_text(call)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("thanks for the nix talk", "I declare an environment!"),
        ("who talked about nix?", "I declare an environment!"),
        ("playwright", "Testing your web app with Playwright"),
    ],
)
def test_a_question_among_the_courtesies_is_still_answered(
    slack: Harness, text: str, title: str
) -> None:
    slack.mention(text)
    call = slack.pop()
    assert title in call.args["text"]
