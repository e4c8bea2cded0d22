"""Posting one digest message to Slack, with Slack's own retry rules.

Rate limits (429 + Retry-After) and server errors are retried by slack_sdk's handlers, a
bounded number of times. What happens after that decides whether a retry is safe: an error
Slack answered means nothing was posted; a lost connection may hide a message that did go out,
and posting again could double it, so that case is never retried automatically.
"""

from __future__ import annotations

import logging
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.cards.message import Message
from bot.slack_api.errors import ADVICE, error_code

log = logging.getLogger(__name__)


class PostRefused(Exception):
    """Slack answered with an error: nothing was posted."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def permanent(self) -> bool:
        """No retry will fix it today: the log line says what a person must do instead."""
        return self.code in ADVICE

    @property
    def advice(self) -> str:
        return ADVICE.get(self.code, "it will be retried")


class PostUncertain(Exception):
    """The connection failed: the message may or may not have been posted."""


class Poster(Protocol):
    def post(self, channel: str, message: Message) -> str:
        """Post and return the message's ts; raise PostRefused or PostUncertain."""
        ...


class SlackPoster:
    def __init__(self, client: WebClient) -> None:
        self.client = client

    def post(self, channel: str, message: Message) -> str:
        try:
            response = self.client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as exc:
            raise PostRefused(error_code(exc)) from None
        except OSError as exc:
            raise PostUncertain(str(exc) or type(exc).__name__) from None
        return str(response.get("ts") or "")
