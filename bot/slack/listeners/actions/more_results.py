"""'More results' (and 'Another one' for random): the next page replaces the message."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.cards.actions import parse_more_value
from bot.cards.answers import Surface, unknown_page_message
from bot.slack.context import talkbot_of


def handle_more_results(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    ack()
    parsed = parse_more_value(str(action.get("value") or ""))
    if parsed is None:
        respond(
            replace_original=False, response_type="ephemeral", **unknown_page_message().as_kwargs()
        )
        return
    query, offset = parsed
    message = talkbot_of(context).reply(query, _surface(body), offset)
    respond(replace_original=True, unfurl_links=False, **message.as_kwargs())


def _surface(body: dict[str, Any]) -> Surface:
    """Which surface the clicked message belongs to, so the next page offers the same buttons."""
    if (body.get("container") or {}).get("is_ephemeral"):
        return Surface.COMMAND
    channel_id = str((body.get("channel") or {}).get("id") or "")
    return Surface.DM if channel_id.startswith("D") else Surface.MENTION
