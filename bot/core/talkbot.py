"""The answering core: a question or a button's value → the message to send.

Slack-free: the listeners in bot.slack move payloads in and messages out, the digest posts
what it picks, and tests drive it directly. It holds one immutable `Snapshot` of the loaded
talks and their search engine, replaced whole on live reload.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.cards.answers import (
    PAGE_SIZE,
    Surface,
    answer_message,
    shared_message,
    small_talk_message,
    trouble_message,
)
from bot.cards.follow_ups import (
    links_message,
    notes_message,
    same_speaker_message,
    speakers_message,
)
from bot.cards.home import home_view
from bot.cards.message import Message
from bot.cards.notes_view import notes_view
from bot.core.follow_up import Ask, FollowUp, follow_up
from bot.core.memory import Memory, ThreadContext
from bot.core.misses import group_misses
from bot.core.small_talk import small_talk
from bot.live import Snapshot
from bot.records.merge import same_person
from bot.records.models import Talk
from bot.search.answer import AnswerKind
from bot.search.engine import SearchEngine
from bot.search.text import FILLER
from bot.slack_api.deliveries import DeliveryLog
from bot.storage import open_engine

log = logging.getLogger(__name__)

# How many talks `examples` looks at, spread over the library, and the words it offers.
EXAMPLE_TRIES = 40
_WORD = re.compile(r"[^\W\d_]{5,}")
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
        memory: Memory | None = None,
    ) -> None:
        self._snapshot = Snapshot.build(talks, aliases, engine)
        # Without a shared store (one process, tests) a private one does.
        if deliveries is None or memory is None:
            private = open_engine("sqlite://")
            deliveries = deliveries or DeliveryLog(private)
            memory = memory or Memory(private)
        self.deliveries: DeliveryLog = deliveries
        self.memory: Memory = memory
        # Channel → the id of today's digest talk; a process that posts the digest sets it.
        self.digest_today: Callable[[], Mapping[str, str]] = dict
        # Called after each reload (the Slack app redraws the Home tabs people opened).
        self.after_replace: Callable[[], None] = lambda: None

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def replace(self, snapshot: Snapshot) -> None:
        """Swap in new data: one reference assignment, atomic for every reader; then what
        shows the library elsewhere (the Home tab) is redrawn."""
        self._snapshot = snapshot
        try:
            self.after_replace()
        except Exception:
            log.exception("redrawing after a reload failed; it is redrawn when next opened")

    @property
    def talks(self) -> tuple[Talk, ...]:
        return self._snapshot.talks

    @property
    def engine(self) -> SearchEngine:
        return self._snapshot.engine

    def reply(self, query: str, surface: Surface, offset: int = 0) -> Message:
        return self._answer(query, surface, offset)[0]

    def converse(self, query: str, surface: Surface, thread: str) -> Message:
        """A message in a conversation (`thread`: a thread's key, or a DM's): a follow-up
        about the talk the conversation is about, else a question of its own, whose best
        match becomes what the conversation is about."""
        context = self.memory.recall(thread)
        asked = follow_up(query)
        snapshot = self._snapshot
        if asked is not None and asked.words and asked.ask is not Ask.NOTES:
            # 'where are the slides of the nix talk?': about the talk those words find.
            named = snapshot.engine.ask(" ".join(asked.words), limit=1).matches
            if named:
                found = named[0].talk
                self.memory.remember(thread, ThreadContext(found.id, " ".join(asked.words), 0))
                return self._about(found, asked)
            asked = None
        if context is not None and asked is not None:
            talk = snapshot.resolve(context.talk_id)
            if talk is not None:
                if asked.ask is Ask.NEXT:
                    message, shown = self._answer(
                        context.query, surface, context.offset + 1, page_size=1
                    )
                    if shown is not None:
                        self.memory.remember(
                            thread, ThreadContext(shown.id, context.query, context.offset + 1)
                        )
                    return message
                return self._about(talk, asked)
        message, shown = self._answer(query, surface)
        if shown is not None:
            self.memory.remember(thread, ThreadContext(shown.id, query, 0))
        return message

    def _about(self, talk: Talk, asked: FollowUp) -> Message:
        if asked.ask in (Ask.SLIDES, Ask.VIDEO, Ask.CODE):
            return links_message(talk, asked.ask)
        if asked.ask is Ask.SPEAKERS:
            return speakers_message(talk)
        if asked.ask is Ask.NOTES:
            return notes_message(talk, asked.words)
        others = [
            t
            for t in self._snapshot.talks
            if t.id != talk.id and any(same_person(a, b) for a in talk.speakers for b in t.speakers)
        ]
        return same_speaker_message(talk, others)

    def _answer(
        self, query: str, surface: Surface, offset: int = 0, page_size: int = PAGE_SIZE
    ) -> tuple[Message, Talk | None]:
        """The message, and the talk it presents as the answer (None for none)."""
        snapshot = self._snapshot
        chatter = small_talk(query) if query.strip() else None
        if chatter is not None:
            return small_talk_message(chatter, surface, len(snapshot.talks)), None
        offset = max(0, min(offset, MAX_MATCHES))
        try:
            answer = snapshot.engine.ask(query, limit=min(offset + page_size, MAX_MATCHES) + 1)
        except Exception:
            # Events are acknowledged before they run, so Slack will not retry: say so here.
            log.exception("search failed")
            return trouble_message(), None
        if answer.kind is AnswerKind.RESULTS and not answer.matches and query.strip():
            self.memory.missed(query)
        message = answer_message(
            answer, surface, offset=offset, page_size=page_size, talk_count=len(snapshot.talks)
        )
        page = answer.matches[offset : offset + page_size]
        return message, (page[0].talk if page else None)

    def share(self, talk_id: str, user_id: str) -> Message | None:
        """A shared button may carry the id of a source since merged into another record."""
        talk = self._snapshot.resolve(talk_id)
        return None if talk is None else shared_message(talk, user_id)

    def home_view(self) -> dict[str, Any]:
        """The App Home tab for this library, built when someone opens it."""
        snapshot = self._snapshot
        today = {
            channel: talk
            for channel, talk_id in self.digest_today().items()
            if (talk := snapshot.resolve(talk_id)) is not None
        }
        misses = group_misses(self.memory.misses(), snapshot.engine)
        return home_view(snapshot.talks, self.examples(), today, misses)

    def examples(self, count: int = 3) -> list[str]:
        """Questions that find a talk in this library: a rare word of a talk's title, each
        checked to bring up its talk first."""
        snapshot = self._snapshot
        found: list[str] = []
        ordered = sorted(snapshot.talks, key=lambda t: t.id)
        # A few dozen talks from across the library are enough to find three examples.
        step = max(1, len(ordered) // EXAMPLE_TRIES)
        for talk in ordered[::step]:
            words = [w for w in _WORD.findall(talk.title) if w.lower() not in FILLER]
            for word in sorted(words, key=len, reverse=True)[:2]:
                hits = snapshot.engine.ask(word.lower(), limit=1).matches
                if hits and hits[0].talk.id == talk.id and word.lower() not in found:
                    found.append(word.lower())
                    break
            if len(found) == count:
                break
        return found

    def remember_shared(self, channel: str, ts: str, talk_id: str) -> None:
        """A card shared in a channel starts a conversation about its talk."""
        talk = self._snapshot.resolve(talk_id)
        if talk is not None:
            self.memory.remember(f"{channel}:{ts}", ThreadContext(talk.id, talk.title, 0))

    def notes_view(self, talk_id: str) -> dict[str, Any] | None:
        """The 'Show notes' modal of a talk, or None when a reload removed it."""
        talk = self._snapshot.resolve(talk_id)
        return None if talk is None else notes_view(talk)

    def first_delivery(self, keys: Sequence[str]) -> bool:
        """True the first time a delivery is seen; Bolt does not deduplicate redeliveries."""
        return self.deliveries.first(keys)
