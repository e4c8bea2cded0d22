"""Start, restart and reload times, peak memory and query latency on the pyvideo catalogue.

    .venv/bin/python scripts/bench_start.py [--pyvideo DIR] [--record FILE]

Each step runs in a fresh process, as a restarted bot would, with the cache in a temporary
folder: a cold start (no cache), a restart with unchanged data, a restart after one file
changed, and, inside one running `LiveData`, the reload of one changed file. The script
edits a temporary copy of the catalogue, so ../shared is only read. Each process prints
its own peak RSS; the last one also times p50/p99 per query over the evaluation's
queries, on one core, in-process. Not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
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

    def publish(snapshot: Snapshot) -> None:
        published.append(time.perf_counter())
        live_snapshot[:] = [snapshot]
        gc.freeze()  # as `talkbot serve` does after each swap (bot.serve._swapper)

    started = time.perf_counter()
    live = LiveData(data, publish, cache_dir=cache)
    library = live.load()
    snapshot = live.snapshot_of(library)
    out["seconds"] = time.perf_counter() - started
    out["talks"] = len(snapshot.talks)
    if step == "reload":
        # The first edit also reads every file's results from the cache (the running bot's
        # watcher does that right after starting); the second is what an edit then costs:
        # from the watcher's look at the files to the new snapshot being served.
        videos = [p for p in sorted(data.rglob("*.json")) if p.parent.name == "videos"]
        for round_, target in enumerate(videos[:2]):
            record = json.loads(target.read_text(encoding="utf-8"))
            record["title"] = str(record.get("title", "")) + " (edited)"
            target.write_text(json.dumps(record), encoding="utf-8")
            started = time.perf_counter()
            assert live.poll_and_publish()
            out[f"reload_{round_}_seconds"] = published[-1] - started
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
    lines.append(f"{'step':<34} {'seconds':>8} {'peak MB':>8}  other")
    for label, r in rows:
        other = ""
        if "reload_1_seconds" in r:
            other = (
                f"one-file reload {r['reload_1_seconds']:.2f} s "
                f"(the first after start {r['reload_0_seconds']:.2f} s); "
                "same talks and top 10 as a full rebuild: "
                + ("yes" if r["same_as_rebuild"] else "NO")
            )
        if "p50_ms" in r:
            other = f"query p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms"
        lines.append(f"{label:<34} {r['seconds']:>8.2f} {r['peak_mb']:>8.0f}  {other}")
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
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.record:
        from benchmarks_file import record

        record(Path(args.record), "Start and reload", "make bench", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
