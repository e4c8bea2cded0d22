"""Running the bot for tests: loopback ports, HTTP posts to it, and waiting without sleeps."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from starlette.applications import Starlette

from slack_fakes.signing import sign


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http(
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def post_signed(
    base_url: str,
    body: bytes,
    content_type: str,
    *,
    secret: str | None = None,
    timestamp: int | None = None,
) -> tuple[int, bytes]:
    headers = {"Content-Type": content_type}
    headers.update(
        sign(body, timestamp=timestamp)
        if secret is None
        else sign(body, secret=secret, timestamp=timestamp)
    )
    return http("POST", base_url + "/slack/events", body, headers)


def wait_until_serving(base_url: str, timeout: float = 20.0, alive: Any = None) -> dict[str, Any]:
    """Poll /health until it answers; `alive()` returning False means the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            raise AssertionError("the bot exited before it started serving")
        try:
            status, body = http("GET", base_url + "/health", timeout=1.0)
            if status == 200:
                return dict(json.loads(body))
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{base_url} did not start serving within {timeout}s")


@contextmanager
def serving_in_thread(web_app: Starlette) -> Iterator[str]:
    """uvicorn in a background thread: the same ASGI app `talkbot serve` runs, in-process."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(web_app, host="127.0.0.1", port=port, log_config=None, lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url, alive=thread.is_alive)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
