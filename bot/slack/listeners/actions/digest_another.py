"""'Another one' under a digest: a random talk for the clicker alone.

The digest is a channel message everyone sees, so the answer must not replace it: it goes
to the person who clicked, ephemerally, with the usual buttons to share or go on.
"""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond

from bot.cards.answers import Surface
from bot.slack.context import talkbot_of
from bot.slack.listeners.actions.clicker import tell_clicker


def handle_digest_another(ack: Ack, respond: Respond, context: BoltContext) -> None:
    ack()
    message = talkbot_of(context).reply("random", Surface.COMMAND)
    tell_clicker(respond, message)
