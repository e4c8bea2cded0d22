"""Load on the HTTP server: Talkbot beside a bare Bolt app, with the bundled notes, 10,000
synthetic talks and the pyvideo.org catalogue (../shared/data/pyvideo-all/, when present).

    .venv/bin/python scripts/load_test.py          # or: make load  (about ten minutes)
    .venv/bin/python scripts/load_test.py --workers 2 --data pyvideo

`--workers N` runs both servers with N worker processes (TALKBOT_WORKERS, bot.workers);
`--data` picks one data set.

Not a test: the figures depend on the machine and on what else runs on it, so the load
average and the core count are printed first. Each server is a process of its own, served
the same way: `talkbot serve` in HTTP mode, and `scripts/load_bare_app.py` (a Bolt app whose
`/talk` acks and responds a constant, behind the same Starlette app and uvicorn call). A
third process (`scripts/load_receiver.py`) stands in for Slack: the Web API and every
`response_url`, where each reply's arrival time is recorded.

Per server, with signed, unique `/talk` commands over keep-alive HTTP/1.1 on loopback:

- peak: 50 clients in a closed loop, as fast as they can, for 10 s after a 2 s warm-up
  (at most 30,000 requests); requests/s counts 200 acks in the 10 s. Both servers run side
  by side and take turns, four rounds each (the one that goes first swapping every round),
  and each keeps its best round: on a shared VM the same server's figure moves by a third
  between rounds. Each server's CPU time per request in those rounds (from /proc) is
  printed too: what the throughput is made of, and less moved by how much of the machine
  the VM was given in a round;
- fixed rate: 100 requests/s, open loop, for 10 s; each request is due at t0 + i/100 and
  its latency counts from then, so time spent queueing (for a connection, for the server)
  counts. Reported: the HTTP ack and the reply's arrival at the receiver, p50 and p99;
- errors: non-200 acks, transport errors and replies that did not arrive within 10 s after
  the phase ended, over both phases;
- memory: the server's memory before the load and after it (with workers, the sum of the
  processes' proportional set sizes: pages they share count once).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(SCRIPTS))

from synthetic_notes import Generator, to_markdown  # noqa: E402

HOST = "127.0.0.1"  # loopback only: nothing here is reachable from elsewhere
SIGNING_SECRET = "load-test-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-load-test-not-a-real-token"

CLIENTS = 50
WARM_UP_S = 2.0
PEAK_S = 10.0
PEAK_MAX_REQUESTS = 30_000
RATE_PER_S = 100
PEAK_ROUNDS = 4
RATE_S = 10.0
# Enough connections that the generator is never the queue: at 100/s and a few ms each,
# two or three are busy at a time.
RATE_CONNECTIONS = 20
REQUEST_TIMEOUT_S = 10.0
REPLY_GRACE_S = 10.0
START_TIMEOUT_S = 120.0
# How long each server's CPU is watched with no requests, after the load.
IDLE_S = 10.0

SYNTHETIC_TALKS = 10_000
PYVIDEO = ROOT.parent / "shared" / "data" / "pyvideo-all"

TARGET_RATIO = 0.80
TARGET_P99_MS = 100.0

# What people type: keywords, a typo, a question, filters, a name, random, no match.
QUERIES = (
    "playwright",
    "rust",
    "who talked about nix",
    "types python",
    "circut python",
    "random",
    "Sheena",
    "speaker:ana",
    "graph ql",
    "kind:lightning testing",
    "async web performance",
    "haskell monads",
)


# ---------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def clean_env(**settings: str) -> dict[str, str]:
    """The caller's environment minus every variable the bot reads: a developer's own tokens,
    DIGEST_CHANNELS or DATABASE_URL must not change what is measured."""
    prefixes = ("SLACK_", "DIGEST_", "TALKBOT_", "DATABASE_URL", "PORT", "HOST")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env["PYTHONPATH"] = str(ROOT)
    env.update(settings)
    return env


@contextmanager
def running(command: Sequence[str], cwd: Path, env: dict[str, str], log: Path) -> Iterator[int]:
    """A child process for the duration of the block; stopped (then killed) on any exit,
    Ctrl-C included. Yields its pid."""
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def http_get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_until_up(url: str, pid: int, log: Path) -> bytes:
    """Poll `url` until it answers 200; a process that exits first fails with its log."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists() or _is_zombie(pid):
            raise RuntimeError(f"process {pid} exited before serving:\n{log.read_text()[-2000:]}")
        try:
            status, body = http_get(url, timeout=1.0)
            if status == 200:
                return body
            if status == 500:  # a bug, not a slow start: waiting would only hide it
                raise RuntimeError(f"{url} answered 500:\n{log.read_text()[-2000:]}")
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {START_TIMEOUT_S:.0f} s")


def _is_zombie(pid: int) -> bool:
    try:
        return "State:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True


def tree(pid: int) -> list[int]:
    """A server process and its worker processes (`bot.workers` forks them), from /proc."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    found = [int(p) for p in children.read_text().split()] if children.exists() else []
    return [pid, *found]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a server (with its workers) has used so far, from /proc."""
    total = 0.0
    for one in tree(pid):
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a worker that just exited
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def rss_mb(pid: int) -> float:
    """Memory of a server with its workers, from /proc: the sum of their proportional set
    sizes (a page the workers share counts once, split between them); RSS without
    smaps_rollup."""
    total = 0.0
    for one in tree(pid):
        source, key = Path(f"/proc/{one}/smaps_rollup"), "Pss:"
        if not source.exists():
            source, key = Path(f"/proc/{one}/status"), "VmRSS:"
        try:
            lines = source.read_text().splitlines()
        except OSError:
            continue
        total += next((int(ln.split()[1]) for ln in lines if ln.startswith(key)), 0) / 1024
    return total


# ---------------------------------------------------------------------------- requests


def slash_command(text: str, response_url: str, trigger_id: str) -> bytes:
    """A `/talk` form body with the fields Slack sends."""
    form = {
        "token": "legacy-verification-token",
        "team_id": "T0LOAD",
        "team_domain": "example",
        "channel_id": "C0LOAD",
        "channel_name": "general",
        "user_id": "U0ASKER",
        "user_name": "asker",
        "command": "/talk",
        "text": text,
        "api_app_id": "A0LOAD",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }
    return urlencode(form).encode()


def signed_request(port: int, body: bytes) -> bytes:
    """The whole HTTP/1.1 request, signed now (v0: HMAC-SHA256 of 'v0:{ts}:{body}'), as
    Slack signs at send time: a request queued in the generator must not go stale."""
    ts = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    head = (
        f"POST /slack/events HTTP/1.1\r\n"
        f"Host: {HOST}:{port}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"X-Slack-Request-Timestamp: {ts}\r\n"
        f"X-Slack-Signature: v0={digest.hexdigest()}\r\n"
        f"\r\n"
    )
    return head.encode() + body


@dataclass
class Commands:
    """Unique commands for one phase of one server: the id goes in the response_url (where
    the receiver records it) and in the trigger_id; the text rotates through QUERIES."""

    run: str
    receiver_port: int
    sent: int = 0

    def next(self) -> tuple[str, bytes]:
        rid = str(self.sent)
        text = QUERIES[self.sent % len(QUERIES)]
        self.sent += 1
        url = f"http://{HOST}:{self.receiver_port}/response/{self.run}/{rid}"
        return rid, slash_command(text, url, f"trigger-{self.run}-{rid}")


class Connection:
    """One persistent HTTP/1.1 connection; reopened after an error or a server's close."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post(self, body: bytes) -> int:
        """The response's status, or 0 for a transport error or a timeout."""
        try:
            return await asyncio.wait_for(self._exchange(body), REQUEST_TIMEOUT_S)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            self.close()
            return 0

    async def _exchange(self, body: bytes) -> int:
        if self._reader is None or self._writer is None or self._reader.at_eof():
            self.close()
            self._reader, self._writer = await asyncio.open_connection(HOST, self.port)
        self._writer.write(signed_request(self.port, body))
        await self._writer.drain()
        head = await self._reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        await self._reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection") == "close":
            self.close()
        return status

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


@dataclass
class Outcome:
    rid: str
    due: float  # monotonic: when the request was meant to go (peak: when it went)
    done: float  # monotonic: when its ack had arrived
    status: int  # HTTP status of the ack; 0 for a transport error


# ---------------------------------------------------------------------------- phases


async def peak_phase(port: int, commands: Commands) -> tuple[list[Outcome], float]:
    """CLIENTS closed-loop clients; returns every outcome and the 200 acks per second that
    completed inside the measured window (the warm-up is sent but not counted)."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    window = (start + WARM_UP_S, start + WARM_UP_S + PEAK_S)
    outcomes: list[Outcome] = []

    async def client() -> None:
        conn = Connection(port)
        try:
            while loop.time() < window[1] and commands.sent < PEAK_MAX_REQUESTS:
                rid, body = commands.next()
                sent = loop.time()
                status = await conn.post(body)
                outcomes.append(Outcome(rid, sent, loop.time(), status))
        finally:
            conn.close()

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    counted = sum(1 for o in outcomes if o.status == 200 and window[0] <= o.done < window[1])
    return outcomes, counted / PEAK_S


async def fixed_rate_phase(port: int, commands: Commands) -> list[Outcome]:
    """RATE_PER_S requests per second, each due at t0 + i/rate whatever happened to the
    others (open loop), on the first free connection of a pool."""
    loop = asyncio.get_running_loop()
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(RATE_CONNECTIONS):
        pool.put_nowait(Connection(port))
    outcomes: list[Outcome] = []

    async def one(due: float) -> None:
        conn = await pool.get()
        try:
            rid, body = commands.next()
            status = await conn.post(body)
            outcomes.append(Outcome(rid, due, loop.time(), status))
        finally:
            pool.put_nowait(conn)

    t0 = loop.time() + 0.1
    tasks: list[asyncio.Task[None]] = []
    for i in range(int(RATE_PER_S * RATE_S)):
        due = t0 + i / RATE_PER_S
        await asyncio.sleep(max(0.0, due - loop.time()))
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.gather(*tasks)
    while not pool.empty():
        pool.get_nowait().close()
    return outcomes


def arrivals(receiver_port: int, run: str, expected: set[str]) -> dict[str, float]:
    """Reply arrival times for `run`, once all `expected` arrived or REPLY_GRACE_S passed."""
    deadline = time.monotonic() + REPLY_GRACE_S
    url = f"http://{HOST}:{receiver_port}/stats/{run}"
    while True:
        seen: dict[str, float] = json.loads(http_get(url)[1])
        if expected <= seen.keys() or time.monotonic() > deadline:
            return seen
        time.sleep(0.2)


# ---------------------------------------------------------------------------- figures


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile; NaN for no values (every request failed)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Errors:
    non_200: int = 0
    transport: int = 0
    missing_replies: int = 0

    @property
    def total(self) -> int:
        return self.non_200 + self.transport + self.missing_replies

    def add(self, outcomes: Sequence[Outcome], seen: dict[str, float]) -> None:
        """One error per failed request: a failed ack, else a reply that never came."""
        for o in outcomes:
            if o.status == 0:
                self.transport += 1
            elif o.status != 200:
                self.non_200 += 1
            elif o.rid not in seen:
                self.missing_replies += 1


@dataclass
class Result:
    app: str
    talks: int
    peak_rps: float = 0.0
    ack_ms: tuple[float, float] = (float("nan"), float("nan"))
    reply_ms: tuple[float, float] = (float("nan"), float("nan"))
    requests: int = 0
    errors: Errors = field(default_factory=Errors)
    rss_before: float = float("nan")
    rss_after: float = float("nan")
    generator_cpu: tuple[float, float] = (0.0, 0.0)  # share of one core: peak, fixed rate
    idle_cpu: float = float("nan")  # share of one core with no requests


@dataclass
class Server:
    """One running server under test, and what was measured of it so far."""

    app: str
    port: int
    pid: int
    result: Result
    peaks: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # server CPU per request, each peak

    @property
    def run(self) -> str:
        return f"{self.app.split()[0].lower()}-{self.port}"


def measure_peak(server: Server, receiver_port: int, round_no: int) -> None:
    """One peak phase; the server's figure is its best round (see `measure_pair`)."""
    cmds = Commands(f"{server.run}-peak{round_no}", receiver_port)
    server_cpu = cpu_seconds(server.pid)
    with cpu_share() as cpu:
        outcomes, rps = asyncio.run(peak_phase(server.port, cmds))
    # Also lets the server's listener queue drain before anything else starts.
    seen = arrivals(receiver_port, cmds.run, {o.rid for o in outcomes if o.status == 200})
    server.cpu_ms.append((cpu_seconds(server.pid) - server_cpu) * 1000 / max(1, len(outcomes)))
    server.result.errors.add(outcomes, seen)
    server.result.requests += len(outcomes)
    server.peaks.append(rps)
    server.result.peak_rps = max(server.peaks)
    server.result.generator_cpu = (max(server.result.generator_cpu[0], cpu[0]), 0.0)


def measure_fixed_rate(server: Server, receiver_port: int) -> None:
    result = server.result
    cmds = Commands(f"{server.run}-rate", receiver_port)
    offset = time.time() - time.monotonic()  # asyncio's clock is time.monotonic()
    with cpu_share() as cpu:
        outcomes = asyncio.run(fixed_rate_phase(server.port, cmds))
    seen = arrivals(receiver_port, cmds.run, {o.rid for o in outcomes if o.status == 200})
    result.errors.add(outcomes, seen)
    result.requests += len(outcomes)
    acks = [(o.done - o.due) * 1000 for o in outcomes if o.status == 200]
    replies = [(seen[o.rid] - (o.due + offset)) * 1000 for o in outcomes if o.rid in seen]
    result.ack_ms = (percentile(acks, 50), percentile(acks, 99))
    result.reply_ms = (percentile(replies, 50), percentile(replies, 99))
    result.rss_after = rss_mb(server.pid)
    result.generator_cpu = (result.generator_cpu[0], cpu[0])


def measure_pair(talkbot: Server, bare: Server, receiver_port: int) -> None:
    """Peak phases alternate between the two servers, PEAK_ROUNDS each, and each keeps its
    best: on a shared VM a neighbour can slow one phase by a third, and alternating puts
    both apps through the same spells. Which goes first swaps every round (T B, B T, T B…),
    so a drift within a pair of rounds (the machine warming up or slowing down) does not
    always favour the same app. Then each gets its fixed-rate phase."""
    for round_no in range(PEAK_ROUNDS):
        pair = (talkbot, bare) if round_no % 2 == 0 else (bare, talkbot)
        for server in pair:
            measure_peak(server, receiver_port, round_no)
    for server in (talkbot, bare):
        measure_fixed_rate(server, receiver_port)
    measure_idle((talkbot, bare))


def measure_idle(servers: Sequence[Server]) -> None:
    """What each server costs with nothing to answer (watching its files, its timers),
    both watched over the same IDLE_S once the load has drained."""
    before = [cpu_seconds(s.pid) for s in servers]
    time.sleep(IDLE_S)
    for server, cpu in zip(servers, before, strict=True):
        server.result.idle_cpu = (cpu_seconds(server.pid) - cpu) / IDLE_S


@contextmanager
def cpu_share() -> Iterator[list[float]]:
    """This process's CPU time over the block's wall time: near 100% would mean the load
    generator, not the server, set the pace."""
    share = [0.0]
    cpu, wall = time.process_time(), time.monotonic()
    yield share
    share[0] = (time.process_time() - cpu) / max(time.monotonic() - wall, 1e-9)


def table(title: str, talkbot_server: Server, bare_server: Server) -> str:
    talkbot, bare = talkbot_server.result, bare_server.result
    ratio = talkbot.peak_rps / bare.peak_rps if bare.peak_rps else float("nan")
    lines = [
        f"### {title}",
        "",
        "| app | talks | peak req/s | ratio | ack p50 / p99 ms | reply p50 / p99 ms "
        "| requests | errors | memory before / after MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r, shown_ratio in ((talkbot, f"{ratio:.1%}"), (bare, "100%")):
        lines.append(
            f"| {r.app} | {f'{r.talks:,}' if r.talks else '-'} | {r.peak_rps:.0f} | {shown_ratio} "
            f"| {r.ack_ms[0]:.1f} / {r.ack_ms[1]:.1f} | {r.reply_ms[0]:.1f} / {r.reply_ms[1]:.1f} "
            f"| {r.requests:,} | {r.errors.total} | {r.rss_before:.0f} / {r.rss_after:.0f} |"
        )
    lines.append("")
    lines.append(verdict(ratio, talkbot, bare))
    lines.append(
        "Peak rounds, alternating, the best counted (req/s): "
        + "; ".join(
            f"{s.app} " + ", ".join(f"{rps:.0f}" for rps in s.peaks)
            for s in (talkbot_server, bare_server)
        )
        + "."
    )
    talkbot_cpu, bare_cpu = (statistics.median(s.cpu_ms) for s in (talkbot_server, bare_server))
    lines.append(
        f"Server CPU per request in the peak rounds (median): Talkbot {talkbot_cpu:.2f} ms, "
        f"bare Bolt {bare_cpu:.2f} ms (bare / Talkbot {bare_cpu / talkbot_cpu:.0%}): the "
        "cost behind the throughput, less moved by how much CPU the VM got in each round."
    )
    lines.append(
        f"Server CPU with no requests, over {IDLE_S:.0f} s after the load (one core = 100%): "
        f"Talkbot {talkbot.idle_cpu:.1%}, bare Bolt {bare.idle_cpu:.1%}."
    )
    lines.append(
        "Load generator CPU (one core = 100%), peak / fixed rate: "
        + "; ".join(
            f"{r.app} {r.generator_cpu[0]:.0%} / {r.generator_cpu[1]:.0%}" for r in (talkbot, bare)
        )
        + "."
    )
    return "\n".join(lines)


def verdict(ratio: float, talkbot: Result, bare: Result) -> str:
    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    parts = [
        f"peak ratio {ratio:.1%} >= {TARGET_RATIO:.0%}: {met(ratio >= TARGET_RATIO)}",
        f"ack p99 {talkbot.ack_ms[1]:.1f} ms <= {TARGET_P99_MS:.0f} ms: "
        f"{met(talkbot.ack_ms[1] <= TARGET_P99_MS)}",
        f"reply p99 {talkbot.reply_ms[1]:.1f} ms <= {TARGET_P99_MS:.0f} ms: "
        f"{met(talkbot.reply_ms[1] <= TARGET_P99_MS)}",
        f"errors {talkbot.errors.total} (bare {bare.errors.total}) == 0: "
        f"{met(talkbot.errors.total == 0 and bare.errors.total == 0)}",
    ]
    details = [
        f"{r.app}: {r.errors.non_200} non-200, {r.errors.transport} transport, "
        f"{r.errors.missing_replies} replies missing"
        for r in (talkbot, bare)
        if r.errors.total
    ]
    return "Targets: " + "; ".join(parts) + "." + "".join(f"\n  {d}" for d in details)


# ---------------------------------------------------------------------------- orchestration


def write_synthetic_notes(folder: Path) -> Path:
    """SYNTHETIC_TALKS deterministic talks as notes the real parser reads (so loading is
    exercised too): one file per conference and year, as people keep notes."""
    folder.mkdir()
    by_event: dict[tuple[str, int], list[str]] = defaultdict(list)
    for talk in Generator().talks(SYNTHETIC_TALKS):
        by_event[(talk.conference, talk.year or 0)].append(to_markdown(talk))
    for (conference, year), talks in sorted(by_event.items()):
        body = f"# {conference} {year}\n\n" + "\n".join(talks)
        name = f"{conference.lower().replace(' ', '-')}-{year}.md"
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def serve_command(app: str) -> list[str]:
    if app == "Talkbot":
        talkbot = Path(sys.executable).with_name("talkbot")
        if talkbot.exists():
            return [str(talkbot), "serve"]
        return [sys.executable, "-m", "bot.cli", "serve"]
    return [sys.executable, str(SCRIPTS / "load_bare_app.py")]


@contextmanager
def started(
    app: str, data_dir: Path, tmp: Path, receiver_port: int, workers: int
) -> Iterator[Server]:
    """One server (its own cwd without .env, its own state file, `workers` processes),
    stopped on leaving."""
    port = free_port()
    workdir = Path(tempfile.mkdtemp(dir=tmp, prefix=f"{app.split()[0].lower()}-"))
    env = clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=f"http://{HOST}:{receiver_port}/api/",
        TALKBOT_DATA_DIR=str(data_dir),
        PORT=str(port),
        HOST=HOST,
        DATABASE_URL=f"sqlite:///{workdir / 'state.sqlite3'}",
        TALKBOT_WORKERS=str(workers),
    )
    log = workdir / "serve.log"
    with running(serve_command(app), workdir, env, log) as pid:
        health = json.loads(wait_until_up(f"http://{HOST}:{port}/health", pid, log))
        talks = int(health["talks"]) if app == "Talkbot" else 0
        yield Server(app, port, pid, Result(app, talks, rss_before=rss_mb(pid)))


def main() -> int:
    parser = argparse.ArgumentParser(description="Talkbot beside a bare Bolt app, under load.")
    parser.add_argument("--record", help="add the tables to this file's '## Load' section")
    parser.add_argument(
        "--workers", type=int, default=1, help="worker processes of each server (default 1)"
    )
    parser.add_argument("--data", choices=("all", "bundled", "synthetic", "pyvideo"), default="all")
    args = parser.parse_args()
    tables: list[str] = []
    load1, load5, _ = os.getloadavg()
    tables.append(f"load average at start {load1:.2f} (1 min), {load5:.2f} (5 min)")
    print(
        f"nproc {len(os.sched_getaffinity(0))}; load average at start {load1:.2f} (1 min), "
        f"{load5:.2f} (5 min)",
        flush=True,
    )
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="talkbot-load-")))
        receiver_port = free_port()
        receiver_log = tmp / "receiver.log"
        receiver = stack.enter_context(
            running(
                [sys.executable, str(SCRIPTS / "load_receiver.py"), "--port", str(receiver_port)],
                tmp,
                clean_env(),
                receiver_log,
            )
        )
        wait_until_up(f"http://{HOST}:{receiver_port}/stats/none", receiver, receiver_log)
        datasets: list[tuple[str, Path]] = []
        if args.data in ("all", "bundled"):
            datasets.append(("bundled notes (data/)", ROOT / "data"))
        if args.data in ("all", "synthetic"):
            datasets.append(("10,000 synthetic talks", write_synthetic_notes(tmp / "synthetic")))
        if args.data in ("all", "pyvideo") and PYVIDEO.is_dir():
            datasets.append((f"pyvideo.org catalogue ({PYVIDEO})", PYVIDEO))
        elif args.data == "pyvideo":
            print(f"load test skipped: {PYVIDEO} is absent.")
            return 0
        workers = f", {args.workers} worker processes each" if args.workers > 1 else ""
        for title, data_dir in datasets:
            title += workers
            print(f"\n... {title}: Talkbot and the bare Bolt app", file=sys.stderr, flush=True)
            with (
                started("Talkbot", data_dir, tmp, receiver_port, args.workers) as talkbot,
                started("bare Bolt", data_dir, tmp, receiver_port, args.workers) as bare,
            ):
                measure_pair(talkbot, bare, receiver_port)
            tables.append(table(title, talkbot, bare))
            print("\n" + tables[-1], flush=True)
    load1, load5, _ = os.getloadavg()
    print(
        f"\nload average at end {load1:.2f} (1 min), {load5:.2f} (5 min), "
        "this script's own servers included"
    )
    if args.record:
        from benchmarks_file import record

        record(Path(args.record), "Load", "make load", "\n\n".join(tables))
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    # Ctrl-C, or a SIGTERM from a job runner, unwinds through the `with` blocks, which stop
    # every server; SIGINT is set explicitly because a background shell job starts with it
    # ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
