"""Merging at catalogue scale: the whole pyvideo.org catalogue, read in place, then merged.

Prints load s, merge s and peak MB, records in and out, every merge made (with both places),
and checks the rule that matters most: no two recordings of one category (one conference's
folder) become one record. Then the same with our own notes of real conferences loaded beside
the whole catalogue (tests/fixtures/merge/: each `NAME.md` with `NAME.truth.json`, which
names for each noted talk the recording that is the same talk, or null): pairs joined,
duplicates (a noted talk whose recording stayed a record of its own) and false merges.
Reads ../shared/data/pyvideo-all/ where it is, and says so and exits 0 when that folder is
absent (a user's clone has none). Exits 1 when a rule is broken.

    .venv/bin/python scripts/bench_merge.py [--catalogue DIR] [--notes DIR] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, utils  # noqa: E402

from bot.records.library import Library, build_library, load_path, load_results, source_files  # noqa: E402
from bot.records.models import FileResult, Severity, SourceKind  # noqa: E402

CATALOGUE = ROOT.parent / "shared" / "data" / "pyvideo-all"
NOTES = ROOT / "tests" / "fixtures" / "merge"


def category_of(file: str) -> str:
    path = Path(file)
    return (path.parent.parent if path.parent.name == "videos" else path.parent).name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=CATALOGUE)
    parser.add_argument("--notes", type=Path, default=NOTES, help="notes with .truth.json files")
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
    wrong = joins(results, args.notes)
    return 1 if broken or wrong else 0


def joins(catalogue: dict[str, FileResult], notes_dir: Path) -> int:
    """Our notes of real conferences beside the whole catalogue; the count of false merges."""
    results = dict(catalogue)
    truths: dict[str, dict[str, str | None]] = {}
    for notes in sorted(notes_dir.glob("*.md")):
        result = load_path(notes, notes_dir)
        if result is not None:
            results[str(notes)] = result
            truths[str(notes)] = json.loads(notes.with_suffix(".truth.json").read_text())
    library = build_library(results)
    print("\n| notes | noted talks | pairs expected | joined | duplicates | false merges |")
    print("|---|---|---|---|---|---|")
    total = [0, 0, 0, 0, 0]
    for file, truth in truths.items():
        row = _score_file(library, results[file], truth)
        total = [a + b for a, b in zip(total, row, strict=True)]
        print(f"| {Path(file).name} | " + " | ".join(str(n) for n in row) + " |")
    print("| all | " + " | ".join(str(n) for n in total) + " |")
    return total[4]


def _score_file(library: Library, notes: FileResult, truth: dict[str, str | None]) -> list[int]:
    """[noted talks, pairs expected, joined, duplicates, false merges] for one notes file."""
    by_id = library.by_id()
    expected = joined = duplicates = false = 0
    for title, stem in truth.items():
        # The notes' own record of the talk (a merged record carries the catalogue's title).
        own = max(
            notes.talks, key=lambda t: fuzz.ratio(title, t.title, processor=utils.default_process)
        )
        talk = by_id.get(own.id)
        sources = talk.sources if talk is not None else []
        recordings = [Path(s.file).stem for s in sources if s.kind is SourceKind.PYVIDEO]
        expected += stem is not None
        if stem is not None and recordings == [stem]:
            joined += 1
        elif recordings:
            false += 1
            print(f"FALSE MERGE: {title!r} joined {recordings}")
        elif stem is not None:
            duplicates += 1
            print(f"DUPLICATE: {title!r} did not join {stem}")
    return [len(truth), expected, joined, duplicates, false]


if __name__ == "__main__":
    raise SystemExit(main())
