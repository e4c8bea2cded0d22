"""Plain text and short summaries from Markdown notes, for cards and search results."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice

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
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
# At least two word characters anywhere: a sentence of one letter or none says nothing.
_TWO_WORD_CHARACTERS = re.compile(r"\w.*?\w", re.DOTALL)
# A sentence ends at . or … before a space, and typed fast the next may start in lower case
# ('…that information. in this talk you'll…'); at ! or ? only before a capital ('Types, In
# My Python? is an analysis…' is one sentence). A few abbreviations end no sentence.
_SENTENCE_END = re.compile(r"(?<=[.…])\s+(?=[\"“'(\[]?\w)|(?<=[!?])\s+(?=[\"“'(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|dr|mr|mrs|ms|st)|\b[A-Z])\.$", re.I
)


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
        if not raw.strip() or _HEADING.match(raw) or _RULE.match(raw):
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


def _split_sentences(paragraph: str) -> list[str]:
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(paragraph):
        if pieces and _ABBREVIATION.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


def _sentences(paragraphs: Iterable[str], most: int | None = None) -> list[str]:
    """The paragraphs' sentences, the first `most` of them when given."""
    sentences: list[str] = []
    for paragraph in paragraphs:
        for piece in _split_sentences(paragraph):
            sentence = _as_sentence(piece)
            if _TWO_WORD_CHARACTERS.search(sentence):
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


# A sentence that says what the talk does: the speaker announcing it, or naming what it is.
_SUBJECT = re.compile(
    r"\b(?:in this (?:talk|session|tutorial|workshop|presentation|keynote)"
    r"|this (?:talk|session|tutorial|workshop|presentation|keynote)\b"
    r"|(?:i|we)(?:'ll|’ll| will| am going to| are going to) (?:show|cover|explore|introduce|"
    r"discuss|present|demonstrate|walk|share|look|examine|talk|explain|dive|go|build|compare|"
    r"review|tell|teach|describe)"
    r"|you(?:'ll|’ll| will) (?:learn|see|find out|discover|leave|get|come away|understand)"
    r"|(?:learn|find out) (?:how|why|what|about)"
    r"|is an? (?:analysis|introduction|intro|overview|exploration|tour|look|story|case study|"
    r"survey|guide|deep dive) (?:of|to|at|into|about|on)\b)",
    re.IGNORECASE,
)
# Openings that set a mood rather than say anything, a speaker's biography, and logistics:
# never what a talk is about.
_RHETORICAL = re.compile(
    r"^(?:once upon a time|imagine|picture this|have you ever|ever wondered|did you know|"
    r"what if|let'?s face it|we'?ve all|raise your hand)\b",
    re.IGNORECASE,
)
_BIOGRAPHY = re.compile(
    r"^(?:i am|i'?m|my name is)\b|\b(?:is|was) an? (?:\w+ ){0,3}(?:engineer|developer|"
    r"scientist|maintainer|programmer|consultant|founder|researcher|student)\b|"
    r"\bworks? (?:at|for)\b|\bhas been (?:working|programming|coding|writing)\b|"
    r"\b(?:advocate|engineer|developer|manager|maintainer|scientist|cto|ceo) (?:at|for|@) ",
    re.IGNORECASE,
)
_LOGISTICS = re.compile(
    r"\b(?:bring (?:a|your) (?:own )?laptop|prerequisites?|please (?:install|bring|register)|"
    r"installed beforehand|lunch|coffee break|sign[- ]up|registration|"
    r"slides (?:are|will be) (?:available|online|posted))\b|\(\d+ ?(?:minutes|mins?)\)",
    re.IGNORECASE,
)


_PARENTHESES = re.compile(r"\([^)]*\)")
# A line of labels or links, not a sentence: 'Tags: Testing, Teaching', 'Slides: …'.
_LABEL_LINE = re.compile(r"^(?:tags?|topics?|slides?|video|links?|categories|track)\s*:", re.I)


def _only_a_name(sentence: str) -> bool:
    """'Alexander Grothendieck.', 'Alex Miller (Cognitect).': a few capitalised words and
    nothing said about them."""
    words = _PARENTHESES.sub(" ", sentence).rstrip(". ").split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _says_nothing(sentence: str) -> bool:
    """A question, an exclamation, a rhetorical opening, a biography, logistics, a name."""
    return (
        sentence.endswith(("?", "!"))
        or _only_a_name(sentence)
        or bool(_LABEL_LINE.search(sentence))
        or bool(_RHETORICAL.search(sentence))
        or bool(_BIOGRAPHY.search(sentence))
        or bool(_LOGISTICS.search(sentence))
    )


def _past_logistics(sentence: str) -> str:
    """'Bring a laptop: we build a wheel.' → 'We build a wheel.': a lead-in of logistics
    before a colon says nothing, the rest may."""
    lead, colon, rest = sentence.partition(": ")
    if colon and _LOGISTICS.search(lead) and not _LOGISTICS.search(rest):
        return _as_sentence(rest)
    return sentence


def summarise(abstract: str, notes: str, tagline: str = "", limit: int = SUMMARY_LIMIT) -> str:
    """One or two whole sentences that say what the talk does, readable alone.

    In order: the abstract's sentence that states the talk's subject ('In this talk I'll…',
    'This talk covers…', 'You will learn…', '… is an introduction to …') and the one after
    it when that one says something too; else the tagline; else the notes' own first
    point; else the abstract's first sentence that is not a rhetorical opening, a
    biography or logistics. Nothing at all rather than one of those.
    """
    sentences = [_past_logistics(s) for s in _sentences(paragraphs_plain(abstract[:SOURCE_LIMIT]))]
    for n, sentence in enumerate(sentences):
        if _SUBJECT.search(sentence) and not _BIOGRAPHY.search(sentence):
            return _fit([sentence, *sentences[n + 1 : n + 2]], limit)
    for candidate in (
        _sentences(paragraphs_plain(tagline[:SOURCE_LIMIT])),
        _sentences(_paragraphs(notes[:SOURCE_LIMIT]), 3),
        sentences,
    ):
        wanted = 1 if candidate is not sentences else 2
        usable = list(islice((s for s in candidate if not _says_nothing(s)), wanted))
        if usable:
            return _fit(usable, limit)
    return ""


def _fit(sentences: list[str], limit: int) -> str:
    """The first sentence (cut at a word if it must be), and the next ones while they fit and
    say something."""
    chosen = sentences[0]
    if len(chosen) > limit:
        return shorten(chosen, limit)
    for sentence in sentences[1:_MAX_SENTENCES]:
        if _says_nothing(sentence) or len(chosen) + 1 + len(sentence) > limit:
            break
        chosen = f"{chosen} {sentence}"
    return chosen
