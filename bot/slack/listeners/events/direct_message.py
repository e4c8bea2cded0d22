"""A direct message to the bot: answered in the same conversation."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext, Say

from bot.cards.answers import Surface
from bot.slack.deliveries import delivery_keys
from bot.slack.listeners.events.question import is_from_a_person, question_text
from bot.slack.replies import talkbot_of


def handle_message(
    body: dict[str, Any],
    event: dict[str, Any],
    say: Say,
    context: BoltContext,
    logger: logging.Logger,
) -> None:
    # Channel messages reach us only as app_mention; anything else here is not a DM question.
    if event.get("channel_type") != "im" or not is_from_a_person(event):
        return
    talkbot = talkbot_of(context)
    if not talkbot.first_delivery(delivery_keys(body, event)):
        logger.info("ignoring a redelivered direct message")
        return
    message = talkbot.reply(question_text(event, context.bot_user_id), Surface.DM)
    # Keep a conversation that was started in a DM thread in that thread.
    say(thread_ts=event.get("thread_ts"), unfurl_links=False, **message.as_kwargs())
