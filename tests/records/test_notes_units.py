"""Where the talks are: which headings, list items, rows and links become talks, and which
never do (through parse_notes; each table is one rule)."""

from __future__ import annotations

import pytest

from bot.records.markdown_notes import parse_notes
from bot.records.models import TalkKind


def _talks(text: str) -> list[tuple[str, list[str]]]:
    return [(t.title, t.speakers) for t in parse_notes(text, "notes.md").talks]


def _titles(text: str) -> list[str]:
    return [t.title for t in parse_notes(text, "notes.md").talks]


# -- Markdown as Markdown -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "titles"),
    [
        (  # a `#` inside a fence is code
            "# Conf 2031\n\n## Build Scripts\nAna Lima\n\n```sh\n# not a heading\nmake\n```\n",
            ["Build Scripts"],
        ),
        (  # a heading inside an HTML comment is not a heading
            "# Conf 2031\n\n## Build Scripts\nAna Lima\n\n<!--\n## Draft Talk\nBo Chen\n-->\n",
            ["Build Scripts"],
        ),
        (  # setext headings are headings
            "Conf 2031\n=========\n\nBuild Scripts\n-------------\nAna Lima\n\n"
            "Ship It\n-------\nBo Chen\n",
            ["Build Scripts", "Ship It"],
        ),
        (  # a reference-style link in a title is its text
            "# Conf 2031\n\n## [Build Scripts][bs]\nAna Lima\n\n[bs]: https://x.org/talk/B1/\n",
            ["Build Scripts"],
        ),
    ],
)
def test_block_structure_is_commonmark(text: str, titles: list[str]) -> None:
    assert _titles(text) == titles


# -- talks as list items and table rows -----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "talks"),
    [
        (
            "Notes from the day.\n\n* **Build Scripts** - Ana Lima\n* **Ship It** - Bo Chen\n",
            [("Build Scripts", ["Ana Lima"]), ("Ship It", ["Bo Chen"])],
        ),
        (
            "Highlights:\n\n* Ana Lima - [Build Scripts](https://v.example/1) - loved it\n"
            "* Bo Chen - [Ship It - Fast](https://v.example/2)\n",
            [("Build Scripts", ["Ana Lima"]), ("Ship It - Fast", ["Bo Chen"])],
        ),
        (
            "| Talk | Speaker |\n|---|---|\n| Build Scripts | Ana Lima |\n| Ship It | Bo Chen |\n",
            [("Build Scripts", ["Ana Lima"]), ("Ship It", ["Bo Chen"])],
        ),
    ],
)
def test_list_items_and_table_rows_can_be_talks(
    text: str, talks: list[tuple[str, list[str]]]
) -> None:
    assert _talks(text) == talks


@pytest.mark.parametrize(
    "text",
    [
        "# Conf 2031\n\n## Build Scripts\nAna Lima\n\n* **fast** - really\n* **cheap** - yes\n",
        "My slides live in [fast repo](https://github.com/ana/talks/tree/main/fast).\n",
        "| From | Train | Plane |\n|---|---|---|\n| Paris | 20 | 90 |\n| Rome | 30 | 80 |\n",
        "Shopping:\n\n* Ana's bread\n* Bo's cheese\n",
    ],
)
def test_lists_and_tables_of_other_things_are_not_talks(text: str) -> None:
    titles = _titles(text)
    assert not {"fast", "Paris", "Ana's bread", "fast repo"} & set(titles)


# -- headings that are not talks ------------------------------------------------------------
_TALK = "\n\n## Ship It\nBo Chen\n\nnotes\n"


@pytest.mark.parametrize(
    "heading",
    [
        "Day 2",
        "2031-05-18 | Friday",
        "Friday Morning",
        "10:30 - 11:15",
        "Lightning Talks",
        "Workshops",
        "Keynotes",
        "Tutorials (3.5 hours)",
        "Sessions (~45 minutes)",
        "Room 101",
        "Main Hall",
        "Track B",
        "All Posters",
        "Vendors",
    ],
)
def test_days_slots_and_sections_are_not_talks(heading: str) -> None:
    text = f"# Conf 2031\n\n## {heading}\n\n### Build Scripts\nAna Lima\n{_TALK}"
    titles = _titles(text)
    assert heading not in titles
    if heading not in ("All Posters", "Vendors"):
        assert "Build Scripts" in titles  # what is under a day or section still counts
    else:
        assert "Build Scripts" not in titles  # a poster or a vendor is not a talk


@pytest.mark.parametrize(
    "part", ["Takeaways", "Resources", "Q&A", "Key points", "Details:", "Links", "Notes:"]
)
def test_a_talks_own_sub_headings_are_its_notes(part: str) -> None:
    text = f"# Conf 2031\n\n## Build Scripts\nAna Lima\n\n### {part}\n\n- Carol Diaz\n{_TALK}"
    parsed = parse_notes(text, "notes.md")
    assert [t.title for t in parsed.talks] == ["Build Scripts", "Ship It"]
    assert f"### {part}" in parsed.talks[0].notes


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        (  # an aside before the first talk
            "# Conf 2031\n\n## Berlin\n\n* hot in May\n* good trains\n\n"
            "## Build Scripts\nAna Lima\n" + _TALK,
            ["Build Scripts", "Ship It"],
        ),
        (  # housekeeping after the talks
            "# Conf 2031\n\n## Build Scripts\nAna Lima\n" + _TALK + "\n## Photos\n\nlots\n\n"
            "## End of Day 1\n\ntired\n\n## Final thoughts\n\ngreat conference\n",
            ["Build Scripts", "Ship It"],
        ),
        (  # an announcement with nothing under it
            "# Conf 2031\n\n## Build Scripts\nAna Lima\n\n## Conf: next year in Oslo\n" + _TALK,
            ["Build Scripts", "Ship It"],
        ),
        (  # topic headings of a post that names no talk
            "---\ntitle: Train to Conf 2031\n---\n\n## The goal\n\nLess carbon.\n\n"
            "## The journey\n\nSleeper train.\n",
            [],
        ),
        (  # the document's own title
            "# Conf 2031 — my notes\n\n## Build Scripts\nAna Lima\n" + _TALK,
            ["Build Scripts", "Ship It"],
        ),
    ],
)
def test_asides_announcements_topics_and_the_documents_title_are_not_talks(
    text: str, titles: list[str]
) -> None:
    assert _titles(text) == titles


# -- talks decided from evidence ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "titles"),
    [
        (  # under a section of talks, a heading with notes is a talk without a speaker
            "# Conf 2031\n\n## Lightning Talks\n\n### Build Scripts\n\nquick demo\n\n"
            "### Ship It\nBo Chen\n",
            ["Build Scripts", "Ship It"],
        ),
        (  # a heading among talks, after one, with notes but no speaker
            "# Conf 2031\n\n## Ship It\nBo Chen\n\nnotes\n\n## Build Scripts\n\nlazy graphs\n",
            ["Ship It", "Build Scripts"],
        ),
        (  # a recording linked first
            "# Conf 2031\n\n## Build Scripts\n[Full Talk](https://www.youtube.com/watch?v=b1)\n"
            "\n## Ship It\n[Full Talk](https://www.youtube.com/watch?v=s1)\n",
            ["Build Scripts", "Ship It"],
        ),
        (  # a quoted abstract
            "## Build Scripts\n\n> How builds get fast.\n",
            ["Build Scripts"],
        ),
    ],
)
def test_headings_with_evidence_are_talks(text: str, titles: list[str]) -> None:
    assert _titles(text) == titles


@pytest.mark.parametrize(
    ("text", "talks"),
    [
        (  # a file per talk whose topic headings are as big as its title
            "# Build Scripts (Ana Lima)\n* notes\n\n# Why Make\n* old\n\n# Why Not\n* slow\n",
            [("Build Scripts", ["Ana Lima"])],
        ),
        (  # a file per talk with `# Details:` at the title's level
            "# Build Scripts\n\n# Details:\n* https://x.org/schedule/1\n* Ana Lima (Acme)\n\n"
            "# Notes:\n* fast\n",
            [("Build Scripts", ["Ana Lima"])],
        ),
        (  # one top heading with sub-headings that are not talks
            "# Build Scripts\n\n## Resources\n\nhttps://github.com/ana/b\n\n## Caching\n\nyes\n",
            [("Build Scripts", [])],
        ),
        (  # no heading at all: the first line names title and speaker
            "Build Scripts (Ana Lima)\n* fast\n* cheap\n",
            [("Build Scripts", ["Ana Lima"])],
        ),
    ],
)
def test_a_whole_file_can_be_one_talk(text: str, talks: list[tuple[str, list[str]]]) -> None:
    assert _talks(text) == talks


@pytest.mark.parametrize(
    ("text", "talks"),
    [
        (
            "---\ntitle: My Conf 2031\n---\n\nI saw [Build Scripts](https://p.example/c/talk/B1/) "
            "by Ana Lima. I also went to Bo Chen’s workshop, "
            "[Ship It](https://p.example/c/talk/S1/). And [a post](https://blog.example/p).\n",
            [("Build Scripts", ["Ana Lima"]), ("Ship It", ["Bo Chen"])],
        ),
        (  # after a talk, a topic whose list names a talk by its page gives that talk only
            "# Conf 2031\n\n## Ship It\nBo Chen\n\n## Volunteering\n\n- heralded "
            "[Build Scripts](https://c.example/2031/schedule/event/b1/)\n- and "
            "[Fast Queues](https://c.example/2031/schedule/event/f1/)\n",
            [("Ship It", ["Bo Chen"]), ("Build Scripts", []), ("Fast Queues", [])],
        ),
        (  # a section of talks that names them in its text: its sub-headings are not talks
            "## The talks\n\nI saw [Build Scripts](https://p.example/c/talk/B1/) by Ana Lima."
            "\n\n### The chores\n\n- handed out stickers\n",
            [("Build Scripts", ["Ana Lima"])],
        ),
        (  # a topic heading whose first lines name the talk by its page
            "## Volunteering\n\n- heralded [Ship It](https://c.example/2031/schedule/event/s1/)\n\n"
            "## Packaging - Ana Lima\n\n[Build Scripts](https://c.example/2031/schedule/event/b1/) "
            "was great.\n\n- notes\n",
            [("Ship It", []), ("Build Scripts", ["Ana Lima"])],
        ),
    ],
)
def test_talks_named_in_prose_by_their_page(text: str, talks: list[tuple[str, list[str]]]) -> None:
    assert _talks(text) == talks


def test_the_same_talk_twice_is_one_record_with_both_parts() -> None:
    text = (
        "# Conf 2031\n\n# Favourites\n\n## Ana Lima - Build Scripts\n* the best one\n\n"
        "# Full Notes\n\n## Ana Lima - Build Scripts\n* caching everywhere\n\n"
        "## Bo Chen - Ship It\n* fast\n"
    )
    talks = parse_notes(text, "notes.md").talks
    assert [t.title for t in talks] == ["Build Scripts", "Ship It"]
    assert "the best one" in talks[0].notes and "caching everywhere" in talks[0].notes


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Lightning Talks", TalkKind.LIGHTNING),
        ("Lighting Talks", TalkKind.LIGHTNING),
        ("Workshops", TalkKind.WORKSHOP),
        ("Keynote", TalkKind.KEYNOTE),
    ],
)
def test_a_section_names_the_kind_of_its_talks(heading: str, kind: TalkKind) -> None:
    text = f"# Conf 2031\n\n## {heading}\n\n### Build Scripts\nAna Lima\n\n### Ship It\nBo Chen\n"
    assert {t.kind for t in parse_notes(text, "notes.md").talks} == {kind}


def test_a_docc_directive_names_the_kind_and_the_speaker_line_follows_it() -> None:
    text = (
        '# Build Scripts\n\n@Metadata {\n    @TitleHeading("Workshop")\n}\n\nAna Lima\n\n'
        "## Abstract\n\nMake, again.\n"
    )
    [talk] = parse_notes(text, "notes.md").talks
    assert (talk.title, talk.speakers, talk.kind) == (
        "Build Scripts",
        ["Ana Lima"],
        TalkKind.WORKSHOP,
    )
