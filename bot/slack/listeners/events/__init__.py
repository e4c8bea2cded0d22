"""Events: mentions in channels and threads, and direct messages."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.events.app_mention import handle_app_mention
from bot.slack.listeners.events.direct_message import handle_message


def register(app: App) -> None:
    app.event("app_mention")(handle_app_mention)
    # Every `message` event needs a listener: Slack counts unanswered deliveries as failures.
    app.event("message")(handle_message)
