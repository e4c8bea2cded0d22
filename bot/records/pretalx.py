"""pretalx schedule exports (`schedule.json`, frab-compatible): the conference program.

The program is the authority on a talk's title, its speakers' full names, its abstract and
when and where it ran; every event becomes a record, which merging (bot.records.merge) puts
together with the notes and recordings of the same talk.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.records.ids import talk_id
from bot.records.links import classify, default_label, normalise_url
from bot.records.markdown_notes import split_event
from bot.records.models import (
    Conference,
    FileResult,
    Link,
    LinkKind,
    Problem,
    Severity,
    Source,
    SourceKind,
    Talk,
    TalkKind,
    TalkSource,
)
from bot.records.summary import summarise

_CODE_IN_URL = re.compile(r"/talk/([A-Za-z0-9]+)/?$")
_DURATION = re.compile(r"^(\d+):(\d{2})(?::\d{2})?$")
# Submission types are free text in any language and casing; these words name the format.
_KIND_WORDS: tuple[tuple[TalkKind, re.Pattern[str]], ...] = (
    (TalkKind.LIGHTNING, re.compile(r"lightning|blitz|\bflash\b|rel[aá]mpago|éclair")),
    (TalkKind.KEYNOTE, re.compile(r"keynote|opening talk|closing talk|plenary|plenar")),
    (TalkKind.PANEL, re.compile(r"panel|podium|round ?table|fishbowl")),
    (TalkKind.WORKSHOP, re.compile(r"workshop|tutorial|hands[- ]on|atelier|taller|werkstatt")),
)


def detect(data: object) -> bool:
    """A schedule export: `schedule.conference.days` is where every event sits."""
    if not isinstance(data, dict):
        return False
    schedule = data.get("schedule")
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    return isinstance(conference, dict) and isinstance(conference.get("days"), list)


def kind_from_type(submission_type: str) -> TalkKind:
    """'LightningTalk 15min' → lightning, 'Workshop 60 Min' → workshop; unknown types are talks."""
    lowered = submission_type.casefold()
    for kind, pattern in _KIND_WORDS:
        if pattern.search(lowered):
            return kind
    return TalkKind.TALK


def load(data: dict[str, Any], path: Path) -> FileResult:
    """Every event of every day and room as a talk record."""
    file = str(path)
    conference = data["schedule"]["conference"]
    name, named_year = split_event(_text(conference.get("title")) or path.stem)
    first_day = _day_of(conference.get("start"))
    year = first_day.year if first_day is not None else named_year
    result = FileResult()
    base_url = _text(data["schedule"].get("base_url")) or _text(conference.get("url")) or None
    result.conferences.append(
        Conference(name=name, year=year, url=base_url, source=Source(file=file, line=1))
    )
    seen_ids: set[str] = set()
    for position, day in enumerate(conference["days"], start=1):
        if not isinstance(day, dict):
            continue
        index = day.get("index")
        day_no = index if isinstance(index, int) and index > 0 else position
        rooms = day.get("rooms")
        if not isinstance(rooms, dict):
            continue
        for room_name, events in rooms.items():
            for event in events if isinstance(events, list) else []:
                if not isinstance(event, dict):
                    continue
                talk = _talk(event, file, name, year, day_no, str(room_name))
                if talk is None:
                    result.problems.append(
                        Problem(
                            file=file,
                            line=1,
                            severity=Severity.WARNING,
                            message=f"pretalx event without a title skipped (day {day_no})",
                        )
                    )
                    continue
                if talk.id in seen_ids:
                    # Two events of one title ('Lightning talks' each day): the code tells apart.
                    suffix = (talk.code or str(len(seen_ids))).lower()
                    talk = talk.model_copy(update={"id": f"{talk.id}-{suffix}"})
                seen_ids.add(talk.id)
                result.talks.append(talk)
    if not result.talks:
        result.problems.append(
            Problem(
                file=file, line=1, severity=Severity.ERROR, message="pretalx schedule has no events"
            )
        )
    return result


def _talk(
    event: dict[str, Any], file: str, conference: str, year: int | None, day: int, room: str
) -> Talk | None:
    title = _text(event.get("title")).strip()
    if not title:
        return None
    url = _text(event.get("url")).strip()
    code = _text(event.get("code")).strip()
    if not code:
        found = _CODE_IN_URL.search(url)
        code = found.group(1) if found else ""
    speakers = []
    for person in event.get("persons") or []:
        if isinstance(person, dict):
            who = _text(person.get("name")) or _text(person.get("public_name"))
            if who.strip():
                speakers.append(who.strip())
    abstract_parts = [
        part.strip()
        for part in (_text(event.get("abstract")), _text(event.get("description")))
        if part.strip()
    ]
    abstract = "\n\n".join(dict.fromkeys(abstract_parts))
    subtitle = _text(event.get("subtitle")).strip()
    return Talk(
        id=talk_id(conference, year, title),
        conference=conference,
        year=year,
        day=day,
        kind=kind_from_type(_text(event.get("type"))),
        title=title,
        speakers=speakers,
        links=_links(event, url, speakers),
        abstract=abstract,
        tagline=subtitle,
        summary=summarise(abstract, ""),
        source=Source(file=file, line=1),
        sources=[TalkSource(kind=SourceKind.PRETALX, file=file, line=1)],
        start=_datetime(event.get("date")),
        duration_minutes=_duration(event.get("duration")),
        room=_text(event.get("room")).strip() or room,
        language=_text(event.get("language")).strip(),
        code=code,
    )


def _links(event: dict[str, Any], url: str, speakers: list[str]) -> list[Link]:
    links: list[Link] = []
    seen: set[str] = set()
    page = normalise_url(url) if url else None
    if page is not None:
        links.append(Link(url=page[0], label="Talk page", kind=LinkKind.TALK_PAGE))
        seen.add(page[0])
    for ref in [*(event.get("links") or []), *(event.get("attachments") or [])]:
        if not isinstance(ref, dict):
            continue
        norm = normalise_url(_text(ref.get("url")))
        if norm is None or norm[0] in seen:
            continue
        seen.add(norm[0])
        label = _text(ref.get("title")).strip()
        links.append(
            Link(
                url=norm[0],
                label=label or default_label(norm[0]),
                kind=classify(norm[0], label, speakers),
            )
        )
    return links


def _duration(value: object) -> int | None:
    """'00:30' → 30, '1:30' → 90 (hours:minutes, any number of hours; seconds ignored)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value > 0 else None
    found = _DURATION.match(_text(value).strip())
    if not found:
        return None
    return int(found.group(1)) * 60 + int(found.group(2)) or None


def _datetime(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(_text(value)) if value else None
    except ValueError:
        return None


def _day_of(value: object) -> date | None:
    try:
        return date.fromisoformat(_text(value)[:10]) if value else None
    except ValueError:
        return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
