"""Which units of a notes file are talks: headings, list items, links in prose, whole files.

Each heading is looked at for evidence that it names a talk: a person named under it or in
it, a link to the talk's page or its recording or slides in its first lines, a quoted
abstract, a kind (`@TitleHeading("Workshop")`, `Type: Keynote`), a talk's own sub-headings
(`Details`, `Takeaways`). Words decide what a heading is before any evidence is weighed:
days and dates, time slots, sections that group talks, sections that hold none, a talk's
sub-headings. Then siblings are decided together:

- where most siblings name their speaker the same way (at one separator on one side, or
  on the line in one place under the heading), one that seems to name no one is read the
  same way, with names however cased;
- under a section of talks ('Lightning Talks') every heading with content is a talk;
- where only the first of several same-level headings has evidence, the others are its
  topics (a file per talk whose topic headings are as big as its title);
- elsewhere headings with evidence are talks, and a heading without is one only when its
  title repeats a talk's or its first lines link to a recording; otherwise it is a topic,
  an aside or housekeeping, and the talks it names in prose or lists are found inside it.

Inside a heading that is not a talk, lists whose items read as talks, tables of talks,
sibling paragraphs opening with a bold title (`**Title** — Speaker`) and links to talk
pages in prose are talks. A file's one top heading is the document's title when what is
under it holds talks, and the file's one talk when it does not. Every decision is kept with
its reason, for `talkbot check --explain`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, TypeVar

from bot.records.kinds import kind_named_in
from bot.records.links import classify, find_links
from bot.records.models import LinkKind, TalkKind
from bot.records.notes import vocabulary as words
from bot.records.notes.bylines import (
    BY_PREFIX,
    Byline,
    clean_title,
    shape_of,
    speaker_line,
    split_as,
    split_byline,
)
from bot.records.notes.inline import first_line, pieces, plain
from bot.records.notes.mentions import Mention, is_talk_page, talk_mentions
from bot.records.notes.outline import Block, Item, Outline, Section
from bot.records.notes.people import loose_people
from bot.records.notes.talk_body import BodyReader

_T = TypeVar("_T")
_BY_HEADING = re.compile(r"^\s*(?:[-–—]{1,2}\s*)?by\s+\S", re.IGNORECASE)
_TALKISH_LINKS = (LinkKind.TALK_PAGE, LinkKind.VIDEO, LinkKind.SLIDES)
_LOCAL_LINK = re.compile(r"^(?:doc:|(?![a-z][a-z0-9+.-]*:)[^\s]*\.(?:md|markdown)(?:#.*)?$)")


class Role(StrEnum):
    TALK = "talk"
    DAY = "day"
    SECTION = "section"
    PART = "part of a talk's notes"
    DOCUMENT = "the document's title"
    INDEX = "index entry"
    IGNORED = "ignored"


@dataclass
class Decision:
    line: int
    unit: str  # heading, list item, link, line
    text: str
    role: Role
    why: str
    depth: int


@dataclass
class Context:
    day: int | None = None
    kind: TalkKind | None = None
    in_talks: bool = False  # under a heading that groups talks
    depth: int = 0


@dataclass
class Unit:
    """A talk as found: where, what its heading or item says, and its text as read."""

    line: int
    byline: Byline
    reader: BodyReader
    context: Context
    evidence: str


@dataclass
class IndexLink:
    """A list item linking another notes file: that file's talk, as the index names it."""

    target: str
    title: str
    section: str
    line: int


@dataclass
class _Look:
    section: Section
    byline: Byline
    reader: BodyReader
    person: str = ""  # how a person was found, empty when none was
    talkish: str = ""  # a talk page, recording or slides link in the first lines
    quote: bool = False
    parts: bool = False
    mention: Mention | None = None  # the first paragraph names the talk by its page

    @property
    def strong(self) -> str:
        if self.person:
            return self.person
        if self.mention is not None:
            return self.mention.evidence
        if self.quote:
            return "a quoted abstract"
        if self.reader.body.kind is not None or self.byline.kind is not None:
            return "a kind of talk"
        if self.parts:
            return "a talk's own sub-headings"
        return ""

    @property
    def empty(self) -> bool:
        s = self.section
        return not s.blocks and not s.children


class Decider:
    def __init__(self, outline: Outline, file: str) -> None:
        self.outline = outline
        self.file = file
        self.refs: dict[str, Any] = outline.references
        self.units: list[Unit] = []
        self.decisions: list[Decision] = []
        self.index: list[IndexLink] = []
        self.document: Section | None = None
        self._day_keys: list[str] = []
        self._seen_day_marker = False
        self._known_titles: set[str] | None = None
        self._index_blocks: set[int] = set()  # ids of the lists that index other files
        self._bold_talks_seen = False  # talks written as bold paragraphs, in this file
        self._bylines: dict[int, Byline] = {}
        self._looks: dict[int, _Look] = {}

    # -- entry points ---------------------------------------------------------------------
    def decide(self, context: Context) -> None:
        root = self.outline.root
        for section in [root, *_walk(root.children)]:
            for block in section.blocks:
                if block.items and self._index_items(block, section):
                    self._index_blocks.add(id(block))
        self._containers_blocks(root, context)
        tops = root.children
        if len(tops) == 1 and self._is_document_title(tops[0], context):
            return
        if not tops and not self.units:
            self._headless_file(root, context)
            return
        self._group(tops, context)
        if len(tops) == 1 and not self.units:
            self._whole_file(tops[0], context)

    def _whole_file(self, top: Section, context: Context) -> None:
        """A file's only heading, with notes under it and nothing else that is a talk, is
        the file's one talk (a file per talk), unless its words say it is something else."""
        title = plain(pieces(top.title, self.refs)).strip()
        _, look, role, _ = self._classify(top, context)
        if look is None or role is not None or look.empty or words.names_conference(title):
            return
        self.decisions = [d for d in self.decisions if d.line != top.line]
        self._talk(look, context, "the file's only heading, with its notes")

    def mark_whole_file(self, line: int, text: str, why: str) -> None:
        self.decisions.append(Decision(line, "file", text, Role.TALK, why, 0))

    # -- one top heading ------------------------------------------------------------------
    def _is_document_title(self, top: Section, context: Context) -> bool:
        """Decide a file's one top heading by what is under it; True when that is done."""
        look = self._look(top)
        title = plain(pieces(top.title, self.refs))
        # A person named in its own lines counts unless those lines are talks that name
        # their own speakers (`1. **Title** — Ana` / `Speaker: Ana`, bold paragraphs).
        person = (
            look.person
            and not any(self._talk_items(b) for b in top.blocks if b.items)
            and not self._bold_heads(top)
        )
        if person or words.day_number(title) or words.names_a_date(title):
            return False
        own = look.quote or look.talkish or look.mention or look.reader.body.kind
        if own and not words.names_conference(title):
            return False  # its own first lines are a talk's: the sub-headings are its notes
        mark = self._mark()
        inner = replace(context, depth=context.depth + 1)
        day = _day_in_title(title)
        if day is not None:
            inner.day = day
        decision_at = len(self.decisions)
        self._containers_blocks(top, inner)
        self._group(top.children, inner)
        if len(self.units) > mark[0] or words.names_conference(title):
            self.decisions.insert(
                decision_at,
                Decision(
                    top.line,
                    "heading",
                    title,
                    Role.DOCUMENT,
                    "the talks are under it" if len(self.units) > mark[0] else "names an event",
                    context.depth,
                ),
            )
            self.document = top
            if day is not None:
                context.day = day
            return True
        self._rollback(mark)
        return False

    def _headless_file(self, root: Section, context: Context) -> None:
        """A file without headings whose first line is `Title (Speaker)`: one talk."""
        first = root.blocks[0] if root.blocks else None
        if first is None or first.kind != "paragraph" or "\n" in first.inline.strip():
            return
        byline = split_byline(first_line(pieces(first.inline, self.refs)))
        if not byline.speakers:
            return
        reader = BodyReader(self.file, self.outline.lines, self.refs)
        reader.body.speaker_line_seen = True
        reader.read_blocks(root.blocks[1:], first.end + 1, root.own_end)
        self._add(first.line, byline, reader, context, "the file's first line names a person")
        self._decide(first.line, "line", byline.title, Role.TALK, "a title and a speaker", context)

    # -- siblings -------------------------------------------------------------------------
    def _group(self, sections: list[Section], context: Context) -> None:
        """Decide sibling headings together (see the module docstring)."""
        looks: list[tuple[Section, _Look | None, Role | None, str]] = []
        for section in sections:
            looks.append(self._classify(section, context))
        self._follow_siblings([lk for _, lk, role, _ in looks if lk is not None and role is None])
        for at, (_, look, role, _) in enumerate(looks[:-1]):
            after = looks[at + 1]
            if (
                look is not None
                and role is None
                and after[2] is Role.PART
                and words.names_talk_parts(plain(pieces(after[0].title, self.refs)))
            ):
                look.parts = True  # `# Title` then `# Details:` at the same level
        candidates = [lk for s, lk, role, _ in looks if role is None and lk is not None]
        strong = [lk for lk in candidates if lk.strong]
        only_first = (
            len(strong) == 1
            and len(candidates) > 1
            and strong[0] is candidates[0]
            and not context.in_talks
            and context.depth == 0  # the file's own top headings: a file per talk
            and not any(lk.talkish or lk.mention for lk in candidates[1:])
        )
        last_talk: Unit | None = None
        seen_talk = False  # a talk came before, in this group
        for section, look, role, why in looks:
            title = plain(pieces(section.title, self.refs)).strip()
            if role is Role.DAY:
                self._day(section, title, context)
                last_talk = None
                continue
            if role is Role.SECTION:
                self._section(section, title, context, why)
                last_talk = None
                continue
            if role is Role.IGNORED:
                self._decide(section.line, "heading", title, Role.IGNORED, why, context)
                continue
            if role is Role.PART:
                if last_talk is not None:
                    last_talk.reader.read_part(section)
                    self._decide(section.line, "heading", title, Role.PART, why, context)
                else:
                    self._decide(
                        section.line, "heading", title, Role.IGNORED, f"{why}, of no talk", context
                    )
                continue
            if look is None:  # an empty title: what is under it still counts
                self._group(section.children, context)
                continue
            # A day heading between them closes the talk above: then the heading is read
            # as any other.
            if only_first and look is not candidates[0] and last_talk is not None:
                last_talk.reader.read_part(section)
                self._decide(
                    section.line,
                    "heading",
                    title,
                    Role.PART,
                    "a topic of the talk above it: only that heading names a talk",
                    context,
                )
                continue
            verdict = self._verdict(look, context)
            if (
                not verdict
                and strong
                and seen_talk
                and not look.empty
                and not self._has_mentions(section)
            ):
                verdict = "a heading among talks, after one: a talk whose speaker is not named"
            if verdict:
                last_talk = self._talk(look, context, verdict)
                seen_talk = True
                continue
            last_talk = None
            self._topic(section, title, context)

    def _follow_siblings(self, looks: list[_Look]) -> None:
        """Where most siblings name their speaker the same way, a sibling that does not
        seem to is read the same way, with names however cased ('iztok kucan', 'LEMAIRE
        Arnaud', handles): split at the separator and on the side its siblings split at,
        or its line in the place its siblings' speaker lines stand."""
        shapes = Counter(shape for lk in looks if (shape := shape_of(lk.byline)))
        offsets = Counter(
            line.no - lk.section.content_line
            for lk in looks
            if (line := lk.reader.body.speaker_line) is not None
        )
        shape = _most_of(shapes, len(looks))
        offset = _most_of(offsets, len(looks))
        for look in looks:
            body = look.reader.body
            if look.person or body.speakers or look.byline.speakers:
                continue
            section = look.section
            byline = None
            if shape is not None:
                title = pieces(section.title, self.refs, keep_emphasis=True)
                byline = split_as(title, shape)
            if byline is not None:
                look.byline = self._bylines[id(section)] = byline
                look.person = f"the heading names a person ({byline.evidence})"
                continue
            line = body.unnamed_line
            if line is None or offset is None or line.no - section.content_line != offset:
                continue
            names = loose_people(BY_PREFIX.sub("", line.text.strip()))
            if names:
                look.person = "the line where its siblings name their speakers names people"
                look.reader.take_speaker_line(names, look.person)

    def _classify(
        self, section: Section, context: Context
    ) -> tuple[Section, _Look | None, Role | None, str]:
        """What the heading's words say it is; (look, None, '') when evidence must decide."""
        title = plain(pieces(section.title, self.refs)).strip()
        if not clean_title(title):
            return section, None, None, ""
        if words.day_number(title) is not None or words.names_a_date(title) is not None:
            bare_day = re.fullmatch(r"(?i)\W*day\s*\w+\W*", title) or words.names_a_date(title)
            if bare_day or not self._look(section).person:
                return section, None, Role.DAY, ""  # 'Day 2 Keynote' with a speaker is a talk
        if words.is_slot(title):
            return section, None, Role.SECTION, "a time slot"
        look = self._look(section)
        if look.person:
            return section, look, None, ""
        if words.no_talk_section(title):
            return section, None, Role.IGNORED, "a part of the event that holds no talks"
        grouping, _ = words.talk_section(title)
        if grouping and (section.children or not look.mention):
            return section, None, Role.SECTION, "groups talks"
        if words.is_part_heading(title):
            return section, None, Role.PART, "a talk's own sub-heading"
        return section, look, None, ""

    def _verdict(self, look: _Look, context: Context) -> str:
        """Why the heading is a talk, or '' when it is not one."""
        if look.strong:
            return look.strong
        if context.in_talks and not look.empty:
            return "under a heading that groups talks"
        if _key(look.byline.title) in self._titles_with_speakers():
            return "its title repeats a talk's"
        if look.talkish and not self._has_mentions(look.section):
            return look.talkish
        return ""

    # -- what a heading became ------------------------------------------------------------
    def _day(self, section: Section, title: str, context: Context) -> None:
        number = words.day_number(title)
        key = words.names_a_date(title)
        if number is None and key is not None:
            if key not in self._day_keys:
                self._day_keys.append(key)
            number = self._day_keys.index(key) + 1
        if number is not None:
            self._day_marker(number)
            context.day = number
        self._decide(
            section.line, "heading", title, Role.DAY, f"day {number}: a day or a date", context
        )
        inner = replace(context, depth=context.depth + 1)
        self._containers_blocks(section, inner)
        self._group(section.children, inner)

    def _section(self, section: Section, title: str, context: Context, why: str) -> None:
        grouping, kind = words.talk_section(title)
        inner = replace(context, depth=context.depth + 1, in_talks=True)
        if kind is not None:
            inner.kind = kind
        weekday = words.weekday_of(title)
        if weekday is not None and words.is_slot(title):
            if weekday not in self._day_keys:
                self._day_keys.append(weekday)
            inner.day = self._day_keys.index(weekday) + 1
        if not grouping and not words.is_slot(title):
            inner.in_talks = context.in_talks
        shown = f"{why} ({kind.value})" if kind else why
        self._decide(section.line, "heading", title, Role.SECTION, shown, context)
        named = len(self.units)
        self._containers_blocks(section, inner)
        if len(self.units) > named:
            inner.in_talks = False  # its talks are named in its text, not by its sub-headings
        self._group(section.children, inner)

    def _topic(self, section: Section, title: str, context: Context) -> None:
        """Not a talk: a topic, an aside, housekeeping. Talks named inside still count."""
        mark = len(self.units)
        at = len(self.decisions)
        inner = replace(context, depth=context.depth + 1, in_talks=False)
        inner.kind = _kind_named(title) or context.kind
        self._containers_blocks(section, inner)
        self._group(section.children, inner)
        found = len(self.units) > mark
        why = (
            "groups the talks under it"
            if found
            else "no speaker, talk link or abstract: a topic, aside or housekeeping"
        )
        role = Role.SECTION if found else Role.IGNORED
        self.decisions.insert(
            at, Decision(section.line, "heading", title, role, why, context.depth)
        )

    def _talk(self, look: _Look, context: Context, why: str) -> Unit:
        section = look.section
        byline = look.byline
        if look.mention is not None:
            mention = look.mention
            speakers = mention.speakers or byline.speakers or look.reader.body.speakers
            byline = Byline(
                title=mention.title,
                speakers=list(speakers),
                handles=byline.handles,
                kind=mention.kind or byline.kind,
                url=mention.url,
                evidence=mention.evidence,
            )
            look.reader.body.speakers = []
        unit = self._add(section.line, byline, look.reader, context, why)
        inner = replace(context, depth=context.depth + 1)
        for child in section.children:
            look.reader.read_part(child)
            child_title = plain(pieces(child.title, self.refs)).strip()
            self._decide(child.line, "heading", child_title, Role.PART, "under a talk", inner)
        self._decide(
            section.line, "heading", _title_of(unit), Role.TALK, _with_people(why, unit), context
        )
        return unit

    # -- lists, tables and prose inside a heading that is not a talk ----------------------
    def _containers_blocks(self, section: Section, context: Context) -> None:
        taken = self._bold_paragraph_talks(section, context)
        for block in section.blocks:
            if id(block) in taken:
                continue
            if block.items:
                if id(block) in self._index_blocks:
                    continue
                if self._list_talks(block, context):
                    continue
                for item in block.items:
                    self._mentions(item.lead, item.line, context)
            elif block.kind == "paragraph":
                self._mentions(block.inline, block.line, context)
            elif block.kind == "table":
                self._table_talks(block, context)

    def _bold_paragraph_talks(self, section: Section, context: Context) -> set[int]:
        """Take the talks `_bold_heads` finds; the ids of the blocks so taken (the talks'
        paragraphs and, up to the next one, each talk's notes)."""
        heads = self._bold_heads(section)
        if not heads:
            return set()
        self._bold_talks_seen = True
        # Each talk's notes run to the next one: its blocks only (not all the rest, which
        # would be quadratic on a long file of such paragraphs).
        nexts = [(at, b.line - 1) for at, b, _, _ in heads[1:]]
        nexts.append((len(section.blocks), section.own_end))
        for (at, block, byline, start), (stop, end) in zip(heads, nexts, strict=True):
            reader = BodyReader(self.file, self.outline.lines, self.refs)
            reader.body.speaker_line_seen = True
            reader.read_blocks(section.blocks[at + 1 : stop], start, end)
            why = f"a paragraph opening with a bold title, among others ({byline.evidence})"
            if not byline.speakers:
                why = "a paragraph opening with a bold title, among others naming speakers"
            unit = self._add(block.line, byline, reader, context, why)
            self._decide(
                block.line, "paragraph", byline.title, Role.TALK, _with_people(why, unit), context
            )
        return {id(b) for b in section.blocks[heads[0][0] :]}

    def _bold_heads(self, section: Section) -> list[tuple[int, Block, Byline, int]]:
        """Sibling paragraphs opening with a bold title, `**Title** — Speaker` or `**Title**`
        with the speaker on the next line, as (index, block, byline, first line of notes):
        talks when several name a speaker (one, once the file has shown its talks so) and
        those are at least half of such paragraphs; none otherwise."""
        heads: list[tuple[int, Block, Byline, int]] = []
        for at, block in enumerate(section.blocks):
            if block.kind != "paragraph" or not block.inline.startswith(("**", "__")):
                continue
            lead = first_line(pieces(block.inline, self.refs))
            if not lead or not lead[0].marked:
                continue
            byline, start = split_byline(lead), block.line + 1
            if words.is_part_heading(byline.title) or words.no_talk_section(byline.title):
                continue  # '**Takeaways**', '**Lunch**': part of the notes around it
            second = block.inline.split("\n", 2)[1:2]
            if not byline.speakers and second:
                who = speaker_line(first_line(pieces(second[0], self.refs)))
                if who and who[0]:
                    evidence = "the line under the bold title names a person"
                    byline = replace(byline, speakers=who[0], evidence=evidence)
                    start += 1
            heads.append((at, block, byline, start))
        named = [h for h in heads if h[2].speakers]
        if len(named) < (1 if self._bold_talks_seen else 2) or len(named) * 2 < len(heads):
            return []
        return heads

    def _has_mentions(self, section: Section) -> bool:
        for block in section.blocks:
            sources = [block.inline] if block.kind == "paragraph" else [i.lead for i in block.items]
            for source in sources:
                if _links_a_talk_page(source) and talk_mentions(source, self.refs):
                    return True
        return False

    def _mentions(self, source: str, line: int, context: Context) -> None:
        if "][" not in source and not _links_a_talk_page(source):
            return
        for mention in talk_mentions(source, self.refs):
            reader = BodyReader(self.file, self.outline.lines, self.refs)
            reader.body.speaker_line_seen = True
            byline = Byline(
                title=mention.title,
                speakers=mention.speakers,
                kind=mention.kind,
                url=mention.url,
                evidence=mention.evidence,
            )
            unit = self._add(line, byline, reader, context, mention.evidence)
            self._decide(
                line,
                "link",
                mention.title,
                Role.TALK,
                _with_people(mention.evidence, unit),
                context,
            )

    def _index_items(self, block: Block, section: Section) -> bool:
        """A list whose items link other notes files is an index of those files' talks."""
        entries = []
        for item in block.items:
            if "](" not in item.lead and "<doc:" not in item.lead and "][" not in item.lead:
                continue  # no link, so no link to another notes file
            parts = first_line(pieces(item.lead, self.refs))
            local = [p for p in parts if p.href and _LOCAL_LINK.match(p.href)]
            if local:
                entries.append(
                    IndexLink(
                        local[0].href or "",
                        ""
                        if local[0].text.strip() == local[0].href
                        else clean_title(local[0].text),
                        plain(pieces(section.title, self.refs)).strip(),
                        item.line,
                    )
                )
        if not entries or len(entries) * 2 <= len(block.items):
            return False
        for entry in entries:
            self.index.append(entry)
            self.decisions.append(
                Decision(
                    entry.line,
                    "list item",
                    entry.title,
                    Role.INDEX,
                    f"links the notes file {entry.target}",
                    0,
                )
            )
        return True

    def _list_talks(self, block: Block, context: Context) -> bool:
        """Take the list's items as talks when `_talk_items` says it is a list of talks."""
        found = self._talk_items(block)
        for item, byline in found:
            reader = BodyReader(self.file, self.outline.lines, self.refs)
            reader.body.speaker_line_seen = True
            reader.read_item(item)
            why = f"a list item naming a title and a speaker ({byline.evidence})"
            unit = self._add(item.line, byline, reader, context, why)
            self._decide(
                item.line, "list item", byline.title, Role.TALK, _with_people(why, unit), context
            )
        return bool(found)

    def _talk_items(self, block: Block) -> list[tuple[Item, Byline]]:
        """The items of a list of talks, in order; none when the list is not one.

        A list is one when most of its items are like `**Title** — Speaker` or
        `Speaker - [Title](url)`, or when several are and most of the others open with a
        bold or linked title the same way: those are talks whose speaker was not written.
        """
        if len(block.items) < 2:
            return []
        found: list[tuple[Item, Byline]] = []
        titled_only: list[tuple[Item, Byline]] = []
        for item in block.items:
            parts = first_line(pieces(item.lead, self.refs))
            byline = split_byline(parts)
            titled = any((p.href or p.marked) and p.text.strip() for p in parts)
            if byline.speakers and (titled or byline.evidence):
                found.append((item, byline))
            elif parts and (parts[0].marked or parts[0].href):
                titled_only.append((item, byline))
        most = len(block.items) / 2
        if len(found) <= most and (len(found) < 2 or len(found) + len(titled_only) <= most):
            return []
        # A title alone may name its speaker the way the others do, however cased.
        shape = _most_of(Counter(s for _, b in found if (s := shape_of(b))), len(found))
        if shape is not None:
            for at, (item, byline) in enumerate(titled_only):
                parts = first_line(pieces(item.lead, self.refs))
                titled_only[at] = (item, split_as(parts, shape) or byline)
        return sorted(found + titled_only, key=lambda f: f[0].line)

    def _table_talks(self, block: Block, context: Context) -> None:
        """A table with a title column and a speaker column: one talk a row."""
        if len(block.rows) < 2:
            return
        header = [plain(pieces(c, self.refs)).strip().lower() for c in block.rows[0]]
        title_col = _column(header, ("title", "talk", "session", "name", "topic"))
        who_col = _column(header, ("speaker", "speakers", "who", "presenter", "presenters", "by"))
        if title_col is None:
            return
        for offset, row in enumerate(block.rows[1:]):
            line = block.line + 2 + offset
            if title_col >= len(row):
                continue
            cell = pieces(row[title_col], self.refs)
            title = clean_title(plain(cell))
            if not title:
                continue
            link = next((p.href for p in cell if p.href), None)
            speakers: list[str] = []
            if who_col is not None and who_col < len(row):
                who = plain(pieces(row[who_col], self.refs))
                speakers = [
                    s.strip() for s in re.split(r"\s*(?:,|;|&|\band\b)\s*", who) if s.strip()
                ]
            byline = Byline(title=title, speakers=speakers, url=link, evidence="a table row")
            reader = BodyReader(self.file, self.outline.lines, self.refs)
            reader.body.speaker_line_seen = True
            for cell_source in row:
                reader.read_inline_links(cell_source, line)
            unit = self._add(line, byline, reader, context, "a row of a table of talks")
            self._decide(
                line,
                "table row",
                title,
                Role.TALK,
                _with_people("a row of a table of talks", unit),
                context,
            )

    # -- helpers --------------------------------------------------------------------------
    def _titles_with_speakers(self) -> set[str]:
        """Titles of the file's headings that name their speaker, worked out when first
        needed (a heading without evidence that repeats one of them is that talk)."""
        if self._known_titles is None:
            self._known_titles = {
                _key(b.title)
                for s in _walk(self.outline.root.children)
                if (b := self._byline(s)).speakers
            }
        return self._known_titles

    def _byline(self, section: Section) -> Byline:
        """The heading split into title and speakers; each heading is split once."""
        found = self._bylines.get(id(section))
        if found is None:
            found = split_byline(pieces(section.title, self.refs, keep_emphasis=True))
            self._bylines[id(section)] = found
        return found

    def _look(self, section: Section) -> _Look:
        """What the section shows about itself; looked at once (a rollback forgets it, as
        the reader inside may have been given parts since)."""
        found = self._looks.get(id(section))
        if found is None:
            found = self._looks[id(section)] = self._look_afresh(section)
        return found

    def _look_afresh(self, section: Section) -> _Look:
        byline = self._byline(section)
        reader = BodyReader(self.file, self.outline.lines, self.refs)
        reader.read_blocks(section.blocks, section.content_line, section.own_end)
        body = reader.body
        look = _Look(section=section, byline=byline, reader=reader)
        if not body.speakers and section.children and not section.blocks:
            by = speaker_line(pieces(section.children[0].title, self.refs))
            if by and by[0] and _BY_HEADING.match(section.children[0].title):
                body.speakers.extend(by[0])  # `### by Ana Lima` under the title
                body.speaker_evidence = "a 'by Speaker' sub-heading"
        if (body.speakers and not body.one_word_speaker) or body.speaker_evidence:
            look.person = body.speaker_evidence or "the line under the heading names a person"
        elif byline.speakers:
            look.person = f"the heading names a person ({byline.evidence})"
        look.quote = bool(body.quote_blocks)
        look.parts = any(
            words.names_talk_parts(plain(pieces(c.title, self.refs))) for c in section.children
        )
        first = next(
            (b for b in section.blocks if b.kind in ("paragraph", "bullet_list", "ordered_list")),
            None,
        )
        if first is not None:
            # a list names the unit's talk only when its items name one talk between them
            source = first.inline or "\n".join(item.lead for item in first.items)
            mentions = talk_mentions(source, self.refs) if _links_a_talk_page(source) else []
            if len(mentions) == 1 and _key(mentions[0].title) != _key(byline.title):
                look.mention = mentions[0]
            for found in find_links(source.split("\n", 1)[0]):
                if classify(found.url, found.label) in _TALKISH_LINKS:
                    look.talkish = "its first lines link the talk's page, recording or slides"
                    break
        return look

    def _add(
        self, line: int, byline: Byline, reader: BodyReader, context: Context, evidence: str
    ) -> Unit:
        unit = Unit(
            line=line, byline=byline, reader=reader, context=replace(context), evidence=evidence
        )
        self.units.append(unit)
        return unit

    def _decide(
        self, line: int, unit: str, text: str, role: Role, why: str, context: Context
    ) -> None:
        self.decisions.append(Decision(line, unit, text, role, why, context.depth))

    def _day_marker(self, day: int) -> None:
        """Notes often start writing 'Day 2' only when day 2 starts: what came before is day 1."""
        if self._seen_day_marker:
            return
        self._seen_day_marker = True
        if day >= 2:
            for unit in self.units:
                if unit.context.day is None:
                    unit.context.day = day - 1

    def _mark(self) -> tuple[int, int, int, list[str], bool]:
        return (
            len(self.units),
            len(self.decisions),
            len(self.index),
            list(self._day_keys),
            self._seen_day_marker,
        )

    def _rollback(self, mark: tuple[int, int, int, list[str], bool]) -> None:
        self._looks.clear()
        self._bold_talks_seen = False
        del self.units[mark[0] :]
        del self.decisions[mark[1] :]
        del self.index[mark[2] :]
        self._day_keys = mark[3]
        self._seen_day_marker = mark[4]


def _most_of(counts: Counter[_T], among: int) -> _T | None:
    """The way at least two and half of `among` siblings share, if there is one."""
    if not counts:
        return None
    value, count = counts.most_common(1)[0]
    return value if count >= 2 and count * 2 >= among else None


def _links_a_talk_page(source: str) -> bool:
    """Whether inline source may name a talk by its page: a `[text](url)` to one. Checked
    before the inline parse, which costs far more."""
    return "](" in source and any(
        is_talk_page(found.url) for found in find_links(source) if found.label
    )


def _kind_named(title: str) -> TalkKind | None:
    """The kind a grouping heading names ('LightningTalks'), talks' own kind words aside."""
    kind = kind_named_in(title)
    return kind if kind is not TalkKind.TALK else None


def _walk(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for section in sections:
        out.append(section)
        out.extend(_walk(section.children))
    return out


def _key(title: str) -> str:
    return re.sub(r"[\W_]+", " ", title.casefold()).strip()


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for at, cell in enumerate(header):
        if cell.strip(" *_:") in names:
            return at
    return None


def _day_in_title(title: str) -> int | None:
    """'OSCON EU - Day 1' → 1."""
    for segment in re.split(r"\s+[-–—|:]+\s+|:\s+", title):
        number = words.day_number(segment)
        if number is not None:
            return number
    return None


def _title_of(unit: Unit) -> str:
    """The title the record will have: split from the heading only when the notes do not
    name the speaker themselves."""
    if unit.reader.body.speakers or not unit.byline.speakers:
        return unit.byline.full_title or unit.byline.title
    return unit.byline.title


def _with_people(why: str, unit: Unit) -> str:
    people = unit.reader.body.speakers or unit.byline.speakers
    if people:
        return f"{why}; speaker {', '.join(people)}"
    return f"{why}; no speaker found: {where_speaker_goes(unit)}"


def where_speaker_goes(unit: Unit) -> str:
    """What to write so that the talk names its speaker, in the shape it was found in."""
    if unit.evidence.startswith(("a list item", "a paragraph opening with a bold title")):
        return "write it after the title, as in '**Title** — Ana Lima'"
    if unit.evidence.startswith("a link"):
        return "write it after the link, as in '[Title](url) by Ana Lima'"
    return "put the speaker's name on the line under the heading"
