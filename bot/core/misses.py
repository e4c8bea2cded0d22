"""What people asked that the notes could not answer: questions that found no talk, and
answers marked 👎, grouped (the same question in other words counts once, with its count)
with the talks that came closest, so that a team sees which talks it never wrote notes for
and which notes are hard to find."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, utils

from bot.core.memory import Miss
from bot.search.engine import SearchEngine

# Questions at least this alike (rapidfuzz token_set_ratio, 0-100) are one group.
SAME_QUESTION = 80


@dataclass
class MissGroup:
    question: str  # the most asked wording
    count: int = 0
    wordings: list[str] = field(default_factory=list)
    no_match: int = 0
    thumbs_down: int = 0
    closest: list[str] = field(default_factory=list)  # titles of the nearest talks


def group_misses(found: Sequence[Miss], engine: SearchEngine | None = None) -> list[MissGroup]:
    """Groups, most asked first; each with the closest talks when an engine is given."""
    groups: list[MissGroup] = []
    for miss in found:
        text = miss.query.strip()
        if not text:
            continue
        home = next(
            (
                g
                for g in groups
                if fuzz.token_set_ratio(text, g.question, processor=utils.default_process)
                >= SAME_QUESTION
            ),
            None,
        )
        if home is None:
            home = MissGroup(question=text)
            groups.append(home)
        home.count += 1
        if text not in home.wordings:
            home.wordings.append(text)
        if miss.why == "thumbs_down":
            home.thumbs_down += 1
        else:
            home.no_match += 1
    asked = Counter(m.query.strip() for m in found)
    for group in groups:
        group.question = max(group.wordings, key=lambda w: asked[w])
        if engine is not None:
            answer = engine.ask(group.question, limit=3)
            group.closest = [h.talk.title for h in (answer.matches or answer.suggestions)[:3]]
    groups.sort(key=lambda g: (-g.count, g.question))
    return groups
