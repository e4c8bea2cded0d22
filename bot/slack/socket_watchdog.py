"""Keeping a Socket Mode connection alive when the network drops it silently.

slack_sdk's built-in client pings every few seconds and means to reconnect when pongs stop,
but when the socket is cut without a close frame its ping raises before that check runs, and
it goes quiet for a minute or more (python-slack-sdk issues 1379, 1701). The watchdog applies
the rule itself: no pong for STALE_AFTER seconds means the connection is gone, so reconnect;
and /health reports the same rule, so a platform can restart a process that cannot recover.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk.socket_mode.builtin import SocketModeClient

log = logging.getLogger(__name__)

PING_INTERVAL = 5.0
STALE_AFTER = 4 * PING_INTERVAL


class SocketWatchdog:
    def __init__(
        self,
        client: SocketModeClient,
        stale_after: float = STALE_AFTER,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.stale_after = stale_after
        self.clock = clock
        self._first_seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def healthy(self) -> bool:
        """Connected, and heard from recently (a pong, or a connection younger than the rule)."""
        session = self.client.current_session
        if session is None or not session.is_active():
            return False
        now = self.clock()
        heard = session.last_ping_pong_time or self._first_seen.setdefault(id(session), now)
        return now - heard < self.stale_after

    def check(self) -> None:
        session = self.client.current_session
        if session is None or not session.is_active() or self.healthy():
            return  # the SDK reconnects a closed session itself; a live one needs nothing
        log.warning(
            "Socket Mode connection went quiet (no answer to pings for %.0f s): reconnecting",
            self.stale_after,
        )
        try:
            self.client.connect_to_new_endpoint(force=True)
        except Exception as exc:  # the next check tries again; /health says we are down
            log.error("Socket Mode reconnect failed: %s", type(exc).__name__)

    def start(self, every: float = PING_INTERVAL) -> None:
        def loop() -> None:
            while not self._stop.wait(every):
                self.check()

        self._thread = threading.Thread(target=loop, name="socket-watchdog", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
