"""The daily digest message: a heading, the talk's card, and 'Another one'."""

from __future__ import annotations

from bot.cards.blocks import actions, button, context
from bot.cards.message import Message, finish
from bot.cards.talk_card import talk_blocks, talk_fallback
from bot.records.models import Talk

DIGEST_HEADING = "Talk of the day"
# Its own action: the answer goes to the clicker alone, never replacing the channel's message.
DIGEST_ANOTHER_ACTION = "digest_another"


def digest_message(talk: Talk) -> Message:
    blocks = [
        context(f":calendar: *{DIGEST_HEADING}*"),
        *talk_blocks(talk),
        actions(button("Another one", DIGEST_ANOTHER_ACTION, value="random")),
    ]
    return finish(f"{DIGEST_HEADING}: {talk_fallback(talk)}", blocks)
