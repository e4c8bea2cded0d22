"""One talk as Block Kit: the card for the best match, and the one-line form for the others."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from bot.cards.blocks import (
    BUTTON_TEXT_LIMIT,
    BUTTON_URL_LIMIT,
    CONTEXT_TEXT_LIMIT,
    HEADER_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    Block,
    button,
    context,
    header,
    section,
)
from bot.cards.mrkdwn import escape_truncated, is_web_url, link, one_line, truncate
from bot.cards.note_lines import NotesExcerpt, excerpts
from bot.records.models import Link, LinkKind, SourceKind, Talk, TalkKind

# A card is read at a glance in a channel: the summary is a teaser, the notes hold the rest.
SUMMARY_LIMIT = 700
MAX_LINKS = 6
# Several people's notes on one talk each get their lines, up to this many people.
MAX_NOTE_AUTHORS = 3
# A URL this long is almost surely junk pasted into the notes; it would crowd out the others.
MAX_URL_LENGTH = 500

# A URL button still sends Slack a block_actions request on click; the catch-all action
# listener (bot.slack.listeners.fallbacks) acknowledges it.
VIDEO_ACTION = "open_video"
VIDEO_BUTTON_TEXT = "▶ Video"

# The links a person looks for first, in the order they look for them.
_LINK_ORDER = (
    LinkKind.TALK_PAGE,
    LinkKind.SLIDES,
    LinkKind.CODE,
    LinkKind.VIDEO,
    LinkKind.SPEAKER,
    LinkKind.SOCIAL,
    LinkKind.OTHER,
)
_LINK_NAMES = {
    LinkKind.TALK_PAGE: "Talk page",
    LinkKind.SLIDES: "Slides",
    LinkKind.CODE: "Code",
    LinkKind.VIDEO: "Video",
}
_KIND_NAMES = {
    TalkKind.TALK: "Talk",
    TalkKind.LIGHTNING: "Lightning talk",
    TalkKind.PANEL: "Panel",
    TalkKind.KEYNOTE: "Keynote",
    TalkKind.WORKSHOP: "Workshop",
}
_ONLY_FROM = {
    SourceKind.PRETALX: "from the program; no notes yet",
    SourceKind.PYVIDEO: "from a pyvideo.org recording; no notes yet",
}


def talk_blocks(talk: Talk, noted: Sequence[NotesExcerpt] | None = None) -> list[Block]:
    """Title, who and where, what it is about, what the team noted (`noted`: the excerpts
    for the question that found the talk; by default the notes' first points), and the
    links people use."""
    title = truncate(one_line(talk.title), HEADER_TEXT_LIMIT) or "Untitled talk"
    blocks = [header(title), context(_meta_line(talk))]
    summary = _summary(talk)
    if summary:
        blocks.append(section(summary))
    for excerpt in (excerpts(talk) if noted is None else noted)[:MAX_NOTE_AUTHORS]:
        blocks.append(section(_notes_text(excerpt)))
        blocks.append(context(excerpt.signature()))
    video = video_button(talk)
    links = links_line(talk.links, without_video=video is not None)
    if links or video:
        blocks.append(section(links or ":movie_camera: Recording", accessory=video))
    return blocks


def _notes_text(excerpt: NotesExcerpt) -> str:
    body = "\n".join(f"• {line.mrkdwn()}" for line in excerpt.lines)
    return truncate(f"*From your notes*\n{body}", SECTION_TEXT_LIMIT)


def video_button(talk: Talk) -> dict[str, Any] | None:
    """A button that opens the recording, when a source knows a usable one."""
    video = talk.video
    if video is None or not is_web_url(video.url):
        return None
    if len(video.url) > min(MAX_URL_LENGTH, BUTTON_URL_LIMIT):
        return None
    return button(truncate(VIDEO_BUTTON_TEXT, BUTTON_TEXT_LIMIT), VIDEO_ACTION, url=video.url)


def provenance(talk: Talk) -> str:
    """'noted by Ana Lima and Bo Chen', or what a talk nobody noted comes from (plain text)."""
    if not talk.has_notes_source:
        return _ONLY_FROM.get(talk.sources[0].kind, "no notes yet")
    authors = talk.note_authors
    if not authors:
        return ""
    names = authors if len(authors) <= 2 else [", ".join(authors[:-1]), authors[-1]]
    return "noted by " + " and ".join(names)


def talk_fallback(talk: Talk, noted: Sequence[NotesExcerpt] = ()) -> str:
    """The card as one sentence of escaped mrkdwn, for notifications and screen readers: the
    talk, and the first of `noted`'s lines that hold the question's words, so a notification
    says why it came."""
    parts = [escape_truncated(one_line(talk.title), 150)]
    if talk.byline:
        parts.append("by " + escape_truncated(talk.byline, 100))
    parts.append("(" + escape_truncated(talk.conference_label, 80) + ")")
    matched = next((e for e in noted if e.matched), None)
    if matched is not None:
        parts.append("— noted: " + escape_truncated(matched.lines[0].text, 120))
    return " ".join(parts)


def talk_line(talk: Talk, number: int | None = None) -> str:
    """'2. *Title* — Speaker · Conference 2024': one escaped mrkdwn line."""
    line = "*" + escape_truncated(one_line(talk.title), 150) + "*"
    if talk.byline:
        line += " — " + escape_truncated(one_line(talk.byline), 100)
    line += " · " + escape_truncated(one_line(talk.conference_label), 80)
    prefix = f"{number}. " if number is not None else "• "
    return prefix + line


def lines_text(lines: list[str], heading: str = "") -> str:
    """Join listing lines under a heading, dropping lines that would break the section limit."""
    text = heading
    for line in lines:
        candidate = f"{text}\n{line}" if text else line
        if len(candidate) > SECTION_TEXT_LIMIT:
            break
        text = candidate
    return text


def links_line(links: list[Link], *, without_video: bool = False) -> str:
    """The links people use, each once, as one mrkdwn line: talk page, slides, code, video,
    speaker, then the rest. Several links of one kind are told apart by what they are
    ('Slides (PDF)', 'Slides (speakerdeck)'); with a Video button, no Video link beside it."""
    usable = [
        lk
        for lk in links
        if is_web_url(lk.url)
        and len(lk.url) <= MAX_URL_LENGTH
        and not (without_video and lk.kind is LinkKind.VIDEO)
    ]
    usable.sort(key=lambda lk: _LINK_ORDER.index(lk.kind) if lk.kind in _LINK_ORDER else 99)
    per_kind: dict[LinkKind, int] = {}
    for lk in usable:
        per_kind[lk.kind] = per_kind.get(lk.kind, 0) + 1
    shown: list[str] = []
    for lk in usable[:MAX_LINKS]:
        label = _LINK_NAMES.get(lk.kind) or lk.label or lk.kind.value.replace("_", " ")
        if lk.kind in _LINK_NAMES and per_kind[lk.kind] > 1:
            label = f"{label} ({_what_it_is(lk.url)})"
        candidate = link(lk.url, label, label_limit=60)
        if len(" · ".join([*shown, candidate])) > SECTION_TEXT_LIMIT - 40:
            break
        shown.append(candidate)
    return ":link: " + " · ".join(shown) if shown else ""


def _what_it_is(url: str) -> str:
    """'PDF' for a document, else the site's name ('speakerdeck', 'github')."""
    parts = urlsplit(url)
    if parts.path.lower().endswith(".pdf"):
        return "PDF"
    labels = [p for p in parts.netloc.lower().split(":")[0].split(".") if p and p != "www"]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "link")


def _meta_line(talk: Talk) -> str:
    parts: list[str] = []
    if talk.byline:
        parts.append("*" + escape_truncated(one_line(talk.byline), 300) + "*")
    parts.append(escape_truncated(one_line(talk.conference_label), 200))
    if talk.day is not None:
        parts.append(f"Day {talk.day}")
    parts.append(_KIND_NAMES.get(talk.kind, talk.kind.value))
    if talk.virtual:
        parts.append("Virtual")
    origin = provenance(talk)
    if origin:
        parts.append("_" + escape_truncated(one_line(origin), 300) + "_")
    return truncate(" · ".join(parts), CONTEXT_TEXT_LIMIT)


def _summary(talk: Talk) -> str:
    """The team's own summary first, then the speaker's tagline, then the abstract."""
    for text in (talk.summary, talk.tagline, talk.abstract):
        cleaned = one_line(text)
        if cleaned:
            return escape_truncated(cleaned, SUMMARY_LIMIT)
    return ""


def related_line(related: Sequence[tuple[str, str]]) -> str:
    """Why a talk matched words it does not hold: 'matched: docker → container'. The words
    are the asker's and the index's (letters and digits), so nothing needs escaping."""
    return "matched: " + ", ".join(f"{word} → {term}" for word, term in related)
