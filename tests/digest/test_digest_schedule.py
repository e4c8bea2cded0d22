"""When the digest is due: days, time, time zones and daylight saving."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from digest_helpers import Clock, RecordingPoster, make_runner, make_talks, schedule, sqlite_engine

from bot.digest.schedule import parse_days, parse_time
from bot.digest.settings import load_digest_settings
from bot.settings_errors import SettingsError


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("Mon,Wed,Fri", {0, 2, 4}),
        ("sat-sun", {5, 6}),
        ("fri-mon", {4, 5, 6, 0}),
        ("daily", set(range(7))),
        ("monday, thursday", {0, 3}),
    ],
)
def test_parse_days(text: str, days: set[int]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("bad", ["", "weekdays", "mon-", "mo", "mon-fri-sat", ","])
def test_parse_days_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="day"):
        parse_days(bad)


def test_parse_time() -> None:
    assert parse_time("9:05") == time(9, 5)
    assert parse_time(" 23:59 ") == time(23, 59)
    for bad in ("24:00", "9", "09:60", "nine", "09:00:00", "-1:00"):
        with pytest.raises(ValueError, match="HH:MM"):
            parse_time(bad)


def test_due_day_respects_time_zone_and_days() -> None:
    sched = schedule("09:00", "America/New_York", "mon-fri")
    friday_8am_ny = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)
    assert sched.due_day(friday_8am_ny) is None
    assert sched.due_day(friday_8am_ny + timedelta(hours=1)) == date(2026, 11, 27)
    # Saturday 03:00 UTC is still Friday evening in New York: Friday's digest, still due.
    assert sched.due_day(datetime(2026, 11, 28, 3, 0, tzinfo=UTC)) == date(2026, 11, 27)
    assert sched.due_day(datetime(2026, 11, 28, 15, 0, tzinfo=UTC)) is None  # Saturday


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("Europe/Berlin", datetime(2026, 3, 27, tzinfo=UTC)),  # spring forward on 29 March
        ("Europe/Berlin", datetime(2026, 10, 23, tzinfo=UTC)),  # fall back on 25 October
        ("America/New_York", datetime(2026, 3, 6, tzinfo=UTC)),  # spring forward on 8 March
        ("America/New_York", datetime(2026, 10, 30, tzinfo=UTC)),  # fall back on 1 November
    ],
)
@pytest.mark.parametrize("at", ["02:30", "01:30", "09:00"])
def test_dst_neither_skips_nor_doubles_a_day(
    tmp_path: Path, zone: str, start: datetime, at: str
) -> None:
    """Ticking every 10 minutes over five days around a change posts exactly once a day."""
    sched = schedule(at, zone, "daily")
    clock = Clock(start)
    poster = RecordingPoster()
    runner = make_runner(sqlite_engine(tmp_path), make_talks(27), poster, clock, sched)
    posted_days = []
    while clock.now < start + timedelta(days=5):
        before = len(poster.posts)
        runner.run_due()
        if len(poster.posts) > before:
            posted_days.append(sched.local_date(clock.now))
        clock.now += timedelta(minutes=10)
    # One post per local date, consecutive: no day doubled, no day skipped.
    assert len(posted_days) == len(set(posted_days)) >= 5
    assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(posted_days))
    change_day = next(
        d
        for d in (sched.local_date(start) + timedelta(days=i) for i in range(5))
        if datetime.combine(d, time(12), tzinfo=sched.timezone).utcoffset()
        != datetime.combine(d - timedelta(days=1), time(12), tzinfo=sched.timezone).utcoffset()
    )
    assert change_day in posted_days


def test_settings_defaults_and_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DIGEST_CHANNELS", "DIGEST_TIME", "DIGEST_TIMEZONE", "DIGEST_DAYS"):
        monkeypatch.delenv(name, raising=False)
    settings = load_digest_settings(env_file=None)
    assert settings.channels == []
    assert settings.schedule.at == time(9, 0)
    assert settings.schedule.timezone.key == "UTC"
    assert settings.schedule.days == {0, 1, 2, 3, 4}
    monkeypatch.setenv("DIGEST_CHANNELS", "C0123456, C0123456,G0ABCDEF1")
    assert load_digest_settings(env_file=None).channels == ["C0123456", "G0ABCDEF1"]
    for name, value in [
        ("DIGEST_CHANNELS", "#general"),
        ("DIGEST_TIME", "9am"),
        ("DIGEST_TIMEZONE", "Berlin"),
        ("DIGEST_DAYS", "weekdays"),
    ]:
        monkeypatch.setenv(name, value)
        with pytest.raises(SettingsError) as caught:
            load_digest_settings(env_file=None)
        message = str(caught.value)
        assert message.startswith(f"{name} is malformed"), message
        assert "\n" not in message
        monkeypatch.delenv(name)
