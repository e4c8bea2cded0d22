"""The searches a person could write in ten minutes, kept to measure ours against.

They rank talks but cannot say "nothing fits", which is half of what the evaluation checks;
they are never used to answer anyone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

from bot.records.models import Talk

_WORD = re.compile(r"\w+")


class TitleFuzz:
    """rapidfuzz WRatio of the query against each title."""

    name = "rapidfuzz WRatio, titles"

    def __init__(self, talks: Sequence[Talk]) -> None:
        self.titles = [talk.title for talk in talks]

    def rank(self, query: str, limit: int = 3) -> list[tuple[int, float]]:
        found = process.extract(
            query, self.titles, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit
        )
        return [(index, score / 100) for _, score, index in found]


class FullTextBM25:
    """Okapi BM25 over each talk's whole text, words lowercased, nothing else."""

    name = "BM25, whole text"

    def __init__(self, talks: Sequence[Talk], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.docs = [Counter(_tokens(full_text(talk))) for talk in talks]
        self.lengths = [sum(doc.values()) for doc in self.docs]
        self.average = sum(self.lengths) / max(1, len(self.lengths))
        df: Counter[str] = Counter()
        for doc in self.docs:
            df.update(doc.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def rank(self, query: str, limit: int = 3) -> list[tuple[int, float]]:
        words = [w for w in _tokens(query) if w in self.idf]
        scores: list[tuple[int, float]] = []
        for index, doc in enumerate(self.docs):
            norm = self.k1 * (1 - self.b + self.b * self.lengths[index] / self.average)
            score = 0.0
            for word in words:
                tf = doc.get(word, 0)
                if tf:
                    score += self.idf[word] * tf * (self.k1 + 1) / (tf + norm)
            if score > 0:
                scores.append((index, score))
        scores.sort(key=lambda item: (-item[1], item[0]))
        return scores[:limit]


def full_text(talk: Talk) -> str:
    return "\n".join(
        [
            talk.title,
            " ".join(talk.speakers),
            " ".join(talk.handles),
            talk.abstract,
            talk.tagline,
            talk.notes,
        ]
    )


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())
