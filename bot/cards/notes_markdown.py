"""The team's Markdown notes as Slack mrkdwn, read through markdown-it-py's token stream.

Headings, nested lists, quotes, code and links stay readable in Slack, whose mrkdwn knows
bold, italics, strikethrough, code, quotes and links but no headings, tables or nesting.
The notes reader parses the same CommonMark; here every piece of text is escaped before it is
marked up, so a note holding `<!channel>` or `<https://evil|click>` shows as typed.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.cards.mrkdwn import escape, is_web_url, link

_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_BULLETS = ("•", "◦", "▪")
_INDENT = "    "


def to_mrkdwn(markdown: str) -> list[str]:
    """The notes as mrkdwn lines; a code block is one item (fences and all), so that a
    splitter never cuts one in two."""
    return _Renderer(_PARSER.parse(markdown)).render()


class _Renderer:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.out: list[str] = []
        # One entry per open list: its next number, or None for a bullet list.
        self.lists: list[int | None] = []
        self.quote = 0
        self.item_start = False
        self.heading = False
        self.in_table = False
        self.row: list[str] = []

    def render(self) -> list[str]:
        for token in self.tokens:
            self._block(token)
        return self.out

    def _emit(self, text: str) -> None:
        prefix = "> " * self.quote
        if self.item_start:
            depth = len(self.lists) - 1
            number = self.lists[-1]
            mark = f"{number - 1}." if number is not None else _BULLETS[depth % len(_BULLETS)]
            prefix += _INDENT * depth + mark + " "
            self.item_start = False
        elif self.lists:
            prefix += _INDENT * len(self.lists)
        self.out.append(prefix + text)

    def _block(self, token: Token) -> None:
        kind = token.type
        if kind == "heading_open":
            self.heading = True
        elif kind == "inline":
            text = _inline(token.children or [])
            if self.heading:
                text = f"*{text}*" if text else text
                self.heading = False
            if self.in_table:
                self.row.append(text)
            elif text:
                self._emit(text)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            self.lists.append(
                (int(start) if isinstance(start, (int, str)) and str(start).isdigit() else 1)
                if kind == "ordered_list_open"
                else None
            )
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.item_start = True
            if self.lists and self.lists[-1] is not None:
                self.lists[-1] += 1
        elif kind == "blockquote_open":
            self.quote += 1
        elif kind == "blockquote_close":
            self.quote -= 1
        elif kind in ("fence", "code_block"):
            code = escape(token.content.rstrip("\n"))
            self._emit(f"```\n{code}\n```" if code else "```\n \n```")
        elif kind == "hr":
            self._emit("———")
        elif kind == "html_block":
            text = token.content.strip()
            if text and not text.startswith("<!--"):
                self._emit(escape(text))
        elif kind == "table_open":
            self.in_table = True
        elif kind == "table_close":
            self.in_table = False
        elif kind == "tr_open":
            self.row = []
        elif kind == "tr_close":
            if any(self.row):
                self._emit(" · ".join(self.row))
            self.row = []


def _inline(children: list[Token]) -> str:
    out: list[str] = []
    href_stack: list[tuple[str, int]] = []
    for child in children:
        kind = child.type
        if kind == "text":
            out.append(escape(child.content))
        elif kind == "code_inline":
            out.append(f"`{escape(child.content)}`" if child.content.strip() else "")
        elif kind in ("strong_open", "strong_close"):
            out.append("*")
        elif kind in ("em_open", "em_close"):
            out.append("_")
        elif kind in ("s_open", "s_close"):
            out.append("~")
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n" if kind == "hardbreak" else " ")
        elif kind == "link_open":
            href_stack.append((str(child.attrGet("href") or ""), len(out)))
        elif kind == "link_close" and href_stack:
            href, start = href_stack.pop()
            label = "".join(out[start:]).strip()
            del out[start:]
            if is_web_url(href):
                out.append(link(href, _unmarked(label) or href))
            else:
                out.append(label)
        elif kind == "image":
            out.append(escape(child.content or "image"))
        elif kind == "html_inline" and not child.content.startswith("<!--"):
            out.append(escape(child.content))
    return "".join(out).strip()


def _unmarked(label: str) -> str:
    """A link's label without the emphasis marks put around parts of it (labels are plain)."""
    return label.replace("*", "").replace("_", "").replace("~", "").replace("`", "")
