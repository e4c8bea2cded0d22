"""`talkbot serve` in Socket Mode, as a real process, against a fake Socket Mode endpoint.

apps.connections.open goes to the fake Web API (SLACK_API_URL), which hands out the loopback
WebSocket URL; envelopes pushed there must be acknowledged and answered like HTTP requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl

import pytest
from slack_fakes import signing as sl
from slack_fakes.harness import free_port, http, wait_until_serving
from slack_fakes.process import REPO, bot_env, running_serve
from slack_fakes.socket_mode import FakeSocketMode, running_fake_socket_mode
from slack_fakes.web_api import FakeSlack, running_fake_slack

from bot.cards.actions import SHARE_ACTION

HEALTH_PORT = free_port()


@pytest.fixture(scope="module")
def fakes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FakeSlack, FakeSocketMode]]:
    with running_fake_slack() as api, running_fake_socket_mode() as ws:
        api.socket_url = ws.url
        env = bot_env(
            SLACK_BOT_TOKEN=sl.BOT_TOKEN,
            SLACK_APP_TOKEN=sl.APP_TOKEN,
            SLACK_API_URL=api.api_url,
            TALKBOT_DATA_DIR=str(REPO / "data"),
            PORT=str(HEALTH_PORT),
            HOST="127.0.0.1",
        )
        with running_serve(tmp_path_factory.mktemp("socket"), env, verbose=True) as bot:
            if not ws.connected.wait(timeout=20):
                raise AssertionError("no Socket Mode connection: " + bot.log())
            yield api, ws
        log_text = bot.log()
        assert sl.APP_TOKEN not in log_text and sl.BOT_TOKEN not in log_text


def test_connection_is_opened_with_the_app_token(
    fakes: tuple[FakeSlack, FakeSocketMode],
) -> None:
    api, _ = fakes
    [call] = api.wait_for(lambda c: c.method == "apps.connections.open")
    assert call.token == sl.APP_TOKEN


def test_health_reports_the_socket_mode_connection(
    fakes: tuple[FakeSlack, FakeSocketMode],
) -> None:
    report = wait_until_serving(f"http://127.0.0.1:{HEALTH_PORT}")
    # The seed notes' 27 talks: data/ holds nothing else.
    assert report == {"ok": True, "talks": 27, "data_loaded": True, "socket_mode_connected": True}
    # Socket Mode takes no HTTP requests from Slack: only /health is served.
    status, _ = http("POST", f"http://127.0.0.1:{HEALTH_PORT}/slack/events", b"{}")
    assert status == 404


def test_slash_command_over_socket_mode(fakes: tuple[FakeSlack, FakeSocketMode]) -> None:
    api, ws = fakes
    body, _ = sl.slash_command("types python", api.response_url("sock-cmd"))
    ws.send(
        {
            "envelope_id": "env-cmd",
            "type": "slash_commands",
            "payload": dict(parse_qsl(body.decode())),
            "accepts_response_payload": True,
        }
    )
    ws.wait_for_ack("env-cmd")
    [call] = api.wait_for(lambda c: c.path == "/response/sock-cmd")
    assert call.args["response_type"] == "ephemeral"
    assert "Types, In My Python?!" in call.blocks_json


def test_mention_and_dm_over_socket_mode(fakes: tuple[FakeSlack, FakeSocketMode]) -> None:
    api, ws = fakes
    ws.send(
        {
            "envelope_id": "env-mention",
            "type": "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
            "accepts_response_payload": False,
            "payload": sl.mention(
                "types", ts="1900000001.000001", channel="C0SOCK", thread_ts="1900000000.000000"
            ),
        }
    )
    ws.send(
        {
            "envelope_id": "env-dm",
            "type": "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
            "accepts_response_payload": False,
            "payload": sl.direct_message("types", ts="1900000002.000002", channel="D0SOCK"),
        }
    )
    ws.wait_for_ack("env-mention")
    ws.wait_for_ack("env-dm")
    [mention] = api.wait_for(lambda c: c.args.get("channel") == "C0SOCK")
    assert mention.args["thread_ts"] == "1900000000.000000"
    [dm] = api.wait_for(lambda c: c.args.get("channel") == "D0SOCK")
    for call in (mention, dm):
        assert call.method == "chat.postMessage"
        assert call.token == sl.BOT_TOKEN
        assert "Types, In My Python?!" in call.blocks_json


def test_share_button_over_socket_mode(fakes: tuple[FakeSlack, FakeSocketMode]) -> None:
    api, ws = fakes
    body, _ = sl.slash_command("types python", api.response_url("sock-share-cmd"))
    ws.send(
        {
            "envelope_id": "env-share-cmd",
            "type": "slash_commands",
            "payload": dict(parse_qsl(body.decode())),
            "accepts_response_payload": True,
        }
    )
    [answer] = api.wait_for(lambda c: c.path == "/response/sock-share-cmd")
    talk_id = next(
        e["value"]
        for b in answer.blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == SHARE_ACTION
    )
    ws.send(
        {
            "envelope_id": "env-share",
            "type": "interactive",
            "accepts_response_payload": False,
            "payload": sl.block_action(
                SHARE_ACTION, talk_id, api.response_url("sock-share"), channel="C0SOCKSHARE"
            ),
        }
    )
    ws.wait_for_ack("env-share")
    [shared] = api.wait_for(lambda c: c.args.get("channel") == "C0SOCKSHARE")
    assert "Shared by <@U0ASKER>" in shared.blocks_json
