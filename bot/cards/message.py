"""A message ready for Slack, and the guard that keeps every message inside Block Kit's limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject

from bot.cards.mrkdwn import truncate

MAX_BLOCKS = 50
SECTION_TEXT_LIMIT = 3000
HEADER_TEXT_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
CONTEXT_TEXT_LIMIT = 2000
# Slack answers `msg_blocks_too_long` from about 11,000 characters across all blocks, a limit
# it does not document; stay well under it.
TOTAL_TEXT_BUDGET = 9000
# The top-level text is the notification and screen-reader text: a sentence, not a page.
FALLBACK_TEXT_LIMIT = 600


class Checked(Block):
    """A block serialised (and so checked against Block Kit's limits) once, then reused.

    A talk's card is the same every time that talk is shown; checking it again on every
    request was a third of the bot's own work per answer under load.
    """

    def __init__(self, as_dict: dict[str, Any]) -> None:  # no Block fields: the dict is all
        self._as_dict = as_dict
        self.text_size = _text_size(as_dict)

    def to_dict(self, *args: Any) -> dict[str, Any]:
        return self._as_dict


@dataclass(frozen=True)
class Message:
    """What a listener sends: keyword arguments for `say`, `respond` or `chat.postMessage`."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def finish(text: str, blocks: Sequence[Block]) -> Message:
    """Serialise through slack_sdk's models, which raise on any per-field limit breach.

    Per-field limits are met by the builders; this adds the message-wide ones (block count and
    total size), dropping trailing blocks rather than letting Slack refuse the whole message.
    """
    kept: list[dict[str, Any]] = []
    used = 0
    for index, block in enumerate(blocks):
        as_dict = block.to_dict()
        size = block.text_size if isinstance(block, Checked) else _text_size(as_dict)
        last_slot = len(kept) == MAX_BLOCKS - 1
        if used + size > TOTAL_TEXT_BUDGET or (last_slot and index < len(blocks) - 1):
            kept.append(_cut_notice())
            break
        kept.append(as_dict)
        used += size
    return Message(text=truncate(text, FALLBACK_TEXT_LIMIT), blocks=kept)


def _cut_notice() -> dict[str, Any]:
    notice = ContextBlock(elements=[MarkdownTextObject(text="_(shortened to fit in Slack)_")])
    return notice.to_dict()


def _text_size(value: object) -> int:
    """Characters of every `text`-like string in a block, recursively."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_text_size(v) for k, v in value.items() if k not in ("type", "action_id"))
    if isinstance(value, list):
        return sum(_text_size(v) for v in value)
    return 0
