"""Keeping a running bot in step with its data directory.

A daemon thread looks at every file's (mtime, size) when the operating system says that
something under the directory changed (watchfiles: inotify, FSEvents, ReadDirectoryChanges)
and every FULL_LOOK_SECONDS anyway, reloads only the files that changed, merges again only
the part of the library they are in (`bot.records.parts`), updates a copy of the search
index in use with the talks that changed and then swaps one reference: a request in flight
keeps the snapshot it started with, the next one gets the new data, and none is dropped or
sees half an index. The new snapshot shares every unchanged talk with the old one, which is
freed once no request holds it; the cache on disk is written after the swap.

Looking at tens of thousands of files costs a tenth of a second of CPU each time, so the
thread looks when told to; the look every FULL_LOOK_SECONDS covers file systems that tell
nothing (network mounts, some container volumes), and where changes cannot be watched at all
(the system's limit on watches reached) it looks every `interval` instead, as the log says.

A file that now fails to load keeps its last good records, with one log line saying why, so
a half-saved edit never empties the bot.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles

from bot.records.cache import Mark, ReadCache, library_key
from bot.records.collector import collector_paused
from bot.records.library import (
    Library,
    build_library,
    cached_library,
    cached_results,
    load_library,
    load_path,
    load_results,
    log_library_errors,
    source_names,
    store_library,
)
from bot.records.models import FileResult, Talk
from bot.records.parts import PartMerger, shared_talks
from bot.records.pyvideo import CATEGORY_FILE
from bot.search.engine import SearchEngine

log = logging.getLogger(__name__)

# How long after a change the bot has reloaded it (changes arriving meanwhile join it); the
# interval between looks where changes cannot be watched.
POLL_SECONDS = 2.0
# The longest the bot goes without looking at the files, told of a change or not.
FULL_LOOK_SECONDS = 30.0
_Fingerprint = Mark


@dataclass(frozen=True)
class Snapshot:
    """Everything a request reads, built together and never changed: talks, index, ids."""

    talks: tuple[Talk, ...]
    engine: SearchEngine
    by_id: Mapping[str, Talk] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        talks: Sequence[Talk],
        aliases: Mapping[str, str] | None = None,
        engine: SearchEngine | None = None,
        index_path: Path | None = None,
    ) -> Snapshot:
        talks = tuple(talks)
        by_id = {talk.id: talk for talk in talks}
        known = dict(aliases or {})
        for talk in talks:  # records carry their aliases too, e.g. when built without a Library
            for alias in talk.aliases:
                known.setdefault(alias, talk.id)
        return cls(
            talks=talks,
            engine=engine or SearchEngine(list(talks), index_path=index_path),
            by_id=by_id,
            aliases={a: t for a, t in known.items() if a not in by_id},
        )

    @classmethod
    def of_library(cls, library: Library, previous: Snapshot | None = None) -> Snapshot:
        """The snapshot of a library; with `previous`, its search index is updated from
        that snapshot's rather than built again (`SearchEngine`'s `previous`), and each
        talk equal to one of it is that one: unchanged talks are held once."""
        with collector_paused():
            talks = tuple(library.talks)
            if previous is not None:
                talks = tuple(shared_talks(talks, previous.by_id))
            engine = SearchEngine(
                list(talks),
                index_path=library.index_path,
                previous=previous.engine if previous is not None else None,
            )
            return cls.build(talks, library.aliases, engine=engine)

    def resolve(self, talk_id: str) -> Talk | None:
        """The talk an id names, also through the id of a source merged into it."""
        return self.by_id.get(talk_id) or self.by_id.get(self.aliases.get(talk_id, ""))


class LiveData:
    """Watches `root`; calls `publish` with a new snapshot after every change that loads."""

    def __init__(
        self,
        root: Path,
        publish: Callable[[Snapshot], None],
        *,
        interval: float = POLL_SECONDS,
        cache_dir: Path | None = None,
    ) -> None:
        self.root = root
        self.publish = publish
        self.interval = interval
        self._cache = ReadCache(cache_dir) if cache_dir is not None else None
        self._seen: dict[str, _Fingerprint] = {}  # by path, as `source_names` gives them
        # Every file's results; None until a reload needs them after a start that took
        # the whole library from the cache.
        self._results: dict[str, FileResult] | None = {}
        # What the last reload has to add to the cache: the results of the files it read
        # (by path) and the library.
        self._unwritten: tuple[dict[str, FileResult], Library] | None = None
        self._parts = PartMerger()
        self._prepared = False
        # The snapshot of the library last loaded: the next one updates its index.
        self._snapshot: Snapshot | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def reopen_cache(self) -> None:
        """In a forked worker: a connection of its own to the cache file, as an SQLite
        connection must not be used on both sides of a fork."""
        if self._cache is not None:
            self._cache = ReadCache(self._cache.path.parent)

    def load(self) -> Library:
        """The first full load (errors logged, as `load_library` does); later polls reload
        only what changed."""
        if not self.root.is_dir():
            return load_library(self.root)  # one error saying what to set
        self._seen = self._scan()
        with collector_paused():
            if self._cache is None:
                self._results = load_results(self.root, [Path(n) for n in self._seen])
                library = build_library(self._results)
            else:
                self._results = None
                library = cached_library(self.root, list(self._seen), self._cache, self._seen)
        log_library_errors(library)
        return library

    def snapshot_of(self, library: Library) -> Snapshot:
        """The snapshot to serve `library` from (the one `load` or `poll` gave), its index
        updated from the last one's."""
        snapshot = Snapshot.of_library(library, previous=self._snapshot)
        self._snapshot = snapshot
        self._parts.adopt(snapshot.by_id)
        return snapshot

    def poll(self) -> Library | None:
        """Reload changed, added and removed files; the new library, or None if none changed."""
        library = self._reload_changed()
        if library is not None:
            self._write_cache(None)
        return library

    def _reload_changed(self) -> Library | None:
        now = self._scan()
        changed = {p for p, mark in now.items() if self._seen.get(p) != mark}
        removed = set(self._seen) - set(now)
        # A category file names the conference of every recording below it.
        for name in changed | removed:
            folder, base = os.path.split(name)
            if base == CATEGORY_FILE:
                changed |= {p for p in now if p.startswith(folder + os.sep)}
        if not changed and not removed:
            return None
        started = time.perf_counter()
        results = self._all_results()
        for name in removed:
            results.pop(name, None)
        for name in sorted(changed):
            self._reload(name, results)
        self._seen = now
        library = build_library(results, self._parts)
        if self._cache is not None:
            self._unwritten = ({n: results[n] for n in changed if n in results}, library)
        log.info(
            "data reloaded: %d file%s changed, %d removed, %d talks (%.2f s)",
            len(changed),
            "s" * (len(changed) != 1),
            len(removed),
            len(library.talks),
            time.perf_counter() - started,
        )
        return library

    def _write_cache(self, snapshot: Snapshot | None) -> None:
        """Keep the last reload's results, library and (with `snapshot`, the library's)
        search index for the next start; the library says where its index goes."""
        if self._cache is None or self._unwritten is None:
            return
        fresh, library = self._unwritten
        self._unwritten = None
        names = list(self._seen)
        keys = self._cache.keys(names, self._seen)
        key_of = dict(zip(names, keys, strict=True))
        self._cache.store_results({key_of[n]: r for n, r in fresh.items() if n in key_of}, keys)
        whole = library_key(keys)
        store_library(self._cache, whole, library)
        if snapshot is not None and library.index_path is not None:
            snapshot.engine.index.save(library.index_path)

    def prepare(self) -> None:
        """What the first reload needs, done ahead (the watcher does it as it starts):
        every file's results, and every part of the library merged once. Done once (a
        `talkbot serve` with workers does it before forking them)."""
        if self._prepared:
            return
        self._prepared = True
        results = self._all_results()
        build_library(results, self._parts)
        if self._snapshot is not None:
            self._parts.adopt(self._snapshot.by_id)
        # Every file's results are long-lived, as a snapshot is: out of the collector's
        # sight, as `talkbot serve` does with each snapshot, so that a full collection
        # during a reload or a request does not walk them all.
        gc.freeze()

    def _all_results(self) -> dict[str, FileResult]:
        """Every file's results as last seen: after a start from the cached library, read
        from the cache the first time they are needed. A record equal to a talk of the
        library being served is that talk: the two are one object, not two copies."""
        if self._results is None:
            results: dict[str, FileResult] = {}
            if self._cache is not None:
                old = list(self._seen)
                keys = self._cache.keys(old, self._seen)
                served = self._snapshot.by_id if self._snapshot is not None else {}
                pool: dict[object, object] = {}
                results = cached_results(
                    self.root, old, self._cache, keys, share=lambda r: _shared(r, served, pool)
                )
            self._results = results
        return self._results

    def poll_and_publish(self) -> bool:
        library = self._reload_changed()
        if library is None:
            return False
        # Built here, beside the snapshot in use, and only then swapped in whole; the cache
        # is written after, so that the new data is served first.
        snapshot = self.snapshot_of(library)
        self.publish(snapshot)
        self._write_cache(snapshot)
        return True

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="talkbot-live-data", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        try:
            self.prepare()  # so that the first edit waits for no decoding or merging
        except Exception:
            log.exception("reading the cached results of %s failed", self.root)
        for _ in self._moments_to_look():
            try:
                self.poll_and_publish()
            except Exception:
                # The bot keeps answering from the data it has; the next look tries again.
                log.exception("reloading %s failed; still serving the previous data", self.root)

    def _moments_to_look(self) -> Iterator[None]:
        """Yields when the files may have changed, until `stop`: when the system reports a
        change (grouped with those within `interval`) and every FULL_LOOK_SECONDS; every
        `interval` where changes cannot be watched."""
        try:
            for _ in watchfiles.watch(
                self.root,
                debounce=int(self.interval * 1000),
                step=min(50, int(self.interval * 1000)),
                stop_event=self._stop,
                rust_timeout=int(FULL_LOOK_SECONDS * 1000),
                yield_on_timeout=True,
                raise_interrupt=False,
                ignore_permission_denied=True,
            ):
                yield
        except (OSError, RuntimeError) as exc:
            if self._stop.is_set():
                return
            log.warning(
                "cannot watch %s for changes (%s): looking at every file every %g s instead",
                self.root,
                exc,
                self.interval,
            )
        while not self._stop.wait(self.interval):
            yield

    def _reload(self, key: str, results: dict[str, FileResult]) -> None:
        result = load_path(Path(key), self.root)
        if result is None:
            results.pop(key, None)
            return
        previous = results.get(key)
        if result.failed and previous is not None and previous.talks:
            reason = next((p.message for p in result.problems), "it does not load")
            log.warning(
                "%s: %s; keeping its last good %d talk%s",
                key,
                reason,
                len(previous.talks),
                "s" * (len(previous.talks) != 1),
            )
            results[key] = FileResult(
                talks=previous.talks,
                conferences=previous.conferences,
                problems=result.problems,
            )
            return
        results[key] = result

    def _scan(self) -> dict[str, _Fingerprint]:
        marks: dict[str, _Fingerprint] = {}
        if not self.root.is_dir():
            return marks
        for name in source_names(self.root):
            try:
                stat = os.stat(name)
            except OSError:
                continue  # removed between listing and looking: the next poll sees it gone
            marks[name] = (stat.st_mtime_ns, stat.st_size)
        return marks


def _shared(
    result: FileResult, served: Mapping[str, Talk], pool: dict[object, object]
) -> FileResult:
    """`result` with each record that equals a served talk replaced by it (`shared_talks`)."""
    return FileResult(
        talks=shared_talks(result.talks, served, pool),
        conferences=result.conferences,
        problems=result.problems,
        index=result.index,
    )
