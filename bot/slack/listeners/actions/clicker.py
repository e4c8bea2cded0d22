"""How a button's listener answers the person who clicked: privately, beside the message
they clicked, which stays as everyone saw it."""

from __future__ import annotations

from slack_bolt import Respond

from bot.cards.message import Message


def tell_clicker(respond: Respond, message: Message) -> None:
    respond(
        replace_original=False,
        response_type="ephemeral",
        unfurl_links=False,
        **message.as_kwargs(),
    )
