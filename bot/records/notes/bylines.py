"""Splitting a heading, list item or table cell into a talk's title and its speakers.

People write the two in every order: `Speaker: Title`, `NN - Speaker - Title`,
`Title — Speaker`, `Title | Speaker`, `Title by Speaker`, `Title (Speaker)`,
`Speaker - [Title](url) - comment`, `"Title" by Speaker`. Which side is the person is
decided by what names look like (people.py), and a side that is a link, bold or quoted is
the title. Numbering, kind prefixes (`Keynote:`), quote marks and link syntax never stay in
a title; a title that is a link gives the talk's page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.records.kinds import kind_named_in
from bot.records.models import TalkKind
from bot.records.notes.inline import Piece, plain
from bot.records.notes.people import given_name_score, handles_only, loose_people, people

_NUMBERING = re.compile(r"^\s*(?:\d{1,3}|[A-Z])[.)]\s+(?=\S)|^\s*\d{1,3}\s*[-–—:]\s+(?=\S)")
# A time slot written before the title: '10:30 ', '10:30–11:15: ', '9h30 | '.
_TIME_PREFIX = re.compile(
    r"^\s*\d{1,2}[:.h]\d\d(?:\s*(?:am|pm))?(?:\s*[-–—]\s*\d{1,2}[:.h]\d\d(?:\s*(?:am|pm))?)?"
    r"\s*[-–—:|]?\s+(?=\S)",
    re.IGNORECASE,
)
_KIND_WORD = re.compile(
    r"(?:opening\s+|closing\s+)?(?:keynote|lightning(?:\s+talk)?|panel(?:\s+discussion)?|talk|"
    r"workshop|tutorial)",
    re.IGNORECASE,
)
_KIND_PREFIX = re.compile(
    r"^(?:opening\s+|closing\s+)?"
    r"(keynote|lightning(?:\s+talk)?|panel(?:\s+discussion)?|talk|workshop|tutorial)"
    r"(?:\s+\d{1,3})?\s*(?::|\s[-–—]{1,2})\s+(?=\S)",
    re.IGNORECASE,
)
# Separators between title and speaker, strongest first; `single` says a one-word name is
# believed on the speaker side of it.
_SEPARATORS: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(r"\s+[—–]\s+"), True),
    (re.compile(r"\s+--\s+"), True),
    (re.compile(r"\s+\|\s+"), True),
    (re.compile(r"\s+-\s+"), False),
)
_BY = re.compile(r"\s+by\s+", re.IGNORECASE)
_NO_ONE_WORDS = r"(?:various|multiple|several|many|all)\s+(?:speakers|presenters)|tba|tbd"
_NO_ONE = re.compile(
    rf"\s+(?:[—–|]|--?|by)\s+(?:{_NO_ONE_WORDS})\s*$|^\s*(?:{_NO_ONE_WORDS})\s+(?:[—–|:]|--?)\s+",
    re.IGNORECASE,
)
_TRAILING_PARENS = re.compile(r"^(?P<title>.+?)\s*\((?P<who>[^()]+)\)\s*$")
_CONFERENCE_SUFFIX = re.compile(r"\s+[-–—|]\s+[A-Z][\w .]*\b(?:19|20)\d\d\s*$")
_SPACES = re.compile(r"\s+")
_QUOTED = re.compile(r'^["“”\'‘’](?P<inner>.+)["“”\'‘’]$')
BY_PREFIX = re.compile(r"^\s*(?:[-–—]{1,2}\s*)?(?:by|presented\s+by)\s*:?\s+", re.IGNORECASE)
_SPEAKER_COLON = re.compile(r"^(?P<who>[^:]{3,60}?):\s+(?P<title>\S.*)$")


@dataclass
class Byline:
    """What a heading or item says: the title, who gave it, what kind, its page."""

    title: str
    speakers: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    kind: TalkKind | None = None
    url: str | None = None
    evidence: str = ""  # how the speaker was found, for `check --explain`
    full_title: str = ""  # the whole title, not split: used when the notes name the speaker


def clean_title(text: str) -> str:
    text = _SPACES.sub(" ", text).strip(" \t")
    quoted = _QUOTED.match(text)
    if quoted and not re.search(r'["“”]', quoted.group("inner")):
        text = quoted.group("inner").strip()
    return text.strip(" \t-–—:|,")


def strip_prefixes(text: str) -> tuple[str, TalkKind | None]:
    """'03 - Keynote: Title' → ('Title', keynote); '10:30 - 11:15 Title' → ('Title', None)."""
    text = _TIME_PREFIX.sub("", text, count=1)
    text = _NUMBERING.sub("", text, count=1)
    kind: TalkKind | None = None
    prefix = _KIND_PREFIX.match(text)
    if prefix:
        kind = kind_named_in(prefix.group(1))
        text = text[prefix.end() :]
    return text, kind


def split_byline(parts: list[Piece]) -> Byline:
    """Title and speakers from inline pieces; no speakers when no side reads as people."""
    text = plain(parts).replace("\n", " ").strip()
    unprefixed, kind = strip_prefixes(text)
    prefix = text[: len(text) - len(unprefixed)]
    untitled = people(unprefixed, single_ok=False) if kind is not None else None
    if untitled and (":" not in prefix or given_name_score(untitled) == len(untitled)):
        # 'Keynote — Jason Huggins': an untitled keynote by that person ('Keynote: Quiet
        # Servers' is a keynote titled so, unless a given name says it is a person).
        names = untitled
        word = _KIND_WORD.search(prefix)
        name = word.group(0) if word else prefix.strip(" :-–—")
        return Byline(
            title=clean_title(name),
            speakers=names,
            kind=kind,
            evidence="a kind, then a person",
            full_title=clean_title(text),
        )
    text = _CONFERENCE_SUFFIX.sub("", unprefixed)
    alone = _ONE_NAME_AND_KIND.match(text) or _KIND_AND_ONE_NAME.match(text)
    if alone:
        # 'Mariatta - Keynote': the one word beside a bare kind stands where a speaker stands.
        who, what = alone.group("who"), alone.group("kind")
        handles = [who] if who.startswith("@") else []
        return Byline(
            title=what[0].upper() + what[1:].lower(),
            speakers=[] if handles else [who],
            handles=handles,
            kind=kind_named_in(what),
            evidence="a kind, and a one-word name beside it",
            full_title=clean_title(text),
        )
    full = clean_title(text)
    linked = [p for p in parts if p.href and p.text.strip()]
    url = linked[0].href if len(linked) == 1 and _is_web(linked[0].href) else None
    marked = [p.text.strip() for p in parts if p.marked and p.text.strip()]
    quoted_titles = {p.text.strip() for p in linked} | set(marked)
    found = _split(text, quoted_titles)
    placeholder = _NO_ONE.search(text) if found is None else None
    if placeholder:
        # 'Lightning talks — Various speakers': the place of a speaker, naming no one.
        title = clean_title(text[: placeholder.start()] + text[placeholder.end() :])
        return Byline(title=title, kind=kind, url=url, evidence="no one named", full_title=title)
    if found is None:
        if linked and len(linked) == 1 and clean_title(text) != clean_title(linked[0].text):
            url = url if clean_title(linked[0].text) in clean_title(text) else None
        return Byline(title=full, kind=kind, url=url, full_title=full)
    title, who, how = found
    title, after_kind = strip_prefixes(title)
    kind = kind or after_kind
    handles = handles_only(who) or []
    speakers = handles or people(who, single_ok=True) or []
    if not any(clean_title(p.text) == clean_title(title) for p in linked):
        url = None if linked and any(p.text.strip() in who for p in linked) else url
    bare_kind = kind_named_in(title) if title.strip().lower() in _BARE_KINDS else None
    return Byline(
        title=clean_title(title) or "Keynote",
        speakers=speakers,
        handles=handles,
        kind=kind or bare_kind,
        url=url,
        evidence=how,
        full_title=full,
    )


_BARE_KINDS = {"keynote", "keynote talk", "opening keynote", "closing keynote", "panel"}
_BARE_KIND = r"(?P<kind>(?:opening |closing )?keynote|lightning(?: talk)?|panel|talk)"
_ONE_NAME = r"(?P<who>@\w+|[^\W\d_][\w'’.]{1,30})"
_SEP = r"\s*(?:-+|–|—|:|\|)\s*"
_ONE_NAME_AND_KIND = re.compile(rf"^\s*{_ONE_NAME}{_SEP}{_BARE_KIND}\s*$", re.IGNORECASE)
_KIND_AND_ONE_NAME = re.compile(rf"^\s*{_BARE_KIND}{_SEP}{_ONE_NAME}\s*$", re.IGNORECASE)


def _is_web(href: str | None) -> bool:
    return bool(href) and re.match(r"^https?://", href or "", re.IGNORECASE) is not None


def _split(text: str, titled: set[str]) -> tuple[str, str, str] | None:
    """(title, speaker side, how) when one side of a separator reads as people.

    A speaker first is cut at the first separator ('Ana Lima - Title - comment'), a
    speaker last at the last one ('Title - with - dashes - Ana Lima'). A side that is a
    link or bold text in the source is a title, never a person.
    """
    # Names of two words or more first, at any separator; one-word names only after. Of the
    # separators that split, the one whose speaker side reads most like people wins
    # ('Samuel Colvin - Pydantic Logfire — Uncomplicated Observability').
    present = [(p, single) for p, single in _SEPARATORS if p.search(text)]
    for one_word in (False, True) if present else ():
        splits: list[tuple[str, str, str]] = []
        for pattern, single in present:
            if one_word and not single:
                continue
            found = _split_at(pattern, text, titled, single=one_word, may_be_single=single)
            if found is not None:
                if not found[1]:
                    return None  # both sides read as names: no telling which
                splits.append(found)
        if len(splits) == 1:
            return splits[0]
        if splits:
            return max(splits, key=lambda f: _people_likeness(f[1]))
    by = list(_BY.finditer(text))
    if by:
        who = text[by[-1].end() :]
        if who.strip() not in titled and _names(who, single=True):
            return text[: by[-1].start()], who, "'by' before the speaker"
    parens = _TRAILING_PARENS.match(text)
    if parens and _names(parens.group("who"), single=True):
        return parens.group("title"), parens.group("who"), "speaker in parentheses"
    colon = _SPEAKER_COLON.match(text)
    if colon:
        names = _names(colon.group("who"), single=False)
        if names and given_name_score(names) == len(names):
            return colon.group("title"), colon.group("who"), "speaker before ':'"
    return None


def _split_at(
    pattern: re.Pattern[str], text: str, titled: set[str], *, single: bool, may_be_single: bool
) -> tuple[str, str, str] | None:
    """The split at this separator; ('', '', '') when both sides read as names and nothing
    tells which is the person (the caller then gives up), None when neither does."""
    cuts = list(pattern.finditer(text))
    if not cuts:
        return None
    head, tail = text[: cuts[0].start()], text[cuts[0].end() :]
    left, right = text[: cuts[-1].start()], text[cuts[-1].end() :]
    lead = None if head.strip() in titled else _names(head, single=False)
    trail = None if right.strip() in titled else _names(right, single=single)
    if lead and not trail and cuts[0] is cuts[-1] and right.strip() not in titled:
        trail = _names(right, single=may_be_single)  # 'Caching Things -- Tankersley'
    sep = _shown(pattern)
    if lead and not trail and (tail.strip() in titled or _names(tail, single=False) is None):
        return _drop_comment(tail, titled), head, f"speaker before {sep!r}"
    if trail and not lead and (left.strip() in titled or _names(left, single=False) is None):
        return left, right, f"speaker after {sep!r}"
    if not (lead and trail):
        return None
    if lead == trail and len(cuts) > 1:  # 'Ana Lima - Title - Ana Lima'
        return text[cuts[0].end() : cuts[-1].start()], head, f"speaker before {sep!r}"
    first, last = given_name_score(lead), given_name_score(trail)
    if first != last:
        if first > last:
            return tail, head, f"speaker before {sep!r} (a known given name)"
        return left, right, f"speaker after {sep!r} (a known given name)"
    lead_title, trail_title = _title_likeness(head), _title_likeness(right)
    if lead_title != trail_title:
        if trail_title > lead_title:
            return tail, head, f"speaker before {sep!r} (the other side reads as a title)"
        return left, right, f"speaker after {sep!r} (the other side reads as a title)"
    if sep != "-":
        return left, right, f"speaker after {sep!r}, as 'Title — Speaker' is written"
    return "", "", ""


def _people_likeness(side: str) -> int:
    names = _names(side, single=True) or []
    return 2 * given_name_score(names) - _title_likeness(side)


_TITLE_ENDINGS = re.compile(r"(?:ing|ion|ions|ment|ness|ity|ics|ism|ers)$")


def _title_likeness(text: str) -> int:
    """How much a side looks like a title: words ending like nouns of ideas ('-ing',
    '-tion'), digits, one-word list items ('AsyncIO and Music')."""
    words = re.findall(r"[\w'’.-]+", text)
    score = sum(1 for w in words if len(w) >= 5 and _TITLE_ENDINGS.search(w.lower()))
    score += sum(1 for w in words if any(c.isdigit() for c in w))
    items = [p for p in re.split(r"\s*(?:,|&|\band\b)\s*", text) if p.strip()]
    if len(items) > 1 and any(len(p.split()) == 1 for p in items):
        score += 1  # 'Live Long and Refactor': names in a list are rarely one word
    return score


def _drop_comment(tail: str, titled: set[str]) -> str:
    """'[Title](url) - a comment' keeps the linked title, not the comment after it."""
    for title in titled:
        if title and tail.startswith(title):
            return title
    return tail


def _names(text: str, *, single: bool) -> list[str] | None:
    found = _names_of(text.strip(), single)
    return list(found) if found is not None else None


@lru_cache(maxsize=4096)
def _names_of(text: str, single: bool) -> tuple[str, ...] | None:
    """Handles or people's names making up all of `text`; remembered, as a split weighs the
    same sides at several separators and in two passes."""
    if not text:
        return None
    found = handles_only(text) or people(text, single_ok=single)
    return tuple(found) if found else None


_SHAPE = re.compile(r"^speaker (?P<side>before|after) '(?P<sep>[^']+)'")


def shape_of(byline: Byline) -> tuple[str, str] | None:
    """('before', '-') for 'Ana Lima - Title', ('after', '—') for 'Title — Ana Lima'; None
    when the speakers were not split off at a separator."""
    shape = _SHAPE.match(byline.evidence) if byline.speakers else None
    return (shape.group("side"), shape.group("sep")) if shape else None


def split_as(parts: list[Piece], shape: tuple[str, str]) -> Byline | None:
    """Split at the separator, on the side, that the siblings use ('Ana Lima - Title'
    beside 'marcelo t - FastAPI Internals'), with names however cased on that side.

    None when the text has no such separator, or the speaker's side reads as no names or
    is the bold or linked title.
    """
    side, sep = shape
    pattern = next((p for p, _ in _SEPARATORS if _shown(p) == sep), None)
    text = plain(parts).replace("\n", " ").strip()
    unprefixed, kind = strip_prefixes(text)
    unprefixed = _CONFERENCE_SUFFIX.sub("", unprefixed)
    cuts = list(pattern.finditer(unprefixed)) if pattern is not None else []
    if not cuts:
        return None
    if side == "before":
        who, title = unprefixed[: cuts[0].start()], unprefixed[cuts[0].end() :]
    else:
        title, who = unprefixed[: cuts[-1].start()], unprefixed[cuts[-1].end() :]
    titled = {p.text.strip() for p in parts if (p.href or p.marked) and p.text.strip()}
    names = None if who.strip() in titled else loose_people(who)
    if not names or not clean_title(title):
        return None
    title, after_kind = strip_prefixes(title)
    return Byline(
        title=clean_title(title),
        speakers=names,
        kind=kind or after_kind,
        evidence=f"speaker {side} {sep!r}, as its siblings have it",
        full_title=clean_title(text),
    )


def _shown(pattern: re.Pattern[str]) -> str:
    return pattern.pattern.replace("\\s+", " ").strip()


def speaker_line(parts: list[Piece]) -> tuple[list[str], list[str]] | None:
    """A line that only names who spoke: `_Ana Lima_`, `-- by [Ana](url)`, `Ana (Acme)`.

    Returns (speakers, handles), or None when the line says anything else.
    """
    text = plain(parts).replace("\n", " ").strip()
    text = BY_PREFIX.sub("", text).strip(" \t-–—")
    if not text:
        return None
    only = handles_only(text)
    if only:
        return [], only
    names = people(text, single_ok=bool(BY_PREFIX.match(plain(parts))))
    if names:
        return names, []
    company = re.match(r"^(?P<who>[^()]+?)\s*\([^()]*\)", text)
    if company:
        names = people(company.group("who"), single_ok=False)
        if names:
            return names, []
    return None
