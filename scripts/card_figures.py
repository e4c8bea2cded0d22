"""What cards show, counted: how many show the team's note lines, how many summaries state
the talk's subject rather than an opening; and a sample of summaries to judge by reading.

    .venv/bin/python scripts/card_figures.py [--data DIR ...] [--sample 30]

By default: the bundled notes, and each entry of ../shared/data/notes-dev/ (read in place;
skipped with a line saying so where absent).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cards.note_lines import excerpts  # noqa: E402
from bot.records.library import load_library  # noqa: E402
from bot.records.models import Talk  # noqa: E402
from bot.records.summary import _SUBJECT  # noqa: E402

NOTES_DEV = ROOT.parent / "shared" / "data" / "notes-dev"


def figures(name: str, talks: list[Talk]) -> str:
    noted = [t for t in talks if t.has_notes_source and t.notes.strip()]
    showing = [t for t in noted if excerpts(t)]
    summaries = [t for t in talks if t.summary]
    subject = [t for t in summaries if _SUBJECT.search(t.summary)]
    return (
        f"| {name} | {len(talks)} | {len(noted)} | {len(showing)} | {len(summaries)} "
        f"| {len(subject)} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", help="data directories")
    parser.add_argument("--sample", type=int, default=30, help="summaries printed to judge")
    args = parser.parse_args()
    folders: list[Path] = args.data or [ROOT / "data"]
    if not args.data:
        if NOTES_DEV.is_dir():
            folders.append(NOTES_DEV)
        else:
            print("notes-dev skipped: ../shared/data/notes-dev is absent")
    print(
        "| data | talks | with notes | cards showing note lines | summaries | stating the subject |"
    )
    print("|---|---|---|---|---|---|")
    everything: list[Talk] = []
    for folder in folders:
        talks = list(load_library(folder, log_errors=False).talks)
        everything += talks
        print(figures(folder.name, talks))
    sample = random.Random(0).sample(everything, min(args.sample, len(everything)))
    print(f"\nA sample of {len(sample)} summaries, to judge by reading:")
    for talk in sample:
        print(f"- {talk.title[:60]!r}: {talk.summary or '(none)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
