"""What a search returns: the one shape that the CLI, the cards and the Slack listeners read.

Plain dataclasses, not pydantic models: only the engine makes them, from talks already
validated, and a validated Hit cost a microsecond per talk of every answer.
"""

from __future__ import annotations

from collections.abc import Container
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
    # Each query word with the talks holding it, and this talk's number: why it matched
    # is worked out only when asked (the CLI's JSON); the cards never show it.
    evidence: tuple[tuple[str, Container[int]], ...] = ()
    number: int = -1

    @property
    def matched_terms(self) -> list[str]:
        """Query words that found this talk, for showing why it matched."""
        return [word for word, holding in self.evidence if self.number in holding]


@dataclass(slots=True)
class Answer:
    query: str
    kind: AnswerKind = AnswerKind.RESULTS
    matches: list[Hit] = field(default_factory=list)
    suggestions: list[Hit] = field(default_factory=list)
    message: str = ""
