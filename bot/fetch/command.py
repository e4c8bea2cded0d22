"""`talkbot fetch`: the command line over bot.fetch.pretalx and bot.fetch.pyvideo.

Exit codes: 0 when done, 2 when something the user can fix went wrong (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys

from bot.data_dir import choose
from bot.fetch import pretalx, pyvideo
from bot.fetch.http import FetchError
from bot.fetch.settings import load_fetch_settings
from bot.settings_errors import SettingsError


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p_fetch = sub.add_parser(
        "fetch", help="download a conference's program (pretalx) or recordings (pyvideo)"
    )
    kinds = p_fetch.add_subparsers(dest="source", metavar="SOURCE")
    kinds.required = True
    p_pretalx = kinds.add_parser("pretalx", help="an event's schedule, from its pretalx URL")
    p_pretalx.add_argument("url", metavar="URL", help="e.g. https://pretalx.com/pycascades-2024/")
    p_pyvideo = kinds.add_parser("pyvideo", help="a conference's recordings, from pyvideo.org")
    p_pyvideo.add_argument("category", nargs="?", metavar="CATEGORY", help="e.g. pycascades-2024")
    p_pyvideo.add_argument("--search", metavar="WORDS", help="list the categories matching WORDS")
    for p in (p_pretalx, p_pyvideo):
        p.add_argument(
            "--data", metavar="DIR", help="data directory (default: $TALKBOT_DATA_DIR or data/)"
        )


def run(args: argparse.Namespace) -> int:
    data_dir = choose(args.data).path
    try:
        settings = load_fetch_settings()
        if args.source == "pretalx":
            sys.stdout.write(pretalx.fetch(args.url, data_dir, settings) + "\n")
            return 0
        if args.search:
            names = pyvideo.search(args.search, settings)
            for name in names:
                sys.stdout.write(name + "\n")
            if not names:
                sys.stderr.write(f"no pyvideo category matches {args.search!r}\n")
                return 2
            return 0
        if not args.category:
            sys.stderr.write(
                "name a category (`talkbot fetch pyvideo pycascades-2024`), or look one up with "
                "`talkbot fetch pyvideo --search WORDS`\n"
            )
            return 2
        sys.stdout.write(pyvideo.fetch(args.category, data_dir, settings) + "\n")
        return 0
    except (FetchError, SettingsError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(
            f"could not write into {data_dir} ({exc.strerror or exc}): check that it is a "
            "folder you can write to\n"
        )
        return 2
