"""Block Kit blocks, made by slack_sdk's models: the JSON Slack reads, every field checked
against Slack's limits when it is made.

The models cost a fraction of a millisecond per answer (`scripts/bench_blocks.py`), so the
SDK, not this module, knows Block Kit's shapes and limits. This module adds what the SDK does
not check (no empty text, a short context line, at least one element) and the text size of
each block, which `bot.cards.message.finish` budgets. A breach is a bug in a builder, so it
raises ValueError.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.basic_objects import JsonObject
from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

# Slack's documented limits, which the models check; the cards cut text to them beforehand.
SECTION_TEXT_LIMIT = 3000
HEADER_TEXT_LIMIT = 150
CONTEXT_ELEMENTS_LIMIT = 10
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
BUTTON_URL_LIMIT = 3000
# Not one of Block Kit's documented limits: a context line is a byline, kept short.
CONTEXT_TEXT_LIMIT = 2000


class Block(dict[str, Any]):
    """One block, with the length of its text: a card is reused across many answers, and
    each answer budgets its whole text (`bot.cards.message.finish`). The builders know
    their strings, so they add them up rather than walking the block again."""

    def __init__(self, fields: dict[str, Any], size: int) -> None:
        super().__init__(fields)
        self.text_size = size


def header(text: str) -> Block:
    _not_empty(text, "header text")
    return _made(HeaderBlock(text=PlainTextObject(text=text, emoji=False)), len(text))


def context(*texts: str) -> Block:
    """A line of small mrkdwn text."""
    if not texts:
        raise ValueError("a context block holds at least one element")
    for text in texts:
        _not_empty(text, "context text", CONTEXT_TEXT_LIMIT)
    elements = [MarkdownTextObject(text=text) for text in texts]
    return _made(ContextBlock(elements=elements), sum(map(len, texts)))


def section(text: str, accessory: dict[str, Any] | None = None) -> Block:
    _not_empty(text, "section text")
    size = len(text) + (0 if accessory is None else _size(accessory))
    return _made(SectionBlock(text=MarkdownTextObject(text=text), accessory=accessory), size)


def divider() -> Block:
    return _made(DividerBlock(), 0)


def actions(*elements: dict[str, Any]) -> Block:
    if not elements:
        raise ValueError("an actions block holds at least one element")
    listed = list(elements)
    return _made(ActionsBlock(elements=listed), sum(map(_size, listed)))


def button(
    text: str,
    action_id: str,
    *,
    value: str | None = None,
    url: str | None = None,
    style: str | None = None,
) -> Block:
    _not_empty(text, "button text")
    made = ButtonElement(text=text, action_id=action_id, value=value, url=url, style=style)
    return _made(made, len(text) + sum(len(v) for v in (value, url, style) if v is not None))


def text_size(value: object) -> int:
    """Characters of every string in a block element but its type and action_id."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(text_size(v) for k, v in value.items() if k not in ("type", "action_id"))
    if isinstance(value, list):
        return sum(text_size(v) for v in value)
    return 0


def _size(element: dict[str, Any]) -> int:
    """An element built here knows its size; one built elsewhere is walked."""
    return element.text_size if isinstance(element, Block) else text_size(element)


def _made(model: JsonObject, size: int) -> Block:
    try:
        return Block(model.to_dict(), size)
    except SlackObjectFormationError as exc:
        raise ValueError(str(exc)) from None


def _not_empty(text: str, what: str, limit: int | None = None) -> None:
    if not text or (limit is not None and len(text) > limit):
        raise ValueError(
            f"{what} must be 1 to {limit or 'the limit of'} characters, not {len(text)}"
        )
