"""Talks named inside prose or list items: `[Title](talk page) by Speaker`, `Speaker's [Title]`.

A post that is not organised by talk still names the talks it saw, by linking to their
pages on the program. Only links that look like talk pages count (links.classify), so a link
to a blog post or a meeting stays a link. The speaker is read from the words right beside
the link: `by Ana Lima` after it, or `Ana Lima's` (optionally `Ana Lima's workshop,`) before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.records.kinds import kind_named_in
from bot.records.links import classify
from bot.records.models import LinkKind, TalkKind
from bot.records.notes.bylines import clean_title
from bot.records.notes.inline import pieces, plain
from bot.records.notes.people import people

_AFTER = re.compile(r"^\s*,?\s*(?:by|from|with)\s+(?P<who>[^.,;:!?()\[\]\n]{2,80})", re.IGNORECASE)
_BEFORE = re.compile(
    r"(?P<who>(?:[A-Z][\w'.-]*\s+){0,3}[A-Z][\w.-]*)[’']s\s+"
    r"(?:(?P<kind>lightning\s+talk|talk|keynote|workshop|tutorial|session|panel)\s*,?\s*)?$"
)


@dataclass
class Mention:
    title: str
    url: str
    speakers: list[str] = field(default_factory=list)
    kind: TalkKind | None = None
    evidence: str = "a link to the talk's page"


_NOT_PROGRAMS = re.compile(
    r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/",
    re.IGNORECASE,
)


def is_talk_page(url: str | None) -> bool:
    """A program's page for one talk; a repository's `…/talks/…` folder is not one."""
    if not url or _NOT_PROGRAMS.match(url):
        return False
    return classify(url) is LinkKind.TALK_PAGE


def talk_mentions(source: str, references: dict[str, Any]) -> list[Mention]:
    """Each link to a talk page in the inline text, with the speaker named beside it."""
    parts = pieces(source, references)
    found: list[Mention] = []
    for i, piece in enumerate(parts):
        if not piece.href or not piece.text.strip() or not is_talk_page(piece.href):
            continue
        if i > 0 and parts[i - 1].href == piece.href:
            continue
        title = clean_title(piece.text)
        if not title or title.lower().startswith(("http", "www.")):
            continue
        mention = Mention(title=title, url=piece.href)
        after = plain(parts[i + 1 :])[:120]
        before = plain(parts[:i])[-120:]
        who = _AFTER.match(after)
        if who:
            mention.speakers = _leading_names(who.group("who"))
        if not mention.speakers:
            owner = _BEFORE.search(before)
            if owner:
                mention.speakers = people(owner.group("who"), single_ok=True) or []
                if owner.group("kind"):
                    mention.kind = kind_named_in(owner.group("kind"))
        if mention.speakers:
            mention.evidence = "a link to the talk's page, with the speaker named beside it"
        found.append(mention)
    return found


def _leading_names(text: str) -> list[str]:
    """The longest run of words at the start of `text` that reads as names."""
    words = text.split()
    for cut in range(min(len(words), 8), 0, -1):
        names = people(" ".join(words[:cut]), single_ok=True)
        if names:
            return names
    return []
