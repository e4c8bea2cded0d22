"""An answer as plain terminal text, for `talkbot ask`.

The best match gets a card (what a person needs to recognise the talk and go further);
the rest get one line each so a wrong first guess is cheap to correct by eye.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from bot.cards.note_lines import excerpts
from bot.cards.talk_card import provenance, related_line
from bot.records.models import Link, LinkKind, Talk, TalkKind
from bot.search.answer import Answer, AnswerKind, Hit

WIDTH = 88
SUMMARY_CHARS = 600
MAX_LINKS = 6

USAGE = """\
Ask for a talk the way you remember it:
  talkbot ask playwright                      a word from the title or the notes
  talkbot ask jessica garson                  a speaker (first, last or full name, or handle)
  talkbot ask who talked about testing web apps?
  talkbot ask speaker:sheena year:2024        filters: speaker: conf: year: kind:
  talkbot ask random                          any one talk
Typos are forgiven; add --json for scripts.
"""

_LINK_NAMES = {
    LinkKind.TALK_PAGE: "Talk page",
    LinkKind.SLIDES: "Slides",
    LinkKind.CODE: "Code",
    LinkKind.VIDEO: "Video",
    LinkKind.SPEAKER: "Speaker",
    LinkKind.SOCIAL: "Social",
    LinkKind.IMAGE: "Image",
}
_KIND_LABELS = {
    TalkKind.TALK: "talk",
    TalkKind.LIGHTNING: "lightning talk",
    TalkKind.PANEL: "panel",
    TalkKind.KEYNOTE: "keynote",
}


def render_answer(answer: Answer) -> str:
    """The whole answer, ending in a newline."""
    if answer.kind is AnswerKind.HELP:
        return USAGE
    if answer.kind is AnswerKind.REFUSED:
        return answer.message.rstrip() + "\n"
    lines: list[str] = []
    if answer.matches:
        best = answer.matches[0]
        lines.extend(render_card(best.talk, best.matched_terms))
        if best.related_terms:
            lines.append(related_line(best.related_terms))
        others = answer.matches[1:]
        if others:
            lines.append("")
            lines.append("Also matching:")
            lines.extend(f"  {one_line(hit)}" for hit in others)
    else:
        lines.append(answer.message or f"No talk matches {_quoted(answer.query)}.")
    if answer.suggestions:
        lines.append("")
        lines.append("Maybe you meant:" if not answer.matches else "Less likely:")
        lines.extend(f"  {one_line(hit)}" for hit in answer.suggestions)
    return "\n".join(lines) + "\n"


def render_card(talk: Talk, words: Sequence[str] = ()) -> list[str]:
    lines = [_clean(talk.title), "=" * min(WIDTH, max(4, len(_clean(talk.title))))]
    if talk.byline:
        lines.append(f"By {_clean(talk.byline)}")
    lines.append(_where(talk))
    origin = provenance(talk)
    if origin:
        lines.append(origin[0].upper() + origin[1:])
    text = talk.summary or talk.tagline or talk.abstract
    if text:
        lines.append("")
        lines.extend(textwrap.wrap(_shorten(_clean(text), SUMMARY_CHARS), WIDTH) or [""])
    for excerpt in excerpts(talk, words):
        who = f"notes by {_clean(excerpt.author)}, " if excerpt.author else ""
        lines.append("")
        lines.append(f"From your notes ({who}{_clean(excerpt.place)}):")
        for line in excerpt.lines:
            text = _clean(line.marked("**", "**", str))
            lines.extend(
                textwrap.wrap(text, WIDTH, initial_indent="  - ", subsequent_indent="    ")
            )
    if talk.links:
        lines.append("")
        for item in talk.links[:MAX_LINKS]:
            lines.append(f"  {_link_name(item)}: {_clean(item.url)}")
    return lines


def _link_name(item: Link) -> str:
    """What the link is: its kind when known, else the label a person wrote (not a bare URL)."""
    name = _LINK_NAMES.get(item.kind)
    if name:
        return name
    label = _clean(item.label)
    if label and label.rstrip("/") not in item.url:
        return _shorten(label, 40)
    return "Link"


def one_line(hit: Hit) -> str:
    talk = hit.talk
    by = f" — {_clean(talk.byline)}" if talk.byline else ""
    return f"{_clean(talk.title)}{by} ({_where(talk)})"


def _where(talk: Talk) -> str:
    parts = [talk.conference_label]
    if talk.day is not None:
        parts.append(f"day {talk.day}")
    parts.append(_KIND_LABELS.get(talk.kind, talk.kind.value))
    if talk.virtual:
        parts.append("virtual")
    return ", ".join(_clean(p) for p in parts)


def _quoted(query: str) -> str:
    text = _clean(query)
    return f'"{_shorten(text, 80)}"'


def _clean(text: str) -> str:
    """One line of printable text: notes may hold control characters or terminal escapes."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"
