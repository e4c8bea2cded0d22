"""The baseline for `scripts/load_test.py`: a bare Bolt app that answers `/talk` with a constant.

Everything but the answer is Talkbot's own, so the comparison isolates what Talkbot adds:
the same settings from the environment (SLACK_SIGNING_SECRET, SLACK_API_URL, PORT, HOST),
the same retrying Web API client and listener thread pool, the same Starlette app
(`build_web_app`: body limit, dispatch in the thread pool) and the same uvicorn call
(`serve._serve`), with the same log set-up as `talkbot serve`, and as many worker processes
(TALKBOT_WORKERS).

    SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… PORT=3001 python scripts/load_bare_app.py
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from slack_bolt import Ack, App, Respond
from starlette.applications import Starlette
from synthetic_notes import Generator

from bot.cli import configure_logging
from bot.core.talkbot import Talkbot
from bot.serve import _serve
from bot.slack.app import build_client, listener_executor
from bot.slack.settings import load_settings
from bot.slack.web import build_web_app

CONSTANT_REPLY = "Here is a talk: *Constant answers are fast*, by Nobody Inparticular."


def health_only_core() -> Talkbot:
    """`build_web_app` reads the loaded talks from a Talkbot for /health (200 once data is
    loaded); one synthetic talk satisfies it. The bare `/talk` never searches."""
    return Talkbot(list(Generator().talks(1)))


def build_bare_app() -> App:
    settings = load_settings(env_file=None)
    secret = settings.slack_signing_secret
    app = App(
        client=build_client(settings),
        signing_secret=secret.get_secret_value() if secret is not None else "",
        name="bare",
        logger=logging.getLogger("bare.bolt"),
        listener_executor=listener_executor(),
    )

    @app.command("/talk")
    def constant_reply(ack: Ack, respond: Respond) -> None:
        ack()
        respond(response_type="ephemeral", text=CONSTANT_REPLY)

    return app


def bare_web_app() -> Starlette:
    """The app one process serves; uvicorn imports this in each worker (TALKBOT_WORKERS)."""
    # The format `talkbot serve` logs with: uvicorn's access lines cost the same.
    configure_logging()
    return build_web_app(build_bare_app(), health_only_core())


def main() -> None:
    settings = load_settings(env_file=None)
    if settings.talkbot_workers > 1:
        # As `talkbot serve` does: the same uvicorn call, one worker process per count.
        configure_logging()
        _serve("load_bare_app:bare_web_app", settings, workers=settings.talkbot_workers)
    else:
        _serve(bare_web_app(), settings)


if __name__ == "__main__":
    main()
