"""What mentions and direct messages share: the question inside a message event."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import BoltContext, Say

from bot.cards.answers import Surface
from bot.cards.mrkdwn import as_typed
from bot.slack.context import talkbot_of
from bot.slack_api.deliveries import delivery_keys

log = logging.getLogger(__name__)

_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")


def question_text(event: dict[str, Any], bot_user_id: str | None) -> str:
    """The message text without the bot's own mention, as the person typed it."""
    raw = str(event.get("text") or "")
    if bot_user_id:
        raw = _MENTION.sub(lambda m: " " if m.group(1) == bot_user_id else m.group(0), raw)
    return as_typed(raw).strip()


def is_from_a_person(event: dict[str, Any]) -> bool:
    """Bots (this one included), edits and other subtypes are not questions: answering them
    could loop or answer twice."""
    return not event.get("bot_id") and not event.get("subtype") and bool(event.get("user"))


def answer(
    body: dict[str, Any],
    event: dict[str, Any],
    say: Say,
    context: BoltContext,
    surface: Surface,
    thread_ts: str | None,
) -> None:
    """Answer a person's question once, in `thread_ts` (None: the conversation itself)."""
    if not is_from_a_person(event):
        return
    talkbot = talkbot_of(context)
    if not talkbot.first_delivery(delivery_keys(body, event)):
        log.info("ignoring a redelivered %s", surface.value)
        return
    channel = str(event.get("channel") or "")
    # What the conversation is about is kept per thread; a DM is one conversation.
    conversation = f"dm:{channel}" if surface is Surface.DM else f"{channel}:{thread_ts}"
    message = talkbot.converse(question_text(event, context.bot_user_id), surface, conversation)
    say(thread_ts=thread_ts, unfurl_links=False, **message.as_kwargs())
