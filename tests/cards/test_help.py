"""Help that works: every example the bot suggests finds a talk in the bundled notes.

The examples are read out of the help texts themselves (Slack's for each surface, the small
talk replies, and `talkbot ask`'s usage), so an example added later is tested too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cards.answers import Surface, help_message, small_talk_message
from bot.cards.terminal import USAGE
from bot.core.small_talk import SmallTalk
from bot.records.library import load_library
from bot.search.engine import SearchEngine
from bot.search.text import FILLER

ROOT = Path(__file__).resolve().parents[2]
TALKS = load_library(ROOT / "data", log_errors=False).talks
ENGINE = SearchEngine(TALKS)


def _slack_examples() -> set[str]:
    texts = [help_message(s).blocks[0]["text"]["text"] for s in Surface]
    texts += [small_talk_message(k, Surface.MENTION, None).text for k in SmallTalk]
    found = {m for text in texts for m in re.findall(r"`([^`]+)`", text)}
    return {re.sub(r"^(/talk|@Talkbot)\s*", "", e) for e in found} - {"/talk", "help", ""}


def _terminal_examples() -> set[str]:
    return {
        m.group(1).strip()
        for m in re.finditer(r"^ +talkbot ask (.+?)(?: {2,}.*)?$", USAGE, re.MULTILINE)
    }


KINDS = {"keynote": "keynote", "lightning": "lightning", "panel": "panel", "workshop": "workshop"}
EXAMPLES = sorted(_slack_examples() | _terminal_examples())


def test_the_help_texts_have_examples() -> None:
    assert len(EXAMPLES) >= 6, EXAMPLES


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_finds_a_talk_that_holds_its_words(example: str) -> None:
    answer = ENGINE.ask(example)
    assert answer.matches, f"{example!r} finds nothing"
    if example == "random":
        return
    talk = answer.matches[0].talk
    parts = [talk.title, *talk.speakers, *talk.handles, talk.conference_label]
    text = " ".join([*parts, talk.abstract, talk.notes]).lower()
    for word in re.findall(r"[a-z]+", re.sub(r"\b[a-z]+:", " ", example.lower())):
        if word in KINDS:
            # 'keynote pycascades' must find a keynote, not a talk whose notes say 'keynote'.
            assert talk.kind.value == KINDS[word], f"{example!r} found a {talk.kind.value}"
        elif word not in FILLER:
            assert word[:5] in text, f"{example!r} found {talk.title!r}, which has no {word!r}"
