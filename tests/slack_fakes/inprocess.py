"""An in-process harness, in the manner of errbot's test backend: push what a person does in
Slack into the Bolt app, pop what the bot sent to the Web API.

The Bolt app is the one `talkbot serve` runs (`build_app`), and every request is signed as
Slack signs it, but it is handed to `App.dispatch` directly: no HTTP server, no process. Its
Web API calls and `response_url` replies go to the fake Web API on loopback, which records
them; `pop` returns the next one.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import App, BoltRequest

from bot.core.talkbot import Talkbot
from bot.records.models import Talk
from bot.slack.app import build_app
from bot.slack.settings import load_settings
from slack_fakes import signing as sl
from slack_fakes.web_api import Call, FakeSlack, running_fake_slack

# Calls that only set the app up; they are never what a test pops.
_SETUP = {"auth.test", "apps.connections.open"}


@dataclass
class Harness:
    app: App
    talkbot: Talkbot
    fake: FakeSlack
    _popped: int = 0
    _ts: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    # -- what a person does -------------------------------------------------------------

    def command(self, text: str, *, user: str = "U0ASKER", channel: str = "C0GENERAL") -> int:
        body, ctype = sl.slash_command(text, self.fake.response_url("cmd"), user, channel)
        return self._dispatch(body, ctype)

    def mention(
        self, text: str, *, thread_ts: str | None = None, channel: str = "C0GENERAL"
    ) -> str:
        """A mention; its ts, the thread a reply goes to when it started none."""
        ts = self.next_ts()
        self._dispatch(*sl.json_body(sl.mention(text, ts, thread_ts, channel)))
        return ts

    def dm(self, text: str) -> str:
        ts = self.next_ts()
        self._dispatch(*sl.json_body(sl.direct_message(text, ts)))
        return ts

    def click(
        self, action_id: str, value: str, *, ephemeral: bool = True, channel: str = "C0GENERAL"
    ) -> dict[str, Any]:
        payload = sl.block_action(
            action_id, value, self.fake.response_url("click"), ephemeral=ephemeral, channel=channel
        )
        self._dispatch(*sl.form_payload(payload))
        return payload

    def open_home(self, user: str = "U0ASKER") -> None:
        event = {
            "type": "app_home_opened",
            "user": user,
            "channel": "D0HOME",
            "tab": "home",
            "event_ts": self.next_ts(),
        }
        self._dispatch(*sl.json_body(sl.event_callback(event)))

    # -- what the bot did -----------------------------------------------------------------

    def pop(self, timeout: float = 10.0) -> Call:
        """The next thing the bot sent (a Web API call or a response_url post)."""
        wanted = self._popped + 1
        calls = self.fake.wait_for(lambda c: c.method not in _SETUP, count=wanted, timeout=timeout)
        self._popped = wanted
        return calls[wanted - 1]

    def sent(self) -> list[Call]:
        """Everything sent so far that a test could pop, popped or not."""
        return [c for c in list(self.fake.calls) if c.method not in _SETUP]

    def next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _dispatch(self, body: bytes, content_type: str) -> int:
        headers = {
            "content-type": [content_type],
            **{k.lower(): [v] for k, v in sl.sign(body).items()},
        }
        response = self.app.dispatch(BoltRequest(body=body.decode(), headers=headers))
        return response.status


@contextmanager
def harness(talks: Sequence[Talk], **talkbot_args: Any) -> Iterator[Harness]:
    with running_fake_slack() as fake:
        settings = load_settings(
            env_file=None,
            slack_bot_token=sl.BOT_TOKEN,
            slack_signing_secret=sl.SIGNING_SECRET,
            slack_app_token=None,
            slack_api_url=fake.api_url,
        )
        talkbot = Talkbot(talks, **talkbot_args)
        yield Harness(build_app(settings, talkbot), talkbot, fake)


def blocks_text(call: Call) -> str:
    return json.dumps(call.blocks, ensure_ascii=False)
