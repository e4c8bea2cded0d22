"""What a person typed, taken apart: filters (`speaker:`, `conf:`, `year:`, `kind:`) and words.

Parsing is bounded before anything else runs, so a pasted novel or a burst of control
characters costs microseconds and never reaches the index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bot.records.models import TalkKind

MAX_QUERY_CHARS = 500
MAX_WORDS = 12

FILTER_KEYS: dict[str, str] = {
    "speaker": "speaker",
    "speakers": "speaker",
    "by": "speaker",
    "conf": "conf",
    "conference": "conf",
    "event": "conf",
    "year": "year",
    "kind": "kind",
    "type": "kind",
}
KIND_NAMES: dict[str, TalkKind] = {
    "talk": TalkKind.TALK,
    "talks": TalkKind.TALK,
    "lightning": TalkKind.LIGHTNING,
    "lightnings": TalkKind.LIGHTNING,
    "lt": TalkKind.LIGHTNING,
    "panel": TalkKind.PANEL,
    "panels": TalkKind.PANEL,
    "keynote": TalkKind.KEYNOTE,
    "keynotes": TalkKind.KEYNOTE,
}

# key:"quoted value" | key:value | "quoted phrase" | bare word
_TOKEN = re.compile(r'(\w+):"([^"]*)"?|(\w+):(\S*)|"([^"]*)"?|(\S+)')


@dataclass
class ParsedQuery:
    text: str
    words: str = ""
    speaker: list[str] = field(default_factory=list)
    conf: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    kinds: list[TalkKind] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def has_filters(self) -> bool:
        return bool(self.speaker or self.conf or self.years or self.kinds)


def clean(query: str) -> str:
    """Control and format characters become spaces; whitespace runs collapse."""
    head = query[: MAX_QUERY_CHARS * 4]
    if head.isprintable():  # no character of categories C or Z but the plain space
        return " ".join(head.split())
    chars = [" " if unicodedata.category(ch)[0] in ("C", "Z") else ch for ch in head]
    return " ".join("".join(chars).split())


def parse_query(query: str) -> ParsedQuery:
    text = clean(query)
    parsed = ParsedQuery(text=text)
    words: list[str] = []
    for match in _TOKEN.finditer(text):
        key = (match.group(1) or match.group(3) or "").lower()
        value = match.group(2) if match.group(1) else match.group(4)
        kind = FILTER_KEYS.get(key) if key else None
        if kind is None:
            words.append(match.group(0).strip('"'))
            continue
        value = (value or "").strip()
        if not value:
            parsed.problems.append(f"'{key}:' needs a value, e.g. {key}:{_example(kind)}")
        elif kind == "speaker":
            parsed.speaker.append(value)
        elif kind == "conf":
            parsed.conf.append(value)
        elif kind == "year":
            if value.isdigit() and len(value) == 4:
                parsed.years.append(int(value))
            else:
                parsed.problems.append(f"'year:{value}' is not a year: try year:2024")
        elif kind == "kind":
            talk_kind = KIND_NAMES.get(value.lower())
            if talk_kind is None:
                choices = ", ".join(k.value for k in TalkKind)
                parsed.problems.append(f"'kind:{value}' is not a kind of talk: try {choices}")
            else:
                parsed.kinds.append(talk_kind)
    parsed.words = " ".join(words)
    return parsed


def _example(kind: str) -> str:
    return {"speaker": "sheena", "conf": "pycascades", "year": "2024", "kind": "lightning"}[kind]
