"""The block structure of a notes file, as a CommonMark parser sees it.

markdown-it-py reads the blocks (headings, paragraphs, lists, tables, quotes, fences, HTML);
this module turns its token stream into a tree of sections, each with the blocks it holds
directly and the sections under it. Inline content is left unparsed here: most of a file is
a talk's notes, kept as written, and only titles, speaker lines and list items that may be
talks are parsed inline (see inline.py), which keeps reading fast.

Invariants: line numbers are 1-based and point into the text as given; a section's own
lines run from the line after its heading to the line before its first child; a `#` inside
a fence or an HTML comment is never a heading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin


@dataclass
class Item:
    """One list item: its first paragraph (inline source) and where the item runs."""

    line: int
    end: int
    lead: str
    lead_end: int


@dataclass
class Block:
    """A top-level block inside a section; `kind` is the parser's name for it."""

    kind: str  # paragraph, bullet_list, ordered_list, blockquote, fence, code_block, html_block,
    # table, hr
    line: int
    end: int
    inline: str = ""  # a paragraph's inline source
    items: list[Item] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # a table's cells, header first
    info: str = ""  # a fence's info string; an HTML block's text


@dataclass
class Section:
    """A heading and what it holds. The root section (level 0) holds what comes first."""

    level: int
    title: str  # the heading's inline source
    line: int
    content_line: int  # first line after the heading (a setext heading takes two)
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    end: int = 0  # last line of the section, children included

    @property
    def own_end(self) -> int:
        """Last line of this section's own content, before its first child heading."""
        return self.children[0].line - 1 if self.children else self.end


@dataclass
class Outline:
    root: Section
    lines: list[str]
    front_matter: str | None
    front_matter_end: int  # last line of the front matter block, 0 when there is none
    references: dict[str, Any]


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """CommonMark with tables and front matter; the inline pass is off (see module doc)."""
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    md.disable("inline")
    return md


@lru_cache(maxsize=1)
def inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def read_outline(text: str) -> Outline:
    lines = text.split("\n")
    env: dict[str, Any] = {}
    tokens = _block_parser().parse(text, env)
    root = Section(level=0, title="", line=1, content_line=1, end=len(lines))
    stack = [root]
    front_matter: str | None = None
    front_end = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "front_matter":
            front_matter = token.content
            front_end = token.map[1] if token.map else 0
            root.content_line = front_end + 1
            i += 1
            continue
        if token.type == "heading_open":
            level = int(token.tag[1])
            start, stop = token.map or (0, 1)
            section = Section(
                level=level, title=tokens[i + 1].content, line=start + 1, content_line=stop + 1
            )
            while stack[-1].level >= level:
                stack[-1].end = start
                stack.pop()
            stack[-1].children.append(section)
            stack.append(section)
            i += 3
            continue
        block, i = _block(tokens, i)
        if block is not None:
            stack[-1].blocks.append(block)
    for section in stack[1:]:
        section.end = len(lines)
    return Outline(
        root=root,
        lines=lines,
        front_matter=front_matter,
        front_matter_end=front_end,
        references=env.get("references", {}),
    )


def _block(tokens: list[Token], i: int) -> tuple[Block | None, int]:
    """The block that starts at tokens[i] (a level-0 token), and the index after it."""
    token = tokens[i]
    start, stop = token.map or (0, 0)
    kind = token.type.removesuffix("_open")
    if token.nesting == 0:  # fence, code_block, html_block, hr
        return Block(kind=kind, line=start + 1, end=stop, info=token.info or token.content), i + 1
    close = _closing(tokens, i)
    block = Block(kind=kind, line=start + 1, end=stop)
    if kind == "paragraph":
        block.inline = tokens[i + 1].content
    elif kind in ("bullet_list", "ordered_list"):
        block.items = _items(tokens, i + 1, close)
    elif kind == "table":
        block.rows = _rows(tokens, i + 1, close)
    return block, close + 1


def _closing(tokens: list[Token], i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _items(tokens: list[Token], start: int, stop: int) -> list[Item]:
    """The list's own items (not nested ones), each with its first paragraph."""
    items: list[Item] = []
    level = tokens[start].level if start < stop else 0
    j = start
    while j < stop:
        token = tokens[j]
        if token.type == "list_item_open" and token.level == level:
            first, last = token.map or (0, 0)
            lead, lead_end = "", first + 1
            nxt = tokens[j + 1] if j + 1 < stop else None
            if nxt is not None and nxt.type == "paragraph_open":
                lead = tokens[j + 2].content
                lead_end = (nxt.map or (first, first + 1))[1]
            items.append(Item(line=first + 1, end=last, lead=lead, lead_end=lead_end))
        j += 1
    return items


def _rows(tokens: list[Token], start: int, stop: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for j in range(start, stop):
        token = tokens[j]
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(token.content)
    return rows
