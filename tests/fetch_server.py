"""A loopback stand-in for the services `talkbot fetch` downloads from, serving real formats.

`/pretalx/<event>/schedule/export/schedule.json` serves an export file; `/pyvideo/index`
lists a folder of pyvideo categories as the git tree the pyvideo/data repository publishes,
and `/pyvideo/data/<path>` serves its files. Faults are asked for by path: `drop` closes the
connection without an answer (as a dropped network does), `missing` answers 404.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class FetchServer:
    pyvideo_root: Path | None = None
    exports: dict[str, Path] = field(default_factory=dict)  # event slug → export file
    drop: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)
    base_url: str = ""

    @property
    def pyvideo_env(self) -> dict[str, str]:
        return {
            "TALKBOT_PYVIDEO_DATA_URL": f"{self.base_url}/pyvideo/data/",
            "TALKBOT_PYVIDEO_INDEX_URL": f"{self.base_url}/pyvideo/index",
        }

    def answer(self, path: str) -> tuple[int, bytes] | None:
        """The status and body for a path; None to drop the connection."""
        self.requests.append(path)
        if path in self.drop:
            return None
        if path in self.missing:
            return 404, b"Not Found"
        if path == "/pyvideo/index" and self.pyvideo_root is not None:
            tree = [
                {"path": str(p.relative_to(self.pyvideo_root)), "type": "blob"}
                for p in sorted(self.pyvideo_root.rglob("*.json"))
            ]
            return 200, json.dumps({"sha": "0" * 40, "tree": tree, "truncated": False}).encode()
        if path.startswith("/pyvideo/data/") and self.pyvideo_root is not None:
            file = self.pyvideo_root / path.removeprefix("/pyvideo/data/")
            if file.is_file() and self.pyvideo_root in file.resolve().parents:
                return 200, file.read_bytes()
        for event, export in self.exports.items():
            if path == f"/pretalx/{event}/schedule/export/schedule.json":
                return 200, export.read_bytes()
        return 404, b"Not Found"


@contextmanager
def running_fetch_server(server: FetchServer) -> Iterator[FetchServer]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer = server.answer(self.path)
            if answer is None:
                self.close_connection = True
                self.connection.close()
                return
            status, body = answer
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
