"""The App Home tab: built afresh each time someone opens it (the library may have reloaded)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.context import talkbot_of


def handle_app_home_opened(
    event: dict[str, Any], client: WebClient, context: Any, logger: logging.Logger
) -> None:
    if event.get("tab") not in (None, "home"):
        return  # the Messages tab: nothing to draw
    user = str(event.get("user") or "")
    view = talkbot_of(context).home_view()
    try:
        client.views_publish(user_id=user, view=view)
    except SlackApiError as exc:
        logger.warning(
            "views.publish said %s; the Home tab was not updated", exc.response.get("error")
        )
