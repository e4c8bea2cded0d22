"""Block Kit blocks as the JSON Slack reads, each field checked against Slack's limits.

Built as plain dicts rather than through slack_sdk's model classes: serialising the models
was 0.20 of the 0.26 ms that building an answer took at 10,000 talks, because the blocks
around the (cached) card are new for every answer. The checks are the ones the models
make; a breach is a bug in a builder, so it raises. The tests round-trip every message
through slack_sdk's models, which proves these dicts are exactly what the models produce.
"""

from __future__ import annotations

from typing import Any

SECTION_TEXT_LIMIT = 3000
HEADER_TEXT_LIMIT = 150
CONTEXT_ELEMENTS_LIMIT = 10
ACTIONS_ELEMENTS_LIMIT = 25
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
BUTTON_URL_LIMIT = 3000
ACTION_ID_LIMIT = 255
# Not one of Block Kit's documented limits: a context line is a byline, kept short.
CONTEXT_TEXT_LIMIT = 2000
_BUTTON_STYLES = ("primary", "danger")


class Block(dict[str, Any]):
    """One block, with the length of its text: a card is reused across many answers, and
    each answer budgets its whole text (`bot.cards.message.finish`). The builders know
    their strings, so they add them up rather than walking the block again."""

    def __init__(self, fields: dict[str, Any], size: int) -> None:
        super().__init__(fields)
        self.text_size = size


def header(text: str) -> Block:
    _check(text, HEADER_TEXT_LIMIT, "header text")
    return Block({"type": "header", "text": _plain(text, emoji=False)}, len(text))


def context(*texts: str) -> Block:
    """A line of small mrkdwn text."""
    if not 0 < len(texts) <= CONTEXT_ELEMENTS_LIMIT:
        raise ValueError(f"a context block holds 1 to {CONTEXT_ELEMENTS_LIMIT} elements")
    for text in texts:
        _check(text, CONTEXT_TEXT_LIMIT, "context text")
    elements = [_mrkdwn(text) for text in texts]
    return Block({"type": "context", "elements": elements}, sum(map(len, texts)))


def section(text: str, accessory: dict[str, Any] | None = None) -> Block:
    _check(text, SECTION_TEXT_LIMIT, "section text")
    fields: dict[str, Any] = {"type": "section", "text": _mrkdwn(text)}
    size = len(text)
    if accessory is not None:
        fields["accessory"] = accessory
        size += _size(accessory)
    return Block(fields, size)


def divider() -> Block:
    return Block({"type": "divider"}, 0)


def actions(*elements: dict[str, Any]) -> Block:
    if not 0 < len(elements) <= ACTIONS_ELEMENTS_LIMIT:
        raise ValueError(f"an actions block holds 1 to {ACTIONS_ELEMENTS_LIMIT} elements")
    listed = list(elements)
    return Block({"type": "actions", "elements": listed}, sum(map(_size, listed)))


def button(
    text: str,
    action_id: str,
    *,
    value: str | None = None,
    url: str | None = None,
    style: str | None = None,
) -> Block:
    _check(text, BUTTON_TEXT_LIMIT, "button text")
    _check(action_id, ACTION_ID_LIMIT, "action_id")
    fields: dict[str, Any] = {
        "type": "button",
        "text": _plain(text, emoji=True),
        "action_id": action_id,
    }
    if value is not None:
        _check(value, BUTTON_VALUE_LIMIT, "button value")
        fields["value"] = value
    if url is not None:
        _check(url, BUTTON_URL_LIMIT, "button url")
        fields["url"] = url
    if style is not None:
        if style not in _BUTTON_STYLES:
            raise ValueError(f"a button style is one of {_BUTTON_STYLES}, not {style!r}")
        fields["style"] = style
    return Block(fields, len(text) + sum(len(v) for v in (value, url, style) if v is not None))


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


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def _plain(text: str, *, emoji: bool) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": emoji}


def _check(text: str, limit: int, what: str) -> None:
    if not 0 < len(text) <= limit:
        raise ValueError(f"{what} must be 1 to {limit} characters, not {len(text)}")
