"""Search entry point. PLACEHOLDER: the real index and ranking replace this (issue 3)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.records.models import Talk
from bot.search.answer import Answer, AnswerKind, Hit


class SearchEngine:
    """Built once per library load; `ask` is called per query and must stay fast."""

    def __init__(self, talks: Sequence[Talk], rng: random.Random | None = None) -> None:
        self.talks = list(talks)
        self._rng = rng or random.Random()

    def ask(self, query: str, limit: int = 5) -> Answer:
        text = query.strip()
        if not text or text.lower() == "help":
            return Answer(query=query, kind=AnswerKind.HELP)
        if text.lower() == "random" and self.talks:
            talk = self._rng.choice(self.talks)
            return Answer(query=query, kind=AnswerKind.RANDOM, matches=[Hit(talk=talk, score=1.0)])
        words = text.lower().split()
        hits = [
            Hit(talk=t, score=1.0)
            for t in self.talks
            if all(w in (t.title + " " + " ".join(t.speakers)).lower() for w in words)
        ]
        return Answer(query=query, matches=hits[:limit])
