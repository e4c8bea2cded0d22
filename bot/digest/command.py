"""`talkbot digest`: one digest run, for cron and platform schedulers, or to preview one."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cards.terminal import render_card
from bot.data_dir import choose
from bot.digest.poster import SlackPoster
from bot.digest.runner import DigestRunner, utc_now
from bot.digest.settings import DigestSettings, is_channel_id, load_digest_settings
from bot.digest.state import DigestState
from bot.records.library import load_library
from bot.records.models import Talk
from bot.settings_errors import ENV_EXAMPLE_HINT, SettingsError
from bot.slack_api.client import retrying_client
from bot.storage import DEFAULT_DATABASE_URL, StorageError, open_engine

log = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_USAGE = 2


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_digest_settings()
    except SettingsError as exc:
        sys.stderr.write(f"talkbot: {exc}\n")
        return EXIT_USAGE
    data_dir = choose(args.data, settings.talkbot_data_dir)
    missing = data_dir.missing()
    if missing is not None:
        sys.stderr.write(f"talkbot digest: {missing}\n")
        return EXIT_USAGE
    library = load_library(data_dir.path)
    if not library.talks:
        sys.stderr.write(f"talkbot digest: {data_dir.empty()}\n")
        return EXIT_USAGE
    if args.channel and not is_channel_id(args.channel):
        sys.stderr.write(
            f"talkbot: --channel takes a channel ID such as C0123456789, not {args.channel!r} "
            "(in Slack: open the channel's name, the ID is at the bottom of About)\n"
        )
        return EXIT_USAGE
    channels = [args.channel] if args.channel else settings.channels
    if args.dry_run:
        return _dry_run(settings, library.talks, channels)
    if not channels:
        sys.stderr.write(
            "talkbot: no channel to post to: set DIGEST_CHANNELS or pass --channel C0123456789\n"
        )
        return EXIT_USAGE
    if settings.slack_bot_token is None:
        sys.stderr.write(f"talkbot: SLACK_BOT_TOKEN is missing: {ENV_EXAMPLE_HINT}\n")
        return EXIT_USAGE
    try:
        engine = open_engine(settings.database_url)
    except StorageError as exc:
        sys.stderr.write(f"talkbot: {exc}\n")
        return EXIT_USAGE
    client = retrying_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    runner = DigestRunner(
        DigestState(engine),
        lambda: library.talks,
        SlackPoster(client),
        settings.schedule,
        channels,
    )
    now = utc_now()
    day = settings.schedule.local_date(now)
    if not args.force and not settings.schedule.is_digest_day(day):
        sys.stdout.write(
            f"{day:%A} is not a digest day (DIGEST_DAYS={settings.digest_days}): nothing posted; "
            "use --force to post anyway\n"
        )
        return 0
    failed = False
    for channel in channels:
        outcome = runner.post_channel(channel, day, now, force=args.force)
        talk = f": {outcome.talk_id}" if outcome.talk_id else ""
        detail = f" ({outcome.detail})" if outcome.detail else ""
        sys.stdout.write(f"{channel}: {outcome.result.value}{talk}{detail}\n")
        failed = failed or not outcome.ok
    return EXIT_FAILED if failed else 0


def _dry_run(settings: DigestSettings, talks: Sequence[Talk], channels: list[str]) -> int:
    """Show what would be posted, reading the history if there is one and writing nothing."""
    url = settings.database_url
    if url is None and not Path(DEFAULT_DATABASE_URL.removeprefix("sqlite:///")).exists():
        engine = open_engine("sqlite://")  # no history yet: an empty private one
    else:
        try:
            engine = open_engine(url)
        except StorageError as exc:
            sys.stderr.write(f"talkbot: {exc}\n")
            return EXIT_USAGE
    runner = DigestRunner(
        DigestState(engine),
        lambda: talks,
        _NoPoster(),
        settings.schedule,
        channels,
    )
    if not channels:
        sys.stdout.write(
            "No DIGEST_CHANNELS set, so `talkbot serve` would post no digest. "
            "A channel would get:\n\n"
        )
    schedule = settings.schedule
    now = utc_now()
    today = schedule.local_date(now)
    due = schedule.next_due(now)
    for channel in channels or ["(a channel)"]:
        # The next real run: today's, if today is a digest day not yet posted in this channel
        # (`talkbot digest` from cron, or a bot catching up), else the next scheduled one.
        pending = schedule.is_digest_day(today) and runner.state.slot_status(channel, today) is None
        day = today if pending else schedule.local_date(due)
        when = f"{day:%a %Y-%m-%d}" if pending else due.strftime("%a %Y-%m-%d %H:%M %Z")
        preview = runner.preview(channel, day)
        if preview is None:
            continue
        talk, _message = preview
        sys.stdout.write(f"{channel} — next digest {when} — would get:\n\n")
        sys.stdout.write("\n".join("  " + line for line in render_card(talk)) + "\n\n")
    sys.stdout.write("(dry run: nothing was posted and nothing was recorded)\n")
    return 0


class _NoPoster:
    def post(self, channel: str, message: object) -> str:
        raise AssertionError("a dry run never posts")
