"""Button identities and values: the contract between the cards and the action listeners.

A button's value comes back in a click payload; it is signed by Slack, but it is still parsed
defensively, because a malformed value must give a polite reply, not a traceback.
"""

from __future__ import annotations

import json

from bot.cards.blocks import BUTTON_VALUE_LIMIT

SHARE_ACTION = "share_talk"
MORE_ACTION = "more_results"
# 👍 and 👎 under an answer: "Was this the talk you meant?"
MEANT_ACTION = "talk_was_meant"
NOT_MEANT_ACTION = "talk_was_not_meant"


# One encoder for every button: json.dumps with options builds a new one at each call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def more_value(query: str, offset: int) -> str | None:
    """The value of a 'More results' button, or None when the query is too long to carry."""
    return _encoded({"q": query, "o": offset})


def parse_more_value(value: str) -> tuple[str, int] | None:
    data = _decoded(value)
    query, offset = data.get("q"), data.get("o")
    if not isinstance(query, str) or not isinstance(offset, int) or isinstance(offset, bool):
        return None
    if offset < 0:
        return None
    return query, offset


def share_value(talk_id: str) -> str | None:
    return talk_id if 0 < len(talk_id) <= BUTTON_VALUE_LIMIT else None


def feedback_value(query: str, talk_id: str) -> str | None:
    """The value of a 👍 / 👎 button: the question and the talk it was answered with."""
    return _encoded({"q": query, "t": talk_id})


def parse_feedback_value(value: str) -> tuple[str, str] | None:
    data = _decoded(value)
    query, talk_id = data.get("q"), data.get("t")
    if not isinstance(query, str) or not isinstance(talk_id, str) or not talk_id:
        return None
    return query, talk_id


def _encoded(fields: dict[str, object]) -> str | None:
    value = _COMPACT.encode(fields)
    return value if len(value) <= BUTTON_VALUE_LIMIT else None


def _decoded(value: str) -> dict[str, object]:
    """A button's JSON object; empty for anything else, which then has none of the keys."""
    try:
        data = json.loads(value)
    except (ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}
