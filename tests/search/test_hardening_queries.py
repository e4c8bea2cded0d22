"""Property-based hardening of queries and of the Slack replies built from them.

A query is whatever a person (or a paste) puts after `/talk`: any Unicode, control characters,
pages of text, half-typed filters, or Slack's own encoding of mentions and links. Whatever it
is, the bot answers (a card, a no-match list, help) or says in one sentence why it cannot,
within 50 ms; and neither the query nor the notes can make a reply ping people (`<!channel>`,
`<@U…>`, `<#C…>`) or show a link the notes did not hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from timing import fastest_of

from bot.cards.answers import Surface, answer_message, shared_message
from bot.cards.message import Message
from bot.cards.mrkdwn import is_web_url, link, safe_url
from bot.core.talkbot import Talkbot
from bot.records.library import load_file
from bot.records.markdown_notes import parse_notes
from bot.records.models import Link, LinkKind, Source, Talk
from bot.search.answer import Answer, AnswerKind, Hit
from bot.search.engine import SearchEngine

QUERY_BUDGET_SECONDS = 0.050
SURFACES = list(Surface)

# Notes written to attack the cards: mentions, Slack link syntax, entities and non-web links
# in every field the parser fills.
HOSTILE_NOTES = """\
# Evil Con <!here> 2024

## <!channel> Free pizza <@U123> & friends > all
<@U999> and Ana Lima

> Click <https://evil.example|here> now <!here> <#C1|general> &amp; <mailto:x@y.z> today.

Slides: <https://good.example/slides|<!channel>>
- [<!everyone>](https://ok.example/a|b>c)
- javascript:alert(1) <javascript:alert(1)> [x](javascript:alert(1)) <slack://open>
- see <!subteam^S1|@team> and <@W42|boss> &lt;!channel&gt;

## Pizza party — <!channel> and Bo Chen
**Speaker:** <@U123>, Bo <#C9|random>
Video: https://video.example/watch?v=1&list=<!here>
> <!channel> summary & <b>bold</b> >>> quote

## `<@U1>` **<!here>** by Ana Lima
Ana Lima
https://ok.example/talk/<@U1>|x
"""


def _hand_made_talks() -> list[Talk]:
    """Talks no parser would produce, with hostile text in every field a card shows."""
    evil = "<!channel> <@U123> <#C1|x> <https://evil.example|click> & > <mailto:a@b.c>"
    return [
        Talk(
            id="evil-2024/hand-made",
            conference="<!here> Con",
            year=2024,
            title=f"Hand made {evil}",
            speakers=["<@U123>", "Bo <#C1|general>", "Eve & Mallory > Trent"],
            handles=["@<!channel>"],
            links=[
                Link(url="javascript:alert(1)", label="<!channel>", kind=LinkKind.SLIDES),
                Link(url="https://ok.example/x>|<!channel>", label="a|b>c<@U1>"),
                Link(url="slack://open?team=T1", label="open", kind=LinkKind.CODE),
                Link(url="mailto:a@b.c", label="<mailto:a@b.c>", kind=LinkKind.SPEAKER),
                Link(url="https://ok.example/talk?a=1&b=<@U2>", label="", kind=LinkKind.TALK_PAGE),
                Link(url="https://", label="no host", kind=LinkKind.VIDEO),
            ],
            abstract=f"Abstract {evil}",
            tagline=f"Tagline {evil}",
            notes=f"Notes {evil}",
            summary=f"Summary {evil}",
            virtual=True,
            source=Source(file="hand.md", line=1),
        ),
        Talk(
            id="evil-2024/only-handles",
            conference="<#C1|x>",
            title="<@U123>",
            handles=["<!everyone>", "@ok"],
            links=[Link(url="https://ok.example/only|<!here>", label="<!here>")],
            source=Source(file="hand.md", line=9),
        ),
    ]


BUNDLED_NOTES = Path(__file__).resolve().parents[2] / "data" / "pycascades-2024.md"


@cache
def _bundled_talks() -> tuple[Talk, ...]:
    """The 27 talks of the bundled notes: the file alone, whatever else `data/` holds."""
    talks = tuple(load_file(BUNDLED_NOTES).talks)
    assert len(talks) >= 27
    return talks


@cache
def _hostile_talks() -> tuple[Talk, ...]:
    parsed = parse_notes(HOSTILE_NOTES, "evil.md")
    assert len(parsed.talks) == 3, "the hostile notes should give three talks"
    return (*parsed.talks, *_hand_made_talks())


@cache
def _bundled_bot() -> Talkbot:
    return Talkbot(_bundled_talks())


@cache
def _mixed_bot() -> Talkbot:
    """Bundled talks plus the hostile ones, so queries can reach hostile cards."""
    return Talkbot([*_bundled_talks(), *_hostile_talks()])


# -- what a safe reply is -----------------------------------------------------------------

# `<https://…|label>` or `<https://…>`: the only angle-bracket tokens a reply may hold.
_LINK_TOKEN = re.compile(r"<(https?://[^|<>\s]+)(?:\|[^<>]*)?>")
# A no-match reply quotes the query; each `'key:…'` in a refusal is one problem.
_FILTER_PROBLEM = re.compile(r"'\w+:[^']*'")


def _mrkdwn_texts(value: Any) -> Iterator[str]:
    """Every mrkdwn string in blocks: Slack parses mentions and links only in these.

    `plain_text` (headers, button labels) is shown literally and button values are never
    shown, so they cannot ping or link; they are left out on purpose.
    """
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str):
            yield value["text"]
        for key, inner in value.items():
            if key != "text" or not isinstance(inner, str):
                yield from _mrkdwn_texts(inner)
    elif isinstance(value, list):
        for item in value:
            yield from _mrkdwn_texts(item)


def _allowed_urls(talks: tuple[Talk, ...] | list[Talk]) -> set[str]:
    """The notes' web links as a card writes them (escaped for Slack's link syntax)."""
    return {safe_url(lk.url) for t in talks for lk in t.links if is_web_url(lk.url)}


def assert_safe(message: Message, talks: tuple[Talk, ...] | list[Talk]) -> None:
    """No mention, channel or special command, and only links the notes held."""
    allowed = _allowed_urls(talks)
    for text in [message.text, *_mrkdwn_texts(message.blocks)]:
        for url in _LINK_TOKEN.findall(text):
            assert url in allowed, f"link not in the notes: {url!r} in {text!r}"
        rest = _LINK_TOKEN.sub("", text)
        assert "<" not in rest and ">" not in rest, f"unescaped bracket in {text!r}"
        for token in ("<!", "<@", "<#"):
            assert token not in text, f"{token} in {text!r}"


def assert_answers(message: Message, answer: Answer) -> None:
    """An answer (card, list, help) or, when refused, one line naming one problem."""
    assert message.text.strip()
    assert message.blocks
    if answer.kind is AnswerKind.REFUSED:
        assert "\n" not in message.text
        assert answer.message.strip()


def _timed_reply(bot: Talkbot, query: str, surface: Surface) -> tuple[Answer, Message, float]:
    """`ask` then `reply` (as the listener does), best of three runs against a busy CI box."""
    (answer, message), best = fastest_of(
        3, lambda: (bot.engine.ask(query, limit=6), bot.reply(query, surface))
    )
    return answer, message, best


# -- queries ------------------------------------------------------------------------------

_SLACK_ENCODED = [
    "<@U123>",
    "<@U123|ana>",
    "<#C1|x>",
    "<#C0123ABC|general>",
    "<!channel>",
    "<!here>",
    "<!subteam^S1|@team>",
    "<mailto:ana@example.com|ana@example.com>",
    "<https://evil.example|click>",
    "<https://good.example>",
    "&lt;!channel&gt;",
    "&amp;",
    "&gt;",
]
_FILTERS = [
    "speaker:",
    "speakers:",
    "by:",
    "conf:",
    "conference:",
    "event:",
    "year:",
    "kind:",
    "type:",
    'speaker:"',
    "year:20x",
    "kind:<!here>",
    "speaker:<@U1>",
    "conf:&amp;",
]
_WORDS = [
    "playwright",
    "python",
    "rust",
    "typing",
    "nix",
    "random",
    "help",
    "who talked about",
    "pycascades",
    "2024",
    "lightning",
    "pizza",
    "channel",
    "evil",
    "Ana",
    "keynote",
]
_CONTROL = st.characters(categories=["Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Zs"])

_QUERY_PART = st.one_of(
    st.sampled_from(_SLACK_ENCODED),
    st.sampled_from(_FILTERS),
    st.sampled_from(_WORDS),
    st.text(max_size=15),
    st.text(_CONTROL, max_size=5),
)
QUERIES = st.one_of(
    st.lists(_QUERY_PART, max_size=8).map(" ".join),
    st.lists(_QUERY_PART, max_size=8).map("".join),
    st.text(max_size=120),
    st.text(_CONTROL, max_size=40),
    st.sampled_from(_FILTERS),
    # Long pastes: 10,000 characters, and just either side of the 500-character limit.
    st.builds(
        lambda s, n: (s or "x") * (n // max(1, len(s or "x"))) + "a",
        st.text(min_size=1, max_size=8),
        st.sampled_from([10_000, 499, 501]),
    ),
)


@settings(max_examples=120, deadline=None)
@given(query=QUERIES, surface=st.sampled_from(SURFACES))
def test_any_query_answers_within_budget(query: str, surface: Surface) -> None:
    bot = _bundled_bot()
    answer, message, seconds = _timed_reply(bot, query, surface)
    assert_answers(message, answer)
    assert_safe(message, _bundled_talks())
    assert seconds < QUERY_BUDGET_SECONDS, f"{seconds * 1000:.1f} ms for {query[:80]!r}"


@settings(max_examples=120, deadline=None)
@given(query=QUERIES, surface=st.sampled_from(SURFACES), offset=st.sampled_from([0, 0, 5, 50]))
def test_replies_over_hostile_notes_never_ping_or_add_links(
    query: str, surface: Surface, offset: int
) -> None:
    bot = _mixed_bot()
    message = bot.reply(query, surface, offset)
    assert message.text.strip()
    assert_safe(message, bot.talks)


@pytest.mark.parametrize(
    "query",
    [
        "pizza",
        "channel",
        "evil con",
        "hand made",
        "random",
        "speaker:ana",
        "kind:talk",
        "year:2024 conf:evil",
        "U123",
        "only handles",
        "click here now",
    ],
)
@pytest.mark.parametrize("surface", SURFACES)
def test_hostile_cards_found_by_search_are_inert(query: str, surface: Surface) -> None:
    bot = _mixed_bot()
    assert_safe(bot.reply(query, surface), bot.talks)


@pytest.mark.parametrize("talk", _hostile_talks(), ids=lambda t: t.id)
@pytest.mark.parametrize("surface", SURFACES)
def test_every_hostile_talk_renders_inert_in_every_message(talk: Talk, surface: Surface) -> None:
    """Each hostile talk as the best match, as one of the others, as a suggestion, at random."""
    others = [Hit(talk=t, score=0.5) for t in _hostile_talks() if t is not talk]
    answers = [
        Answer(query="<!channel>", matches=[Hit(talk=talk, score=1.0), *others]),
        Answer(query="<@U1>", matches=[*others, Hit(talk=talk, score=0.1)]),
        Answer(query="&<>", suggestions=[Hit(talk=talk, score=0.3), *others]),
        Answer(query="random", kind=AnswerKind.RANDOM, matches=[Hit(talk=talk, score=1.0)]),
        Answer(query="<#C1|x>", kind=AnswerKind.REFUSED, message="<!channel> & <@U1> no"),
    ]
    for answer in answers:
        assert_safe(answer_message(answer, surface), _hostile_talks())


@pytest.mark.parametrize("invisible", ["\t", "\n", "\x1f", "\x00", "\u200b", "\u2028", "\x85"])
def test_link_with_whitespace_or_control_in_its_url_stays_one_token(invisible: str) -> None:
    """Found by `test_any_talk_renders_inert`: a URL holding U+001F (or a tab, a newline)
    was written into `<url|label>` as is, and Slack shows such a token as raw text."""
    made = link(f"https://ok.example/a{invisible}b", "Slides")
    assert _LINK_TOKEN.fullmatch(made), made
    assert invisible not in made


def test_share_names_only_the_sharer() -> None:
    """The one mention a message may hold: 'Shared by <@U…>', added by the bot."""
    for talk in _hostile_talks():
        message = shared_message(talk, "U0123ABC")
        context = message.blocks[0]["elements"][0]["text"]
        assert context == "Shared by <@U0123ABC>"
        assert message.text.startswith("<@U0123ABC> shared ")
        without_sharer = Message(
            text=message.text.removeprefix("<@U0123ABC>"), blocks=message.blocks[1:]
        )
        assert_safe(without_sharer, _hostile_talks())
        hostile_sharer = shared_message(talk, "<!channel>")
        assert_safe(hostile_sharer, _hostile_talks())


_HOSTILE_TEXT = st.lists(
    st.one_of(
        st.sampled_from([*_SLACK_ENCODED, "<", ">", "&", "|", "*", "`", "\n"]), st.text(max_size=10)
    ),
    max_size=8,
).map("".join)
_LINKS = st.lists(
    st.builds(
        Link,
        url=st.one_of(
            st.sampled_from(
                [
                    "https://ok.example/a",
                    "javascript:alert(1)",
                    "mailto:a@b.c",
                    "slack://open",
                    "https://",
                    "http://x.y/<!channel>|z",
                ]
            ),
            st.builds("https://ok.example/{}".format, _HOSTILE_TEXT),
            _HOSTILE_TEXT,
        ),
        label=_HOSTILE_TEXT,
        kind=st.sampled_from(list(LinkKind)),
    ),
    max_size=8,
)
_TALKS = st.builds(
    Talk,
    id=st.just("fuzz-2024/talk"),
    conference=_HOSTILE_TEXT,
    year=st.one_of(st.none(), st.integers(1980, 2100)),
    day=st.one_of(st.none(), st.integers(1, 5)),
    title=_HOSTILE_TEXT,
    speakers=st.lists(_HOSTILE_TEXT, max_size=4),
    handles=st.lists(_HOSTILE_TEXT, max_size=3),
    links=_LINKS,
    abstract=_HOSTILE_TEXT,
    tagline=_HOSTILE_TEXT,
    notes=_HOSTILE_TEXT,
    summary=_HOSTILE_TEXT,
    virtual=st.booleans(),
    source=st.just(Source(file="fuzz.md", line=1)),
)


@settings(max_examples=100, deadline=None)
@given(talk=_TALKS, query=_HOSTILE_TEXT, surface=st.sampled_from(SURFACES))
def test_any_talk_renders_inert(talk: Talk, query: str, surface: Surface) -> None:
    for answer in (
        Answer(query=query, matches=[Hit(talk=talk, score=1.0), Hit(talk=talk, score=0.5)]),
        Answer(query=query, suggestions=[Hit(talk=talk, score=0.2)]),
        Answer(query=query, kind=AnswerKind.RANDOM, matches=[Hit(talk=talk, score=1.0)]),
    ):
        assert_safe(answer_message(answer, surface), [talk])


@settings(max_examples=40, deadline=None)
@given(
    notes=st.lists(
        st.one_of(st.sampled_from(HOSTILE_NOTES.splitlines()), _HOSTILE_TEXT), max_size=20
    ).map("\n".join)
)
def test_parsed_hostile_notes_search_and_render_inert(notes: str) -> None:
    """Notes shuffled from the hostile file, searched by their own words."""
    talks = parse_notes("# Fuzz 2024\n## A talk\nAna Lima\n" + notes, "fuzz.md").talks
    engine = SearchEngine(talks)
    for talk in talks:
        for query in (talk.title, " ".join(talk.speakers), "random"):
            answer = engine.ask(query[:400], limit=6)
            for surface in SURFACES:
                assert_safe(answer_message(answer, surface), talks)


# -- bugs found in search (bot/search is being optimised by someone else) -----------------


@pytest.mark.parametrize("query", ["speaker: kind:", "year:abc kind:x", "by: " * 60])
def test_several_bad_filters_are_refused_in_one_sentence(query: str) -> None:
    answer = _bundled_bot().engine.ask(query)
    assert answer.kind is AnswerKind.REFUSED
    assert len(_FILTER_PROBLEM.findall(answer.message)) <= 1
