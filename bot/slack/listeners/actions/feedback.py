"""👍 / 👎 under an answer: recorded once per person and answer, thanked ephemerally; 👎
also offers the person the next matches of their question."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.cards.actions import MEANT_ACTION, parse_feedback_value
from bot.cards.answers import Surface, feedback_thanks_message, unknown_page_message
from bot.slack.context import talkbot_of
from bot.slack.listeners.actions.clicker import tell_clicker


def handle_feedback(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    ack()
    parsed = parse_feedback_value(str(action.get("value") or ""))
    if parsed is None:
        tell_clicker(respond, unknown_page_message())
        return
    query, talk_id = parsed
    meant = action.get("action_id") == MEANT_ACTION
    user = str((body.get("user") or {}).get("id") or "")
    container = body.get("container") or {}
    answer = str(container.get("message_ts") or container.get("channel_id") or "")
    talkbot = talkbot_of(context)
    first = talkbot.memory.vote(f"{user}:{answer}:{talk_id}", 1 if meant else -1, talk_id, query)
    thanks = feedback_thanks_message(meant, first)
    tell_clicker(respond, thanks)
    if first and not meant:
        # The next matches, for this person alone, as /talk would show them.
        others = talkbot.reply(query, Surface.COMMAND, offset=1)
        tell_clicker(respond, others)
