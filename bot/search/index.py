"""The inverted index: which talks hold which term, and in which of their fields.

Postings are compact `array('I')` lists of talk numbers, one list per (field, token),
appended in talk order so they stay sorted and can be probed by bisection. Keeping fields
apart lets a query turn a whole list into {talk: evidence} in C (every talk in a title
list has the same evidence), and lets a very common word be read from its titles only.
100,000 talks' postings fit in tens of megabytes, with no set per term.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import ge, not_

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.records.models import Talk
from bot.search.text import edit_budget, phonetic, token_terms, tokens

# Fields, strongest evidence first. NOTES_MANY holds words repeated in the notes: the talk
# dwelt on them rather than mentioned them once.
TITLE, PEOPLE, ABSTRACT, NOTES_MANY, NOTES = range(5)
FIELDS = (TITLE, PEOPLE, ABSTRACT, NOTES_MANY, NOTES)
HEADLINE = (TITLE, PEOPLE)
FIELD_WEIGHTS: tuple[float, ...] = (1.0, 1.0, 0.7, 0.55, 0.45)

EXACT = 1.0
PREFIX = 0.8
SOUND_ALIKE = 0.9
ONE_EDIT = 0.85
MORE_EDITS = 0.7
# A word the notes hold exactly also stands for longer words it starts (5+ letters: 'java'
# must not become 'javascript'); an unknown word may be a cut-off name ('sara' for 'sarah').
PREFIX_MIN = 5
PREFIX_MIN_UNKNOWN = 4
MAX_EXPANSIONS = 8
EXPANSION_CACHE = 4096
# Sound-alike keys shorter than this collide too easily ('knitt' and 'knight' both sound 'knit').
SOUND_MIN = 6


@dataclass(frozen=True)
class Variant:
    """An indexed term standing in for a query word, and how much to trust the stand-in."""

    term: str
    quality: float


def talk_fields(talk: Talk) -> tuple[str, str, str, str]:
    """The text of each field a talk is searched by: title, people, abstract, notes."""
    people = " ".join([*talk.speakers, *talk.handles])
    links = " ".join(
        link.url if link.label.rstrip("/") in link.url else f"{link.label} {link.url}"
        for link in talk.links
    )
    # Where and what kind: weak evidence, so 'lightning talk about quarto' counts 'lightning'.
    where = f"{talk.conference_label} {talk.kind.value}"
    return (
        talk.title,
        people,
        f"{talk.abstract}\n{talk.tagline}\n{talk.summary}\n{where}",
        f"{talk.notes}\n{links}",
    )


class TermIndex:
    """Built once per library; read-only afterwards, so one instance serves every query.

    Postings are kept per *token as written* ('Python', 'python', 'CircuitPython'), which
    costs no per-word Python work while indexing: splitting and set building run in C.
    Folding, stemming and camelCase splitting happen once per distinct token afterwards,
    mapping each search term to the written tokens that stand for it.
    """

    def __init__(self, talks: Sequence[Talk]) -> None:
        self.size = len(talks)
        lists: list[defaultdict[str, array[int]]] = [
            defaultdict(lambda: array("I")) for _ in FIELDS
        ]
        getters = [found.__getitem__ for found in lists]
        token_df: Counter[str] = Counter()
        # The loop body is all C-level calls (map, Counter, array.append): at 100,000 talks
        # there are some 15 million postings, and bytecode per posting would dominate.
        append = array.append
        for number, talk in enumerate(talks):
            title, people, abstract, notes = talk_fields(talk)
            counts = Counter(tokens(notes))
            repeated = list(map(ge, counts.values(), repeat(3)))
            by_field = (
                set(tokens(title)),
                set(tokens(people)),
                set(tokens(abstract)),
                compress(counts.keys(), repeated),
                compress(counts.keys(), map(not_, repeated)),
            )
            for field, found in zip(FIELDS, by_field, strict=True):
                deque(map(append, map(getters[field], found), repeat(number)), maxlen=0)
            token_df.update(counts.keys() | by_field[0] | by_field[1] | by_field[2])
        self.lists: list[dict[str, array[int]]] = [dict(found) for found in lists]
        self._written: dict[str, list[str]] = {}
        for token in token_df:
            for term in token_terms(token):
                self._written.setdefault(term, []).append(token)
        self._df = {
            term: min(self.size, sum(token_df[t] for t in written))
            for term, written in self._written.items()
        }
        self.vocabulary = sorted(self._written)
        # Near-miss search looks only at terms of about the same length starting with the
        # query's first or second letter: a tenth of the vocabulary, and the typos people
        # make (the first letter is rarely wrong; swapped first letters are covered).
        self._by_shape: dict[tuple[int, str], list[str]] = {}
        self._by_sound: dict[str, list[str]] = {}
        for term in self.vocabulary:
            self._by_shape.setdefault((len(term), term[0]), []).append(term)
            if len(term) >= SOUND_MIN - 1:
                self._by_sound.setdefault(phonetic(term), []).append(term)
        self._sounds_by_shape: dict[tuple[int, str], list[str]] = {}
        for key in self._by_sound:
            self._sounds_by_shape.setdefault((len(key), key[0]), []).append(key)
        self._expanded: dict[tuple[str, int | None], list[Variant]] = {}

    def has(self, term: str) -> bool:
        return term in self._written

    def df(self, term: str) -> int:
        """Talks holding the term (an upper bound when it is written several ways)."""
        return self._df.get(term, 0)

    def idf(self, df: int) -> float:
        """Rarity weight; an unknown word weighs as much as a word found in half a talk."""
        return math.log((self.size + 1) / (df + 0.5))

    def expand(self, word: str, budget: int | None = None) -> list[Variant]:
        """Cached `_expand`: people repeat words, and fuzzy search is the costly step."""
        key = (word, budget)
        found = self._expanded.get(key)
        if found is None:
            if len(self._expanded) >= EXPANSION_CACHE:
                self._expanded.clear()
            found = self._expanded[key] = self._expand(word, budget)
        return found

    def _expand(self, word: str, budget: int | None = None) -> list[Variant]:
        """Indexed terms a query word may stand for, best first.

        An exact hit wins outright: a word the notes contain is never 'corrected' into a
        different one. Otherwise prefixes (someone typing 'introspect'), sound-alikes and
        near misses within the word's edit budget are tried.
        """
        if word in self._written:
            found = [Variant(word, EXACT)]
            if len(word) >= PREFIX_MIN:
                found.extend(Variant(t, PREFIX) for t in self._prefixed(word, exclude=word))
            return found[:MAX_EXPANSIONS]
        if budget is None:
            budget = edit_budget(word)
        found = []
        if len(word) >= PREFIX_MIN_UNKNOWN:
            found.extend(Variant(t, PREFIX) for t in self._prefixed(word, exclude=word))
        if budget:
            found.extend(self._near(word, budget))
        best: dict[str, float] = {}
        for variant in found:
            if variant.quality > best.get(variant.term, 0.0):
                best[variant.term] = variant.quality
        ranked = sorted(best.items(), key=lambda item: (-item[1], -self.df(item[0]), item[0]))
        return [Variant(term, quality) for term, quality in ranked[:MAX_EXPANSIONS]]

    def _prefixed(self, word: str, exclude: str) -> list[str]:
        vocab = self.vocabulary
        start = bisect.bisect_left(vocab, word)
        out: list[str] = []
        for term in vocab[start : start + MAX_EXPANSIONS + 1]:
            if not term.startswith(word):
                break
            if term != exclude:
                out.append(term)
        return out

    def _near(self, word: str, budget: int) -> list[Variant]:
        out: list[Variant] = []
        for bucket in _buckets(self._by_shape, word, budget):
            for term, distance, _ in process.extract(
                word, bucket, scorer=OSA.distance, score_cutoff=budget, limit=MAX_EXPANSIONS
            ):
                out.append(Variant(term, ONE_EDIT if distance <= 1 else MORE_EDITS))
        key = phonetic(word)
        if len(key) < SOUND_MIN:
            return out
        sound_budget = max(0, budget - 1) if len(key) < 8 else budget
        for keys in _buckets(self._sounds_by_shape, key, sound_budget):
            for other, distance, _ in process.extract(
                key, keys, scorer=OSA.distance, score_cutoff=sound_budget, limit=MAX_EXPANSIONS
            ):
                quality = SOUND_ALIKE if distance == 0 else ONE_EDIT
                out.extend(Variant(term, quality) for term in self._by_sound[other])
        return out

    def lists_of(self, term: str, fields: Sequence[int] = FIELDS) -> list[tuple[int, array[int]]]:
        """(field, talk numbers) for each written form of a term in each asked field."""
        out: list[tuple[int, array[int]]] = []
        for token in self._written.get(term, ()):
            for field in fields:
                found = self.lists[field].get(token)
                if found:
                    out.append((field, found))
        return out

    def best_field(self, term: str, number: int) -> int | None:
        """Strongest field of one talk holding the term (None if absent), by bisection."""
        best: int | None = None
        for field, found in self.lists_of(term):
            if best is not None and field >= best:
                continue
            at = bisect.bisect_left(found, number)
            if at < len(found) and found[at] == number:
                best = field
        return best


def _buckets(shapes: dict[tuple[int, str], list[str]], word: str, budget: int) -> list[list[str]]:
    firsts = dict.fromkeys(word[:2])
    return [
        shapes[(length, first)]
        for length in range(max(1, len(word) - budget), len(word) + budget + 1)
        for first in firsts
        if (length, first) in shapes
    ]
