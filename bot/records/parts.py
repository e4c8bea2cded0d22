"""Merging a library a part at a time, so that a reload merges only the part that changed.

Merging (`bot.records.merge`) compares records only within these bounds: titles within one
conference and year (`conference_key`), pages by a talk page URL two records link, and a
URL two records of one origin carry is left off every record (`shared_urls`). So the files
fall into parts that no comparison crosses: files are joined when their records share a
conference key, or a talk page URL not shared that way. Merging each part on its own,
with the whole library's shared URLs, gives each part's records exactly as merging the
whole library does; they are then put in the library's order (each talk where its first
record is), and aliases are resolved over the whole.

One step looks across every conference: notes that name no conference the programs and
recordings know take the conference of the published talks they match. When the library
holds such notes beside published talks, it is one part.

A part whose files hold the same records as at the last merge, and carry the same shared
URLs, keeps its merged talks: after one file changed, only its part is merged again.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

from bot.records.merge import (
    Merged,
    carried_urls,
    conference_key,
    link_key,
    merge,
    normalise_page,
    origin,
    shared_urls,
)
from bot.records.models import FileResult, LinkKind, Problem, SourceKind, Talk

ConferenceKey = tuple[str, int | None]
_Held = TypeVar("_Held")


@dataclass(frozen=True, slots=True)
class _Features:
    """What of one file's records decides which part it is in (tuples: one is kept for
    every file of the library)."""

    keys: tuple[ConferenceKey, ...]
    notes_keys: tuple[ConferenceKey, ...]
    published_keys: tuple[ConferenceKey, ...]
    pages: tuple[tuple[str, str], ...]  # (page, link key) of each talk page link
    carriers: tuple[tuple[str, str], ...]  # (origin, link key) once per record carrying it

    @classmethod
    def of(cls, talks: list[Talk], pool: dict[object, object]) -> _Features:
        """`pool`: values already held, kept from file to file. Equal values are one object
        (a conference's key is in each of its recordings' features, a category's schedule
        URL is carried by each recording): these are kept for every file of the library,
        and would otherwise be a copy each. The features are the same either way."""

        def held(value: _Held) -> _Held:
            return cast(_Held, pool.setdefault(value, value))

        carriers: list[tuple[str, str]] = []
        for talk in talks:
            where = sys.intern(origin(talk))  # one string for a category's recordings
            carriers.extend(held((where, key)) for key in sorted(carried_urls(talk)))
        keys = [(held(conference_key(t)), _is_notes(t)) for t in talks]
        return cls(
            keys=held(tuple(dict.fromkeys(k for k, _ in keys))),
            notes_keys=held(tuple(dict.fromkeys(k for k, notes in keys if notes))),
            published_keys=held(tuple(dict.fromkeys(k for k, notes in keys if not notes))),
            pages=tuple(
                (normalise_page(lk.url), link_key(lk.url))
                for t in talks
                for lk in t.links
                if lk.kind is LinkKind.TALK_PAGE
            ),
            carriers=tuple(carriers),
        )


def _is_notes(talk: Talk) -> bool:
    return (talk.sources[0].kind if talk.sources else SourceKind.NOTES) is SourceKind.NOTES


@dataclass(frozen=True)
class _Part:
    """One part as last merged: its files' records and shared URLs, and the result."""

    records: tuple[list[Talk], ...]
    shared: frozenset[str]
    merged: Merged


@dataclass(frozen=True)
class _Layout:
    """The parts of the files with these features, and the URLs shared among them."""

    features: dict[str, _Features]
    shared: set[str]
    parts: list[tuple[str, ...]]


def _same_features(before: Mapping[str, _Features], now: Mapping[str, _Features]) -> bool:
    """Every file has what it had of what decides the parts (an edit of a title or of
    notes changes none of it)."""
    if before.keys() != now.keys():
        return False
    return all(now[n] is found or now[n] == found for n, found in before.items())


class PartMerger:
    """`merge` of a library's records, part by part, keeping each part's result for the
    next call. Not thread-safe: one reloader owns it."""

    def __init__(self) -> None:
        self._features: dict[str, tuple[list[Talk], _Features]] = {}
        # Every value the features hold, once (`_Features.of`); a value no file holds any
        # more stays until the merger is dropped: an edit adds a few.
        self._pool: dict[object, object] = {}
        self._parts: dict[tuple[str, ...], _Part] = {}
        self._layout: _Layout | None = None

    def merge(self, results: Mapping[str, FileResult]) -> Merged:
        """What `merge` of every file's talks, in path order, gives: the same talks in the
        same order and the same aliases; the same problems, in the order of the parts."""
        names = [n for n in sorted(results) if results[n].talks]
        features = {name: self._features_of(name, results[name].talks) for name in names}
        self._features = {n: (results[n].talks, features[n]) for n in names}
        layout = self._layout
        if layout is not None and _same_features(layout.features, features):
            shared, files_of_parts = layout.shared, layout.parts  # an edit that moved nothing
        else:
            carriers: Counter[tuple[str, str]] = Counter()
            for found in features.values():
                carriers.update(found.carriers)
            shared = shared_urls(carriers)
            files_of_parts = _parts(names, features, shared)
            self._layout = _Layout(features, shared, files_of_parts)
        starts: dict[str, int] = {}
        at = 0
        for name in names:
            starts[name] = at
            at += len(results[name].talks)
        placed: list[tuple[int, Talk]] = []
        problems: list[tuple[int, list[Problem]]] = []
        parts: dict[tuple[str, ...], _Part] = {}
        for files in files_of_parts:
            records = tuple(results[name].talks for name in files)
            carried = frozenset(
                key for n in files for _, key in features[n].carriers if key in shared
            )
            part = self._parts.get(files)
            if part is None or part.shared != carried or not _same(part.records, records):
                flat = [talk for talks in records for talk in talks]
                part = _Part(records, carried, merge(flat, set(shared)))
            parts[files] = part
            positions = [
                starts[name] + i for name in files for i in range(len(results[name].talks))
            ]
            placed.extend(
                (positions[first], talk)
                for first, talk in zip(part.merged.firsts, part.merged.talks, strict=True)
            )
            problems.append((positions[0], part.merged.problems))
        self._parts = parts
        placed.sort(key=lambda item: item[0])
        out = Merged(
            talks=[talk for _, talk in placed],
            problems=[p for _, found in sorted(problems, key=lambda i: i[0]) for p in found],
            firsts=[first for first, _ in placed],
        )
        for talk in out.talks:
            for alias in talk.aliases:
                out.aliases.setdefault(alias, talk.id)
        return out

    def adopt(self, served: Mapping[str, Talk]) -> None:
        """Hold each merged talk that equals a served one as that one (`shared_talks`),
        so that the next merge gives the served objects for the parts it does not redo."""
        for part in self._parts.values():
            part.merged.talks[:] = shared_talks(part.merged.talks, served)

    def _features_of(self, name: str, talks: list[Talk]) -> _Features:
        known = self._features.get(name)
        if known is not None and known[0] is talks:
            return known[1]
        return _Features.of(talks, self._pool)


def shared_talks(
    talks: Sequence[Talk], served: Mapping[str, Talk], pool: dict[object, object] | None = None
) -> list[Talk]:
    """`talks`, each that equals the served talk of its id replaced by that talk; each that
    differs from it holding the served talk's values of the fields they agree on, and of
    list fields the items they agree on (links, sources): one object for both, where a
    library and the next would otherwise each hold a copy. `pool`: items already held,
    kept from call to call (a category's recordings all link its schedule; every list
    field of a talk holds strings or frozen models, which hash)."""
    out: list[Talk] = []
    items = {} if pool is None else pool
    for talk in talks:
        same = served.get(talk.id)
        if same is None:
            out.append(talk)
        elif same is talk or same == talk:
            out.append(same)
        else:
            theirs = same.__dict__
            values = {k: _shared_value(v, theirs.get(k), items) for k, v in talk.__dict__.items()}
            # The values are a validated record's: nothing to validate again.
            out.append(Talk.model_construct(talk.model_fields_set, **values))
    return out


def _shared_value(ours: object, theirs: object, items: dict[object, object]) -> object:
    if ours == theirs:
        return theirs
    if not isinstance(ours, list):
        return ours
    if isinstance(theirs, list):
        for item in theirs:
            items.setdefault(item, item)
    return [items.setdefault(item, item) for item in ours]


def _same(before: tuple[list[Talk], ...], now: tuple[list[Talk], ...]) -> bool:
    if len(before) != len(now):
        return False
    return all(a is b or a == b for a, b in zip(before, now, strict=True))


def _parts(
    names: list[str], features: Mapping[str, _Features], shared: set[str]
) -> list[tuple[str, ...]]:
    """The files of each part, in path order; the parts in the order of their first file."""
    published = {key for f in features.values() for key in f.published_keys}
    if published and any(k not in published for f in features.values() for k in f.notes_keys):
        return [tuple(names)] if names else []  # notes that may take another's conference
    parent: dict[object, object] = {}

    def find(node: object) -> object:
        root = parent.setdefault(node, node)
        while root != parent[root]:
            root = parent[root]
        while node != root:
            parent[node], node = root, parent[node]
        return root

    first_of: dict[str, object] = {}
    for name in names:
        found = features[name]
        nodes: list[object] = [("conference", key) for key in found.keys]
        nodes.extend(("page", page) for page, key in found.pages if key not in shared)
        root = find(nodes[0])
        for node in nodes[1:]:
            other = find(node)
            if other != root:
                parent[other] = root
        first_of[name] = nodes[0]
    grouped: dict[object, list[str]] = {}
    for name in names:
        grouped.setdefault(find(first_of[name]), []).append(name)
    return [tuple(files) for files in grouped.values()]
