"""Markdown conference notes → talk records: `parse_notes`, the reader's one entry point.

The file is parsed once into blocks (outline.py); units.py decides which headings, list
items, table rows or links are talks; each talk's text is sorted into fields, quotes, links
and notes (talk_body.py); the conference is named from the front matter, the document's
title or the path (conference.py). The same talk written twice in one file (a summary list,
then full notes) is one record holding both parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

import yaml

from bot.records.ids import talk_id
from bot.records.kinds import kind_named_in
from bot.records.links import FoundLink
from bot.records.models import (
    Conference,
    IndexEntry,
    Link,
    LinkKind,
    Problem,
    Severity,
    Source,
    Talk,
    TalkKind,
)
from bot.records.names import parse_names
from bot.records.notes import conference as naming
from bot.records.notes import vocabulary as words
from bot.records.notes.bylines import Byline, clean_title
from bot.records.notes.outline import read_outline
from bot.records.notes.talk_body import FIELD_KEYS, BodyReader
from bot.records.notes.units import Context, Decider, Decision, Role, Unit, where_speaker_goes
from bot.records.summary import summarise

# No one types a line this long; a pasted blob (a data: URL, minified code) can be far longer,
# and some of the line patterns cost more than linear time on such text, so a line is read
# only up to here.
MAX_LINE_CHARS = 5_000
_FOLDER_DAY = re.compile(r"^day[\s_-]*(\d{1,2})$", re.IGNORECASE)


@dataclass
class ParsedNotes:
    talks: list[Talk] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # What the reader saw and decided, in file order (`talkbot check --explain`).
    outline: list[Decision] = field(default_factory=list)
    # Other notes files this one links as an index of talks.
    index: list[IndexEntry] = field(default_factory=list)


def parse_notes(text: str, file: str, fallback_event: str = "") -> ParsedNotes:
    """Every talk in one notes file, with the problems a person may want to fix.

    `fallback_event` names the conference when the notes do not (the folder or file name).
    """
    return _Reader(file).read(text, fallback_event)


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.result = ParsedNotes()

    def warn(self, line: int, message: str) -> None:
        self.result.problems.append(
            Problem(file=self.file, line=line, severity=Severity.WARNING, message=message)
        )

    def read(self, text: str, fallback_event: str) -> ParsedNotes:
        # Line breaks as CommonMark has them (a lone CR is one too), so that the parser's
        # line numbers and the lines kept here are the same lines.
        text = self._clip_long_lines(text.replace("\r\n", "\n").replace("\r", "\n"))
        outline = read_outline(text)
        meta = self._front_matter(outline.front_matter, outline.front_matter_end)
        event = meta.get("conference") or meta.get("event")
        context = Context(
            day=_meta_int(meta.get("day")) or _folder_day(self.file),
            kind=kind_named_in(str(meta.get("kind") or meta.get("type") or "")),
        )
        meta_speakers = _meta_list(meta.get("speakers") or meta.get("speaker"))
        decider = Decider(outline, self.file)
        meta_title = str(meta.get("title") or "").strip()
        one_talk = bool(meta_title) and (bool(meta_speakers) or _talk_fields(meta))
        if not one_talk:
            decider.decide(context)
            one_talk = (
                bool(meta_title) and not decider.units and not words.names_conference(meta_title)
            )
            if one_talk:
                decider = Decider(outline, self.file)
        if one_talk:
            self._one_talk_file(decider, meta, meta_title, context)
        self.result.outline = sorted(decider.decisions, key=lambda d: d.line)

        name, year, line, url = self._conference(
            event, meta, meta_title if not one_talk else "", decider, fallback_event, text
        )
        named = bool(event) or decider.document is not None or words.names_conference(meta_title)
        self.result.index = [
            IndexEntry(
                file=self.file,
                line=link.line,
                target=link.target,
                title=link.title,
                section=link.section,
                conference=name if named else None,
                year=year if named else None,
            )
            for link in decider.index
        ]
        talks = [self._talk(unit, name, year, meta_speakers) for unit in decider.units]
        self.result.talks = _merge_repeats(talks)
        self._warn_speakerless(self.result.talks, decider.units)
        if self.result.talks:
            self.result.conferences.append(
                Conference(name=name, year=year, url=url, source=Source(file=self.file, line=line))
            )
        return self.result

    # -- the file -------------------------------------------------------------------------
    def _clip_long_lines(self, text: str) -> str:
        if not any(len(line) > MAX_LINE_CHARS for line in text.split("\n")):
            return text
        lines = text.split("\n")
        for no, line in enumerate(lines, start=1):
            if len(line) > MAX_LINE_CHARS:
                self.warn(
                    no,
                    f"line of {len(line):,} characters: only the first "
                    f"{MAX_LINE_CHARS:,} were read",
                )
                lines[no - 1] = line[:MAX_LINE_CHARS]
        return "\n".join(lines)

    def _front_matter(self, source: str | None, end: int) -> dict[str, Any]:
        if source is None:
            return {}
        try:
            data = yaml.safe_load(source)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = 2 + (mark.line if mark is not None else 0)
            self.warn(at, "front matter is not valid YAML; its fields were ignored")
            return {}
        if not isinstance(data, dict):
            return {}
        del end
        return {str(k).lower(): v for k, v in data.items()}

    def _one_talk_file(
        self, decider: Decider, meta: dict[str, Any], title: str, context: Context
    ) -> None:
        """A file per talk that front matter names; an H1 repeating the title is not notes."""
        outline = decider.outline
        root = outline.root
        reader = BodyReader(self.file, outline.lines, outline.references)
        for key, value in meta.items():
            if key in FIELD_KEYS and key not in ("title",):
                reader.field(
                    FIELD_KEYS[key],
                    str(value) if not isinstance(value, list) else ", ".join(map(str, value)),
                    1,
                )
        line = 1
        reader.read_blocks(root.blocks, root.content_line, root.own_end)
        children = root.children
        if len(children) == 1 and children[0].level == 1:
            only = children[0]
            line = only.line
            reader.read_blocks(only.blocks, only.content_line, only.own_end)
            children = only.children
        for child in children:
            reader.read_part(child)
        byline = Byline(title=clean_title(title), full_title=clean_title(title))
        decider.units.append(
            Unit(line=line, byline=byline, reader=reader, context=context, evidence="front matter")
        )
        decider.mark_whole_file(line, title, "the front matter names the talk")

    def _conference(
        self,
        event: object,
        meta: dict[str, Any],
        meta_title: str,
        decider: Decider,
        fallback: str,
        text: str,
    ) -> tuple[str, int | None, int, str | None]:
        """(name, year, line it was read at, conference URL)."""
        line = 1
        url: str | None = None
        document = decider.document
        if event:
            name, year = naming.split_event(str(event))
        elif document is not None:
            heading = re.sub(r"[*_`]", "", document.title)
            name, year = naming.split_event(heading)
            line = document.line
            url = _first_url(decider, document)
        elif meta_title and words.names_conference(meta_title):
            name, year = naming.split_event(meta_title)
        else:
            from_path = naming.from_path_name(fallback) or fallback or _stem(self.file)
            name, year = naming.split_event(from_path)
        year = (
            _meta_int(meta.get("year"))
            or _meta_year(meta.get("date"))
            or year
            or naming.year_from_urls(text, name)
        )
        return naming.casing_in(name, text), year, line, url

    def _warn_speakerless(self, talks: list[Talk], units: list[Unit]) -> None:
        """After a talk noted twice is one record: only a record with no name anywhere."""
        by_line = {unit.line: unit for unit in units}
        for talk in talks:
            if talk.speakers:
                continue
            unit = by_line.get(talk.source.line)
            if talk.handles:
                self.warn(
                    talk.source.line,
                    f"talk {talk.title!r} names no speaker, only {', '.join(talk.handles)}",
                )
            elif unit is not None:
                self.warn(
                    talk.source.line,
                    f"talk {talk.title!r} has no speaker: " + where_speaker_goes(unit),
                )

    # -- one talk -------------------------------------------------------------------------
    def _talk(
        self, unit: Unit, conference: str, year: int | None, meta_speakers: list[str]
    ) -> Talk:
        reader = unit.reader
        body = reader.body
        byline = unit.byline
        self.result.problems.extend(body.problems)
        speakers = list(body.speakers)
        title = byline.full_title or byline.title
        if byline.speakers and (not speakers or set(byline.speakers) <= set(speakers)):
            # The heading's speaker, or the same one the line under it names again.
            title, speakers = byline.title, speakers or list(byline.speakers)
        if not speakers:
            speakers = list(meta_speakers)
        handles = list(body.handles)
        for handle in byline.handles:
            if handle.lower() not in (h.lower() for h in handles):
                handles.append(handle)
        kind = (
            body.kind
            or byline.kind
            or _kind_from_title(title)
            or unit.context.kind
            or TalkKind.TALK
        )
        if byline.url:
            body.found.insert(
                0,
                (
                    FoundLink(byline.url, "Talk page", False, False, 0, 0),
                    "Talk page",
                    LinkKind.TALK_PAGE,
                ),
            )
        links: list[Link] = reader.links(speakers)
        abstract, tagline, leftover = reader.quotes()
        notes = reader.notes(leftover)
        # 'Keynote' by one person and 'Keynote' by another are two talks: a title that only
        # names the kind takes its first speaker into the id.
        named = f"{title} {speakers[0]}" if speakers and _only_a_kind(title) else title
        return Talk(
            id=talk_id(conference, year, named),
            conference=conference,
            year=year,
            day=body.day or unit.context.day,
            kind=kind,
            title=title,
            speakers=speakers,
            handles=handles,
            links=links,
            abstract=abstract,
            tagline=tagline,
            notes=notes,
            summary=summarise(abstract, notes, tagline),
            virtual=body.virtual,
            source=Source(file=self.file, line=unit.line),
        )


_KIND_TITLES = frozenset(
    [
        "keynote",
        "keynote talk",
        "opening keynote",
        "closing keynote",
        "lightning talk",
        "lightning",
        "panel",
        "talk",
    ]
)


def _only_a_kind(title: str) -> bool:
    return title.strip().casefold() in _KIND_TITLES


def _merge_repeats(talks: list[Talk]) -> list[Talk]:
    """One record per title: a talk listed in a summary and noted in full later is one talk."""
    by_key: dict[str, int] = {}
    out: list[Talk] = []
    for talk in talks:
        key = re.sub(r"[\W_]+", " ", talk.title.casefold()).strip()
        if _only_a_kind(talk.title) and talk.speakers:
            key += " " + talk.speakers[0].casefold()  # 'Keynote' by each keynote speaker
        at = by_key.get(key)
        if at is None:
            by_key[key] = len(out)
            out.append(talk)
            continue
        first = out[at]
        links = list(first.links)
        seen = {lk.url.rstrip("/").lower() for lk in links}
        links += [lk for lk in talk.links if lk.url.rstrip("/").lower() not in seen]
        notes = "\n\n".join(n for n in (first.notes, talk.notes) if n)
        abstract = first.abstract or talk.abstract
        out[at] = first.model_copy(
            update={
                "speakers": first.speakers or talk.speakers,
                "handles": first.handles or talk.handles,
                "links": links,
                "notes": notes,
                "abstract": abstract,
                "tagline": first.tagline or talk.tagline,
                "summary": summarise(abstract, notes, first.tagline or talk.tagline),
                "kind": first.kind if first.kind is not TalkKind.TALK else talk.kind,
                "day": first.day or talk.day,
            }
        )
    return out


def _first_url(decider: Decider, section: Any) -> str | None:
    from bot.records.links import find_links

    lines = decider.outline.lines
    for no in range(section.content_line, section.own_end + 1):
        if no - 1 < len(lines):
            for found in find_links(lines[no - 1]):
                return found.url
    return None


def _talk_fields(meta: dict[str, Any]) -> bool:
    """Front matter that describes a talk (slides, video, kind), not a post or a day."""
    return any(
        FIELD_KEYS.get(k) in ("slides", "video", "code", "kind")
        for k in meta
        if k not in ("type", "layout")
    )


def _stem(file: str) -> str:
    return PurePath(file.replace("\\", "/")).stem


def _folder_day(file: str) -> int | None:
    """Notes in a `Day 2/` folder are of day 2."""
    parent = PurePath(file.replace("\\", "/")).parent.name
    match = _FOLDER_DAY.match(parent.strip())
    return int(match.group(1)) if match else None


def _kind_from_title(title: str) -> TalkKind | None:
    """Only words that name a format in the title count ('PyLadies Panel: …')."""
    kind = kind_named_in(title)
    return kind if kind in (TalkKind.PANEL, TalkKind.KEYNOTE, TalkKind.LIGHTNING) else None


def _meta_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _meta_year(value: object) -> int | None:
    if isinstance(value, (date, datetime)):
        return value.year
    if isinstance(value, str):
        return naming.year_inside(value)
    return None


def _meta_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str) and value.strip():
        names = parse_names(value, allow_single=True)
        parts = re.split(r"(?<!\s)\s*(?:,|;|\band\b)\s*", value)  # (?<!\s): see split_event
        return names or [p.strip() for p in parts if p.strip()]
    return []


__all__ = ["MAX_LINE_CHARS", "ParsedNotes", "Role", "parse_notes"]
