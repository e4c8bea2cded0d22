"""`talkbot fetch pyvideo CATEGORY`: a conference's recordings from the pyvideo/data repository.

The repository lists every file it holds in one index (a git tree); a category is a folder
with a `category.json`, its recordings the `videos/*.json` beside it. A category is
downloaded whole, then written into `data/pyvideo/<category>/` (see bot.fetch.store).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from bot.fetch.http import FetchError, client, get_bytes, get_json
from bot.fetch.settings import FetchSettings
from bot.fetch.store import replace_folder

CATEGORY_FILE = "category.json"
# Below this many files a download is quick enough to need no progress line.
PROGRESS_FROM = 20


def categories(index: Any) -> dict[str, list[str]]:
    """Each category's name → the paths of its recordings, from the repository's index."""
    if not isinstance(index, dict) or not isinstance(index.get("tree"), list):
        raise FetchError(
            "the pyvideo index is not a git tree listing: check TALKBOT_PYVIDEO_INDEX_URL"
        )
    paths = [
        e["path"]
        for e in index["tree"]
        if isinstance(e, dict) and e.get("type") == "blob" and isinstance(e.get("path"), str)
    ]
    found: dict[str, list[str]] = {
        p.split("/")[0]: [] for p in paths if p.count("/") == 1 and p.endswith("/" + CATEGORY_FILE)
    }
    for path in paths:
        parts = path.split("/")
        is_video = len(parts) == 3 and parts[1] == "videos" and parts[2].endswith(".json")
        if is_video and parts[0] in found:
            found[parts[0]].append(path)
    return found


def search(words: str, settings: FetchSettings) -> list[str]:
    """Category names holding every word (typos forgiven), best first."""
    names = list(_index(settings))
    wanted = utils.default_process(words).split()
    if not wanted:
        return []

    def holds(name: str) -> bool:
        parts = utils.default_process(name.replace("-", " ")).split()
        return all(any(w in p or fuzz.ratio(w, p) >= 80 for p in parts) for w in wanted)

    hits = [n for n in names if holds(n)]
    return sorted(hits, key=lambda n: (-fuzz.token_set_ratio(words, n.replace("-", " ")), n))


def fetch(
    category: str,
    data_dir: Path,
    settings: FetchSettings,
    progress: Callable[[str], None] | None = None,
) -> str:
    """Download one category whole, then write it; one line saying what changed."""
    listing = _index(settings)
    name = category.strip().strip("/")
    if name not in listing:
        close = [m for m, _, _ in process.extract(name, list(listing), limit=3, score_cutoff=60)]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise FetchError(
            f"pyvideo has no category {name!r}{hint}: `talkbot fetch pyvideo --search WORDS` "
            "lists the names"
        )
    paths = [f"{name}/{CATEGORY_FILE}", *sorted(listing[name])]
    report = progress or _stderr_progress
    files: dict[str, bytes] = {}
    last = 0.0
    with client(settings.talkbot_fetch_timeout_seconds) as http:
        for n, path in enumerate(paths, start=1):
            files[path.split("/", 1)[1]] = get_bytes(http, settings.talkbot_pyvideo_data_url + path)
            now = time.monotonic()
            if len(paths) >= PROGRESS_FROM and (now - last >= 1.0 or n == len(paths)):
                report(f"pyvideo {name}: {n}/{len(paths)} files")
                last = now
    target = data_dir / "pyvideo" / name
    changes = replace_folder(target, files)
    return f"{target}: {changes.summary()} ({len(paths) - 1} recordings)"


def _index(settings: FetchSettings) -> dict[str, list[str]]:
    with client(settings.talkbot_fetch_timeout_seconds) as http:
        return categories(get_json(http, settings.talkbot_pyvideo_index_url))


def _stderr_progress(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
