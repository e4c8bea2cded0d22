"""The baseline for `scripts/load_test.py`: a bare Bolt app that answers `/talk` with a constant.

Everything but the answer is Talkbot's own, so the comparison isolates what Talkbot adds:
the same settings from the environment (SLACK_SIGNING_SECRET, SLACK_API_URL, PORT, HOST),
the same retrying Web API client and listener thread pool, the same Starlette app
(`build_web_app`: body limit, dispatch in the thread pool) and the same uvicorn call
(`serve._serve`), with the same log set-up as `talkbot serve`, and as many worker processes
(TALKBOT_WORKERS, `bot.workers`).

    SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… PORT=3001 python scripts/load_bare_app.py
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from slack_bolt import Ack, App, Respond
from synthetic_notes import Generator

from bot.core.talkbot import Talkbot
from bot.serve import _serve
from bot.slack.app import build_client, listener_executor
from bot.slack.settings import load_settings
from bot.slack.web import build_web_app
from bot.workers import serve_workers

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


def main() -> None:
    # The format `talkbot serve` logs with (bot/cli.py): uvicorn's access lines cost the same.
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    settings = load_settings(env_file=None)
    web_app = build_web_app(build_bare_app(), health_only_core())
    if settings.talkbot_workers > 1:  # as `talkbot serve` does (bot.serve._run_workers)
        sys.exit(
            serve_workers(
                web_app, settings.host, settings.port, settings.talkbot_workers, lambda n: None
            )
        )
    _serve(web_app, settings)


if __name__ == "__main__":
    main()
