"""Every way `talkbot serve` can fail to start that a person can cause or meet: one line on
stderr that says what to do, exit code 2, and never a token. Run in-process through the CLI
(`bot.cli.main`), against the fake Web API where Slack must answer."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_fakes import signing as sl
from slack_fakes.harness import free_port, post_signed, wait_until_serving
from slack_fakes.process import bot_env, running_serve
from slack_fakes.web_api import FakeSlack, Fault, running_fake_slack

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "pycascades-2024.md"
APP_TOKEN = "xapp-1-A0APP-1-0123456789abcdef"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with running_fake_slack() as fake:
        yield fake


@pytest.fixture
def start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[object]:
    """`start(**settings)` runs `talkbot serve` with exactly those settings; (code, stderr)."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SEED, data)

    def run(*args: str, **settings: str) -> tuple[int, str]:
        for name in (
            "SLACK_BOT_TOKEN",
            "SLACK_APP_TOKEN",
            "SLACK_SIGNING_SECRET",
            "SLACK_API_URL",
            "TALKBOT_DATA_DIR",
            "TALKBOT_MODE",
            "DATABASE_URL",
            "DIGEST_CHANNELS",
        ):
            monkeypatch.delenv(name, raising=False)
        values = {
            "SLACK_BOT_TOKEN": sl.BOT_TOKEN,
            "SLACK_SIGNING_SECRET": sl.SIGNING_SECRET,
            "TALKBOT_DATA_DIR": str(data),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'state.sqlite3'}",
            **settings,
        }
        for name, value in values.items():
            if value:
                monkeypatch.setenv(name, value)
        monkeypatch.chdir(tmp_path)
        capsys.readouterr()
        code = main(["serve", *args])
        _, err = capsys.readouterr()
        return code, err

    yield run


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("talkbot: ")]
    assert len(lines) == 1, err
    return lines[0].removeprefix("talkbot: ")


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        (
            {"SLACK_BOT_TOKEN": "xoxp-1-user-token-that-must-not-leak"},
            "SLACK_BOT_TOKEN is malformed (must start with xoxb-: it takes the Bot User OAuth "
            "Token (xoxb-…), from OAuth & Permissions; this is a user token (xoxp-…), which "
            "acts as a person, not as the bot)",
        ),
        (
            {"SLACK_BOT_TOKEN": APP_TOKEN},
            "SLACK_BOT_TOKEN is malformed (must start with xoxb-: it takes the Bot User OAuth "
            "Token (xoxb-…), from OAuth & Permissions; this is an app-level token (xapp-…), "
            "from Basic Information → App-Level Tokens, which goes in SLACK_APP_TOKEN)",
        ),
        (
            {"SLACK_APP_TOKEN": "xoxb-2-bot-token-pasted-as-app"},
            "SLACK_APP_TOKEN is malformed (must start with xapp-: it takes an app-level token "
            "(xapp-…), from Basic Information → App-Level Tokens; this is the Bot User OAuth "
            "Token (xoxb-…), from OAuth & Permissions, which goes in SLACK_BOT_TOKEN)",
        ),
        (
            {"DATABASE_URL": "x"},
            "DATABASE_URL is not a database URL this bot can use: use sqlite:///path.sqlite3, "
            "or postgresql://user:password@host:5432/db",
        ),
        (
            {"DATABASE_URL": "postgresql://nobody:hunter2@127.0.0.1:9/none"},
            "cannot open the state database given by DATABASE_URL (",
        ),
        (
            {"TALKBOT_DATA_DIR": "/nope"},
            "TALKBOT_DATA_DIR /nope is not a folder: give the folder of your notes",
        ),
        ({"TALKBOT_MODE": "socket"}, "SLACK_APP_TOKEN is missing (Socket Mode needs it;"),
    ],
    ids=[
        "user-token",
        "app-token-as-bot",
        "bot-token-as-app",
        "database-url",
        "database-down",
        "no-data",
        "socket-no-token",
    ],
)
def test_a_bad_setting_is_one_line_and_exit_2(
    start: object, settings: dict[str, str], said: str
) -> None:
    code, err = start(**settings)  # type: ignore[operator]
    assert code == 2
    assert _one_line(err).startswith(said)
    for value in settings.values():
        if value.startswith(("xox", "xapp")) or "hunter2" in value:
            assert value not in err and "hunter2" not in err


def test_an_empty_data_directory_says_how_to_add_notes(start: object, tmp_path: Path) -> None:
    (tmp_path / "data" / "pycascades-2024.md").unlink()
    code, err = start()  # type: ignore[operator]
    assert code == 2
    assert _one_line(err).startswith(
        f"no talks in {tmp_path / 'data'} (TALKBOT_DATA_DIR): add Markdown notes there"
    )


def test_unreachable_slack_is_said_as_such(start: object) -> None:
    code, err = start(SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/")  # type: ignore[operator]
    assert code == 2
    line = _one_line(err)
    assert (
        line.startswith("could not reach Slack at http://127.0.0.1:")
        and "check the network, and SLACK_API_URL" in line
    )
    assert "SLACK_BOT_TOKEN" not in line


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (
            Fault(200, body={"ok": False, "error": "invalid_auth"}),
            "Slack did not accept SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token",
        ),
        (
            Fault(200, body={"ok": False, "error": "token_revoked"}),
            "Slack did not accept SLACK_BOT_TOKEN (token_revoked)",
        ),
        (Fault(503), "Slack answered HTTP 503 at "),
    ],
    ids=["invalid-auth", "revoked", "slack-down"],
)
def test_slack_refusing_or_down_at_start(
    start: object, fake: FakeSlack, fault: Fault, said: str
) -> None:
    fake.faults["auth.test"] = [fault] * 5  # retries included
    code, err = start(SLACK_API_URL=fake.api_url)  # type: ignore[operator]
    assert code == 2
    assert _one_line(err).startswith(said)
    assert sl.BOT_TOKEN not in err


def test_a_rejected_app_token_in_socket_mode(start: object, fake: FakeSlack) -> None:
    fake.faults["apps.connections.open"] = [
        Fault(200, body={"ok": False, "error": "invalid_auth"})
    ] * 5
    code, err = start(SLACK_API_URL=fake.api_url, SLACK_APP_TOKEN=APP_TOKEN, PORT=str(free_port()))  # type: ignore[operator]
    assert code == 2
    assert _one_line(err).startswith(
        "Slack did not accept SLACK_APP_TOKEN (invalid_auth): make an app-level token"
    )
    assert APP_TOKEN not in err


def test_the_procfile_web_line_serves_http_even_when_dotenv_holds_an_app_token(
    fake: FakeSlack, tmp_path: Path
) -> None:
    web = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    command = web.removeprefix("web:").split()
    assert command[:2] == ["talkbot", "serve"]
    (tmp_path / ".env").write_text(f"SLACK_APP_TOKEN={APP_TOKEN}\n")
    port = free_port()
    env = bot_env(
        SLACK_BOT_TOKEN=sl.BOT_TOKEN,
        SLACK_SIGNING_SECRET=sl.SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        TALKBOT_DATA_DIR=str(ROOT / "data"),
        PORT=str(port),
        HOST="127.0.0.1",
    )
    with running_serve(tmp_path, env, args=tuple(command[1:])) as bot:
        base = f"http://127.0.0.1:{port}"
        assert wait_until_serving(base, alive=bot.alive)["ok"] is True
        status, _ = post_signed(base, *sl.slash_command("playwright", fake.response_url("web")))
        assert status == 200
        [reply] = fake.wait_for(lambda c: c.path == "/response/web")
        assert "Playwright" in reply.args["text"]
        assert not [c for c in fake.calls if c.method == "apps.connections.open"]
    assert json.dumps([c.method for c in fake.calls])
