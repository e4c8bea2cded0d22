"""What slack_sdk's Block Kit models would cost per answer, beside the dicts bot/cards builds.

    .venv/bin/python scripts/bench_cards.py [--pyvideo DIR] [--rounds 5]

For each of the evaluation's queries over the pyvideo catalogue (else the bundled notes),
the answer is found once; then, timed apart with process time on one core: building its
message as today (`answer_message`: dicts), and the same blocks as slack_sdk models
(`Block.parse` builds each model object from the dict, as constructing them would, then
`to_dict()`, which validates every field as slack_sdk does before sending). The models' cost
is what the second adds per answer. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PYVIDEO = ROOT.parent / "shared" / "data" / "pyvideo-all"
QUERIES = ROOT / "tests" / "eval" / "pyvideo_queries.tsv"


def main() -> int:
    from slack_sdk.models.blocks import Block

    from bot.cards.answers import Surface, answer_message
    from bot.records.library import load_library
    from bot.search.engine import SearchEngine
    from bot.search.evaluation import read_queries

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyvideo", default=str(PYVIDEO))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data = Path(args.pyvideo) if Path(args.pyvideo).is_dir() else ROOT / "data"
    library = load_library(data, log_errors=False)
    engine = SearchEngine(library.talks)
    queries = [q.query for q in read_queries(QUERIES)]
    answers = [engine.ask(q, limit=6) for q in queries]
    dicts: list[float] = []
    models: list[float] = []
    blocks_per_answer: list[int] = []
    for _ in range(args.rounds):
        for answer in answers:
            started = time.process_time()
            message = answer_message(answer, Surface.COMMAND, talk_count=len(library.talks))
            built = time.process_time()
            for block in message.blocks:
                parsed = Block.parse(block)
                assert parsed is not None
                parsed.to_dict()
            done = time.process_time()
            dicts.append((built - started) * 1e6)
            models.append((done - built) * 1e6)
            blocks_per_answer.append(len(message.blocks))
    sys.stdout.write(
        f"{len(answers)} answers over {len(library.talks):,} talks ({data}), "
        f"{args.rounds} rounds, {statistics.mean(blocks_per_answer):.1f} blocks an answer:\n"
        f"  message as dicts (today): {_figures(dicts)}\n"
        f"  the same blocks as slack_sdk models (build + to_dict), more per answer: "
        f"{_figures(models)}\n"
    )
    return 0


def _figures(micros: list[float]) -> str:
    ordered = sorted(micros)
    p99 = ordered[int(0.99 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered):.0f} µs, p99 {p99:.0f} µs (process time)"


if __name__ == "__main__":
    raise SystemExit(main())
