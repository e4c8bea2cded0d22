"""The Slack Web API client every part uses: the bot's listeners, the digest, the CLI.

Kept apart from the Bolt app (bot.slack) so that the digest needs no listener code to post.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)


def retrying_client(token: str, base_url: str | None) -> WebClient:
    """A Web API client that retries what Slack says to retry, a bounded number of times:
    connection errors, 429 after its Retry-After, and 5xx server errors."""
    client = WebClient(
        token=token,
        base_url=base_url or WebClient.BASE_URL,
        timeout=10,
        logger=logging.getLogger("slack_sdk.web"),
    )
    client.retry_handlers = [
        ConnectionErrorRetryHandler(max_retry_count=1),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=3),
    ]
    return client
