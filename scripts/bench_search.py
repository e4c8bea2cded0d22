"""Search speed at 1,000 / 10,000 / 100,000 synthetic talks, beside a naive rapidfuzz scan.

    .venv/bin/python scripts/bench_search.py            # all three sizes (a few minutes)
    .venv/bin/python scripts/bench_search.py --sizes 1000 10000

Each size runs in its own process so peak memory is that size's alone. Per size it prints
the index build time, the memory the index holds (RSS growth while building) and the
process peak, query latency p50/p99 over a mixed query set (keywords, names, typos,
questions, no-match), how often the talk a query was made from comes back in the top 5,
and the p50 of a naive `rapidfuzz.process.extract` (WRatio over title + speakers +
abstract, choices preprocessed once) on a sample of the same queries, as a ratio.
Not a test: timings depend on the machine, so a reference loop is timed and printed too.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from rapidfuzz import fuzz, process, utils  # noqa: E402
from synthetic_notes import Generator  # noqa: E402

from bot.records.models import Talk  # noqa: E402
from bot.search.engine import SearchEngine  # noqa: E402

NO_MATCH = ["zqxjv blorptic", "haskell monads", "quantum annealing", "sourdough starter"]
NAIVE_SAMPLE = {1_000: 60, 10_000: 20, 100_000: 6}


def rss_mb(field: str = "VmRSS") -> float:
    """Resident memory from /proc (Linux); the bench reports RSS, not Python's own count."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def typo(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]  # swap two letters
    return word[:at] + word[at + 1 :]  # drop one


def make_queries(talks: list[Talk], count: int, seed: int = 7) -> list[tuple[str, str, str | None]]:
    """(kind, query, id of the talk it was made from or None) — a mix people would type."""
    rng = random.Random(seed)
    out: list[tuple[str, str, str | None]] = []
    while len(out) < count:
        talk = rng.choice(talks)
        words = [w for w in talk.title.lower().split() if len(w) > 3]
        long_words = [w for w in words if len(w) >= 7]
        roll = len(out) % 5
        if roll == 0 and len(words) >= 2:
            out.append(("keyword", " ".join(rng.sample(words, 2)), talk.id))
        elif roll == 1 and talk.speakers:
            name = rng.choice(talk.speakers)
            query = name if rng.random() < 0.5 else name.split()[-1]
            out.append(("name", query, talk.id))
        elif roll == 2 and long_words and len(words) >= 2:
            target = rng.choice(long_words)
            other = rng.choice([w for w in words if w != target] or [target])
            out.append(("typo", f"{typo(target, rng)} {other}", talk.id))
        elif roll == 3 and len(words) >= 2:
            a, b = rng.sample(words, 2)
            out.append(("question", f"who talked about {a} and {b}?", talk.id))
        elif roll == 4:
            out.append(("no match", rng.choice(NO_MATCH), None))
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def reference_ms() -> float:
    """A fixed CPU-bound loop, so figures from different machines can be compared."""
    started = time.perf_counter()
    sum(range(10_000_000))
    return (time.perf_counter() - started) * 1000


def measure(size: int, query_count: int) -> dict[str, float]:
    started = time.perf_counter()
    talks = list(Generator(seed=2024).talks(size))
    generate_s = time.perf_counter() - started
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    engine = SearchEngine(talks)
    index_s = time.perf_counter() - started
    gc.collect()
    index_mb = rss_mb() - before
    queries = make_queries(talks, query_count)
    for _, query, _ in queries[:10]:
        engine.ask(query)  # warm caches the way a running bot has them warm
    latencies: list[float] = []
    found = expected = false_matches = 0
    for _, query, talk_id in queries:
        started = time.perf_counter()
        answer = engine.ask(query)
        latencies.append((time.perf_counter() - started) * 1000)
        hits = answer.matches + answer.suggestions
        if talk_id is None:
            false_matches += bool(answer.matches)
        else:
            expected += 1
            found += any(hit.talk.id == talk_id for hit in hits[:5])
    choices = [
        utils.default_process(f"{t.title} {' '.join(t.speakers)} {t.abstract}") for t in talks
    ]
    sample = queries[: NAIVE_SAMPLE.get(size, 10)]
    naive: list[float] = []
    ours: list[float] = []
    for _, query, _ in sample:
        started = time.perf_counter()
        process.extract(utils.default_process(query), choices, scorer=fuzz.WRatio, limit=5)
        naive.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        engine.ask(query)
        ours.append((time.perf_counter() - started) * 1000)
    return {
        "talks": size,
        "generate_s": generate_s,
        "index_s": index_s,
        "index_mb": index_mb,
        "peak_mb": rss_mb("VmHWM"),
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
        "found_at_5": found / max(1, expected),
        "false_matches": false_matches,
        "naive_p50_ms": statistics.median(naive),
        "naive_ratio": statistics.median(naive) / max(1e-6, statistics.median(ours)),
        "naive_queries": len(sample),
        "queries": len(queries),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Search benchmark on synthetic notes.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300, help="queries per size")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.stdout.write(json.dumps(measure(args.child, args.queries)) + "\n")
        return 0
    sys.stdout.write(
        f"reference loop sum(range(10**7)): {reference_ms():.0f} ms "
        "(about 90 ms on a current laptop core)\n"
    )
    head = (
        f"{'talks':>8} {'index s':>8} {'index MB':>9} {'peak MB':>8} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'found@5':>8} {'no-match ok':>11} {'naive p50 ms':>13} {'naive/ours':>11}"
    )
    sys.stdout.write(head + "\n" + "-" * len(head) + "\n")
    for size in args.sizes:
        command = [sys.executable, __file__, "--child", str(size), "--queries", str(args.queries)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            return done.returncode
        r = json.loads(done.stdout.splitlines()[-1])
        no_match = r["queries"] // 5
        sys.stdout.write(
            f"{r['talks']:>8,} {r['index_s']:>8.1f} {r['index_mb']:>9.0f} {r['peak_mb']:>8.0f} "
            f"{r['p50_ms']:>7.2f} {r['p99_ms']:>7.2f} {r['found_at_5']:>8.1%} "
            f"{no_match - r['false_matches']:>5}/{no_match:<5} {r['naive_p50_ms']:>13.1f} "
            f"{r['naive_ratio']:>10.0f}x\n"
        )
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
