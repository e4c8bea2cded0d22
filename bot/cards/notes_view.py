"""'Show notes': a talk's full notes in a modal, each person's under their name.

Slack limits a modal to 100 blocks and a section to 3,000 characters; long notes are split
across sections at line boundaries (a code block is never cut unless it alone is too long),
and what does not fit is cut with a line saying where the rest is.
"""

from __future__ import annotations

from typing import Any

from bot.cards.blocks import SECTION_TEXT_LIMIT, Block, context, header, section
from bot.cards.mrkdwn import escape, one_line, truncate
from bot.cards.note_lines import notes_sources
from bot.cards.notes_markdown import to_mrkdwn
from bot.records.models import Talk

SHOW_NOTES_ACTION = "show_notes"
MAX_VIEW_BLOCKS = 100
# Room kept for the heading blocks and the closing line of each person's notes.
_RESERVED_BLOCKS = 4
_TITLE_LIMIT = 24  # a modal's title, in characters
_CHUNK = SECTION_TEXT_LIMIT - 100


def notes_view(talk: Talk) -> dict[str, Any]:
    """The modal for `views.open`: the talk's title, then everyone's notes, within limits."""
    blocks: list[Block] = [header(truncate(one_line(talk.title), 150) or "Untitled talk")]
    sources = notes_sources(talk)
    if not sources:
        blocks.append(section("Nobody has written notes on this talk yet."))
    for author, place, notes in sources:
        who = f"Notes by {escape(one_line(author))}" if author else "Notes"
        blocks.append(context(f"*{who}* · `{escape(place)}`"))
        chunks = _chunks(to_mrkdwn(notes))
        room = MAX_VIEW_BLOCKS - len(blocks) - _RESERVED_BLOCKS
        for chunk in chunks[: max(room, 0)]:
            blocks.append(section(chunk))
        if len(chunks) > room:
            rest = len(chunks) - max(room, 0)
            blocks.append(
                context(f"_…cut here to fit in Slack: {rest} more part(s) in `{escape(place)}`_")
            )
            break
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Notes", "emoji": False},
        "close": {"type": "plain_text", "text": "Close", "emoji": False},
        "blocks": [dict(b) for b in blocks],
    }


def _chunks(lines: list[str]) -> list[str]:
    """Lines joined into texts of at most one section each."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        for piece in _pieces(line):
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) > _CHUNK and current:
                chunks.append(current)
                current = piece
            else:
                current = candidate
    if current:
        chunks.append(current)
    return chunks


def _pieces(line: str) -> list[str]:
    """A line short enough for a section; a longer code block split into fenced parts."""
    if len(line) <= _CHUNK:
        return [line]
    if line.startswith("```"):
        body = line[3:-3].strip("\n").splitlines()
        parts: list[str] = []
        current: list[str] = []
        for code in body:
            if current and len("\n".join([*current, code])) > _CHUNK - 10:
                parts.append("```\n" + "\n".join(current) + "\n```")
                current = []
            current.append(code[: _CHUNK - 10])
        if current:
            parts.append("```\n" + "\n".join(current) + "\n```")
        return parts
    return [truncate(line, _CHUNK)]
