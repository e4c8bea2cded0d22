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

log = logging.getLogger(__name__)

# Errors that no retry will fix today; the log line says what a person must do.
PERMANENT_ERRORS = {
    "not_in_channel": "invite the bot to the channel (/invite @Talkbot)",
    "channel_not_found": "check the channel ID in DIGEST_CHANNELS (right-click the channel, "
    "Copy link: the ID starts with C)",
    "is_archived": "unarchive the channel or remove it from DIGEST_CHANNELS",
    "restricted_action": "allow the bot to post in the channel",
    "invalid_auth": "check SLACK_BOT_TOKEN",
    "not_authed": "set SLACK_BOT_TOKEN",
    "account_inactive": "reinstall the app to the workspace and update SLACK_BOT_TOKEN",
    "token_revoked": "reinstall the app to the workspace and update SLACK_BOT_TOKEN",
    "missing_scope": "add the chat:write scope and reinstall the app",
}


class PostRefused(Exception):
    """Slack answered with an error: nothing was posted."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def permanent(self) -> bool:
        return self.code in PERMANENT_ERRORS

    @property
    def advice(self) -> str:
        return PERMANENT_ERRORS.get(self.code, "it will be retried")


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
            status = exc.response.status_code
            code = str(exc.response.get("error") or f"http_{status}")
            raise PostRefused(code) from None
        except OSError as exc:
            raise PostUncertain(str(exc) or type(exc).__name__) from None
        return str(response.get("ts") or "")
