"""What mentions and direct messages share: the question inside a message event."""

from __future__ import annotations

import re
from typing import Any

from bot.cards.mrkdwn import unescape

_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")


def question_text(event: dict[str, Any], bot_user_id: str | None) -> str:
    """The message text without the bot's own mention, unescaped for the search."""
    raw = str(event.get("text") or "")
    if bot_user_id:
        raw = _MENTION.sub(lambda m: " " if m.group(1) == bot_user_id else m.group(0), raw)
    return unescape(raw).strip()


def is_from_a_person(event: dict[str, Any]) -> bool:
    """Bots (this one included), edits and other subtypes are not questions: answering them
    could loop or answer twice."""
    return not event.get("bot_id") and not event.get("subtype") and bool(event.get("user"))
