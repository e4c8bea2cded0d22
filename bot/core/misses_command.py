"""`talkbot misses [--since 30d] [--json] [--clear]`: the questions the notes did not answer."""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict
from datetime import timedelta

from bot.core.memory import MISSES_FOR, Memory
from bot.core.misses import group_misses
from bot.data_dir import choose
from bot.digest.settings import load_digest_settings
from bot.records.library import load_library
from bot.search.engine import SearchEngine
from bot.settings_errors import SettingsError
from bot.storage import StorageError, open_engine

EXIT_USAGE = 2
_SINCE = re.compile(r"^(\d+)\s*([hdw])$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("misses", help="questions that found no talk or got 👎, grouped")
    p.add_argument(
        "--since", metavar="AGE", help="only newer ones: 12h, 30d, 4w (default: all kept)"
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.add_argument("--clear", action="store_true", help="forget every recorded question")
    p.add_argument("--data", metavar="DIR", help="data directory, for the closest talks")


def run(args: argparse.Namespace) -> int:
    since = None
    if args.since:
        match = _SINCE.match(args.since.strip())
        if match is None:
            sys.stderr.write(
                f"talkbot misses: --since takes an age such as 12h, 30d or 4w, not {args.since!r}\n"
            )
            return EXIT_USAGE
        since = int(match.group(1)) * _UNITS[match.group(2)]
    try:
        memory = Memory(open_engine(load_digest_settings().database_url))
    except (SettingsError, StorageError) as exc:
        sys.stderr.write(f"talkbot misses: {exc}\n")
        return EXIT_USAGE
    if args.clear:
        sys.stdout.write(f"forgot {memory.clear_misses()} recorded questions\n")
        return 0
    data_dir = choose(args.data)
    library = load_library(data_dir.path, log_errors=False) if data_dir.missing() is None else None
    engine = SearchEngine(library.talks) if library and library.talks else None
    groups = group_misses(memory.misses(since), engine)
    if args.json:
        sys.stdout.write(
            json.dumps([asdict(g) for g in groups], ensure_ascii=False, indent=2) + "\n"
        )
        return 0
    if not groups:
        when = " in that time" if since else ""
        sys.stdout.write(
            f"No question went unanswered{when} (questions are kept {MISSES_FOR.days} days).\n"
        )
        return 0
    for group in groups:
        why = []
        if group.no_match:
            why.append(f"{group.no_match} found nothing")
        if group.thumbs_down:
            why.append(f"{group.thumbs_down} got 👎")
        sys.stdout.write(f"{group.count}× {group.question!r} ({', '.join(why)})\n")
        others = [w for w in group.wordings if w != group.question]
        if others:
            sys.stdout.write("    also asked as: " + "; ".join(repr(w) for w in others[:5]) + "\n")
        if group.closest:
            sys.stdout.write("    closest talks: " + "; ".join(group.closest) + "\n")
    return 0
