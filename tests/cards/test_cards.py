"""Cards: escaping of untrusted note text and queries, and Block Kit limits."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_fakes.talks import make_talk, sample_talks
from slack_sdk.models.blocks import Block

from bot.cards.actions import MORE_ACTION, SHARE_ACTION, parse_more_value
from bot.cards.answers import Surface, answer_message, help_message, shared_message
from bot.cards.message import MAX_BLOCKS, Message
from bot.cards.mrkdwn import escape, escape_truncated, link, truncate, unescape
from bot.records.models import Link, LinkKind
from bot.search.answer import Answer, AnswerKind, Hit

ATTACKS = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U123>",
    "<#C123>",
    "<https://evil.example|click>",
    "<!subteam^S123>",
    "&lt;!channel&gt;",
]
# A Slack special sequence is `<` followed by `!`, `@`, `#` or a URL; escaped text has no `<`
# at all except in the links the cards build on purpose.
_RAW_SPECIAL = re.compile(r"<[!@#]")


def mrkdwn_strings(value: Any) -> list[str]:
    """Every mrkdwn text in the blocks: what Slack parses for mentions and links.

    plain_text fields and button values are shown or returned literally, never parsed.
    """
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn":
            return [value["text"]]
        return [s for v in value.values() for s in mrkdwn_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in mrkdwn_strings(v)]
    return []


def assert_valid(message: Message) -> None:
    """Round-trip every block through slack_sdk's models, which enforce the per-field limits."""
    assert message.text.strip()
    assert len(message.blocks) <= MAX_BLOCKS
    for block in message.blocks:
        parsed = Block.parse(block)
        assert parsed is not None
        assert parsed.to_dict() == block


def assert_inert(message: Message, allowed_mentions: tuple[str, ...] = ()) -> None:
    for text in [message.text, *mrkdwn_strings(message.blocks)]:
        for found in _RAW_SPECIAL.findall(text):
            assert any(m in text for m in allowed_mentions), (found, text)
        for m in re.findall(r"<([^>|]*)\|", text):
            assert m.startswith(("http://", "https://")), text


def hits(talks: list[Any]) -> list[Hit]:
    return [Hit(talk=t, score=1.0) for t in talks]


# -- mrkdwn helpers -------------------------------------------------------------------------


def test_escape_and_unescape_round_trip() -> None:
    text = "a & b <!channel> > c"
    assert escape(text) == "a &amp; b &lt;!channel&gt; &gt; c"
    assert unescape(escape(text)) == text


def test_truncate_cuts_at_a_word_and_marks_the_cut() -> None:
    text = "the quick brown fox jumps over the lazy dog"
    cut = truncate(text, 20)
    assert len(cut) <= 20
    assert cut.endswith("…")
    assert cut == "the quick brown fox…"
    assert truncate("short", 20) == "short"


def test_escape_truncated_never_splits_an_entity() -> None:
    text = "<<<<<<<<<<<<<<<<<<<<"
    out = escape_truncated(text, 17)
    assert len(out) <= 17
    assert re.fullmatch(r"(&lt;)*…", out)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "slack://open", "mailto:a@b.c", "ftp://x.org/f", "//x.org"]
)
def test_only_web_urls_become_links(url: str) -> None:
    assert "<" not in link(url, "label")


def test_link_label_cannot_break_out() -> None:
    out = link("https://ok.example/a?x=1&y=<2>|3", "click|<!here>>me")
    assert out.startswith("<https://ok.example/a?x=1&amp;y=%3C2%3E%7C3|")
    assert out.count("<") == 1 and out.count(">") == 1 and out.count("|") == 1


# -- cards ----------------------------------------------------------------------------------


def test_best_match_card_then_one_line_others_and_buttons() -> None:
    talks = sample_talks()[:7]
    answer = Answer(query="python", matches=hits(talks))
    message = answer_message(answer, Surface.COMMAND)
    assert_valid(message)
    blocks = message.blocks
    header = next(b for b in blocks if b["type"] == "header")
    assert header["text"]["text"] == "Types, In My Python?!"
    body = json.dumps(blocks)
    assert "Speaker 0" in body and "PyCascades 2024" in body and "Day 1" in body
    assert "<https://pretalx.com/pycascades-2024/talk/HLAM8G/|Talk page>" in body
    assert "<https://example.com/slides.pdf|Slides>" in body
    also = next(b for b in blocks if b["type"] == "section" and "Also" in b["text"]["text"])
    assert also["text"]["text"].count("\n") == 4  # four other matches, one line each
    actions = next(b for b in blocks if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == [SHARE_ACTION, MORE_ACTION]
    assert actions[0]["value"] == "talk-0"
    assert parse_more_value(actions[1]["value"]) == ("python", 5)
    assert "Types, In My Python?!" in message.text


def test_second_page_and_last_page() -> None:
    answer = Answer(query="python", matches=hits(sample_talks()[:7]))
    page2 = answer_message(answer, Surface.COMMAND, offset=5)
    assert_valid(page2)
    header = next(b for b in page2.blocks if b["type"] == "header")
    assert header["text"]["text"] == "Profiling Python Code"
    actions = next(b for b in page2.blocks if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == [SHARE_ACTION]  # nothing after this page
    gone = answer_message(answer, Surface.COMMAND, offset=50)
    assert "No more talks match" in gone.text


def test_thread_replies_offer_no_share_button() -> None:
    answer = Answer(query="python", matches=hits(sample_talks()[:7]))
    for surface in (Surface.MENTION, Surface.DM):
        message = answer_message(answer, surface)
        actions = next(b for b in message.blocks if b["type"] == "actions")["elements"]
        assert [a["action_id"] for a in actions] == [MORE_ACTION]


def test_no_match_lists_suggestions_but_never_as_the_answer() -> None:
    suggestion = make_talk("Typing in Practice")
    answer = Answer(query="tpyes <!here>", suggestions=hits([suggestion]))
    message = answer_message(answer, Surface.COMMAND)
    assert_valid(message)
    assert_inert(message)
    assert message.text.startswith('No talk matches "tpyes &lt;!here&gt;".')
    assert not any(b["type"] in ("header", "actions") for b in message.blocks)
    assert "Closest" in json.dumps(message.blocks) and "Typing in Practice" in message.text


def test_help_and_random_and_refused() -> None:
    for surface in Surface:
        message = answer_message(Answer(query="", kind=AnswerKind.HELP), surface, talk_count=3)
        assert_valid(message)
        assert "random" in json.dumps(message.blocks)
    assert "/talk" in json.dumps(help_message(Surface.COMMAND).blocks)
    talk = make_talk()
    rnd = answer_message(
        Answer(query="random", kind=AnswerKind.RANDOM, matches=hits([talk])), Surface.COMMAND
    )
    assert_valid(rnd)
    assert "random" in rnd.text
    refused = answer_message(
        Answer(query="x", kind=AnswerKind.REFUSED, message="Too long <!channel>"), Surface.DM
    )
    assert_valid(refused)
    assert_inert(refused)


def test_shared_message_says_who_shared() -> None:
    message = shared_message(make_talk(), "U0SHARER")
    assert_valid(message)
    assert message.blocks[0]["elements"][0]["text"] == "Shared by <@U0SHARER>"
    assert "<@U0SHARER>" in message.text
    forged = shared_message(make_talk(), "<!channel>")
    assert_inert(forged)


@pytest.mark.parametrize("attack", ATTACKS)
def test_note_text_and_query_cannot_ping_or_forge_links(attack: str) -> None:
    talk = make_talk(
        title=f"Title {attack}",
        speakers=[f"Speaker {attack}"],
        conference=f"Conf {attack}",
        summary=f"Summary {attack}",
        links=[
            Link(url="https://ok.example/", label=f"label {attack}", kind=LinkKind.OTHER),
            Link(url=f"javascript:{attack}", label="js", kind=LinkKind.OTHER),
        ],
    )
    answer = Answer(query=f"q {attack}", matches=hits([talk, talk]))
    for surface in Surface:
        message = answer_message(answer, surface)
        assert_valid(message)
        assert_inert(message)
    assert_inert(shared_message(talk, "U1"), allowed_mentions=("<@U1>",))
    no_match = answer_message(Answer(query=attack, suggestions=hits([talk])), Surface.COMMAND)
    assert_inert(no_match)


def test_huge_talk_is_shortened_not_refused() -> None:
    many_links = [
        Link(url=f"https://example.com/{i}/" + "x" * 400, label="l" * 200, kind=LinkKind.OTHER)
        for i in range(20)
    ]
    talk = make_talk(
        title="Long " * 100,
        speakers=[f"Person {i}" for i in range(200)],
        conference="C" * 500,
        summary="",
        abstract="word " * 5000,
        links=many_links,
    )
    answer = Answer(query="q" * 5000, matches=hits([talk] * 60))
    for surface in Surface:
        message = answer_message(answer, surface)
        assert_valid(message)
        assert len(json.dumps(message.blocks)) < 15000
        assert len(message.text) <= 600
    body = json.dumps(answer_message(answer, Surface.COMMAND).blocks)
    # The card shows the first links and promises none it cannot open.
    assert "more in the notes" not in body and body.count("https://example.com/") == 6
    # A query too long to carry in a button loses 'More results', not the whole message.
    actions = next(
        b for b in answer_message(answer, Surface.COMMAND).blocks if b["type"] == "actions"
    )
    assert [a["action_id"] for a in actions["elements"]] == [SHARE_ACTION]


_pieces = st.sampled_from([*"ab <>&|!@#*_~`:/\n", "<!channel>", "<@U1>", "https://", "&lt;"])
_text = st.lists(_pieces, max_size=120).map("".join)


@settings(max_examples=150, deadline=None)
@given(title=_text, speaker=_text, summary=_text, query=_text, label=_text, url=_text)
def test_any_text_gives_valid_inert_blocks(
    title: str, speaker: str, summary: str, query: str, label: str, url: str
) -> None:
    talk = make_talk(
        title=title or "t",
        speakers=[speaker] if speaker else [],
        summary=summary,
        links=[Link(url=url, label=label, kind=LinkKind.SLIDES)],
    )
    for answer in (
        Answer(query=query, matches=hits([talk] * 6)),
        Answer(query=query, suggestions=hits([talk])),
    ):
        message = answer_message(answer, Surface.COMMAND)
        assert_valid(message)
        assert_inert(message)
