"""The loaded data directory: every talk record, and every problem found while loading."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.records import pretalx, pyvideo
from bot.records.cache import Mark, ReadCache, StoredLibrary, library_key
from bot.records.collector import collector_paused
from bot.records.ids import slugify, talk_id
from bot.records.markdown_notes import parse_notes
from bot.records.merge import merge
from bot.records.models import (
    Conference,
    FileResult,
    IndexEntry,
    Problem,
    Severity,
    SourceKind,
    Talk,
    TalkSource,
)
from bot.records.notes import vocabulary
from bot.records.parts import PartMerger

log = logging.getLogger(__name__)

# Beside the default state file (talkbot.sqlite3, see bot.storage), where the bot runs.
DEFAULT_CACHE_DIR = Path(".talkbot-cache")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DAY_FOLDER = re.compile(r"^(?:day[\s_-]*\d{1,2}|d\d)$", re.IGNORECASE)
NOTES_SUFFIXES = (".md", ".markdown")
# A JSON source larger than this is not a schedule or a recording's record.
MAX_JSON_BYTES = 64 * 1024 * 1024
_AUTHOR_FIELD = re.compile(
    r"^\s*(?:notes[ _-]?by|noted[ _-]?by|note[ _-]?taker|notetaker|taken[ _-]?by)\s*:\s*(\S.*)$",
    re.IGNORECASE,
)
_AUTHOR_LINE = re.compile(
    r"^[*_]*(?:notes|noted|taken)\s+by\s*:?\s*[*_]*([^\W\d][\w'’. -]{1,78}?)[*_]*\.?$",
    re.IGNORECASE,
)


def cache_dir_from_env(default: Path | None = None) -> Path | None:
    """Where read results and the search index are kept between starts: TALKBOT_CACHE_DIR,
    else `default` (the bot's: beside its state file), None for no cache."""
    found = os.environ.get("TALKBOT_CACHE_DIR")
    return Path(found) if found else default


@dataclass
class Library:
    talks: list[Talk] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Ids of merged sources → the id of the record they are now part of.
    aliases: dict[str, str] = field(default_factory=dict)
    # Where the search index of exactly these talks is kept on disk (loaded with a cache).
    index_path: Path | None = None

    def by_id(self) -> dict[str, Talk]:
        return {talk.id: talk for talk in self.talks}

    def resolve(self, talk_id: str) -> Talk | None:
        """The talk an id names, also through an alias: a shared message or digest history
        may hold the id a source had before it was merged with another."""
        index = self._index()
        return index.get(talk_id) or index.get(self.aliases.get(talk_id, ""))

    def canonical_id(self, talk_id: str) -> str:
        """The id of the record `talk_id` now belongs to (itself when it is not an alias)."""
        if talk_id in self._index():
            return talk_id
        return self.aliases.get(talk_id, talk_id)

    def _index(self) -> dict[str, Talk]:
        # Built once: a library is not changed after loading (live reload builds a new one).
        cached: dict[str, Talk] | None = self.__dict__.get("_by_id_cache")
        if cached is None or len(cached) != len(self.talks):
            cached = self.by_id()
            self.__dict__["_by_id_cache"] = cached
        return cached

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def source_files(root: Path) -> list[Path]:
    """Every file under the data directory that could be a source, in a stable order.

    Hidden files and folders (`.git`, editors' swap files) are not data; a README is read
    only as an index of the notes files it links (see `load_path`).
    """
    return [Path(name) for name in source_names(root)]


def source_names(root: Path) -> list[str]:
    """`source_files` as path strings, sorted: what the cache and live reload compare,
    tens of thousands of times a load, where Path objects would cost most of the time."""
    found: list[str] = []
    _walk(str(root), found)
    found.sort()
    return found


def _walk(folder: str, found: list[str]) -> None:
    """Regular files (or links to them) under `folder`, hidden ones and READMEs that are not
    Markdown left out;
    the directory entries say which is a file without a stat call each."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # an unreadable folder holds nothing we can load
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            _walk(entry.path, found)
        elif entry.is_file() and not (
            _is_readme(entry.name) and not entry.name.lower().endswith(NOTES_SUFFIXES)
        ):
            # A README.md is read, as an index of the notes files it links (`load_path`).
            found.append(entry.path)


def load_library(
    data_dir: Path | str, *, log_errors: bool = True, cache_dir: Path | None = None
) -> Library:
    """Load every source under `data_dir`, then merge what several say about one talk.

    A bad file is reported and skipped, never fatal. Two talks with the same id that were not
    merged would make shared messages and the digest history ambiguous, so the second one is
    refused with an error that names both places. With `cache_dir`, read results, the merged
    library and the search index are kept there (`bot.records.cache`).
    """
    root = Path(data_dir)
    if not root.is_dir():
        return Library(
            problems=[
                Problem(
                    file=str(root),
                    line=0,
                    severity=Severity.ERROR,
                    message="data directory not found: set TALKBOT_DATA_DIR to a folder of notes",
                )
            ]
        )
    names = source_names(root)
    with collector_paused():
        if cache_dir is None:
            library = build_library(load_results(root, [Path(n) for n in names]))
        else:
            library = cached_library(root, names, ReadCache(cache_dir))
    if log_errors:
        log_library_errors(library)
    return library


def load_results(root: Path, paths: Iterable[Path]) -> dict[str, FileResult]:
    """Each file's records and problems, by path; files no loader recognises are left out."""
    results: dict[str, FileResult] = {}
    for path in paths:
        result = load_path(path, root)
        if result is not None:
            results[str(path)] = result
    return results


def cached_library(
    root: Path, names: Sequence[str], cache: ReadCache, marks: Mapping[str, Mark] | None = None
) -> Library:
    """`build_library` of every file (`names`, from `source_names`), through the cache:
    the stored library when no file changed, else built from `cached_results` and stored.
    `marks`: see `ReadCache.keys`."""
    keys = cache.keys(names, marks)
    whole = library_key(keys)
    stored = cache.library(whole)
    if stored is not None:
        return Library(
            talks=stored.talks,
            conferences=stored.conferences,
            problems=stored.problems,
            aliases=stored.aliases,
            index_path=cache.index_path(whole),
        )
    library = build_library(cached_results(root, names, cache, keys))
    store_library(cache, whole, library)
    return library


def cached_results(
    root: Path,
    names: Sequence[str],
    cache: ReadCache,
    keys: Sequence[str],
    share: Callable[[FileResult], FileResult] | None = None,
) -> dict[str, FileResult]:
    """`load_results` through the cache (`keys` from `cache.keys(names)`): unchanged
    files' results from it, the others read and stored; entries of files gone dropped.
    `share`: applied to each result read from the cache as it is decoded."""
    known = cache.results(keys, share)
    results: dict[str, FileResult] = {}
    fresh: dict[str, FileResult] = {}
    for name, key in zip(names, keys, strict=True):
        result = known.get(key)
        if result is None:
            result = load_path(Path(name), root)
            if result is not None:
                fresh[key] = result
        if result is not None:
            results[name] = result
    cache.store_results(fresh, keys)
    return results


def store_library(cache: ReadCache, key: str, library: Library) -> None:
    """Keep a merged library for the next start, and say where its index goes."""
    library.index_path = cache.index_path(key)
    cache.store_library(
        key,
        StoredLibrary(
            talks=library.talks,
            conferences=library.conferences,
            problems=library.problems,
            aliases=library.aliases,
        ),
    )


def log_library_errors(library: Library) -> None:
    """A running bot has no `talkbot check` to show its errors: they go to the log."""
    for problem in library.problems:
        if problem.severity is Severity.ERROR:
            log.warning("%s", problem)


def build_library(results: Mapping[str, FileResult], parts: PartMerger | None = None) -> Library:
    """Merge the per-file results (in path order) into one library.

    Kept apart from reading so that live reload can re-merge after reloading only the files
    that changed; with `parts`, only the parts of the library that changed since its last
    call are merged again (`bot.records.parts`), giving the same talks.
    """
    library = Library()
    records: list[Talk] = []
    results = one_year_per_conference(apply_indexes(results))
    for name in sorted(results):
        result = results[name]
        library.problems.extend(result.problems)
        library.conferences.extend(result.conferences)
        records.extend(result.talks)
    merged = parts.merge(results) if parts is not None else merge(records)
    library.problems.extend(merged.problems)
    seen: dict[str, Talk] = {}
    for talk in merged.talks:
        first = seen.get(talk.id)
        if first is not None and talk.has_notes_source:
            library.problems.append(
                Problem(
                    file=talk.source.file,
                    line=talk.source.line,
                    severity=Severity.ERROR,
                    message=(
                        f"duplicate talk id {talk.id!r}: also at {first.source}; "
                        "rename one title or give it its own conference"
                    ),
                )
            )
            continue
        if first is not None:
            # A program or recording that was not merged with the notes of the same title,
            # or a second recording of one title in a category ('Lightning Talks' on two
            # days): merging said why; it stays a record of its own under a distinct id,
            # numbered in load order so that it is the same id at every load.
            kind = talk.sources[0].kind.value if talk.sources else "source"
            base = f"{talk.id}--{kind}"
            unique = base
            number = 1
            while unique in seen:
                number += 1
                unique = f"{base}-{number}"
            talk = talk.model_copy(update={"id": unique, "aliases": []})
        seen[talk.id] = talk
        library.talks.append(talk)
    library.aliases = {
        alias: target
        for alias, target in merged.aliases.items()
        if alias not in seen and target in seen
    }
    return library


def load_path(path: Path, root: Path) -> FileResult | None:
    """One file, by whichever loader recognises its content; None when it is not a source.

    Notes are Markdown files; pyvideo records and pretalx schedules are JSON, recognised by
    their content wherever they sit and whatever they are called.
    """
    if path.suffix.lower() in NOTES_SUFFIXES:
        result = load_file(path, fallback_event=event_name(path, root))
        if _is_readme(path.name):
            # A README explains the data; what it adds is the index of the files it links.
            return FileResult(index=result.index)
        return result
    name = str(path)
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            return None
        raw = path.read_bytes()
    except OSError as exc:
        if path.suffix.lower() != ".json":
            return None
        return FileResult(problems=[_error(name, f"cannot read file: {exc.strerror or exc}")])
    if not raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        if path.suffix.lower() != ".json":
            return None
        return FileResult(problems=[_error(name, f"not valid JSON: {_json_reason(exc)}")])
    if pretalx.detect(data):
        return pretalx.load(data, path)
    if pyvideo.detect(data):
        return pyvideo.load(data, path)
    if pyvideo.detect_category(data, path):
        return FileResult()  # names the conference of the recordings beside it
    if path.suffix.lower() == ".json":
        return FileResult(
            problems=[
                Problem(
                    file=name,
                    line=0,
                    severity=Severity.WARNING,
                    message="JSON that is neither a pyvideo record nor a pretalx schedule: skipped",
                )
            ]
        )
    return None


def _json_reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 (byte {exc.start})"
    return str(exc)


def load_file(path: Path, fallback_event: str = "") -> FileResult:
    """Read and parse one notes file; unreadable or talk-less files become one error."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return FileResult(problems=[_error(name, f"cannot read file: {exc.strerror or exc}")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return FileResult(
            problems=[
                _error(name, f"not UTF-8 (byte {exc.start}): save the file as UTF-8 and reload")
            ]
        )
    parsed = parse_notes(text, name, fallback_event)
    if not parsed.talks and parsed.index:
        pass  # an index of other files: their talks are theirs
    elif not parsed.talks and parsed.outline:
        # Headings, but none reads as a talk: a post that names no talk is not broken.
        parsed.problems.append(
            Problem(
                file=name,
                line=0,
                severity=Severity.WARNING,
                message=(
                    "no talks found: nothing here reads as a talk; "
                    f"`talkbot check --explain {name}` shows why"
                ),
            )
        )
    elif not parsed.talks:
        parsed.problems.append(
            _error(name, "no talks found: give each talk a '## Title' heading (see README)")
        )
    author = notes_author(text)
    talks = [
        talk.model_copy(
            update={
                "sources": [
                    TalkSource(
                        kind=SourceKind.NOTES,
                        file=talk.source.file,
                        line=talk.source.line,
                        author=author,
                        notes=talk.notes,
                    )
                ]
            }
        )
        for talk in parsed.talks
    ]
    return FileResult(
        talks=talks, conferences=parsed.conferences, problems=parsed.problems, index=parsed.index
    )


def apply_indexes(results: Mapping[str, FileResult]) -> dict[str, FileResult]:
    """A file's talk as an index names it: the index's line and the file are one talk.

    The index gives the fuller title (when it holds every word of the file's own), the kind
    its heading names ('Tutorials' → workshop) and the conference it is the index of. A file
    the index lists under a heading of no talks ('Other:', 'Vendors') gives none, and says so.
    """
    out = dict(results)
    for entry in (e for result in results.values() for e in result.index):
        target = _index_target(entry, out)
        if target is None:
            continue
        result = out[target]
        if vocabulary.no_talk_section(entry.section) or vocabulary.is_part_heading(entry.section):
            if result.talks:
                warning = Problem(
                    file=target,
                    line=0,
                    severity=Severity.WARNING,
                    message=(
                        f"not read as talks: {entry.file}:{entry.line} lists this file under "
                        f"{entry.section!r}; list it under a heading of talks to load it"
                    ),
                )
                out[target] = FileResult(problems=[*result.problems, warning], index=result.index)
            continue
        if len(result.talks) != 1:
            continue
        out[target] = FileResult(
            talks=[_as_indexed(result.talks[0], entry)],
            conferences=result.conferences,
            problems=result.problems,
            index=result.index,
        )
    return out


def one_year_per_conference(results: Mapping[str, FileResult]) -> dict[str, FileResult]:
    """Notes of one conference spread over files (a file per day or per talk) are one
    conference: where only some of the files say the year, and they all say the same one,
    the others' talks take it."""
    years: dict[str, set[int]] = {}
    for result in results.values():
        for talk in result.talks:
            if talk.year is not None and talk.sources and talk.sources[0].kind is SourceKind.NOTES:
                years.setdefault(talk.conference.casefold(), set()).add(talk.year)
    out = dict(results)
    for name, result in results.items():
        if not any(t.year is None for t in result.talks):
            continue
        talks = []
        for talk in result.talks:
            known = years.get(talk.conference.casefold(), set())
            if talk.year is None and len(known) == 1:
                year = next(iter(known))
                talk = talk.model_copy(
                    update={"year": year, "id": talk_id(talk.conference, year, talk.title)}
                )
            talks.append(talk)
        out[name] = FileResult(
            talks=talks,
            conferences=result.conferences,
            problems=result.problems,
            index=result.index,
        )
    return out


def _index_target(entry: IndexEntry, results: Mapping[str, FileResult]) -> str | None:
    """The loaded file an index entry links: a relative path, or a DocC `doc:Slug`."""
    folder = Path(entry.file).parent
    if entry.target.startswith("doc:"):
        slug = slugify(entry.target[4:])
        for name in results:
            if Path(name).is_relative_to(folder) and slugify(Path(name).stem) == slug:
                return name
        return None
    wanted = os.path.normpath(folder / entry.target.split("#")[0])
    for name in results:
        if os.path.normpath(name) == wanted:
            return name
    return None


def _as_indexed(talk: Talk, entry: IndexEntry) -> Talk:
    words_of = set(re.findall(r"\w+", talk.title.casefold()))
    index_words = set(re.findall(r"\w+", entry.title.casefold()))
    title = entry.title if words_of < index_words else talk.title
    _, kind = vocabulary.talk_section(entry.section)
    conference = entry.conference or talk.conference
    year = entry.year if entry.conference else talk.year
    update: dict[str, object] = {"title": title, "conference": conference, "year": year}
    if kind is not None and talk.kind is talk.kind.TALK:
        update["kind"] = kind
    update["id"] = talk_id(conference, year, title)
    return talk.model_copy(update=update)


def notes_author(text: str) -> str | None:
    """Who took these notes, when the file says: `notes by: Ana` (or `noted by`, `note taker`)
    in the front matter, or a `Notes by Ana Lima` line before the first talk heading.

    `author` is not read: in front matter it already means the speaker.
    """
    head = text.lstrip("\ufeff")[:4000]
    lines = head.split("\n")
    if lines and lines[0].strip() == "---":
        for line in lines[1:60]:
            if line.strip() in ("---", "..."):
                break
            found = _AUTHOR_FIELD.match(line)
            if found:
                return _clean_author(found.group(1))
    for line in lines[:40]:
        if line.startswith("##"):
            break
        found = _AUTHOR_LINE.match(line.strip())
        if found:
            return _clean_author(found.group(1))
    return None


def _clean_author(value: str) -> str | None:
    name = value.strip().strip("\"'*_").strip()
    return name[:80] or None


def _error(file: str, message: str) -> Problem:
    return Problem(file=file, line=0, severity=Severity.ERROR, message=message)


def event_name(path: Path, root: Path) -> str:
    """The conference of notes that do not name it: the file's or a folder's name with a year
    in it, else the nearest folder that is not a day (`PNWPHP/Day 2/talk.md` is PNWPHP's),
    else the file's."""
    folders = [p.name for p in path.parents if p != root and p.is_relative_to(root)]
    for candidate in (path.stem, *folders):
        if _YEAR.search(candidate):
            return candidate
    for folder in folders:
        if not _DAY_FOLDER.match(folder):
            return folder
    return path.stem


def _is_readme(name: str) -> bool:
    """A README beside the data explains it; it is not notes."""
    return os.path.splitext(name)[0].lower() == "readme"
