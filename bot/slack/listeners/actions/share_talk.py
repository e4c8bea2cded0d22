"""'Share in channel': the card from an ephemeral answer, posted for everyone."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.cards.answers import unknown_talk_message
from bot.slack.context import talkbot_of

# The bot may not be a member of a channel where someone used /talk; the click's response_url
# can still post there, as the app.
_NOT_A_MEMBER = {"not_in_channel", "channel_not_found"}


def handle_share_talk(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    logger: logging.Logger,
) -> None:
    ack()
    user_id = str((body.get("user") or {}).get("id") or "")
    message = talkbot_of(context).share(str(action.get("value") or ""), user_id)
    if message is None:
        respond(
            replace_original=False, response_type="ephemeral", **unknown_talk_message().as_kwargs()
        )
        return
    channel_id = str((body.get("channel") or {}).get("id") or context.channel_id or "")
    try:
        client.chat_postMessage(channel=channel_id, unfurl_links=False, **message.as_kwargs())
    except SlackApiError as exc:
        error = exc.response.get("error")
        if error not in _NOT_A_MEMBER:
            raise
        logger.info("chat.postMessage said %s; sharing through response_url", error)
        respond(
            response_type="in_channel",
            replace_original=False,
            unfurl_links=False,
            **message.as_kwargs(),
        )
