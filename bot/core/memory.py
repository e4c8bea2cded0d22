"""What the bot remembers between messages, in the shared state store (SQLite or PostgreSQL,
so several instances remember alike): each thread's talk, the feedback people gave, and the
questions that found nothing.

Kept no longer than it serves: a thread's context for CONTEXT_FOR (follow-ups come within a
conversation, not weeks later, when an old thread's talk would only mislead); a question
that found no talk, or whose answer got 👎, for MISSES_FOR, so that a team sees what its
notes lack; `talkbot misses --clear` forgets them all at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.storage import metadata

log = logging.getLogger(__name__)

CONTEXT_FOR = timedelta(days=3)
MISSES_FOR = timedelta(days=90)
MAX_QUERY_CHARS = 500
# A Home tab opened this recently is redrawn when the library reloads; older ones are drawn
# afresh when next opened. At most this many are redrawn per reload (Slack's rate limits).
HOME_FOR = timedelta(days=7)
HOME_VIEWERS = 200

thread_context = Table(
    "thread_context",
    metadata,
    Column("key", String(255), primary_key=True),  # 'channel:thread_ts', or 'dm:channel'
    Column("talk_id", String(500), nullable=False),
    Column("query", Text, nullable=False),
    Column("offset", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)
feedback = Table(
    "feedback",
    metadata,
    Column("key", String(255), primary_key=True),  # one vote per person and answer
    Column("vote", Integer, nullable=False),  # +1 or -1
    Column("talk_id", String(500), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
home_viewers = Table(
    "home_viewers",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("opened_at", DateTime(timezone=True), nullable=False, index=True),
)
misses = Table(
    "misses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("query", Text, nullable=False),
    Column("why", String(20), nullable=False),  # 'no_match' or 'thumbs_down'
    Column("talk_id", String(500), nullable=False, default=""),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
)


def _storable(text: str, limit: int) -> str:
    """At most `limit` characters that any database can store: what people type may hold
    lone surrogates or NULs, which UTF-8 and PostgreSQL refuse."""
    return text[:limit].encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


@dataclass(frozen=True)
class ThreadContext:
    talk_id: str
    query: str
    offset: int  # which match of the query the talk was (0 = the best)


@dataclass(frozen=True)
class Miss:
    query: str
    why: str
    talk_id: str
    at: datetime


class Memory:
    def __init__(
        self, engine: Engine, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self.engine = engine
        self.clock = clock

    # -- threads ------------------------------------------------------------------------

    def remember(self, key: str, context: ThreadContext) -> None:
        """The talk a thread (or a DM) is about now; replaces what it was about before."""
        row = {
            "talk_id": context.talk_id[:500],
            "query": _storable(context.query, MAX_QUERY_CHARS),
            "offset": context.offset,
            "updated_at": self.clock(),
        }
        try:
            self._upsert(thread_context.c.key, key[:255], row)
        except IntegrityError:
            # Another instance remembered the same thread at the same moment: theirs stands.
            return
        except SQLAlchemyError:
            log.exception("cannot remember a thread's talk; follow-ups there will search anew")

    def recall(self, key: str) -> ThreadContext | None:
        """The thread's talk, unless it is older than CONTEXT_FOR."""
        cutoff = self.clock() - CONTEXT_FOR
        try:
            with self.engine.connect() as conn:
                row = conn.execute(
                    select(thread_context).where(
                        thread_context.c.key == key[:255], thread_context.c.updated_at >= cutoff
                    )
                ).first()
        except SQLAlchemyError:
            log.exception("cannot read a thread's talk; answering without it")
            return None
        return None if row is None else ThreadContext(row.talk_id, row.query, row.offset)

    # -- the Home tab -------------------------------------------------------------------

    def home_opened(self, user_id: str) -> None:
        """Someone looked at the Home tab: it is theirs to keep up to date for a while."""
        try:
            self._upsert(home_viewers.c.user_id, user_id, {"opened_at": self.clock()})
        except IntegrityError:
            return  # another instance recorded the same opening at the same moment
        except SQLAlchemyError:
            log.exception("cannot record who opened the Home tab")

    def home_viewers(self, most: int = HOME_VIEWERS) -> list[str]:
        """Who opened the Home tab within HOME_FOR, most recent first."""
        cutoff = self.clock() - HOME_FOR
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(home_viewers.c.user_id)
                .where(home_viewers.c.opened_at >= cutoff)
                .order_by(home_viewers.c.opened_at.desc())
                .limit(most)
            ).scalars()
            return list(rows)

    # -- feedback and misses --------------------------------------------------------------

    def vote(self, key: str, vote: int, talk_id: str, query: str) -> bool:
        """Record one person's 👍 or 👎 on one answer; False when they had voted on it."""
        now = self.clock()
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(feedback).values(key=key[:255], vote=vote, talk_id=talk_id[:500], at=now)
                )
                if vote < 0:
                    self._miss(conn, query, "thumbs_down", talk_id, now)
        except IntegrityError:
            return False
        return True

    def missed(self, query: str) -> None:
        """A question that found no talk."""
        try:
            with self.engine.begin() as conn:
                self._miss(conn, query, "no_match", "", self.clock())
        except SQLAlchemyError:
            log.exception("cannot record a question that found nothing")

    def misses(self, since: timedelta | None = None) -> list[Miss]:
        now = self.clock()
        cutoff = now - min(since or MISSES_FOR, MISSES_FOR)
        with self.engine.begin() as conn:
            conn.execute(delete(misses).where(misses.c.at < now - MISSES_FOR))
            rows = conn.execute(
                select(misses).where(misses.c.at >= cutoff).order_by(misses.c.at)
            ).all()
        return [Miss(r.query, r.why, r.talk_id, r.at) for r in rows]

    def clear_misses(self) -> int:
        with self.engine.begin() as conn:
            return int(conn.execute(delete(misses)).rowcount or 0)

    def _upsert(self, key_column: Column[str], key: str, row: dict[str, object]) -> None:
        """Set `row` on the record whose `key_column` is `key`, adding it if there is none.
        Two instances adding the same key at once: the second raises IntegrityError."""
        table = key_column.table
        with self.engine.begin() as conn:
            changed = conn.execute(update(table).where(key_column == key).values(**row)).rowcount
            if not changed:
                conn.execute(insert(table).values({key_column.name: key, **row}))

    @staticmethod
    def _miss(conn: Connection, query: str, why: str, talk_id: str, now: datetime) -> None:
        conn.execute(
            insert(misses).values(
                query=_storable(query, MAX_QUERY_CHARS), why=why, talk_id=talk_id[:500], at=now
            )
        )
