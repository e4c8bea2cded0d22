"""pyvideo.org records: one JSON file per recording, in a category folder.

The layout is pyvideo/data's: `<category>/category.json` (the conference, as `title`) beside
`<category>/videos/*.json`, one recording each. A recording tells where the video is, the
speakers (sometimes shortened, 'Trent H'), and the abstract in reStructuredText or plain text;
merging (bot.records.merge) puts it beside the notes on the same talk.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from bot.records.ids import talk_id
from bot.records.kinds import kind_named_in
from bot.records.links import classify, default_label, normalise_url
from bot.records.markdown_notes import split_event
from bot.records.models import (
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

CATEGORY_FILE = "category.json"


def detect(data: object) -> bool:
    """A pyvideo recording: an object with a title and a list of videos (schema-required)."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("title"), str)
        and isinstance(data.get("videos"), list)
        and "recorded" in data
    )


def detect_category(data: object, path: Path) -> bool:
    """A category file names the conference and sits above a `videos/` folder of recordings."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("title"), str)
        and "videos" not in data
        and (path.parent / "videos").is_dir()
    )


# Each category file's title by its path, with the (mtime, size) it was read at: a
# category's hundreds of recordings are read one after another, and its file only changes
# with its own stat (as the read cache assumes of every file, bot.records.cache).
_CATEGORY_TITLES: dict[str, tuple[tuple[int, int], str | None]] = {}


def category_title(video_path: Path) -> str:
    """The conference of a recording: its category file's title, else the folder's name."""
    folder = video_path.parent.parent if video_path.parent.name == "videos" else video_path.parent
    title = _category_file_title(str(folder / CATEGORY_FILE))
    return title or folder.name


def _category_file_title(name: str) -> str | None:
    try:
        stat = os.stat(name)
    except OSError:
        return None
    mark = (stat.st_mtime_ns, stat.st_size)
    known = _CATEGORY_TITLES.get(name)
    if known is not None and known[0] == mark:
        return known[1]
    try:
        with open(name, encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    title = data.get("title") if isinstance(data, dict) else None
    found = title.strip() if isinstance(title, str) and title.strip() else None
    _CATEGORY_TITLES[name] = (mark, found)
    return found


def load(data: dict[str, Any], path: Path, conference_title: str | None = None) -> FileResult:
    """One recording as one talk record; a record that breaks the schema is one error."""
    file = str(path)
    title = _text(data.get("title")).strip()
    if not title:
        return FileResult(problems=[_error(file, "pyvideo record without a title")])
    event, event_year = split_event(conference_title or category_title(path))
    recorded = _date(data.get("recorded"))
    # The category names the conference and its year ('PyCon ES 2015'); a recording's date is
    # when it was filmed or, often enough, uploaded, so it gives the year only when the
    # category does not: two editions of one conference must never look like one.
    year = event_year if event_year is not None else (recorded.year if recorded else None)
    speakers = [s.strip() for s in _list(data.get("speakers")) if isinstance(s, str) and s.strip()]
    abstract = rst_to_text(_text(data.get("description")))
    links = _links(data, speakers)
    problems: list[Problem] = []
    if not any(lk.kind is LinkKind.VIDEO for lk in links):
        problems.append(
            Problem(
                file=file,
                line=1,
                severity=Severity.WARNING,
                message="pyvideo record with no usable video URL",
            )
        )
    talk = Talk(
        id=talk_id(event, year, title),
        conference=event,
        year=year,
        kind=_recording_kind(title),
        title=title,
        speakers=speakers,
        links=links,
        abstract=abstract,
        summary=summarise(abstract, ""),
        source=Source(file=file, line=1),
        sources=[TalkSource(kind=SourceKind.PYVIDEO, file=file, line=1)],
        language=_text(data.get("language")).strip(),
        duration_minutes=_minutes(data.get("duration")),
    )
    return FileResult(talks=[talk], problems=problems)


def _links(data: dict[str, Any], speakers: list[str]) -> list[Link]:
    """Every recording URL is a video; related URLs are classified by address and label.

    A related URL is never the video: pyvideo keeps the recording in `videos`, and what is
    related on YouTube is the conference's playlist, which must not become the Video button.
    """
    links: list[Link] = []
    seen: set[str] = set()

    def add(raw: object, label: str, kind: LinkKind | None) -> None:
        norm = normalise_url(raw) if isinstance(raw, str) else None
        if norm is None or norm[0] in seen:
            return
        url = norm[0]
        seen.add(url)
        found = kind or classify(url, label, speakers)
        if kind is None and found is LinkKind.VIDEO:
            found = LinkKind.OTHER
        links.append(Link(url=url, label=label or default_label(url), kind=found))

    for video in _list(data.get("videos")):
        if isinstance(video, dict):
            add(video.get("url"), "Video", LinkKind.VIDEO)
        elif isinstance(video, str):
            add(video, "Video", LinkKind.VIDEO)
    for related in _list(data.get("related_urls")):
        if isinstance(related, dict):
            add(related.get("url"), _text(related.get("label")).strip(), None)
        else:
            add(related, "", None)
    return links


# reStructuredText, reduced to what a person reads: no docutils, just the marks that show.
_RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")
_RST_DIRECTIVE = re.compile(r"^\.\.\s+[\w-]+::.*$")
_RST_COMMENT = re.compile(r"^\.\.(?:\s.*)?$")
_RST_TARGET = re.compile(r"^\.\.\s+_[^:]+:\s*\S*\s*$")
_RST_LINK = re.compile(r"`([^`<]+?)\s*<([^>]+)>`__?")
_RST_REF = re.compile(r"`([^`]+)`__?")
_RST_ROLE = re.compile(r":[\w-]+:`([^`]+)`")
_RST_LITERAL = re.compile(r"``([^`]+)``")
_RST_STRONG = re.compile(r"\*\*(?=\S)([^*]+?)(?<=\S)\*\*")
_RST_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_RST_BULLET = re.compile(r"^(\s*)[*+•]\s+")
_RST_BLANK_LINES = re.compile(r"\n{3,}")


def rst_to_text(text: str) -> str:
    """reStructuredText (or plain text, unchanged) as readable text.

    Heading underlines, directives and comments go; `label <url>`_ keeps its label and URL,
    ``literals`` and *emphasis* keep their words, a closing `::` becomes `:`.
    """
    out: list[str] = []
    # Each pattern runs only on a line holding the mark it needs: targets, directives and
    # comments start with '..', links, roles, literals and references need a backquote,
    # strong and emphasis a '*', a bullet one of its three marks.
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if _RST_UNDERLINE.match(line.strip()) and line.strip():
            continue
        if line.startswith("..") and (
            _RST_TARGET.match(line) or _RST_DIRECTIVE.match(line) or _RST_COMMENT.match(line)
        ):
            continue
        if line.endswith("::"):
            line = line[:-2].rstrip()
            line = line + ":" if line else ""
        if "`" in line:
            line = _RST_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", line)
            line = _RST_ROLE.sub(r"\1", line)
            line = _RST_LITERAL.sub(r"\1", line)
            line = _RST_REF.sub(r"\1", line)
        if "*" in line:
            line = _RST_STRONG.sub(r"\1", line)
            line = _RST_EMPHASIS.sub(r"\1", line)
        if "*" in line or "+" in line or "•" in line:
            line = _RST_BULLET.sub(r"\1- ", line)
        out.append(line)
    joined = "\n".join(out)
    return _RST_BLANK_LINES.sub("\n\n", joined).strip()


def _date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _minutes(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return max(1, round(value / 60))
    return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _error(file: str, message: str) -> Problem:
    return Problem(file=file, line=1, severity=Severity.ERROR, message=message)


def _recording_kind(title: str) -> TalkKind:
    """A recording says what it is only in its title ('Lightning Talks', 'Keynote: …')."""
    return kind_named_in(title) or TalkKind.TALK
