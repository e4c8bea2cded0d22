"""A direct message to the bot: answered in the same conversation."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext, Say

from bot.cards.answers import Surface
from bot.slack.listeners.events.question import answer


def handle_message(
    body: dict[str, Any], event: dict[str, Any], say: Say, context: BoltContext
) -> None:
    # Channel messages reach us only as app_mention; anything else here is not a DM question.
    if event.get("channel_type") != "im":
        return
    # Keep a conversation that was started in a DM thread in that thread.
    answer(body, event, say, context, Surface.DM, event.get("thread_ts"))
