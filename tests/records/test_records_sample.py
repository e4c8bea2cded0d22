"""The real sample notes (data/pycascades-2024.md) parse into the 27 talks a person sees."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bot.records.library import load_library
from bot.records.markdown_notes import parse_notes
from bot.records.models import LinkKind, Talk, TalkKind

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "pycascades-2024.md"


@pytest.fixture(scope="module")
def talks() -> dict[str, Talk]:
    parsed = parse_notes(SAMPLE.read_text(encoding="utf-8"), "data/pycascades-2024.md")
    return {t.title: t for t in parsed.talks}


def find(talks: dict[str, Talk], start: str) -> Talk:
    matches = [t for title, t in talks.items() if title.startswith(start)]
    assert len(matches) == 1, f"{start!r}: {len(matches)} talks"
    return matches[0]


def links_of(talk: Talk, kind: LinkKind) -> list[str]:
    return [link.url for link in talk.links if link.kind is kind]


def test_exactly_27_talks_by_day_and_kind(talks: dict[str, Talk]) -> None:
    assert len(talks) == 27
    counts = Counter((t.day, t.kind) for t in talks.values())
    assert counts == {
        (1, TalkKind.TALK): 11,
        (2, TalkKind.LIGHTNING): 8,
        (2, TalkKind.TALK): 7,
        (2, TalkKind.PANEL): 1,
    }


def test_section_headings_are_not_talks(talks: dict[str, Talk]) -> None:
    titles = {t.lower() for t in talks}
    assert not titles & {"day 2", "lightning talks", "pycascades 2024"}
    # ### headings inside a talk stay its notes
    assert "principles of python's type system" not in titles
    assert "mars climate orbiter" not in titles


def test_conference_and_ids(talks: dict[str, Talk]) -> None:
    for talk in talks.values():
        assert talk.conference == "Pycascades"
        assert talk.year == 2024
        assert talk.id.startswith("pycascades-2024/")
    assert len({t.id for t in talks.values()}) == 27
    assert find(talks, "Testing your web app").id == (
        "pycascades-2024/testing-your-web-app-with-playwright"
    )


def test_talk_types_in_my_python(talks: dict[str, Talk]) -> None:
    talk = find(talks, "Types, In My Python")
    assert talk.day == 1
    assert talk.kind is TalkKind.TALK
    assert talk.speakers == ["Piper Thunstrom"]
    assert talk.handles == []
    assert links_of(talk, LinkKind.TALK_PAGE) == [
        "https://pretalx.com/pycascades-2024/talk/HLAM8G/"
    ]
    assert links_of(talk, LinkKind.SPEAKER) == ["https://piper.thunstrom.dev"]
    assert talk.tagline == "It's more likely than you think!"
    assert talk.abstract.startswith("Types, In My Python? is an analysis of Python's unique")
    assert talk.abstract.endswith("between strict static typing and a dynamic free-for-all?")
    assert ">" not in talk.abstract.replace("type > system", "")
    assert "### Principles of Python's Type System" in talk.notes
    assert "* strongly vs weakly typed" in talk.notes  # Markdown kept
    assert "Piper Thunstrom" not in talk.notes
    assert talk.virtual is False
    assert talk.source.file == "data/pycascades-2024.md"
    assert talk.source.line == 5


def test_talk_infamous_bugs(talks: dict[str, Talk]) -> None:
    talk = find(talks, "The Stories Of the Most Infamous Bugs")
    assert talk.speakers == ["Ian Zelikman"]
    assert talk.handles == ["@izcoder"]
    assert talk.tagline == ""
    assert talk.abstract.startswith("Whenever we write code we eventually make mistakes")
    assert "#### Ariane 5 Explosion" in talk.notes
    assert talk.source.line == 96


def test_talk_two_speakers_after_missing_separator(talks: dict[str, Talk]) -> None:
    graphql = find(talks, "Building GraphQL microservices")
    assert graphql.speakers == ["Aby M Joseph", "Thameem Karakkoth"]
    assert graphql.kind is TalkKind.TALK
    assert graphql.day == 2
    # No '---' before it: the lightning talk above must not swallow it, nor it the one above.
    ppb = find(talks, "PursuedPyBear")
    assert ppb.kind is TalkKind.LIGHTNING
    assert "GraphQL" not in ppb.notes
    assert ppb.notes == "quick demo of ppb"
    circuit = find(talks, "Cutting the USB cord")
    assert "Containeriz" not in circuit.notes
    assert find(talks, "Containerizing Python").speakers == ["Avik Basu"]


def test_virtual_talks(talks: dict[str, Talk]) -> None:
    virtual = {t.title.split(":")[0] for t in talks.values() if t.virtual}
    assert virtual == {
        "Embracing MLOps",
        "Next Level Python Applications with PyScript",
        "Kandinsky",
    }
    assert "(virtual talk)" not in find(talks, "Embracing MLOps").notes


def test_lightning_known_only_by_handle(talks: dict[str, Talk]) -> None:
    talk = find(talks, "How to do the same thing over and over again")
    assert talk.kind is TalkKind.LIGHTNING
    assert talk.day == 2
    assert talk.speakers == []
    assert talk.handles == ["@JessicaGarson"]
    assert talk.byline == "@JessicaGarson"
    assert links_of(talk, LinkKind.SPEAKER) == ["https://github.com/JessicaGarson/"]
    # The notes open with the speaker's job, which says nothing about the talk.
    assert talk.summary.startswith("Script for updating data")


def test_lightning_speaker_commentary_dropped(talks: dict[str, Talk]) -> None:
    talk = find(talks, "Beautiful Reporting With Quarto")
    assert talk.speakers == ["Sam Edwardes"]
    assert links_of(talk, LinkKind.CODE) == [
        "https://github.com/SamEdwardes/pycascades-2024-beautiful-reporting-with-quarto"
    ]
    assert links_of(talk, LinkKind.SPEAKER) == ["https://github.com/SamEdwardes"]


def test_lightning_schemeless_link_and_stray_bracket(talks: dict[str, Talk]) -> None:
    talk = find(talks, "Mapping Tomorrows Eclipse")
    assert talk.speakers == ["Christy Heaton"]
    urls = [link.url for link in talk.links]
    assert urls == ["https://mas.to/@christyheaton", "https://pyscript.com/@cheaton/2024-eclipse"]
    assert links_of(talk, LinkKind.SOCIAL) == ["https://mas.to/@christyheaton"]
    assert "]" not in talk.notes
    assert "]" not in talk.summary


def test_lightning_without_speaker(talks: dict[str, Talk]) -> None:
    talk = find(talks, "PyOpenSci")
    assert talk.speakers == []  # 'community around scientific packages' is not a name
    assert talk.kind is TalkKind.LIGHTNING
    assert "https://www.pyopensci.org/python-package-guide/" in [x.url for x in talk.links]


def test_lightning_more(talks: dict[str, Talk]) -> None:
    power = find(talks, "Power To The People")
    assert power.speakers == ["Sheena O'Connell"]
    assert links_of(power, LinkKind.SLIDES) == [
        "https://sheenarbw.github.io/pres-power-to-the-people-who-teach-people-to-code/#/1"
    ]
    days = find(talks, "The End of Days")
    assert days.speakers == ["Madison Swain-Bowden"]
    assert "Minori Sanchiz-Fung poems" in days.notes
    trading = find(talks, "Trading & Python")
    assert trading.speakers == ["Samyak Jain"]
    assert trading.handles == ["@SamyakJainIND"]


def test_panel_with_four_panelists(talks: dict[str, Talk]) -> None:
    talk = find(talks, "PyLadies Panel")
    assert talk.kind is TalkKind.PANEL
    assert talk.day == 2
    assert talk.speakers == ["Christy Heaton", "Mariatta", "Lynn Root", "Luciana Abud"]
    assert talk.abstract == (
        "PyLadies Panel: Talking about experiences and roles within the Python community."
    )


def test_schemeless_code_link_and_image(talks: dict[str, Talk]) -> None:
    containers = find(talks, "Containerizing Python")
    assert "https://github.com/ab93/dockerdemo" in links_of(containers, LinkKind.CODE)
    env = find(talks, "I declare an environment")
    assert links_of(env, LinkKind.IMAGE) == [
        "https://cdn.zappy.app/24a839f728d3445caed5f7ae7bd46cbc.png"
    ]
    assert links_of(env, LinkKind.CODE) == ["https://github.com/crazy4pi314/pycascades-repro-envs"]
    assert "zappy" not in env.summary
    intro = find(talks, "Intro to Introspection")
    assert links_of(intro, LinkKind.SLIDES) == ["http://slides.ucodery.com/intro-to-introspection"]


_MARKDOWN = re.compile(r"\*\*|\]\(|<https?:|^#|^\s*[-*] |`")


def test_every_summary_is_short_plain_and_whole(talks: dict[str, Talk]) -> None:
    with_summary = [t for t in talks.values() if t.summary]
    assert len(with_summary) >= 24
    for talk in with_summary:
        assert len(talk.summary) <= 300, talk.title
        assert not _MARKDOWN.search(talk.summary), talk.summary
        assert talk.summary[-1] in ".!?…\"'”", talk.summary
        for name in talk.speakers:
            assert not talk.summary.startswith(name), talk.summary
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", talk.summary)
        assert 1 <= len(sentences) <= 3 or talk.summary.endswith("…"), talk.summary


def test_summary_comes_from_abstract_else_notes(talks: dict[str, Talk]) -> None:
    rust = find(talks, "The Best Language to Write Python In Is Rust")
    assert rust.summary.startswith("In this talk we'll discuss more about why")
    ppb = find(talks, "PursuedPyBear")
    assert ppb.summary == "Quick demo of ppb."


def test_id_is_stable_when_notes_change() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    before = {t.title: t.id for t in parse_notes(text, "x.md").talks}
    edited = text.replace("Rust as ex of strong typing", "Rust as an example of strong typing")
    edited = edited.replace("Cheeseburger analogy", "Cheeseburger analogy, very good")
    after = {t.title: t.id for t in parse_notes(edited, "x.md").talks}
    assert before == after


def test_bundled_data_checks_clean() -> None:
    library = load_library(SAMPLE.parent, log_errors=False)
    # `data/` holds the seed notes alone: their 27 talks, every one from the notes.
    assert len([t for t in library.talks if t.has_notes_source]) == 27
    assert len(library.talks) == 27
    assert library.errors == []
