"""How long building an answer's Slack message takes, search excluded: the card, its buttons,
the other matches, the fallback text, every Block Kit field checked against Slack's limits.

    .venv/bin/python scripts/bench_blocks.py [--data DIR] [--rounds 20]

Answers to the eval's queries over the bundled notes (or DIR) are found once; then each is
rendered for `/talk` (the richest surface: Share and More buttons) `--rounds` times. Prints
the process time per message, median and worst round's mean.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from search_eval_queries import QUERIES  # noqa: E402

from bot.cards.answers import Surface, answer_message  # noqa: E402
from bot.records.library import load_library  # noqa: E402
from bot.search.engine import SearchEngine  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    talks = load_library(args.data, log_errors=False).talks
    engine = SearchEngine(talks)
    answers = [engine.ask(q.query) for q in QUERIES]
    per_message: list[float] = []
    for _ in range(args.rounds):
        started = time.process_time()
        for answer in answers:
            answer_message(answer, Surface.COMMAND, talk_count=len(talks))
        per_message.append((time.process_time() - started) / len(answers) * 1000)
    print(
        f"{len(answers)} answers over {len(talks)} talks, {args.rounds} rounds: "
        f"{statistics.median(per_message):.3f} ms per message (median round), "
        f"{max(per_message):.3f} ms (slowest round)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
