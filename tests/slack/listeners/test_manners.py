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
        ("what did she say?", "What should I look for?"),
        ("could you find the talk?", "What should I look for?"),
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


@pytest.mark.parametrize(
    "text",
    [
        "help",
        "help me",
        "what can you do?",
        "who are you",
        "are you there?",
        "are you alive?",
        "how does this work",
        "is this thing on?",
        "test",
    ],
)
def test_a_question_about_the_bot_gets_the_usage_in_the_thread(slack: Harness, text: str) -> None:
    slack.mention(text, thread_ts="1699999999.000002")
    call = slack.pop()
    assert call.args["thread_ts"] == "1699999999.000002"
    assert call.args["text"] == "How to find a talk with Talkbot"
    assert '"header"' not in blocks_text(call), "no card"


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
        ("can you help me find the nix talk?", "I declare an environment!"),
        ("how does playwright work?", "Testing your web app with Playwright"),
        ("testing web apps", "Testing your web app with Playwright"),
    ],
)
def test_a_question_among_the_courtesies_is_still_answered(
    slack: Harness, text: str, title: str
) -> None:
    slack.mention(text)
    call = slack.pop()
    assert title in call.args["text"]


def _buttons(call: object) -> dict[str, str]:
    blocks = call.blocks
    return {
        e["action_id"]: e.get("value", "")
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }


@pytest.fixture
def fresh() -> Iterator[Harness]:
    with harness(load_library(ROOT / "data", log_errors=False).talks) as running:
        yield running


def test_share_posts_once_and_the_answer_says_where(fresh: Harness) -> None:
    fresh.command("playwright")
    answer = fresh.pop()
    share = _buttons(answer)["share_talk"]
    fresh.click("share_talk", share)
    posted = fresh.pop()
    assert posted.method == "chat.postMessage" and posted.args["channel"] == "C0GENERAL"
    assert "Testing your web app with Playwright" in posted.args["text"]
    done = fresh.pop()
    assert done.method == "response_url" and done.args["replace_original"] is True
    assert done.args["text"] == "Shared in #general ✓" and not _buttons(done)
    fresh.click("share_talk", share)  # a second click, before Slack redrew the message
    fresh.command("types")  # something to wait for: the click has been handled before it
    assert "Types" in fresh.pop().args["text"]
    assert [c.method for c in fresh.sent()].count("chat.postMessage") == 1


@pytest.mark.parametrize(
    ("error", "said"),
    [
        ("restricted_action", "allow the bot to post in the channel"),
        ("is_archived", "unarchive the channel or stop using it"),
    ],
)
def test_a_refused_share_is_explained_to_the_clicker(fresh: Harness, error: str, said: str) -> None:
    fresh.fake.post_errors["C0GENERAL"] = error
    fresh.command("playwright")
    share = _buttons(fresh.pop())["share_talk"]
    fresh.click("share_talk", share)
    assert fresh.pop().method == "chat.postMessage"
    told = fresh.pop()
    assert told.method == "response_url" and told.args["response_type"] == "ephemeral"
    assert told.args["replace_original"] is False
    assert told.args["text"] == f"I couldn't share that talk here: {said}."


def test_buttons_on_a_public_answer_answer_the_clicker_alone(fresh: Harness) -> None:
    fresh.mention("python")
    public = fresh.pop()
    more = _buttons(public)["more_results"]
    fresh.click("more_results", more, ephemeral=False)
    page = fresh.pop()
    assert page.method == "response_url"
    assert page.args["response_type"] == "ephemeral" and page.args["replace_original"] is False
    # On the clicker's own ephemeral answer, the next page replaces it.
    fresh.command("python")
    own = _buttons(fresh.pop())["more_results"]
    fresh.click("more_results", own, ephemeral=True)
    assert fresh.pop().args["replace_original"] is True


@pytest.mark.parametrize(
    ("typed", "echoed"),
    [
        ("zzqx <@U0OTHER|bob>", '"zzqx @bob"'),
        ("zzqx <@U0OTHER>", '"zzqx @someone"'),
        ("zzqx <#C0GENERAL|general>", '"zzqx #general"'),
        ("zzqx <!here> <!channel>", '"zzqx @here @channel"'),
        ("zzqx <https://example.org/x|the slides>", '"zzqx the slides"'),
        ("zzqx &lt;!channel&gt;", '"zzqx &lt;!channel&gt;"'),
    ],
)
def test_echoed_text_shows_mentions_as_typed_and_pings_no_one(
    slack: Harness, typed: str, echoed: str
) -> None:
    slack.command(typed)
    call = slack.pop()
    assert call.args["text"].startswith(f"No talk matches {echoed}.")
    sent = blocks_text(call) + call.args["text"]
    assert "<@" not in sent and "<!" not in sent and "<#" not in sent
