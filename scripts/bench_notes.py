"""How fast the notes reader reads, and how often it gets title and speakers right.

Renders the whole pyvideo.org catalogue (../shared/data/pyvideo-all/, about 21,700 real
recordings) as notes files in several of the styles people write (a conference per file or a
file per talk; speaker on the line under the heading, in the heading before or after the
title, in bold, in a `Speaker:` field; talks as list items), writes them to a temporary
folder, reads every file back with `parse_notes` on one core, and prints:

- MB/s: megabytes of notes read per CPU second of `parse_notes` (process time, so other
  work on a shared machine does not count; reading from disk excluded);
- right: the share of talks whose record has the rendered title and every speaker.

Usage: .venv/bin/python scripts/bench_notes.py [--limit N] [--pyvideo DIR] [--misses N]
(`--misses N` also prints up to N recordings of each style that came back wrong, with the
record found at their line, to see what the reader does with them.)
Skips with one line when the catalogue is absent. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, utils

from bot.records.markdown_notes import parse_notes
from bot.records.models import Talk
from bot.records.notes import vocabulary as words
from bot.records.notes.bylines import strip_prefixes
from bot.records.notes.outline import read_outline

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PYVIDEO = ROOT.parent / "shared" / "data" / "pyvideo-all"


@dataclass
class Recording:
    title: str
    speakers: list[str]
    description: str
    video: str


@dataclass
class Rendered:
    path: Path
    expected: list[Recording]
    lines: list[int]  # the line each recording's heading or item starts at


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def load_catalogue(root: Path, limit: int | None) -> dict[str, list[Recording]]:
    """Recordings by category folder, as pyvideo has them."""
    catalogue: dict[str, list[Recording]] = {}
    count = 0
    for category in sorted(p for p in root.iterdir() if (p / "videos").is_dir()):
        for path in sorted((category / "videos").glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            title = _clean(data.get("title") or "")
            if not title:
                continue
            videos = data.get("videos") or [{}]
            catalogue.setdefault(category.name, []).append(
                Recording(
                    title=title,
                    speakers=[_clean(s) for s in data.get("speakers") or [] if _clean(s)],
                    description=(data.get("description") or "").strip(),
                    video=str(videos[0].get("url") or ""),
                )
            )
            count += 1
            if limit and count >= limit:
                return catalogue
    return catalogue


def _quote(text: str) -> str:
    lines = text.splitlines()[:40]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def _people(speakers: list[str]) -> str:
    if len(speakers) <= 2:
        return " and ".join(speakers)
    return ", ".join(speakers)


def _speaker_line(r: Recording) -> str:
    body = f"## {r.title}\n"
    if r.speakers:
        body += f"{_people(r.speakers)}\n"
    return body + f"\n{_quote(r.description)}\n\n[Video]({r.video})\n\n"


def _dash_after(r: Recording) -> str:
    head = f"## {r.title} — {_people(r.speakers)}" if r.speakers else f"## {r.title}"
    return f"{head}\n\n{_quote(r.description)}\n\n- video: {r.video}\n\n"


def _speaker_first(r: Recording) -> str:
    head = f"## {', '.join(r.speakers)} - {r.title}" if r.speakers else f"## {r.title}"
    return f"{head}\n[Full Talk]({r.video})\n\n{_quote(r.description)}\n\n"


def _bold_speaker(r: Recording) -> str:
    who = f"\n**{', '.join(r.speakers)}**\n" if r.speakers else ""
    return f"### {r.title}\n{who}\n{_quote(r.description)}\n\n"


def _list_item(r: Recording) -> str:
    who = f" — {_people(r.speakers)}" if r.speakers else ""
    # A note under the item: the abstract's first line of words (not an rST underline).
    first = next((ln.strip() for ln in r.description.splitlines() if ln[:1].isalpha()), "")
    notes = f"\n   {first}" if first else ""
    return f"1. **{r.title}**{who}{notes}\n"


_CONFERENCE_STYLES: dict[str, Callable[[Recording], str]] = {
    "speaker line": _speaker_line,
    "title — speaker": _dash_after,
    "speaker - title": _speaker_first,
    "bold speaker": _bold_speaker,
    "list items": _list_item,
}


def _file_per_talk(r: Recording) -> str:
    who = f"Speaker: {', '.join(r.speakers)}\n\n" if r.speakers else ""
    return f"# {r.title}\n\n{who}{_quote(r.description)}\n\nVideo: {r.video}\n"


def render(catalogue: dict[str, list[Recording]], out: Path) -> dict[str, list[Rendered]]:
    """Each category as notes in one of the styles, in turn; every sixth as a file per talk."""
    styles = [*_CONFERENCE_STYLES, "file per talk"]
    rendered: dict[str, list[Rendered]] = {s: [] for s in styles}
    for n, (category, recordings) in enumerate(sorted(catalogue.items())):
        style = styles[n % len(styles)]
        if style == "file per talk":
            folder = out / category
            folder.mkdir()
            for i, recording in enumerate(recordings):
                path = folder / f"talk-{i:04d}.md"
                path.write_text(_file_per_talk(recording), encoding="utf-8")
                rendered[style].append(Rendered(path, [recording], [1]))
            continue
        path = out / f"{category}.md"
        heading = category.replace("-", " ").title()
        text = f"# {heading} notes\n\n" + ("\n" if style == "list items" else "")
        lines = []
        for recording in recordings:
            lines.append(text.count("\n") + 1)
            text += _CONFERENCE_STYLES[style](recording)
        path.write_text(text, encoding="utf-8")
        rendered[style].append(Rendered(path, recordings, lines))
    return rendered


def _key(title: str) -> str:
    return re.sub(r"[\W_]+", " ", title.casefold()).strip()


def _words(text: str) -> set[str]:
    return set(_key(text).split())


def _right(expected: Recording, talk: Talk | None, category: str) -> bool:
    """The record at the recording's line has its title and every one of its speakers.

    A kind prefix ('Keynote: …') is not part of a title by the reader's rule, nor are the
    speaker and conference that pyvideo often writes into a title ('Title - Ana Lima -
    PyCon 2019'): a title is right when it is the recording's, or the recording's without
    just those words. A placeholder pyvideo writes for a compilation ('Various speakers')
    names no one. A compilation with no one named whose title names a group of talks
    ('Saturday Lightning Talks') is right without a record too: the notes show a section of
    talks there, not one talk; so is a heading or item naming no one with nothing under it
    (pyvideo has recordings without speakers or description, often a file name for a
    title): nothing in the notes says it is a talk.
    """
    people = [s for s in map(_bare_name, expected.speakers) if s.casefold() not in _NO_ONE]
    if talk is None:
        grouping = words.talk_section(strip_prefixes(expected.title)[0])[0]
        return not people and (grouping or not expected.description.strip())
    title = _key(talk.title)
    full = _key(expected.title)
    bare = _key(strip_prefixes(expected.title)[0])
    if title not in (full, bare):
        spare = _words(expected.title) - _words(talk.title)
        allowed = (
            _words(" ".join(talk.speakers))
            | _words(category)
            | {w for w in _words(expected.title) if any(c.isdigit() for c in w)}
            | {"keynote", "talk", "lightning", "by", "and", "with", "pycon", "conference"}
            | _words(" ".join(re.findall(r"\(([^()]*)\)", expected.title)))
            | _words(" ".join(_CONFERENCE_AFTER.findall(expected.title)))
        )
        if not title or title not in full or not spare <= allowed:
            return False
    got = [_bare_name(s) for s in talk.speakers]
    together = [" and ".join(got), ", ".join(got)] if len(got) > 1 else []
    return all(
        any(fuzz.ratio(s, g, processor=utils.default_process) >= 85 for g in got + together)
        for s in people
    )


# 'Title – PyCon Taiwan 2020': the conference written after the title, which the reader
# drops by rule.
_CONFERENCE_AFTER = re.compile(r"\s[-–—|]\s+([A-Z][\w .]*\b(?:19|20)\d\d)\s*$")
# What pyvideo writes where no one person is named.
_NO_ONE = {"various speakers", "various", "unknown", "tba", "tbd"}


def _miss(file: str, line: int, expected: Recording, talk: Talk | None) -> str:
    got = f"{talk.title!r} by {talk.speakers}" if talk else "no record"
    return f"{file}:{line}: {expected.title!r} by {expected.speakers} -> {got}"


def _bare_name(name: str) -> str:
    """'Amber Brown ("HawkOwl")' is Amber Brown, and 'Benjamin "Zags" Zagorsky' is Benjamin
    Zagorsky: names are compared without asides and nicknames, on either side."""
    return re.sub(r"\s*\([^()]*\)|\s*[\"“«][^\"“”«»]*[\"”»]", "", name).strip() or name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyvideo", type=Path, default=DEFAULT_PYVIDEO)
    parser.add_argument("--limit", type=int, help="only the first N recordings")
    parser.add_argument("--misses", type=int, default=0, help="print N misses of each style")
    args = parser.parse_args()
    if not args.pyvideo.is_dir():
        print(f"skipped: {args.pyvideo} not found (the pyvideo catalogue is not on this machine)")
        return 0
    catalogue = load_catalogue(args.pyvideo, args.limit)
    with tempfile.TemporaryDirectory() as folder:
        rendered = render(catalogue, Path(folder))
        total_bytes = 0
        total_seconds = 0.0
        total = right = 0
        print(f"{'style':<18} {'files':>6} {'talks':>6} {'MB':>7} {'MB/s':>6} {'right':>7}")
        for style, files in rendered.items():
            style_bytes, seconds, talks, good = 0, 0.0, 0, 0
            misses: list[str] = []
            for item in files:
                text = item.path.read_text(encoding="utf-8")
                started = time.process_time()
                parsed = parse_notes(text, str(item.path), item.path.parent.name)
                seconds += time.process_time() - started
                style_bytes += len(text.encode("utf-8"))
                at_line = {t.source.line: t for t in parsed.talks}
                category = item.path.stem if item.path.parent.name.startswith("tmp") else ""
                category = category or item.path.parent.name
                for expected, line in zip(item.expected, item.lines, strict=True):
                    talks += 1
                    found = at_line.get(line)
                    if _right(expected, found, category):
                        good += 1
                    elif len(misses) < args.misses:
                        misses.append(_miss(item.path.name, line, expected, found))
            total_bytes += style_bytes
            total_seconds += seconds
            total += talks
            right += good
            rate = style_bytes / 1e6 / seconds if seconds else 0.0
            share = good / talks if talks else 1.0
            print(
                f"{style:<18} {len(files):>6} {talks:>6} {style_bytes / 1e6:>7.1f} "
                f"{rate:>6.2f} {share:>7.1%}"
            )
            for miss in misses:
                print(f"  {miss}")
        # The machine's own pace, for comparing runs: markdown-it-py's block parse alone,
        # the floor under the reader's time.
        started = time.process_time()
        for files in rendered.values():
            for item in files:
                read_outline(item.path.read_text(encoding="utf-8"))
        parse_seconds = time.process_time() - started
    rate = total_bytes / 1e6 / total_seconds if total_seconds else 0.0
    print(
        f"{'all':<18} {'':>6} {total:>6} {total_bytes / 1e6:>7.1f} {rate:>6.2f} "
        f"{right / total if total else 1.0:>7.1%}"
    )
    parse_rate = total_bytes / 1e6 / parse_seconds if parse_seconds else 0.0
    print(f"(block parse alone, same files: {parse_rate:.2f} MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
