"""Several HTTP worker processes on one port (`TALKBOT_WORKERS`, `talkbot serve --workers`).

The parent loads the data once, binds the port, then forks the workers: each starts with
the parent's snapshot in memory (shared page by page until written; the loaded data is
frozen out of the garbage collector's sight, so collections do not write to it) and runs
its own uvicorn server on the shared socket, the kernel handing each connection to one of
them. Workers share nothing else in memory: what must hold across them (deliveries
answered, thread context, digests posted) is in the state database, as it is across
instances. Each watches the data directory itself.

The parent only waits: SIGTERM or SIGINT is passed on to every worker, and a worker that
exits stops the others, so a platform restarts the whole service as it would one process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable

from starlette.applications import Starlette

log = logging.getLogger(__name__)

BACKLOG = 2048


def serve_workers(
    web_app: Starlette,
    host: str,
    port: int,
    count: int,
    in_worker: Callable[[int], None],
) -> int:
    """Serve `web_app` from `count` forked processes; `in_worker(number)` runs in each
    worker first (threads do not survive a fork: start them there). Returns the exit code."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.create_server((host, port), family=family, backlog=BACKLOG)
    listener.set_inheritable(True)
    workers: dict[int, int] = {}
    for number in range(count):
        pid = os.fork()
        if pid == 0:
            _worker(web_app, listener, number, in_worker)  # never returns
        workers[pid] = number
    listener.close()
    log.info("serving on %s:%d from %d worker processes", host, port, count)
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in workers:
            _signal(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    while workers:
        pid, status = os.wait()
        if pid not in workers:
            continue
        number = workers.pop(pid)
        exit_code = os.waitstatus_to_exitcode(status)
        if not stopping:
            log.error("worker %d exited (%d): stopping the others", number, exit_code)
            code = 1
            stop(signal.SIGTERM, None)
    return code


def _worker(
    web_app: Starlette, listener: socket.socket, number: int, in_worker: Callable[[int], None]
) -> None:
    import uvicorn

    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        in_worker(number)
        config = uvicorn.Config(
            web_app,
            log_config=None,  # keep the log format that `talkbot` set up
            proxy_headers=True,
            timeout_graceful_shutdown=5,
        )
        uvicorn.Server(config).run(sockets=[listener])
    except BaseException:
        log.exception("worker %d failed", number)
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.kill(pid, signum)
