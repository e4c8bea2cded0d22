"""Inline Markdown of one title, speaker line or list item, as pieces of plain text.

Only the few lines that may name a talk or a person are parsed inline; each piece says
whether it stood inside a link (and which) or inside emphasis, which is what tells a
`[Title](url)` from the `Speaker` beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.records.notes.outline import inline_parser

# Characters that can start inline Markdown; text without any is its own plain text.
_MARKUP = re.compile(r"[*_`\[\]<>!&\\\n]|  $")


@dataclass(frozen=True)
class Piece:
    text: str
    href: str | None = None
    marked: bool = False  # inside **strong**, _emphasis_ or `code`


def pieces(
    source: str, references: dict[str, Any] | None = None, *, keep_emphasis: bool = False
) -> list[Piece]:
    """The inline content as pieces; reference-style links resolve through `references`.

    `keep_emphasis` keeps single `_x_`/`*x*` marks as text, as a title written with them
    has always kept them (bold marks are always taken off).
    """
    if not _MARKUP.search(source):
        return [Piece(source)] if source else []  # plain words: nothing to parse
    if not references:
        return list(_parsed(source, keep_emphasis))
    return _parse(source, references, keep_emphasis)


@lru_cache(maxsize=2048)
def _parsed(source: str, keep_emphasis: bool) -> tuple[Piece, ...]:
    """Inline parses of files without reference links, remembered: a line is weighed more
    than once (as a heading, as a list item, for the talks it names) and parsing is slow."""
    return tuple(_parse(source, {}, keep_emphasis))


def _parse(source: str, references: dict[str, Any], keep_emphasis: bool) -> list[Piece]:
    env: dict[str, Any] = {"references": references}
    tokens = inline_parser().parseInline(source, env)
    out: list[Piece] = []
    href: str | None = None
    marks = 0
    for token in tokens[0].children or [] if tokens else []:
        kind = token.type
        if kind == "link_open":
            href = str(token.attrs.get("href") or "")
        elif kind == "link_close":
            href = None
        elif kind in ("strong_open", "em_open"):
            marks += 1
            if keep_emphasis and kind == "em_open":
                _append(out, Piece(token.markup, href, True))
        elif kind in ("strong_close", "em_close"):
            marks = max(0, marks - 1)
            if keep_emphasis and kind == "em_close":
                _append(out, Piece(token.markup, href, marks > 0))
        elif kind == "text" and token.content:
            _append(out, Piece(token.content, href, marks > 0))
        elif kind == "code_inline":
            _append(out, Piece(token.content, href, True))
        elif kind in ("softbreak", "hardbreak"):
            _append(out, Piece("\n", href, marks > 0))
        # images and inline HTML carry no words of a title or a name
    return out


def _append(out: list[Piece], piece: Piece) -> None:
    if out and out[-1].href == piece.href and out[-1].marked == piece.marked:
        out[-1] = Piece(out[-1].text + piece.text, piece.href, piece.marked)
    else:
        out.append(piece)


def plain(parts: list[Piece]) -> str:
    return "".join(p.text for p in parts)


def first_line(parts: list[Piece]) -> list[Piece]:
    """The pieces up to the first line break: a speaker line is one line."""
    out: list[Piece] = []
    for piece in parts:
        head, sep, _ = piece.text.partition("\n")
        if head:
            out.append(Piece(head, piece.href, piece.marked))
        if sep:
            break
    return out
