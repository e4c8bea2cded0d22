"""A fake Socket Mode endpoint: a minimal WebSocket server (RFC 6455) on loopback.

It accepts one connection from the bot, sends Slack's `hello`, lets a test push envelopes
(slash commands, events, interactivity) and records the bot's acknowledgements.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_TEXT, _CLOSE, _PING, _PONG = 0x1, 0x8, 0x9, 0xA


class FakeSocketMode:
    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._conn: socket.socket | None = None
        self._send_lock = threading.Lock()
        self._cond = threading.Condition()
        self.acks: list[dict[str, Any]] = []
        self.connected = threading.Event()
        self.connections = 0  # how many times the bot has connected (reconnects count)
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=test"

    def send(self, envelope: dict[str, Any]) -> None:
        assert self._conn is not None, "the bot is not connected"
        self._send_frame(_TEXT, json.dumps(envelope).encode())

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for ack in self.acks:
                    if ack.get("envelope_id") == envelope_id:
                        return ack
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no ack for {envelope_id}; got {self.acks}")
                self._cond.wait(left)

    def wait_for_connections(self, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.connections < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{self.connections} connection(s), expected {count}")
                self._cond.wait(left)

    def ask_to_reconnect(self) -> None:
        """What Slack sends before it retires a connection (e.g. every few hours)."""
        self.send({"type": "disconnect", "reason": "refresh_requested", "debug_info": {}})

    def drop(self) -> None:
        """The network goes away: the connection ends with no close frame."""
        if self._conn is not None:
            with suppress(OSError):
                self._conn.shutdown(socket.SHUT_RDWR)
            with suppress(OSError):
                self._conn.close()

    def close(self) -> None:
        self._listener.close()
        if self._conn is not None:
            with suppress(OSError):
                self._conn.close()

    # -- server side ----------------------------------------------------------------------

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            # The newest connection is the one served: the SDK opens a new one to reconnect.
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self._handshake(conn)
            self._conn = conn
            self._send_frame(
                _TEXT,
                json.dumps(
                    {
                        "type": "hello",
                        "num_connections": 1,
                        "connection_info": {"app_id": "A0APP"},
                        "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                    }
                ).encode(),
            )
            with self._cond:
                self.connections += 1
                self._cond.notify_all()
            self.connected.set()
            self._read_frames(conn)
        except OSError:
            # The bot went away (the test stopped it); a failed handshake shows as no `connected`.
            return

    def _handshake(self, conn: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                raise OSError("closed during handshake")
            request += chunk
        headers = {}
        for line in request.decode().split("\r\n")[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        accept = base64.b64encode(
            hashlib.sha1(headers["sec-websocket-key"].encode() + _GUID).digest()
        ).decode()
        conn.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )

    def _read_frames(self, conn: socket.socket) -> None:
        while True:
            opcode, payload = self._read_frame(conn)
            if opcode == _TEXT:
                with self._cond:
                    self.acks.append(json.loads(payload))
                    self._cond.notify_all()
            elif opcode == _PING:
                self._send_frame(_PONG, payload)
            elif opcode == _CLOSE:
                self._send_frame(_CLOSE, payload[:2])
                return

    def _read_frame(self, conn: socket.socket) -> tuple[int, bytes]:
        first, second = self._recv_exact(conn, 2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._recv_exact(conn, 2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._recv_exact(conn, 8))
        mask = self._recv_exact(conn, 4) if second & 0x80 else b"\0\0\0\0"
        data = self._recv_exact(conn, length)
        return first & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(data))

    @staticmethod
    def _recv_exact(conn: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                raise OSError("connection closed")
            data += chunk
        return data

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        """Server frames are not masked."""
        header = bytes([0x80 | opcode])
        if len(payload) < 126:
            header += bytes([len(payload)])
        elif len(payload) < 65536:
            header += bytes([126]) + struct.pack("!H", len(payload))
        else:
            header += bytes([127]) + struct.pack("!Q", len(payload))
        assert self._conn is not None
        with self._send_lock:
            self._conn.sendall(header + payload)


@contextmanager
def running_fake_socket_mode() -> Iterator[FakeSocketMode]:
    fake = FakeSocketMode()
    try:
        yield fake
    finally:
        fake.close()
