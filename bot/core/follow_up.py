"""Questions that make sense only about the talk a thread is already about.

'where are the slides?', 'video?', 'who gave it?', 'what did we note about tracing?', 'the
other one', 'anything else by that speaker?': each asks for one thing about the thread's talk
(or its question's next match). A question that also names another talk ('the slides of
the nix talk') is about that talk, found by those words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.search.text import FILLER


class Ask(StrEnum):
    SLIDES = "slides"
    VIDEO = "video"
    CODE = "code"
    SPEAKERS = "speakers"
    NOTES = "notes"  # what the team noted, optionally about a topic
    NEXT = "next"  # the thread question's next match
    SAME_SPEAKER = "same_speaker"  # the speakers' other talks


_PATTERNS: tuple[tuple[Ask, re.Pattern[str]], ...] = (
    (
        Ask.SAME_SPEAKER,
        re.compile(
            r"\b(?:(?:anything|something|what)(?: else)? (?:else )?by|other talks? by|more by)"
            r"\b|\bby (?:that|the same|this) (?:speaker|person|presenter)\b|\bby (?:them|him|her)\b"
        ),
    ),
    (
        Ask.NOTES,
        re.compile(
            r"\bwhat did (?:we|i|you|the team) (?:note|write|jot|say|take)\b|\b(?:our|my|the)"
            r" notes\b|\bnotes? (?:on|about|for)\b|\bnoted\b"
        ),
    ),
    (Ask.SLIDES, re.compile(r"\b(?:slides?|deck|slide deck|presentation file)\b")),
    (Ask.VIDEO, re.compile(r"\b(?:video|recording|recorded|youtube|watch it)\b")),
    (Ask.CODE, re.compile(r"\b(?:code|repo|repository|github|source)\b")),
    (
        Ask.SPEAKERS,
        re.compile(
            r"\bwho (?:gave|did|presented|spoke|talked|was (?:it|the speaker|that))\b|"
            r"^(?:the )?speakers?\??$|\bwho was speaking\b"
        ),
    ),
    (
        Ask.NEXT,
        re.compile(
            r"^(?:no,? )?(?:the )?other one\b|^(?:and )?next\b|^another\b|\bnot (?:that|this) one\b"
            r"|\bsomething else\b|\bthe next (?:one|match)\b"
        ),
    ),
)
# Words a follow-up is made of: what is left after them (and filler) names something else.
_ASKING = frozenset(
    """
    slides slide deck presentation file video recording recorded youtube watch code repo
    repository github source who gave did presented spoke talked was speaker speakers speaking
    other one next another not else something anything more same person presenter them him
    her note notes noted write wrote jot say said take took we our my team it where link
    links find get see have got any please then
    """.split()
)
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class FollowUp:
    ask: Ask
    # For NOTES, the words to look for in the notes ('tracing'); for the others, the words
    # that name another talk ('the slides of the nix talk'): empty when it is the thread's.
    words: list[str]


def follow_up(text: str) -> FollowUp | None:
    """The follow-up a message is, or None when it is a question of its own."""
    lowered = " ".join(_WORD.findall(text.casefold()))
    ask = next((a for a, pattern in _PATTERNS if pattern.search(lowered)), None)
    if ask is None:
        return None
    rest = [w for w in lowered.split() if w not in _ASKING and w not in FILLER]
    if rest and ask in (Ask.NEXT, Ask.SAME_SPEAKER):
        return None  # 'another talk about docker': a question of its own
    return FollowUp(ask, rest)
