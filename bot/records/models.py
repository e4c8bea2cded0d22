"""The talk records every other part of Talkbot reads.

These models are the contract of `talkbot list --json`: field names and meanings change only
with care, because other tools read them.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class TalkKind(StrEnum):
    TALK = "talk"
    LIGHTNING = "lightning"
    PANEL = "panel"
    KEYNOTE = "keynote"


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
    WARNING = "warning"


class Source(BaseModel):
    """Where a record came from, so a person can open the notes at the right line."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int

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
