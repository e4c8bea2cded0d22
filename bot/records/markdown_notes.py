"""Markdown conference notes → talk records: the entry point the rest of Talkbot imports.

The reader itself lives in bot/records/notes/ (see reader.py there); this module keeps the
names other code and older tools use.
"""

from __future__ import annotations

from bot.records.notes.conference import split_event
from bot.records.notes.reader import MAX_LINE_CHARS, ParsedNotes, parse_notes

__all__ = ["MAX_LINE_CHARS", "ParsedNotes", "parse_notes", "split_event"]
