"""The talk records every other part of Talkbot reads.

These models are the contract of `talkbot list --json`: field names and meanings change only
with care, because other tools read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field


class TalkKind(StrEnum):
    TALK = "talk"
    LIGHTNING = "lightning"
    PANEL = "panel"
    KEYNOTE = "keynote"
    WORKSHOP = "workshop"


class LinkKind(StrEnum):
    TALK_PAGE = "talk_page"
    SLIDES = "slides"
    CODE = "code"
    VIDEO = "video"
    SPEAKER = "speaker"
    SOCIAL = "social"
    IMAGE = "image"
    OTHER = "other"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"  # a person should look: a guess, a refused near miss, a broken link
    INFO = "info"  # what went right, for `check --verbose`: each merge made


class Source(BaseModel):
    """Where a record came from, so a person can open the notes at the right line."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class SourceKind(StrEnum):
    NOTES = "notes"
    PYVIDEO = "pyvideo"
    PRETALX = "pretalx"


class TalkSource(BaseModel):
    """One source a merged record was built from: a person's notes, a recording, the program.

    Notes sources keep their own text, so every person's notes survive a merge with who wrote
    them (when the file says) and where to find them.
    """

    model_config = ConfigDict(frozen=True)

    kind: SourceKind
    file: str
    line: int
    author: str | None = None
    notes: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Link(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str
    label: str
    kind: LinkKind = LinkKind.OTHER


class Conference(BaseModel):
    """A conference as the notes name it (name without the year, which is kept apart)."""

    name: str
    year: int | None = None
    url: str | None = None
    source: Source


class Talk(BaseModel):
    id: str = Field(description="Stable: derived from conference, year and title only.")
    conference: str
    year: int | None = None
    day: int | None = None
    kind: TalkKind = TalkKind.TALK
    title: str
    speakers: list[str] = Field(default_factory=list)
    handles: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    abstract: str = ""
    tagline: str = ""
    notes: str = ""
    summary: str = ""
    virtual: bool = False
    source: Source
    # Added with the pyvideo and pretalx sources; defaults keep older records valid.
    sources: list[TalkSource] = Field(default_factory=list)
    aliases: list[str] = Field(
        default_factory=list,
        description="Ids of merged sources other than `id`: old references still resolve.",
    )
    start: datetime | None = None
    duration_minutes: int | None = None
    room: str = ""
    language: str = ""
    code: str = ""

    @property
    def conference_label(self) -> str:
        """'PyCascades 2024': how a person names the event."""
        if self.year is not None and str(self.year) not in self.conference:
            return f"{self.conference} {self.year}"
        return self.conference

    @property
    def byline(self) -> str:
        """Who gave the talk: names, else the handles the notes give, else empty."""
        people = self.speakers or self.handles
        if len(people) <= 2:
            return " and ".join(people)
        return ", ".join(people[:-1]) + " and " + people[-1]

    @property
    def has_notes_source(self) -> bool:
        """False for a talk known only from the program or a recording: nobody noted it yet."""
        if not self.sources:
            return True  # a record from before sources were listed came from notes
        return any(s.kind is SourceKind.NOTES for s in self.sources)

    @property
    def note_authors(self) -> list[str]:
        """Who took the notes, where the files say so, in source order, without repeats."""
        seen: list[str] = []
        for s in self.sources:
            if s.kind is SourceKind.NOTES and s.author and s.author not in seen:
                seen.append(s.author)
        return seen

    @property
    def video(self) -> Link | None:
        """The recording, if any source knows where it is."""
        return next((lk for lk in self.links if lk.kind is LinkKind.VIDEO), None)


class Problem(BaseModel):
    """Something in the notes a person may want to fix; errors make `talkbot check` fail."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return f"{place}: {self.severity.value}: {self.message}"


@dataclass(frozen=True)
class IndexEntry:
    """A notes file's list item that links another notes file: the index's name for the talk
    in that file (`target`, a path), under which heading, and the event the index names."""

    file: str
    line: int
    target: str
    title: str
    section: str
    conference: str | None = None
    year: int | None = None


@dataclass
class FileResult:
    """What one source file gave: its talks (each naming this file as its one source), the
    conferences it names, and what was wrong with it."""

    talks: list[Talk] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    index: list[IndexEntry] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """An error and nothing loaded: the file as a whole could not be read."""
        return not self.talks and any(p.severity is Severity.ERROR for p in self.problems)


# Per model class: the one set of its field names that every instance with all its fields
# set holds, and the fields that may hold models (`share_fields_sets`).
_EVERY_FIELD: dict[type[BaseModel], tuple[set[str], tuple[str, ...]]] = {}


def share_fields_sets(models: Iterable[BaseModel]) -> None:
    """Give each model whose every field is set, and each such model in its fields (lists
    included), one set of its class's field names shared by all, in place of its own.

    Pydantic keeps with each instance the set of fields it was given (`model_fields_set`).
    A record decoded from the cache was given every field, so each holds a set of the same
    names: a talk's is a hash table of about 2 KB, more than its text, and a library's
    talks, links and sources held about 75 MB of them. Sharing one is safe because that set
    never changes: pydantic only ever adds to an instance's set the name of a field it
    assigns (already in it), copies the set before `model_copy` adds to it, and neither
    equality nor dumping (but with `exclude_unset`) reads it. A model missing a field
    keeps its own set, which may grow.
    """
    stack = list(models)
    while stack:
        model = stack.pop()
        known = _EVERY_FIELD.get(type(model))
        if known is None:
            known = _EVERY_FIELD.setdefault(type(model), _fields_of(type(model)))
        every, nested = known
        if model.__pydantic_fields_set__ == every:
            object.__setattr__(model, "__pydantic_fields_set__", every)
        for name in nested:
            value = model.__dict__.get(name)
            if isinstance(value, BaseModel):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, BaseModel))


def _fields_of(cls: type[BaseModel]) -> tuple[set[str], tuple[str, ...]]:
    """Every field name of `cls`, and those whose type names a model (`links: list[Link]`)."""
    nested = tuple(n for n, f in cls.model_fields.items() if _names_a_model(f.annotation))
    return set(cls.model_fields), nested


def _names_a_model(annotation: object) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_names_a_model(arg) for arg in get_args(annotation))
