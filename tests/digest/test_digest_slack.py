"""The digest against a fake Slack Web API: retries, refusals, serve's schedule, 'Another one'."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from digest_helpers import Clock, make_runner, make_talks, schedule, sqlite_engine
from slack_fakes import signing as sl
from slack_fakes.harness import free_port, post_signed, wait_until_serving
from slack_fakes.process import REPO, bot_env, running_serve
from slack_fakes.web_api import FakeSlack, Fault, running_fake_slack

from bot.cards.digest_card import DIGEST_ANOTHER_ACTION
from bot.digest.poster import SlackPoster
from bot.digest.runner import DigestRunner, Result
from bot.slack_api.client import retrying_client

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with running_fake_slack() as running:
        yield running


def slack_runner(
    fake: FakeSlack, tmp_path: Path, channels: list[str], clock: Clock
) -> DigestRunner:
    poster = SlackPoster(retrying_client(sl.BOT_TOKEN, fake.api_url))
    return make_runner(
        sqlite_engine(tmp_path), make_talks(5), poster, clock, schedule(), channels=channels
    )


def test_server_error_then_success_is_posted_once(fake: FakeSlack, tmp_path: Path) -> None:
    fake.faults["chat.postMessage"] = [Fault(500), Fault(503)]
    runner = slack_runner(fake, tmp_path, ["C0000001"], Clock(MONDAY_10))
    assert [o.result for o in runner.run_due()] == [Result.POSTED]
    attempts = [c for c in fake.calls if c.method == "chat.postMessage"]
    assert [c.status for c in attempts] == [500, 503, 200]
    assert len(fake.delivered()) == 1
    assert [o.result for o in runner.run_due()] == [Result.ALREADY]
    assert len(fake.delivered()) == 1


def test_rate_limit_retry_after_is_honoured(fake: FakeSlack, tmp_path: Path) -> None:
    fake.faults["chat.postMessage"] = [
        Fault(429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"})
    ]
    runner = slack_runner(fake, tmp_path, ["C0000001"], Clock(MONDAY_10))
    assert [o.result for o in runner.run_due()] == [Result.POSTED]
    limited, posted = [c for c in fake.calls if c.method == "chat.postMessage"]
    assert limited.status == 429 and posted.status == 200
    assert posted.at - limited.at >= 0.95


def test_persistent_failure_gives_up_then_a_later_run_posts_once(
    fake: FakeSlack, tmp_path: Path
) -> None:
    fake.faults["chat.postMessage"] = [Fault(500)] * 4  # the first try and three retries
    clock = Clock(MONDAY_10)
    runner = slack_runner(fake, tmp_path, ["C0000001"], clock)
    [failed] = runner.run_due()
    assert failed.result is Result.FAILED
    assert fake.delivered() == []
    [posted] = runner.run_due()
    assert posted.result is Result.POSTED
    assert len(fake.delivered()) == 1


def test_channel_the_bot_cannot_post_in_is_skipped_others_posted(
    fake: FakeSlack, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.post_errors["C0MISSING"] = "channel_not_found"
    runner = slack_runner(fake, tmp_path, ["C0MISSING", "C0000002"], Clock(MONDAY_10))
    outcomes = runner.run_due()
    assert [(o.channel, o.result) for o in outcomes] == [
        ("C0MISSING", Result.SKIPPED),
        ("C0000002", Result.POSTED),
    ]
    assert [c.args["channel"] for c in fake.delivered()] == ["C0000002"]
    assert "DIGEST_CHANNELS" in caplog.text  # the log says what to do


def digest_env(fake: FakeSlack, tmp_path: Path, port: int) -> dict[str, str]:
    return bot_env(
        SLACK_BOT_TOKEN=sl.BOT_TOKEN,
        SLACK_SIGNING_SECRET=sl.SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        TALKBOT_DATA_DIR=str(REPO / "data"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
        DIGEST_CHANNELS="C0DIGEST1,C0DIGEST2",
        DIGEST_TIME="00:00",
        DIGEST_DAYS="daily",
        PORT=str(port),
        HOST="127.0.0.1",
    )


@pytest.mark.parametrize("workers", [1, 2], ids=["one process", "two worker processes"])
def test_serve_posts_due_digest_at_start_and_a_restart_does_not_repeat_it(
    fake: FakeSlack, tmp_path: Path, workers: int
) -> None:
    port = free_port()
    env = digest_env(fake, tmp_path, port)
    env["TALKBOT_WORKERS"] = str(workers)
    base = f"http://127.0.0.1:{port}"
    with running_serve(tmp_path, env) as first:
        wait_until_serving(base, alive=first.alive)
        fake.wait_for(lambda c: c.method == "chat.postMessage", count=2, timeout=20)
    log = first.log()
    posts = fake.delivered()
    assert sorted(c.args["channel"] for c in posts) == ["C0DIGEST1", "C0DIGEST2"]
    for call in posts:
        assert str(call.args["text"]).startswith("Talk of the day: ")
        actions = [b for b in call.blocks if b["type"] == "actions"]
        assert actions[0]["elements"][0]["action_id"] == DIGEST_ANOTHER_ACTION
    assert "digest scheduled for 00:00 (UTC)" in log

    with running_serve(tmp_path, env) as second:  # the restart, later the same day
        wait_until_serving(base, alive=second.alive)
        time.sleep(1.5)  # the catch-up check runs at start; give it time to (not) post
    assert len(fake.delivered()) == 2
    assert log.count("digest scheduled for") == 1, "one scheduler, whatever the workers"


def test_serve_without_channels_says_so_once(fake: FakeSlack, tmp_path: Path) -> None:
    port = free_port()
    env = digest_env(fake, tmp_path, port)
    env.pop("DIGEST_CHANNELS")
    with running_serve(tmp_path, env) as proc:
        wait_until_serving(f"http://127.0.0.1:{port}", alive=proc.alive)
    assert proc.log().count("no DIGEST_CHANNELS set") == 1
    assert fake.delivered() == []


def test_another_one_answers_the_clicker_ephemerally(fake: FakeSlack, tmp_path: Path) -> None:
    port = free_port()
    env = digest_env(fake, tmp_path, port)
    env.pop("DIGEST_CHANNELS")
    base = f"http://127.0.0.1:{port}"
    with running_serve(tmp_path, env) as proc:
        wait_until_serving(base, alive=proc.alive)
        payload = sl.block_action(
            DIGEST_ANOTHER_ACTION, "random", fake.response_url("digest"), ephemeral=False
        )
        status, _ = post_signed(base, *sl.form_payload(payload))
        assert status == 200
        [reply] = fake.wait_for(lambda c: c.method == "response_url", timeout=10)
    assert reply.args["response_type"] == "ephemeral"
    assert reply.args["replace_original"] is False
    assert "picked at random" in reply.args["text"]
    assert fake.delivered() == []  # nothing posted to the channel itself
