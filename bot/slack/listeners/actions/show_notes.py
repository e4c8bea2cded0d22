"""'Show notes': the talk's full notes in a modal for the person who clicked.

A modal is Slack's way to show a long text to one person without posting it: `views.open`
with the click's `trigger_id`, which Slack accepts for three seconds after the click.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.cards.answers import notes_not_opened_message, unknown_talk_message
from bot.slack.context import talkbot_of
from bot.slack.listeners.actions.clicker import tell_clicker


def handle_show_notes(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    logger: logging.Logger,
) -> None:
    ack()
    view = talkbot_of(context).notes_view(str(action.get("value") or ""))
    if view is None:
        tell_clicker(respond, unknown_talk_message())
        return
    try:
        client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
    except SlackApiError as exc:
        logger.warning("views.open said %s; the notes were not shown", exc.response.get("error"))
        tell_clicker(respond, notes_not_opened_message())
