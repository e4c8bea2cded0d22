"""Plain text and short summaries from Markdown notes, for cards and search results."""

from __future__ import annotations

import re

SUMMARY_LIMIT = 300
# A summary is a few sentences from the start, so only this much of the abstract or notes is
# read for it: the emphasis patterns below are quadratic on a long line of unpaired `*` or
# `_`, and this keeps that worst case to a fraction of a second per talk.
SOURCE_LIMIT = 2_000
_MAX_SENTENCES = 3

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ANGLE_LINK = re.compile(r"<(?:https?://)?[^<>\s]+>")
_BARE_URL = re.compile(r"https?://\S+")
_EMPHASIS = re.compile(r"(\*\*|\*|~~)(?=\S)(.+?)(?<=\S)\1")
# `_word_` is emphasis, but `__init__` is a Python name, not bold: keep double underscores
# unless they wrap a phrase.
_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_DOUBLE_UNDERSCORE = re.compile(r"(?<![\w_])__(?=[^\s_])([^_]*\s[^_]*?)(?<=[^\s_])__(?![\w_])")
_CODE = re.compile(r"`+([^`]*)`+")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“'(\[]?[A-Z0-9])")


def inline_plain(text: str) -> str:
    """One line of Markdown as plain text: emphasis, code marks and link syntax removed."""
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _ANGLE_LINK.sub("", text)
    text = _BARE_URL.sub("", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(2):
        text = _EMPHASIS.sub(r"\2", text)
        text = _DOUBLE_UNDERSCORE.sub(r"\1", text)
        text = _UNDERSCORE.sub(r"\1", text)
    text = _HEADING.sub("", text)
    text = _LIST_MARK.sub("", text)
    text = text.replace("\\", "")
    text = re.sub(r'(["“”])\1+', r"\1", text)
    # A stray quote marker typed inside a sentence ('these >optimizations').
    text = re.sub(r"(?<=\s)>(?=\w)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def paragraphs_plain(markdown: str) -> list[str]:
    """Markdown as plain-text paragraphs: wrapped lines are joined, list items stand alone."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            out.append(" ".join(current))
            current.clear()

    for raw in markdown.splitlines():
        if (
            not raw.strip()
            or _HEADING.match(raw)
            or re.match(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$", raw)
        ):
            flush()
            continue
        is_item = bool(_LIST_MARK.match(raw)) or raw.startswith(("    ", "\t"))
        line = inline_plain(raw)
        if not line:
            continue
        if is_item:
            flush()
            out.append(line)
        else:
            current.append(line)
    flush()
    return out


def _as_sentence(fragment: str) -> str:
    fragment = fragment.strip()
    if not fragment:
        return ""
    first_word = fragment.split()[0]
    if first_word.islower():  # 'cuDF' or 'iOS' keep their own case
        fragment = fragment[0].upper() + fragment[1:]
    if fragment[-1] not in ".!?…":
        fragment = fragment.rstrip(",;:-–—") + "."
    return fragment


def _sentences(paragraphs: list[str]) -> list[str]:
    sentences: list[str] = []
    for paragraph in paragraphs:
        for piece in _SENTENCE_END.split(paragraph):
            sentence = _as_sentence(piece)
            if len(re.findall(r"\w", sentence)) >= 2:
                sentences.append(sentence)
    return sentences


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with '…' when cut at all."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—(") + "…"


def summarise(abstract: str, notes: str, limit: int = SUMMARY_LIMIT) -> str:
    """One to three whole sentences, readable alone: from the abstract if any, else the notes."""
    sentences = _sentences(paragraphs_plain(abstract[:SOURCE_LIMIT])) or _sentences(
        paragraphs_plain(notes[:SOURCE_LIMIT])
    )
    if not sentences:
        return ""
    chosen = sentences[0]
    if len(chosen) > limit:
        return shorten(chosen, limit)
    for sentence in sentences[1:_MAX_SENTENCES]:
        if len(chosen) + 1 + len(sentence) > limit:
            break
        chosen = f"{chosen} {sentence}"
    return chosen
