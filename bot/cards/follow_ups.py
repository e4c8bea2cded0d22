"""Answers to a follow-up about a thread's talk: short, about that one talk, escaped."""

from __future__ import annotations

from collections.abc import Sequence

from bot.cards.blocks import section
from bot.cards.message import Message, finish
from bot.cards.mrkdwn import escape_truncated, one_line
from bot.cards.note_lines import excerpts
from bot.cards.talk_card import links_line, talk_line
from bot.core.follow_up import Ask
from bot.records.models import LinkKind, Talk

_KINDS = {Ask.SLIDES: LinkKind.SLIDES, Ask.VIDEO: LinkKind.VIDEO, Ask.CODE: LinkKind.CODE}
_NAMES = {Ask.SLIDES: "slides", Ask.VIDEO: "recording", Ask.CODE: "code"}


def _title(talk: Talk) -> str:
    return "*" + escape_truncated(one_line(talk.title), 150) + "*"


def links_message(talk: Talk, ask: Ask) -> Message:
    """'Slides of *Title*: <…|Slides>', or what the talk has instead."""
    kind = _KINDS[ask]
    found = [lk for lk in talk.links if lk.kind is kind]
    if found:
        text = f"The {_NAMES[ask]} of {_title(talk)}: {links_line(found).removeprefix(':link: ')}"
    else:
        others = links_line(talk.links)
        text = f"I have no {_NAMES[ask]} for {_title(talk)}." + (
            f" Its links: {others.removeprefix(':link: ')}" if others else ""
        )
    return finish(_plain(text), [section(text)])


def speakers_message(talk: Talk) -> Message:
    if talk.byline:
        text = f"{_title(talk)} was given by {escape_truncated(talk.byline, 300)}."
    else:
        text = f"The notes don't say who gave {_title(talk)}."
    return finish(_plain(text), [section(text)])


def notes_message(talk: Talk, topic: Sequence[str]) -> Message:
    """The note lines on the thread's talk that hold the topic's words (or the first ones)."""
    found = excerpts(talk, topic)
    matching = [e for e in found if e.matched] if topic else found
    if not matching:
        about = " ".join(topic)
        text = (
            f"Your notes on {_title(talk)} don't mention “{escape_truncated(about, 80)}”."
            if found
            else f"Nobody has written notes on {_title(talk)} yet."
        )
        return finish(_plain(text), [section(text)])
    lines = [f"From your notes on {_title(talk)}:"]
    for excerpt in matching:
        lines += [f"• {line.mrkdwn()}" for line in excerpt.lines]
        lines.append(f"_{excerpt.signature()}_")
    text = "\n".join(lines)
    return finish(_plain(text), [section(text[:2900])])


def same_speaker_message(talk: Talk, others: Sequence[Talk]) -> Message:
    who = escape_truncated(talk.byline, 200) if talk.byline else "that speaker"
    if not others:
        text = f"No other talk by {who} is in the notes."
        return finish(_plain(text), [section(text)])
    lines = [f"Other talks by {who}:", *(talk_line(t) for t in others[:10])]
    text = "\n".join(lines)
    return finish(_plain(text), [section(text[:2900])])


def _plain(mrkdwn: str) -> str:
    """The notification text: the first line, as it reads."""
    return mrkdwn.splitlines()[0] if mrkdwn else ""
