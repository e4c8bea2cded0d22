"""Which conference and year: front matter, the document's title, folder and file names,
the conference's URLs; spelled as the notes spell it (parse_notes and load_library)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.records.library import event_name, load_library
from bot.records.markdown_notes import parse_notes

_TALK = "## Build Scripts\nAna Lima\n\nnotes\n"


@pytest.mark.parametrize(
    ("text", "fallback", "conference", "year"),
    [
        ("---\nconference: RustNation\nyear: 2031\n---\n\n" + _TALK, "x", "RustNation", 2031),
        ("# PyData Oslo 2031 — my notes\n\n" + _TALK, "x", "PyData Oslo", 2031),
        ("# OSCON EU - Day 1\n\n" + _TALK, "x", "OSCON EU", None),
        (
            "---\ntitle: My NordPy 2031\n---\n\nI saw [Build Scripts]"
            "(https://p.example/n/talk/B1/) by Ana Lima.\n",
            "x",
            "NordPy",
            2031,
        ),
        ("---\ntitle: FOSDEM 2031 notes\n---\n\n" + _TALK, "x", "FOSDEM", 2031),
        (_TALK, "pycascades-2031", "Pycascades", 2031),
        (_TALK, "rawr-essays-pycon_2031-detailed_notes", "Pycon", 2031),
        (_TALK, "jdoe-pycon2031-day1", "Pycon", 2031),
        (
            _TALK + "\nsee <https://2031.pycascades.example/> and the PyCascades site\n",
            "pycascades-2031",
            "PyCascades",
            2031,
        ),
        (
            "# NWPHP Notes\n\n" + _TALK + "\nhttps://joind.in/event/nwphp-2031/build\n",
            "x",
            "NWPHP",
            2031,
        ),
        (
            _TALK + "\nhttps://joind.in/event/nwphp-2031/build\n",
            "ana-conference-notes-NWPHP",
            "NWPHP",
            2031,
        ),
    ],
)
def test_conference_and_year(text: str, fallback: str, conference: str, year: int | None) -> None:
    parsed = parse_notes(text, "notes.md", fallback)
    assert {(t.conference, t.year) for t in parsed.talks} == {(conference, year)}


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("pnwphp/Day 2/talk.md", "pnwphp"),
        ("pycascades-2031/talk.md", "pycascades-2031"),
        ("notes/pycon-2031-day1.md", "pycon-2031-day1"),
        ("talk.md", "talk"),
    ],
)
def test_a_day_folder_names_no_conference(tmp_path: Path, path: str, name: str) -> None:
    assert event_name(tmp_path / path, tmp_path) == name


def test_files_of_one_conference_share_the_year_one_states(tmp_path: Path) -> None:
    for day, extra in (("Day 1", ""), ("Day 2", "\nhttps://joind.in/event/nwphp-2031/x\n")):
        (tmp_path / "NWPHP" / day).mkdir(parents=True)
        (tmp_path / "NWPHP" / day / "talk.md").write_text(
            f"# Talk of {day}\n\n-- By Ana Lima\n\nnotes{extra}", encoding="utf-8"
        )
    talks = load_library(tmp_path, log_errors=False).talks
    assert sorted((t.conference, t.year, t.day) for t in talks) == [
        ("NWPHP", 2031, 1),
        ("NWPHP", 2031, 2),
    ]
