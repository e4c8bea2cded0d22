"""Each style of notes learned from real notes by other people, in fixtures of our own
(tests/fixtures/styles/, invented talks and people): every talk found, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.records.library import load_library
from bot.records.models import TalkKind

STYLES = Path(__file__).resolve().parent.parent / "fixtures" / "styles"

# (folder, {title: speakers}) — every talk the folder holds, and no other record.
_EXPECTED: list[tuple[str, dict[str, list[str]]]] = [
    (
        "speaker-first",
        {
            "Property Tests for Humans": ["Wen Zhao"],
            "Packaging Without Tears": ["Kofi Mensah"],
            "Tiny Web Servers": [],
            "Regex Crimes": [],
            "Keynote": ["Dara Okafor"],
            "Profiling in Production": ["Lena Vogt"],
        },
    ),
    (
        "blog-post",
        {
            "Lazy Dataframes": ["Ingrid Berg"],
            "Green Threads Again": ["Tomás Ruiz"],
            "Sustainable Open Source Budgets": ["Laura Vogt"],
        },
    ),
    (
        "index-readme",
        {
            "Async From Scratch, the Whole Story": ["Tomás Ruiz"],
            "Typed Pipelines": ["Ingrid Berg"],
        },
    ),
    (
        "docc",
        {
            "Snapshot Everything: Tests From #Previews": ["Sigrid Nilsen"],
            "Build a Widget": ["Jonas Berg"],
        },
    ),
    (
        "bold-paragraphs",
        {
            "Streaming Parsers Without Tears": ["Maren Solheim"],
            "Packaging Plugins the Boring Way": ["Idris Okonkwo"],
            "A Gentle Tour of Free-Threaded Python": ["Yuki Tanabe"],
            "Teaching Types to Data Scientists": ["Ana Carvalho"],
            "Lightning round": [],
        },
    ),
]


@pytest.mark.parametrize(("folder", "expected"), _EXPECTED, ids=[f for f, _ in _EXPECTED])
def test_every_talk_of_the_style_and_nothing_else(
    folder: str, expected: dict[str, list[str]]
) -> None:
    library = load_library(STYLES / folder, log_errors=False)
    assert library.errors == []
    assert {t.title: t.speakers for t in library.talks} == expected


def test_a_talk_noted_twice_keeps_both_parts() -> None:
    library = load_library(STYLES / "speaker-first", log_errors=False)
    [talk] = [t for t in library.talks if t.title == "Packaging Without Tears"]
    assert "lock files, then wheels" in talk.notes
    assert talk.kind is TalkKind.TALK
    [profiling] = [t for t in library.talks if t.title == "Profiling in Production"]
    assert "py-spy" in profiling.notes  # the part noted first, without the speaker


@pytest.mark.parametrize(
    ("folder", "conference", "year"),
    [
        ("speaker-first", "PyOhio", 2031),
        ("blog-post", "NordPy", 2031),
        ("index-readme", "FjordPy", 2031),
        ("docc", "FjordConf", 2031),
        ("bold-paragraphs", "TidePy", 2031),
    ],
)
def test_the_conference_is_named_as_the_notes_spell_it(
    folder: str, conference: str, year: int
) -> None:
    library = load_library(STYLES / folder, log_errors=False)
    assert {(t.conference, t.year) for t in library.talks} == {(conference, year)}


def test_an_index_names_the_kind_and_the_fuller_title() -> None:
    library = load_library(STYLES / "index-readme", log_errors=False)
    kinds = {t.title: t.kind for t in library.talks}
    assert kinds == {
        "Async From Scratch, the Whole Story": TalkKind.WORKSHOP,  # 'Tutorials' in the index
        "Typed Pipelines": TalkKind.TALK,
    }
    docc = {t.title: t.kind for t in load_library(STYLES / "docc", log_errors=False).talks}
    assert docc["Build a Widget"] is TalkKind.WORKSHOP  # @TitleHeading("Workshop")
