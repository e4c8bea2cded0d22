"""`talkbot list` and `talkbot check`: the records as loaded, and what is wrong with the notes."""

from __future__ import annotations

import argparse
import json
import sys

from bot.data_dir import DataDir, choose
from bot.records.library import Library, load_library
from bot.records.models import Severity, Talk

EXIT_USAGE = 2


def run(args: argparse.Namespace) -> int:
    data_dir = choose(getattr(args, "dir", None) or args.data)
    missing = data_dir.missing()
    if missing is not None:
        sys.stderr.write(f"talkbot {args.command}: {missing}\n")
        return EXIT_USAGE
    if args.command == "list":
        return list_talks(data_dir, args.json)
    return check(data_dir, verbose=args.list_merges or args.verbose)


def list_talks(data_dir: DataDir, as_json: bool) -> int:
    library = load_library(data_dir.path, log_errors=False)
    if not library.talks and library.errors:
        _print_problems(library, only_errors=True)
        return 1
    if not library.talks:
        sys.stderr.write(f"talkbot list: {data_dir.empty()}\n")
        return EXIT_USAGE
    if as_json:
        records = [talk.model_dump(mode="json") for talk in library.talks]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return 0
    for talk in library.talks:
        sys.stdout.write(_line(talk) + "\n")
    sys.stdout.write(f"{len(library.talks)} talks\n")
    return 0


def _line(talk: Talk) -> str:
    day = f"day {talk.day}" if talk.day else "day ?"
    who = talk.byline or "(no speaker)"
    return f"{talk.conference_label} · {day} · {talk.kind.value:<9} {talk.title} — {who}"


def check(data_dir: DataDir, *, verbose: bool = False) -> int:
    """Print each problem as `path:line: message` (and, with `verbose`, each merge made),
    then a total; exit 1 only on errors, 2 when there is nothing to check."""
    library = load_library(data_dir.path, log_errors=False)
    _print_problems(library, only_errors=False, verbose=verbose)
    errors = len(library.errors)
    warnings = sum(1 for p in library.problems if p.severity is Severity.WARNING)
    merges = sum(1 for p in library.problems if p.severity is Severity.INFO)
    total = (
        f"{len(library.talks)} talks, {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}"
    )
    if merges and not verbose:
        total += f"; {merges} merge{'s' * (merges != 1)} made (--verbose lists them)"
    sys.stdout.write(total + "\n")
    if not library.talks and not errors:
        sys.stderr.write(f"talkbot check: {data_dir.empty()}\n")
        return EXIT_USAGE
    return 1 if errors else 0


def _print_problems(library: Library, *, only_errors: bool, verbose: bool = False) -> None:
    for problem in sorted(library.problems, key=lambda p: (p.file, p.line)):
        if only_errors and problem.severity is not Severity.ERROR:
            continue
        if problem.severity is Severity.INFO and not verbose:
            continue
        stream = sys.stderr if only_errors else sys.stdout
        stream.write(f"{problem}\n")
