"""`talkbot serve` as a real process: settings checks, then HTTP mode end to end.

The bot runs exactly as deployed (its own process, uvicorn, the real notes in data/), with
SLACK_API_URL pointing at a fake Web API on loopback.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_fakes import signing as sl
from slack_fakes.harness import free_port, http, post_signed, wait_until_serving
from slack_fakes.process import bot_env, running_serve
from slack_fakes.web_api import FakeSlack, running_fake_slack

from bot.cards.actions import MEANT_ACTION, MORE_ACTION, NOT_MEANT_ACTION, SHARE_ACTION
from bot.cards.notes_view import SHOW_NOTES_ACTION
from bot.slack.settings import SettingsError, load_settings

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"


def run_serve(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """A `serve` that is expected to stop at once, from a directory with no .env."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve"],
        cwd=tmp_path,
        env=bot_env(**settings),
        capture_output=True,
        text=True,
        timeout=60,
    )


# -- settings -------------------------------------------------------------------------------


def test_missing_bot_token_stops_with_one_line_and_exit_2(tmp_path: Path) -> None:
    done = run_serve(tmp_path, SLACK_SIGNING_SECRET="s")
    assert done.returncode == 2
    assert done.stderr == (
        "talkbot: SLACK_BOT_TOKEN is missing: copy .env.example to .env and fill it in\n"
    )


def test_malformed_token_is_named_but_never_printed(tmp_path: Path) -> None:
    secret_looking = "xoxp-user-token-that-must-not-leak"
    done = run_serve(tmp_path, SLACK_BOT_TOKEN=secret_looking, SLACK_SIGNING_SECRET="s")
    assert done.returncode == 2
    assert done.stderr.startswith("talkbot: SLACK_BOT_TOKEN is malformed (must start with xoxb-")
    assert done.stderr.count("\n") == 1
    assert secret_looking not in done.stderr + done.stdout


def test_http_mode_needs_the_signing_secret(tmp_path: Path) -> None:
    done = run_serve(tmp_path, SLACK_BOT_TOKEN=sl.BOT_TOKEN)
    assert done.returncode == 2
    assert done.stderr.startswith("talkbot: SLACK_SIGNING_SECRET is missing")


@pytest.mark.parametrize(
    ("name", "value"),
    [("SLACK_APP_TOKEN", "xoxb-wrong-kind"), ("SLACK_API_URL", "ftp://x"), ("PORT", "http")],
)
def test_other_malformed_settings(tmp_path: Path, name: str, value: str) -> None:
    done = run_serve(
        tmp_path, SLACK_BOT_TOKEN=sl.BOT_TOKEN, SLACK_SIGNING_SECRET="s", **{name: value}
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"talkbot: {name} is malformed")
    assert value not in done.stderr


def test_settings_come_from_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_API_URL", "TALKBOT_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comment\nSLACK_BOT_TOKEN=xoxb-from-dotenv\nSLACK_APP_TOKEN=xapp-from-dotenv\n"
        "SLACK_API_URL=http://127.0.0.1:9/api\nTALKBOT_DATA_DIR=notes\n"
    )
    settings = load_settings(env_file=env_file)
    assert settings.socket_mode
    assert settings.slack_bot_token.get_secret_value() == "xoxb-from-dotenv"
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.talkbot_data_dir == Path("notes")
    assert "xoxb-from-dotenv" not in repr(settings)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "")
    env_file.write_text("SLACK_BOT_TOKEN=\n")
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN is missing"):
        load_settings(env_file=env_file)


# -- HTTP mode, end to end ------------------------------------------------------------------


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    with running_fake_slack() as fake:
        yield fake


@pytest.fixture(scope="module")
def served(fake: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = bot_env(
        SLACK_BOT_TOKEN=sl.BOT_TOKEN,
        SLACK_SIGNING_SECRET=sl.SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        TALKBOT_DATA_DIR=str(DATA),
        PORT=str(port),
        HOST="127.0.0.1",
    )
    # --verbose: debug logging is where a token would most likely leak.
    with running_serve(tmp_path_factory.mktemp("serve"), env, verbose=True) as bot:
        base_url = f"http://127.0.0.1:{port}"
        health = wait_until_serving(base_url, alive=bot.alive)
        assert health["ok"] is True and health["talks"] > 0
        yield base_url
    log_text = bot.log()
    assert sl.BOT_TOKEN not in log_text
    assert sl.SIGNING_SECRET not in log_text


def test_serve_slash_command(served: str, fake: FakeSlack) -> None:
    status, _ = post_signed(served, *sl.slash_command("types python", fake.response_url("p1")))
    assert status == 200
    [call] = fake.wait_for(lambda c: c.path == "/response/p1")
    assert call.args["response_type"] == "ephemeral"
    assert "Types, In My Python?!" in call.blocks_json
    assert SHARE_ACTION in call.blocks_json


def test_serve_buttons(served: str, fake: FakeSlack) -> None:
    post_signed(served, *sl.slash_command("python", fake.response_url("p2")))
    [first] = fake.wait_for(lambda c: c.path == "/response/p2")
    buttons = {
        e["action_id"]: e["value"]
        for b in first.blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }
    assert set(buttons) == {
        SHARE_ACTION,
        SHOW_NOTES_ACTION,
        MORE_ACTION,
        MEANT_ACTION,
        NOT_MEANT_ACTION,
    }
    post_signed(
        served,
        *sl.form_payload(
            sl.block_action(
                SHARE_ACTION,
                buttons[SHARE_ACTION],
                fake.response_url("p2-share"),
                channel="C0SERVE",
            )
        ),
    )
    [shared] = fake.wait_for(
        lambda c: c.method == "chat.postMessage" and c.args.get("channel") == "C0SERVE"
    )
    assert "Shared by <@U0ASKER>" in shared.blocks_json
    post_signed(
        served,
        *sl.form_payload(
            sl.block_action(MORE_ACTION, buttons[MORE_ACTION], fake.response_url("p2-more"))
        ),
    )
    [more] = fake.wait_for(lambda c: c.path == "/response/p2-more")
    assert more.args["replace_original"] is True
    assert "Results 6 to" in more.args["text"]


def test_serve_mentions_and_dm(served: str, fake: FakeSlack) -> None:
    post_signed(
        served, *sl.json_body(sl.mention("types", ts="1800000001.000001", channel="C0MENTION"))
    )
    post_signed(
        served,
        *sl.json_body(
            sl.mention(
                "types", ts="1800000002.000002", thread_ts="1800000000.000000", channel="C0MENTION"
            )
        ),
    )
    post_signed(
        served, *sl.json_body(sl.direct_message("types", ts="1800000003.000003", channel="D0SERVE"))
    )
    top, threaded = sorted(
        fake.wait_for(lambda c: c.args.get("channel") == "C0MENTION", count=2),
        key=lambda c: c.args["thread_ts"],
        reverse=True,
    )
    assert top.args["thread_ts"] == "1800000001.000001"
    assert threaded.args["thread_ts"] == "1800000000.000000"
    [dm] = fake.wait_for(lambda c: c.args.get("channel") == "D0SERVE")
    assert "thread_ts" not in dm.args
    for call in (top, threaded, dm):
        assert call.method == "chat.postMessage"
        assert call.token == sl.BOT_TOKEN
        assert "Types, In My Python?!" in call.blocks_json


def test_serve_rejects_bad_signatures(served: str, fake: FakeSlack) -> None:
    before = len(fake.posts())
    body, ctype = sl.json_body(sl.mention("types", ts="1800000009.000009", channel="C0BAD"))
    assert post_signed(served, body, ctype, secret="wrong")[0] == 401
    assert post_signed(served, body, ctype, timestamp=1)[0] == 401
    assert http("POST", served + "/slack/events", body, {"Content-Type": ctype})[0] == 401
    # Then a good one on another channel: once it is answered, the bad ones would have been too.
    post_signed(
        served, *sl.json_body(sl.mention("types", ts="1800000010.000010", channel="C0GOOD"))
    )
    fake.wait_for(lambda c: c.args.get("channel") == "C0GOOD")
    assert len(fake.posts()) == before + 1
    assert not [c for c in fake.posts() if c.args.get("channel") == "C0BAD"]
