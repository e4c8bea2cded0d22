"""Listener pieces called directly, in the starter template's style: no server, no Slack."""

from __future__ import annotations

from typing import Any
from unittest.mock import Mock

from slack_bolt import Ack, BoltContext, Respond
from slack_fakes.talks import sample_talks

from bot.cards.answers import Surface
from bot.search.answer import Answer
from bot.search.engine import SearchEngine
from bot.slack.listeners.actions.more_results import handle_more_results
from bot.slack.listeners.commands.talk import handle_talk_command
from bot.slack.listeners.events.question import is_from_a_person, question_text
from bot.slack.replies import CONTEXT_KEY, MAX_MATCHES, Talkbot


def context_with(talkbot: Talkbot) -> BoltContext:
    context = BoltContext()
    context[CONTEXT_KEY] = talkbot
    return context


def test_question_text_strips_only_the_bots_mention_and_unescapes() -> None:
    event = {"text": "<@U0BOT|talkbot> talks by <@U0ALICE> on a &lt;b&gt; &amp; c"}
    assert question_text(event, "U0BOT") == "talks by <@U0ALICE> on a <b> & c"
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


def test_redeliveries_are_recognised() -> None:
    talkbot = Talkbot([])
    assert talkbot.first_delivery("C1:1.0")
    assert not talkbot.first_delivery("C1:1.0")
    for i in range(3000):
        talkbot.first_delivery(f"C1:{i}")
    assert talkbot.first_delivery("C1:1.0")  # forgotten after many others: memory is bounded


def test_share_of_unknown_talk_is_none() -> None:
    talkbot = Talkbot(sample_talks())
    assert talkbot.share("nope", "U1") is None
    shared: Any = talkbot.share("talk-0", "U1")
    assert "Shared by <@U1>" in str(shared.blocks)
