"""What a search returns: the one shape that the CLI, the cards and the Slack listeners read."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from bot.records.models import Talk


class AnswerKind(StrEnum):
    RESULTS = "results"  # matches and/or suggestions (both may be empty: nothing fits)
    RANDOM = "random"  # `random`: one talk in `matches`
    HELP = "help"  # empty query or `help`: show usage
    REFUSED = "refused"  # the query cannot be answered; `message` says why and what to do


class Hit(BaseModel):
    talk: Talk
    score: float
    # Query words that found this talk, for showing why it matched.
    matched_terms: list[str] = Field(default_factory=list)


class Answer(BaseModel):
    query: str
    kind: AnswerKind = AnswerKind.RESULTS
    matches: list[Hit] = Field(default_factory=list)
    suggestions: list[Hit] = Field(default_factory=list)
    message: str = ""
