"""`/talk QUERY`: an ephemeral answer that only the person who asked sees."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.cards.answers import Surface
from bot.cards.mrkdwn import as_typed
from bot.slack.context import talkbot_of


def handle_talk_command(
    ack: Ack,
    command: dict[str, Any],
    respond: Respond,
    context: BoltContext,
    logger: logging.Logger,
) -> None:
    # Acknowledge first: Slack gives three seconds, and the reply goes by response_url anyway.
    ack()
    query = as_typed(str(command.get("text") or ""))
    message = talkbot_of(context).reply(query, Surface.COMMAND)
    sent = respond(response_type="ephemeral", unfurl_links=False, **message.as_kwargs())
    if sent.status_code != 200:
        logger.warning("response_url refused the /talk reply: HTTP %s", sent.status_code)
