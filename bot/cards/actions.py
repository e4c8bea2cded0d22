"""Button identities and values: the contract between the cards and the action listeners.

A button's value comes back in a click payload; it is signed by Slack, but it is still parsed
defensively, because a malformed value must give a polite reply, not a traceback.
"""

from __future__ import annotations

import json

from bot.cards.blocks import BUTTON_VALUE_LIMIT

SHARE_ACTION = "share_talk"
MORE_ACTION = "more_results"


# One encoder for every button: json.dumps with options builds a new one at each call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def more_value(query: str, offset: int) -> str | None:
    """The value of a 'More results' button, or None when the query is too long to carry."""
    value = _COMPACT.encode({"q": query, "o": offset})
    return value if len(value) <= BUTTON_VALUE_LIMIT else None


def parse_more_value(value: str) -> tuple[str, int] | None:
    try:
        data = json.loads(value)
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    query, offset = data.get("q"), data.get("o")
    if not isinstance(query, str) or not isinstance(offset, int) or isinstance(offset, bool):
        return None
    if offset < 0:
        return None
    return query, offset


def share_value(talk_id: str) -> str | None:
    return talk_id if 0 < len(talk_id) <= BUTTON_VALUE_LIMIT else None
