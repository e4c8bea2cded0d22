"""The folding that makes notes and questions meet, and the query syntax people can type."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.records.models import TalkKind
from bot.search.query import clean, parse_query
from bot.search.text import edit_budget, phonetic, query_words, stem, terms


def test_camel_case_handles_split_into_words_and_stay_whole() -> None:
    assert terms("@JessicaGarson") == ["jessicagarson", "jessica", "garson"]
    assert set(terms("GraphQL")) == {"graphql", "graph", "ql"}
    assert set(terms("CircuitPython")) == {"circuitpython", "circuit", "python"}


def test_case_accents_and_apostrophes_do_not_matter() -> None:
    assert terms("Müller") == terms("muller") == ["muller"]
    assert terms("O'Connell")[0] == terms("oconnell")[0] == "oconnell"
    assert terms("Python's") == terms("pythons")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("testing", "test"),
        ("apps", "app"),
        ("libraries", "library"),
        ("class", "class"),
        ("nix", "nix"),
        ("accessibility", "accessibl"),
        ("accessible", "accessibl"),
        ("bus", "bus"),
        ("demystified", "demystify"),
        ("measured", "measur"),
        ("measuring", "measur"),
        ("based", "based"),
        ("speed", "speed"),
        ("indexed", "index"),
        ("string", "string"),
        ("strings", "string"),
        ("spring", "spring"),
        # A consonant doubled before the ending is one, but for those words end in.
        ("logging", "log"),
        ("mapped", "map"),
        ("programming", "program"),
        ("installing", "install"),
        ("passing", "pass"),
        ("stuffing", "stuff"),
        ("adding", "add"),
        # A short syllable gets its e back.
        ("coding", "code"),
        ("hoping", "hope"),
        ("hopping", "hop"),
        ("eating", "eat"),
        ("boxing", "box"),
        # A silent e goes, as its -ing and -ed forms lost it; four letters keep it.
        ("scale", "scal"),
        ("scaling", "scal"),
        ("scaled", "scal"),
        ("images", "imag"),
        ("note", "note"),
        ("agree", "agree"),
    ],
)
def test_stemming_is_light(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("typed", "budget"),
    [
        ("nix", 0),
        ("sara", 0),
        ("mlpos", 1),
        ("garsen", 1),
        ("playwrite", 2),
        ("introspecton", 3),
        ("knitting", 1),
    ],
)
def test_typo_budget_grows_with_length(typed: str, budget: int) -> None:
    assert edit_budget(typed, stem(typed)) == budget


def test_sound_alike_key_meets_common_misspellings() -> None:
    assert phonetic("playwrite") == phonetic("playwright")


def test_query_words_keep_what_was_typed() -> None:
    assert query_words("MLPos apps") == [("mlpos", "mlpo"), ("apps", "app")]


def test_filters_are_taken_out_of_the_words() -> None:
    parsed = parse_query(
        'speaker:"sheena o\'connell" kind:lightning year:2024 conf:pycascades teach'
    )
    assert parsed.speaker == ["sheena o'connell"]
    assert parsed.kinds == [TalkKind.LIGHTNING]
    assert parsed.years == [2024]
    assert parsed.conf == ["pycascades"]
    assert parsed.words == "teach"
    assert parsed.problems == []


@pytest.mark.parametrize("query", ["year:last", "kind:workshop", "speaker:"])
def test_bad_filters_are_problems_not_errors(query: str) -> None:
    assert parse_query(query).problems


def test_unknown_keys_and_urls_are_words() -> None:
    assert parse_query("https://example.com/x foo:bar").words == "https://example.com/x foo:bar"


def test_control_characters_become_spaces() -> None:
    assert parse_query("play\x00wright\x1b").text == "play wright"


@given(st.text(max_size=80))
def test_a_cleaned_query_keeps_every_visible_character_and_single_spaces(text: str) -> None:
    """Printable text takes a short path; whichever path, the result is the same: every
    character but controls, format characters and separators kept in order, each run of
    those one space, none at the ends."""
    cleaned = clean(text)
    hidden = {"C", "Z"}
    visible = [ch for ch in text if unicodedata.category(ch)[0] not in hidden]
    assert [ch for ch in cleaned if ch != " "] == visible
    assert all(unicodedata.category(ch)[0] not in hidden for ch in cleaned if ch != " ")
    assert "  " not in cleaned and cleaned == cleaned.strip()
