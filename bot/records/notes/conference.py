"""Which conference and year a notes file is about, and how the conference is spelled.

In order: the front matter (`conference:`, `event:`), the document's title (`# PyData NYC
2022 — my notes`, a front-matter `title:` of a post), the folder or file name
(`pycascades-2019/`, `pycon_2018`, `jdoe-pycon2019-day1.md`). A name that only names the
author or the day is not a conference. The year comes with the name, else from the file's
dates or its conference URLs. The spelling is the one the file itself uses where it writes
the name with capitals (`PyCascades` in a heading or a URL beats `Pycascades` from a file
name).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
_YEAR_INSIDE = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_FILLER = re.compile(
    r"^(?:my|our|notes?\s+(?:from|on)|trip\s+to|recap\s+of|at)\s+|"
    r"\s+(?:notes?|summary|recap|review|thoughts|write-?up|day\s*\d+|highlights)$",
    re.IGNORECASE,
)
_DAY_TOKEN = re.compile(r"^(?:day\d*|d\d|\d+)$", re.IGNORECASE)
_URL_YEAR = re.compile(r"https?://[^\s)>\]]*?(?<!\d)(19[89]\d|20\d\d)(?!\d)")


@lru_cache(maxsize=1024)  # the files of one folder all ask it of the folder's name
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
    elif len(segments) > 1 and re.match(r"(?i)^day\s*\d", segments[-1].strip()):
        cleaned = " ".join(segments[:-1])  # 'OSCON EU - Day 1'
    match = _YEAR.search(cleaned)
    year = int(match.group(1)) if match else None
    name = _YEAR.sub("", cleaned) if match else cleaned
    name = re.sub(r"\s+", " ", name).strip(" -–—:,'’")
    for _ in range(3):
        shorter = _FILLER.sub("", name).strip(" -–—:,'’")
        if not shorter or shorter == name:
            break
        name = shorter
    return (name or cleaned or "Notes"), year


@lru_cache(maxsize=1024)  # the files of one folder all ask it of the folder's name
def from_path_name(stem: str) -> str | None:
    """The conference part of a file or folder name, or None when it names none.

    The name is the words just before the last year in it, back to a number, a filler word
    ('notes', 'blog') or the start: 'rawrgulmuffins-essays-pycon_2018-detailed_notes' →
    'pycon-2018'; 'jdoe-pycon2019-day1' → 'pycon-2019'; 'jsconf-eu-2019' → 'jsconf-eu-2019';
    'day-1' and 'ana' → None.
    """
    tokens = [t for t in re.split(r"[-_\s.]+", stem) if t]
    for at in range(len(tokens) - 1, -1, -1):
        glued = re.fullmatch(r"([A-Za-z]+?)((?:19|20)\d\d)", tokens[at])
        if glued:
            return f"{glued.group(1)}-{glued.group(2)}"
        if not re.fullmatch(r"(?:19|20)\d\d", tokens[at]):
            continue
        name: list[str] = []
        for token in reversed(tokens[:at]):
            if _DAY_TOKEN.match(token) or token.lower() in _PATH_FILLER or len(name) == 3:
                break
            name.insert(0, token)
        if name:
            return "-".join([*name, tokens[at]])
    fillers = [at for at, t in enumerate(tokens) if t.lower() in _PATH_FILLER]
    if fillers and fillers[-1] < len(tokens) - 1:
        rest = [t for t in tokens[fillers[-1] + 1 :] if not _DAY_TOKEN.match(t)]
        return "-".join(rest) or None  # 'ana-conference-notes-PNWPHP' → 'PNWPHP'
    return None


_PATH_FILLER = frozenset(
    "notes note conference conferences essays essay blog posts post talks my index "
    "detailed summary".split()
)


def casing_in(name: str, text: str) -> str:
    """The name as the file writes it with capitals ('Pycascades' → 'PyCascades'), if it does."""
    if not name or len(text) == 0:
        return name
    squashed = re.sub(r"[\s_-]+", "", name).lower()
    if len(squashed) < 3:
        return name
    seen: Counter[str] = Counter()
    for match in _spelled(squashed).finditer(text[:50_000]):
        found = match.group(0)
        if (found != found.lower() and found != found.upper()) or (
            found.isupper() and len(found) <= 8
        ):
            seen[found] += 1
    if not seen:
        return name
    best = seen.most_common(1)[0][0]
    if " " in name and " " not in best:
        return name
    return best


@lru_cache(maxsize=256)
def _spelled(squashed: str) -> re.Pattern[str]:
    """The name's letters, in any case, with a space, '_' or '-' between any two. The first
    letter comes first, then the look back for a letter before it: a pattern opening with a
    literal lets the engine skip to where that letter is."""
    first = re.escape(squashed[0])
    return re.compile(
        first
        + rf"(?<!\w{first})"
        + "".join(r"[\s_-]?" + re.escape(c) for c in squashed[1:])
        + r"(?![a-z])",
        re.IGNORECASE,
    )


def year_from_urls(text: str, name: str) -> int | None:
    """The year most of the conference's own URLs carry (`joind.in/event/pnwphp-2016`), if any:
    only URLs that hold the conference's name count, so a blog post's date does not."""
    keys = [w.lower() for w in re.findall(r"[^\W\d_]{4,}", name)]
    if not keys:
        return None
    years = Counter(
        int(m.group(1))
        for m in _URL_YEAR.finditer(text[:200_000])
        if any(key in m.group(0).lower() for key in keys)
    )
    return years.most_common(1)[0][0] if years else None


def year_inside(text: str) -> int | None:
    match = _YEAR_INSIDE.search(text)
    return int(match.group(1)) if match else None
