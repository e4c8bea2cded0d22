"""Merging rules, one table each, through `load_library` on notes and recordings we write here.

Each row is a conference's notes (Markdown) and its pyvideo category (a few recordings, as
pyvideo/data lays them out); the test says which notes talk became one record with which
recording. A notes talk that joins the wrong recording loses a talk from the library, so the
tables hold the near misses real catalogues are full of, not only the easy joins.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.records.library import Library, load_library
from bot.records.models import SourceKind

Recording = tuple[str, list[str]]  # title, speakers


def _library(tmp_path: Path, notes: str, recordings: list[Recording], category: str) -> Library:
    (tmp_path / "notes.md").write_text(notes, encoding="utf-8")
    folder = tmp_path / "pyvideo" / "some-category"
    (folder / "videos").mkdir(parents=True)
    (folder / "category.json").write_text(json.dumps({"title": category}), encoding="utf-8")
    for n, (title, speakers) in enumerate(recordings):
        record = {
            "title": title,
            "speakers": speakers,
            "recorded": "2022-02-05",
            "description": "",
            "related_urls": [
                {"label": "Conference schedule", "url": "https://2022.example.org/program/"},
                "https://www.youtube.com/playlist?list=PLsame",
            ],
            "videos": [{"type": "youtube", "url": f"https://www.youtube.com/watch?v=v{n}"}],
        }
        (folder / "videos" / f"r{n}.json").write_text(json.dumps(record), encoding="utf-8")
    return load_library(tmp_path, log_errors=False)


def _joined(library: Library) -> dict[str, str | None]:
    """Each notes talk's heading title → the title of the recording merged into it, or None."""
    out: dict[str, str | None] = {}
    for talk in library.talks:
        kinds = [s.kind for s in talk.sources]
        if SourceKind.NOTES not in kinds:
            continue
        assert kinds.count(SourceKind.PYVIDEO) <= 1
        notes_id = talk.id
        out[notes_id] = talk.title if SourceKind.PYVIDEO in kinds else None
    return out


def _talk(heading: str, speaker: str) -> str:
    if speaker:
        return f"## {heading}\n\n{speaker}\n\nsome notes\n\n"
    # No speaker written: the program's text, quoted, says it is a talk.
    return f"## {heading}\n\n> What the talk is about.\n\nnotes\n\n"


LONG = (
    "Diversity in Neurodiversity: Help for Underrepresented Folks in Tech and Allies with New "
    "Mental Health Resources"
)


@pytest.mark.parametrize(
    ("heading", "speaker", "recording", "joins"),
    [
        # The ways real catalogues differ from the notes' headings: all one talk.
        (
            "Goodbye Print, Hello Logging",
            "Femi Adeyemi",
            ("Goodbye Print, Hello Logging: A Tour of Structured Logging", ["Femi Adeyemi"]),
            True,
        ),
        (LONG, "Jay Marsh", (LONG[:99], ["Jay Marsh"]), True),
        (
            "Pythons tale of concurrency",
            "Pradhvan Bisht",
            ("Python’s tale of concurrency", ["Pradhvan Bisht"]),
            True,
        ),
        (
            "Programming your way up a skyscraper: Python in the built world",
            "Tadeh Hakopian",
            (
                "Programming Your Way up a Skyscraper - Python in the Built World",
                ["Tadeh Hakopian"],
            ),
            True,
        ),
        ("TESTS AS CLASSIFIERS", "Moshe Zadka", ("Tests as Classifiers", ["Moshe Zadka"]), True),
        ("What's that smell", "Justin Castilla", ("What's That Smell?", ["Justin Castilla"]), True),
        (
            "Keynote: Supporting the Protests",
            "Thursday Bram",
            ("Supporting the Protests", ["Thursday Bram"]),
            True,
        ),
        (
            "Fifty shades of sign",
            "Rodrigo Girao Serrao",
            ("Fifty shades of `sign`", ["Rodrigo Girão Serrão"]),
            True,
        ),
        (
            "Why is my dataframe so slow",
            "Bram Dekker",
            ("Why Is My Dataframe So Slow?", ["Bram D"]),
            True,
        ),
        (
            "Invisible Walls: Isolating Your Python",
            "",
            ("Invisible Walls: Isolating Your Python", ["Jeremiah Paige"]),
            True,
        ),
        (
            "Invisible Walls",
            "Jeremiah Paige",
            ("Invisible Walls: Isolating Your Python", ["Jeremiah Paige"]),
            True,
        ),
        (
            "What's That Smell",
            "Justin Castilla",
            ("What's That Smell? Detecting Air Quality with Python", ["Justin Castilla"]),
            True,
        ),
        # The conference's own year in a title is no part number.
        (
            "Welcome to PyCascades",
            "Britt Gresham",
            ("Welcome to PyCascades 2022", ["Britt Gresham"]),
            True,
        ),
        # Near misses that are other talks.
        (
            "Invisible Walls",
            "",
            ("Invisible Walls: Isolating Your Python", ["Jeremiah Paige"]),
            False,
        ),
        ("Python", "Ana Lima", ("Python: A Love Story", ["Ana Lima"]), False),
        (
            "Closing Remarks Day 1",
            "Britt Gresham",
            ("Closing Remarks Day 2", ["Britt Gresham"]),
            False,
        ),
        ("Async Python in Practice", "Ana Lima", ("Async Rust in Practice", ["Ana Lima"]), False),
        (
            "Security in Python Packaging",
            "Gajendra Deshpande",
            ("Security Best Practices for Django Applications", ["Gajendra Deshpande"]),
            False,
        ),
        ("Testing Data Pipelines", "Ana Lima", ("Testing Data Pipelines", ["Bo Chen"]), False),
    ],
)
def test_titles_as_catalogues_write_them(
    tmp_path: Path, heading: str, speaker: str, recording: Recording, joins: bool
) -> None:
    library = _library(
        tmp_path, "# PyCascades 2022\n\n" + _talk(heading, speaker), [recording], "PyCascades 2022"
    )
    [joined] = _joined(library).values()
    assert (joined == recording[0]) is joins, joined


def _recordings_library(
    tmp_path: Path, notes: str, category: str, recordings: list[dict[str, object]]
) -> Library:
    (tmp_path / "notes.md").write_text(notes, encoding="utf-8")
    folder = tmp_path / "pyvideo" / "cat"
    (folder / "videos").mkdir(parents=True)
    (folder / "category.json").write_text(json.dumps({"title": category}), encoding="utf-8")
    for n, extra in enumerate(recordings):
        record: dict[str, object] = {
            "recorded": "2022-02-05",
            "description": "",
            "videos": [{"type": "youtube", "url": f"https://www.youtube.com/watch?v=v{n}"}],
            **extra,
        }
        (folder / "videos" / f"r{n}.json").write_text(json.dumps(record), encoding="utf-8")
    return load_library(tmp_path, log_errors=False)


SCHEDULE = {"label": "Conference schedule", "url": "https://2022.example.org/program/talks/"}


@pytest.mark.parametrize(
    ("notes", "recordings", "records"),
    [
        # Two recordings of one category are two talks, whatever they share.
        (
            "",
            [
                {"title": "Lightning Talks", "speakers": []},
                {"title": "Lightning Talks", "speakers": []},
            ],
            2,
        ),
        (
            "",
            [
                {"title": "Opening", "speakers": ["Ana Lima"], "related_urls": [SCHEDULE]},
                {"title": "Closing", "speakers": ["Ana Lima"], "related_urls": [SCHEDULE]},
                {
                    "title": "Tests as Classifiers",
                    "speakers": ["Bo Chen"],
                    "related_urls": [SCHEDULE],
                },
            ],
            3,
        ),
        # A URL every recording carries is no talk's page: notes linking it join nothing.
        (
            "# Conf 2022\n\n## Something Else Entirely\n\nCy Dee\n\n<https://2022.example.org/program/talks/>\n",
            [
                {"title": "Opening", "speakers": ["Ana Lima"], "related_urls": [SCHEDULE]},
                {"title": "Closing", "speakers": ["Ana Lima"], "related_urls": [SCHEDULE]},
            ],
            3,
        ),
        # A compilation never absorbs one of its talks, even with a speaker in common.
        (
            "# Conf 2022\n\n## Lightning Talks\n\n### Mariatta - Lightning talk\n\n"
            "PEPs in five minutes\n",
            [
                {
                    "title": "Lightning Talks",
                    "speakers": ["Mariatta", "Ana Lima", "Bo Chen"],
                }
            ],
            2,
        ),
        # Closing remarks of day 1 join day 1's recording, and day 2's stays apart.
        (
            "# Conf 2022\n\n## Closing Remarks, Day 1\n\nAna Lima\n\nthanks to the volunteers\n",
            [
                {"title": "Closing Remarks Day 1", "speakers": ["Ana Lima"]},
                {"title": "Closing Remarks Day 2", "speakers": ["Ana Lima"]},
            ],
            2,
        ),
    ],
    ids=[
        "same-title-twice",
        "shared-schedule-url",
        "notes-link-shared-url",
        "compilation",
        "day-1-day-2",
    ],
)
def test_one_origin_never_merges_and_shared_urls_identify_nothing(
    tmp_path: Path, notes: str, recordings: list[dict[str, object]], records: int
) -> None:
    library = _recordings_library(tmp_path, notes, "Conf 2022", recordings)
    assert len(library.talks) == records
    for talk in library.talks:
        assert [s.kind for s in talk.sources].count(SourceKind.PYVIDEO) <= 1


@pytest.mark.parametrize(
    ("notes_title", "category", "adopted"),
    [
        ("# My conference notes", "PyCascades 2023", "PyCascades"),  # names no conference
        ("# PyCon 2018", "PyCon US 2018", "PyCon US"),  # names it another way
        ("# PyCon 2017", "PyCon US 2018", None),  # another year: another conference
    ],
)
def test_a_conference_the_notes_do_not_name_is_found_by_its_talks(
    tmp_path: Path, notes_title: str, category: str, adopted: str | None
) -> None:
    notes = (
        f"{notes_title}\n\n## Demystifying SQLite with Python\n\nRia Bhatia\n\nnotes\n\n"
        "## Fear the Mutants, Love the Mutants\n\nMax Kahan\n\nmutmut\n\n"
        "## A Talk Nobody Recorded\n\nCy Dee\n\nnotes\n"
    )
    recordings: list[dict[str, object]] = [
        {"title": "Demystifying SQLite with Python", "speakers": ["Ria Bhatia"]},
        {"title": "Fear the Mutants. Love the Mutants", "speakers": ["Max Kahan"]},
        {"title": "Using Lark to Parse Text", "speakers": ["Robin Reynolds-Haertle"]},
    ]
    library = _recordings_library(tmp_path, notes, category, recordings)
    merged = [t for t in library.talks if len(t.sources) == 2]
    said = [p.message for p in library.problems if "conference taken to be" in p.message]
    if adopted is None:
        assert merged == [] and said == []
        return
    assert len(merged) == 2 and len(library.talks) == 4
    assert {t.conference for t in library.talks} == {adopted}
    assert said and said[0].startswith(f"conference taken to be {adopted}")
    assert "2 of these notes' 3 talks" in said[0]


def test_two_talks_of_one_speaker_at_two_conferences_stay_two(tmp_path: Path) -> None:
    notes = (
        "# PyCascades 2022\n\n## Security Considerations in Python Packaging\n\n"
        "Gajendra Deshpande\n\nnotes\n"
    )
    for year, title in (
        (2022, "Security considerations in Python Packaging"),
        (2023, "Security Considerations in Python Packaging"),
    ):
        folder = tmp_path / "pyvideo" / f"pycascades-{year}"
        (folder / "videos").mkdir(parents=True)
        (folder / "category.json").write_text(json.dumps({"title": f"PyCascades {year}"}))
        record = {
            "title": title,
            "speakers": ["Gajendra Deshpande"],
            "recorded": f"{year}-03-01",
            "description": "",
            "videos": [{"type": "youtube", "url": f"https://youtu.be/{year}"}],
        }
        (folder / "videos" / "talk.json").write_text(json.dumps(record))
    (tmp_path / "notes.md").write_text(notes)
    library = load_library(tmp_path, log_errors=False)
    [noted] = [t for t in library.talks if t.has_notes_source]
    assert [s.file.split("/")[-3] for s in noted.sources[1:]] == ["pycascades-2022"]
    assert len(library.talks) == 2


@pytest.mark.parametrize(
    ("first", "second", "records"),
    [
        # A category's year is its edition's, whatever date a recording carries.
        (("PyCon ES 2015", "2016-10-08"), ("PyCon ES 2016", "2016-10-08"), 2),
        (("PyCon ES 2016", "2016-10-08"), ("PyCon ES 2016", "2016-10-09"), 1),
    ],
    ids=["two-editions", "one-edition-two-folders"],
)
def test_editions_of_one_conference_are_told_apart_by_their_category(
    tmp_path: Path, first: tuple[str, str], second: tuple[str, str], records: int
) -> None:
    for n, (category, recorded) in enumerate((first, second)):
        folder = tmp_path / f"cat-{n}"
        (folder / "videos").mkdir(parents=True)
        (folder / "category.json").write_text(json.dumps({"title": category}))
        record = {
            "title": "Algoritmos genéticos con Python",
            "speakers": ["Siro Moreno"],
            "recorded": recorded,
            "description": "",
            "videos": [{"type": "youtube", "url": f"https://youtu.be/{n}"}],
        }
        (folder / "videos" / "talk.json").write_text(json.dumps(record))
    library = load_library(tmp_path, log_errors=False)
    assert len(library.talks) == records
