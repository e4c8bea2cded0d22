"""'More results' (and 'Another one' for random): the next page.

On the clicker's own ephemeral answer the page replaces it; on a message everyone sees (a
thread answer, a shared card) the page goes to the clicker alone, and the message stays as
everyone saw it: one person's click never rewrites the channel.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.cards.actions import parse_more_value
from bot.cards.answers import Surface, unknown_page_message
from bot.slack.context import talkbot_of
from bot.slack.listeners.actions.clicker import tell_clicker


def handle_more_results(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    ack()
    parsed = parse_more_value(str(action.get("value") or ""))
    if parsed is None:
        tell_clicker(respond, unknown_page_message())
        return
    query, offset = parsed
    own = bool((body.get("container") or {}).get("is_ephemeral"))
    # The page is the clicker's alone either way, so it offers Share, as /talk does.
    message = talkbot_of(context).reply(query, Surface.COMMAND, offset)
    respond(
        replace_original=own, response_type="ephemeral", unfurl_links=False, **message.as_kwargs()
    )
