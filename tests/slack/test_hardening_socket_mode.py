"""Socket Mode when Slack misbehaves: reconnects, retried envelopes, a slow Web API.

`talkbot serve` runs as a real process against the fake Web API and a fake Socket Mode
WebSocket server; the fake asks the bot to reconnect, drops the connection, and redelivers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from slack_fakes import signing as sl
from slack_fakes.harness import free_port, http, wait_until_serving
from slack_fakes.process import REPO, bot_env, running_serve
from slack_fakes.socket_mode import FakeSocketMode, running_fake_socket_mode
from slack_fakes.web_api import FakeSlack, running_fake_slack


class Bot:
    def __init__(self, api: FakeSlack, ws: FakeSocketMode, health: str) -> None:
        self.api, self.ws, self.health = api, ws, health

    def command(self, envelope_id: str, text: str = "playwright") -> dict[str, Any]:
        body, _ = sl.slash_command(text, self.api.response_url(envelope_id))
        self.ws.send(
            {
                "envelope_id": envelope_id,
                "type": "slash_commands",
                "payload": dict(parse_qsl(body.decode())),
                "accepts_response_payload": True,
            }
        )
        return self.ws.wait_for_ack(envelope_id, timeout=15)

    def event(self, envelope_id: str, payload: dict[str, Any], retry: int = 0) -> None:
        self.ws.send(
            {
                "envelope_id": envelope_id,
                "type": "events_api",
                "retry_attempt": retry,
                "retry_reason": "timeout" if retry else "",
                "accepts_response_payload": False,
                "payload": payload,
            }
        )
        self.ws.wait_for_ack(envelope_id, timeout=15)


@pytest.fixture
def bot(tmp_path: Path) -> Iterator[Bot]:
    with running_fake_slack() as api, running_fake_socket_mode() as ws:
        api.socket_url = ws.url
        port = free_port()
        env = bot_env(
            SLACK_BOT_TOKEN=sl.BOT_TOKEN,
            SLACK_APP_TOKEN=sl.APP_TOKEN,
            SLACK_API_URL=api.api_url,
            TALKBOT_DATA_DIR=str(REPO / "data"),
            DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
            PORT=str(port),
            HOST="127.0.0.1",
        )
        with running_serve(tmp_path, env) as serve:
            if not ws.connected.wait(timeout=20):
                raise AssertionError("no Socket Mode connection: " + serve.log())
            wait_until_serving(f"http://127.0.0.1:{port}")
            yield Bot(api, ws, f"http://127.0.0.1:{port}/health")
            assert serve.alive(), "the bot crashed: " + serve.log()


def test_refresh_requested_reconnects_and_answers_the_next_request(bot: Bot) -> None:
    bot.command("before")
    bot.api.wait_for(lambda c: c.path == "/response/before")
    bot.ws.ask_to_reconnect()
    bot.ws.wait_for_connections(2)
    opens = [c for c in bot.api.calls if c.method == "apps.connections.open"]
    assert len(opens) == 2
    bot.command("after")
    [reply] = bot.api.wait_for(lambda c: c.path == "/response/after")
    assert "Playwright" in reply.args["text"]


def test_dropped_connection_reconnects_and_answers_the_next_request(bot: Bot) -> None:
    bot.ws.drop()
    bot.ws.wait_for_connections(2, timeout=40)
    deadline = time.monotonic() + 15
    while http("GET", bot.health)[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert http("GET", bot.health)[0] == 200
    bot.command("after-drop")
    bot.api.wait_for(lambda c: c.path == "/response/after-drop")


def test_retried_envelope_is_answered_once(bot: Bot) -> None:
    payload = sl.mention("playwright", ts="1800000000.000100")
    bot.event("first", payload)
    bot.event("retry-1", payload, retry=1)
    bot.event("retry-2", payload, retry=2)
    bot.api.wait_for(lambda c: c.method == "chat.postMessage")
    time.sleep(0.5)
    assert len([c for c in bot.api.calls if c.method == "chat.postMessage"]) == 1


def test_acks_stay_fast_while_the_web_api_is_slow(bot: Bot) -> None:
    bot.api.delays["response_url"] = 5.0
    started = time.monotonic()
    bot.command("slow")
    assert time.monotonic() - started < 3.0
    bot.api.wait_for(lambda c: c.path == "/response/slow", timeout=15)
