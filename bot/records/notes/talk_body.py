"""One talk's own text sorted into fields, quotes, links and notes.

The blocks come from the parser: a fence or HTML block is kept as written, a blockquote is
the program's text (the longest is the abstract, a one-line other one the tagline), a DocC
`@Metadata { ... }` directive says the kind. Inside paragraphs and lists, each line may be a
`Key: value` field, the speaker line (the first line that only names people), a handle line,
a virtual-talk marker, or notes. Unknown structure stays notes: it costs fields, never text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.records.kinds import kind_named_in
from bot.records.links import FoundLink, find_links, make_link
from bot.records.models import Link, LinkKind, Problem, Severity, TalkKind
from bot.records.names import find_handles, parse_names, strip_commentary
from bot.records.notes.bylines import BY_PREFIX, speaker_line
from bot.records.notes.inline import first_line, pieces
from bot.records.notes.outline import Block, Item, Section
from bot.records.notes.people import people
from bot.records.notes.vocabulary import is_part_heading

_RULE = re.compile(r"^ {0,3}(?:-[ \t]*){3,}$|^ {0,3}(?:\*[ \t]*){3,}$|^ {0,3}(?:_[ \t]*){3,}$")
_FIELD = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?P<key>[A-Za-z][A-Za-z &]{0,24}?)\s*"
    r"(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(?P<value>.*)$"
)
FIELD_KEYS: dict[str, str] = {
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
_DIRECTIVE = re.compile(r"^\s*@[A-Za-z]\w*\s*[({]")
_DIRECTIVE_KIND = re.compile(r'@TitleHeading\(\s*"([^"]+)"\s*\)')
# Sub-headings whose list items may name the speaker: `## Details:` / `* Ana Lima (Acme)`.
_DETAIL_HEADINGS = re.compile(r"^(?:details?|about|info|speakers?|presenters?)\b", re.IGNORECASE)
_STARTS_WITH_ADDRESS = re.compile(r"^(?:[-*+]\s+)?(?:<|https?://|www\.)", re.IGNORECASE)
# A line without any of these holds no link find_links would find (a scheme-less address
# needs a dot and a slash).
_MAY_LINK = re.compile(r"://|\]\(|<[^>\s]+>|\.[a-z]{2,6}/", re.IGNORECASE)
# What a speaker line that is not a bare list of names holds: 'by', a link, emphasis, a
# company in parentheses, a leading dash ('-- Ana Lima').
_SPEAKER_HINT = re.compile(r"\bby\b|[(\[*_]|^[-–—]", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# A quote marker typed inside a line ("these >optimizations"), not a quote.
_STRAY_QUOTE_MARK = re.compile(r"(?<=\s)>(?=\w)")
_DAY_VALUE = re.compile(r"^\s*(\d{1,2})\b")


@dataclass
class Line:
    no: int
    text: str


@dataclass
class Body:
    """A talk's text as read: what each part of it turned out to be."""

    speakers: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    kind: TalkKind | None = None
    day: int | None = None
    virtual: bool = False
    problems: list[Problem] = field(default_factory=list)
    found: list[tuple[FoundLink, str, LinkKind | None]] = field(default_factory=list)
    quote_blocks: list[list[Line]] = field(default_factory=list)
    kept: list[Line] = field(default_factory=list)
    speaker_line_seen: bool = False
    speaker_evidence: str = ""
    one_word_speaker: bool = False
    # The line under the heading that named the speakers, or, when it named no one, the
    # line that stood there (siblings' speaker lines may say it names people after all).
    speaker_line: Line | None = None
    unnamed_line: Line | None = None


class BodyReader:
    """Reads one talk's blocks once; `file` names the notes in the problems it reports."""

    def __init__(self, file: str, lines: list[str], references: dict[str, Any]) -> None:
        self.file = file
        self.lines = lines
        self.references = references
        self.body = Body()

    # -- problems -----------------------------------------------------------------------
    def warn(self, line: int, message: str) -> None:
        self.body.problems.append(
            Problem(file=self.file, line=line, severity=Severity.WARNING, message=message)
        )

    # -- fields ---------------------------------------------------------------------------
    def field(self, key: str, value: str, line_no: int) -> bool:
        """Apply a `Key: value` field; False when the value is not what the key wants."""
        body = self.body
        if key == "speakers":
            handles = find_handles(value)
            self._add_handles(handles)
            text = without_links(value)
            for handle in handles:
                text = text.replace(handle, "")
            names = parse_names(text, allow_single=True) or [
                strip_commentary(p)
                for p in re.split(r"\s*(?:,|;|&|\band\b)\s*", text)
                if strip_commentary(p)
            ]
            body.speakers.extend(n for n in names if n not in body.speakers)
            body.speaker_line_seen = True
            if names:
                body.speaker_evidence = "a speaker field"
            return bool(names or handles)
        if key in _LINK_FIELDS:
            found = find_links(value)
            label = key.replace("_", " ").capitalize()
            for item in found:
                self._note_link(item, item.label or label, _LINK_FIELDS[key], line_no)
            return bool(found)
        if key == "kind":
            body.kind = kind_named_in(value) or body.kind
            return body.kind is not None
        if key == "day":
            day = _DAY_VALUE.match(value)
            if day:
                body.day = int(day.group(1))
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
            if handle.lower() not in (h.lower() for h in self.body.handles):
                self.body.handles.append(handle)

    def _note_link(
        self, found: FoundLink, context: str, kind: LinkKind | None, line_no: int
    ) -> None:
        if found.normalised:
            self.warn(line_no, f"link without a scheme read as {found.url}")
        self.body.found.append((found, context, kind))

    # -- blocks ---------------------------------------------------------------------------
    def read_section(self, section: Section, start: int | None = None) -> None:
        """The section's own blocks (from `start`, default its content line), then its
        children as notes: a talk's sub-headings are part of its notes."""
        self.read_blocks(section.blocks, start or section.content_line, section.own_end)
        for child in section.children:
            self.read_part(child)

    def read_part(self, part: Section) -> None:
        """A sub-heading and everything under it, kept as notes; links and handles count."""
        if part.line - 1 >= len(self.lines):
            return
        self.body.kept.append(Line(part.line, self.lines[part.line - 1]))
        if part.content_line > part.line + 1:  # setext underline
            self.body.kept.append(Line(part.line + 1, self.lines[part.line]))
        if _DETAIL_HEADINGS.match(part.title.strip(" *_:")) and not self.body.speakers:
            self._speakers_from_items(part.blocks)
        for no in range(part.content_line, part.end + 1):
            if no - 1 >= len(self.lines):
                break
            line = Line(no, self.lines[no - 1])
            links = find_links(line.text) if _MAY_LINK.search(line.text) else []
            for found in links:
                self._note_link(found, context_of(line.text, found, links), None, line.no)
            if "@" in line.text:
                self._add_handles(find_handles(_cut_links(line.text, links)))
            self.body.kept.append(line)

    def _speakers_from_items(self, blocks: list[Block]) -> None:
        """`* Ana Lima (Acme)` in a Details list, or `* Presenters:` with names under it."""
        for block in blocks:
            for item in block.items:
                text = item.lead.strip()
                fld = _FIELD.match(text)
                if fld and FIELD_KEYS.get(fld.group("key").strip().lower()) == "speakers":
                    value = fld.group("value").strip()
                    if not value:
                        nested = self.lines[item.lead_end : item.end]
                        value = ", ".join(
                            re.sub(r"^\s*[-*+]\s+", "", n).strip() for n in nested if n.strip()
                        )
                    for part in re.split(r",\s*(?![^()]*\))", value):
                        got = speaker_line(pieces(part, self.references))
                        if got:
                            self.body.speakers.extend(got[0])
                    if self.body.speakers:
                        self.body.speaker_evidence = "a speaker list item under Details"
                        return
                    continue
                got = speaker_line(first_line(pieces(text.split("\t")[0], self.references)))
                if got and got[0]:
                    self.body.speakers.extend(got[0])
                    self.body.speaker_evidence = "a list item under Details that names a person"
                    return

    def read_blocks(self, blocks: list[Block], start: int, end: int) -> None:
        """Lines `start`..`end`, block by block; lines between blocks are blank or link
        reference definitions, kept as they are."""
        by_line = {b.line: b for b in blocks}
        quote: list[Line] = []
        no = start
        while no <= end and no - 1 < len(self.lines):
            block = by_line.get(no)
            if block is not None and block.kind in ("fence", "code_block", "html_block"):
                for n in range(no, min(block.end, end) + 1):
                    self.body.kept.append(Line(n, self.lines[n - 1]))
                no = max(block.end, no) + 1
                continue
            if block is not None and block.kind == "blockquote":
                quote = [Line(n, self.lines[n - 1]) for n in range(no, min(block.end, end) + 1)]
                self._scan_block_links(quote)
                quote = [ln for ln in quote if ln.text.strip()]
                if quote:
                    self.body.quote_blocks.append(quote)
                no = max(block.end, no) + 1
                continue
            if block is not None and block.kind == "paragraph" and _DIRECTIVE.match(block.inline):
                kind = _DIRECTIVE_KIND.search(block.inline)
                if kind:
                    self.body.kind = kind_named_in(kind.group(1)) or self.body.kind
                no = max(block.end, no) + 1
                continue
            line = Line(no, self.lines[no - 1])
            self._read_line(line, line.text.strip())
            no += 1

    def read_item(self, item: Item) -> None:
        """A list item that is a talk: the lines after its first, dedented, as its text."""
        for no in range(item.line + 1, item.end + 1):
            if no - 1 >= len(self.lines):
                break
            text = re.sub(r"^(?: {1,4}|\t)", "", self.lines[no - 1])
            self._read_line(Line(no, text), text.strip())

    def read_inline_links(self, source: str, line_no: int) -> None:
        line = Line(line_no, source)
        self._scan_links(line)

    def _scan_block_links(self, lines: list[Line]) -> None:
        """The links of a block's lines; a line `_MAY_LINK` does not match holds none."""
        for line in lines:
            if _MAY_LINK.search(line.text):
                self._scan_links(line)

    def _scan_links(self, line: Line) -> None:
        links = find_links(line.text)
        for found in links:
            self._note_link(found, context_of(line.text, found, links), None, line.no)

    def _read_line(self, line: Line, stripped: str) -> None:
        body = self.body
        if not stripped:
            body.kept.append(line)
            return
        first = stripped[0]
        if first in "-*_" and _RULE.match(stripped):
            return
        if first in "[]()" and _STRAY.match(stripped):
            self.warn(line.no, f"stray {stripped!r} line ignored")
            return
        if len(stripped) < 60 and _VIRTUAL.match(stripped):
            body.virtual = True
            return
        if first == "@" and _HANDLE_LINE.match(stripped):
            self._add_handles(find_handles(stripped))
            if not body.speaker_line_seen and not body.speaker_evidence:
                body.speaker_evidence = "a handle on the line under the heading"
            return
        fld = _FIELD.match(stripped) if ":" in stripped[:40] else None
        if fld and "://" not in fld.group("key"):
            key = FIELD_KEYS.get(fld.group("key").strip().lower())
            # The value's trailing spaces are stripped here, not by a lazy `.*?\s*$` in the
            # pattern, which is quadratic on a long run of spaces inside the value.
            if key and self.field(key, fld.group("value").rstrip(), line.no):
                return
        links = find_links(stripped) if _MAY_LINK.search(stripped) else []
        remainder = _cut_links(stripped, links)
        if not body.speaker_line_seen:
            body.speaker_line_seen = True
            # 'https://… - what it is' describes a link and names no one.
            named = "" if _STARTS_WITH_ADDRESS.match(stripped) else BY_PREFIX.sub("", remainder)
            names = parse_names(named) if named else None
            if names:
                body.speakers.extend(names)
                body.speaker_evidence = "the line under the heading names a person"
                body.speaker_line = line
                for found in links:
                    self._note_link(found, "", None, line.no)
                return
            word = named.strip("*_")
            if word and " " not in word and self._one_word_speaker(word):
                body.speakers.append(word)
                body.one_word_speaker = True  # believed for a talk, not evidence of one
                for found in links:
                    self._note_link(found, "", None, line.no)
                return
            hinted = named and _SPEAKER_HINT.search(stripped)
            got = speaker_line(pieces(stripped, self.references)) if hinted else None
            if got and (got[0] or not remainder.startswith("@")):
                body.speakers.extend(got[0])
                self._add_handles(got[1])
                body.speaker_evidence = "the line under the heading names a person"
                body.speaker_line = line
                for found in links:
                    self._note_link(found, "", None, line.no)
                return
            if not links:
                body.unnamed_line = line
        for found in links:
            self._note_link(found, context_of(stripped, found, links), None, line.no)
        self._add_handles(find_handles(remainder))
        if links and not re.search(r"\w", remainder):
            if re.search(r"[\[\]]", remainder):
                self.warn(line.no, "stray bracket beside a link ignored")
            return
        body.kept.append(line)

    def take_speaker_line(self, names: list[str], evidence: str) -> None:
        """The line under the heading names `names` after all: speakers, not notes."""
        line = self.body.unnamed_line
        self.body.kept = [kept for kept in self.body.kept if kept is not line]
        self.body.speakers = list(names)
        self.body.speaker_evidence = evidence
        self.body.speaker_line = line
        self.body.unnamed_line = None

    @staticmethod
    def _one_word_speaker(word: str) -> bool:
        """'Mariatta' alone on the line under a heading stands where a speaker stands."""
        caseless = word.lower() == word.upper()  # a script without capitals: '이호성'
        if not word.isalpha() or (not caseless and (len(word) < 3 or word.isupper())):
            return False
        if not caseless and not word[0].isupper():
            return False
        return people(word, single_ok=True) is not None and not is_part_heading(word)

    # -- results --------------------------------------------------------------------------
    def links(self, speakers: list[str]) -> list[Link]:
        out: list[Link] = []
        seen: set[str] = set()
        for found, context, forced in self.body.found:
            key = found.url.rstrip("/").lower()
            if key in seen:
                continue
            seen.add(key)
            link = make_link(found, context, speakers)
            if forced is not None and link.kind is not LinkKind.IMAGE:
                link = link.model_copy(update={"kind": forced})
            out.append(link)
        return out

    def quotes(self) -> tuple[str, str, list[list[Line]]]:
        """The program's abstract is the longest quote; a one-line other quote is the tagline."""
        blocks = [(b, quote_text(b)) for b in self.body.quote_blocks]
        blocks = [(b, t) for b, t in blocks if t]
        if not blocks:
            return "", "", []
        abstract_block, abstract = max(blocks, key=lambda bt: len(bt[1]))
        tagline = ""
        leftover: list[list[Line]] = []
        for block, text in blocks:
            if block is abstract_block:
                continue
            if not tagline and len(block) == 1 and len(text) <= 200:
                tagline = text
            else:
                leftover.append(block)
        return abstract, tagline, leftover

    def notes(self, leftover_quotes: list[list[Line]]) -> str:
        lines = sorted(
            self.body.kept + [ln for block in leftover_quotes for ln in block],
            key=lambda ln: ln.no,
        )
        text = "\n".join(ln.text.rstrip() for ln in lines)
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip("\n").strip()


def quote_text(block: list[Line]) -> str:
    """A blockquote as text: '>' marks removed, wrapped lines joined, outlines kept."""
    paragraphs: list[list[str]] = [[]]
    for line in block:
        inner = line.text.lstrip()
        if inner.startswith(">"):
            inner = inner[2:] if inner[1:2].isspace() else inner[1:]
        else:
            inner = line.text  # a lazy continuation line of the quote
        inner = inner.rstrip()
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
        joined = _STRAY_QUOTE_MARK.sub("", joined)
        texts.append(joined)
    return "\n\n".join(texts).strip()


def context_of(line: str, found: FoundLink, links: list[FoundLink]) -> str:
    """The words beside a link on its line, which usually say what it is.

    `links` are the line's links (from `find_links(line)`): the links before and after this
    one are cut out of those, not searched for again in each part of the line.
    """
    before = _cut_links(line[: found.start], [lk for lk in links if lk.end <= found.start])
    if before:
        return before
    after = [lk for lk in links if lk.start >= found.end]
    return _cut_links(line, after, found.end)


def without_links(text: str) -> str:
    """The line's words with its links taken out."""
    return _cut_links(text, find_links(text))


def _cut_links(text: str, links: list[FoundLink], start: int = 0) -> str:
    """`text` from `start` with `links` (in order, inside that part) replaced by spaces.

    Joined in one pass: cutting each link out of the whole line in turn was quadratic on a
    line of many links.
    """
    pieces_: list[str] = []
    at = start
    for found in links:
        pieces_.append(text[at : found.start])
        at = found.end
    pieces_.append(text[at:])
    return _SPACES.sub(" ", " ".join(pieces_)).strip()
