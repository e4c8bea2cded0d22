"""Answering each question once, whatever Slack or the deployment does.

Slack redelivers an event it thinks was lost (X-Slack-Retry-Num, or retry_attempt in Socket
Mode), and every instance of the bot may receive its own copy. So a delivery is answered only
by whoever first records its keys, the event id and the message's (channel, ts), in the shared
state store: an INSERT that a second instance, or a second copy, cannot also win.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Column, DateTime, Engine, String, Table, delete, insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.storage import metadata

log = logging.getLogger(__name__)

# Slack stops retrying within minutes; a day of memory is ample and keeps the table small.
KEEP_FOR = timedelta(days=1)
_PRUNE_EVERY = 500

seen_deliveries = Table(
    "seen_deliveries",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False, index=True),
)


def delivery_keys(body: dict[str, Any], event: dict[str, Any]) -> list[str]:
    """The event's id (the same on every retry) and its message's (channel, ts)."""
    keys = []
    event_id = body.get("event_id")
    if event_id:
        keys.append(f"event:{event_id}")
    if event.get("channel") and event.get("ts"):
        keys.append(f"message:{event['channel']}:{event['ts']}")
    return keys


class DeliveryLog:
    def __init__(
        self, engine: Engine, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self.engine = engine
        self.clock = clock
        self._count = 0

    def first(self, keys: Sequence[str]) -> bool:
        """True for the first delivery carrying any of these keys; records them all."""
        if not keys:
            return True
        now = self.clock()
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(seen_deliveries), [{"key": k[:255], "seen_at": now} for k in keys]
                )
        except IntegrityError:
            return False
        except SQLAlchemyError:
            # Without the store we cannot know; answering twice beats never answering.
            log.exception("cannot record a delivery in the state store; answering anyway")
            return True
        self._count += 1
        if self._count % _PRUNE_EVERY == 0:
            self.prune(now)
        return True

    def prune(self, now: datetime | None = None) -> None:
        cutoff = (now or self.clock()) - KEEP_FOR
        with self.engine.begin() as conn:
            conn.execute(delete(seen_deliveries).where(seen_deliveries.c.seen_at < cutoff))
