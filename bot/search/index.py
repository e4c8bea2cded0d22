"""The inverted index: which talks hold which term, and in which of their fields.

Postings are compact `array('I')` values packing the talk number with a small field mask,
appended in talk order so they stay sorted and can be probed by bisection. That keeps
100,000 talks' postings in tens of megabytes and makes "does talk d hold term t" cheap
without a set per term.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.records.models import Talk
from bot.search.text import edit_budget, phonetic, terms

# Field bits, strongest evidence first. NOTES_MANY marks a term repeated in the notes: the
# talk dwelt on it rather than mentioned it once.
TITLE = 1
PEOPLE = 2
ABSTRACT = 4
NOTES = 8
NOTES_MANY = 16
MASK_BITS = 5
MASK = (1 << MASK_BITS) - 1

FIELD_WEIGHTS: dict[int, float] = {
    TITLE: 1.0,
    PEOPLE: 1.0,
    ABSTRACT: 0.7,
    NOTES_MANY: 0.55,
    NOTES: 0.45,
}
FIELD_NAMES: dict[int, str] = {
    TITLE: "title",
    PEOPLE: "speakers",
    ABSTRACT: "abstract",
    NOTES: "notes",
    NOTES_MANY: "notes",
}


def _best_field(mask: int) -> int:
    for bit in (TITLE, PEOPLE, ABSTRACT, NOTES_MANY, NOTES):
        if mask & bit:
            return bit
    return 0


# Weight of the strongest field present, for every possible mask: one list lookup per posting.
MASK_WEIGHT: list[float] = [FIELD_WEIGHTS.get(_best_field(m), 0.0) for m in range(1 << MASK_BITS)]
MASK_FIELD: list[int] = [_best_field(m) for m in range(1 << MASK_BITS)]

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
# Sound-alike keys shorter than this collide too easily ('knitt' and 'knight' both sound 'knit').
SOUND_MIN = 6


@dataclass(frozen=True)
class Variant:
    """An indexed term standing in for a query word, and how much to trust the stand-in."""

    term: str
    quality: float


def talk_fields(talk: Talk) -> list[tuple[int, str]]:
    """The text of each field a talk is searched by."""
    people = " ".join([*talk.speakers, *talk.handles])
    links = " ".join(
        link.url if link.label.rstrip("/") in link.url else f"{link.label} {link.url}"
        for link in talk.links
    )
    where = f"{talk.conference_label} {talk.kind.value}"
    return [
        (TITLE, talk.title),
        (PEOPLE, people),
        # Where and what kind: weak evidence, so 'lightning talk about quarto' counts 'lightning'.
        (ABSTRACT, f"{talk.abstract}\n{talk.tagline}\n{talk.summary}\n{where}"),
        (NOTES, f"{talk.notes}\n{links}"),
    ]


class TermIndex:
    """Built once per library; read-only afterwards, so one instance serves every query."""

    def __init__(self, talks: Sequence[Talk]) -> None:
        self.size = len(talks)
        postings: dict[str, array[int]] = {}
        for number, talk in enumerate(talks):
            masks: dict[str, int] = {}
            for bit, text in talk_fields(talk):
                if bit == NOTES:
                    counts: dict[str, int] = {}
                    for term in terms(text):
                        counts[term] = counts.get(term, 0) + 1
                    for term, count in counts.items():
                        extra = NOTES | NOTES_MANY if count >= 3 else NOTES
                        masks[term] = masks.get(term, 0) | extra
                else:
                    for term in terms(text):
                        masks[term] = masks.get(term, 0) | bit
            base = number << MASK_BITS
            for term, mask in masks.items():
                found = postings.get(term)
                if found is None:
                    found = postings[term] = array("I")
                found.append(base | mask)
        self.postings = postings
        self.vocabulary = sorted(postings)
        self._by_length: dict[int, list[str]] = {}
        self._by_sound: dict[str, list[str]] = {}
        for term in self.vocabulary:
            self._by_length.setdefault(len(term), []).append(term)
            self._by_sound.setdefault(phonetic(term), []).append(term)
        self._sounds_by_length: dict[int, list[str]] = {}
        for key in self._by_sound:
            self._sounds_by_length.setdefault(len(key), []).append(key)

    def df(self, term: str) -> int:
        found = self.postings.get(term)
        return len(found) if found is not None else 0

    def idf(self, df: int) -> float:
        """Rarity weight; an unknown word weighs as much as a word found in half a talk."""
        return math.log((self.size + 1) / (df + 0.5))

    def expand(self, word: str, budget: int | None = None) -> list[Variant]:
        """Indexed terms a query word may stand for, best first.

        An exact hit wins outright: a word the notes contain is never 'corrected' into a
        different one. Otherwise prefixes (someone typing 'introspect'), sound-alikes and
        near misses within the word's edit budget are tried.
        """
        if word in self.postings:
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
        n = len(word)
        for length in range(max(1, n - budget), n + budget + 1):
            bucket = self._by_length.get(length)
            if not bucket:
                continue
            for term, distance, _ in process.extract(
                word, bucket, scorer=OSA.distance, score_cutoff=budget, limit=MAX_EXPANSIONS
            ):
                out.append(Variant(term, ONE_EDIT if distance <= 1 else MORE_EDITS))
        key = phonetic(word)
        if len(key) < SOUND_MIN:
            return out
        sound_budget = max(0, budget - 1) if len(key) < 8 else budget
        for length in range(max(1, len(key) - sound_budget), len(key) + sound_budget + 1):
            keys = self._sounds_by_length.get(length)
            if not keys:
                continue
            for other, distance, _ in process.extract(
                key, keys, scorer=OSA.distance, score_cutoff=sound_budget, limit=MAX_EXPANSIONS
            ):
                quality = SOUND_ALIKE if distance == 0 else ONE_EDIT
                out.extend(Variant(term, quality) for term in self._by_sound[other])
        return out

    def docs_with(self, term: str) -> array[int]:
        """Packed postings (talk << MASK_BITS | mask), sorted by talk."""
        return self.postings.get(term) or array("I")

    def mask_of(self, term: str, number: int) -> int:
        """Field mask of a term in one talk (0 if absent), by bisection."""
        found = self.postings.get(term)
        if not found:
            return 0
        low = number << MASK_BITS
        at = bisect.bisect_left(found, low)
        if at < len(found) and found[at] >> MASK_BITS == number:
            return int(found[at]) & MASK
        return 0
