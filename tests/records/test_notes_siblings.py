"""Siblings decide: units written alike are read alike (through parse_notes; one table per
rule). Where most headings or items of a group name their speaker one way, a sibling
written the same way names its speaker too, however the name is cased; a list whose items
mostly open with a bold title, several with a speaker, is a list of talks."""

from __future__ import annotations

import pytest

from bot.records.markdown_notes import parse_notes


def _talks(text: str) -> list[tuple[str, list[str]]]:
    return [(t.title, t.speakers) for t in parse_notes(text, "notes.md").talks]


# -- the heading splits where its siblings split --------------------------------------------
@pytest.mark.parametrize(
    ("text", "talks"),
    [
        (  # both sides read as names: the siblings say the speaker comes first
            "# Conf 2031\n\n## Ana Lima - Build Scripts Faster\n\nnotes\n\n"
            "## Bo Chen - Testing the Pipeline\n\nnotes\n\n"
            "## Marek Trylla - FastQueue Internals\n\nnotes\n",
            [
                ("Build Scripts Faster", ["Ana Lima"]),
                ("Testing the Pipeline", ["Bo Chen"]),
                ("FastQueue Internals", ["Marek Trylla"]),
            ],
        ),
        (  # a surname in capitals, after the dash its siblings use
            "# Conf 2031\n\n## Build Scripts — Ana Lima\n\nnotes\n\n"
            "## Ship It — Bo Chen\n\nnotes\n\n## Des boucles — LEMAIRE Arnaud\n\nnotes\n",
            [
                ("Build Scripts", ["Ana Lima"]),
                ("Ship It", ["Bo Chen"]),
                ("Des boucles", ["LEMAIRE Arnaud"]),
            ],
        ),
        (  # list items: the same, for a title alone among `**Title** — Speaker` items
            "# Conf 2031\n\n1. **Build Scripts** — Ana Lima\n1. **Ship It** — Bo Chen\n"
            "1. **Scapy at Work** — ebel franck\n",
            [
                ("Build Scripts", ["Ana Lima"]),
                ("Ship It", ["Bo Chen"]),
                ("Scapy at Work", ["ebel franck"]),
            ],
        ),
    ],
)
def test_a_heading_splits_where_its_siblings_split(
    text: str, talks: list[tuple[str, list[str]]]
) -> None:
    assert _talks(text) == talks


@pytest.mark.parametrize(
    "text",
    [
        # only one sibling splits that way: no telling, the title stays whole
        "# Conf 2031\n\n## Ana Lima - Build Scripts\n\nnotes\n\n"
        "## Marek Trylla - FastQueue Internals\n\nnotes\n\n## Open Questions\n\nnotes\n",
        # the side where a speaker would stand holds a title's words
        "# Conf 2031\n\n## Ana Lima - Build Scripts\n\nnotes\n\n## Bo Chen - Ship It\n\nnotes\n\n"
        "## Closing remarks - Next Year\n\nnotes\n",
    ],
)
def test_a_heading_does_not_split_without_its_siblings(text: str) -> None:
    titles = [title for title, _ in _talks(text)]
    assert any(" - " in title for title in titles) or len(titles) == 2


# -- the line under the heading, where its siblings name their speakers ---------------------
@pytest.mark.parametrize(
    ("text", "talks"),
    [
        (  # lower case, where the siblings' speaker lines stand
            "# Conf 2031\n\n## Build Scripts\nAna Lima\n\n> Abstract.\n\n"
            "## Ship It\nBo Chen\n\n> Abstract.\n\n## Rage Against the Machine\n"
            "errazudin ishak\n\n> Abstract.\n",
            [
                ("Build Scripts", ["Ana Lima"]),
                ("Ship It", ["Bo Chen"]),
                ("Rage Against the Machine", ["errazudin ishak"]),
            ],
        ),
        (  # handles without '@', in bold like the siblings' names
            "# Conf 2031\n\n### Build Scripts\n\n**Ana Lima**\n\n> Abstract.\n\n"
            "### Ship It\n\n**Bo Chen**\n\n> Abstract.\n\n### Live Coding\n\n"
            "**markush, apollo13**\n\n> Abstract.\n",
            [
                ("Build Scripts", ["Ana Lima"]),
                ("Ship It", ["Bo Chen"]),
                ("Live Coding", ["markush", "apollo13"]),
            ],
        ),
    ],
)
def test_the_speaker_line_is_where_its_siblings_have_it(
    text: str, talks: list[tuple[str, list[str]]]
) -> None:
    assert _talks(text) == talks


@pytest.mark.parametrize(
    "text",
    [
        # a sentence of notes, not names, stands there
        "# Conf 2031\n\n## Build Scripts\nAna Lima\n\n## Ship It\nBo Chen\n\n"
        "## Live Coding\nwe built a thing\n",
        # a line in another place than the siblings' speaker lines
        "# Conf 2031\n\n## Build Scripts\nAna Lima\n\n## Ship It\nBo Chen\n\n"
        "## Live Coding\n\nsome notes\n\nbo chen\n",
    ],
)
def test_a_line_of_notes_is_not_a_speaker(text: str) -> None:
    assert _talks(text)[-1] == ("Live Coding", [])


# -- a list of talks, some naming no speaker ------------------------------------------------
@pytest.mark.parametrize(
    ("text", "talks"),
    [
        (  # several name a speaker, the rest open with a bold title the same way
            "# Conf 2031 notes\n\n1. **Build Scripts** — Ana Lima\n"
            "1. **Ship It; a Presentation**\n   What shipping means.\n"
            "1. **Type Hints** — Bo Chen\n1. **Async All the Way**\n1. **Data Pipes**\n",
            [
                ("Build Scripts", ["Ana Lima"]),
                ("Ship It; a Presentation", []),
                ("Type Hints", ["Bo Chen"]),
                ("Async All the Way", []),
                ("Data Pipes", []),
            ],
        ),
        (  # each item's `Speaker:` line is its own, not the document title's
            "# Conf 2031 notes\n\n1. **Build Scripts** — Ana Lima\n   Speaker: Ana Lima\n"
            "1. **Ship It** — Bo Chen\n   Speaker: Bo Chen\n",
            [("Build Scripts", ["Ana Lima"]), ("Ship It", ["Bo Chen"])],
        ),
    ],
)
def test_a_list_of_talks(text: str, talks: list[tuple[str, list[str]]]) -> None:
    assert _talks(text) == talks


def test_a_list_with_one_speaker_among_bold_terms_is_not_talks() -> None:
    text = (
        "# Conf 2031\n\n## Build Scripts\nAna Lima\n\nKey points:\n\n"
        "- **Caching** — keep it\n- **Speed** matters\n- **Bo Chen** — said hi\n"
    )
    assert _talks(text) == [("Build Scripts", ["Ana Lima"])]


# -- a placeholder where a speaker stands ---------------------------------------------------
@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("Lightning talks, day 2 — Various speakers", "Lightning talks, day 2"),
        ("Various Speakers - Lightning talks session 2", "Lightning talks session 2"),
        ("Community Panel — TBA", "Community Panel"),
    ],
)
def test_a_placeholder_for_speakers_names_no_one(heading: str, title: str) -> None:
    text = f"# Conf 2031\n\n## Build Scripts — Ana Lima\n\nnotes\n\n## {heading}\n\nnotes\n"
    assert _talks(text)[-1] == (title, [])


# -- names in scripts without capitals ------------------------------------------------------
@pytest.mark.parametrize(
    ("heading", "talk"),
    [
        ("배준현 - Python 3.4와 AsyncIO", ("Python 3.4와 AsyncIO", ["배준현"])),
        ("Python で始める機械学習 — 黃坤賢", ("Python で始める機械学習", ["黃坤賢"])),
    ],
)
def test_a_name_without_spaces_in_a_script_without_capitals(
    heading: str, talk: tuple[str, list[str]]
) -> None:
    assert _talks(f"# Conf 2031\n\n## {heading}\n\nnotes\n") == [talk]


# -- talks written as bold paragraphs -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "talks"),
    [
        (  # `**Title** — Speaker` paragraphs under a day heading, with notes between
            "# Conf 2031\n\n## Day 1\n\n**Build Scripts** — Ana Lima\n\nFast builds.\n\n"
            "**Ship It** — Bo Chen\n\nShip often.\n",
            [
                ("Build Scripts", ["Ana Lima"], "Fast builds."),
                ("Ship It", ["Bo Chen"], "Ship often."),
            ],
        ),
        (  # `**Title**` with the speaker on the next line; a bold sub-heading stays notes
            "# Conf 2031\n\n**Build Scripts**\nAna Lima\n\nFast.\n\n**Takeaways**\n\nCache.\n\n"
            "**Ship It**\n_Bo Chen_\n\nOften.\n",
            [
                ("Build Scripts", ["Ana Lima"], "Fast.\n\n**Takeaways**\n\nCache."),
                ("Ship It", ["Bo Chen"], "Often."),
            ],
        ),
        (  # once the file has shown its talks so, one in another day's section is enough
            "# Conf 2031\n\n## Day 1\n\n**Build Scripts** — Ana Lima\n\n**Ship It** — Bo Chen\n\n"
            "## Day 2\n\n**Type Hints** — Cleo Park\n\nTyped.\n",
            [
                ("Build Scripts", ["Ana Lima"], ""),
                ("Ship It", ["Bo Chen"], ""),
                ("Type Hints", ["Cleo Park"], "Typed."),
            ],
        ),
    ],
)
def test_talks_written_as_bold_paragraphs(
    text: str, talks: list[tuple[str, list[str], str]]
) -> None:
    got = parse_notes(text, "notes.md").talks
    assert [(t.title, t.speakers, t.notes) for t in got] == talks


@pytest.mark.parametrize(
    "text",
    [
        # one bold paragraph naming a person is not evidence of a list of talks
        "# Conf 2031\n\n## Day 1\n\n**Build Scripts** — Ana Lima\n\nnotes\n",
        # bold lead-ins of notes, naming no one
        "# Conf 2031\n\n## Day 1\n\n**Monday** was long.\n\n**Tuesday** — rain again\n\n"
        "**Wednesday**\n",
    ],
)
def test_bold_paragraphs_without_sibling_evidence_are_not_talks(text: str) -> None:
    assert _talks(text) == []


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        (  # a bold paragraph's talk: the speaker goes after its title, as its siblings have it
            "# Conf 2031\n\n**Build Scripts** — Ana Lima\n\n**Ship It** — Bo Chen\n\n"
            "**Live Coding**\n\nnotes\n",
            "write it after the title, as in '**Title** — Ana Lima'",
        ),
        (  # a list item's talk: the same
            "# Conf 2031\n\n1. **Build Scripts** — Ana Lima\n1. **Ship It** — Bo Chen\n"
            "1. **Live Coding**\n",
            "write it after the title, as in '**Title** — Ana Lima'",
        ),
    ],
)
def test_a_talk_without_speaker_says_where_to_write_one(text: str, advice: str) -> None:
    parsed = parse_notes(text, "notes.md")
    [problem] = [p for p in parsed.problems if "Live Coding" in p.message]
    assert problem.message.endswith(advice)
    [decision] = [d for d in parsed.outline if d.text == "Live Coding"]
    assert decision.why.endswith(advice)
