"""What the bot does with requests no other listener takes: a quiet, polite answer.

Bolt answers an unhandled request with 404, and Slack counts 404s on events as failed
deliveries, disabling subscriptions that fail too often. So anything unexpected is
acknowledged here, registered last so that it only catches what the real listeners do not.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App

_ANYTHING = re.compile(r".*")


def register(app: App) -> None:
    app.command(_ANYTHING)(handle_other_command)
    app.event(_ANYTHING)(ignore_event)
    app.action(_ANYTHING)(ignore_action)


def handle_other_command(ack: Ack, command: dict[str, Any], logger: logging.Logger) -> None:
    """Another app's command routed here by mistake (a manifest edit): say what we answer."""
    logger.info("ignoring the unknown command %.40s", str(command.get("command") or ""))
    ack(text="Talkbot only answers `/talk`. Try `/talk help`.")


def ignore_event(ack: Ack, body: dict[str, Any], logger: logging.Logger) -> None:
    event_type = str((body.get("event") or {}).get("type") or "")
    logger.debug("acknowledging an event with no listener: %.40s", event_type)
    ack()


def ignore_action(ack: Ack) -> None:
    ack()
