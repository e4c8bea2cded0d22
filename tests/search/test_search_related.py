"""Related words (issue 22) through `SearchEngine.ask`: weaker evidence than the words.

Each library comes with its own small table of related words and none of words' rarity at
large, so the rules are tested, not the shipped tables. Every query word is held by one
talk at most, so words weigh alike.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from bot.cards.answers import Surface, answer_message
from bot.cards.terminal import render_answer
from bot.records.models import Source, Talk
from bot.search import engine as engine_module
from bot.search.engine import SearchEngine
from bot.search.rarity import Rarity
from bot.search.related import RELATED_TABLE, related_words

RELATED = {
    "docker": ("container",),
    "container": ("docker",),
    "image": ("picture",),
    "knitt": ("yarn",),
    "sweater": ("wool",),
    "pattern": ("design",),
    "smaller": ("shrink",),
}


def talk(title: str, abstract: str = "") -> Talk:
    slug = "-".join(title.lower().split())
    return Talk.model_validate(
        {
            "id": f"pyconf/{slug}",
            "conference": "PyConf",
            "year": 2024,
            "title": title,
            "abstract": abstract,
            "source": Source(file="notes.md", line=1),
        }
    )


LIBRARY = [
    # Listed first and as short as the literal match: were related words as good as the
    # words, it would win the tie.
    talk("Docker pictures"),
    talk("Container pictures"),
    talk("Docker images"),
    talk("Yarn and wool: a spinning design"),
    talk("Yarn wool tutorial"),
    # Shorter, and listed first: without related words it would win the tie.
    talk("Container builds"),
    talk("Shrink container builds"),
    talk("Shrink python wheels fast"),
]


def titles(query: str, library: list[Talk] = LIBRARY) -> tuple[list[str], list[str]]:
    found = SearchEngine(library, related=RELATED, rarity=Rarity()).ask(query, limit=10)
    return [h.talk.title for h in found.matches], [h.talk.title for h in found.suggestions]


@pytest.mark.parametrize(
    ("query", "suggestions"),
    [
        # No talk holds a word of these; talks hold their related words ('yarn', 'wool',
        # 'design'): an honest no match, nothing suggested.
        ("knitting sweater patterns", []),
        ("knitting", []),
        ("sweater patterns", []),
        # One word of three is held ('tutorial'), the others only through related words:
        # a suggestion at most.
        ("knitting sweater tutorial", ["Yarn wool tutorial"]),
    ],
)
@pytest.mark.parametrize("trust", [engine_module.RELATED, 1.0])
def test_related_words_never_answer_a_question_no_talk_covers(
    query: str, suggestions: list[str], trust: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even were related words trusted as much as the words themselves (trust 1.0), the
    question's own words must hold the evidence of a match or a suggestion."""
    monkeypatch.setattr(engine_module, "RELATED", trust)
    assert titles(query) == ([], suggestions)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("docker images", "Docker images"),
        ("images docker", "Docker images"),
        ("container pictures", "Container pictures"),
        ("pictures docker", "Docker pictures"),
    ],
)
def test_a_literal_title_match_stays_first(query: str, first: str) -> None:
    matches, _ = titles(query)
    assert matches[0] == first


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        # 'smaller' is held by no talk: its related 'shrink' lifts the talk that holds it
        # above the one holding the other two words alike.
        ("smaller container builds", ["Shrink container builds", "Container builds"]),
    ],
)
def test_related_words_lift_a_talk_holding_the_other_words(query: str, matches: list[str]) -> None:
    confident, suggested = titles(query)
    assert (confident + suggested)[: len(matches)] == matches


@pytest.mark.parametrize(
    ("query", "shown", "absent"),
    [
        # 'smaller' was found as 'shrink'; the other words are the talk's own.
        ("smaller python wheels fast", "matched: smaller → shrink", "python →"),
        ("docker images", None, "matched:"),
    ],
)
def test_the_card_says_which_related_word_matched(
    query: str, shown: str | None, absent: str
) -> None:
    answer = SearchEngine(LIBRARY, related=RELATED, rarity=Rarity()).ask(query)
    slack = answer_message(answer, Surface.COMMAND)
    contexts = [
        element["text"]
        for block in slack.blocks
        if block["type"] == "context"
        for element in block["elements"]
    ]
    terminal = render_answer(answer)
    if shown is not None:
        assert shown in contexts
        assert shown in terminal
    assert not any(absent in text for text in contexts)
    assert absent not in terminal


SEARCH_TERM = re.compile(r"[a-z0-9]+")


def test_the_shipped_table_holds_stems_only_and_is_small() -> None:
    """The table ships in the package: a few MB at most, and only single search terms
    (lowercase letters and digits, as `bot.search.text` makes them), no text of the
    catalogue."""
    assert RELATED_TABLE.stat().st_size < 3_000_000
    table = related_words()
    assert len(table) > 1000
    for term, partners in table.items():
        assert SEARCH_TERM.fullmatch(term), term
        assert partners and all(SEARCH_TERM.fullmatch(p) and p != term for p in partners), term


@pytest.mark.parametrize(
    "content",
    [b"", b"not gzip at all", gzip.compress(b"\xff\xfe", mtime=0)],
    # Named, not shown: pytest-xdist's workers must collect the same test ids.
    ids=["empty", "not gzip", "gzip of bytes that are not UTF-8"],
)
def test_an_unreadable_table_means_searching_by_the_words_alone(
    content: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "related.tsv.gz"
    path.write_bytes(content)
    assert related_words(path) == {}
    # The engine still answers, by the words themselves.
    found = SearchEngine(LIBRARY, related=related_words(path), rarity=Rarity()).ask("docker images")
    assert [h.talk.title for h in found.matches][:1] == ["Docker images"]


# Words in one talk each; 'xray', 'yak', 'zed' are held by no talk, only their related words.
DESCRIBED = [talk("Alpha bravo charlie one two three"), talk("Kilo"), talk("Lima"), talk("Golf")]
DESCRIBED_RELATED = {"xray": ("one",), "yak": ("two",), "zed": ("three",)}


@pytest.mark.parametrize(
    ("query", "matches", "suggestions"),
    [
        # Three words of its own and one through a related word: 0.59 of the weight, far
        # ahead of the rest, 0.51 held literally: confident (rule 6).
        ("alpha bravo charlie xray kilo", ["Alpha bravo charlie one two three"], ["Kilo"]),
        # As far ahead (0.46), but three related words make up what its own words (0.31)
        # lack: a suggestion.
        ("alpha bravo charlie xray yak zed kilo", [], ["Alpha bravo charlie one two three"]),
    ],
)
def test_a_talk_well_ahead_needs_the_questions_own_words_to_be_confident(
    query: str, matches: list[str], suggestions: list[str]
) -> None:
    found = SearchEngine(DESCRIBED, related=DESCRIBED_RELATED, rarity=Rarity()).ask(query, limit=10)
    assert [h.talk.title for h in found.matches] == matches
    assert [h.talk.title for h in found.suggestions] == suggestions
