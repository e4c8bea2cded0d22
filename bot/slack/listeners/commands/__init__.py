"""Slash commands."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.commands.talk import handle_talk_command

COMMAND = "/talk"


def register(app: App) -> None:
    app.command(COMMAND)(handle_talk_command)
