"""Other ways people write notes parse too, with no code path special-cased to a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.records.library import load_library
from bot.records.markdown_notes import parse_notes
from bot.records.models import LinkKind, Talk, TalkKind

STYLES = Path(__file__).resolve().parents[1] / "fixtures" / "styles"


@pytest.fixture(scope="module")
def talks() -> dict[str, Talk]:
    library = load_library(STYLES, log_errors=False)
    assert library.errors == []
    return {t.title: t for t in library.talks}


def urls(talk: Talk, kind: LinkKind) -> list[str]:
    return [link.url for link in talk.links if link.kind is kind]


def test_file_per_talk_with_bold_fields(talks: dict[str, Talk]) -> None:
    talk = talks["Observability on a Budget"]
    assert talk.conference == "Devopsdays Berlin"
    assert talk.year == 2023
    assert talk.day == 2
    assert talk.speakers == ["Ana Lima"]
    assert urls(talk, LinkKind.SLIDES) == [
        "https://speakerdeck.com/analima/observability-on-a-budget"
    ]
    assert urls(talk, LinkKind.VIDEO) == ["https://www.youtube.com/watch?v=o11yBudget"]
    assert "Speaker" not in talk.notes and "Slides:" not in talk.notes
    assert talk.summary.startswith("Started with the bill")

    chaos = talks["Chaos Fridays"]
    assert chaos.speakers == ["Bo Chen", "Dara Okafor"]
    assert chaos.kind is TalkKind.KEYNOTE
    assert urls(chaos, LinkKind.CODE) == ["https://github.com/bochen/chaos-fridays"]
    assert chaos.id == "devopsdays-berlin-2023/chaos-fridays"


def test_yaml_front_matter(talks: dict[str, Talk]) -> None:
    talk = talks["Zero-Copy Parsing in Practice"]
    assert talk.conference == "RustNation"
    assert talk.year == 2025
    assert talk.day == 1
    assert talk.kind is TalkKind.LIGHTNING
    assert talk.speakers == ["Élodie Martin", "Kenji Watanabe"]
    assert urls(talk, LinkKind.SLIDES) == ["https://slides.example.org/zero-copy"]
    assert talk.abstract.startswith("Borrowing from the input buffer")
    assert "# Zero-Copy Parsing" not in talk.notes  # the H1 repeating the title is not notes
    assert "`Cow<'a, str>`" in talk.notes


def test_one_h1_per_talk_with_speakers_in_heading(talks: dict[str, Talk]) -> None:
    streams = talks["Streams All the Way Down"]
    assert streams.speakers == ["Mira Patel"]
    assert streams.conference == "Jsconf Eu"
    assert streams.year == 2019
    assert urls(streams, LinkKind.SLIDES) == ["https://mirapatel.dev/slides/streams"]
    keynote = talks["The Web We Lost"]
    assert keynote.kind is TalkKind.KEYNOTE
    assert keynote.speakers == ["Tomás García"]
    bundlers = talks["A Tale of Two Bundlers"]
    assert bundlers.speakers == ["Lee Kim", "Sam Ortiz"]
    assert urls(bundlers, LinkKind.CODE) == ["https://github.com/leekim/two-bundlers"]
    a11y = talks["Accessibility Is Not a Feature"]
    assert a11y.speakers == ["Noor Haddad"]
    assert a11y.day == 2
    assert streams.day == 1
    assert "day 2" not in {t.lower() for t in talks}


def test_numbered_list_of_talks(talks: dict[str, Talk]) -> None:
    pandas = talks["Pandas 3 Roadmap"]
    assert pandas.conference == "PyData NYC"
    assert pandas.year == 2022
    assert pandas.speakers == ["Joris Bakker"]
    assert "copy-on-write by default" in pandas.notes
    assert urls(pandas, LinkKind.SLIDES) == ["https://jbakker.github.io/slides/pandas3"]
    assert talks["Forecasting at Scale"].speakers == ["Priya Raman"]
    gpus = talks["GPUs for Everyone"]
    assert gpus.kind is TalkKind.LIGHTNING
    panel = talks["The Panel on Open Source Funding"]
    assert panel.kind is TalkKind.PANEL
    assert panel.speakers == ["Ines Duarte", "Omar Said", "Li Wei"]


def test_numbered_list_inside_a_talk_stays_notes() -> None:
    text = (
        "# Conf 2024\n\n## Measuring builds\n\nAna Lima\n\n"
        "1. Uncompressed image size\n2. initial build time\n3. rebuild time\n"
    )
    parsed = parse_notes(text, "conf.md")
    assert [t.title for t in parsed.talks] == ["Measuring builds"]
    assert "2. initial build time" in parsed.talks[0].notes


def test_every_style_file_yields_talks() -> None:
    """Every notes file; not an index of other files (a README, a DocC topics page), nor a
    file its index lists as not a talk."""
    for path in STYLES.rglob("*.md"):
        parsed = parse_notes(path.read_text(encoding="utf-8"), str(path))
        if parsed.index or path.stem.lower() == "readme" or path.stem == "booths":
            continue
        library = load_library(path.parent, log_errors=False)
        assert any(t.source.file == str(path) for t in library.talks), path


def test_unknown_structure_degrades_to_fewer_fields() -> None:
    text = "just some words\n\nno headings at all, a [broken](link and ``` an open fence\n"
    parsed = parse_notes(text, "odd.md")
    assert parsed.talks == []
    lone = parse_notes("## Something\n\n> quote only\n", "x.md")
    assert [t.title for t in lone.talks] == ["Something"]
    assert lone.talks[0].speakers == []
    assert lone.talks[0].abstract == "quote only"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "# ",
                    "## ",
                    "### ",
                    "> ",
                    "---",
                    "]",
                    "* ",
                    "1. ",
                    "```",
                    "Speaker: ",
                    "<github.com/x/y>",
                    "@handle",
                    "(virtual talk)",
                    "Day 2",
                    "**Slides:** ",
                ]
            ),
            st.text(max_size=40),
        ),
        max_size=40,
    )
)
def test_parser_never_raises(pieces: list[str]) -> None:
    text = "\n".join(pieces)
    parsed = parse_notes(text, "fuzz.md")
    for talk in parsed.talks:
        assert talk.id and talk.title
        assert len(talk.summary) <= 300


@pytest.mark.parametrize(
    ("section", "kind"),
    [
        ("Workshops", TalkKind.WORKSHOP),
        ("LightningTalks", TalkKind.LIGHTNING),
        ("Keynotes", TalkKind.KEYNOTE),
        ("Panels", TalkKind.PANEL),
        ("Talks", TalkKind.TALK),
    ],
)
def test_section_heading_names_the_kind_of_its_talks(section: str, kind: TalkKind) -> None:
    text = f"# Conf 2024\n\n## {section}\n\n### Build a Bot\n\nAna Lima\n\n### Ship It\n\nBo Chen\n"
    parsed = parse_notes(text, "conf.md")
    assert [(t.title, t.kind) for t in parsed.talks] == [("Build a Bot", kind), ("Ship It", kind)]
