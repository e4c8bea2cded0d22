"""Slack mrkdwn escaping, safe links and length limits.

Notes and queries are untrusted text: Slack reads `<!channel>`, `<@U123>` and `<url|label>`
inside mrkdwn as mentions and links, so a note or query could ping a whole channel or dress
a hostile URL as a harmless label. Escaping `&`, `<` and `>` (the only three characters Slack
treats specially) makes such text inert; links are built here only from http(s) URLs.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote_from_bytes, urlsplit

ELLIPSIS = "…"

_INBOUND = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_WHITESPACE = re.compile(r"\s+")
# Characters that would end or split a `<url|label>` link, or that Slack would re-read.
_URL_UNSAFE = {"<": "%3C", ">": "%3E", "|": "%7C", " ": "%20", '"': "%22"}
# Printable ASCII without any of _URL_UNSAFE: nearly every real URL, which needs no encoding.
_PLAIN_URL = re.compile(r"[\x21\x23-\x3b\x3d\x3f-\x7b\x7d\x7e]*")


def escape(text: str) -> str:
    """Make untrusted text display literally in a mrkdwn field."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Slack sends message and command text with `&`, `<`, `>` escaped; undo that for search."""
    for escaped, plain in _INBOUND:
        text = text.replace(escaped, plain)
    return text


# Slack's markup in what people type: `<@U123|ana>`, `<#C123|general>`, `<!here>`,
# `<!subteam^S1|@team>`, `<https://x|label>`. A literal `<` typed by a person arrives as
# `&lt;`, so every `<…>` left in the raw text is markup.
_MARKUP = re.compile(r"<([@#!])?([^<>|]*)(?:\|([^<>]*))?>")
_SPECIAL = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


def as_typed(raw: str) -> str:
    """Slack-encoded text as the person typed it: '@ana', '#general', '@here', a link's label;
    then unescaped. What comes out is plain text, to search and to echo (escaped again, it
    pings no one)."""

    def typed(match: re.Match[str]) -> str:
        sigil, target, label = match.group(1), match.group(2), (match.group(3) or "").strip()
        if sigil == "@":
            return "@" + (label.lstrip("@") or "someone")
        if sigil == "#":
            return "#" + (label.lstrip("#") or "channel")
        if sigil == "!":
            name = target.split("^", 1)[0]
            return _SPECIAL.get(name) or label or "@group"
        return label or target

    return unescape(_MARKUP.sub(typed, raw))


def one_line(text: str) -> str:
    """Collapse runs of whitespace, so a one-line listing stays one line."""
    return _WHITESPACE.sub(" ", text).strip()


def truncate(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters, cutting at a word boundary and marking the cut.

    Cutting mid-word reads as a typo; a cut with no marker reads as the whole text.
    """
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit == 1:
        return ELLIPSIS
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    at_boundary = text[limit - 1].isspace()
    if not at_boundary and space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def escape_truncated(text: str, limit: int) -> str:
    """Escape, then fit in `limit` characters without splitting an entity like `&amp;`.

    Escaping lengthens text, so truncating before escaping can overflow a limit; truncating
    after escaping can leave half an entity. Shrink the source until the escaped form fits.
    """
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    budget = limit
    while budget > 0:
        candidate = escape(truncate(text, budget))
        if len(candidate) <= limit:
            return candidate
        budget = min(budget - 1, budget * limit // len(candidate))
    return ""


def is_web_url(url: str) -> bool:
    """Only http(s) URLs with a host become links: no `javascript:`, `slack://` or `mailto:`."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def safe_url(url: str) -> str:
    """Encode what would break out of Slack's `<url|label>` syntax; the URL must be checked.

    Whitespace and control characters inside the URL (a tab, a newline, U+001F) are
    percent-encoded too: Slack does not read a link token with one in it, and shows the raw
    `<https://…|label>` instead.
    """
    cleaned = url.strip().replace("&", "&amp;")
    if _PLAIN_URL.fullmatch(cleaned):
        return cleaned  # the common case, checked in C rather than character by character
    return "".join(_URL_UNSAFE.get(ch) or _encode_invisible(ch) for ch in cleaned)


def _encode_invisible(ch: str) -> str:
    if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return quote_from_bytes(ch.encode("utf-8", "surrogatepass"))
    return ch


def link(url: str, label: str, *, label_limit: int = 80) -> str:
    """A mrkdwn link for an http(s) URL; anything else shows as its escaped label only.

    `|` and `>` are dropped from the label: Slack ends the label at `>` and some clients split
    on `|`, and escaping alone does not stop either.
    """
    clean_label = one_line(label.replace("|", " ").replace(">", " ")) or url
    shown = escape_truncated(clean_label, label_limit)
    if not is_web_url(url):
        return shown
    return f"<{safe_url(url)}|{shown}>"


def quote(query: str, limit: int = 100) -> str:
    """An echoed query: one line, shortened and escaped, in quotes."""
    return '"' + escape_truncated(one_line(query), limit) + '"'
