"""PLACEHOLDER while the parser is written."""
from __future__ import annotations
from dataclasses import dataclass, field
from bot.records.models import Conference, Problem, Talk


@dataclass
class ParsedNotes:
    talks: list[Talk] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_notes(text: str, file: str) -> ParsedNotes:
    return ParsedNotes()
