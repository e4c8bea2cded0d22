"""The answering core: a question or a button's value → the message to send.

Slack-free: the listeners in bot.slack move payloads in and messages out, the digest posts
what it picks, and tests drive it directly. It holds one immutable `Snapshot` of the loaded
talks and their search engine, replaced whole on live reload.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from bot.cards.answers import (
    PAGE_SIZE,
    Surface,
    answer_message,
    shared_message,
    small_talk_message,
    trouble_message,
)
from bot.cards.message import Message
from bot.cards.notes_view import notes_view
from bot.core.small_talk import small_talk
from bot.live import Snapshot
from bot.records.models import Talk
from bot.search.engine import SearchEngine
from bot.slack_api.deliveries import DeliveryLog
from bot.storage import open_engine

log = logging.getLogger(__name__)

# Paging stops here: past fifty matches a person should refine the query, not keep clicking.
MAX_MATCHES = 50


class Talkbot:
    """Holds one immutable `Snapshot` of the data; live reload replaces it whole, and each
    request reads the reference once, so it never mixes an old index with new talks."""

    def __init__(
        self,
        talks: Sequence[Talk],
        engine: SearchEngine | None = None,
        deliveries: DeliveryLog | None = None,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self._snapshot = Snapshot.build(talks, aliases, engine)
        # Without a shared store (one process, tests) a private in-memory one does.
        self.deliveries = deliveries or DeliveryLog(open_engine("sqlite://"))

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def replace(self, snapshot: Snapshot) -> None:
        """Swap in new data: one reference assignment, atomic for every reader."""
        self._snapshot = snapshot

    @property
    def talks(self) -> tuple[Talk, ...]:
        return self._snapshot.talks

    @property
    def engine(self) -> SearchEngine:
        return self._snapshot.engine

    def reply(self, query: str, surface: Surface, offset: int = 0) -> Message:
        snapshot = self._snapshot
        chatter = small_talk(query) if query.strip() else None
        if chatter is not None:
            return small_talk_message(chatter, surface, len(snapshot.talks))
        offset = max(0, min(offset, MAX_MATCHES))
        try:
            answer = snapshot.engine.ask(query, limit=min(offset + PAGE_SIZE, MAX_MATCHES) + 1)
        except Exception:
            # Events are acknowledged before they run, so Slack will not retry: say so here.
            log.exception("search failed")
            return trouble_message()
        return answer_message(answer, surface, offset=offset, talk_count=len(snapshot.talks))

    def share(self, talk_id: str, user_id: str) -> Message | None:
        """A shared button may carry the id of a source since merged into another record."""
        talk = self._snapshot.resolve(talk_id)
        return None if talk is None else shared_message(talk, user_id)

    def notes_view(self, talk_id: str) -> dict[str, Any] | None:
        """The 'Show notes' modal of a talk, or None when a reload removed it."""
        talk = self._snapshot.resolve(talk_id)
        return None if talk is None else notes_view(talk)

    def first_delivery(self, keys: Sequence[str]) -> bool:
        """True the first time a delivery is seen; Bolt does not deduplicate redeliveries."""
        return self.deliveries.first(keys)
