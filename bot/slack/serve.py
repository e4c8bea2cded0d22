"""`talkbot serve`: Socket Mode when an app token is set, otherwise HTTP behind uvicorn."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from starlette.applications import Starlette

from bot.digest.poster import SlackPoster
from bot.digest.runner import DigestRunner
from bot.digest.scheduler import start_scheduler
from bot.digest.settings import DigestSettings, load_digest_settings
from bot.digest.state import DigestState
from bot.live import LiveData, Snapshot
from bot.records.library import DEFAULT_CACHE_DIR, cache_dir_from_env
from bot.records.models import Talk
from bot.slack.app import build_app
from bot.slack.deliveries import DeliveryLog
from bot.slack.replies import Talkbot
from bot.slack.settings import Settings, SettingsError, load_settings
from bot.slack.socket_watchdog import PING_INTERVAL, SocketWatchdog
from bot.slack.web import EVENTS_PATH, build_web_app
from bot.storage import StorageError, open_engine

log = logging.getLogger(__name__)

EXIT_BAD_SETTINGS = 2
EXIT_SLACK_REFUSED = 1


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        digest_settings = load_digest_settings()
    except SettingsError as exc:
        # The one line a person reads when the bot will not start: no log prefix, no traceback.
        sys.stderr.write(f"talkbot: {exc}\n")
        return EXIT_BAD_SETTINGS
    try:
        # One state store for everything that must hold across instances: which deliveries
        # were answered, and which digests were posted.
        engine = open_engine(digest_settings.database_url)
    except StorageError as exc:
        sys.stderr.write(f"talkbot: {exc}\n")
        return EXIT_BAD_SETTINGS
    data_dir = Path(args.data) if getattr(args, "data", None) else settings.talkbot_data_dir
    talkbot = Talkbot([], deliveries=DeliveryLog(engine))
    # Added, edited and removed files are picked up while the bot runs (bot.live).
    swap = _swapper(talkbot)
    live = LiveData(
        data_dir,
        swap,
        interval=settings.talkbot_reload_seconds,
        cache_dir=cache_dir_from_env(DEFAULT_CACHE_DIR),
    )
    library = live.load()
    if not library.talks:
        log.warning("no talks loaded from %s: the bot will answer that nothing matches", data_dir)
    swap(Snapshot.of_library(library))
    log.info("loaded %d talks from %s", len(library.talks), data_dir)
    try:
        app = build_app(settings, talkbot)
    except (BoltError, SlackApiError, OSError) as exc:
        sys.stderr.write(f"talkbot: Slack did not accept SLACK_BOT_TOKEN: {_reason(exc)}\n")
        return EXIT_SLACK_REFUSED
    scheduler = _start_digest(digest_settings, lambda: talkbot.snapshot.talks, engine, app.client)
    live.start()
    try:
        if settings.socket_mode:
            return _run_socket_mode(app, talkbot, settings)
        return _run_http(app, talkbot, settings)
    finally:
        live.stop()
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def _swapper(talkbot: Talkbot) -> Callable[[Snapshot], None]:
    """Swap in new data, then move it out of the garbage collector's sight.

    The loaded talks and their index are hundreds of thousands of long-lived objects; every
    full collection would walk them all while holding the GIL (100-200 ms at 10,000 talks,
    measured by the load script), stalling every request. Freezing them after each load
    keeps collections short; data no longer referenced is still freed by reference counting.
    """

    def swap(snapshot: Snapshot) -> None:
        talkbot.replace(snapshot)
        gc.freeze()

    return swap


def _start_digest(
    settings: DigestSettings,
    talks: Callable[[], Sequence[Talk]],
    engine: Engine,
    client: WebClient,
) -> BackgroundScheduler | None:
    """The daily digest runs beside the listeners, in this process, if channels are set."""
    if not settings.channels:
        log.info("no DIGEST_CHANNELS set: no daily digest will be posted")
        return None
    runner = DigestRunner(
        DigestState(engine),
        talks,  # read at each run: the data live reload has most recently swapped in
        SlackPoster(client),
        settings.schedule,
        settings.channels,
    )
    return start_scheduler(runner)


def _run_socket_mode(app: App, talkbot: Talkbot, settings: Settings) -> int:
    """Slack's events arrive over the WebSocket; $PORT serves only /health, so a platform
    can restart a process whose connection went quiet (python-slack-sdk issues 1379, 1701)."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    assert settings.slack_app_token is not None  # socket_mode means it is set
    log.info("connecting to Slack in Socket Mode")
    handler = SocketModeHandler(
        app, settings.slack_app_token.get_secret_value(), ping_interval=PING_INTERVAL
    )
    watchdog = SocketWatchdog(handler.client)
    try:
        handler.connect()  # type: ignore[no-untyped-call]
        watchdog.start()
        _serve(build_web_app(app, talkbot, socket_connected=watchdog.healthy), settings)
    finally:
        watchdog.stop()
        handler.close()  # type: ignore[no-untyped-call]
    return 0


def _run_http(app: App, talkbot: Talkbot, settings: Settings) -> int:
    log.info("serving Slack requests on %s:%d%s", settings.host, settings.port, EVENTS_PATH)
    _serve(build_web_app(app, talkbot), settings)
    return 0


def _serve(web_app: Starlette, settings: Settings) -> None:
    import uvicorn

    uvicorn.run(
        web_app,
        host=settings.host,
        port=settings.port,
        log_config=None,  # keep the log format that `talkbot` set up
        proxy_headers=True,
        timeout_graceful_shutdown=5,
    )


def _reason(exc: Exception) -> str:
    """Slack's error code, or the network error: enough to act on, never the token."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or "unknown error")
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
