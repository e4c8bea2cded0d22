"""A fake Slack Web API on loopback that answers like Slack and records every call.

The bot reaches it through SLACK_API_URL (Web API methods) and through the `response_url`s
that tests put in payloads (`/response/<name>`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from slack_fakes.signing import BOT_ID, BOT_USER_ID, TEAM_ID


@dataclass
class Call:
    method: str  # Web API method name, or "response_url"
    path: str
    args: dict[str, Any]
    token: str | None
    status: int = 200  # what the fake answered: a scripted fault shows here
    ok: bool = True  # the answer's "ok": false for an error such as not_in_channel
    at: float = field(default_factory=time.monotonic)

    @property
    def blocks(self) -> list[dict[str, Any]]:
        raw = self.args.get("blocks") or []
        return json.loads(raw) if isinstance(raw, str) else list(raw)

    @property
    def blocks_json(self) -> str:
        return json.dumps(self.blocks)


@dataclass(frozen=True)
class Fault:
    """One scripted bad answer: an HTTP status with optional headers and JSON body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None


@dataclass
class FakeSlack:
    host: str = "127.0.0.1"
    port: int = 0
    calls: list[Call] = field(default_factory=list)
    # channel id -> error code that chat.postMessage answers for it
    post_errors: dict[str, str] = field(default_factory=dict)
    socket_url: str = ""
    # method -> answers to give before the normal one (500s, 429 with Retry-After, ...)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    # seconds to wait before answering a method, to widen races or test slow Slack
    delays: dict[str, float] = field(default_factory=dict)
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _ts: int = 0

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.port}/api/"

    def response_url(self, name: str = "cmd") -> str:
        return f"http://{self.host}:{self.port}/response/{name}"

    def record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def wait_for(
        self, predicate: Callable[[Call], bool], count: int = 1, timeout: float = 10.0
    ) -> list[Call]:
        """Poll the recorded calls: listeners run after the ack, on Bolt's thread pool."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if predicate(c)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.path) for c in self.calls]
                    raise AssertionError(f"expected {count} matching call(s); saw {seen}")
                self._cond.wait(left)

    def posts(self) -> list[Call]:
        """Calls that put a message in front of someone (auth.test and the like excluded)."""
        sending = {"chat.postMessage", "chat.postEphemeral", "chat.update", "response_url"}
        with self._cond:
            return [c for c in self.calls if c.method in sending]

    def next_fault(self, method: str) -> Fault | None:
        with self._cond:
            queue = self.faults.get(method)
            return queue.pop(0) if queue else None

    def delivered(self, method: str = "chat.postMessage") -> list[Call]:
        """Calls of `method` that the fake answered with success: what Slack would show."""
        with self._cond:
            return [c for c in self.calls if c.method == method and c.status == 200 and c.ok]

    def answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://example.slack.com/",
                "team": "Example",
                "user": "talkbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            channel = str(args.get("channel", ""))
            if method == "chat.postMessage" and channel in self.post_errors:
                return {"ok": False, "error": self.post_errors[channel]}
            with self._cond:
                self._ts += 1
                ts = self._ts
            return {
                "ok": True,
                "channel": channel,
                "ts": f"1700000100.{ts:06d}",
                "message": {"text": args.get("text", "")},
            }
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0HOME"}}
        if method == "views.open":
            if not str(args.get("trigger_id") or "").startswith("trigger-"):
                return {"ok": False, "error": "invalid_trigger_id"}
            view = args.get("view") or {}
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": {"id": "V0NOTES", **view}}
        return {"ok": False, "error": "unknown_method"}


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            ctype = self.headers.get("Content-Type") or ""
            args: dict[str, Any] = (
                json.loads(raw) if "json" in ctype and raw else dict(parse_qsl(raw))
            )
            auth = self.headers.get("Authorization") or ""
            token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
            if self.path.startswith("/response/"):
                delay = fake.delays.get("response_url")
                if delay:
                    time.sleep(delay)
                fake.record(Call("response_url", self.path, args, token))
                self._send(200, b"ok", "text/plain")
                return
            method = self.path.removeprefix("/api/").split("?")[0]
            delay = fake.delays.get(method)
            if delay:
                time.sleep(delay)
            fault = fake.next_fault(method)
            if fault is not None:
                ok = bool(fault.body.get("ok")) if fault.body else False
                fake.record(Call(method, self.path, args, token, status=fault.status, ok=ok))
                payload = json.dumps(fault.body if fault.body is not None else {"ok": False})
                self._send(fault.status, payload.encode(), "application/json", fault.headers)
                return
            answer = fake.answer(method, args)
            fake.record(Call(method, self.path, args, token, ok=bool(answer.get("ok"))))
            self._send(200, json.dumps(answer).encode(), "application/json")

        def _send(
            self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def running_fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    server = ThreadingHTTPServer((fake.host, 0), _handler(fake))
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
