"""Telling a line of speaker names from a line of notes, and splitting it into names."""

from __future__ import annotations

import re

# Lower-case words that belong inside real names ('Ludwig van Beethoven', 'Maria de la Cruz').
_PARTICLES = frozenset(
    "de da das do dos du del della der den van von ter ten la le bin ibn al el y e di st".split()
)
_HANDLE = re.compile(r"(?<![\w./@])@[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?")
_LIST_SPLIT = re.compile(r"\s*(?:,|;|&|\+|\band\b|\bund\b|\bet\b|\s/\s)\s*", re.IGNORECASE)
# A name word: starts with a capital (any script), may hold apostrophes, hyphens, dots.
_NAME_WORD = re.compile(r"^(?:[A-Z][.]|[^\W\d_][\w'’.-]*)$")
# 'd'Arc', 'l'Hôpital': an elided particle before a capitalised name.
_ELIDED = re.compile(r"^[a-z]['’][A-Z]")
_MARKS = re.compile(r"[*_`]+")
_INITIAL = re.compile(r"^[A-Z]\.?$")


def find_handles(text: str) -> list[str]:
    return [m.group(0).rstrip(".") for m in _HANDLE.finditer(text)]


def strip_commentary(text: str) -> str:
    r"""'Sam Edwardes (dude we had lunch with)' → 'Sam Edwardes'.

    Brackets nest, so the innermost pair goes first, with the spaces before it. One pass
    with a stack of open brackets does what removing `\s*[(\[][^()\[\]]*[)\]]` until nothing
    changed did, in linear time: that loop made one pass per nesting level (quadratic on
    `((((…))))`), and its leading `\s*` rescanned long runs of spaces.
    """
    if "(" not in text and "[" not in text:
        return text.strip()  # no bracket opens: nothing to take out
    out: list[str] = []
    opened: list[int] = []  # where each still-open bracket stands in `out`
    for char in text:
        if char in "([":
            opened.append(len(out))
            out.append(char)
        elif char in ")]" and opened:
            del out[opened.pop() :]
            while out and out[-1].isspace():
                out.pop()
        else:
            out.append(char)
    return "".join(out).strip()


def _caseless_name_word(word: str) -> bool:
    """A word of a script without capitals ('廖偉涵', '배준현'): names there are short words."""
    return len(word) <= 4 and all(c.isalpha() and c.lower() == c.upper() for c in word)


def _is_name(part: str) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 5:
        return False
    capitalised = 0
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        if not _NAME_WORD.match(word):
            return False
        if not word[0].isupper() and not _caseless_name_word(word) and not _ELIDED.match(word):
            return False
        capitalised += 1
    return capitalised >= 1


def parse_names(text: str, *, allow_single: bool = False) -> list[str] | None:
    """The names in a line if the whole line is a list of names, else None.

    A line of notes is only taken for speakers when every part of it reads as a name, so
    'Snr dev advocate at Elastic' or 'Kingdom of Fear' stay notes. A lone one-word name
    ('Mariatta') is only believed inside a list or where a field says it is a speaker.
    """
    cleaned = strip_commentary(_MARKS.sub("", text)).strip(" \t.:-–—")
    if not cleaned or len(cleaned) > 200 or _HANDLE.search(cleaned) or "://" in cleaned:
        return None
    parts = [p.strip() for p in _LIST_SPLIT.split(cleaned) if p and p.strip()]
    if not parts or not all(_is_name(p) for p in parts):
        return None
    # One word is a nickname in most scripts, but a whole name in scripts without capitals,
    # written without spaces ('김정주', '黃坤賢').
    whole = len(parts[0]) >= 2 and _caseless_name_word(parts[0])
    if len(parts) == 1 and len(parts[0].split()) == 1 and not allow_single and not whole:
        return None
    return parts


def handle_words(handle: str) -> str:
    """'@JessicaGarson' → 'Jessica Garson', so a handle can be found by the name it spells."""
    bare = handle.lstrip("@").split("@")[0]
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|[_.-]+", " ", bare)
    return spaced.strip()
