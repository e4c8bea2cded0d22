"""The lines of the team's notes a card shows: those holding the question's words, else the
first key points; each person's lines apart, signed with who wrote them and where they live.

A talk found through its notes must show why: the lines holding the words that found it, with
those words in bold. Lines are the notes' own units (a list item, a paragraph) as plain text,
so Markdown syntax never leaks into a card; every piece is escaped before it is marked up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from rapidfuzz.distance import Levenshtein

from bot.cards.mrkdwn import escape, one_line
from bot.records.models import SourceKind, Talk
from bot.records.summary import paragraphs_plain, shorten
from bot.search.text import edit_budget, fold, stem

LINES_PER_AUTHOR = 3
LINE_LIMIT = 220
# Only the start of a long notes section is read for its key points; a match is looked for
# in all of it.
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class NoteLine:
    """One line of notes as plain text, and where the question's words are in it."""

    text: str
    spans: tuple[tuple[int, int], ...]

    def marked(self, before: str, after: str, escape_text: Callable[[str], str]) -> str:
        """The line with each of the question's words between `before` and `after`; every
        other piece passed through `escape_text` (Slack's escaping, or none)."""
        out: list[str] = []
        at = 0
        for start, end in self.spans:
            out.append(escape_text(self.text[at:start]))
            out.append(before + escape_text(self.text[start:end]) + after)
            at = end
        out.append(escape_text(self.text[at:]))
        return "".join(out)

    def mrkdwn(self) -> str:
        """Escaped mrkdwn, the question's words in bold."""
        return self.marked("*", "*", escape)


@dataclass(frozen=True)
class NotesExcerpt:
    """One person's lines on one talk."""

    author: str | None
    place: str  # 'pycascades-2024.md:654': where the talk's notes start
    lines: tuple[NoteLine, ...]
    matched: bool  # the lines hold the question's words (else they are the first points)

    def signature(self) -> str:
        """'notes by Ana Lima · `ana.md:6`', escaped mrkdwn."""
        who = f"notes by {escape(one_line(self.author))}" if self.author else "notes"
        return f"{who} · `{escape(self.place)}`"


def excerpts(talk: Talk, words: Sequence[str] = ()) -> list[NotesExcerpt]:
    """Each notes source's excerpt, in the order the talk's sources are listed."""
    wanted = _wanted(words)
    out: list[NotesExcerpt] = []
    for author, place, notes in notes_sources(talk):
        units = [one_line(u) for u in paragraphs_plain(notes)]
        units = [u for u in units if u]
        if not units:
            continue
        hits = [u for u in units if _spans(u, wanted)] if wanted else []
        chosen = [shorten(u, LINE_LIMIT) for u in (hits or units)[:LINES_PER_AUTHOR]]
        lines = tuple(NoteLine(u, tuple(_spans(u, wanted))) for u in chosen)
        out.append(NotesExcerpt(author, place, lines, bool(hits)))
    return out


def notes_sources(talk: Talk) -> list[tuple[str | None, str, str]]:
    """(author, place, notes) for every person's notes on the talk."""
    found = [
        (s.author, f"{PurePath(s.file).name}:{s.line}", s.notes)
        for s in talk.sources
        if s.kind is SourceKind.NOTES and s.notes.strip()
    ]
    if found or not talk.notes.strip() or not talk.has_notes_source:
        return found
    # A record read straight from notes keeps its text on the talk itself.
    author = next((s.author for s in talk.sources if s.kind is SourceKind.NOTES), None)
    return [(author, f"{PurePath(talk.source.file).name}:{talk.source.line}", talk.notes)]


def _wanted(words: Sequence[str]) -> list[tuple[str, str, int]]:
    """Each query word as (lowercase, stem, typos allowed)."""
    out = []
    for word in words:
        lowered = fold(word).lower()
        stemmed = stem(lowered)
        out.append((lowered, stemmed, edit_budget(lowered, stemmed)))
    return out


def _matches(token: str, wanted: list[tuple[str, str, int]]) -> bool:
    lowered = fold(token).lower()
    stemmed = stem(lowered)
    for word, word_stem, budget in wanted:
        if lowered == word or stemmed == word_stem:
            return True
        close = budget and abs(len(stemmed) - len(word_stem)) <= budget
        if close and Levenshtein.distance(stemmed, word_stem, score_cutoff=budget) <= budget:
            return True
    return False


def _spans(line: str, wanted: list[tuple[str, str, int]]) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(line) if _matches(m.group(), wanted)]
