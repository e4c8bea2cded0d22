"""`@talkbot QUESTION`: answered in the thread of the message that asked."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext, Say

from bot.cards.answers import Surface
from bot.slack.deliveries import delivery_keys
from bot.slack.listeners.events.question import is_from_a_person, question_text
from bot.slack.replies import talkbot_of


def handle_app_mention(
    body: dict[str, Any],
    event: dict[str, Any],
    say: Say,
    context: BoltContext,
    logger: logging.Logger,
) -> None:
    # Editing a message fires app_mention again (with `edited`): it was answered already.
    if event.get("edited") or not is_from_a_person(event):
        return
    talkbot = talkbot_of(context)
    if not talkbot.first_delivery(delivery_keys(body, event)):
        logger.info("ignoring a redelivered mention")
        return
    query = question_text(event, context.bot_user_id)
    message = talkbot.reply(query, Surface.MENTION)
    # A reply in a thread stays there; a top-level mention starts a thread under itself.
    thread_ts = event.get("thread_ts") or event.get("ts")
    say(thread_ts=thread_ts, unfurl_links=False, **message.as_kwargs())
