"""What a heading or title says a talk is: 'Lightning Talks', 'Keynote: …', 'PyLadies Panel'.

Notes' section headings and titles, and recordings' titles, name the format in plain English
words; whole words count (so 'Panelling' says nothing), and 'lightning' anywhere. (A program's
free-text submission types are read more liberally, in bot/records/pretalx.py.)
"""

from __future__ import annotations

import re

from bot.records.models import TalkKind

_WORDS: tuple[tuple[TalkKind, re.Pattern[str]], ...] = (
    (TalkKind.LIGHTNING, re.compile(r"lightning")),  # also joined: "LightningTalks"
    (TalkKind.KEYNOTE, re.compile(r"\bkeynotes?\b")),
    (TalkKind.PANEL, re.compile(r"\bpanels?\b")),
    (TalkKind.WORKSHOP, re.compile(r"\b(?:workshops?|tutorials?)\b")),
    (TalkKind.TALK, re.compile(r"\b(?:talks?|sessions?)\b")),
)


def kind_named_in(text: str) -> TalkKind | None:
    """The first format the text names, most specific first; None when it names none."""
    lowered = text.casefold()
    for kind, pattern in _WORDS:
        if pattern.search(lowered):
            return kind
    return None


# A title in the plural of a format names a session of many talks: 'Lightning Talks',
# 'Lightning Talks (PyCascades 2023)', 'Sunday Lightning Talks', 'Keynotes'.
_SESSION = re.compile(r"\b(?:talks|lightnings|keynotes|sessions)\b|lightningtalks")


def names_a_session(title: str) -> bool:
    """Whether a title names a compilation of several talks rather than one talk."""
    return bool(_SESSION.search(title.casefold()))
