"""Start, restart and reload times, peak memory and query latency on the pyvideo catalogue.

    .venv/bin/python scripts/bench_start.py [--pyvideo DIR] [--record FILE]

Each step runs in a fresh process, as a restarted bot would, with the cache in a temporary
folder: a cold start (no cache), a restart with unchanged data, a restart after one file
changed, and, inside one running `LiveData`, the reload of one changed file. The script
edits a temporary copy of the catalogue, so ../shared is only read. Each process prints
its own peak RSS and its CPU time beside the wall-clock time (the machine is shared: CPU
time is what another process's work moves least); the reload step also checks the
reloaded snapshot against a full rebuild, and the last one times p50/p99 per query over
the evaluation's queries, on one core, in-process. Not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.live import Snapshot

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

PYVIDEO = ROOT.parent / "shared" / "data" / "pyvideo-all"
QUERIES = ROOT / "tests" / "eval" / "pyvideo_queries.tsv"


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(step: str, data: Path, cache: Path) -> dict[str, float]:
    """One step in this process: the time to a snapshot ready to answer."""
    from bot.live import LiveData
    from bot.search.evaluation import read_queries

    out: dict[str, float] = {}
    published: list[float] = []
    live_snapshot: list[Snapshot] = []

    published_cpu: list[float] = []

    def publish(snapshot: Snapshot) -> None:
        published.append(time.perf_counter())
        published_cpu.append(time.process_time())
        live_snapshot[:] = [snapshot]
        gc.freeze()  # as `talkbot serve` does after each swap (bot.serve._swapper)

    started, cpu = time.perf_counter(), time.process_time()
    live = LiveData(data, publish, cache_dir=cache)
    library = live.load()
    snapshot = live.snapshot_of(library)
    out["seconds"] = time.perf_counter() - started
    out["cpu_seconds"] = time.process_time() - cpu
    out["talks"] = len(snapshot.talks)
    if step == "reload":
        # What the running bot's watcher does right after starting: read every file's
        # results from the cache and merge each part once. Then each edit costs the time
        # from the watcher's look at the files to the new snapshot being served.
        begun, cpu = time.perf_counter(), time.process_time()
        live.prepare()
        out["prepare_seconds"] = time.perf_counter() - begun
        out["prepare_cpu"] = time.process_time() - cpu
        videos = [p for p in sorted(data.rglob("*.json")) if p.parent.name == "videos"]
        for round_, target in enumerate(videos[:2]):
            record = json.loads(target.read_text(encoding="utf-8"))
            record["title"] = str(record.get("title", "")) + " (edited)"
            target.write_text(json.dumps(record), encoding="utf-8")
            started, cpu = time.perf_counter(), time.process_time()
            assert live.poll_and_publish()
            out[f"reload_{round_}_seconds"] = published[-1] - started
            # The cache is written after the new snapshot is published: not counted.
            out[f"reload_{round_}_cpu"] = published_cpu[-1] - cpu
        out["peak_mb"] = peak_mb()
        out["same_as_rebuild"] = float(same_as_rebuild(live_snapshot[-1], data))
    if step == "latency":
        engine = snapshot.engine
        queries = [q.query for q in read_queries(QUERIES)]
        for query in queries:
            engine.ask(query)
        times: list[float] = []
        for _ in range(3):
            for query in queries:
                begun = time.perf_counter()
                engine.ask(query)
                times.append((time.perf_counter() - begun) * 1000)
        times.sort()
        out["p50_ms"] = statistics.median(times)
        out["p99_ms"] = times[int(0.99 * (len(times) - 1))]
    out.setdefault("peak_mb", peak_mb())
    return out


def same_as_rebuild(snapshot: Snapshot, data: Path) -> bool:
    """The reloaded snapshot holds the talks and aliases of a library loaded afresh, and
    answers the evaluation's queries with the same top 10."""
    from bot.live import Snapshot
    from bot.records.library import load_library
    from bot.search.evaluation import read_queries

    fresh = Snapshot.of_library(load_library(data, log_errors=False))
    if snapshot.talks != fresh.talks or dict(snapshot.aliases) != dict(fresh.aliases):
        return False
    return all(
        [h.talk.id for h in snapshot.engine.ask(q.query, limit=10).matches]
        == [h.talk.id for h in fresh.engine.ask(q.query, limit=10).matches]
        for q in read_queries(QUERIES)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Start and reload times at scale.")
    parser.add_argument("--pyvideo", default=str(PYVIDEO))
    parser.add_argument("--record", help="add the table to this file's '## Start and reload'")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, data, cache = args.child
        sys.stdout.write(json.dumps(child(step, Path(data), Path(cache))) + "\n")
        return 0
    source = Path(args.pyvideo)
    if not source.is_dir():
        sys.stdout.write(f"start benchmark skipped: {source} is absent.\n")
        return 0
    work = Path(tempfile.mkdtemp(prefix="talkbot-bench-"))
    try:
        data, cache = work / "data", work / "cache"
        shutil.copytree(source, data)
        rows: list[tuple[str, dict[str, float]]] = []
        steps = [
            ("cold start (no cache)", "start"),
            ("restart, data unchanged", "start"),
            ("restart + one file reloaded live", "reload"),
            ("restart after that edit", "latency"),
        ]
        for label, step in steps:
            command = [sys.executable, __file__, "--child", step, str(data), str(cache)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                sys.stderr.write(done.stderr)
                return done.returncode
            rows.append((label, json.loads(done.stdout.splitlines()[-1])))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [f"pyvideo catalogue, {int(rows[0][1]['talks']):,} talks ({source}):", ""]
    lines.append(f"{'step':<34} {'seconds':>8} {'CPU s':>6} {'peak MB':>8}  other")
    for label, r in rows:
        other = ""
        if "reload_1_seconds" in r:
            other = (
                f"one-file reload {r['reload_1_seconds']:.2f} s, CPU {r['reload_1_cpu']:.2f} s "
                f"(the first {r['reload_0_seconds']:.2f} s; the watcher's preparing first "
                f"{r['prepare_seconds']:.2f} s, CPU {r['prepare_cpu']:.2f} s); "
                "same talks and top 10 as a full rebuild: "
                + ("yes" if r["same_as_rebuild"] else "NO")
            )
        if "p50_ms" in r:
            other = f"query p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms"
        times = f"{r['seconds']:>8.2f} {r['cpu_seconds']:>6.2f}"
        lines.append(f"{label:<34} {times} {r['peak_mb']:>8.0f}  {other}")
    cold, restart, reload, latency = (r for _, r in rows)
    peak = max(r["peak_mb"] for _, r in rows)
    checks = [
        ("restart <= 2 s", restart["seconds"] <= 2.0, f"{restart['seconds']:.2f} s"),
        ("cold start <= 15 s", cold["seconds"] <= 15.0, f"{cold['seconds']:.2f} s"),
        (
            "one-file reload <= 1 s",
            reload["reload_1_seconds"] <= 1.0,
            f"{reload['reload_1_seconds']:.2f} s",
        ),
        ("peak <= 400 MB", peak <= 400, f"{peak:.0f} MB"),
        ("p99 <= 20 ms", latency["p99_ms"] <= 20, f"{latency['p99_ms']:.2f} ms"),
    ]
    lines.append("")
    lines.extend(f"{name}: {value}: {'met' if ok else 'NOT met'}" for name, ok, value in checks)
    load = os.getloadavg()[0]
    lines.append(f"1-minute load average at the end: {load:.1f} on {os.cpu_count()} cores")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.record:
        from benchmarks_file import record

        record(Path(args.record), "Start and reload", "make bench", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
