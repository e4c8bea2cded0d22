"""Read results kept on disk, so a restart with unchanged data reads and merges nothing.

One SQLite file in the cache folder (beside the state; see `bot.live`) holds:

- `files`: each source file's content digest, with the (mtime, size) it was read at: a file
  whose stat is unchanged is not read again just to hash it (as git does).
- `results`: a file's `FileResult` by (path, content digest, digest of the pyvideo category
  file it depends on): after an edit only the changed file is read again.
- `library`: the merged `Library` by the digest of every file's key: a restart with
  unchanged data skips reading and merging altogether.

Every entry is stored with FORMAT, which includes a digest of the models' JSON schema: an
entry written by another version of Talkbot, or one that does not decode and validate, is
a miss (rebuilt and replaced), never trusted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from bot.records.models import Conference, FileResult, Problem, Talk, share_fields_sets
from bot.records.pyvideo import CATEGORY_FILE

log = logging.getLogger(__name__)

CACHE_FILE = "talkbot-cache.sqlite3"
# Talks per stored part of a library. Writing or reading a part holds its JSON (about half
# a megabyte here, for pyvideo's records) beside the whole library: the smaller the part,
# the lower the peak, and a part is one more row to read.
LIBRARY_PART = 250
Mark = tuple[int, int]  # a file's (mtime in ns, size): unchanged, its digest is too


class StoredLibrary(BaseModel):
    """A merged library as the cache keeps it (`bot.records.library.Library`'s fields)."""

    talks: list[Talk] = Field(default_factory=list)
    conferences: list[Conference] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    aliases: dict[str, str] = Field(default_factory=dict)


_RESULT = TypeAdapter(FileResult)


def _format() -> str:
    """The models' schemas and the code that reads and merges sources (this package): a
    change to either makes every stored entry a miss."""
    schemas = [StoredLibrary.model_json_schema(), _RESULT.json_schema()]
    digest = hashlib.blake2b(json.dumps(schemas, sort_keys=True).encode(), digest_size=8)
    digest.update(code_digest(Path(__file__).parent).encode())
    return f"3-{digest.hexdigest()}"


def code_digest(package: Path) -> str:
    """A digest of a package's Python source, the folders below it included."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


FORMAT = _format()


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class ReadCache:
    """The cache file of one data directory. Every failure to read or write it is logged
    and answered as a miss: loading then works as if there were no cache."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_FILE
        self._db: sqlite3.Connection | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False)
            db.executescript(
                "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime INTEGER, "
                "size INTEGER, digest TEXT);"
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, format TEXT, "
                "payload BLOB);"
                "CREATE TABLE IF NOT EXISTS library (key TEXT, format TEXT, part INTEGER, "
                "payload BLOB, PRIMARY KEY (key, part));"
            )
            self._db = db
        except (OSError, sqlite3.Error) as exc:
            log.warning("cache %s unusable (%s): loading without it", self.path, exc)

    def index_path(self, key: str) -> Path:
        """Where the search index of the library stored under `key` is kept."""
        return self.path.parent / f"index-{key}.sqlite3"

    # -- keys ----------------------------------------------------------------------------

    def keys(self, names: Sequence[str], marks: Mapping[str, Mark] | None = None) -> list[str]:
        """Each file's cache key, in the order given: its path, its content digest, and
        the digest of the category file a pyvideo recording takes its conference from.
        `marks`: each file's (mtime, size) when the caller has just read them."""
        digests = self._digests(names, marks or {})
        categories: dict[str, str] = {}
        keys: list[str] = []
        for name in names:
            category = _category_of(name)
            depends = ""
            if category is not None:
                if category not in categories:
                    found = digests.get(category)
                    if found is None and os.path.isfile(category):
                        found = self._digests([category], {}).get(category)
                    categories[category] = found or ""
                depends = categories[category]
            keys.append(f"{name}\0{digests.get(name, '')}\0{depends}")
        return keys

    def _digests(self, names: Sequence[str], marks: Mapping[str, Mark]) -> dict[str, str]:
        known: dict[str, tuple[int, int, str]] = {}
        if self._db is not None:
            with self._guard():
                rows = self._db.execute("SELECT path, mtime, size, digest FROM files")
                known = {p: (m, s, d) for p, m, s, d in rows}
        out: dict[str, str] = {}
        fresh: list[tuple[str, int, int, str]] = []
        for name in names:
            try:
                mark = marks.get(name)
                if mark is None:
                    stat = os.stat(name)
                    mark = (stat.st_mtime_ns, stat.st_size)
                seen = known.get(name)
                if seen is not None and seen[:2] == mark:
                    out[name] = seen[2]
                    continue
                with open(name, "rb") as handle:
                    digest = content_digest(handle.read())
            except OSError:
                continue  # the loader reports an unreadable file; it has no key
            out[name] = digest
            fresh.append((name, *mark, digest))
        if fresh and self._db is not None:
            with self._guard(), self._db:
                self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", fresh)
        return out

    # -- entries -------------------------------------------------------------------------

    def results(
        self, keys: Iterable[str], share: Callable[[FileResult], FileResult] | None = None
    ) -> dict[str, FileResult]:
        """The stored results of those keys that have a valid one, each passed through
        `share` as it is decoded (read a row at a time: the payloads are never all held)."""
        found: dict[str, FileResult] = {}
        if self._db is None:
            return found
        wanted = set(keys)
        with self._guard():
            for key, stored_format, payload in self._db.execute(
                "SELECT key, format, payload FROM results"
            ):
                if key not in wanted or stored_format != FORMAT:
                    continue
                try:
                    result = _RESULT.validate_json(payload)
                except ValidationError:
                    log.warning("cache entry for %s is damaged: reading the file again", key)
                    continue
                share_fields_sets([*result.talks, *result.conferences, *result.problems])
                found[key] = share(result) if share is not None else result
        return found

    def store_results(self, results: Mapping[str, FileResult], keep: Iterable[str]) -> None:
        """Write new results; drop entries of keys no longer in use."""
        if self._db is None:
            return
        # Encoded one at a time as SQLite takes them: a cold start's results, all encoded
        # at once, would be tens of megabytes on top of the records themselves.
        rows = ((key, FORMAT, _RESULT.dump_json(result)) for key, result in results.items())
        with self._guard(), self._db:
            self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", rows)
            alive = set(keep)
            stale = [(k,) for (k,) in self._db.execute("SELECT key FROM results") if k not in alive]
            self._db.executemany("DELETE FROM results WHERE key = ?", stale)

    def library(self, key: str) -> StoredLibrary | None:
        """The library stored under `key`, read a part at a time: decoding is where a
        start's memory peaks, and a part's working set is a few megabytes."""
        if self._db is None:
            return None
        library = StoredLibrary()
        parts = 0
        with self._guard():
            rows = self._db.execute(
                "SELECT format, payload FROM library WHERE key = ? ORDER BY part", (key,)
            )
            for stored_format, payload in rows:
                if stored_format != FORMAT:
                    return None
                try:
                    part = StoredLibrary.model_validate_json(payload)
                except ValidationError:
                    log.warning("cached library is damaged: loading the files again")
                    return None
                # Decoded records hold every field: one set of their names for all of them.
                share_fields_sets([*part.talks, *part.conferences, *part.problems])
                library.talks.extend(part.talks)
                library.conferences.extend(part.conferences)
                library.problems.extend(part.problems)
                library.aliases.update(part.aliases)
                parts += 1
        return library if parts else None

    def store_library(self, key: str, library: StoredLibrary) -> None:
        """Replace the stored library: its talks in parts of LIBRARY_PART, everything else
        in the first."""
        if self._db is None:
            return
        talks = library.talks
        starts = range(0, max(1, len(talks)), LIBRARY_PART)
        rows = (
            (
                key,
                FORMAT,
                number,
                StoredLibrary(
                    talks=talks[start : start + LIBRARY_PART],
                    conferences=library.conferences if number == 0 else [],
                    problems=library.problems if number == 0 else [],
                    aliases=library.aliases if number == 0 else {},
                ).model_dump_json(),
            )
            for number, start in enumerate(starts)
        )
        with self._guard(), self._db:
            self._db.execute("DELETE FROM library")
            self._db.executemany("INSERT INTO library VALUES (?, ?, ?, ?)", rows)

    def _guard(self) -> _Guard:
        return _Guard(self)

    def disable(self, exc: BaseException) -> None:
        log.warning("cache %s failed (%s): going on without it", self.path, exc)
        if self._db is not None:
            self._db.close()
        self._db = None


class _Guard:
    """A cache failure (a full disk, a damaged file) turns the cache off, never the load."""

    def __init__(self, cache: ReadCache) -> None:
        self._cache = cache

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, trace: object) -> bool:
        if isinstance(exc, sqlite3.Error):
            self._cache.disable(exc)
            return True
        return False


def library_key(keys: Iterable[str]) -> str:
    """One digest over every file's key: equal only when every source is the same."""
    digest = hashlib.blake2b(digest_size=16)
    for key in sorted(keys):
        digest.update(key.encode("utf-8", "surrogateescape"))
        digest.update(b"\n")
    return digest.hexdigest()


def _category_of(name: str) -> str | None:
    """The category file a pyvideo recording at `name` would name its conference from
    (`bot.records.pyvideo.category_title`)."""
    folder, _, base = name.rpartition(os.sep)
    if not base.lower().endswith(".json") or base == CATEGORY_FILE:
        return None
    parent, _, last = folder.rpartition(os.sep)
    if last == "videos":
        folder = parent
    return f"{folder}{os.sep}{CATEGORY_FILE}" if folder else CATEGORY_FILE
