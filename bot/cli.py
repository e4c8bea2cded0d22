"""The `talkbot` command. Each subcommand lives with the part of the core it drives."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="talkbot",
        description="Recall the conference talks your team saw, from your Markdown notes.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p_list = sub.add_parser("list", help="list the talk records")
    p_list.add_argument("--json", action="store_true", help="print a JSON array of the records")
    p_list.add_argument(
        "--data", metavar="DIR", help="data directory (default: $TALKBOT_DATA_DIR or data/)"
    )

    p_check = sub.add_parser("check", help="report problems in the notes; exit 1 on errors")
    p_check.add_argument(
        "dir", nargs="?", metavar="DIR", help="data directory (default: $TALKBOT_DATA_DIR or data/)"
    )
    p_check.add_argument("--data", metavar="DIR", help="the same as DIR")
    p_check.add_argument(
        "-v", "--verbose", dest="list_merges", action="store_true", help="also list each merge made"
    )
    p_check.add_argument(
        "--explain",
        metavar="FILE",
        help="print the outline the reader saw in one notes file and what each part became",
    )

    p_ask = sub.add_parser("ask", help="find the talk you mean")
    p_ask.add_argument(
        "query",
        nargs="*",
        help="what you remember (no query with --json: one query a line from stdin)",
    )
    p_ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    p_ask.add_argument(
        "--limit", type=int, default=5, metavar="N", help="at most N matches (default 5)"
    )
    p_ask.add_argument(
        "--data", metavar="DIR", help="data directory (default: $TALKBOT_DATA_DIR or data/)"
    )

    p_digest = sub.add_parser("digest", help="post today's digest now (for cron), or preview it")
    p_digest.add_argument(
        "--channel", metavar="C", help="only this channel ID (default: DIGEST_CHANNELS)"
    )
    p_digest.add_argument(
        "--dry-run", action="store_true", help="print what would be posted; change nothing"
    )
    p_digest.add_argument(
        "--force", action="store_true", help="post even if today's digest is already out"
    )
    p_digest.add_argument(
        "--data", metavar="DIR", help="data directory (default: $TALKBOT_DATA_DIR or data/)"
    )

    from bot.core import misses_command
    from bot.fetch import command as fetch_command

    fetch_command.add_parser(sub)
    misses_command.add_parser(sub)

    p_serve = sub.add_parser("serve", help="run the Slack bot (Socket Mode or HTTP)")
    mode = p_serve.add_mutually_exclusive_group()
    mode.add_argument("--socket", action="store_true", help="Socket Mode (needs SLACK_APP_TOKEN)")
    mode.add_argument(
        "--http",
        action="store_true",
        help="HTTP on $PORT (needs SLACK_SIGNING_SECRET); SLACK_APP_TOKEN is ignored",
    )
    p_serve.add_argument(
        "--data", metavar="DIR", help="data directory (default: $TALKBOT_DATA_DIR or data/)"
    )
    p_serve.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="HTTP worker processes (default: $TALKBOT_WORKERS or 1)",
    )
    return parser


def _positive(text: str) -> int:
    """A number of worker processes, 1 to 64."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 64:
        raise argparse.ArgumentTypeError(f"give a number of workers from 1 to 64, not {text!r}")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.command in ("list", "check"):
        from bot.records import commands

        return commands.run(args)
    if args.command == "ask":
        from bot.search import ask_command

        return ask_command.run(args)
    if args.command == "digest":
        from bot.digest import command

        return command.run(args)
    if args.command == "misses":
        from bot.core import misses_command

        return misses_command.run(args)
    if args.command == "fetch":
        from bot.fetch import command as fetch_command

        return fetch_command.run(args)
    if args.command == "serve":
        from bot import serve

        return serve.run(args)
    raise AssertionError(args.command)  # argparse only accepts the commands above


if __name__ == "__main__":
    sys.exit(main())
