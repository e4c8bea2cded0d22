"""The HTTP endpoint under attack and under Slack's own quirks: bad requests, repeated
deliveries, a slow or failing Web API. Real wiring: uvicorn on loopback, signed requests,
the fake Web API recording what the bot sends."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from slack_fakes import signing as sl
from slack_fakes.harness import http, post_signed, serving_in_thread
from slack_fakes.web_api import FakeSlack, Fault, running_fake_slack

from bot.core.talkbot import Talkbot
from bot.records.library import load_library
from bot.slack.app import build_app, build_client
from bot.slack.settings import load_settings
from bot.slack.web import MAX_BODY_BYTES, build_web_app
from bot.slack_api.deliveries import DeliveryLog
from bot.storage import open_engine

DATA = Path(__file__).resolve().parents[2] / "data"
TALKS = load_library(DATA, log_errors=False).talks
SLACK_VARS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL")


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with running_fake_slack() as running:
        yield running


def serve_bot(
    fake: FakeSlack, deliveries: DeliveryLog | None = None, api_timeout: float | None = None
) -> AbstractContextManager[str]:
    settings = load_settings(
        env_file=None,
        slack_bot_token=sl.BOT_TOKEN,
        slack_signing_secret=sl.SIGNING_SECRET,
        slack_api_url=fake.api_url,
    )
    client = build_client(settings)
    if api_timeout is not None:
        client.timeout = int(api_timeout)
    talkbot = Talkbot(TALKS, deliveries=deliveries)
    return serving_in_thread(build_web_app(build_app(settings, talkbot, client), talkbot))


@pytest.fixture
def bot(fake: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in SLACK_VARS:
        monkeypatch.delenv(name, raising=False)
    with serve_bot(fake) as base_url:
        yield base_url


def good_command_works(bot: str, fake: FakeSlack, name: str) -> None:
    status, _ = post_signed(bot, *sl.slash_command("playwright", fake.response_url(name)))
    assert status == 200
    [reply] = fake.wait_for(lambda c: c.path == f"/response/{name}")
    assert "Playwright" in reply.args["text"]


DROPPED = 499  # the server closed the connection before the client finished sending


def raw_post(bot: str, body: bytes, headers: dict[str, str]) -> int:
    try:
        status, _ = http("POST", bot + "/slack/events", body, headers)
    except OSError:
        # An oversized body is refused (413) before it is read; the client, still sending,
        # may see the connection closed instead of the answer.
        return DROPPED
    return status


FORM = "application/x-www-form-urlencoded"


def bad_requests(fake: FakeSlack) -> list[tuple[str, bytes, dict[str, str]]]:
    body, _ = sl.slash_command("playwright", fake.response_url("bad"))
    signed = sl.sign(body)
    stale = sl.sign(body, timestamp=int(time.time()) - 600)
    garbage = b"\x00\xff\xfe not a form { nor json"
    return [
        (
            "forged signature",
            body,
            {**sl.sign(body, secret="not-the-secret"), "Content-Type": FORM},
        ),
        ("stale timestamp", body, {**stale, "Content-Type": FORM}),
        (
            "no timestamp",
            body,
            {"X-Slack-Signature": signed["X-Slack-Signature"], "Content-Type": FORM},
        ),
        (
            "no signature",
            body,
            {
                "X-Slack-Request-Timestamp": signed["X-Slack-Request-Timestamp"],
                "Content-Type": FORM,
            },
        ),
        ("body tampered after signing", body + b"&text=other", {**signed, "Content-Type": FORM}),
        (
            "signed garbage",
            garbage,
            {**sl.sign(garbage), "Content-Type": "application/octet-stream"},
        ),
        (
            "signed unknown JSON payload",
            b'{"type": "no_such_type"}',
            {**sl.sign(b'{"type": "no_such_type"}'), "Content-Type": "application/json"},
        ),
        ("oversized body", b"x" * (MAX_BODY_BYTES + 1), {**sl.sign(b"x"), "Content-Type": FORM}),
    ]


def test_bad_requests_get_4xx_nothing_posted_and_the_next_good_request_works(
    bot: str, fake: FakeSlack
) -> None:
    for index, (what, body, headers) in enumerate(bad_requests(fake)):
        status = raw_post(bot, body, headers)
        assert 400 <= status < 500, f"{what}: {status}"
        assert status != DROPPED or what == "oversized body", what
        time.sleep(0.05)
        assert fake.posts() == [], what
        good_command_works(bot, fake, f"good-{index}")
        fake.calls.clear()


def test_command_for_another_name_gets_a_polite_reply(bot: str, fake: FakeSlack) -> None:
    body, ctype = sl.slash_command("x", fake.response_url("other"))
    body = body.replace(b"command=%2Ftalk", b"command=%2Fweather")
    status, reply = post_signed(bot, body, ctype)
    assert status == 200
    assert "only answers `/talk`" in reply.decode()  # Slack shows a text ack ephemerally
    time.sleep(0.1)
    assert fake.posts() == []


def test_unexpected_event_is_acknowledged_quietly(bot: str, fake: FakeSlack) -> None:
    payload = sl.event_callback({"type": "reaction_added", "user": "U1", "reaction": "tada"})
    status, _ = post_signed(bot, json.dumps(payload).encode(), "application/json")
    assert status == 200
    time.sleep(0.2)
    assert fake.posts() == []


def post_event(bot: str, payload: dict[str, object], retry: int | None = None) -> int:
    body = json.dumps(payload).encode()
    headers = {**sl.sign(body), "Content-Type": "application/json"}
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return raw_post(bot, body, headers)


def test_retried_event_is_answered_once(bot: str, fake: FakeSlack) -> None:
    payload = sl.mention("playwright", ts="1700000500.000100")
    assert post_event(bot, payload) == 200
    for retry in (1, 2, 3):
        assert post_event(bot, payload, retry=retry) == 200
    fake.wait_for(lambda c: c.method == "chat.postMessage")
    time.sleep(0.5)
    assert len(fake.posts()) == 1


def test_edited_mention_and_second_event_for_the_same_message_are_not_answered_again(
    bot: str, fake: FakeSlack
) -> None:
    first = sl.mention("playwright", ts="1700000600.000100")
    assert post_event(bot, first) == 200
    fake.wait_for(lambda c: c.method == "chat.postMessage")
    edited = sl.mention("playwright please", ts="1700000600.000100")
    edited["event"]["edited"] = {"user": "U0ASKER", "ts": "1700000610.000000"}  # type: ignore[index]
    assert post_event(bot, edited) == 200
    same_message = sl.mention("playwright", ts="1700000600.000100")  # new event id, same (C, ts)
    assert post_event(bot, same_message) == 200
    time.sleep(0.5)
    assert len(fake.posts()) == 1


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_two_instances_sharing_the_store_answer_once(
    fake: FakeSlack, tmp_path: Path, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in SLACK_VARS:
        monkeypatch.delenv(name, raising=False)
    if store == "sqlite":
        url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
        urls: Iterator[str] = iter([url])
    else:
        from databases import postgres_database

        urls = postgres_database()
        url = next(urls)
    engine = open_engine(url)
    with serve_bot(fake, DeliveryLog(engine)) as one, serve_bot(fake, DeliveryLog(engine)) as two:
        payload = sl.mention("playwright", ts="1700000700.000100")
        assert post_event(one, payload) == 200
        assert post_event(two, payload) == 200
        fake.wait_for(lambda c: c.method == "chat.postMessage")
        time.sleep(0.5)
    assert len(fake.posts()) == 1
    engine.dispose()
    for _ in urls:  # let the PostgreSQL fixture drop its database
        pass


def test_many_answers_busy_posting_do_not_hold_back_the_next_ack(bot: str, fake: FakeSlack) -> None:
    """Bolt's default of 5 listener threads made a sixth concurrent /talk wait for one of
    them to finish posting before it was acknowledged."""
    fake.delays["response_url"] = 2.0
    count = 8

    def ack_seconds(i: int) -> tuple[int, float]:
        started = time.monotonic()
        status, _ = post_signed(bot, *sl.slash_command("playwright", fake.response_url(f"b{i}")))
        return status, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=count) as pool:
        acks = list(pool.map(ack_seconds, range(count)))
    assert [status for status, _ in acks] == [200] * count
    assert max(seconds for _, seconds in acks) < 1.0, acks
    for i in range(count):
        fake.wait_for(lambda c, i=i: c.path == f"/response/b{i}", timeout=15)


def test_acknowledged_within_three_seconds_while_the_web_api_is_slow(
    bot: str, fake: FakeSlack
) -> None:
    fake.delays["response_url"] = 5.0
    fake.delays["chat.postMessage"] = 5.0
    started = time.monotonic()
    status, _ = post_signed(bot, *sl.slash_command("playwright", fake.response_url("slow")))
    command_ack = time.monotonic() - started
    started = time.monotonic()
    event_status = post_event(bot, sl.mention("playwright", ts="1700000800.000100"))
    event_ack = time.monotonic() - started
    assert (status, event_status) == (200, 200)
    assert command_ack < 3.0 and event_ack < 3.0, (command_ack, event_ack)
    fake.wait_for(lambda c: c.path == "/response/slow", timeout=15)
    fake.wait_for(lambda c: c.method == "chat.postMessage", timeout=15)
    assert len(fake.posts()) == 2


def test_rate_limited_and_failing_web_api_is_retried_and_posts_once(
    bot: str, fake: FakeSlack
) -> None:
    fake.faults["chat.postMessage"] = [
        Fault(429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"}),
        Fault(500),
    ]
    assert post_event(bot, sl.mention("playwright", ts="1700000900.000100")) == 200
    fake.wait_for(lambda c: c.method == "chat.postMessage" and c.ok and c.status == 200, timeout=15)
    attempts = [c.status for c in fake.calls if c.method == "chat.postMessage"]
    assert attempts == [429, 500, 200]
    assert len(fake.delivered()) == 1


def test_invalid_auth_is_logged_once_and_the_bot_keeps_answering(
    bot: str, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake.faults["chat.postMessage"] = [Fault(200, body={"ok": False, "error": "invalid_auth"})]
    assert post_event(bot, sl.mention("playwright", ts="1700001000.000100")) == 200
    fake.wait_for(lambda c: c.method == "chat.postMessage")
    time.sleep(0.3)
    assert fake.delivered() == []
    [record] = [r for r in caplog.records if "invalid_auth" in r.getMessage()]
    assert record.exc_info is None  # one line, no traceback
    assert "check SLACK_BOT_TOKEN" in record.getMessage()
    good_command_works(bot, fake, "after-invalid-auth")


def test_web_api_timeout_is_one_log_line_no_double_post_and_the_bot_goes_on(
    fake: FakeSlack, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for name in SLACK_VARS:
        monkeypatch.delenv(name, raising=False)
    with serve_bot(fake, api_timeout=1) as bot:
        fake.wait_for(lambda c: c.method == "auth.test")
        fake.delays["chat.postMessage"] = 2.5
        assert post_event(bot, sl.mention("playwright", ts="1700001100.000100")) == 200
        fake.wait_for(lambda c: c.method == "chat.postMessage", timeout=10)
        time.sleep(2.0)
        # The slow post did arrive; it was not sent a second time.
        assert len([c for c in fake.calls if c.method == "chat.postMessage"]) == 1
        [record] = [r for r in caplog.records if "did not answer" in r.getMessage()]
        assert record.exc_info is None
        fake.delays.clear()
        good_command_works(bot, fake, "after-timeout")
