"""The plain-terminal rendering of answers for `talkbot ask`."""

from __future__ import annotations

from bot.cards.terminal import USAGE, render_answer
from bot.records.models import Link, LinkKind, Source, Talk, TalkKind
from bot.search.answer import Answer, AnswerKind, Hit


def make(title: str, **fields: object) -> Talk:
    return Talk.model_validate(
        {
            "id": f"c/{title}",
            "conference": "PyCascades",
            "year": 2024,
            "title": title,
            "source": Source(file="n.md", line=1),
            **fields,
        }
    )


def test_card_then_one_line_per_other_match() -> None:
    best = make(
        "Testing with Playwright",
        speakers=["Sheena O'Connell"],
        day=2,
        summary="A tour.",
        links=[Link(url="https://s.example/deck", label="s.example/deck", kind=LinkKind.SLIDES)],
    )
    other = make("Pytest tricks", speakers=["A", "B", "C"], kind=TalkKind.LIGHTNING, day=1)
    text = render_answer(
        Answer(query="q", matches=[Hit(talk=best, score=1), Hit(talk=other, score=0.7)])
    )
    lines = text.splitlines()
    assert lines[:4] == [
        "Testing with Playwright",
        "=======================",
        "By Sheena O'Connell",
        "PyCascades 2024, day 2, talk",
    ]
    assert "A tour." in text
    assert "  Slides: https://s.example/deck" in lines
    assert "  Pytest tricks — A, B and C (PyCascades 2024, day 1, lightning talk)" in lines


def test_no_match_names_the_query_and_lists_suggestions() -> None:
    hint = make("Kubernetes for pythonistas")
    text = render_answer(Answer(query="k8s operators", suggestions=[Hit(talk=hint, score=0.3)]))
    assert text.startswith('No talk matches "k8s operators".')
    assert "Maybe you meant:" in text and "Kubernetes for pythonistas" in text


def test_help_and_refusal() -> None:
    assert render_answer(Answer(query="", kind=AnswerKind.HELP)) == USAGE
    refused = Answer(query="x", kind=AnswerKind.REFUSED, message="Too long.")
    assert render_answer(refused) == "Too long.\n"


def test_terminal_escapes_in_notes_are_not_printed() -> None:
    talk = make("Evil\x1b[2J title", summary="bad\x07bell")
    text = render_answer(Answer(query="q", matches=[Hit(talk=talk, score=1)]))
    assert "\x1b" not in text and "\x07" not in text
