"""When a digest is due, in the digest's own time zone.

The (channel, local date) pair is the unit of 'once a day'. A digest is due on a digest day
once the local wall-clock time has reached DIGEST_TIME, which makes the rule hold across
daylight saving: a 02:30 that never happens on spring-forward day is reached at 03:00, and a
01:30 that happens twice in autumn maps to one date, so the claim lets only one post through.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class DigestSchedule:
    at: time
    timezone: ZoneInfo
    days: frozenset[int]  # 0 = Monday

    def local_date(self, now: datetime) -> date:
        return now.astimezone(self.timezone).date()

    def due_day(self, now: datetime) -> date | None:
        """The local date whose digest is due at `now`, or None (too early, or a day off)."""
        local = now.astimezone(self.timezone)
        if local.weekday() not in self.days:
            return None
        if local.time().replace(tzinfo=None) < self.at:
            return None
        return local.date()

    def is_digest_day(self, day: date) -> bool:
        return day.weekday() in self.days

    def next_due(self, now: datetime) -> datetime:
        """The next moment a digest falls due after `now` (for telling people when)."""
        local = now.astimezone(self.timezone)
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            moment = datetime.combine(day, self.at, tzinfo=self.timezone)
            if moment > local:
                return moment
        raise ValueError("no digest days configured")


def parse_time(text: str) -> time:
    """'09:30' → 09:30; anything else is a ValueError whose message says the format."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() and len(p) <= 2 for p in parts):
        raise ValueError("use HH:MM, such as 09:30")
    hour, minute = int(parts[0]), int(parts[1])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError("use HH:MM with hours 00-23 and minutes 00-59")
    return time(hour, minute)


def parse_days(text: str) -> frozenset[int]:
    """'mon-fri', 'mon,wed,fri', 'sat-sun,wed', 'daily' → weekday numbers (Monday is 0)."""
    cleaned = text.strip().lower()
    if cleaned in ("daily", "every day", "all", "*"):
        return frozenset(range(7))
    days: set[int] = set()
    for part in cleaned.replace(" ", "").split(","):
        if not part:
            continue
        ends = part.split("-")
        if len(ends) > 2 or not all(e[:3] in DAY_NAMES and len(e) >= 3 for e in ends):
            raise ValueError("use day names such as mon-fri or mon,wed,fri")
        first, last = DAY_NAMES.index(ends[0][:3]), DAY_NAMES.index(ends[-1][:3])
        span = (last - first) % 7
        days.update((first + i) % 7 for i in range(span + 1))
    if not days:
        raise ValueError("name at least one day, such as mon-fri")
    return frozenset(days)
