"""What a card says a talk is about: the sentence that states its subject, not how it opens.

One table, through `parse_notes`: each row is a talk as people paste it (the program's text as
a blockquote, a one-line quote as the tagline, their own notes) and the summary expected.
"""

from __future__ import annotations

import pytest

from bot.records.markdown_notes import parse_notes


def _talk(abstract: str = "", tagline: str = "", notes: str = "") -> str:
    parts = ["# Conf 2024", "## A Talk", "Ana Lima"]
    if tagline:
        parts.append(f"> {tagline}")
    if abstract:
        parts.append("\n".join(f"> {line}".rstrip() for line in abstract.splitlines()))
    if notes:
        parts.append(notes)
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize(
    ("markdown", "summary"),
    [
        # The sentence that says what the talk does wins over how the abstract opens.
        (
            _talk(
                "Once upon a time, web apps were simple.\n\n"
                "In this talk, I'll give you a tour of Playwright. I'll demo some workflows."
            ),
            "In this talk, I'll give you a tour of Playwright. I'll demo some workflows.",
        ),
        (
            _talk("Have you ever lost a day to a flaky test?\n\nYou will learn to find them."),
            "You will learn to find them.",
        ),
        (
            _talk(
                "Zero installs, massive scale.\n\nThis talk covers running Python in the browser."
            ),
            "This talk covers running Python in the browser.",
        ),
        (
            _talk("Types? is an analysis of Python's relationship to typing."),
            "Types? is an analysis of Python's relationship to typing.",
        ),
        (
            _talk("Pandas is everywhere. In this talk I'll show five fixes for slow notebooks."),
            "In this talk I'll show five fixes for slow notebooks.",
        ),
        # Without one: the tagline, then the notes' first point that says something.
        (
            _talk("Imagine a world without bugs!", tagline="Bugs are how we learn."),
            "Bugs are how we learn.",
        ),
        (
            _talk(
                "What makes a bug famous?",
                notes="Senior engineer at Initech\n\nmars orbiter: units",
            ),
            "Mars orbiter: units.",
        ),
        # Never a rhetorical opening, a biography or logistics, even as the last resort.
        (_talk("Bring a laptop with Python 3.12 installed beforehand."), ""),
        (
            _talk("Bring a laptop: we build and publish a wheel with maturin."),
            "We build and publish a wheel with maturin.",
        ),
        (_talk("I am a staff engineer at Globex and I love parsers."), ""),
        (_talk("Did you know? Parsers are everywhere!"), ""),
        (
            _talk(notes="Ana Lima (Initech)\n\nparsers are state machines"),
            "Parsers are state machines.",
        ),
        (_talk(notes="Tags: Parsing, Testing\n\nfuzz your grammar"), "Fuzz your grammar."),
        # A plain abstract that announces nothing still says what it is about.
        (
            _talk("Pandas is fast until it is not. Five patterns explain most slow notebooks."),
            "Pandas is fast until it is not. Five patterns explain most slow notebooks.",
        ),
    ],
    ids=[
        "subject-after-opening",
        "question-then-you-will-learn",
        "this-talk-covers",
        "is-an-analysis-of",
        "subject-after-plain-opening",
        "tagline",
        "notes-first-real-point",
        "logistics",
        "past-a-logistics-lead-in",
        "biography",
        "rhetorical",
        "name-and-company",
        "tags-line",
        "plain-abstract",
    ],
)
def test_summary_states_the_subject(markdown: str, summary: str) -> None:
    [talk] = parse_notes(markdown, "notes.md").talks
    assert talk.summary == summary
