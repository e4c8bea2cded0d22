"""Print the search evaluation: ours beside two baselines, on the bundled notes.

    .venv/bin/python scripts/eval_search.py [--data DIR] [--misses]

The same numbers `tests/test_search_eval.py` asserts on; this prints them and, with
--misses, every query a search got wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from search_eval_queries import QUERIES  # noqa: E402

from bot.records.library import load_library  # noqa: E402
from bot.search.evaluation import compare, table  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description="Search accuracy on the evaluation set.")
    parser.add_argument("--data", default=str(ROOT / "data"), help="notes directory")
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    args = parser.parse_args()
    talks = load_library(args.data).talks
    if not talks:
        sys.stderr.write(f"no talks in {args.data}\n")
        return 2
    reports = compare(QUERIES, talks)
    sys.stdout.write(table(reports) + "\n")
    if args.misses:
        for report in reports:
            sys.stdout.write(f"\n{report.name}: {len(report.misses)} wrong\n")
            sys.stdout.writelines(f"  {miss}\n" for miss in report.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
