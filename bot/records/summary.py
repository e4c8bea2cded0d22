"""Plain text and short summaries from Markdown notes, for cards and search results."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

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
_REPEATED_QUOTES = re.compile(r'(["“”])\1+')
_STRAY_QUOTE_MARK = re.compile(r"(?<=\s)>(?=\w)")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“'(\[]?[A-Z0-9])")


def inline_plain(text: str) -> str:
    """One line of Markdown as plain text: emphasis, code marks and link syntax removed.

    Each pattern runs only on a line holding the character it needs: most lines of notes
    are plain words, and a summary reads several lines of every talk.
    """
    if "](" in text:
        text = _MD_IMAGE.sub("", text)
        text = _MD_LINK.sub(r"\1", text)
    if "<" in text:
        text = _ANGLE_LINK.sub("", text)
    if "://" in text:
        text = _BARE_URL.sub("", text)
    if "`" in text:
        text = _CODE.sub(r"\1", text)
    if "*" in text or "~" in text or "_" in text:
        for _ in range(2):
            text = _EMPHASIS.sub(r"\2", text)
            text = _DOUBLE_UNDERSCORE.sub(r"\1", text)
            text = _UNDERSCORE.sub(r"\1", text)
    if "#" in text:
        text = _HEADING.sub("", text)
    text = _LIST_MARK.sub("", text)
    text = text.replace("\\", "")
    if '"' in text or "“" in text or "”" in text:
        text = _REPEATED_QUOTES.sub(r"\1", text)
    if ">" in text:
        # A stray quote marker typed inside a sentence ('these >optimizations').
        text = _STRAY_QUOTE_MARK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def paragraphs_plain(markdown: str) -> list[str]:
    """Markdown as plain-text paragraphs: wrapped lines are joined, list items stand alone."""
    return list(_paragraphs(markdown))


def _paragraphs(markdown: str, budget: int | None = None) -> Iterator[str]:
    """The paragraphs of `paragraphs_plain`, one at a time: a summary needs only the first
    few, and each line costs a dozen patterns.

    With a `budget`, reading stops once that many characters of plain text are out: text
    past twice a summary's limit can never be in the summary (see `summarise`).
    """
    current: list[str] = []
    used = 0
    for raw in markdown.splitlines():
        if budget is not None and used >= budget:
            break
        if (
            not raw.strip()
            or _HEADING.match(raw)
            or re.match(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$", raw)
        ):
            if current:
                yield " ".join(current)
                current = []
            continue
        is_item = bool(_LIST_MARK.match(raw)) or raw.startswith(("    ", "\t"))
        line = inline_plain(raw)
        if not line:
            continue
        used += len(line) + 1
        if is_item:
            if current:
                yield " ".join(current)
                current = []
            yield line
        else:
            current.append(line)
    if current:
        yield " ".join(current)


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


def _sentences(paragraphs: Iterable[str], most: int | None = None) -> list[str]:
    """The paragraphs' sentences, the first `most` of them when given."""
    sentences: list[str] = []
    for paragraph in paragraphs:
        for piece in _SENTENCE_END.split(paragraph):
            sentence = _as_sentence(piece)
            if len(re.findall(r"\w", sentence)) >= 2:
                sentences.append(sentence)
                if most is not None and len(sentences) >= most:
                    return sentences
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
    # Only whole sentences within the first `limit` characters are kept, and a first sentence
    # longer than that is cut to it, so no text past 2 * limit can change the summary.
    budget = 2 * limit + 2
    sentences = _sentences(_paragraphs(abstract[:SOURCE_LIMIT], budget), _MAX_SENTENCES) or (
        _sentences(_paragraphs(notes[:SOURCE_LIMIT], budget), _MAX_SENTENCES)
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
