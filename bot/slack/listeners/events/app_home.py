"""The App Home tab: built afresh each time someone opens it (the library may have reloaded)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.talkbot import Talkbot
from bot.slack.context import talkbot_of


def handle_app_home_opened(
    event: dict[str, Any], client: WebClient, context: Any, logger: logging.Logger
) -> None:
    if event.get("tab") not in (None, "home"):
        return  # the Messages tab: nothing to draw
    user = str(event.get("user") or "")
    talkbot = talkbot_of(context)
    talkbot.memory.home_opened(user)
    view = talkbot.home_view()
    try:
        client.views_publish(user_id=user, view=view)
    except SlackApiError as exc:
        logger.warning(
            "views.publish said %s; the Home tab was not updated", exc.response.get("error")
        )


def republish_home(client: WebClient, talkbot: Talkbot, logger: logging.Logger) -> None:
    """After a reload, the Home tab of everyone who opened it lately shows the new library."""
    viewers = talkbot.memory.home_viewers()
    if not viewers:
        return
    view = talkbot.home_view()
    for user in viewers:
        try:
            client.views_publish(user_id=user, view=view)
        except SlackApiError as exc:
            logger.warning("views.publish said %s for one Home tab", exc.response.get("error"))
