"""What each channel has been shown, and who is posting today's digest there.

Exactly-once rests on one primary key: (channel, day) in `digest_slots`. Claiming a slot is
an INSERT, which two instances cannot both win, on SQLite or PostgreSQL alike. A claim left
behind by an instance that died mid-post expires after CLAIM_TIMEOUT so another can take it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    and_,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from bot.storage import metadata

CLAIM_TIMEOUT = timedelta(minutes=10)

slots = Table(
    "digest_slots",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("talk_id", String(512), nullable=False),
    Column("owner", String(128), nullable=False),
    Column("claimed_at", DateTime(timezone=True), nullable=False),
    Column("message_ts", String(64)),
    Column("detail", String(512)),
)

shown = Table(
    "digest_shown",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("talk_id", String(512), primary_key=True),
    Column("day", Date, nullable=False),
    Column("message_ts", String(64)),
)


class SlotStatus(StrEnum):
    CLAIMED = "claimed"  # an instance is posting right now
    POSTED = "posted"  # done for the day
    SKIPPED = "skipped"  # Slack refused for good (not_in_channel, …); not retried today
    UNCERTAIN = "uncertain"  # the post may have gone out; never retried automatically


@dataclass(frozen=True)
class Pick:
    talk_id: str
    round: int


class DigestState:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def pick(
        self,
        channel: str,
        talk_ids: Sequence[str],
        rng: random.Random,
        canonical: Callable[[str], str] | None = None,
        *,
        last: Container[str] = (),
    ) -> Pick | None:
        """A talk this channel has not seen in the current round; a new round when all have.

        Only talks still in the data count, so a removed talk is simply never picked, and
        ids are stable across edits, so editing notes does not reset the history; the talks in
        `last` are picked only when no other is left in the round. History
        may hold the id of a source since merged into another record: `canonical` maps it to
        that record's id, so the talk still counts as shown.
        """
        current = sorted(set(talk_ids))
        if not current:
            return None
        with self.engine.connect() as conn:
            round_no = (
                conn.execute(
                    select(func.max(shown.c.round)).where(shown.c.channel == channel)
                ).scalar_one_or_none()
                or 1
            )
            seen = set(
                conn.execute(
                    select(shown.c.talk_id).where(
                        and_(shown.c.channel == channel, shown.c.round == round_no)
                    )
                ).scalars()
            )
        if canonical is not None:
            seen = {canonical(talk_id) for talk_id in seen}
        remaining = [t for t in current if t not in seen]
        if not remaining:
            round_no += 1
            remaining = current
        # Talks in `last` wait until nothing better is left in the round.
        better = [t for t in remaining if t not in last]
        return Pick(talk_id=rng.choice(better or remaining), round=round_no)

    def claim(self, channel: str, day: date, talk_id: str, owner: str, now: datetime) -> bool:
        """Take today's slot for this channel; False when another instance has it."""
        with self.engine.begin() as conn:
            # A claim whose owner died long ago is taken over; a fresh one never is.
            conn.execute(
                delete(slots).where(
                    and_(
                        slots.c.channel == channel,
                        slots.c.day == day,
                        slots.c.status == SlotStatus.CLAIMED.value,
                        slots.c.claimed_at < now - CLAIM_TIMEOUT,
                    )
                )
            )
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(slots).values(
                        channel=channel,
                        day=day,
                        status=SlotStatus.CLAIMED.value,
                        talk_id=talk_id,
                        owner=owner,
                        claimed_at=now,
                    )
                )
        except IntegrityError:
            return False
        return True

    def release(self, channel: str, day: date, owner: str) -> None:
        """Give the slot back after a post that certainly failed, so a retry can take it."""
        with self.engine.begin() as conn:
            conn.execute(delete(slots).where(self._mine(channel, day, owner)))

    def mark_posted(self, channel: str, day: date, owner: str, pick: Pick, message_ts: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(slots)
                .where(self._mine(channel, day, owner))
                .values(status=SlotStatus.POSTED.value, message_ts=message_ts)
            )
            self._record_shown(conn, channel, day, pick, message_ts)

    def mark(self, channel: str, day: date, owner: str, status: SlotStatus, detail: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(slots)
                .where(self._mine(channel, day, owner))
                .values(status=status.value, detail=detail[:512])
            )

    def record_forced(self, channel: str, day: date, pick: Pick, message_ts: str) -> None:
        """A `--force` post bypasses the slot but still counts toward the round."""
        with self.engine.begin() as conn:
            self._record_shown(conn, channel, day, pick, message_ts)

    def slot_status(self, channel: str, day: date) -> SlotStatus | None:
        with self.engine.connect() as conn:
            value = conn.execute(
                select(slots.c.status).where(and_(slots.c.channel == channel, slots.c.day == day))
            ).scalar_one_or_none()
        return SlotStatus(value) if value is not None else None

    def history(self, channel: str) -> list[tuple[int, str, date]]:
        """(round, talk id, day) in posting order: for tests and for people debugging."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(shown.c.round, shown.c.talk_id, shown.c.day)
                .where(shown.c.channel == channel)
                .order_by(shown.c.day, shown.c.round)
            ).all()
        return [(r[0], r[1], r[2]) for r in rows]

    @staticmethod
    def _mine(channel: str, day: date, owner: str) -> ColumnElement[bool]:
        return and_(
            slots.c.channel == channel,
            slots.c.day == day,
            slots.c.owner == owner,
            slots.c.status == SlotStatus.CLAIMED.value,
        )

    @staticmethod
    def _record_shown(
        conn: Connection, channel: str, day: date, pick: Pick, message_ts: str
    ) -> None:
        try:
            with conn.begin_nested():
                conn.execute(
                    insert(shown).values(
                        channel=channel,
                        round=pick.round,
                        talk_id=pick.talk_id,
                        day=day,
                        message_ts=message_ts,
                    )
                )
        except IntegrityError:
            pass  # already counted in this round (a forced repeat): nothing to add
