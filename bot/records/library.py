"""The loaded data directory: every talk record, and every problem found while loading."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.records.markdown_notes import parse_notes
from bot.records.models import Conference, Problem, Severity, Talk

log = logging.getLogger(__name__)

DEFAULT_DATA_DIR = "data"
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def data_dir_from_env() -> Path:
    return Path(os.environ.get("TALKBOT_DATA_DIR") or DEFAULT_DATA_DIR)


@dataclass
class Library:
    talks: list[Talk] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def by_id(self) -> dict[str, Talk]:
        return {talk.id: talk for talk in self.talks}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def load_library(data_dir: Path | str, *, log_errors: bool = True) -> Library:
    """Load every `*.md` under `data_dir`; a bad file is reported and skipped, never fatal.

    Two talks with the same id would make shared messages and the digest history ambiguous,
    so the second one is refused with an error that names both places.
    """
    root = Path(data_dir)
    library = Library()
    if not root.is_dir():
        library.problems.append(
            Problem(
                file=str(root),
                line=0,
                severity=Severity.ERROR,
                message="data directory not found: set TALKBOT_DATA_DIR to a folder of notes",
            )
        )
        return library
    seen: dict[str, Talk] = {}
    for path in sorted(root.rglob("*.md")):
        if not path.is_file() or _is_readme(path, root):
            continue
        result = load_file(path, fallback_event=_event_name(path, root))
        library.problems.extend(result.problems)
        library.conferences.extend(result.conferences)
        for talk in result.talks:
            first = seen.get(talk.id)
            if first is not None:
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
            seen[talk.id] = talk
            library.talks.append(talk)
    for problem in library.problems if log_errors else []:
        if problem.severity is Severity.ERROR:
            log.warning("%s", problem)
    return library


@dataclass
class FileResult:
    talks: list[Talk] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


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
    if not parsed.talks:
        parsed.problems.append(
            _error(name, "no talks found: give each talk a '## Title' heading (see README)")
        )
    return FileResult(talks=parsed.talks, conferences=parsed.conferences, problems=parsed.problems)


def _error(file: str, message: str) -> Problem:
    return Problem(file=file, line=0, severity=Severity.ERROR, message=message)


def _event_name(path: Path, root: Path) -> str:
    """The conference of notes that do not name it: a file or folder name with a year in it,
    else the folder of a file per talk, else the file."""
    folder = path.parent.name if path.parent != root else ""
    for candidate in (path.stem, folder):
        if _YEAR.search(candidate):
            return candidate
    return folder or path.stem


def _is_readme(path: Path, root: Path) -> bool:
    """A README beside the data explains it; it is not notes."""
    del root
    return path.stem.lower() == "readme"
