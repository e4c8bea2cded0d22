"""The Socket Mode watchdog's rule, with a controllable clock and a stand-in client."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.slack.socket_watchdog import SocketWatchdog


@dataclass
class Session:
    active: bool = True
    last_ping_pong_time: float | None = None

    def is_active(self) -> bool:
        return self.active


@dataclass
class Client:
    current_session: Session | None = field(default_factory=Session)
    reconnects: int = 0

    def connect_to_new_endpoint(self, force: bool = False) -> None:
        self.reconnects += 1
        self.current_session = Session()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def watchdog(client: Client, clock: Clock) -> SocketWatchdog:
    return SocketWatchdog(client, stale_after=20, clock=clock)  # type: ignore[arg-type]


def test_quiet_connection_is_unhealthy_and_replaced() -> None:
    client, clock = Client(), Clock()
    dog = watchdog(client, clock)
    assert dog.healthy()  # a new connection gets the benefit of the doubt
    assert client.current_session is not None
    client.current_session.last_ping_pong_time = clock.now
    clock.now += 19
    dog.check()
    assert dog.healthy() and client.reconnects == 0
    clock.now += 2  # 21 s without a pong
    assert not dog.healthy()
    dog.check()
    assert client.reconnects == 1
    assert dog.healthy()  # the new connection


def test_new_connection_that_never_answers_is_replaced_too() -> None:
    client, clock = Client(), Clock()
    dog = watchdog(client, clock)
    assert dog.healthy()
    clock.now += 25
    assert not dog.healthy()
    dog.check()
    assert client.reconnects == 1


def test_closed_or_missing_session_is_unhealthy_but_left_to_the_sdk() -> None:
    client, clock = Client(current_session=Session(active=False)), Clock()
    dog = watchdog(client, clock)
    assert not dog.healthy()
    dog.check()
    client.current_session = None
    assert not dog.healthy()
    dog.check()
    assert client.reconnects == 0  # the SDK's own monitor reconnects closed sessions
