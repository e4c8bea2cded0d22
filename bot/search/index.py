"""The inverted index: which talks hold which term, and in which of their fields.

Postings live in SQLite's FTS5 (standard library, written in C), which only splits and
lowercases. Everything that makes a query meet the notes (accents, apostrophes, stems,
typos) happens once per distinct token, in the vocabulary kept beside it, which maps each
search term to the tokens written for it. The index answers two questions: which terms a
query word may stand for (`expand`), and which talks hold some terms in a field
(`talks_with`); the ranking (`bot.search.engine`) is built on those alone.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import itertools
import json
import logging
import math
import os
import shutil
import sqlite3
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.records.cache import code_digest
from bot.records.models import Talk
from bot.search.text import edit_budget, phonetic, split_camel, token_terms, tokens

# Where a word was found, strongest evidence first: title or speakers, abstract, notes.
HEADLINE, ABSTRACT, NOTES = range(3)
FIELDS = (HEADLINE, ABSTRACT, NOTES)
FIELD_WEIGHTS: tuple[float, ...] = (1.0, 0.7, 0.45)
# Speakers alone, for the `speaker:` filter (not ranked: part of HEADLINE for that).
PEOPLE = 3
_COLUMNS = ("{title people}", "abstract", "notes", "people")
# FTS5 splits on anything but letters, digits and apostrophes (kept so "O'Connell" stays
# one token, read as 'oconnell' by the vocabulary).
_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '''\u2019'"

EXACT = 1.0
PREFIX = 0.8
SOUND_ALIKE = 0.9
ONE_EDIT = 0.85
MORE_EDITS = 0.7
# A word the notes hold exactly also stands for longer words it starts (5+ letters: 'java'
# must not become 'javascript'; 4 letters, among speakers' names only); an unknown word may
# be a cut-off name ('sara' for 'sarah').
PREFIX_MIN = 5
PREFIX_MIN_UNKNOWN = 4
MAX_EXPANSIONS = 8
EXPANSION_CACHE = 4096
# Talk lists kept from query to query, counted in talk numbers: people repeat the common
# words ('python', 'data'), whose lists are the long ones to fetch. Bounded so memory
# stays flat whatever is asked.
LIST_CACHE = 2_000_000
# FTS5 writes its pending terms out as a segment whenever this many bytes are held; a
# larger buffer means fewer segments to merge while building, and the same index.
PENDING_BYTES = 16 << 20
# Sound-alike keys shorter than this collide too easily ('knitt' and 'knight' both sound 'knit').
SOUND_MIN = 6

TalkNumbers = npt.NDArray[np.int64]
# Written into a stored index: one written by another layout or tokenizer is rebuilt.
# The vocabulary is made by this module and bot.search.text: their code is in the format.
STORE_FORMAT = "5 " + code_digest(Path(__file__).parent)
DIGEST_BYTES = 32

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Vocabulary:
    """What the index holds, by search term (`bot.search.text`): the tokens written for
    it (kept as one string: empty when the one token is the term itself, as for most,
    else the tokens tab-separated), how many talks hold it, its sound-alike key (terms of
    SOUND_MIN - 1 letters or more) and, for terms of speakers' names and handles, how many
    talks name a speaker so."""

    written: dict[str, str]
    df: dict[str, int]
    sounds: dict[str, str]
    names: dict[str, int]

    def tokens(self, term: str) -> list[str]:
        written = self.written.get(term)
        if written is None:
            return []
        return written.split("\t") if written else [term]

    def columns(self) -> tuple[str, str, str, str, str]:
        """Five newline-separated columns, a line a term, as they are stored: terms,
        talks, sound keys, talks naming a speaker so (or nothing), tokens. Terms and
        tokens are runs of letters, digits and apostrophes: no tab or newline in them."""
        terms = list(self.written)
        return (
            "\n".join(terms),
            _lines(str(self.df[t]) for t in terms),
            _lines(self.sounds.get(t, "") for t in terms),
            _lines(str(self.names.get(t, "")) for t in terms),
            _lines(self.written[t] for t in terms),
        )

    @classmethod
    def from_columns(cls, columns: Sequence[str]) -> Vocabulary:
        terms, counts, sounds, names, written = (c.split("\n") if c else [] for c in columns)
        if not len(terms) == len(counts) == len(sounds) == len(names) == len(written):
            raise ValueError("the vocabulary's columns differ in length")
        return cls(
            written=dict(zip(terms, written, strict=True)),
            df=dict(zip(terms, map(int, counts), strict=True)),
            sounds={t: key for t, key in zip(terms, sounds, strict=True) if key},
            names={t: int(n) for t, n in zip(terms, names, strict=True) if n},
        )


def _lines(values: Iterable[str]) -> str:
    """`"\\n".join(values)`, joined a block at a time: a list of every line's string (a
    number written out for each of a hundred thousand terms) is never held at once."""
    found = iter(values)
    blocks: list[str] = []
    while block := list(itertools.islice(found, 4096)):
        blocks.append("\n".join(block))
    return "\n".join(blocks)


@dataclass(frozen=True)
class Variant:
    """An indexed term standing in for a query word, and how much to trust the stand-in;
    `people_only`: it stands in only where it names a speaker (see `_expand`)."""

    term: str
    quality: float
    people_only: bool = False


def talk_fields(talk: Talk) -> tuple[str, str, str, str]:
    """The text of each column a talk is searched by: title, people, abstract, notes.

    camelCase words of the title and names get their parts added ('JessicaGarson' also
    reads 'Jessica Garson'), so a part alone finds them.
    """
    people = " ".join([*talk.speakers, *talk.handles])
    links = " ".join(
        link.url if link.label.rstrip("/") in link.url else f"{link.label} {link.url}"
        for link in talk.links
    )
    # Where and what kind: weak evidence, so 'lightning talk about quarto' counts 'lightning'.
    # The summary is left out: it is made from the abstract and notes, already indexed.
    where = f"{talk.conference_label} {talk.kind.value}"
    return (
        _with_camel_parts(talk.title),
        _with_camel_parts(people),
        f"{talk.abstract}\n{talk.tagline}\n{where}",
        f"{talk.notes}\n{links}",
    )


def _with_camel_parts(text: str) -> str:
    parts = [
        part
        for word in tokens(text)
        if not word[1:].islower()
        for part in split_camel(word)
        if part != word
    ]
    return f"{text} {' '.join(parts)}" if parts else text


class TermIndex:
    """Built once per library; read-only afterwards, so one instance serves every query.

    FTS5 rows are numbered by `rowid`; a talk's number is its position in `talks`. An index
    built from scratch gives each talk its number as its rowid; one updated from the index
    of the library before (`previous`) keeps the rows of talks both libraries hold and maps
    rowids to talk numbers (`_numbers`), so that what `talks_with` returns is the same.
    """

    def __init__(
        self,
        talks: Sequence[Talk],
        store: Path | None = None,
        *,
        previous: TermIndex | None = None,
    ) -> None:
        """Index `talks`; with `store`, the index kept in that file is used when it holds
        exactly as many talks and was written by this version, else it is rebuilt and
        saved there. The caller names the file by the talks' content (`bot.records.cache`).
        With `previous` (the index of the library these talks replace), only the rows of
        talks it does not hold are written, and the index is saved only by `save`."""
        self.size = len(talks)
        self._talks = list(talks)
        self._lock = threading.Lock()  # the Slack app may ask from several threads
        self._rowids: list[int] | None = None  # each talk's rowid; None: its number
        opened = _open_stored(store, self.size) if store is not None else None
        changed: _Changed | None = None
        if opened is not None:
            self._db, vocabulary, self._rowids = opened
        elif previous is not None:
            self._db, vocabulary, self._rowids, changed = previous._updated(self._talks)
        else:
            self._db = _build(talks)
            vocabulary = self._read_vocabulary()
        # The database is closed once this index is freed. A `sqlite3.Connection` is in a
        # reference cycle of its own (its statement cache refers back to it), so only the
        # cyclic collector would free it, and after `gc.freeze()` (`talkbot serve`, after
        # each load) never: every reload would keep the replaced index's whole database.
        # Nothing else holds the connection, so nothing can use it once this is gone.
        weakref.finalize(self, self._db.close)
        self._numbers = _numbers_of(self._rowids)
        self._vocabulary = vocabulary
        self._written = vocabulary.written
        self._df = vocabulary.df
        self._names = vocabulary.names
        if previous is not None and changed is not None:
            self._derive_from(previous, changed)
        else:
            self._derive()
        self._expanded: dict[tuple[str, int | None], list[Variant]] = {}
        self._lists: OrderedDict[tuple[tuple[str, ...], int], TalkNumbers] = OrderedDict()
        self._cached = 0  # talk numbers held in `_lists`
        if store is not None and opened is None and previous is None:
            self.save(store)

    def _derive(self) -> None:
        """The lookups the vocabulary is searched by. Every list is sorted, so that they are
        the same however the vocabulary was made (near-miss search keeps the first of
        equally near terms)."""
        self.vocabulary = sorted(self._written)
        self._sorted_names = sorted(self._names)
        # Near-miss search looks only at terms of about the same length starting with the
        # query's first or second letter: the typos people make (the first letter is
        # rarely wrong; swapped first letters are covered).
        self._by_shape: dict[tuple[int, str], list[str]] = {}
        for term in self.vocabulary:
            self._by_shape.setdefault(_shape(term), []).append(term)
        self._by_sound: dict[str, list[str]] = {}
        for term in self.vocabulary:
            key = self._vocabulary.sounds.get(term)
            if key is not None:
                self._by_sound.setdefault(key, []).append(term)
        self._sounds_by_shape: dict[tuple[int, str], list[str]] = {}
        for key in sorted(self._by_sound):
            self._sounds_by_shape.setdefault(_shape(key), []).append(key)

    def _derive_from(self, previous: TermIndex, changed: _Changed) -> None:
        """`_derive`, from the lookups of `previous` and the terms that came and went:
        unchanged lists are shared with it (none is changed in place)."""
        sounds = self._vocabulary.sounds
        self.vocabulary = _edited(previous.vocabulary, changed.added, changed.removed)
        self._sorted_names = _edited(
            previous._sorted_names, changed.names_added, changed.names_removed
        )
        self._by_shape = dict(previous._by_shape)
        for shape, (added, removed) in _by_key(changed, _shape).items():
            _replace(self._by_shape, shape, _edited(self._by_shape.get(shape, []), added, removed))
        self._by_sound = dict(previous._by_sound)
        old_sounds = previous._vocabulary.sounds
        sound_added = {t for t in changed.added if t in sounds}
        sound_removed = {t for t in changed.removed if t in old_sounds}
        keys: dict[str, tuple[set[str], set[str]]] = {}
        for term in sound_added:
            keys.setdefault(sounds[term], (set(), set()))[0].add(term)
        for term in sound_removed:
            keys.setdefault(old_sounds[term], (set(), set()))[1].add(term)
        came: set[str] = set()
        went: set[str] = set()
        for key, (added, removed) in keys.items():
            had = key in self._by_sound
            _replace(self._by_sound, key, _edited(self._by_sound.get(key, []), added, removed))
            now = key in self._by_sound
            if now and not had:
                came.add(key)
            elif had and not now:
                went.add(key)
        self._sounds_by_shape = dict(previous._sounds_by_shape)
        for shape, (added, removed) in _by_key(_Changed(came, went), _shape).items():
            current = self._sounds_by_shape.get(shape, [])
            _replace(self._sounds_by_shape, shape, _edited(current, added, removed))

    def _read_vocabulary(self) -> Vocabulary:
        """Each search term, the tokens written for it, how many talks hold it, and its
        sound-alike key."""
        self._db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(talk, 'row')")
        tokens_of: dict[str, list[str]] = {}
        df: dict[str, int] = {}
        for token, count in self._db.execute("SELECT term, doc FROM vocab"):
            for term in token_terms(token):
                found = tokens_of.get(term)
                if found is None:
                    tokens_of[term] = [token]
                    df[term] = count
                else:  # rare: 'Python's' and 'pythons' are both written 'python'
                    found.append(token)
                    df[term] = min(self.size, df[term] + count)
        written = {t: "" if found == [t] else "\t".join(found) for t, found in tokens_of.items()}
        sounds = {term: phonetic(term) for term in written if len(term) >= SOUND_MIN - 1}
        self._db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS vocab_columns USING fts5vocab(talk, 'col')"
        )
        rows = self._db.execute("SELECT term, doc FROM vocab_columns WHERE col = 'people'")
        names: dict[str, int] = {}
        for token, count in rows:
            for term in token_terms(token):
                names[term] = min(self.size, names.get(term, 0) + count)
        return Vocabulary(written, df, sounds, names)

    def _updated(
        self, talks: list[Talk]
    ) -> tuple[sqlite3.Connection, Vocabulary, list[int], _Changed]:
        """A copy of this index holding `talks`: rows of talks it does not hold (by object,
        else by indexed text) are deleted, the new talks' rows added, and the vocabulary
        read again for the tokens of those rows only. This index is left as it was."""
        # Copied page by page into the new connection: serialising would hold the whole
        # index once more, as bytes, beside both copies while the new one is made.
        db = sqlite3.connect(":memory:", check_same_thread=False)
        with self._lock:
            self._db.backup(db)
        old_rowids = self._rowids or list(range(self.size))
        by_object: dict[int, list[int]] = {}
        for talk, rowid in zip(self._talks, old_rowids, strict=True):
            by_object.setdefault(id(talk), []).append(rowid)
        rowids = [-1] * len(talks)
        fresh: list[int] = []
        for number, talk in enumerate(talks):
            held = by_object.get(id(talk))
            if held:
                rowids[number] = held.pop()
            else:
                fresh.append(number)
        gone = {rowid for held in by_object.values() for rowid in held}
        gone_fields: dict[tuple[str, str, str, str], list[int]] = {}
        for talk, rowid in zip(self._talks, old_rowids, strict=True):
            if rowid in gone:
                gone_fields.setdefault(talk_fields(talk), []).append(rowid)
        added: list[tuple[int, tuple[str, str, str, str]]] = []
        next_rowid = max(old_rowids, default=-1) + 1
        for number in fresh:
            fields = talk_fields(talks[number])
            same = gone_fields.get(fields)
            if same:
                rowids[number] = same.pop()  # an equal talk: its row serves as it is
                continue
            rowids[number] = next_rowid
            added.append((next_rowid, fields))
            next_rowid += 1
        deleted = [(rowid, fields) for fields, left in gone_fields.items() for rowid in left]
        with db:
            db.executemany(
                "INSERT INTO talk(talk, rowid, title, people, abstract, notes) "
                "VALUES ('delete', ?, ?, ?, ?, ?)",
                ((rowid, *fields) for rowid, fields in deleted),
            )
            db.executemany(
                "INSERT INTO talk(rowid, title, people, abstract, notes) VALUES (?, ?, ?, ?, ?)",
                ((rowid, *fields) for rowid, fields in added),
            )
        touched = _tokens_of([fields for _, fields in deleted + added])
        vocabulary, changed = self._vocabulary_after(db, touched, len(talks))
        return db, vocabulary, rowids, changed

    def _vocabulary_after(
        self, db: sqlite3.Connection, touched: set[str], size: int
    ) -> tuple[Vocabulary, _Changed]:
        """This index's vocabulary with the counts of `touched` tokens read again from `db`
        (the index of `size` talks), as `_read_vocabulary` of `db` would make it."""
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(talk, 'row')")
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS vocab_columns USING fts5vocab(talk, 'col')")
        old = self._vocabulary
        affected = {term for token in touched for term in token_terms(token)}
        if size != self.size:
            # Counts are capped at the library's size: a term at the cap is counted again.
            cap = min(size, self.size)
            affected |= {t for t, n in old.df.items() if n >= cap}
            affected |= {t for t, n in old.names.items() if n >= cap}
        written = dict(old.written)
        df = dict(old.df)
        sounds = dict(old.sounds)
        names = dict(old.names)
        counts: dict[str, tuple[int, int]] = {}

        def count(token: str) -> tuple[int, int]:
            found = counts.get(token)
            if found is None:
                row = db.execute("SELECT doc FROM vocab WHERE term = ?", (token,)).fetchone()
                people = db.execute(
                    "SELECT doc FROM vocab_columns WHERE term = ? AND col = 'people'", (token,)
                ).fetchone()
                found = counts[token] = (row[0] if row else 0, people[0] if people else 0)
            return found

        by_term: dict[str, set[str]] = {term: set(old.tokens(term)) for term in affected}
        for token in touched:
            for term in token_terms(token):
                by_term[term].add(token)
        changed = _Changed(set(), set(), set(), set())
        for term, candidates in by_term.items():
            held = sorted(t for t in candidates if count(t)[0])
            had = term in written
            if not held:
                for table in (written, df, sounds, names):
                    table.pop(term, None)
                if had:
                    changed.removed.add(term)
                if term in old.names:
                    changed.names_removed.add(term)
                continue
            written[term] = "" if held == [term] else "\t".join(held)
            df[term] = min(size, sum(count(t)[0] for t in held))
            if len(term) >= SOUND_MIN - 1:
                sounds[term] = phonetic(term)
            people = min(size, sum(count(t)[1] for t in held))
            if people:
                names[term] = people
                if term not in old.names:
                    changed.names_added.add(term)
            else:
                names.pop(term, None)
                if term in old.names:
                    changed.names_removed.add(term)
            if not had:
                changed.added.add(term)
        return Vocabulary(written, df, sounds, names), changed

    def save(self, store: Path) -> None:
        """Keep this index in `store` for the next start (see `_save`)."""
        with self._lock:
            _save(self._db, store, self._vocabulary, self._rowids)

    def has(self, term: str) -> bool:
        return term in self._written

    def df(self, term: str) -> int:
        """Talks holding the term (an upper bound when it is written several ways)."""
        return self._df.get(term, 0)

    def idf(self, df: int) -> float:
        """Rarity weight; an unknown word weighs as much as a word found in half a talk."""
        return math.log((self.size + 1) / (df + 0.5))

    # -- vocabulary -----------------------------------------------------------------------

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
            elif len(word) >= PREFIX_MIN_UNKNOWN:
                # A short name stands for the longer names it starts ('stan' for 'stanley'),
                # as speakers' names only: 'java' still never means 'javascript'.
                found.extend(Variant(t, PREFIX, people_only=True) for t in self._names_from(word))
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

    def _names_from(self, word: str) -> list[str]:
        """Speakers' names that `word` starts, the commonest first (at most MAX_EXPANSIONS):
        'stan' stands for 'stanley' before 'stanchev'."""
        names = self._sorted_names
        start = end = bisect.bisect_left(names, word)
        while end < len(names) and names[end].startswith(word):
            end += 1
        longer = [name for name in names[start:end] if name != word]
        longer.sort(key=lambda name: (-self._names[name], name))
        return longer[:MAX_EXPANSIONS]

    def _prefixed(self, word: str, exclude: str) -> list[str]:
        return _starting(self.vocabulary, word, exclude)

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
                quality = (
                    SOUND_ALIKE if distance == 0 else ONE_EDIT if distance <= 1 else MORE_EDITS
                )
                out.extend(Variant(term, quality) for term in self._by_sound[other])
        return out

    # -- postings -------------------------------------------------------------------------

    def talks_with(self, terms: Sequence[str], field: int) -> TalkNumbers:
        """Talk numbers holding any of the terms in a field, ascending (cached, read-only)."""
        key = (tuple(terms), field)
        with self._lock:
            found = self._lists.get(key)
            if found is not None:
                self._lists.move_to_end(key)
                return found
        found = self._query(terms, _COLUMNS[field])
        found.flags.writeable = False
        with self._lock:
            self._lists[key] = found
            self._cached += found.size
            while self._cached > LIST_CACHE and len(self._lists) > 1:
                _, dropped = self._lists.popitem(last=False)
                self._cached -= dropped.size
        return found

    def _query(self, terms: Sequence[str], column: str) -> TalkNumbers:
        written = [token for term in terms for token in self._vocabulary.tokens(term)]
        if not written:
            return np.zeros(0, dtype=np.int64)
        quoted = " OR ".join('"' + token.replace('"', '""') + '"' for token in written)
        # One JSON array built and parsed in C, rather than a Python row per talk.
        with self._lock:
            (joined,) = self._db.execute(
                "SELECT '[' || group_concat(rowid) || ']' FROM talk WHERE talk MATCH ?",
                (f"{column}: ({quoted})",),
            ).fetchone()
        rowids: list[int] = json.loads(joined) if joined else []
        if self._numbers is None:
            return np.array(rowids, dtype=np.int64)
        numbers = self._numbers[np.array(rowids, dtype=np.int64)]
        numbers.sort()
        return numbers


def _starting(terms: list[str], word: str, exclude: str) -> list[str]:
    """The first MAX_EXPANSIONS of sorted `terms` that start with `word`, but `exclude`."""
    start = bisect.bisect_left(terms, word)
    out: list[str] = []
    for term in terms[start : start + MAX_EXPANSIONS + 1]:
        if not term.startswith(word):
            break
        if term != exclude:
            out.append(term)
    return out


def _build(talks: Sequence[Talk]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute(
        "CREATE VIRTUAL TABLE talk USING fts5(title, people, abstract, notes, "
        f"tokenize=\"{_TOKENIZER}\", detail=column, content='')"
    )
    # An older SQLite without the setting builds the same index.
    with contextlib.suppress(sqlite3.OperationalError):
        db.execute("INSERT INTO talk(talk, rank) VALUES ('hashsize', ?)", (PENDING_BYTES,))
    with db:
        db.executemany(
            "INSERT INTO talk(rowid, title, people, abstract, notes) VALUES (?, ?, ?, ?, ?)",
            ((number, *talk_fields(talk)) for number, talk in enumerate(talks)),
        )
    return db


def _save(
    db: sqlite3.Connection, store: Path, vocabulary: Vocabulary, rowids: list[int] | None
) -> None:
    """Write the index, its vocabulary, the talks' rowids and a digest of all to `store`,
    and remove the indexes of other libraries beside it. A failure is logged: the index in
    memory serves all the same."""
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        # One partial file per process: worker processes may each save the same index.
        partial = store.with_name(f"{store.name}.{os.getpid()}.partial")
        # The index is copied page by page into a file, its vocabulary and rowids are
        # written there (the index in use is never changed by saving it), and the file is
        # hashed and copied behind its digest a block at a time: `db.serialize()` would
        # hold the index twice more in memory (SQLite's copy and the bytes made of it).
        image = partial.with_name(f"{partial.name}-image")
        image.unlink(missing_ok=True)
        target = sqlite3.connect(image)
        try:
            target.execute("PRAGMA journal_mode = OFF")  # a new file: nothing to roll back
            db.backup(target)
            target.execute("DROP TABLE IF EXISTS stored")  # held by an index read from a file
            target.execute(
                "CREATE TABLE stored (format TEXT, size INTEGER, terms TEXT, df TEXT, "
                "sounds TEXT, names TEXT, written TEXT, rowids TEXT)"
            )
            size = target.execute("SELECT count(*) FROM talk_docsize").fetchone()[0]
            numbered = "" if rowids is None else "\n".join(map(str, rowids))
            with target:
                target.execute(
                    "INSERT INTO stored VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (STORE_FORMAT, size, *vocabulary.columns(), numbered),
                )
        finally:
            target.close()
        with image.open("rb") as source, partial.open("wb") as handle:
            handle.write(hashlib.file_digest(source, _new_digest).digest())
            source.seek(0)
            shutil.copyfileobj(source, handle)
        image.unlink()
        partial.replace(store)  # a reader sees the whole file or none
        for other in store.parent.glob("index-*.sqlite3"):
            if other != store:
                other.unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:
        log.warning("search index not kept in %s (%s): it is rebuilt at each start", store, exc)


def _open_stored(
    store: Path, size: int
) -> tuple[sqlite3.Connection, Vocabulary, list[int] | None] | None:
    """The index kept in `store`; None when it is missing, damaged (its digest differs),
    written by another version or of another size: then it is rebuilt, never trusted."""
    try:
        raw = store.read_bytes()
    except OSError:
        return None
    data = raw[DIGEST_BYTES:]
    if raw[:DIGEST_BYTES] != _digest(data):
        log.warning("stored search index %s is damaged: rebuilding it", store)
        return None
    try:
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.deserialize(data)
        row = db.execute("SELECT * FROM stored").fetchone()
        if row is None or row[0] != STORE_FORMAT or row[1] != size:
            return None
        rowids = [int(n) for n in row[7].split("\n")] if row[7] else None
        if rowids is not None and len(rowids) != size:
            raise ValueError("the stored rowids are not one a talk")
        return db, Vocabulary.from_columns(row[2:7]), rowids
    except (sqlite3.Error, ValueError, TypeError) as exc:
        log.warning("stored search index %s unusable (%s): rebuilding it", store, exc)
        return None


@dataclass(frozen=True)
class _Changed:
    """Terms an updated index holds that the one before did not, and the other way round;
    the same of speakers' names."""

    added: set[str]
    removed: set[str]
    names_added: set[str] = field(default_factory=set)
    names_removed: set[str] = field(default_factory=set)


def _numbers_of(rowids: list[int] | None) -> TalkNumbers | None:
    """Talk number by rowid (-1 for none), or None when each talk's rowid is its number."""
    if rowids is None:
        return None
    numbers = np.full(max(rowids, default=-1) + 1, -1, dtype=np.int64)
    numbers[np.array(rowids, dtype=np.int64)] = np.arange(len(rowids), dtype=np.int64)
    return numbers


def _tokens_of(rows: Sequence[tuple[str, str, str, str]]) -> set[str]:
    """The tokens FTS5 writes for these rows' fields (the index's own tokenizer)."""
    if not rows:
        return set()
    db = sqlite3.connect(":memory:")
    try:
        db.execute(
            "CREATE VIRTUAL TABLE scratch USING fts5(title, people, abstract, notes, "
            f"tokenize=\"{_TOKENIZER}\", detail=none, content='')"
        )
        db.executemany("INSERT INTO scratch VALUES (?, ?, ?, ?)", rows)
        db.execute("CREATE VIRTUAL TABLE words USING fts5vocab(scratch, 'row')")
        return {token for (token,) in db.execute("SELECT term FROM words")}
    finally:
        db.close()


def _shape(term: str) -> tuple[int, str]:
    """The bucket near-miss search looks for a term in: its length and first letter."""
    return (len(term), term[0])


def _edited(terms: list[str], added: set[str], removed: set[str]) -> list[str]:
    """A sorted list with `added` put in and `removed` taken out; `terms` is not changed."""
    if not added and not removed:
        return terms
    out = [t for t in terms if t not in removed] if removed else list(terms)
    for term in sorted(added):
        bisect.insort(out, term)
    return out


def _by_key(
    changed: _Changed, key: Callable[[str], tuple[int, str]]
) -> dict[tuple[int, str], tuple[set[str], set[str]]]:
    """The added and removed terms of `changed`, by their `key`."""
    out: dict[tuple[int, str], tuple[set[str], set[str]]] = {}
    for term in changed.added:
        out.setdefault(key(term), (set(), set()))[0].add(term)
    for term in changed.removed:
        out.setdefault(key(term), (set(), set()))[1].add(term)
    return out


def _replace(table: dict[Any, list[str]], key: Any, terms: list[str]) -> None:
    """Set a lookup's list, or drop its key when the list is empty."""
    if terms:
        table[key] = terms
    else:
        table.pop(key, None)


def _digest(data: bytes) -> bytes:
    digest = _new_digest()
    digest.update(data)
    return digest.digest()


def _new_digest() -> hashlib.blake2b:
    """The digest a stored index is checked by, to be fed its bytes (`_digest`, or a file a
    block at a time)."""
    return hashlib.blake2b(digest_size=DIGEST_BYTES)


def _buckets(shapes: dict[tuple[int, str], list[str]], word: str, budget: int) -> list[list[str]]:
    firsts = dict.fromkeys(word[:2])
    return [
        shapes[(length, first)]
        for length in range(max(1, len(word) - budget), len(word) + budget + 1)
        for first in firsts
        if (length, first) in shapes
    ]
