"""What the team noted, on every answer, over the real wiring: signed requests to the HTTP app,
replies and modals recorded by the fake Web API.

The bot serves the seed notes, two people's notes of one talk (the team fixture) and our
notes of a conference beside its pyvideo recordings (the riverpy fixture).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_fakes import signing as sl
from slack_fakes.harness import post_signed, serving_in_thread
from slack_fakes.web_api import Call, FakeSlack, running_fake_slack
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.cards.notes_view import SHOW_NOTES_ACTION, notes_view
from bot.cards.talk_card import links_line
from bot.core.talkbot import Talkbot
from bot.records.library import load_library
from bot.records.models import Link, LinkKind, Source, SourceKind, Talk, TalkSource
from bot.slack.app import build_app
from bot.slack.settings import load_settings
from bot.slack.web import build_web_app

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "sources"


@pytest.fixture(scope="module")
def talks() -> list[Talk]:
    return [
        *load_library(ROOT / "data", log_errors=False).talks,
        *load_library(FIXTURES / "team", log_errors=False).talks,
        *load_library(FIXTURES / "riverpy", log_errors=False).talks,
    ]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with running_fake_slack() as fake:
        yield fake


@pytest.fixture
def bot(fake: FakeSlack, talks: list[Talk], monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(
        env_file=None,
        slack_bot_token=sl.BOT_TOKEN,
        slack_signing_secret=sl.SIGNING_SECRET,
        slack_api_url=fake.api_url,
    )
    talkbot = Talkbot(talks)
    with serving_in_thread(build_web_app(build_app(settings, talkbot), talkbot)) as base_url:
        yield base_url


def _ask(bot: str, fake: FakeSlack, text: str, name: str) -> Call:
    status, _ = post_signed(bot, *sl.slash_command(text, fake.response_url(name)))
    assert status == 200
    [call] = fake.wait_for(lambda c: c.path == f"/response/{name}")
    return call


def _notes_sections(call: Call) -> list[str]:
    return [
        b["text"]["text"]
        for b in call.blocks
        if b["type"] == "section" and b["text"]["text"].startswith("*From your notes*")
    ]


def _contexts(call: Call) -> list[str]:
    return [e["text"] for b in call.blocks if b["type"] == "context" for e in b["elements"]]


def test_a_talk_found_through_its_notes_shows_the_lines_that_matched(
    bot: str, fake: FakeSlack
) -> None:
    call = _ask(bot, fake, "htmx alpine", "htmx")
    assert call.blocks[1]["text"]["text"] == "Testing your web app with Playwright"
    [notes] = _notes_sections(call)
    assert "• *htmx* + *alpine*.js == match made in heaven" in notes
    assert "notes · `pycascades-2024.md:654`" in _contexts(call)
    # The notification says why it came.
    assert "noted: htmx + alpine.js == match made in heaven" in call.args["text"]


def test_the_card_shows_note_lines_and_no_link_every_talk_shares(bot: str, fake: FakeSlack) -> None:
    call = _ask(bot, fake, "playwright", "pw")
    [notes] = _notes_sections(call)
    assert "*playwright*" in notes
    docker = _ask(bot, fake, "docker images smaller", "docker")
    body = docker.blocks_json
    [notes] = _notes_sections(docker)
    assert "over the full *image*" in notes  # 'images' found 'image': the stem is the word
    assert "schedule" not in body and "playlist" not in body
    # One Video control: the button, and no Video link beside it.
    assert body.count("rv23docker01") == 1
    video = [b for b in docker.blocks if b.get("accessory", {}).get("action_id") == "open_video"]
    assert len(video) == 1


def test_two_peoples_notes_each_get_their_lines_signed(bot: str, fake: FakeSlack) -> None:
    call = _ask(bot, fake, "packrat parsing", "packrat")
    assert call.blocks[1]["text"]["text"] == "Fast Parsers in Pure Python"
    sections = _notes_sections(call)
    assert len(sections) == 2
    assert "notes by Ana Lima · `ana.md:6`" in _contexts(call)
    assert "notes by Bo Chen · `bo.md:5`" in _contexts(call)
    assert any("*packrat*" in s for s in sections)


def test_show_notes_opens_the_full_notes_in_a_modal(bot: str, fake: FakeSlack) -> None:
    call = _ask(bot, fake, "playwright", "pw2")
    actions = next(b for b in call.blocks if b["type"] == "actions")["elements"]
    show = next(a for a in actions if a["action_id"] == SHOW_NOTES_ACTION)
    payload = sl.block_action(SHOW_NOTES_ACTION, show["value"], fake.response_url("click"))
    status, _ = post_signed(bot, *sl.form_payload(payload))
    assert status == 200
    [opened] = fake.wait_for(lambda c: c.method == "views.open")
    assert opened.args["trigger_id"] == payload["trigger_id"]
    view = opened.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    View(**view).validate_json()
    text = json.dumps(view, ensure_ascii=False)
    assert "--slowmo" in text and "codegen" in text  # the whole notes, not the card's lines


# -- the modal's rendering, through `notes_view` -------------------------------------------


def _noted(notes: str, author: str | None = "Ana Lima") -> Talk:
    return Talk(
        id="c-2024/t",
        conference="C",
        year=2024,
        title="A Talk",
        notes=notes,
        source=Source(file="data/c.md", line=3),
        sources=[
            TalkSource(kind=SourceKind.NOTES, file="data/c.md", line=3, author=author, notes=notes)
        ],
    )


LONG_NOTES = "\n".join(
    [
        "## Setup",
        *[f"* point {i} with `code` and a [link](https://example.org/{i})" for i in range(150)],
        "```python",
        *[f"x_{i} = {i}  # <not a tag> & more" for i in range(100)],
        "```",
        "| tool | why |",
        "|---|---|",
        *[f"| tool{i} | reason {i} |" for i in range(48)],
    ]
)


def test_a_300_line_notes_section_fits_a_valid_modal_and_says_where_the_rest_is() -> None:
    view = notes_view(_noted(LONG_NOTES))
    View(**view).validate_json()
    for block in view["blocks"]:
        Block.parse(block).validate_json()  # type: ignore[union-attr]
    assert len(view["blocks"]) <= 100
    text = json.dumps(view, ensure_ascii=False)
    assert "*Notes by Ana Lima* · `c.md:3`" in text
    assert "```\\nx_0 = 0  # &lt;not a tag&gt; &amp; more" in text  # code kept, escaped
    assert "• point 0 with `code` and a <https://example.org/0|link>" in text
    assert "tool0 · reason 0" in text
    huge = notes_view(_noted("\n".join([LONG_NOTES] * 30)))
    View(**huge).validate_json()
    assert re.search(
        r"cut here to fit in Slack: \d+ more part\(s\) in `c.md:3`",
        json.dumps(huge, ensure_ascii=False),
    )


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# Big idea\n\nbody", "*Big idea*\nbody"),
        ("* a\n  * b\n    * c", "• a\n    ◦ b\n        ▪ c"),
        ("1. first\n2. second", "1. first\n2. second"),
        ("> quoted\n> more", "> quoted more"),
        ("```\n# not a heading\n```", "```\n# not a heading\n```"),
        ("<!-- ## hidden -->\n\nshown", "shown"),
        ("**bold** and _it_ and ~~gone~~", "*bold* and _it_ and ~gone~"),
        (
            "[docs](https://docs.example.org) and [local](notes.md)",
            "<https://docs.example.org|docs> and local",
        ),
        ("ping <!channel> and <@U123>", "ping &lt;!channel&gt; and &lt;@U123&gt;"),
    ],
    ids=[
        "heading",
        "nested",
        "ordered",
        "quote",
        "fence",
        "comment",
        "emphasis",
        "links",
        "escaped",
    ],
)
def test_notes_render_as_readable_mrkdwn(markdown: str, expected: str) -> None:
    [section] = [b for b in notes_view(_noted(markdown, None))["blocks"] if b["type"] == "section"]
    assert section["text"]["text"] == expected


@pytest.mark.parametrize(
    ("urls", "labels"),
    [
        (["https://speakerdeck.com/a/t"], ["Slides"]),
        (
            ["https://example.org/talk.pdf", "https://speakerdeck.com/a/t"],
            ["Slides (PDF)", "Slides (speakerdeck)"],
        ),
    ],
    ids=["one-of-a-kind", "two-told-apart"],
)
def test_links_of_one_kind_are_told_apart(urls: list[str], labels: list[str]) -> None:
    links = [Link(url=u, label="slides", kind=LinkKind.SLIDES) for u in urls]
    line = links_line(links)
    assert re.findall(r"\|([^>]+)>", line) == labels
