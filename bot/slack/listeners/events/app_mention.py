"""`@talkbot QUESTION`: answered in the thread of the message that asked."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext, Say

from bot.cards.answers import Surface
from bot.slack.listeners.events.question import answer


def handle_app_mention(
    body: dict[str, Any], event: dict[str, Any], say: Say, context: BoltContext
) -> None:
    # Editing a message fires app_mention again (with `edited`): it was answered already.
    if event.get("edited"):
        return
    # A reply in a thread stays there; a top-level mention starts a thread under itself.
    thread_ts = event.get("thread_ts") or event.get("ts")
    answer(body, event, say, context, Surface.MENTION, thread_ts)
