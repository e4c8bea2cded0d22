"""Listener pieces called directly, in the starter template's style: no server, no Slack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import Mock

from slack_bolt import Ack, BoltContext, Respond
from slack_fakes.talks import sample_talks

from bot.cards.answers import Surface
from bot.core.talkbot import MAX_MATCHES, Talkbot
from bot.search.answer import Answer
from bot.search.engine import SearchEngine
from bot.slack.context import CONTEXT_KEY
from bot.slack.listeners.actions.more_results import handle_more_results
from bot.slack.listeners.commands.talk import handle_talk_command
from bot.slack.listeners.events.question import is_from_a_person, question_text
from bot.slack_api.deliveries import KEEP_FOR, DeliveryLog, delivery_keys
from bot.storage import open_engine


def context_with(talkbot: Talkbot) -> BoltContext:
    context = BoltContext()
    context[CONTEXT_KEY] = talkbot
    return context


def test_question_text_strips_only_the_bots_mention_and_unescapes() -> None:
    event = {"text": "<@U0BOT|talkbot> talks by <@U0ALICE|alice> on a &lt;b&gt; &amp; c"}
    assert question_text(event, "U0BOT") == "talks by @alice on a <b> & c"
    assert question_text({"text": "<@U0BOT>"}, "U0BOT") == ""
    assert question_text({}, None) == ""


def test_only_people_are_answered() -> None:
    assert is_from_a_person({"user": "U1", "text": "hi"})
    assert not is_from_a_person({"user": "U1", "bot_id": "B1"})
    assert not is_from_a_person({"user": "U1", "subtype": "message_changed"})
    assert not is_from_a_person({"subtype": "bot_message"})


def test_slash_command_acks_then_responds_ephemerally() -> None:
    ack, respond = Mock(Ack), Mock(Respond)
    respond.return_value = Mock(status_code=200)
    handle_talk_command(
        ack=ack,
        command={"text": "async"},
        respond=respond,
        context=context_with(Talkbot(sample_talks())),
        logger=Mock(),
    )
    ack.assert_called_once_with()
    kwargs = respond.call_args.kwargs
    assert kwargs["response_type"] == "ephemeral"
    assert "Async Python in Practice" in kwargs["text"]


def test_unreadable_more_button_gets_a_polite_reply() -> None:
    ack, respond = Mock(Ack), Mock(Respond)
    handle_more_results(
        ack=ack,
        body={"container": {"is_ephemeral": True}},
        action={"value": "not json"},
        respond=respond,
        context=context_with(Talkbot(sample_talks())),
    )
    ack.assert_called_once_with()
    assert "no longer works" in respond.call_args.kwargs["text"]
    assert respond.call_args.kwargs["replace_original"] is False


class BrokenEngine(SearchEngine):
    def ask(self, query: str, limit: int = 5) -> Answer:
        raise RuntimeError("index corrupted")


def test_a_failing_search_still_answers() -> None:
    talkbot = Talkbot(sample_talks(), engine=BrokenEngine([]))
    message = talkbot.reply("python", Surface.MENTION)
    assert "something went wrong" in message.text


class RecordingEngine(SearchEngine):
    def __init__(self) -> None:
        super().__init__([])
        self.limits: list[int] = []

    def ask(self, query: str, limit: int = 5) -> Answer:
        self.limits.append(limit)
        return Answer(query=query)


def test_paging_asks_for_one_more_than_the_page_and_is_bounded() -> None:
    engine = RecordingEngine()
    talkbot = Talkbot([], engine=engine)
    talkbot.reply("q", Surface.COMMAND, offset=0)
    talkbot.reply("q", Surface.COMMAND, offset=5)
    talkbot.reply("q", Surface.COMMAND, offset=10**9)
    assert engine.limits == [6, 11, MAX_MATCHES + 1]


def test_redeliveries_are_recognised_by_event_id_or_message() -> None:
    talkbot = Talkbot([])
    mention = {"channel": "C1", "ts": "1.0"}
    assert talkbot.first_delivery(delivery_keys({"event_id": "Ev1"}, mention))
    # a retry of the same event, and another event about the same message (e.g. message.im)
    assert not talkbot.first_delivery(delivery_keys({"event_id": "Ev1"}, mention))
    assert not talkbot.first_delivery(delivery_keys({"event_id": "Ev2"}, mention))
    other = {"channel": "C1", "ts": "2.0"}
    assert talkbot.first_delivery(delivery_keys({"event_id": "Ev3"}, other))


def test_instances_sharing_a_store_answer_once(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'state.sqlite3'}")
    first, second = (
        Talkbot([], deliveries=DeliveryLog(engine)),
        Talkbot([], deliveries=DeliveryLog(engine)),
    )
    keys = delivery_keys({"event_id": "Ev9"}, {"channel": "C1", "ts": "9.0"})
    assert [first.first_delivery(keys), second.first_delivery(keys)] == [True, False]


def test_old_deliveries_are_pruned() -> None:
    clock = Mock(return_value=datetime(2026, 1, 1, tzinfo=UTC))
    log = DeliveryLog(open_engine("sqlite://"), clock=clock)
    assert log.first(["event:old"])
    clock.return_value += KEEP_FOR + timedelta(minutes=1)
    log.prune()
    assert log.first(["event:old"])  # forgotten once Slack can no longer retry it


def test_share_of_unknown_talk_is_none() -> None:
    talkbot = Talkbot(sample_talks())
    assert talkbot.share("nope", "U1") is None
    shared: Any = talkbot.share("talk-0", "U1")
    assert "Shared by <@U1>" in str(shared.blocks)
