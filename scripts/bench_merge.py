"""Merging at catalogue scale: the whole pyvideo.org catalogue, read in place, then merged.

Prints load s, merge s and peak MB, records in and out, every merge made (with both places),
and checks the rule that matters most: no two recordings of one category (one conference's
folder) become one record. Reads ../shared/data/pyvideo-all/ where it is, and says so and
exits 0 when that folder is absent (a user's clone has none).

    .venv/bin/python scripts/bench_merge.py [--catalogue DIR] [--quiet]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.records.library import build_library, load_results, source_files  # noqa: E402
from bot.records.models import Severity, SourceKind  # noqa: E402

CATALOGUE = ROOT.parent / "shared" / "data" / "pyvideo-all"


def category_of(file: str) -> str:
    path = Path(file)
    return (path.parent.parent if path.parent.name == "videos" else path.parent).name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=CATALOGUE)
    parser.add_argument("--quiet", action="store_true", help="figures only, not every merge")
    args = parser.parse_args()
    if not args.catalogue.is_dir():
        print(f"skipped: {args.catalogue} is absent (the pyvideo catalogue is not in this clone)")
        return 0
    started = time.perf_counter()
    results = load_results(args.catalogue, source_files(args.catalogue))
    loaded = time.perf_counter()
    library = build_library(results)
    merged = time.perf_counter()
    records_in = sum(len(r.talks) for r in results.values())
    categories = {category_of(f) for f in results}
    merges = [p for p in library.problems if p.message.startswith("merged with ")]
    refused = [p for p in library.problems if p.message.startswith("not merged with ")]
    broken = []
    for talk in library.talks:
        seen = Counter(category_of(s.file) for s in talk.sources if s.kind is SourceKind.PYVIDEO)
        broken += [(talk, c) for c, n in seen.items() if n > 1]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not args.quiet:
        for problem in merges:
            print(problem)
    print(f"categories: {len(categories):,}")
    print(f"records in: {records_in:,}; records out: {len(library.talks):,}")
    print(f"merges made: {len(merges):,}; near misses refused: {len(refused):,}")
    errors = [p for p in library.problems if p.severity is Severity.ERROR]
    print(f"errors: {len(errors):,}")
    print(f"load s: {loaded - started:.2f}; merge s: {merged - loaded:.2f}; peak MB: {peak_mb:.0f}")
    for talk, category in broken:
        print(f"BROKEN: two recordings of {category} in one record: {talk.id}")
    print(f"records holding two recordings of one category: {len(broken)} (must be 0)")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
