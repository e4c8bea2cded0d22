"""How listeners reach the answering core: through Bolt's request context (see `bot.slack.app`)."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.core.talkbot import Talkbot

CONTEXT_KEY = "talkbot"


def talkbot_of(context: BoltContext) -> Talkbot:
    found = context.get(CONTEXT_KEY)
    if not isinstance(found, Talkbot):
        raise RuntimeError("no Talkbot in the request context: build the app with build_app")
    return found
