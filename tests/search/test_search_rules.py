"""Each ranking rule of `bot.search.engine`, one table each, through `SearchEngine.ask`.

The libraries are built so the rule under test decides alone: in each, every query word is
held by the same number of talks, so every word weighs the same and a talk's coverage is
the share of the query's words it holds (3 of 5 is 0.6 exactly). No table of words' rarity
at large is used but where its rule is tested.
"""

from __future__ import annotations

import pytest

from bot.records.models import Source, Talk, TalkKind
from bot.search.engine import SearchEngine
from bot.search.rarity import Rarity


def talk(title: str, **fields: object) -> Talk:
    slug = "-".join(title.lower().split())
    conference = str(fields.pop("conference", "PyConf"))
    return Talk.model_validate(
        {
            "id": f"{conference.lower()}/{slug}",
            "conference": conference,
            "year": fields.pop("year", 2024),
            "title": title,
            "source": Source(file="notes.md", line=1),
            **fields,
        }
    )


def answer(
    library: list[Talk], query: str, rarity: Rarity | None = None
) -> tuple[list[str], list[str]]:
    found = SearchEngine(library, rarity=rarity or Rarity()).ask(query, limit=10)
    return [h.talk.title for h in found.matches], [h.talk.title for h in found.suggestions]


# Every word in exactly one talk.
ONCE_EACH = [
    talk("Alpha bravo charlie"),
    talk("Mike november oscar papa"),
    talk("Delta"),
    talk("Echo"),
    talk("Golf"),
    talk("Hotel"),
    talk("Kilo"),
    talk("Lima"),
    talk("Sierra tango"),
]


@pytest.mark.parametrize(
    ("query", "matches", "suggestions"),
    [
        # 3 of 5 words: coverage 0.6, the threshold itself, is confident.
        ("alpha bravo charlie delta echo", ["Alpha bravo charlie"], ["Delta", "Echo"]),
        # 2 of 4 (0.5) is not, however far ahead (too few words for rule 6).
        ("sierra tango delta echo", [], ["Sierra tango", "Delta", "Echo"]),
        ("alpha bravo charlie", ["Alpha bravo charlie"], []),
    ],
)
def test_confidence_needs_six_tenths_of_the_evidence(
    query: str, matches: list[str], suggestions: list[str]
) -> None:
    assert answer(ONCE_EACH, query) == (matches, suggestions)


@pytest.mark.parametrize(
    ("query", "matches", "suggestions"),
    [
        # 2 of 3 words (0.67) is enough evidence, but a question this short names its
        # topic in every word: a suggestion.
        ("alpha bravo delta", [], ["Alpha bravo charlie", "Delta"]),
        ("sierra tango lima", [], ["Sierra tango", "Lima"]),
        # Every word of a short question held: confident.
        ("sierra tango", ["Sierra tango"], []),
        # 3 of 4 words (0.75): a longer question may leave a word out.
        ("alpha bravo charlie delta", ["Alpha bravo charlie"], ["Delta"]),
    ],
)
def test_a_short_question_is_answered_only_by_a_talk_holding_each_word(
    query: str, matches: list[str], suggestions: list[str]
) -> None:
    assert answer(ONCE_EACH, query) == (matches, suggestions)


JOINED = [talk("Graphql alpha"), talk("Bravo"), talk("Charlie")]


def test_a_pair_the_notes_write_joined_counts_as_the_two_words_typed() -> None:
    """'graph ql alpha bravo' is four words asked, though 'graph ql' is one term: not a
    short question, so 2 of its 3 terms (0.67) make a confident match."""
    assert answer(JOINED, "graph ql alpha bravo") == (["Graphql alpha"], ["Bravo"])


# Every query word in exactly three talks.
MARGIN = [
    talk("Quebec romeo sierra tango"),
    talk("Quebec romeo sierra"),
    talk("Quebec romeo"),
    talk("Sierra yankee"),
    talk("Tango zulu"),
    talk("Tango xray"),
    talk("Uniform victor whiskey"),
    talk("Uniform victor"),
    talk("Whiskey one"),
    talk("Whiskey two"),
    talk("Uniform three"),
    talk("Victor four"),
]


@pytest.mark.parametrize(
    ("query", "matches", "suggestions"),
    [
        # Best 1.0: 0.75 is within the margin of 0.3, 0.5 is not (and below 0.6).
        (
            "quebec romeo sierra tango",
            ["Quebec romeo sierra tango", "Quebec romeo sierra"],
            ["Quebec romeo", "Sierra yankee", "Tango zulu"],
        ),
        # Best 1.0: 0.67 holds enough of the query but is more than 0.3 behind.
        (
            "uniform victor whiskey",
            ["Uniform victor whiskey"],
            ["Uniform victor", "Whiskey one", "Whiskey two"],
        ),
    ],
)
def test_a_confident_match_is_not_far_behind_the_best(
    query: str, matches: list[str], suggestions: list[str]
) -> None:
    assert answer(MARGIN, query) == (matches, suggestions)


# Every word in one talk, but 'alpha', 'bravo', 'charlie' in two (they weigh less).
DESCRIBED = [
    talk("Mike november oscar papa"),
    talk("Delta"),
    talk("Echo"),
    talk("Golf"),
    talk("Hotel"),
    talk("Kilo"),
    talk("Yankee zulu"),
    talk("Alpha bravo charlie"),
    talk("Charlie bravo alpha"),
]


@pytest.mark.parametrize(
    ("query", "matches", "suggestions"),
    [
        # 4 words of 7 (0.57, below 0.6), every other talk 0.14: confident (one word of
        # seven is below the suggestion floor).
        ("mike november oscar papa delta echo golf", ["Mike november oscar papa"], []),
        # 4 of 9 (0.44) is under 0.45, however far ahead.
        ("mike november oscar papa delta echo golf hotel kilo", [], ["Mike november oscar papa"]),
        # 2 words (0.5, 0.25 ahead) are fewer than 3.
        ("yankee zulu delta echo", [], ["Yankee zulu", "Delta", "Echo"]),
        # 3 words (0.53) but another talk holds as much: not ahead by 0.1.
        (
            "alpha bravo charlie delta echo",
            [],
            ["Alpha bravo charlie", "Charlie bravo alpha", "Delta"],
        ),
    ],
)
def test_a_talk_well_ahead_holding_three_words_is_confident_from_045(
    query: str, matches: list[str], suggestions: list[str]
) -> None:
    """Rule 6: a description-like question's best talk, holding 3 of its words, at least
    0.45 of its weight and 0.1 ahead of every other talk, is a confident match."""
    assert answer(DESCRIBED, query) == (matches, suggestions)


@pytest.mark.parametrize(
    ("query", "suggestions"),
    [
        # One word of six (0.17) is a suggestion; one of seven (0.14) is below the floor.
        ("delta echo golf hotel kilo lima", ["Delta", "Echo", "Golf"]),
        ("delta echo golf hotel kilo lima alpha", []),
    ],
)
def test_suggestions_hold_at_least_fifteen_hundredths(query: str, suggestions: list[str]) -> None:
    assert answer(ONCE_EACH, query) == ([], suggestions)


FIELDS = [
    talk("Notes one", notes="We used zephyr here."),
    talk("Abstract one", abstract="All about zephyr."),
    talk("Zephyr in the title"),
    talk("Nothing here"),
]


@pytest.mark.parametrize(
    ("title", "score"),
    # rank = 0.6 coverage + 0.4 × field weight: title 1.0, abstract 0.7, notes 0.45.
    [("Zephyr in the title", 1.0), ("Abstract one", 0.88), ("Notes one", 0.78)],
)
def test_field_weights_order_the_same_word(title: str, score: float) -> None:
    found = SearchEngine(FIELDS, rarity=Rarity()).ask("zephyr", limit=5)
    scores = {hit.talk.title: hit.score for hit in found.matches}
    assert list(scores) == ["Zephyr in the title", "Abstract one", "Notes one"]
    assert scores[title] == pytest.approx(score)


# Abstracts of 20 and 180 characters (average 100), notes of 20 and 380 (average 200).
LENGTHS = [
    talk("Short abstract", abstract="zephyr " + "x" * 13),
    talk("Long abstract", abstract="zephyr " + "y " * 86 + "y"),
    talk("Short notes", notes="zephyr " + "x" * 13),
    talk("Long notes", notes="zephyr " + "y " * 186 + "y"),
]


@pytest.mark.parametrize(
    ("title", "score"),
    [
        # Shorter than the average: the field's own weight (0.6 + 0.4 × 0.7).
        ("Short abstract", 0.88),
        # 1.8 × the average: 0.7 / (0.25 + 0.75 × 1.8) = 0.4375 → 0.6 + 0.4 × 0.4375.
        ("Long abstract", 0.775),
        ("Short notes", 0.78),
        # 1.9 × the average: 0.45 / (0.25 + 0.75 × 1.9) = 0.2687 → 0.6 + 0.4 × 0.2687.
        ("Long notes", 0.7075),
    ],
)
def test_a_word_counts_less_in_a_longer_abstract_or_notes(title: str, score: float) -> None:
    found = SearchEngine(LENGTHS, rarity=Rarity()).ask("zephyr", limit=5)
    scores = {hit.talk.title: hit.score for hit in found.matches}
    assert list(scores) == ["Short abstract", "Short notes", "Long abstract", "Long notes"]
    assert scores[title] == pytest.approx(score, abs=1e-4)


TYPOS = [
    talk("Streaming with Kafka"),
    talk("Rust for beginners"),
    talk("Asyncio in depth"),
    talk("Containerization for everyone"),
    talk("Microservice patterns"),
    talk("Pipelines that scale"),
]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("rsut", None),  # 4 letters: no typo forgiven
        ("kafak", "Streaming with Kafka"),  # 5-7 letters: one
        ("asyncoi", "Asyncio in depth"),
        ("aysncoi", None),  # two edits in 7 letters
        ("pipleines", "Pipelines that scale"),  # 8-11 letters: two
        ("pilpeines", "Pipelines that scale"),
        ("contianerizaton", "Containerization for everyone"),  # 12 or more: three
        ("cotnianerizaton", "Containerization for everyone"),
        ("cotnianreizaton", None),
        ("mircoesrvcie", "Microservice patterns"),  # twelve letters, three swaps
    ],
)
def test_typos_are_forgiven_by_word_length(typed: str, found: str | None) -> None:
    matches, _ = answer(TYPOS, typed)
    assert matches[:1] == ([found] if found else [])


@pytest.mark.parametrize(
    "query",
    [
        "kafka",
        "who talked about kafka?",
        "what was that talk on kafka again",
        "the presentation about kafka please",
        "Kafka!!",
    ],
)
def test_filler_words_change_nothing(query: str) -> None:
    assert answer(TYPOS, query) == answer(TYPOS, "kafka")


FILTERED = [
    talk("Testing in production", speakers=["Ana Lima"], year=2023),
    talk("Testing at scale", speakers=["Bo Chen"], kind=TalkKind.KEYNOTE),
    talk("Testing with property checks", speakers=["Ana Lima"], conference="DataConf"),
    talk("Testing tips", speakers=["Cy Berg"], kind=TalkKind.LIGHTNING, year=2023),
]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("testing", [t.title for t in FILTERED]),
        ("speaker:lima testing", ["Testing in production", "Testing with property checks"]),
        ("speaker:limaa testing", ["Testing in production", "Testing with property checks"]),
        ("speaker:lmia testing", []),  # four letters: typed exactly or not at all
        ("year:2023 testing", ["Testing in production", "Testing tips"]),
        ("year:2023 year:2024 testing", [t.title for t in FILTERED]),
        ("kind:keynote testing", ["Testing at scale"]),
        ("kind:keynote kind:lightning testing", ["Testing at scale", "Testing tips"]),
        ("conf:dataconf testing", ["Testing with property checks"]),
        ("conf:dataconf speaker:lima", ["Testing with property checks"]),
        ("speaker:lima year:2023", ["Testing in production"]),
        ("speaker:chen kind:lightning testing", []),
    ],
)
def test_filters_narrow_by_one_field_each(query: str, titles: list[str]) -> None:
    matches, suggestions = answer(FILTERED, query)
    assert sorted(matches + suggestions) == sorted(titles)


NAMES = [
    talk("Compilers for everyone", speakers=["Stanley Park"]),
    talk("Bayesian models with Stan", speakers=["Ana Lima"]),
    talk("Standard library tour", speakers=["Bo Chen"]),
    talk("Java interop", speakers=["Cy Berg"]),
    talk("Javalin for web servers", speakers=["Dee Okafor"]),
    talk("Stanley cup analytics", speakers=["Eli Wu"]),
]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        # A known four-letter word also stands for the longer names it starts…
        ("stan", ["Bayesian models with Stan", "Compilers for everyone"]),
        ("stan compilers", ["Compilers for everyone"]),
        # …but only as a speaker's name: not for a longer word ('standard', 'javalin'), nor
        # for a name written elsewhere ('Stanley cup').
        ("java", ["Java interop"]),
        ("speaker:stan", ["Compilers for everyone"]),
    ],
)
def test_a_short_name_stands_for_longer_names_only(query: str, titles: list[str]) -> None:
    matches, _ = answer(NAMES, query)
    assert matches == titles


# A word and its other forms meet whatever the word ends in: 'string' keeps its 'ing',
# 'logging' loses a 'g', 'coding' gets an 'e', 'automating' meets 'automate'.
FORMS = [
    talk("String formatting"),
    talk("Spring cleanup"),
    talk("Testing tools"),
    talk("Structured logging"),
    talk("Mapping oceans"),
    talk("Coding dojo"),
    talk("Automating chores"),
    # Written as typed, so the word is never a typo for another.
    talk("Automate everything"),
]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("strings", ["String formatting"]),
        ("springs", ["Spring cleanup"]),
        ("tests", ["Testing tools"]),
        ("logs", ["Structured logging"]),
        ("map", ["Mapping oceans"]),
        ("code", ["Coding dojo"]),
        ("automate", ["Automating chores", "Automate everything"]),
        ("automated", ["Automating chores", "Automate everything"]),
    ],
)
def test_every_form_of_a_word_finds_it(query: str, titles: list[str]) -> None:
    assert answer(FORMS, query) == (titles, [])


# Rule 1's cap: words' rarity at large, for a library of a few talks. 'plain' and 'usual'
# are each held by one talk here, as 'zephyr' and 'quasar' are, but are common at large;
# 'rust' is in every talk here and rare at large.
COMMON_AT_LARGE = Rarity(1000, {"plain": 900, "usual": 900, "rust": 1})
FEW = [talk("Zephyr quasar"), talk("Plain"), talk("Usual")]
RUST = [talk("Rust async runtime"), talk("Rust macros"), talk("Rust traits"), talk("Rust cli")]


@pytest.mark.parametrize(
    ("library", "rarity", "query", "matches", "suggestions"),
    [
        # Without the table, each word weighs the same: 2 of 4 is no match.
        (FEW, Rarity(), "zephyr quasar plain usual", [], ["Zephyr quasar", "Plain", "Usual"]),
        # Words common at large weigh little, however few talks here hold them.
        (FEW, COMMON_AT_LARGE, "zephyr quasar plain usual", ["Zephyr quasar"], []),
        # A word every talk here holds weighs little, however rare at large: 'gpu' and
        # 'cuda' are the question's and no talk's.
        (RUST, COMMON_AT_LARGE, "rust async runtime gpu cuda", [], ["Rust async runtime"]),
    ],
)
def test_a_word_weighs_no_more_than_its_rarity_at_large(
    library: list[Talk], rarity: Rarity, query: str, matches: list[str], suggestions: list[str]
) -> None:
    assert answer(library, query, rarity) == (matches, suggestions)
