"""'Share in channel': the card from an ephemeral answer, posted once for everyone.

The ephemeral answer then turns into 'Shared in #channel ✓' without its buttons, so a second
click has nothing to press; two clicks that race each other are told apart by the deliveries
log, keyed by the clicked message and the talk. A share Slack refuses is explained to the
person who clicked, never dropped.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.cards.answers import share_refused_message, shared_done_message, unknown_talk_message
from bot.slack.context import talkbot_of
from bot.slack.listeners.actions.clicker import tell_clicker
from bot.slack_api.errors import ADVICE, error_code

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
    talkbot = talkbot_of(context)
    talk_id = str(action.get("value") or "")
    user_id = str((body.get("user") or {}).get("id") or "")
    message = talkbot.share(talk_id, user_id)
    if message is None:
        tell_clicker(respond, unknown_talk_message())
        return
    channel = body.get("channel") or {}
    channel_id = str(channel.get("id") or context.channel_id or "")
    clicked = str((body.get("container") or {}).get("message_ts") or "")
    if not talkbot.first_delivery([f"share:{channel_id}:{clicked}:{user_id}:{talk_id}"]):
        logger.info("a second click on one Share button: shared once already")
        return
    try:
        try:
            posted = client.chat_postMessage(
                channel=channel_id, unfurl_links=False, **message.as_kwargs()
            )
            # A mention in the shared card's thread is about this talk.
            if posted.get("ts"):
                talkbot.remember_shared(channel_id, str(posted["ts"]), talk_id)
        except SlackApiError as exc:
            if error_code(exc) not in _NOT_A_MEMBER:
                raise
            logger.info("chat.postMessage said %s; sharing through response_url", error_code(exc))
            respond(
                response_type="in_channel",
                replace_original=False,
                unfurl_links=False,
                **message.as_kwargs(),
            )
    except SlackApiError as exc:
        code = error_code(exc)
        logger.warning("sharing a card was refused: %s", code)
        refused = share_refused_message(ADVICE.get(code, f"Slack said {code}"))
        tell_clicker(respond, refused)
        return
    done = shared_done_message(channel_id, str(channel.get("name") or ""))
    respond(replace_original=True, response_type="ephemeral", **done.as_kwargs())
