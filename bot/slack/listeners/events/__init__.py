"""Events: mentions in channels and threads, direct messages, and the App Home tab opened."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.events.app_home import handle_app_home_opened
from bot.slack.listeners.events.app_mention import handle_app_mention
from bot.slack.listeners.events.direct_message import handle_message


def register(app: App) -> None:
    app.event("app_mention")(handle_app_mention)
    app.event("app_home_opened")(handle_app_home_opened)
    # Every `message` event needs a listener: Slack counts unanswered deliveries as failures.
    app.event("message")(handle_message)
