"""The Bolt app: one Web API client, the Talkbot core in every request's context, listeners."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.talkbot import Talkbot
from bot.slack.context import CONTEXT_KEY
from bot.slack.listeners import register_listeners
from bot.slack.listeners.events.app_home import republish_home
from bot.slack.settings import Settings
from bot.slack_api.client import retrying_client
from bot.slack_api.errors import describe

log = logging.getLogger(__name__)

# Bolt runs listeners on a pool of 5 threads by default and holds each HTTP request open,
# polling every 10 ms, until its listener has acked. With five answers busy searching and
# posting, the next request's ack waits for a free thread, and Slack allows 3 s. One
# listener thread per request the server dispatches at once (Starlette's thread pool holds
# 40) lets every listener start, and ack, at once.
LISTENER_THREADS = 40


def build_client(settings: Settings) -> WebClient:
    """slack_sdk ignores SLACK_API_URL; the base URL is passed here, as Slack's samples do."""
    return retrying_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)


def build_app(settings: Settings, talkbot: Talkbot, client: WebClient | None = None) -> App:
    """Calls auth.test on the way: a wrong token or API URL fails here, at start."""
    socket_mode = settings.socket_mode
    secret = settings.slack_signing_secret
    bolt_logger = logging.getLogger("talkbot.bolt")
    if not any(isinstance(f, _SkipTokenWarning) for f in bolt_logger.filters):
        bolt_logger.addFilter(_SkipTokenWarning())
    app = App(
        client=client or build_client(settings),
        signing_secret=secret.get_secret_value() if secret is not None else "",
        # Socket Mode requests arrive over an authenticated WebSocket and carry no signature.
        request_verification_enabled=not socket_mode,
        name="talkbot",
        logger=bolt_logger,
        listener_executor=listener_executor(),
    )
    app.use(_Provide(talkbot))
    talkbot.after_replace = lambda: republish_home(app.client, talkbot, log)
    app.error(_log_listener_error)
    register_listeners(app)
    return app


def listener_executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="listener")


def _log_listener_error(error: Exception, logger: logging.Logger) -> None:
    """Slack refusing a reply is one line saying what to do; anything else, a traceback."""
    if isinstance(error, SlackApiError):
        logger.error("Slack refused the bot's reply: %s", describe(error))
    elif isinstance(error, OSError):
        # A timeout may hide a reply that did arrive: retrying could post it twice.
        logger.error(
            "Slack's Web API did not answer (%s): the reply may be missing; not retried, to "
            "avoid posting it twice",
            type(error).__name__,
        )
    else:
        logger.error("a listener failed", exc_info=error)


class _Provide(Middleware):
    """Hands the core to listeners through the request context, so their signature stays
    Bolt's own. A Middleware subclass rather than a function: Bolt inspects a function's
    parameters on every request to know what to pass it (1% of a request's time)."""

    def __init__(self, talkbot: Talkbot) -> None:
        self._talkbot = talkbot

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        req.context[CONTEXT_KEY] = self._talkbot
        return next()


class _SkipTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment even when given a client, then warns
    that it ignores it. The client carries that very token, so the warning only misleads."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()
