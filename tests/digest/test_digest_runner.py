"""Which talk each channel gets, and that it gets exactly one a day, whatever happens."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from digest_helpers import Clock, RecordingPoster, make_runner, make_talks, schedule, sqlite_engine

from bot.digest.poster import PostRefused, PostUncertain
from bot.digest.runner import Result
from bot.digest.state import DigestState, SlotStatus

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_forty_days_no_repeat_within_a_round_and_every_talk_each_round(tmp_path: Path) -> None:
    talks = make_talks(27)
    poster = RecordingPoster()
    clock = Clock(MONDAY_10)
    runner = make_runner(
        sqlite_engine(tmp_path),
        talks,
        poster,
        clock,
        schedule(days="daily"),
        channels=["C0000001", "C0000002"],
    )
    for _ in range(40):
        runner.run_due()
        runner.run_due()  # a second check the same day posts nothing
        clock.now += timedelta(days=1)
    for channel in ("C0000001", "C0000002"):
        history = runner.state.history(channel)
        assert len(history) == 40
        first_round = [talk for rnd, talk, _ in history if rnd == 1]
        second_round = [talk for rnd, talk, _ in history if rnd == 2]
        assert sorted(first_round) == sorted(t.id for t in talks)  # every talk, once
        assert len(second_round) == 13 and len(set(second_round)) == 13
    assert len(poster.posts) == 80
    # the two channels are shuffled independently, and the second round in a new order
    order = [t for _, t, _ in runner.state.history("C0000001")]
    assert order[:27] != [t for _, t, _ in runner.state.history("C0000002")][:27]
    assert order[27:40] != order[:13]


def test_posts_carry_the_card_and_another_one_button(tmp_path: Path) -> None:
    poster = RecordingPoster()
    runner = make_runner(
        sqlite_engine(tmp_path), make_talks(3), poster, Clock(MONDAY_10), schedule()
    )
    runner.run_due()
    [(channel, message)] = poster.posts
    assert channel == "C0000001"
    assert message.text.startswith("Talk of the day: Talk number")
    buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == ["Another one"]
    assert any(b["type"] == "header" for b in message.blocks)


def test_nothing_before_time_or_on_days_off(tmp_path: Path) -> None:
    poster = RecordingPoster()
    clock = Clock(MONDAY_10.replace(hour=8, minute=59))
    runner = make_runner(sqlite_engine(tmp_path), make_talks(3), poster, clock, schedule())
    assert runner.run_due() == []
    clock.now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # Saturday
    assert runner.run_due() == []
    assert poster.posts == []


def test_restart_after_scheduled_time_catches_up_once(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path)
    talks = make_talks(5)
    poster = RecordingPoster()
    # The bot was down at 09:00 and comes back at 15:00: that day's digest goes out.
    clock = Clock(MONDAY_10.replace(hour=15))
    first = make_runner(engine, talks, poster, clock, schedule())
    [outcome] = first.run_due()
    assert outcome.result is Result.POSTED
    # It restarts again the same day: a new process, a new owner, nothing more is posted.
    clock.now += timedelta(minutes=30)
    second = make_runner(engine, talks, poster, clock, schedule(), seed=99)
    assert [o.result for o in second.run_due()] == [Result.ALREADY]
    assert len(poster.posts) == 1
    # Tuesday before nine: nothing; after: Tuesday's.
    clock.now = MONDAY_10 + timedelta(days=1, hours=-2)
    assert second.run_due() == []
    clock.now += timedelta(hours=3)
    assert [o.result for o in second.run_due()] == [Result.POSTED]
    assert len(poster.posts) == 2


def test_refused_post_releases_the_claim_and_is_retried_once(tmp_path: Path) -> None:
    poster = RecordingPoster(fail=[PostRefused("http_500")])
    clock = Clock(MONDAY_10)
    runner = make_runner(sqlite_engine(tmp_path), make_talks(5), poster, clock, schedule())
    assert [o.result for o in runner.run_due()] == [Result.FAILED]
    assert runner.state.slot_status("C0000001", MONDAY_10.date()) is None
    clock.now += timedelta(minutes=5)
    assert [o.result for o in runner.run_due()] == [Result.POSTED]
    clock.now += timedelta(minutes=5)
    assert [o.result for o in runner.run_due()] == [Result.ALREADY]
    assert len(poster.posts) == 1


def test_channel_bot_cannot_post_in_is_skipped_and_others_still_post(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    poster = RecordingPoster(fail=[PostRefused("not_in_channel")])
    clock = Clock(MONDAY_10)
    runner = make_runner(
        sqlite_engine(tmp_path),
        make_talks(5),
        poster,
        clock,
        schedule(),
        channels=["C0000001", "C0000002"],
    )
    outcomes = runner.run_due()
    assert [(o.channel, o.result) for o in outcomes] == [
        ("C0000001", Result.SKIPPED),
        ("C0000002", Result.POSTED),
    ]
    assert [c for c, _ in poster.posts] == ["C0000002"]
    assert runner.state.slot_status("C0000001", MONDAY_10.date()) is SlotStatus.SKIPPED
    assert "/invite" in caplog.text
    clock.now += timedelta(minutes=5)
    assert all(o.result is Result.ALREADY for o in runner.run_due())  # not retried all day


def test_uncertain_post_is_never_repeated_automatically(tmp_path: Path) -> None:
    poster = RecordingPoster(fail=[PostUncertain("timed out")])
    clock = Clock(MONDAY_10)
    runner = make_runner(sqlite_engine(tmp_path), make_talks(5), poster, clock, schedule())
    assert [o.result for o in runner.run_due()] == [Result.UNCERTAIN]
    clock.now += timedelta(minutes=5)
    assert [o.result for o in runner.run_due()] == [Result.ALREADY]
    assert poster.posts == []


def test_stale_claim_of_a_dead_instance_is_taken_over(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path)
    state = DigestState(engine)
    day = MONDAY_10.date()
    assert state.claim("C0000001", day, "conf-2024/talk-000", "dead:1", MONDAY_10)
    poster = RecordingPoster()
    clock = Clock(MONDAY_10 + timedelta(minutes=2))
    runner = make_runner(engine, make_talks(5), poster, clock, schedule())
    assert [o.result for o in runner.run_due()] == [Result.TAKEN]  # fresh claim: hands off
    clock.now += timedelta(minutes=15)
    assert [o.result for o in runner.run_due()] == [Result.POSTED]
    assert len(poster.posts) == 1


def test_removed_talk_is_no_longer_picked_and_edits_keep_history(tmp_path: Path) -> None:
    talks = make_talks(6)
    current = list(talks)
    poster = RecordingPoster()
    clock = Clock(MONDAY_10)
    runner = make_runner(
        sqlite_engine(tmp_path), lambda: current, poster, clock, schedule(days="daily")
    )
    for _ in range(3):
        runner.run_due()
        clock.now += timedelta(days=1)
    shown = [t for _, t, _ in runner.state.history("C0000001")]
    # Edit a shown talk's notes (same id) and remove an unshown one.
    edited = next(t for t in talks if t.id == shown[0])
    current[current.index(edited)] = edited.model_copy(update={"notes": "new notes"})
    removed = next(t for t in current if t.id not in shown)
    current.remove(removed)
    for _ in range(2):
        runner.run_due()
        clock.now += timedelta(days=1)
    history = runner.state.history("C0000001")
    first_round = [t for rnd, t, _ in history if rnd == 1]
    assert len(first_round) == 5 == len(set(first_round))  # round 1 ends without the removed
    assert removed.id not in first_round
    runner.run_due()
    assert runner.state.history("C0000001")[-1][0] == 2  # then a new round starts


def test_threads_racing_for_one_slot_post_once(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path)
    talks = make_talks(10)
    poster = RecordingPoster()
    clock = Clock(MONDAY_10)
    runners = [make_runner(engine, talks, poster, clock, schedule(), seed=i) for i in range(8)]
    barrier = threading.Barrier(len(runners))
    results: list[Result] = []

    def race(index: int) -> None:
        barrier.wait()
        results.extend(o.result for o in runners[index].run_due())

    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(runners))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    counts = Counter(results)
    assert counts[Result.POSTED] == 1
    assert counts[Result.POSTED] + counts[Result.TAKEN] + counts[Result.ALREADY] == 8
    assert len(poster.posts) == 1
