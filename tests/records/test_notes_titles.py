"""Title and speaker, split from each other in every common shape (through parse_notes)."""

from __future__ import annotations

import pytest

from bot.records.markdown_notes import parse_notes
from bot.records.models import LinkKind, TalkKind

# Two talks a file, so that each heading is weighed among siblings as in real notes; the
# second is always the same plain talk.
_OTHER = "\n\n## Closing the Loop\nBo Chen\n\nnotes\n"


def _first(heading: str, body: str = "notes about it") -> tuple[str, list[str], TalkKind]:
    parsed = parse_notes(f"# Conf 2031\n\n## {heading}\n\n{body}\n{_OTHER}", "conf.md")
    talk = parsed.talks[0]
    return talk.title, talk.speakers, talk.kind


@pytest.mark.parametrize(
    ("heading", "title", "speakers"),
    [
        ("Ines Duarte: Types, In My Rust?!", "Types, In My Rust?!", ["Ines Duarte"]),
        ("07 - Omar Said: Fast Queues", "Fast Queues", ["Omar Said"]),
        ("Mira Patel - Sorting Out Sorting - PyCon 2031", "Sorting Out Sorting", ["Mira Patel"]),
        ("Quiet Servers - Noor Haddad", "Quiet Servers", ["Noor Haddad"]),
        ("Quiet Servers -- Noor Haddad", "Quiet Servers", ["Noor Haddad"]),
        ("Quiet Servers — Noor Haddad", "Quiet Servers", ["Noor Haddad"]),
        ("Quiet Servers | Noor Haddad", "Quiet Servers", ["Noor Haddad"]),
        ("Quiet Servers by Noor Haddad", "Quiet Servers", ["Noor Haddad"]),
        ("Quiet Servers (Noor Haddad)", "Quiet Servers", ["Noor Haddad"]),
        ('"Quiet Servers" by Noor Haddad', "Quiet Servers", ["Noor Haddad"]),
        (
            "Talk: [Quiet Servers](https://x.org/talk/QS1/) by Noor Haddad",
            "Quiet Servers",
            ["Noor Haddad"],
        ),
        ("Lee Kim, Sam Ortiz - Two Bundlers", "Two Bundlers", ["Lee Kim", "Sam Ortiz"]),
        ("Caching Done Twice -- Tankersley", "Caching Done Twice", ["Tankersley"]),
        ("Ana Lima - Quiet Servers - Ana Lima", "Quiet Servers", ["Ana Lima"]),
        ("Small Data (@datadora)", "Small Data", ["@datadora"]),
        ("Small Data (Dora ?)", "Small Data", ["Dora"]),
    ],
)
def test_speaker_is_split_from_the_title(heading: str, title: str, speakers: list[str]) -> None:
    assert _first(heading)[:2] == (title, speakers)


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("Here Be Giants -- The Legacy Codebase", "Here Be Giants -- The Legacy Codebase"),
        ("Growth Hacking: Data Driven Marketing", "Growth Hacking: Data Driven Marketing"),
        ("OSCAR: Next Steps - the Roadmap", "OSCAR: Next Steps - the Roadmap"),
        ("Django talks to machines", "Django talks to machines"),
    ],
)
def test_a_subtitle_is_not_a_speaker(heading: str, title: str) -> None:
    assert _first(heading, "Ana Lima\n\nnotes")[:2] == (title, ["Ana Lima"])


@pytest.mark.parametrize(
    ("heading", "title", "kind"),
    [
        ("Keynote: The Web We Kept", "The Web We Kept", TalkKind.KEYNOTE),
        ("Workshop 3: Pandas by Hand", "Pandas by Hand", TalkKind.WORKSHOP),
        ("A. Quiet Servers", "Quiet Servers", TalkKind.TALK),
        ("3. Quiet Servers", "Quiet Servers", TalkKind.TALK),
        ("10:30 - 11:15 Quiet Servers", "Quiet Servers", TalkKind.TALK),
        ("9h30 | Keynote: Quiet Servers", "Quiet Servers", TalkKind.KEYNOTE),
        ("[Quiet Servers](https://x.org/talk/QS1/)", "Quiet Servers", TalkKind.TALK),
        ("**Quiet** `Servers`", "Quiet Servers", TalkKind.TALK),
    ],
)
def test_numbering_kind_prefixes_and_link_syntax_leave_the_title(
    heading: str, title: str, kind: TalkKind
) -> None:
    assert _first(heading, "Ana Lima") == (title, ["Ana Lima"], kind)


def test_a_title_that_is_a_link_gives_the_talk_page() -> None:
    parsed = parse_notes(
        "# Conf 2031\n\n### [Quiet Servers](https://x.org/talk/QS1/)\nAna Lima\n" + _OTHER,
        "conf.md",
    )
    pages = [lk.url for lk in parsed.talks[0].links if lk.kind is LinkKind.TALK_PAGE]
    assert pages == ["https://x.org/talk/QS1/"]


@pytest.mark.parametrize(
    ("heading", "speakers", "kind"),
    [
        ("Ana Lima - Keynote", ["Ana Lima"], TalkKind.KEYNOTE),
        ("Keynote — Ana Lima", ["Ana Lima"], TalkKind.KEYNOTE),
        # A one-word name stands where a speaker stands.
        ("Mariatta - Keynote", ["Mariatta"], TalkKind.KEYNOTE),
    ],
)
def test_an_untitled_keynote_is_titled_keynote(
    heading: str, speakers: list[str], kind: TalkKind
) -> None:
    assert _first(heading) == ("Keynote", speakers, kind)


def test_two_untitled_keynotes_in_one_file_are_two_talks() -> None:
    notes = "# Conf 2031\n\n## Ana Lima - Keynote\n\nx\n\n## Mariatta - Keynote\n\ny\n"
    talks = parse_notes(notes, "conf.md").talks
    assert [(t.title, t.speakers) for t in talks] == [
        ("Keynote", ["Ana Lima"]),
        ("Keynote", ["Mariatta"]),
    ]
    assert len({t.id for t in talks}) == 2


@pytest.mark.parametrize(
    ("line", "speakers"),
    [
        ("Ana Lima", ["Ana Lima"]),
        ("_Ana Lima and Bo Chen_", ["Ana Lima", "Bo Chen"]),
        ("**Ana Lima (Acme Corp)**", ["Ana Lima"]),
        ("**Ana Lima (Acme), Bo Chen (Initech)**", ["Ana Lima", "Bo Chen"]),
        ("-- by [Ana Lima](https://analima.dev)", ["Ana Lima"]),
        ("-- By Ana Lima", ["Ana Lima"]),
        ("by [Zed4](https://zed4.example)", ["Zed4"]),
        ("* speaker: Ana Lima, Bo Chen", ["Ana Lima", "Bo Chen"]),
        ("Mariatta", ["Mariatta"]),
    ],
)
def test_the_line_under_the_title_names_the_speaker(line: str, speakers: list[str]) -> None:
    body = f"{line}\n\n> The abstract."
    assert _first("Quiet Servers", body)[:2] == ("Quiet Servers", speakers)


def test_a_by_sub_heading_names_the_speaker() -> None:
    text = "# Conf 2031\n\n## Quiet Servers\n\n### by Ana Lima\n\nnotes\n" + _OTHER
    assert parse_notes(text, "conf.md").talks[0].speakers == ["Ana Lima"]


@pytest.mark.parametrize(
    "line",
    ["https://github.com/x/y - Learned Language Matrix", "Overview", "community of packagers"],
)
def test_a_line_that_names_no_one_is_notes(line: str) -> None:
    title, speakers, _ = _first("Quiet Servers", f"{line}\n\n> The abstract.")
    assert (title, speakers) == ("Quiet Servers", [])
