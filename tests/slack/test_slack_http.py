"""The Slack app over HTTP, in-process: signed requests in, calls to a fake Web API out."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from slack_fakes import signing as sl
from slack_fakes.harness import http, post_signed, serving_in_thread
from slack_fakes.talks import make_talk, sample_talks
from slack_fakes.web_api import Call, FakeSlack, running_fake_slack

from bot.cards.actions import MORE_ACTION, SHARE_ACTION, more_value
from bot.core.talkbot import Talkbot
from bot.slack.app import build_app
from bot.slack.settings import load_settings
from bot.slack.web import build_web_app

SLACK_VARS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "TALKBOT_DATA_DIR",
    "PORT",
    "HOST",
)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with running_fake_slack() as fake:
        yield fake


@pytest.fixture
def bot(fake: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in SLACK_VARS:
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(
        env_file=None,
        slack_bot_token=sl.BOT_TOKEN,
        slack_signing_secret=sl.SIGNING_SECRET,
        slack_api_url=fake.api_url,
    )
    talks = [*sample_talks(), make_talk("Evil <!channel> talk", id="evil", summary="<!here>")]
    talkbot = Talkbot(talks)
    app = build_app(settings, talkbot)
    with serving_in_thread(build_web_app(app, talkbot)) as base_url:
        yield base_url


def command(bot: str, fake: FakeSlack, text: str, name: str = "cmd") -> Call:
    status, _ = post_signed(bot, *sl.slash_command(text, fake.response_url(name)))
    assert status == 200
    [call] = fake.wait_for(lambda c: c.path == f"/response/{name}")
    return call


def header(call: Call) -> str:
    return str(next(b for b in call.blocks if b["type"] == "header")["text"]["text"])


def test_auth_test_goes_to_the_fake_api_with_the_bot_token(bot: str, fake: FakeSlack) -> None:
    [call] = fake.wait_for(lambda c: c.method == "auth.test")
    assert call.token == sl.BOT_TOKEN


def test_slash_command_answers_ephemerally_by_response_url(bot: str, fake: FakeSlack) -> None:
    call = command(bot, fake, "python")
    assert call.args["response_type"] == "ephemeral"
    # Every match holds the word in its title: the shortest title comes first.
    assert header(call) == "Python Packaging Demystified"
    assert "Python Packaging Demystified" in call.args["text"]
    actions = next(b for b in call.blocks if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == [SHARE_ACTION, MORE_ACTION]
    assert [c.method for c in fake.posts()] == ["response_url"]  # nothing in the channel


@pytest.mark.parametrize("text", ["", "help", "  HELP "])
def test_slash_command_usage(bot: str, fake: FakeSlack, text: str) -> None:
    call = command(bot, fake, text)
    assert "/talk random" in call.blocks_json


def test_slash_command_random(bot: str, fake: FakeSlack) -> None:
    call = command(bot, fake, "random")
    assert "random" in call.args["text"]
    assert any(b["type"] == "header" for b in call.blocks)


def test_no_match_echoes_the_query_inert(bot: str, fake: FakeSlack) -> None:
    # Slack escapes what people type; the bot unescapes to search and escapes to echo.
    call = command(bot, fake, "zzqx &lt;!channel&gt; &lt;@U123&gt;")
    # Typed literally, the markup shows literally, escaped.
    assert call.args["text"].startswith('No talk matches "zzqx &lt;!channel&gt; &lt;@U123&gt;".')
    assert "<!channel>" not in json.dumps(call.args)
    assert not any(b["type"] == "header" for b in call.blocks)


def test_note_text_is_escaped_in_the_card(bot: str, fake: FakeSlack) -> None:
    call = command(bot, fake, "evil")
    assert header(call) == "Evil <!channel> talk"  # plain_text: shown literally, never parsed
    assert "&lt;!here&gt;" in call.blocks_json
    assert "<!here>" not in call.blocks_json


def test_mention_at_top_level_starts_a_thread(bot: str, fake: FakeSlack) -> None:
    status, _ = post_signed(bot, *sl.json_body(sl.mention("types", ts="1700000001.000100")))
    assert status == 200
    [call] = fake.wait_for(lambda c: c.method == "chat.postMessage")
    assert call.token == sl.BOT_TOKEN
    assert call.args["channel"] == "C0GENERAL"
    assert call.args["thread_ts"] == "1700000001.000100"
    assert header(call) == "Types, In My Python?!"
    assert SHARE_ACTION not in call.blocks_json


def test_mention_in_a_thread_answers_in_that_thread(bot: str, fake: FakeSlack) -> None:
    body = sl.mention("packaging", ts="1700000002.000200", thread_ts="1700000000.000001")
    post_signed(bot, *sl.json_body(body))
    [call] = fake.wait_for(lambda c: c.method == "chat.postMessage")
    assert call.args["thread_ts"] == "1700000000.000001"
    assert header(call) == "Python Packaging Demystified"


def test_mention_without_a_question_gives_usage(bot: str, fake: FakeSlack) -> None:
    post_signed(bot, *sl.json_body(sl.mention("", ts="1700000003.000300")))
    [call] = fake.wait_for(lambda c: c.method == "chat.postMessage")
    assert "@Talkbot" in call.blocks_json
    assert call.args["thread_ts"] == "1700000003.000300"


def test_redelivered_mention_is_answered_once(bot: str, fake: FakeSlack) -> None:
    body = sl.mention("types", ts="1700000004.000400")
    post_signed(bot, *sl.json_body(body))
    post_signed(bot, *sl.json_body(body))
    post_signed(bot, *sl.json_body(sl.mention("rust", ts="1700000005.000500")))
    fake.wait_for(lambda c: c.method == "chat.postMessage" and "Rust" in c.args["text"])
    fake.wait_for(lambda c: c.method == "chat.postMessage", count=2)
    types = [c for c in fake.posts() if c.args.get("thread_ts") == "1700000004.000400"]
    assert len(types) == 1


def test_direct_message_is_answered_in_the_dm(bot: str, fake: FakeSlack) -> None:
    post_signed(bot, *sl.json_body(sl.direct_message("async", ts="1700000006.000600")))
    [call] = fake.wait_for(lambda c: c.method == "chat.postMessage")
    assert call.args["channel"] == "D0DM"
    assert "thread_ts" not in call.args
    assert header(call) == "Async Python in Practice"


def test_bot_messages_and_edits_in_a_dm_are_ignored(bot: str, fake: FakeSlack) -> None:
    ignored = [
        sl.direct_message("types", ts="1700000007.000001", bot_id="B0OTHER"),
        sl.direct_message("types", ts="1700000007.000002", subtype="message_changed"),
        sl.direct_message("types", ts="1700000007.000003", user=sl.BOT_USER_ID, bot_id=sl.BOT_ID),
    ]
    for body in ignored:
        status, _ = post_signed(bot, *sl.json_body(body))
        assert status == 200  # acknowledged, so Slack does not count a failure
    post_signed(bot, *sl.json_body(sl.direct_message("rust", ts="1700000007.000004")))
    fake.wait_for(lambda c: c.method == "chat.postMessage")
    [only] = fake.posts()
    assert "Rust" in only.args["text"]


def test_share_button_posts_the_card_for_everyone(bot: str, fake: FakeSlack) -> None:
    payload = sl.block_action(SHARE_ACTION, "talk-2", fake.response_url("share"))
    status, _ = post_signed(bot, *sl.form_payload(payload))
    assert status == 200
    [call] = fake.wait_for(lambda c: c.method == "chat.postMessage")
    assert call.args["channel"] == "C0GENERAL"
    assert "Shared by <@U0ASKER>" in call.blocks_json
    assert header(call) == "Async Python in Practice"
    assert SHARE_ACTION not in call.blocks_json


def test_share_where_the_bot_is_not_a_member_uses_response_url(bot: str, fake: FakeSlack) -> None:
    fake.post_errors["C0PRIVATE"] = "not_in_channel"
    payload = sl.block_action(
        SHARE_ACTION, "talk-2", fake.response_url("share"), channel="C0PRIVATE"
    )
    post_signed(bot, *sl.form_payload(payload))
    # The card for everyone, then the asker's answer turned into 'Shared in … ✓'.
    call, done = fake.wait_for(lambda c: c.path == "/response/share", count=2)
    assert call.args["response_type"] == "in_channel"
    assert call.args["replace_original"] is False
    assert "Shared by <@U0ASKER>" in call.blocks_json
    assert done.args["replace_original"] is True and done.args["text"].startswith("Shared in")


def test_share_of_an_unknown_talk_says_so_privately(bot: str, fake: FakeSlack) -> None:
    payload = sl.block_action(SHARE_ACTION, "gone", fake.response_url("share"))
    post_signed(bot, *sl.form_payload(payload))
    [call] = fake.wait_for(lambda c: c.path == "/response/share")
    assert call.args["response_type"] == "ephemeral"
    assert "no longer" in call.args["text"]
    assert not [c for c in fake.posts() if c.method == "chat.postMessage"]


def test_more_results_replaces_the_ephemeral_message(bot: str, fake: FakeSlack) -> None:
    first = command(bot, fake, "python")
    more = next(b for b in first.blocks if b["type"] == "actions")["elements"][1]["value"]
    payload = sl.block_action(MORE_ACTION, more, fake.response_url("more"))
    post_signed(bot, *sl.form_payload(payload))
    [call] = fake.wait_for(lambda c: c.path == "/response/more")
    assert call.args["replace_original"] is True
    assert header(call) == "Testing Python with Hypothesis"
    assert "Results 6 to 7" in call.args["text"]


def test_more_results_in_a_thread_goes_to_the_clicker_alone(bot: str, fake: FakeSlack) -> None:
    value = more_value("python", 5)
    assert value is not None
    payload = sl.block_action(MORE_ACTION, value, fake.response_url("more"), ephemeral=False)
    post_signed(bot, *sl.form_payload(payload))
    [call] = fake.wait_for(lambda c: c.path == "/response/more")
    # The thread answer stays as everyone saw it; the page is the clicker's, to share or not.
    assert call.args["response_type"] == "ephemeral" and call.args["replace_original"] is False
    assert SHARE_ACTION in call.blocks_json


@pytest.mark.parametrize("bad", ["wrong secret", "stale", "unsigned"])
def test_bad_signature_gets_401_and_nothing_is_posted(bot: str, fake: FakeSlack, bad: str) -> None:
    body, ctype = sl.json_body(sl.mention("types", ts="1700000009.000900"))
    if bad == "wrong secret":
        status, _ = post_signed(bot, body, ctype, secret="not-the-secret")
    elif bad == "stale":
        status, _ = post_signed(bot, body, ctype, timestamp=int(time.time()) - 60 * 10)
    else:
        status, _ = http("POST", bot + "/slack/events", body, {"Content-Type": ctype})
    assert status == 401
    cmd_body, cmd_type = sl.slash_command("types", fake.response_url())
    status, _ = post_signed(bot, cmd_body, cmd_type, secret="not-the-secret")
    assert status == 401
    # A good request afterwards is answered: so the bad ones were dropped, not just slow.
    post_signed(bot, *sl.json_body(sl.mention("rust", ts="1700000009.000901")))
    fake.wait_for(lambda c: c.method == "chat.postMessage")
    assert len(fake.posts()) == 1
    assert fake.posts()[0].args["thread_ts"] == "1700000009.000901"


def test_health(bot: str) -> None:
    status, body = http("GET", bot + "/health")
    assert status == 200
    assert json.loads(body) == {"ok": True, "talks": 9, "data_loaded": True}


# -- the conversation surfaces, once each over real HTTP (the rest: tests/slack/listeners/) --


def test_a_follow_up_over_http_is_about_the_threads_talk(bot: str, fake: FakeSlack) -> None:
    post_signed(bot, *sl.json_body(sl.mention("packaging", ts="1700000050.000100")))
    fake.wait_for(lambda c: c.method == "chat.postMessage")
    follow = sl.mention("who gave it?", ts="1700000051.000100", thread_ts="1700000050.000100")
    post_signed(bot, *sl.json_body(follow))
    [_, reply] = fake.wait_for(lambda c: c.method == "chat.postMessage", count=2)
    assert reply.args["thread_ts"] == "1700000050.000100"
    assert reply.args["text"] == "*Python Packaging Demystified* was given by Speaker 1."


def test_feedback_and_the_home_tab_over_http(bot: str, fake: FakeSlack) -> None:
    post_signed(bot, *sl.json_body(sl.mention("packaging", ts="1700000060.000100")))
    [answer] = fake.wait_for(lambda c: c.method == "chat.postMessage")
    value = next(
        e["value"]
        for b in answer.blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "talk_was_meant"
    )
    click = sl.block_action("talk_was_meant", value, fake.response_url("vote"), ephemeral=False)
    assert post_signed(bot, *sl.form_payload(click))[0] == 200
    [thanks] = fake.wait_for(lambda c: c.path == "/response/vote")
    assert thanks.args["text"] == "Thanks! Glad it was the one."
    home = {"type": "app_home_opened", "user": "U0ASKER", "tab": "home", "event_ts": "1.2"}
    assert post_signed(bot, *sl.json_body(sl.event_callback(home)))[0] == 200
    [published] = fake.wait_for(lambda c: c.method == "views.publish")
    assert published.args["user_id"] == "U0ASKER"
