"""A message ready for Slack, and the guard that keeps every message inside Block Kit's limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.cards.blocks import Block, context
from bot.cards.mrkdwn import truncate

MAX_BLOCKS = 50
# Slack answers `msg_blocks_too_long` from about 11,000 characters across all blocks, a limit
# it does not document; stay well under it.
TOTAL_TEXT_BUDGET = 9000
# The top-level text is the notification and screen-reader text: a sentence, not a page.
FALLBACK_TEXT_LIMIT = 600


@dataclass(frozen=True)
class Message:
    """What a listener sends: keyword arguments for `say`, `respond` or `chat.postMessage`."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def finish(text: str, blocks: Sequence[Block]) -> Message:
    """Add the message-wide limits to the per-field ones the builders met (block count and
    total size), dropping trailing blocks rather than letting Slack refuse the whole message.
    """
    kept: list[dict[str, Any]] = []
    used = 0
    for index, block in enumerate(blocks):
        last_slot = len(kept) == MAX_BLOCKS - 1
        if used + block.text_size > TOTAL_TEXT_BUDGET or (last_slot and index < len(blocks) - 1):
            kept.append(context("_(shortened to fit in Slack)_"))
            break
        kept.append(block)
        used += block.text_size
    return Message(text=truncate(text, FALLBACK_TEXT_LIMIT), blocks=kept)
