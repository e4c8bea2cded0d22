"""What a search returns: the one shape that the CLI, the cards and the Slack listeners read.

Plain dataclasses, not pydantic models: only the engine makes them, from talks already
validated, and a validated Hit cost a microsecond per talk of every answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.records.models import Talk


class AnswerKind(StrEnum):
    RESULTS = "results"  # matches and/or suggestions (both may be empty: nothing fits)
    RANDOM = "random"  # `random`: one talk in `matches`
    HELP = "help"  # empty query or `help`: show usage
    REFUSED = "refused"  # the query cannot be answered; `message` says why and what to do


@dataclass(slots=True)
class Hit:
    talk: Talk
    score: float
    # Query words that found this talk, for showing why it matched.
    matched_terms: list[str] = field(default_factory=list)
    # Of those, the ones found only through a related word: (query word, related term).
    related_terms: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Answer:
    query: str
    kind: AnswerKind = AnswerKind.RESULTS
    matches: list[Hit] = field(default_factory=list)
    suggestions: list[Hit] = field(default_factory=list)
    message: str = ""
