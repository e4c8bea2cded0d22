"""Posting the digest to each channel exactly once per day, whatever else is running.

Order of events per channel: pick a talk → claim (channel, day) → post → record. Only the
instance whose claim succeeded posts; a post Slack refused releases the claim for a retry,
a channel the bot cannot post in is skipped for the day with advice in the log, and a post
whose fate is unknown is never repeated automatically (a double post is worse than a late one).
"""

from __future__ import annotations

import logging
import os
import random
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from bot.cards.digest_card import digest_message
from bot.cards.message import Message
from bot.digest.poster import Poster, PostRefused, PostUncertain
from bot.digest.schedule import DigestSchedule
from bot.digest.state import DigestState, Pick, SlotStatus
from bot.records.models import Talk

log = logging.getLogger(__name__)


class Result(StrEnum):
    POSTED = "posted"
    ALREADY = "already posted today"
    TAKEN = "another instance is posting"
    SKIPPED = "skipped: Slack refused"
    FAILED = "failed: will retry"
    UNCERTAIN = "uncertain: not retried"
    NO_TALKS = "no talks to post"


@dataclass(frozen=True)
class Outcome:
    channel: str
    day: date
    result: Result
    talk_id: str | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.result in (Result.POSTED, Result.ALREADY, Result.TAKEN)


def utc_now() -> datetime:
    return datetime.now(UTC)


def instance_name() -> str:
    """Names this process in claims, so a person can see which instance posted."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _canonical(talks: dict[str, Talk]) -> Callable[[str], str]:
    """Maps an id in the history to the record it now belongs to: a talk shown under the id
    of its program entry or recording, since merged with notes, has still been shown."""
    aliases = {a: t.id for t in talks.values() for a in t.aliases if a not in talks}
    return lambda talk_id: aliases.get(talk_id, talk_id)


def nothing_to_read(talk: Talk) -> bool:
    """A record with no summary, no notes and no speakers ('Lightning Talks', a compilation
    recording): a poor talk of the day, picked only when nothing better is left."""
    return not (talk.summary.strip() or talk.notes.strip() or talk.speakers)


class DigestRunner:
    def __init__(
        self,
        state: DigestState,
        talks: Callable[[], Sequence[Talk]],
        poster: Poster,
        schedule: DigestSchedule,
        channels: Sequence[str],
        *,
        owner: str | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.state = state
        self.talks = talks
        self.poster = poster
        self.schedule = schedule
        self.channels = list(channels)
        self.owner = owner or instance_name()
        # None: each pick draws from a generator seeded by the channel and the day, so a dry
        # run shows exactly the talk that the real run of that day will post.
        self.rng = rng
        self.clock = clock

    def run_due(self) -> list[Outcome]:
        """Post every channel's digest that is due now and not yet posted; safe to call often."""
        now = self.clock()
        day = self.schedule.due_day(now)
        if day is None:
            return []
        outcomes = []
        for channel in self.channels:
            try:
                outcomes.append(self.post_channel(channel, day, now))
            except Exception:
                # One channel's surprise must not cost the others their digest.
                log.exception("digest for %s failed unexpectedly; will retry", channel)
        return outcomes

    def preview(self, channel: str, day: date) -> tuple[Talk, Message] | None:
        """What `channel` would get on `day`, changing nothing (for --dry-run): the same
        pick the real run makes, given the same history."""
        talks = {t.id: t for t in self.talks()}
        pick = self._pick(channel, day, talks)
        if pick is None:
            return None
        talk = talks[pick.talk_id]
        return talk, digest_message(talk)

    def _pick(self, channel: str, day: date, talks: dict[str, Talk]) -> Pick | None:
        rng = self.rng or random.Random(f"{channel}|{day.isoformat()}")
        bare = {i for i, t in talks.items() if nothing_to_read(t)}
        return self.state.pick(channel, list(talks), rng, _canonical(talks), last=bare)

    def post_channel(
        self, channel: str, day: date, now: datetime | None = None, *, force: bool = False
    ) -> Outcome:
        now = now or self.clock()
        talks = {t.id: t for t in self.talks()}
        if not talks:
            return Outcome(channel, day, Result.NO_TALKS)
        status = None if force else self.state.slot_status(channel, day)
        if status is not None and status is not SlotStatus.CLAIMED:
            return Outcome(channel, day, Result.ALREADY)
        # A claimed slot goes on to `claim`, which takes it over only if its owner died.
        pick = self._pick(channel, day, talks)
        assert pick is not None  # there are talks
        if not force and not self.state.claim(channel, day, pick.talk_id, self.owner, now):
            return Outcome(channel, day, Result.TAKEN)
        return self._post(channel, day, pick, talks[pick.talk_id], force=force)

    def _post(self, channel: str, day: date, pick: Pick, talk: Talk, *, force: bool) -> Outcome:
        try:
            ts = self.poster.post(channel, digest_message(talk))
        except PostRefused as exc:
            if exc.permanent:
                log.error(
                    "digest for channel %s skipped today: Slack said %s: %s, or remove it "
                    "from DIGEST_CHANNELS",
                    channel,
                    exc.code,
                    exc.advice,
                )
                if not force:
                    self.state.mark(channel, day, self.owner, SlotStatus.SKIPPED, exc.code)
                return Outcome(channel, day, Result.SKIPPED, pick.talk_id, exc.code)
            log.warning("digest for channel %s failed (%s); will retry", channel, exc.code)
            if not force:
                self.state.release(channel, day, self.owner)
            return Outcome(channel, day, Result.FAILED, pick.talk_id, exc.code)
        except PostUncertain as exc:
            log.error(
                "digest for channel %s may not have been posted (%s); not retrying, to avoid "
                "a double post: if it is missing, run `talkbot digest --channel %s --force`",
                channel,
                exc,
                channel,
            )
            if not force:
                self.state.mark(channel, day, self.owner, SlotStatus.UNCERTAIN, str(exc))
            return Outcome(channel, day, Result.UNCERTAIN, pick.talk_id, str(exc))
        if force:
            self.state.record_forced(channel, day, pick, ts)
        else:
            self.state.mark_posted(channel, day, self.owner, pick, ts)
        log.info("digest posted to channel %s: %s (round %d)", channel, pick.talk_id, pick.round)
        return Outcome(channel, day, Result.POSTED, pick.talk_id)
