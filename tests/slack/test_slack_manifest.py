"""The files a person deploys with: the manifest, .env.example and Procfile agree with the code."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.digest.settings import DigestSettings
from bot.fetch.settings import FetchSettings
from bot.slack.listeners.commands import COMMAND
from bot.slack.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def test_manifest_declares_what_the_listeners_need_and_no_more() -> None:
    manifest = yaml.safe_load((REPO / "manifest.yml").read_text())
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert commands == [COMMAND]
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert sorted(settings["event_subscriptions"]["bot_events"]) == [
        "app_home_opened",
        "app_mention",
        "message.im",
    ]
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert sorted(scopes) == ["app_mentions:read", "chat:write", "commands", "im:history"]
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_read_only_enabled"] is False


def test_env_example_lists_every_setting() -> None:
    text = (REPO / ".env.example").read_text()
    listed = set(re.findall(r"^([A-Z_]+)=", text, flags=re.MULTILINE))
    expected = {name.upper() for name in Settings.model_fields}
    expected |= {name.upper() for name in DigestSettings.model_fields}
    expected |= {name.upper() for name in FetchSettings.model_fields}
    assert listed == expected
    assert "xoxb-" in text and "xapp-" in text
    assert not re.search(r"^SLACK_[A-Z_]+TOKEN=\S", text, flags=re.MULTILINE)  # no real values


def test_procfile_runs_http_on_web_and_socket_mode_on_worker() -> None:
    lines = dict(
        line.split(":", 1) for line in (REPO / "Procfile").read_text().splitlines() if line
    )
    assert set(lines) == {"web", "worker"}
    # The mode is said by a flag, not by unsetting a variable that .env may set again.
    assert lines["web"].strip() == "talkbot serve --http"
    assert lines["worker"].strip() == "talkbot serve --socket"
