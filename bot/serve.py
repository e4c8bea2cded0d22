"""`talkbot serve`: Socket Mode when an app token is set, otherwise HTTP behind uvicorn."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Callable, Sequence

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from starlette.applications import Starlette

from bot.core.memory import Memory
from bot.core.talkbot import Talkbot
from bot.data_dir import choose
from bot.digest.poster import SlackPoster
from bot.digest.runner import DigestRunner, utc_now
from bot.digest.scheduler import start_scheduler
from bot.digest.settings import DigestSettings, load_digest_settings
from bot.digest.state import DigestState
from bot.live import LiveData, Snapshot
from bot.records.library import DEFAULT_CACHE_DIR, cache_dir_from_env
from bot.records.models import Talk
from bot.slack.app import build_app, build_client
from bot.slack.settings import Settings, SettingsError, load_settings
from bot.slack.socket_watchdog import PING_INTERVAL, SocketWatchdog
from bot.slack.web import EVENTS_PATH, build_web_app
from bot.slack_api.deliveries import DeliveryLog
from bot.slack_api.errors import error_code
from bot.storage import StorageError, open_engine
from bot.workers import serve_workers

log = logging.getLogger(__name__)

# Every failure at start that a person can cause or meet (settings, tokens, the database,
# the data directory, an unreachable Slack) is one line on stderr and this exit code.
EXIT_CANNOT_START = 2
_BAD_TOKEN = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}


def run(args: argparse.Namespace) -> int:
    try:
        mode = "http" if getattr(args, "http", False) else None
        mode = "socket" if getattr(args, "socket", False) else mode
        settings = load_settings(**({"talkbot_mode": mode} if mode else {}))
        digest_settings = load_digest_settings()
    except SettingsError as exc:
        # The one line a person reads when the bot will not start: no log prefix, no traceback.
        sys.stderr.write(f"talkbot: {exc}\n")
        return EXIT_CANNOT_START
    try:
        # One state store for everything that must hold across instances: which deliveries
        # were answered, and which digests were posted.
        engine = open_engine(digest_settings.database_url)
    except StorageError as exc:
        sys.stderr.write(f"talkbot: {exc}\n")
        return EXIT_CANNOT_START
    workers = getattr(args, "workers", None) or settings.talkbot_workers
    if workers > 1 and settings.socket_mode:
        sys.stderr.write(
            "talkbot: several workers serve HTTP only: run `talkbot serve --http` (or set "
            "TALKBOT_MODE=http), or set TALKBOT_WORKERS=1 for Socket Mode\n"
        )
        return EXIT_CANNOT_START
    chosen = choose(getattr(args, "data", None), settings.talkbot_data_dir)
    missing = chosen.missing()
    if missing is not None:
        sys.stderr.write(f"talkbot: {missing}\n")
        return EXIT_CANNOT_START
    data_dir = chosen.path
    talkbot = Talkbot([], deliveries=DeliveryLog(engine), memory=Memory(engine))
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
        sys.stderr.write(f"talkbot: {chosen.empty()}; `talkbot check` says what it read\n")
        return EXIT_CANNOT_START
    swap(live.snapshot_of(library))
    log.info("loaded %d talks from %s", len(library.talks), data_dir)
    client = build_client(settings)
    problem = _slack_problem(client, settings)
    if problem is not None:
        sys.stderr.write(f"talkbot: {problem}\n")
        return EXIT_CANNOT_START
    try:
        app = build_app(settings, talkbot, client)
    except (BoltError, SlackApiError, OSError) as exc:
        sys.stderr.write(f"talkbot: Slack refused to start the app: {_reason(exc)}\n")
        return EXIT_CANNOT_START
    if workers > 1:
        return _run_workers(app, talkbot, settings, live, engine, digest_settings, workers)
    scheduler = _start_digest(digest_settings, lambda: talkbot.snapshot.talks, engine, app.client)
    if scheduler is not None:
        talkbot.digest_today = _digest_today(DigestState(engine), digest_settings)
    live.start()
    try:
        if settings.socket_mode:
            return _run_socket_mode(app, talkbot, settings)
        return _run_http(app, talkbot, settings)
    finally:
        live.stop()
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def _run_workers(
    app: App,
    talkbot: Talkbot,
    settings: Settings,
    live: LiveData,
    engine: Engine,
    digest_settings: DigestSettings,
    workers: int,
) -> int:
    """HTTP from `workers` forked processes (`bot.workers`), each watching the data; the
    first also posts the digest (the state database keeps a second from posting again)."""

    def in_worker(number: int) -> None:
        engine.dispose(close=False)  # the parent's connections are not this process's
        live.reopen_cache()
        if number == 0:
            scheduler = _start_digest(
                digest_settings, lambda: talkbot.snapshot.talks, engine, app.client
            )
            if scheduler is not None:
                talkbot.digest_today = _digest_today(DigestState(engine), digest_settings)
        live.start()

    # What each worker's watcher would first do (every file's results, each part merged),
    # done once here: the workers start with it, shared with the parent until written.
    live.prepare()
    log.info("serving Slack requests on %s:%d%s", settings.host, settings.port, EVENTS_PATH)
    web_app = build_web_app(app, talkbot)
    return serve_workers(web_app, settings.host, settings.port, workers, in_worker)


def _slack_problem(client: WebClient, settings: Settings) -> str | None:
    """Why Slack cannot be used with these settings, in one sentence; None when it can.

    A refused token, an unreachable Slack and a Slack that is down need different actions,
    so they are told apart: only Slack's own refusal is said to be the token's fault.
    """
    where = settings.slack_api_url or WebClient.BASE_URL
    try:
        client.auth_test()
    except SlackApiError as exc:
        code = error_code(exc)
        status = exc.response.status_code
        if code in _BAD_TOKEN:
            return (
                f"Slack did not accept SLACK_BOT_TOKEN ({code}): copy the Bot User OAuth Token "
                "(xoxb-…) from the app's OAuth & Permissions page, after installing the app"
            )
        if status >= 500 or code.startswith("http_5"):
            return f"Slack answered HTTP {status} at {where}: Slack may be down; try again soon"
        return f"Slack refused auth.test ({code}) at {where}: check SLACK_BOT_TOKEN"
    except OSError as exc:
        return f"could not reach Slack at {where} ({_reason(exc)}): check the network" + (
            ", and SLACK_API_URL" if settings.slack_api_url else ""
        )
    return None


def _digest_today(state: DigestState, settings: DigestSettings) -> Callable[[], dict[str, str]]:
    """Channel → today's digest talk, read from the digest's history, for the Home tab."""

    def read() -> dict[str, str]:
        today = settings.schedule.local_date(utc_now())
        return {
            channel: talk_id
            for channel in settings.channels
            for _, talk_id, day in state.history(channel)
            if day == today
        }

    return read


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
        try:
            handler.connect()  # type: ignore[no-untyped-call]
        except SlackApiError as exc:
            code = error_code(exc)
            sys.stderr.write(
                f"talkbot: Slack did not accept SLACK_APP_TOKEN ({code}): make an app-level "
                "token with the connections:write scope (Basic Information → App-Level "
                "Tokens), or run `talkbot serve --http`\n"
            )
            return EXIT_CANNOT_START
        except OSError as exc:
            sys.stderr.write(
                f"talkbot: could not open the Socket Mode connection ({_reason(exc)}): "
                "check the network\n"
            )
            return EXIT_CANNOT_START
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
