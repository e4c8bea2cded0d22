"""Markdown conference notes → talk records.

Notes are typed fast: headings at whatever level, speakers on the line under the title or in
a `Speaker:` field or in the heading itself, the program text pasted as a blockquote, links
with or without a scheme. The parser reads structure (headings, quotes, fields) rather than
any one file's layout, and when it cannot tell what a line is, it keeps it as notes: unknown
structure costs fields, never the talk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import yaml

from bot.records.ids import talk_id
from bot.records.kinds import kind_named_in
from bot.records.links import FoundLink, find_links, make_link
from bot.records.models import (
    Conference,
    Link,
    LinkKind,
    Problem,
    Severity,
    Source,
    Talk,
    TalkKind,
)
from bot.records.names import find_handles, parse_names, strip_commentary
from bot.records.summary import summarise

# No one types a line this long; a pasted blob (a data: URL, minified code) can be far longer,
# and some of the line patterns below cost more than linear time on such text, so a line is
# read only up to here. At this length the worst line measured (5,000 `[`) takes 0.5 s.
MAX_LINE_CHARS = 5_000
# The closing `##` of `## Title ##` is taken off in `_heading_title`: a lazy title followed by
# optional `[ \t]+#+[ \t]*$` in the pattern itself backtracks quadratically on long runs of
# spaces inside a heading.
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^ {0,3}(?:-[ \t]*){3,}$|^ {0,3}(?:\*[ \t]*){3,}$|^ {0,3}(?:_[ \t]*){3,}$")
_QUOTE = re.compile(r"^\s*>")
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
_DAY_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_DAY = re.compile(
    r"^day\s*(\d{1,2}|one|two|three|four|five)\b|^(first|second|third|fourth|fifth)"
    r"\s+day\b",
    re.IGNORECASE,
)
_SECTION_WORDS = re.compile(
    r"^(?:the\s+)?(?:lightning(?:\s+talks?)?|keynotes?|panels?|talks|sessions|workshops|"
    r"tutorials|main\s+track|track\s+\w+|morning|afternoon|evening|schedule|program(?:me)?)"
    r"(?:\s*[:(].*)?$",
    re.IGNORECASE,
)
# Sub-headings that organise one talk's notes rather than name another talk.
_NOTE_HEADINGS = re.compile(
    r"^(?:my\s+)?(?:notes?|abstract|summary|description|links?|resources|slides|takeaways?|"
    r"key\s+(?:points|takeaways)|q\s*&\s*a|questions|thoughts|highlights|references|"
    r"further\s+reading|misc|quotes?|tl;?dr|overview|details|about)\b",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?P<key>[A-Za-z][A-Za-z &]{0,24}?)\s*"
    r"(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(?P<value>.*)$"
)
_FIELD_KEYS: dict[str, str] = {
    **dict.fromkeys(
        [
            "speaker",
            "speakers",
            "by",
            "presenter",
            "presenters",
            "presented by",
            "who",
            "author",
            "authors",
            "panelists",
            "panellists",
            "host",
            "hosts",
        ],
        "speakers",
    ),
    **dict.fromkeys(["slides", "deck", "slide deck"], "slides"),
    **dict.fromkeys(["video", "recording", "youtube"], "video"),
    **dict.fromkeys(["code", "repo", "repository", "source", "source code", "github"], "code"),
    **dict.fromkeys(
        ["talk page", "page", "url", "link", "talk", "schedule", "program"], "talk_page"
    ),
    **dict.fromkeys(["kind", "type", "format"], "kind"),
    **dict.fromkeys(["day"], "day"),
    **dict.fromkeys(["handle", "handles", "twitter", "mastodon", "social"], "handles"),
}
_LINK_FIELDS = {
    "slides": LinkKind.SLIDES,
    "video": LinkKind.VIDEO,
    "code": LinkKind.CODE,
    "talk_page": LinkKind.TALK_PAGE,
}
_VIRTUAL = re.compile(
    r"^[(\[*_\s]*(?:virtual|remote|online|pre-?recorded)(?:\s+(?:talk|presentation|session|"
    r"speaker))?[)\]*_.!\s]*$|^[(\[]?\s*(?:given|presented|delivered)\s+remotely\s*[)\]]?\.?$",
    re.IGNORECASE,
)
_HANDLE_LINE = re.compile(r"^\s*(?:@[\w.-]+[\s,;/]*)+$")
_STRAY = re.compile(r"^\s*[\[\]()]+\s*$")
# 'Keynote: The Web We Lost' is the talk 'The Web We Lost', of kind keynote.
_KIND_PREFIX = re.compile(
    r"^(keynote|lightning(?:\s+talk)?|panel(?:\s+discussion)?)\s*(?::|\s[-–—])\s+(?=\S)",
    re.IGNORECASE,
)
_LIST_TALK = re.compile(r"^(\d{1,3})[.)]\s+(.+)$")
_HEADING_SPLITS = (
    re.compile(r"^(?P<title>.+?)\s+[—–]\s+(?P<who>[^—–]+)$"),
    re.compile(r"^(?P<title>.+?)\s+\|\s+(?P<who>[^|]+)$"),
    re.compile(r"^(?P<title>.+?)\s+by\s+(?P<who>.+)$"),
    re.compile(r"^(?P<title>.+?)\s+\((?P<who>[^()]+)\)$"),
    re.compile(r"^(?P<title>.+?)\s+-{1,2}\s+(?P<who>.+)$"),
)


@dataclass
class _Line:
    no: int
    text: str


@dataclass
class _Node:
    level: int
    title: str
    line: int
    body: list[_Line] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def all_lines(self) -> list[_Line]:
        """This node's lines and its descendants', headings included, in file order."""
        lines = list(self.body)
        for child in self.children:
            lines.append(_Line(child.line, "#" * child.level + " " + child.title))
            lines.extend(child.all_lines())
        return lines


@dataclass
class _Context:
    conference: str
    year: int | None
    day: int | None = None
    kind: TalkKind | None = None
    speakers: list[str] = field(default_factory=list)


@dataclass
class ParsedNotes:
    talks: list[Talk] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_notes(text: str, file: str, fallback_event: str = "") -> ParsedNotes:
    """Every talk in one notes file, with the problems a person may want to fix.

    `fallback_event` names the conference when the notes do not (the folder or file name).
    """
    return _Parser(file).parse(text, fallback_event or _stem(file))


def _stem(file: str) -> str:
    name = file.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


def split_event(text: str) -> tuple[str, int | None]:
    """'Pycascades 2024' → ('Pycascades', 2024); 'pycon-us-2023' → ('Pycon Us', 2023)."""
    cleaned = text.strip()
    if re.fullmatch(r"[\w-]+", cleaned) and cleaned == cleaned.lower():
        cleaned = " ".join(w.capitalize() for w in re.split(r"[-_]+", cleaned) if w)
    # `(?<!\s)`: try a separator only where a run of spaces starts, not at every space in it,
    # which would rescan the run from each space (quadratic on a long run).
    segments = [p for p in re.split(r"(?<!\s)\s+[—–|:-]+\s+|:\s+", cleaned) if p.strip()]
    with_year = [p for p in segments if _YEAR.search(p)]
    if len(segments) > 1 and with_year:
        cleaned = with_year[0]  # 'PyData NYC 2022 — my notes' names 'PyData NYC 2022'
    match = _YEAR.search(cleaned)
    year = int(match.group(1)) if match else None
    name = _YEAR.sub("", cleaned) if match else cleaned
    name = re.sub(r"\s+", " ", name).strip(" -–—:,'’")
    return (name or cleaned or "Notes"), year


class _Parser:
    def __init__(self, file: str) -> None:
        self.file = file
        self.result = ParsedNotes()
        self._seen_day_marker = False
        self._conference_url: str | None = None

    # -- problems -------------------------------------------------------------------------
    def warn(self, line: int, message: str) -> None:
        self.result.problems.append(
            Problem(file=self.file, line=line, severity=Severity.WARNING, message=message)
        )

    def error(self, line: int, message: str) -> None:
        self.result.problems.append(
            Problem(file=self.file, line=line, severity=Severity.ERROR, message=message)
        )

    # -- structure ------------------------------------------------------------------------
    def parse(self, text: str, fallback_event: str) -> ParsedNotes:
        lines = [_Line(i + 1, t.rstrip("\r")) for i, t in enumerate(text.split("\n"))]
        for line in lines:
            if len(line.text) > MAX_LINE_CHARS:
                self.warn(
                    line.no,
                    f"line of {len(line.text):,} characters: only the first "
                    f"{MAX_LINE_CHARS:,} were read",
                )
                line.text = line.text[:MAX_LINE_CHARS]
        meta, lines = self._front_matter(lines)
        root = self._tree(lines)
        event_name, event_year = split_event(
            str(meta.get("conference") or meta.get("event") or fallback_event)
        )
        year = _meta_int(meta.get("year")) or _meta_year(meta.get("date")) or event_year
        ctx = _Context(
            conference=event_name,
            year=year,
            day=_meta_int(meta.get("day")),
            kind=kind_named_in(str(meta.get("kind") or meta.get("type") or "")),
            speakers=_meta_list(meta.get("speakers") or meta.get("speaker")),
        )
        conference_line = 1

        if meta.get("title"):
            self._one_talk_file(root, meta, ctx)
        else:
            tops = root.children
            conf = tops[0] if len(tops) == 1 else None
            if (
                conf is not None
                and (conf.children or self._list_talks(conf))
                and _day_of(conf.title) is None
                and not self._looks_like_talk(conf)
            ):
                name, conf_year = split_event(conf.title)
                if not (meta.get("conference") or meta.get("event")):
                    ctx.conference = name
                    ctx.year = year or conf_year
                conference_line = conf.line
                self._conference_url = self._first_url(conf.body)
                self._walk(self._list_talks(conf) or conf.children, ctx)
            else:
                self._walk(tops or self._list_talks(root), ctx)
        if self.result.talks:
            self.result.conferences.append(
                Conference(
                    name=ctx.conference,
                    year=ctx.year,
                    url=self._conference_url,
                    source=Source(file=self.file, line=conference_line),
                )
            )
        return self.result

    def _front_matter(self, lines: list[_Line]) -> tuple[dict[str, Any], list[_Line]]:
        if not lines or lines[0].text.strip() != "---":
            return {}, lines
        for end in range(1, min(len(lines), 200)):
            if lines[end].text.strip() in ("---", "..."):
                block = "\n".join(x.text for x in lines[1:end])
                try:
                    data = yaml.safe_load(block)
                except yaml.YAMLError as exc:
                    mark = getattr(exc, "problem_mark", None)
                    at = 2 + (mark.line if mark is not None else 0)
                    self.warn(at, "front matter is not valid YAML; its fields were ignored")
                    return {}, lines[end + 1 :]
                if not isinstance(data, dict):
                    return {}, lines
                return {str(k).lower(): v for k, v in data.items()}, lines[end + 1 :]
        return {}, lines

    def _tree(self, lines: list[_Line]) -> _Node:
        root = _Node(level=0, title="", line=1)
        stack = [root]
        fence: str | None = None
        for line in lines:
            fence_match = _FENCE.match(line.text)
            if fence is not None:
                if (
                    fence_match
                    and fence_match.group(1)[0] == fence[0]
                    and len(fence_match.group(1)) >= len(fence)
                ):
                    fence = None
                stack[-1].body.append(line)
                continue
            if fence_match:
                fence = fence_match.group(1)
                stack[-1].body.append(line)
                continue
            heading = _HEADING.match(line.text)
            if heading is None:
                stack[-1].body.append(line)
                continue
            level = len(heading.group(1))
            node = _Node(level=level, title=_heading_title(heading.group(2)), line=line.no)
            while stack[-1].level >= level:
                stack.pop()
            stack[-1].children.append(node)
            stack.append(node)
        return root

    def _walk(self, nodes: list[_Node], ctx: _Context) -> None:
        for node in nodes:
            title = _clean_heading(node.title)
            if not title:
                if node.children:
                    self._walk(node.children, replace(ctx))
                elif _has_text(node.body):
                    self.warn(node.line, "heading without a title; its notes were skipped")
                continue
            day = _day_of(title)
            if day is not None and not self._looks_like_talk(node):
                self._day_marker(day)
                ctx.day = day
                self._walk(self._list_talks(node) or node.children, replace(ctx))
                continue
            if self._is_section(node, title):
                section_kind = kind_named_in(title)
                inner = replace(ctx, kind=section_kind or ctx.kind)
                self._walk(self._list_talks(node) or node.children, inner)
                continue
            listed = self._list_talks(node) if _SECTION_WORDS.match(title) else []
            if listed:
                self._walk(listed, replace(ctx, kind=kind_named_in(title) or ctx.kind))
                continue
            self._add_talk(node, title, ctx)

    def _day_marker(self, day: int) -> None:
        """Notes often start writing 'Day 2' only when day 2 starts: what came before is day 1."""
        if self._seen_day_marker:
            return
        self._seen_day_marker = True
        if day >= 2:
            self.result.talks = [
                t.model_copy(update={"day": day - 1}) if t.day is None else t
                for t in self.result.talks
            ]

    def _is_section(self, node: _Node, title: str) -> bool:
        """A heading that groups talks ('Lightning Talks', 'Track B') rather than names one."""
        if not node.children or _has_text(node.body):
            return False
        if all(_NOTE_HEADINGS.match(_clean_heading(c.title)) for c in node.children):
            return False
        if _SECTION_WORDS.match(title):
            return True
        talky = sum(1 for c in node.children if self._looks_like_talk(c))
        return talky * 2 > len(node.children)

    def _looks_like_talk(self, node: _Node) -> bool:
        """Its own text names who spoke, or it carries the program's quote or fields."""
        for line in node.body:
            text = line.text.strip()
            if not text or _RULE.match(text):
                continue
            if _QUOTE.match(text) or _HANDLE_LINE.match(text):
                return True
            fld = _FIELD.match(text)
            if fld and _FIELD_KEYS.get(fld.group("key").strip().lower()) == "speakers":
                return True
            remainder = _without_links(text)
            if remainder and parse_names(remainder) is not None:
                return True
        return False

    def _list_talks(self, node: _Node) -> list[_Node]:
        """'1. **Title** — Speaker' items as talks, where a whole list of them stands alone.

        Only top-level numbered items count, and only when most of them look like talk
        titles (bold, or followed by a speaker), so a numbered list inside notes stays notes.
        """
        if node.children and node.level > 0:
            return []
        items: list[_Node] = []
        for line in node.body:
            match = _LIST_TALK.match(line.text)
            if match:
                items.append(_Node(level=node.level + 1, title=match.group(2), line=line.no))
            elif items and (not line.text.strip() or line.text[:1] in " \t"):
                items[-1].body.append(_Line(line.no, _dedent(line.text)))
            elif items and line.text.strip():
                items[-1].body.append(line)
        if len(items) < 2:
            return []
        titled = sum(
            1
            for item in items
            if item.title.lstrip().startswith(("**", "__"))
            or _split_heading(_clean_heading(item.title))[1]
        )
        return items if titled * 2 > len(items) else []

    # -- one talk -------------------------------------------------------------------------
    def _one_talk_file(self, root: _Node, meta: dict[str, Any], ctx: _Context) -> None:
        """A file per talk: front matter names it; an H1 repeating the title is not notes."""
        node = _Node(
            level=1,
            title=str(meta["title"]),
            line=1,
            body=list(root.body),
            children=list(root.children),
        )
        if len(root.children) == 1 and root.children[0].level == 1:
            only = root.children[0]
            node = _Node(
                level=1,
                title=str(meta["title"]),
                line=only.line,
                body=list(root.body) + list(only.body),
                children=only.children,
            )
        self._add_talk(
            node,
            _clean_heading(str(meta["title"])),
            ctx,
            link_fields={k: v for k, v in meta.items() if k in _FIELD_KEYS},
        )

    def _add_talk(
        self, node: _Node, title: str, ctx: _Context, link_fields: dict[str, Any] | None = None
    ) -> None:
        built = _TalkBuilder(self, node, ctx)
        for key, value in (link_fields or {}).items():
            built.field(
                _FIELD_KEYS[key],
                str(value) if not isinstance(value, list) else ", ".join(map(str, value)),
                node.line,
            )
        built.read_body()
        speakers = built.speakers
        if not speakers:
            heading_title, heading_people = _split_heading(title)
            if heading_people:
                title, speakers = heading_title, heading_people
        if not speakers:
            speakers = list(ctx.speakers)
        if not speakers and not built.handles:
            self.warn(
                node.line,
                f"talk {title!r} has no speaker: put the speaker's name on "
                "the line under the heading",
            )
        elif not speakers:
            self.warn(
                node.line, f"talk {title!r} names no speaker, only {', '.join(built.handles)}"
            )
        prefix = _KIND_PREFIX.match(title)
        prefix_kind = kind_named_in(prefix.group(1)) if prefix else None
        if prefix:
            title = title[prefix.end() :]
        kind = built.kind or prefix_kind or _kind_from_title(title) or ctx.kind or TalkKind.TALK
        links = built.links(speakers)
        abstract, tagline, leftover_quotes = built.quotes()
        notes = built.notes(leftover_quotes)
        self.result.talks.append(
            Talk(
                id=talk_id(ctx.conference, ctx.year, title),
                conference=ctx.conference,
                year=ctx.year,
                day=built.day or ctx.day,
                kind=kind,
                title=title,
                speakers=speakers,
                handles=built.handles,
                links=links,
                abstract=abstract,
                tagline=tagline,
                notes=notes,
                summary=summarise(abstract, notes, tagline),
                virtual=built.virtual,
                source=Source(file=self.file, line=node.line),
            )
        )

    def _first_url(self, lines: list[_Line]) -> str | None:
        for line in lines:
            for found in find_links(line.text):
                return found.url
        return None


class _TalkBuilder:
    """Reads one talk's lines once, sorting each into fields, quotes, links or notes."""

    def __init__(self, parser: _Parser, node: _Node, ctx: _Context) -> None:
        self.parser = parser
        self.node = node
        self.ctx = ctx
        self.speakers: list[str] = []
        self.handles: list[str] = []
        self.kind: TalkKind | None = None
        self.day: int | None = None
        self.virtual = False
        self._found: list[tuple[FoundLink, str, LinkKind | None]] = []
        self._quote_blocks: list[list[_Line]] = []
        self._kept: list[_Line] = []
        self._speaker_line_seen = False

    def field(self, key: str, value: str, line_no: int) -> bool:
        """Apply a `Key: value` field; False when the value is not what the key wants."""
        if key == "speakers":
            handles = find_handles(value)
            self._add_handles(handles)
            text = _without_links(value)
            for handle in handles:
                text = text.replace(handle, "")
            names = parse_names(text, allow_single=True) or [
                strip_commentary(p)
                for p in re.split(r"\s*(?:,|;|&|\band\b)\s*", text)
                if strip_commentary(p)
            ]
            self.speakers.extend(n for n in names if n not in self.speakers)
            self._speaker_line_seen = True
            return bool(names or handles)
        if key in _LINK_FIELDS:
            found = find_links(value)
            label = key.replace("_", " ").capitalize()
            for item in found:
                self._note_link(item, item.label or label, _LINK_FIELDS[key], line_no)
            return bool(found)
        if key == "kind":
            self.kind = kind_named_in(value) or self.kind
            return self.kind is not None
        if key == "day":
            day = _day_of(f"day {value}") if value.strip() else None
            self.day = day or self.day
            return day is not None
        if key == "handles":
            handles = find_handles(value) or ([f"@{value.strip()}"] if value.strip() else [])
            self._add_handles(handles)
            for item in find_links(value):
                self._note_link(item, value, LinkKind.SOCIAL, line_no)
            return True
        return False

    def _add_handles(self, handles: list[str]) -> None:
        for handle in handles:
            if handle.lower() not in (h.lower() for h in self.handles):
                self.handles.append(handle)

    def _note_link(
        self, found: FoundLink, context: str, kind: LinkKind | None, line_no: int
    ) -> None:
        if found.normalised:
            self.parser.warn(line_no, f"link without a scheme read as {found.url}")
        self._found.append((found, context, kind))

    def read_body(self) -> None:
        fence: str | None = None
        quote: list[_Line] = []
        for line in self.node.body:
            text = line.text
            stripped = text.strip()
            fence_match = _FENCE.match(text)
            if fence is not None or fence_match:
                if fence is None and fence_match:
                    fence = fence_match.group(1)
                elif fence is not None and fence_match and stripped.startswith(fence):
                    fence = None
                self._kept.append(line)
                continue
            if _QUOTE.match(text):
                quote.append(line)
                self._scan_links(line)
                continue
            if quote:
                self._quote_blocks.append(quote)
                quote = []
            self._read_line(line, stripped)
        if quote:
            self._quote_blocks.append(quote)
        for child in self.node.children:
            heading = _Line(child.line, "#" * child.level + " " + child.title)
            self._kept.append(heading)
            for line in child.all_lines():
                self._scan_links(line)
                self._add_handles(find_handles(_without_links(line.text)))
                self._kept.append(line)

    def _scan_links(self, line: _Line) -> None:
        links = find_links(line.text)
        for found in links:
            self._note_link(found, _context_of(line.text, found, links), None, line.no)

    def _read_line(self, line: _Line, stripped: str) -> None:
        if not stripped:
            self._kept.append(line)
            return
        if _RULE.match(stripped):
            return
        if _STRAY.match(stripped):
            self.parser.warn(line.no, f"stray {stripped!r} line ignored")
            return
        if _VIRTUAL.match(stripped):
            self.virtual = True
            return
        if _HANDLE_LINE.match(stripped):
            self._add_handles(find_handles(stripped))
            return
        fld = _FIELD.match(stripped)
        if fld and "://" not in fld.group("key"):
            key = _FIELD_KEYS.get(fld.group("key").strip().lower())
            # The value's trailing spaces are stripped here, not by a lazy `.*?\s*$` in the
            # pattern, which is quadratic on a long run of spaces inside the value.
            if key and self.field(key, fld.group("value").rstrip(), line.no):
                return
        links = find_links(stripped)
        remainder = _without_links(stripped)
        if not self._speaker_line_seen:
            self._speaker_line_seen = True
            names = parse_names(remainder) if remainder else None
            if names:
                self.speakers.extend(names)
                for found in links:
                    self._note_link(found, "", None, line.no)
                return
        for found in links:
            self._note_link(found, _context_of(stripped, found, links), None, line.no)
        self._add_handles(find_handles(remainder))
        if links and not re.search(r"\w", remainder):
            if re.search(r"[\[\]]", remainder):
                self.parser.warn(line.no, "stray bracket beside a link ignored")
            return
        self._kept.append(line)

    def links(self, speakers: list[str]) -> list[Link]:
        out: list[Link] = []
        seen: set[str] = set()
        for found, context, forced in self._found:
            key = found.url.rstrip("/").lower()
            if key in seen:
                continue
            seen.add(key)
            link = make_link(found, context, speakers)
            if forced is not None and link.kind is not LinkKind.IMAGE:
                link = link.model_copy(update={"kind": forced})
            out.append(link)
        return out

    def quotes(self) -> tuple[str, str, list[list[_Line]]]:
        """The program's abstract is the longest quote; a one-line other quote is the tagline."""
        blocks = [(b, _quote_text(b)) for b in self._quote_blocks]
        blocks = [(b, t) for b, t in blocks if t]
        if not blocks:
            return "", "", []
        abstract_block, abstract = max(blocks, key=lambda bt: len(bt[1]))
        tagline = ""
        leftover: list[list[_Line]] = []
        for block, text in blocks:
            if block is abstract_block:
                continue
            if not tagline and len(block) == 1 and len(text) <= 200:
                tagline = text
            else:
                leftover.append(block)
        return abstract, tagline, leftover

    def notes(self, leftover_quotes: list[list[_Line]]) -> str:
        lines = sorted(
            self._kept + [ln for block in leftover_quotes for ln in block], key=lambda ln: ln.no
        )
        text = "\n".join(ln.text.rstrip() for ln in lines)
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip("\n").strip()


def _quote_text(block: list[_Line]) -> str:
    """A blockquote as text: '>' marks removed, wrapped lines joined, outlines kept."""
    paragraphs: list[list[str]] = [[]]
    for line in block:
        inner = re.sub(r"^\s*>\s?", "", line.text).rstrip()
        if not inner.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if inner[:2].isspace() and paragraphs[-1]:
            paragraphs[-1].append("\n" + inner.strip())
        else:
            paragraphs[-1].append(inner.strip())
    texts = []
    for para in paragraphs:
        if not para:
            continue
        joined = " ".join(para).replace(" \n", "\n")
        joined = re.sub(r"(?<=\s)>(?=\w)", "", joined)
        texts.append(joined)
    return "\n\n".join(texts).strip()


def _context_of(line: str, found: FoundLink, links: list[FoundLink]) -> str:
    """The words beside a link on its line, which usually say what it is.

    `links` are the line's links (from `find_links(line)`): the links before and after this
    one are cut out of those, not searched for again in each part of the line.
    """
    before = _cut_links(line[: found.start], [lk for lk in links if lk.end <= found.start])
    if before:
        return before
    after = [lk for lk in links if lk.start >= found.end]
    return _cut_links(line, after, found.end)


def _without_links(text: str) -> str:
    """The line's words with its links taken out."""
    return _cut_links(text, find_links(text))


def _cut_links(text: str, links: list[FoundLink], start: int = 0) -> str:
    """`text` from `start` with `links` (in order, inside that part) replaced by spaces.

    Joined in one pass: cutting each link out of the whole line in turn was quadratic on a
    line of many links.
    """
    pieces: list[str] = []
    at = start
    for found in links:
        pieces.append(text[at : found.start])
        at = found.end
    pieces.append(text[at:])
    return re.sub(r"\s+", " ", " ".join(pieces)).strip()


def _heading_title(text: str | None) -> str:
    """The title of a heading line's text: without a closing `##` sequence or outer spaces.

    As CommonMark has it, the closing sequence only counts after a space or tab.
    """
    title = (text or "").strip(" \t")
    without_hashes = title.rstrip("#")
    if len(without_hashes) < len(title) and without_hashes.endswith((" ", "\t")):
        title = without_hashes
    return title.strip()


def _clean_heading(title: str) -> str:
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", title)
    text = text.replace("`", "")
    return re.sub(r"\s+", " ", text).strip(" \t#")


def _split_heading(title: str) -> tuple[str, list[str]]:
    """'Fast Parsers — Ana Lee and Bo Chen' → ('Fast Parsers', ['Ana Lee', 'Bo Chen'])."""
    for pattern in _HEADING_SPLITS:
        match = pattern.match(title)
        if not match:
            continue
        names = parse_names(match.group("who"), allow_single=False)
        if names:
            return match.group("title").strip(" *_-–—:"), names
    return title, []


def _day_of(title: str) -> int | None:
    match = _DAY.match(title.strip())
    if not match:
        return None
    word = (match.group(1) or match.group(2)).lower()
    return int(word) if word.isdigit() else _DAY_WORDS.get(word)


def _kind_from_title(title: str) -> TalkKind | None:
    """Only words that name a format in the title count ('PyLadies Panel: …')."""
    kind = kind_named_in(title)
    return kind if kind in (TalkKind.PANEL, TalkKind.KEYNOTE, TalkKind.LIGHTNING) else None


def _has_text(lines: list[_Line]) -> bool:
    return any(ln.text.strip() and not _RULE.match(ln.text.strip()) for ln in lines)


def _dedent(text: str) -> str:
    return re.sub(r"^(?: {1,4}|\t)", "", text)


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
        match = _YEAR.search(value)
        return int(match.group(1)) if match else None
    return None


def _meta_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str) and value.strip():
        names = parse_names(value, allow_single=True)
        parts = re.split(r"(?<!\s)\s*(?:,|;|\band\b)\s*", value)  # (?<!\s): see split_event
        return names or [p.strip() for p in parts if p.strip()]
    return []
