"""Every Slack listener, one package per surface, as in Slack's starter template."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, fallbacks


def register_listeners(app: App) -> None:
    commands.register(app)
    events.register(app)
    actions.register(app)
    fallbacks.register(app)  # last: it takes only what the others do not
