"""Finding links in hastily typed notes, normalising them, and saying what each one is."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.records.models import Link, LinkKind

# `[label](url)` and `![alt](url)`; the url may lack a scheme. The url stops before a `](`
# that starts another link: otherwise on `[a](b[a](b[a](b…` every `[` scans the rest of the
# line for a `)` (quadratic), and no real address holds `](`.
_MD_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?((?:(?!\]\()[^)\s>])+)>?(?:\s+\"[^\"]*\")?\s*\)")
# `<url>` autolinks; people also write `<github.com/x>` without a scheme.
_ANGLE = re.compile(r"<([^<>\s]+)>")
_BARE = re.compile(r"\bhttps?://[^\s<>()\[\]]+", re.IGNORECASE)
# A scheme-less address: host with a dot, then an optional path.
_SCHEMELESS = re.compile(
    r"^(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/:?#]\S*)?$", re.IGNORECASE
)
# In running text a scheme-less address needs a path ('github.com/ab93/demo'), so that
# 'e.g.' or 'file.py' never turn into links.
_BARE_SCHEMELESS = re.compile(
    r"(?<![\w@/.:-])(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/[^\s<>()\[\]]*",
    re.IGNORECASE,
)
_HTTP = re.compile(r"^https?://", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_IMAGE_EXT = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|avif)(?:[?#].*)?$", re.IGNORECASE)
_TRAILING = ".,;:!?'\""

_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sr.ht", "git.sr.ht")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "pyvideo.org", "twitch.tv")
_SOCIAL_HOSTS = (
    "twitter.com",
    "x.com",
    "linkedin.com",
    "bsky.app",
    "linktr.ee",
    "threads.net",
    "instagram.com",
    "facebook.com",
    "fosstodon.org",
    "mastodon.social",
    "hachyderm.io",
)
_SLIDE_HOSTS = ("speakerdeck.com", "slideshare.net", "slides.com")


@dataclass(frozen=True)
class FoundLink:
    """A link as it stood in the notes: `normalised` says a scheme had to be added."""

    url: str
    label: str
    image: bool
    normalised: bool
    start: int
    end: int


def normalise_url(raw: str) -> tuple[str, bool] | None:
    """An http(s) URL for what was written, and whether it had to be fixed; None if not a link."""
    text = raw.strip().rstrip(_TRAILING)
    if _HTTP.match(text):
        return (text, False) if urlsplit(text).netloc else None
    if _SCHEME.match(text) and not _SCHEMELESS.match(text):
        return None  # mailto:, ftp:, javascript: ... are not links we show
    if _SCHEMELESS.match(text) and not text.startswith("@"):
        return f"https://{text}", True
    return None


def find_links(line: str) -> list[FoundLink]:
    """Every link on one line of notes, in order, without overlaps."""
    if "/" not in line and "<" not in line and "](" not in line:
        return []  # each pattern below needs one of these
    found: list[FoundLink] = []
    # Spans already taken, kept sorted and disjoint, so a check looks at two neighbours
    # instead of every span: a line of thousands of links stays linear, not quadratic.
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        at = bisect_left(taken, (start, end))
        if at > 0 and taken[at - 1][1] > start:
            return False
        return at == len(taken) or taken[at][0] >= end

    # Each pattern runs only on a line holding what it needs: most lines hold no link.
    for m in _MD_LINK.finditer(line) if "](" in line else ():
        norm = normalise_url(m.group(3))
        if norm is None:
            continue
        found.append(
            FoundLink(norm[0], m.group(2).strip(), bool(m.group(1)), norm[1], m.start(), m.end())
        )
        insort(taken, (m.start(), m.end()))
    for m in _ANGLE.finditer(line) if "<" in line else ():
        if not free(m.start(), m.end()):
            continue
        norm = normalise_url(m.group(1))
        if norm is None:
            continue
        found.append(FoundLink(norm[0], "", False, norm[1], m.start(), m.end()))
        insort(taken, (m.start(), m.end()))
    patterns = [p for p, needs in ((_BARE, "://"), (_BARE_SCHEMELESS, "/")) if needs in line]
    for pattern in patterns:
        for m in pattern.finditer(line):
            if not free(m.start(), m.end()):
                continue
            norm = normalise_url(m.group(0))
            if norm is None:
                continue
            found.append(FoundLink(norm[0], "", False, norm[1], m.start(), m.end()))
            insort(taken, (m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def _host(url: str) -> str:
    host = urlsplit(url).netloc.lower().split("@")[-1].split(":")[0]
    return host[4:] if host.startswith("www.") else host


def _host_is(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def classify(
    url: str, label: str = "", speakers: list[str] | None = None, image: bool = False
) -> LinkKind:
    """Guess what a link is from its address and label; unknown links are 'other'."""
    host = _host(url)
    parts = urlsplit(url)
    path = parts.path.lower()
    segments = [s for s in path.split("/") if s]
    text = label.lower()
    if image or _IMAGE_EXT.search(path):
        return LinkKind.IMAGE
    if _host_is(host, _VIDEO_HOSTS) or "video" in text or "recording" in text:
        return LinkKind.VIDEO
    if (
        _host_is(host, _SLIDE_HOSTS)
        or host.startswith("slides.")
        or "slides" in segments
        or "slide" in text
        or (host == "docs.google.com" and "presentation" in segments)
        or any(s.startswith(("pres-", "slides-", "deck-")) for s in segments)
    ):
        return LinkKind.SLIDES
    if (
        "/talk/" in path
        or ("/talks/" in path and len(segments) >= 2)
        or _names_program_entry(segments)
        or "/session/" in path
        or "/sessions/" in path
        or host == "sessionize.com"
        or "talk page" in text
    ):
        return LinkKind.TALK_PAGE
    if _host_is(host, _CODE_HOSTS):
        if len(segments) >= 2:
            return LinkKind.CODE
        return LinkKind.SPEAKER if segments else LinkKind.OTHER
    if host.endswith("github.io") and len(segments) >= 1 and "repo" in text:
        return LinkKind.CODE
    if _host_is(host, _SOCIAL_HOSTS) or (len(segments) == 1 and segments[0].startswith("@")):
        return LinkKind.SOCIAL
    if "code" in text or "repo" in text or "source" in text:
        return LinkKind.CODE
    if speakers and _names_host(host, speakers) and len(segments) <= 1:
        return LinkKind.SPEAKER
    return LinkKind.OTHER


def _names_program_entry(segments: list[str]) -> bool:
    """A program's page for one entry: `/schedule/event/<slug>`, `/event/<conference>/<talk>`;
    not the event's own page nor a track's."""
    for at, segment in enumerate(segments[:-1]):
        after = len(segments) - at - 1
        if segment == "event" and at > 0 and segments[at - 1] == "schedule":
            return True
        if segment == "event" and after >= 2:
            return True
    return False


def _names_host(host: str, speakers: list[str]) -> bool:
    """A personal site: the host carries a speaker's first or last name (4+ letters)."""
    squashed = host.replace("-", "").replace(".", " ")
    for name in speakers:
        for part in re.findall(r"[a-z]+", name.lower()):
            if len(part) >= 4 and part in squashed:
                return True
    return False


def default_label(url: str) -> str:
    """A short readable label for a bare link: host and path, without the scheme."""
    parts = urlsplit(url)
    shown = _host(url) + parts.path.rstrip("/")
    return shown or url


def make_link(found: FoundLink, context: str, speakers: list[str]) -> Link:
    """The record's link: label from the markdown label, else the text around it, else the url."""
    label = found.label or _context_label(context) or default_label(found.url)
    kind = classify(found.url, found.label or context, speakers, found.image)
    return Link(url=found.url, label=label, kind=kind)


def _context_label(context: str) -> str:
    """'Maturin tutorial: <url>' labels its link 'Maturin tutorial'."""
    text = re.sub(r"[*_`]+", "", context).strip(" \t:-–—>[]()")
    if not text or len(text) > 80 or not re.search(r"[A-Za-z]", text):
        return ""
    return text
