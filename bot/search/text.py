"""How text becomes search terms, identically for the notes and for the questions asked.

Everything that must not matter to a person asking (case, accents, apostrophes, camelCase
joins, plural and -ing endings) is folded away here, once, so the index and the query can
only ever disagree about real differences.
"""

from __future__ import annotations

import re
import unicodedata

# A word is a run of letters and digits (underscores split words: '@b_smoke' is 'b smoke').
# Apostrophes are deleted first so that "O'Connell" and "oconnell", "Python's" and
# "pythons" meet; at a word's edge deleting one changes nothing.
_TOKEN = re.compile(r"\w+")
_APOSTROPHES = str.maketrans("", "", "'’‘`")
# camelCase and TitleCase joins ("JessicaGarson", "PyScript", "GraphQL", "MLOps").
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")

# Words that carry no evidence about which talk is meant: question words, filler people put
# around what they remember, and the vocabulary of "talks" itself (every record is a talk).
FILLER: frozenset[str] = frozenset(
    """
    a an the and or of to in on at by for with from into about over than as is are was were be
    been being am do does did done has have had having it its this that these those there here
    who whom whose what which when where why how whatever anyone someone somebody something
    i me my we us our you your he him his she her they them their one ones
    any some all no not please pls thanks thank hi hello hey can could would should will shall
    may might must just really maybe also like kind sort bit lot lots many much very quite
    talk talks talked talking speak speaks spoke spoken speaking speaker speakers presentation
    presentations presented present presenting session sessions lecture conference
    gave give given giving mention mentioned mentions discuss discussed discussing explain
    explained explaining cover covered covering show showed shown find looking look remember
    recall think thought know knew guy woman man person people folks somewhere
    again doing anything everything stuff say said says tell told
    """.split()
)
# "again" is filler in "what was that again?"; titles with it still match on their other words.

# A letter written twice in a row ('ll'), matched on its first copy so deleting the match
# collapses the run: a literal "" replacement keeps re.sub off its template path, which
# made `phonetic` cost 4 µs a word (0.6 s of 100,000 talks' vocabulary) instead of 1.
_REPEATED = re.compile(r"(.)(?=\1)")
_PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    ("ght", "t"),
    ("ph", "f"),
    ("ck", "k"),
    ("qu", "kw"),
    ("x", "ks"),
    ("z", "s"),
    ("y", "i"),
)


def fold(text: str) -> str:
    """Case-keeping folding: accents off, apostrophes removed."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_APOSTROPHES)


def raw_words(text: str) -> list[str]:
    """Surface words, case kept (camelCase splitting needs it)."""
    return [piece for token in _TOKEN.findall(fold(text)) for piece in token.split("_") if piece]


def split_camel(word: str) -> list[str]:
    """'JessicaGarson' -> ['Jessica', 'Garson']; a word without inner capitals stays whole."""
    if word[1:].islower() or word.isupper() or word.isdigit():
        return [word]
    parts = _CAMEL.findall(word)
    return parts if len(parts) > 1 else [word]


def stem(word: str) -> str:
    """A deliberately small English stemmer: plural, -ing and -ed endings and a silent e
    only, read so that a word and its other forms meet ('logging' and 'logs' are 'log',
    'coding' and 'code' are 'code', 'scaled' and 'scale' are 'scal').

    Heavier stemmers conflate distinct technical words (e.g. 'pandas'/'panda' is fine but
    'analysis'/'analys' is not); the fuzzy matcher covers the remaining near misses.
    """
    n = len(word)
    if n > 8 and word.endswith(("ability", "ibility")):
        return _silent_e(word[:-5] + "le")
    # Only where a syllable is left: 'string' and 'spring' stay whole.
    if n > 5 and word.endswith("ing") and any(v in word[:-3] for v in "aeiouy"):
        return _without_ending(word[:-3])
    if n > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    # 'measured' meets 'measuring' ('measur'); short words ('based', 'speed') stay whole.
    if n > 5 and word.endswith("ed") and not word.endswith("eed"):
        return _without_ending(word[:-2])
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return _silent_e(word)


# Consonant, vowel, consonant: a syllable whose vowel is short unless an e follows it.
_SHORT_SYLLABLE = re.compile("[^aeiouy][aeiouy][^aeiouwxy]")


def _without_ending(base: str) -> str:
    """What is left of a word once -ing or -ed is cut, as the word is written alone: a
    consonant doubled before the ending is one ('logg' -> 'log', 'programm' -> 'program';
    never l, s, z or f, which words end in: 'install', 'pass', 'buzz', 'stuff'), and a
    three-letter syllable lost its e ('cod' -> 'code', 'mak' -> 'make'; 'add' and 'eat'
    stay as they are)."""
    if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "aeiouylsfz":
        return base[:-1]
    if len(base) == 3 and _SHORT_SYLLABLE.fullmatch(base):
        return base + "e"
    return _silent_e(base)


def _silent_e(word: str) -> str:
    """'scale' -> 'scal', as 'scaling' and 'scaled' are read. A word of four letters or
    fewer keeps its e ('note' must not become 'not'), and so does an e after a vowel,
    which is sounded with it ('agree', 'value')."""
    if len(word) >= 5 and word[-1] == "e" and word[-2] not in "aeiouy":
        return word[:-1]
    return word


def word_terms(word: str) -> tuple[str, ...]:
    """Index terms of one surface word: its stem, then its camelCase parts' stems."""
    parts = split_camel(word)
    whole = stem(word.lower())
    if len(parts) == 1:
        return (whole,)
    return (whole, *(stem(part.lower()) for part in parts))


def token_terms(token: str) -> tuple[str, ...]:
    """Distinct index terms of one written token (as `tokens` yields them)."""
    if token.isascii() and token.isalnum() and token[1:].islower():
        return (stem(token.lower()),)  # the common case, kept off the regex path
    return tuple(dict.fromkeys(terms(token)))


def terms(text: str) -> list[str]:
    """Index terms of a text, in order: stems of words, plus camelCase parts and the whole.

    'CircuitPython' yields 'circuitpython', 'circuit', 'python', so both 'circuit python'
    and 'circuitpython' find it.
    """
    return [term for word in raw_words(text) for term in word_terms(word)]


def _token_table() -> dict[int, str | None]:
    """str.translate table: separators to spaces, apostrophes deleted, letters kept."""
    table: dict[int, str | None] = {}
    for code in range(0x3000):
        ch = chr(code)
        if not (ch.isalnum() or unicodedata.combining(ch)):
            table[code] = " "
    for ch in "'’‘`":
        table[ord(ch)] = None
    return table


_TOKEN_TABLE = _token_table()
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def tokens(text: str) -> list[str]:
    """Written tokens of a text, at C speed: no folding, stemming or splitting yet.

    Each distinct token later goes through `terms`, which finds the same words a query
    would ('CircuitPython' -> 'circuitpython', 'circuit', 'python'). ASCII text, nearly
    all of it, skips the table: `str.translate` looks every character of a short string
    up in the dict afresh, three times slower than the regex on a title.
    """
    if text.isascii():
        if "'" in text or "`" in text:
            text = text.replace("'", "").replace("`", "")
        return _ASCII_WORD.findall(text)
    return text.translate(_TOKEN_TABLE).split()


def query_words(text: str) -> list[tuple[str, str]]:
    """Query words as (surface, stem) pairs, lowercased, camelCase kept joined as typed.

    The surface form is kept because typo tolerance depends on what the person typed:
    'mlpos' is five letters even though its stem is four.
    """
    return [(word, stem(word)) for word in (w.lower() for w in raw_words(text))]


def is_filler(surface: str, stemmed: str) -> bool:
    return surface in FILLER or stemmed in FILLER


def phonetic(word: str) -> str:
    """A rough sound-alike key so 'playwrite' meets 'playwright' within one edit."""
    key = word
    for old, new in _PHONETIC_RULES:
        if old in key:
            key = key.replace(old, new)
    if len(key) > 4 and key.endswith("e"):
        key = key[:-1]
    return _REPEATED.sub("", key)


def edit_budget(word: str, stemmed: str | None = None) -> int:
    """Typos forgiven in proportion to length; short words must be exact.

    Counted on what was typed ('mlpos' may have one typo) but never more than a third of
    the stem that gets compared ('knitting' -> 'knitt' must not reach 'init').
    """
    if stemmed is not None:
        return min(edit_budget(word), len(stemmed) // 3)
    n = len(word)
    if n <= 4:
        return 0
    if n <= 7:
        return 1
    if n <= 11:
        return 2
    return 3
